"""Synthetic name pools of the demo's nationalities (``services/demo``); no real person's data.

Every nationality has consistent pools: a family name is one tuple of its Latin spelling as a travel
document prints it (with the language's diacritics) and its original-script form, in masculine and
feminine forms where the language inflects them. Names are common words recombined at random; any
resemblance to a real person is chance.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (latin, original) for a given name; original is "" where the language writes in Latin letters.
Name = tuple[str, str]
#: (latin masculine, original masculine, latin feminine, original feminine).
Family = tuple[str, str, str, str]


@dataclass(frozen=True)
class Nationality:
    """Everything the generator needs to invent a plausible person of one citizenship."""

    code: str
    weight: int
    languages: tuple[str, ...]
    phone_code: str
    cities: tuple[str, ...]
    families: tuple[Family, ...]
    male: tuple[Name, ...]
    female: tuple[Name, ...]
    #: Passport number patterns: ``L`` a capital letter, ``D`` a digit, anything else literal.
    passport: tuple[str, ...]
    #: True where a wife keeps her own family name (children take the father's).
    spouse_keeps_name: bool = False
    #: Share of estimated dates of birth (01-01 of a guessed year).
    estimated_dob: float = 0.03
    #: Languages in which counselling needs an interpreter (staff speak lt, en and ru).
    interpreter: str = ""


def _same(*names: str) -> tuple[Family, ...]:
    """Families whose name does not inflect and is written in Latin letters only."""
    return tuple((n, "", n, "") for n in names)


def _latin(*names: str) -> tuple[Name, ...]:
    return tuple((n, "") for n in names)


def _pairs(text: str) -> tuple[Name, ...]:
    """``"Nino ნინო; Ana ანა"`` → ``(("Nino", "ნინო"), ("Ana", "ანა"))``."""
    out = []
    for item in text.split(";"):
        latin, original = item.strip().rsplit(" ", 1)
        out.append((latin, original))
    return tuple(out)


def _slavic(text: str) -> tuple[Family, ...]:
    """``"Ivanov Иванов Ivanova Иванова; …"`` → family tuples."""
    return tuple(tuple(item.split()) for item in text.split(";"))  # type: ignore[misc]


NATIONALITIES: tuple[Nationality, ...] = (
    Nationality(
        "IQ", 14, ("ar", "ku"), "+964", ("Baghdad", "Erbil", "Sulaymaniyah", "Duhok", "Basra", "Mosul", "Kirkuk"),
        families=tuple((lat, orig, lat, orig) for lat, orig in _pairs(
            "Hassan حسن; Ali علي; Hussein حسين; Abdullah عبدالله; Jaber جابر; Karim كريم; Saleh صالح; "
            "Mahmoud محمود; Ibrahim ابراهيم; Khalil خليل; Othman عثمان; Rashid رشيد; Aziz عزيز; Faraj فرج")),
        male=_pairs("Ali علي; Ahmed أحمد; Mohammed محمد; Omar عمر; Mustafa مصطفى; Yousif يوسف; Hamid حميد; "
                    "Karwan كاروان; Rebin ريبين; Saman سامان; Haider حيدر; Zaid زيد; Bilal بلال; Ammar عمار"),
        female=_pairs("Fatima فاطمة; Zainab زينب; Maryam مريم; Noor نور; Shilan شيلان; Huda هدى; Rana رنا; "
                      "Sara سارة; Lana لانا; Aya آية; Dilan ديلان; Amina أمينة"),
        passport=("LDDDDDDDD",), spouse_keeps_name=True, estimated_dob=0.12, interpreter="ar",
    ),
    Nationality(
        "GE", 12, ("ka", "ru"), "+995", ("Tbilisi", "Kutaisi", "Batumi", "Rustavi", "Zugdidi", "Gori", "Telavi"),
        families=tuple((lat, orig, lat, orig) for lat, orig in _pairs(
            "Beridze ბერიძე; Kapanadze კაპანაძე; Gelashvili გელაშვილი; Maisuradze მაისურაძე; Giorgadze გიორგაძე; "
            "Lomidze ლომიძე; Tsiklauri წიკლაური; Bolkvadze ბოლქვაძე; Nozadze ნოზაძე; Mamedovi მამედოვი; "
            "Khutsishvili ხუციშვილი; Shengelia შენგელია; Abashidze აბაშიძე; Kvaratskhelia კვარაცხელია")),
        male=_pairs("Giorgi გიორგი; Davit დავით; Levan ლევან; Irakli ირაკლი; Zurab ზურაბ; Nika ნიკა; Luka ლუკა; "
                    "Lasha ლაშა; Beka ბექა; Tornike თორნიკე; Mamuka მამუკა; Otar ოთარ"),
        female=_pairs("Nino ნინო; Tamar თამარ; Mariam მარიამ; Ana ანა; Ketevan ქეთევან; Natia ნათია; "
                      "Eka ეკა; Salome სალომე; Maia მაია; Tea თეა; Nana ნანა; Lika ლიკა"),
        passport=("DDLLDDDDD",),
    ),
    Nationality(
        "TJ", 9, ("tg", "ru"), "+992", ("Dushanbe", "Khujand", "Kulob", "Bokhtar", "Istaravshan", "Panjakent"),
        families=_slavic(
            "Rahimov Раҳимов Rahimova Раҳимова; Nazarov Назаров Nazarova Назарова; Sharipov Шарипов Sharipova "
            "Шарипова; Kholov Холов Kholova Холова; Saidov Саидов Saidova Саидова; Davlatov Давлатов Davlatova "
            "Давлатова; Jurayev Ҷӯраев Jurayeva Ҷӯраева; Qodirov Қодиров Qodirova Қодирова; Safarov Сафаров "
            "Safarova Сафарова; Mirzoev Мирзоев Mirzoeva Мирзоева"),
        male=_pairs("Firdavs Фирдавс; Behruz Беҳруз; Jamshed Ҷамшед; Rustam Рустам; Farrukh Фаррух; "
                    "Umed Умед; Sukhrob Суҳроб; Daler Далер; Bakhtiyor Бахтиёр; Shahzod Шаҳзод"),
        female=_pairs("Madina Мадина; Zarina Зарина; Nigina Нигина; Mehrona Меҳрона; Firuza Фируза; "
                      "Manizha Манижа; Shahnoza Шаҳноза; Gulnora Гулнора; Sitora Ситора"),
        passport=("DDDDDDDDD", "LDDDDDDDD"), interpreter="tg",
    ),
    Nationality(
        "BY", 8, ("be", "ru"), "+375", ("Minsk", "Hrodna", "Brest", "Homiel", "Viciebsk", "Mahilioŭ", "Lida"),
        families=_slavic(
            "Kavaliou Кавалёў Kavaliova Кавалёва; Navitski Навіцкі Navitskaya Навіцкая; Karpovich Карповіч "
            "Karpovich Карповіч; Lukashevich Лукашэвіч Lukashevich Лукашэвіч; Marozau Марозаў Marozava Марозава; "
            "Sidarenka Сідарэнка Sidarenka Сідарэнка; Zhuk Жук Zhuk Жук; Klimovich Клімовіч Klimovich Клімовіч; "
            "Bialou Белаў Bialova Белава; Hrynkevich Грынкевіч Hrynkevich Грынкевіч"),
        male=_pairs("Siarhei Сяргей; Aliaksandr Аляксандр; Dzmitry Дзмітрый; Andrei Андрэй; Uladzimir Уладзімір; "
                    "Mikalai Мікалай; Pavel Павел; Ihar Ігар; Yauhen Яўген; Maksim Максім"),
        female=_pairs("Volha Вольга; Tatsiana Таццяна; Hanna Ганна; Alena Алена; Iryna Ірына; Nasta Наста; "
                      "Katsiaryna Кацярына; Yuliya Юлія; Sviatlana Святлана"),
        passport=("LLDDDDDDD",),
    ),
    Nationality(
        "UZ", 7, ("uz", "ru"), "+998", ("Tashkent", "Samarkand", "Namangan", "Andijan", "Fergana", "Bukhara"),
        families=tuple((m, "", f, "") for m, f in (
            ("Karimov", "Karimova"), ("Toʻxtayev", "Toʻxtayeva"), ("Yusupov", "Yusupova"), ("Rahmonov", "Rahmonova"),
            ("Ergashev", "Ergasheva"), ("Qoʻchqorov", "Qoʻchqorova"), ("Abdullayev", "Abdullayeva"),
            ("Gʻofurov", "Gʻofurova"), ("Normatov", "Normatova"), ("Xolmatov", "Xolmatova"))),
        male=_latin("Sherzod", "Oʻtkir", "Jasur", "Bekzod", "Akmal", "Doniyor", "Sardor", "Gʻayrat", "Nodir",
                    "Ulugʻbek"),
        female=_latin("Dilnoza", "Gulnoza", "Shahlo", "Nilufar", "Oʻgiloy", "Feruza", "Malika", "Zuhra", "Dildora"),
        passport=("LLDDDDDDD",), interpreter="uz",
    ),
    Nationality(
        "UA", 6, ("uk", "ru"), "+380", ("Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Zhytomyr", "Rivne"),
        families=_slavic(
            "Shevchenko Шевченко Shevchenko Шевченко; Kovalenko Коваленко Kovalenko Коваленко; Bondarenko "
            "Бондаренко Bondarenko Бондаренко; Tkachuk Ткачук Tkachuk Ткачук; Kravchenko Кравченко Kravchenko "
            "Кравченко; Melnyk Мельник Melnyk Мельник; Oliinyk Олійник Oliinyk Олійник; Boiko Бойко Boiko Бойко; "
            "Marchenko Марченко Marchenko Марченко; Savchuk Савчук Savchuk Савчук; Hnatiuk Гнатюк Hnatiuk Гнатюк"),
        male=_pairs("Oleksandr Олександр; Andrii Андрій; Serhii Сергій; Volodymyr Володимир; Mykola Микола; "
                    "Yurii Юрій; Taras Тарас; Bohdan Богдан; Vitalii Віталій; Dmytro Дмитро"),
        female=_pairs("Olena Олена; Nataliia Наталія; Iryna Ірина; Oksana Оксана; Yuliia Юлія; Tetiana Тетяна; "
                      "Halyna Галина; Khrystyna Христина; Liudmyla Людмила; Svitlana Світлана"),
        passport=("LLDDDDDD",),
    ),
    Nationality(
        "RU", 6, ("ru",), "+7", ("Moscow", "Saint Petersburg", "Kaliningrad", "Grozny", "Makhachkala", "Kazan"),
        families=_slavic(
            "Ivanov Иванов Ivanova Иванова; Smirnov Смирнов Smirnova Смирнова; Kuznetsov Кузнецов Kuznetsova "
            "Кузнецова; Popov Попов Popova Попова; Sokolov Соколов Sokolova Соколова; Volkov Волков Volkova "
            "Волкова; Magomedov Магомедов Magomedova Магомедова; Zakharov Захаров Zakharova Захарова; "
            "Fedorov Фёдоров Fedorova Фёдорова; Iakovlev Яковлев Iakovleva Яковлева"),
        male=_pairs("Aleksandr Александр; Sergei Сергей; Dmitrii Дмитрий; Andrei Андрей; Aleksei Алексей; "
                    "Maksim Максим; Ruslan Руслан; Artem Артём; Evgenii Евгений; Magomed Магомед"),
        female=_pairs("Elena Елена; Olga Ольга; Tatiana Татьяна; Iuliia Юлия; Natalia Наталья; Anastasiia "
                      "Анастасия; Ekaterina Екатерина; Mariia Мария; Zalina Залина"),
        passport=("DD DDDDDDD",),
    ),
    Nationality(
        "VN", 5, ("vi",), "+84", ("Hà Nội", "Hải Phòng", "Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Quảng Bình"),
        families=_same("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"),
        male=_latin("Văn Hùng", "Văn Nam", "Đức Anh", "Văn Tuấn", "Minh Đức", "Văn Thắng", "Quốc Bảo", "Văn Hải",
                    "Thành Long", "Văn Dũng"),
        female=_latin("Thị Hồng", "Thị Lan", "Thị Hương", "Thị Mai", "Thị Thu Trang", "Ngọc Ánh", "Thị Hà",
                      "Thị Nhung", "Thị Phương", "Thị Ngọc"),
        passport=("LDDDDDDD",), spouse_keeps_name=True, interpreter="vi",
    ),
    Nationality(
        "AZ", 4, ("az", "ru"), "+994", ("Bakı", "Gəncə", "Sumqayıt", "Lənkəran", "Şəki", "Mingəçevir"),
        families=tuple((m, "", f, "") for m, f in (
            ("Məmmədov", "Məmmədova"), ("Əliyev", "Əliyeva"), ("Hüseynov", "Hüseynova"), ("Həsənov", "Həsənova"),
            ("İsmayılov", "İsmayılova"), ("Quliyev", "Quliyeva"), ("Rəhimov", "Rəhimova"), ("Süleymanov",
            "Süleymanova"), ("Cəfərov", "Cəfərova"), ("Abbasov", "Abbasova"))),
        male=_latin("Elçin", "Rəşad", "Tural", "Orxan", "Elnur", "Vüqar", "Kamran", "Ülvi", "Fərid", "Cavid"),
        female=_latin("Aynur", "Günel", "Səbinə", "Ləman", "Nərmin", "Aysel", "Könül", "Lalə", "Şəbnəm", "Xədicə"),
        passport=("LDDDDDDDD",), interpreter="az",
    ),
    Nationality(
        "TR", 4, ("tr",), "+90", ("İstanbul", "Ankara", "İzmir", "Gaziantep", "Şanlıurfa", "Konya", "Van"),
        families=_same("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
                       "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan"),
        male=_latin("Mehmet", "Mustafa", "Ahmet", "Hüseyin", "İbrahim", "Hasan", "Emre", "Burak", "Oğuz", "Ömer",
                    "Çağrı", "Serkan"),
        female=_latin("Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Özlem", "Gülşen", "Şule", "Büşra",
                      "Merve"),
        passport=("LDDDDDDDD",), interpreter="tr",
    ),
    Nationality(
        "KG", 4, ("ky", "ru"), "+996", ("Bishkek", "Osh", "Jalal-Abad", "Karakol", "Naryn", "Tokmok"),
        families=_slavic(
            "Asanov Асанов Asanova Асанова; Toktogulov Токтогулов Toktogulova Токтогулова; Mamatov Маматов "
            "Mamatova Маматова; Abdyldaev Абдылдаев Abdyldaeva Абдылдаева; Osmonov Осмонов Osmonova Осмонова; "
            "Sadykov Садыков Sadykova Садыкова; Zhumabekov Жумабеков Zhumabekova Жумабекова; Tursunbaev "
            "Турсунбаев Tursunbaeva Турсунбаева"),
        male=_pairs("Nurlan Нурлан; Aibek Айбек; Bakyt Бакыт; Azamat Азамат; Ulan Улан; Temirlan Темирлан; "
                    "Erlan Эрлан; Kubanychbek Кубанычбек; Chyngyz Чыңгыз"),
        female=_pairs("Gulnara Гүлнара; Aizhan Айжан; Nazira Назира; Cholpon Чолпон; Aigul Айгүл; Begimai Бегимай; "
                      "Asel Асел; Zhyldyz Жылдыз"),
        passport=("LLDDDDDDD",),
    ),
    Nationality(
        "IN", 4, ("hi", "pa", "en"), "+91", ("New Delhi", "Amritsar", "Ludhiana", "Jalandhar", "Chandigarh", "Mumbai"),
        # Sikh men are Singh and women Kaur; the other family names do not inflect.
        families=(("Singh", "", "Kaur", ""), ("Singh", "", "Kaur", ""))
        + _same("Sharma", "Kumar", "Gill", "Sandhu", "Patel", "Verma", "Dhillon", "Yadav"),
        male=_latin("Gurpreet", "Harpreet", "Amandeep", "Rahul", "Vikram", "Manpreet", "Sandeep", "Arjun", "Ravi"),
        female=_latin("Simran", "Priya", "Navjot", "Pooja", "Harleen", "Anjali", "Jaspreet", "Neha"),
        passport=("LDDDDDDD",), interpreter="pa",
    ),
    Nationality(
        "AM", 3, ("hy", "ru"), "+374", ("Yerevan", "Gyumri", "Vanadzor", "Vagharshapat", "Abovyan", "Hrazdan"),
        families=tuple((lat, orig, lat, orig) for lat, orig in _pairs(
            "Hovhannisyan Հովհաննիսյան; Harutyunyan Հարությունյան; Sargsyan Սարգսյան; Khachatryan Խաչատրյան; "
            "Grigoryan Գրիգորյան; Petrosyan Պետրոսյան; Avetisyan Ավետիսյան; Hakobyan Հակոբյան; Mkrtchyan Մկրտչյան")),
        male=_pairs("Aram Արամ; Armen Արմեն; Tigran Տիգրան; Davit Դավիթ; Gevorg Գևորգ; Hayk Հայկ; Narek Նարեկ; "
                    "Vahe Վահե; Karen Կարեն"),
        female=_pairs("Anahit Անահիտ; Lilit Լիլիթ; Mariam Մարիամ; Ani Անի; Gayane Գայանե; Armine Արմինե; "
                      "Nune Նունե; Hasmik Հասմիկ"),
        passport=("LLDDDDDDD",),
    ),
    Nationality(
        "MD", 3, ("ro", "ru"), "+373", ("Chișinău", "Bălți", "Cahul", "Ungheni", "Soroca", "Orhei"),
        families=_same("Rusu", "Ceban", "Țurcanu", "Cojocaru", "Munteanu", "Lungu", "Popescu", "Ciobanu",
                       "Sîrbu", "Moraru", "Guțu"),
        male=_latin("Ion", "Vasile", "Ștefan", "Mihai", "Gheorghe", "Andrei", "Victor", "Sergiu", "Nicolae"),
        female=_latin("Maria", "Elena", "Ana", "Natalia", "Tatiana", "Cristina", "Ludmila", "Mariana", "Doina"),
        passport=("LLDDDDDDD", "LDDDDDDD"),
    ),
    Nationality(
        "NG", 3, ("en", "yo", "ig"), "+234", ("Lagos", "Abuja", "Ibadan", "Benin City", "Enugu", "Port Harcourt"),
        families=_same("Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Adebayo", "Obi", "Oyelaran",
                       "Chukwu", "Igwe", "Afolabi"),
        male=_latin("Chinedu", "Emeka", "Oluwaseun", "Tunde", "Ikechukwu", "Femi", "Uchenna", "Babatunde",
                    "Chukwuemeka"),
        female=_latin("Ngozi", "Chiamaka", "Funmilayo", "Adaeze", "Blessing", "Oluwakemi", "Ifeoma", "Yetunde"),
        passport=("LDDDDDDDD",), estimated_dob=0.08,
    ),
    Nationality(
        "LK", 3, ("si", "ta"), "+94", ("Colombo", "Kandy", "Jaffna", "Negombo", "Galle", "Kurunegala"),
        families=_same("Perera", "Fernando", "Silva", "Jayasuriya", "Bandara", "Wickramasinghe", "Rajapaksha",
                       "Sivakumar", "Selvarajah", "Kanagaratnam"),
        male=_latin("Nuwan", "Chaminda", "Kasun", "Tharindu", "Suresh", "Pradeep", "Kumaran", "Dinesh"),
        female=_latin("Dilani", "Nadeesha", "Chathurika", "Sanduni", "Kavitha", "Tharushi", "Malini"),
        passport=("LDDDDDDD",), interpreter="si",
    ),
    Nationality(
        "PK", 3, ("ur", "pa"), "+92", ("Lahore", "Gujranwala", "Sialkot", "Islamabad", "Karachi", "Faisalabad"),
        families=_same("Khan", "Ahmed", "Hussain", "Butt", "Chaudhry", "Malik", "Qureshi", "Iqbal", "Raza",
                       "Javed", "Shah"),
        male=_latin("Muhammad Asif", "Imran", "Bilal", "Usman", "Waqas", "Zeeshan", "Kamran", "Adnan", "Faisal"),
        female=_latin("Ayesha", "Sana", "Fatima", "Hina", "Rabia", "Mehwish", "Nadia", "Saima"),
        passport=("LLDDDDDDD",), estimated_dob=0.08, interpreter="ur",
    ),
    Nationality(
        "SY", 1, ("ar", "ku"), "+963", ("Damascus", "Aleppo", "Qamishli", "Latakia", "Homs", "Hasakah"),
        families=tuple((lat, orig, lat, orig) for lat, orig in _pairs(
            "Al Ahmad الأحمد; Haddad حداد; Khalil خليل; Al Hasan الحسن; Darwish درويش; Shami شامي; Mansour منصور; "
            "Najjar نجار")),
        male=_pairs("Ahmad أحمد; Khaled خالد; Mahmoud محمود; Rami رامي; Tarek طارق; Samer سامر; Fadi فادي; Anas أنس"),
        female=_pairs("Rasha رشا; Hala هلا; Lina لينا; Rima ريما; Dima ديما; Nour نور; Bayan بيان; Alaa آلاء"),
        passport=("LDDDDDDDDD",), spouse_keeps_name=True, estimated_dob=0.10, interpreter="ar",
    ),
)
