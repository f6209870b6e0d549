"""Builds tests/data/name_pairs.csv, the labelled evaluation set of the duplicate check (see docs/names.md).

Every person below is invented; the spellings of each are written out by hand from the published
tables (ICAO Doc 9303 part 3, the Ukrainian 2010 and Belarusian passport systems, Russian ICAO-based
passports since 2013 and the older MVD system, Georgian national 2002 and ISO 9984, Armenian
passports, Azerbaijani and Uzbek Latin alphabets, Tajik passports, Kazakh and Kyrgyz passports,
BGN/PCGN, Lithuanian, Czech and Polish renderings of Cyrillic, English, French-Maghreb, ALA-LC-style
and Russian-mediated renderings of Arabic, Persian Arabic script, Vietnamese without diacritics), not
computed by the code under test. Run ``python tests/data/build_name_pairs.py`` to rewrite the CSV; the
output is deterministic.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

# person: (citizenship, sex, [records]); a record is (family, given, family_original, given_original).
# The first record is the passport form; the others are how other systems, offices or keyboards wrote it.
PEOPLE: list[tuple[str, str, str, list[tuple[str, str, str, str]]]] = [
    # ---- Ukraine: national 2010 system, ICAO, BGN, Russian-style, Czech/Polish/Lithuanian-style
    ("ua-yuliia", "UA", "F", [
        ("Tkachenko", "Yuliia", "Ткаченко", "Юлія"), ("Tkachenko", "Iuliia", "", ""),
        ("Tkačenko", "Julija", "", ""), ("Tkaczenko", "Julia", "", ""), ("Tkachenko", "Yulia", "", "")]),
    ("ua-hryhorii", "UA", "M", [
        ("Shevchuk", "Hryhorii", "Шевчук", "Григорій"), ("Shevchuk", "Hryhoriy", "", ""),
        ("Ševčuk", "Hryhorij", "", ""), ("Shevchuk", "Grigoriy", "", ""), ("Szewczuk", "Hryhorij", "", "")]),
    ("ua-oleksii", "UA", "M", [
        ("Kravchenko", "Oleksii", "Кравченко", "Олексій"), ("Kravchenko", "Oleksiy", "", ""),
        ("Kravčenko", "Oleksij", "", ""), ("Krawczenko", "Oleksij", "", "")]),
    ("ua-nataliia", "UA", "F", [
        ("Bondarenko", "Nataliia", "Бондаренко", "Наталія"), ("Bondarenko", "Nataliya", "", ""),
        ("Bondarenko", "Natalija", "", ""), ("Bondarenko", "Natalia", "", "")]),
    ("ua-yevhen", "UA", "M", [
        ("Melnyk", "Yevhen", "Мельник", "Євген"), ("Melnyk", "Ievhen", "", ""), ("Mel'nyk", "Yevhen", "", ""),
        ("Melnyk", "Jevhen", "", ""), ("Melnik", "Yevgen", "", "")]),
    ("ua-andrii", "UA", "M", [
        ("Kovalchuk", "Andrii", "Ковальчук", "Андрій"), ("Koval'chuk", "Andriy", "", ""),
        ("Koval'čuk", "Andrij", "", ""), ("Kowalczuk", "Andrij", "", "")]),
    ("ua-hanna", "UA", "F", [
        ("Lytvynenko", "Hanna", "Литвиненко", "Ганна"), ("Litvinenko", "Ganna", "", ""),
        ("Lytvynenko", "Hanna", "", ""), ("Lytwynenko", "Hanna", "", "")]),
    ("ua-dmytro", "UA", "M", [
        ("Tkachuk", "Dmytro", "Ткачук", "Дмитро"), ("Tkačuk", "Dmytro", "", ""), ("Tkachuk", "Dmitro", "", "")]),
    # ---- Belarus: passport system, BGN/PCGN (ў = w), Łacinka
    ("by-aliaksandr", "BY", "M", [
        ("Kavalenka", "Aliaksandr", "Каваленка", "Аляксандр"), ("Kavalenka", "Alyaksandr", "", ""),
        ("Kavalenka", "Alaksandr", "", "")]),
    ("by-volha", "BY", "F", [
        ("Shauchuk", "Volha", "Шаўчук", "Вольга"), ("Shawchuk", "Vol'ha", "", ""), ("Šaŭčuk", "Volha", "", "")]),
    ("by-siarhei", "BY", "M", [
        ("Melnikau", "Siarhei", "Мельнікаў", "Сяргей"), ("Mel'nikaw", "Syarhey", "", ""),
        ("Melnikau", "Siarhey", "", "")]),
    # ---- Russia: ICAO-based (since 2013), older MVD / BGN, Lithuanian and Czech renderings
    ("ru-iurii", "RU", "M", [
        ("Zakharov", "Iurii", "Захаров", "Юрий"), ("Zakharov", "Yuriy", "", ""), ("Zacharov", "Jurij", "", ""),
        ("Zaharov", "Yury", "", ""), ("Zakharov", "Yurii", "", "")]),
    ("ru-kseniia", "RU", "F", [
        ("Sokolova", "Kseniia", "Соколова", "Ксения"), ("Sokolova", "Kseniya", "", ""),
        ("Sokolova", "Ksenija", "", ""), ("Sokolova", "Xenia", "", "")]),
    ("ru-aleksei", "RU", "M", [
        ("Vorobev", "Aleksei", "Воробьёв", "Алексей"), ("Vorob'yev", "Aleksey", "", ""),
        ("Vorobjov", "Aleksej", "", ""), ("Vorobyov", "Alexey", "", "")]),
    ("ru-natalia", "RU", "F", [
        ("Kuznetsova", "Natalia", "Кузнецова", "Наталья"), ("Kuznetsova", "Natal'ya", "", ""),
        ("Kuznecova", "Natalja", "", ""), ("Kuznetsova", "Natalya", "", "")]),
    ("ru-dmitrii", "RU", "M", [
        ("Shcherbakov", "Dmitrii", "Щербаков", "Дмитрий"), ("Shcherbakov", "Dmitriy", "", ""),
        ("Ščerbakov", "Dmitrij", "", ""), ("Shcherbakov", "Dmitry", "", "")]),
    ("ru-evgeniia", "RU", "F", [
        ("Zhukova", "Evgeniia", "Жукова", "Евгения"), ("Zhukova", "Yevgeniya", "", ""),
        ("Žukova", "Jevgenija", "", ""), ("Zhukova", "Evgenia", "", "")]),
    ("ru-mariia", "RU", "F", [
        ("Fedorova", "Mariia Sergeevna", "Федорова", "Мария Сергеевна"), ("Fyodorova", "Mariya", "", ""),
        ("Fiodorova", "Marija", "", ""), ("Fedorova", "Maria", "", "")]),
    ("ru-ilia", "RU", "M", [
        ("Grigorev", "Ilia Petrovich", "Григорьев", "Илья Петрович"), ("Grigor'yev", "Il'ya", "", ""),
        ("Grigorjev", "Ilja", "", ""), ("Grigoriev", "Ilya", "", "")]),
    # ---- Georgia: national 2002, ISO 9984 / Czech-style háčeks, BGN apostrophes, Russian-mediated
    ("ge-tsotne", "GE", "M", [
        ("Chkheidze", "Tsotne", "ჩხეიძე", "ცოტნე"), ("Čcheidze", "Cotne", "", ""),
        ("Chkheidze", "Tsotne", "Чхеидзе", "Цотне"), ("Tchkheidze", "Tsotne", "", "")]),
    ("ge-nino", "GE", "F", [
        ("Beridze", "Nino", "ბერიძე", "ნინო"), ("Beridze", "Nino", "Беридзе", "Нино"), ("Beridse", "Nino", "", "")]),
    ("ge-giorgi", "GE", "M", [
        ("Kapanadze", "Giorgi", "კაპანაძე", "გიორგი"), ("K'apanadze", "Giorgi", "", ""),
        ("Kapanadze", "Giorgi", "Капанадзе", "Гиорги")]),
    ("ge-tamar", "GE", "F", [
        ("Japaridze", "Tamar", "ჯაფარიძე", "თამარ"), ("Dzhaparidze", "Tamar", "", ""),
        ("Džaparidze", "Tamar", "", ""), ("Djaparidze", "Tamari", "", "")]),
    ("ge-lasha", "GE", "M", [
        ("Mchedlishvili", "Lasha", "მჭედლიშვილი", "ლაშა"), ("Mč'edlišvili", "Laša", "", ""),
        ("Mchedlishvili", "Lasha", "Мчедлишвили", "Лаша")]),
    ("ge-ketevan", "GE", "F", [
        ("Kharadze", "Ketevan", "ხარაძე", "ქეთევან"), ("Xaradze", "Ketevan", "", ""),
        ("Kharadze", "Ketevan", "Харадзе", "Кетеван"), ("Charadze", "Ketevan", "", "")]),
    # ---- Armenia: national passport system, older Soviet -ian, BGN, Russian-mediated
    ("am-hovhannes", "AM", "M", [
        ("Khachatryan", "Hovhannes", "Խաչատրյան", "Հովհաննես"), ("Khachatrian", "Hovhannes", "", ""),
        ("Khach'atryan", "Hovhannes", "", ""), ("Chačatrjan", "Hovhannes", "", "")]),
    ("am-anahit", "AM", "F", [
        ("Petrosyan", "Anahit", "Պետրոսյան", "Անահիտ"), ("Petrosian", "Anahit", "", ""),
        ("Petrosyan", "Anait", "Петросян", "Анаит")]),
    ("am-aram", "AM", "M", [
        ("Sargsyan", "Aram", "Սարգսյան", "Արամ"), ("Sargsian", "Aram", "", ""), ("Sarkisyan", "Aram", "", "")]),
    ("am-gayane", "AM", "F", [
        ("Hakobyan", "Gayane", "Հակոբյան", "Գայանե"), ("Hakobian", "Gayane", "", ""),
        ("Akopyan", "Gayane", "Акопян", "Гаяне")]),
    # ---- Azerbaijan: Latin alphabet, English spelling, keyboard without ə ç ş, Russian-mediated
    ("az-elchin", "AZ", "M", [
        ("Məmmədov", "Elçin Rasim oğlu", "", ""), ("Mammadov", "Elchin", "", ""),
        ("Mamedov", "Elchin", "Мамедов", "Эльчин"), ("Memmedov", "Elcin", "", "")]),
    ("az-aygun", "AZ", "F", [
        ("Hüseynova", "Aygün", "", ""), ("Huseynova", "Aygun", "", ""), ("Guseynova", "Aygyun", "Гусейнова", "Айгюн"),
        ("Guseinova", "Aigun", "", "")]),
    ("az-jafar", "AZ", "M", [
        ("Əliyev", "Cəfər", "", ""), ("Aliyev", "Jafar", "", ""), ("Aliev", "Dzhafar", "Алиев", "Джафар"),
        ("Eliyev", "Cefer", "", "")]),
    ("az-rashad", "AZ", "M", [
        ("Qasımov", "Rəşad", "", ""), ("Gasimov", "Rashad", "", ""), ("Gasymov", "Rashad", "Гасымов", "Рашад")]),
    # ---- Uzbekistan: Latin 1995 (oʻ gʻ x q), Uzbek Cyrillic, Russian-mediated
    ("uz-oktam", "UZ", "M", [
        ("Xoʻjayev", "Oʻktam", "Хўжаев", "Ўктам"), ("Xo'jayev", "O'ktam", "", ""),
        ("Khodzhaev", "Uktam", "Ходжаев", "Уктам"), ("Khujayev", "Uktam", "", "")]),
    ("uz-gulnoza", "UZ", "F", [
        ("Raximova", "Gulnoza", "Рахимова", "Гулноза"), ("Rakhimova", "Gulnoza", "", ""),
        ("Rahimova", "Gulnoza", "", "")]),
    ("uz-shavkat", "UZ", "M", [
        ("Toshmatov", "Shavkat", "Тошматов", "Шавкат"), ("Tashmatov", "Shavkat", "", ""),
        ("Toshmatov", "Shavkat", "", "")]),
    ("uz-baxtiyor", "UZ", "M", [
        ("Yoʻldoshev", "Baxtiyor", "Йўлдошев", "Бахтиёр"), ("Yuldashev", "Bakhtiyor", "Юлдашев", "Бахтиёр"),
        ("Yo'ldoshev", "Bakhtiyor", "", ""), ("Juldašev", "Bachtijor", "", "")]),
    ("uz-dilnoza", "UZ", "F", [
        ("Gʻaniyeva", "Dilnoza", "Ғаниева", "Дилноза"), ("Ganieva", "Dilnoza", "", ""),
        ("G'aniyeva", "Dilnoza", "", ""), ("Ghaniyeva", "Dilnoza", "", "")]),
    # ---- Tajikistan: passport Latin, Russian-mediated, -zoda surnames
    ("tj-farrukh", "TJ", "M", [
        ("Saidov", "Farrukh", "Саидов", "Фаррух"), ("Saidov", "Farruh", "", ""), ("Saidzoda", "Farrukh", "", ""),
        ("Saidzade", "Farrukh", "", "")]),
    ("tj-zarina", "TJ", "F", [
        ("Juraeva", "Zarina", "Ҷӯраева", "Зарина"), ("Dzhuraeva", "Zarina", "Джураева", "Зарина"),
        ("Djuraeva", "Zarina", "", ""), ("Jurayeva", "Zarina", "", "")]),
    ("tj-abdulloh", "TJ", "M", [
        ("Nazarov", "Abdulloh", "Назаров", "Абдуллоҳ"), ("Nazarov", "Abdulla", "", ""),
        ("Nazarov", "Abdullah", "", ""), ("Nazarzoda", "Abdulloh", "", "")]),
    ("tj-sherali", "TJ", "M", [
        ("Davlatzoda", "Sherali", "Давлатзода", "Шералӣ"), ("Davlatov", "Sherali", "", ""),
        ("Davlatzade", "Sherali", "", "")]),
    ("tj-nodira", "TJ", "F", [
        ("Qodirova", "Nodira", "Қодирова", "Нодира"), ("Kodirova", "Nodira", "", ""),
        ("Kadirova", "Nadira", "", "")]),
    # ---- Kyrgyzstan and Kazakhstan
    ("kg-nurlan", "KG", "M", [
        ("Asanbekov", "Nurlan", "Асанбеков", "Нурлан"), ("Asanbek uulu", "Nurlan", "", "")]),
    ("kg-aigerim", "KG", "F", [
        ("Toktogulova", "Aigerim", "Токтогулова", "Айгерим"), ("Toktogulova", "Aygerim", "", "")]),
    ("kg-bakyt", "KG", "M", [
        ("Osmonaliev", "Bakyt", "Осмоналиев", "Бакыт"), ("Osmonaliyev", "Bakit", "", ""),
        ("Osmonaliev", "Bakyt", "", "")]),
    ("kz-yerlan", "KZ", "M", [
        ("Sarsenbayev", "Yerlan", "Сәрсенбаев", "Ерлан"), ("Sarsenbaev", "Erlan", "", ""),
        ("Sársenbaev", "Erlan", "", "")]),
    ("kz-assel", "KZ", "F", [
        ("Zhumabayeva", "Assel", "Жұмабаева", "Әсел"), ("Zhumabaeva", "Asel", "", ""),
        ("Žumabajeva", "Asel", "", "")]),
    ("kz-nursultan", "KZ", "M", [
        ("Kassymov", "Nursultan", "Қасымов", "Нұрсұлтан"), ("Kasymov", "Nursultan", "", ""),
        ("Qasymov", "Nursultan", "", "")]),
    # ---- Arabic: English/Gulf, Egyptian, French-Maghreb, ALA-LC without marks, Russian-mediated, script
    ("ar-mohammed-abdelrahman", "SD", "M", [
        ("Abdelrahman", "Mohammed", "عبد الرحمن", "محمد"), ("Abd al-Rahman", "Muhammad", "", ""),
        ("Abderrahmane", "Mohamed", "", ""), ("Abdurakhman", "Mukhammad", "Абдурахман", "Мухаммад")]),
    ("ar-ahmad-khatib", "SY", "M", [
        ("Al-Khatib", "Ahmad Hassan", "الخطيب", "أحمد حسن"), ("Khatib", "Ahmed Hasan", "", ""),
        ("Alkhatib", "Ahmad", "", ""), ("El-Khatib", "Akhmed Khasan", "", "")]),
    ("ar-fatima-youssef", "LB", "F", [
        ("Youssef", "Fatima", "يوسف", "فاطمة"), ("Yusuf", "Fatimah", "", ""), ("Yousef", "Fatma", "", ""),
        ("Iusuf", "Fatima", "Юсуф", "Фатима")]),
    ("ar-yusuf-abdullah", "IQ", "M", [
        ("Abdullah", "Yusuf", "عبد الله", "يوسف"), ("Abdallah", "Youssef", "", ""),
        ("Abd Allah", "Yousef", "", ""), ("Abdulla", "Iusuf", "Абдулла", "Юсуф")]),
    ("ar-khaled-omar", "SY", "M", [
        ("Al-Omar", "Khaled", "العمر", "خالد"), ("al-Umar", "Khalid", "", ""), ("Alomar", "Khaled", "", ""),
        ("Omar", "Haled", "", "")]),
    ("ar-omar-hassan", "IQ", "M", [
        ("Al-Hassan", "Omar", "الحسن", "عمر"), ("Hasan", "Umar", "", ""), ("Alhassan", "Omar", "", ""),
        ("Hassan", "Omar", "", "")]),
    ("ar-hussein-ali", "IQ", "M", [
        ("Ali", "Hussein", "علي", "حسين"), ("Ali", "Husayn", "", ""), ("Aly", "Hussain", "", ""),
        ("Ali", "Gusein", "Али", "Гусейн")]),
    ("ar-mustafa-qasim", "EG", "M", [
        ("Qasim", "Mustafa", "قاسم", "مصطفى"), ("Kassem", "Mostafa", "", ""), ("Kacem", "Moustapha", "", ""),
        ("Kasim", "Mustafa", "", "")]),
    ("ar-aisha-sharif", "MA", "F", [
        ("Al-Sharif", "Aisha", "الشريف", "عائشة"), ("Cherif", "Aicha", "", ""), ("Sharif", "Aysha", "", ""),
        ("Chérif", "Aïcha", "", "")]),
    ("ar-jamaleddine", "DZ", "M", [
        ("Bouzid", "Djamal Eddine", "بوزيد", "جمال الدين"), ("Bouzid", "Jamaleddine", "", ""),
        ("Bouzid", "Jamal ad-Din", "", ""), ("Buzid", "Jamaluddin", "", "")]),
    ("ar-osman", "SD", "M", [
        ("Adam", "Mohamed Osman", "آدم", "محمد عثمان"), ("Adam", "Muhammad Uthman", "", ""),
        ("Adam", "Mohammed Usman", "", "")]),
    ("ar-nuriddin", "AF", "M", [
        ("Karimi", "Nuruddin", "کریمی", "نورالدین"), ("Karimi", "Nur ad-Din", "", ""),
        ("Karimi", "Nuriddin", "", ""), ("Karimi", "Noureddine", "", "")]),
    ("ar-abdulwahid", "AF", "M", [
        ("Noorzai", "Abdul Wahid", "نورزی", "عبدالواحد"), ("Nurzai", "Abdulwahid", "", ""),
        ("Noorzai", "Abdul Waheed", "", "")]),
    ("fa-hossein", "IR", "M", [
        ("Rezaei", "Hossein", "رضایی", "حسین"), ("Rezaie", "Hosein", "", ""), ("Rezai", "Hussein", "", ""),
        ("Rezaee", "Hossein", "", "")]),
    ("fa-zahra", "IR", "F", [
        ("Mohammadi", "Zahra", "محمدی", "زهرا"), ("Mohamadi", "Zahra", "", ""), ("Muhammadi", "Zahra", "", "")]),
    ("ar-saeed", "YE", "M", [
        ("Al-Amri", "Saeed", "العمري", "سعيد"), ("Amri", "Said", "", ""), ("Elamri", "Saeed", "", ""),
        ("Al Amri", "Saied", "", "")]),
    ("ar-mahmoud", "PS", "M", [
        ("Darwish", "Mahmoud", "درويش", "محمود"), ("Darweesh", "Mahmud", "", ""), ("Darvish", "Makhmud", "", "")]),
    # ---- Vietnam: without diacritics, middle name left out, order of names
    ("vn-hong", "VN", "F", [
        ("Nguyễn", "Thị Hồng", "", ""), ("Nguyen", "Thi Hong", "", ""), ("Nguyen", "Hong", "", ""),
        ("Hong", "Nguyen Thi", "", "")]),
    ("vn-an", "VN", "M", [
        ("Trần", "Văn An", "", ""), ("Tran", "Van An", "", ""), ("Tran", "An", "", ""), ("An", "Tran Van", "", "")]),
    ("vn-minh", "VN", "M", [
        ("Phạm", "Đức Minh", "", ""), ("Pham", "Duc Minh", "", ""), ("Pham", "Minh", "", "")]),
    ("vn-thu-ha", "VN", "F", [
        ("Lê", "Thị Thu Hà", "", ""), ("Le", "Thi Thu Ha", "", ""), ("Le", "Thu Ha", "", "")]),
    ("vn-dat", "VN", "M", [
        ("Hoàng", "Văn Đạt", "", ""), ("Hoang", "Van Dat", "", ""), ("Hoang", "Dat", "", "")]),
]

# Different people that the check must tell apart; each side is (family, given, family_orig, given_orig, sex).
# The false alarms come first (same date of birth, often 1 January, and a loosely similar name).
CONFUSABLE: list[tuple[str, str, tuple[str, str, str, str, str], tuple[str, str, str, str, str]]] = [
    ("IQ", "twins Hassan/Hussein", ("Karimi", "Hassan", "", "", "M"), ("Karimi", "Hussein", "", "", "M")),
    ("IQ", "twins Hasan/Husayn script", ("Al-Jabouri", "Hasan", "الجبوري", "حسن", "M"),
     ("Al-Jabouri", "Husayn", "الجبوري", "حسين", "M")),
    ("EG", "brothers Mohammed/Mahmoud", ("Saleh", "Mohammed", "", "", "M"), ("Saleh", "Mahmoud", "", "", "M")),
    ("EG", "brothers script", ("Saleh", "Mohamed", "صالح", "محمد", "M"), ("Saleh", "Mahmoud", "صالح", "محمود", "M")),
    ("GE", "sisters Nino/Nana", ("Beridze", "Nino", "ბერიძე", "ნინო", "F"), ("Beridze", "Nana", "ბერიძე", "ნანა", "F")),
    ("VN", "twins An/Anh", ("Tran", "Van An", "", "", "M"), ("Tran", "Van Anh", "", "", "M")),
    ("GE", "Tamar/Temur", ("Japaridze", "Tamar", "", "", "F"), ("Japaridze", "Temur", "", "", "M")),
    ("UZ", "Tamara/Temur", ("Rakhimova", "Tamara", "", "", "F"), ("Rakhimov", "Temur", "", "", "M")),
    ("GE", "Nino/Nona", ("Kapanadze", "Nino", "", "", "F"), ("Kapanadze", "Nona", "", "", "F")),
    ("GE", "Nana/Nona", ("Kharadze", "Nana", "", "", "F"), ("Kharadze", "Nona", "", "", "F")),
    ("VN", "Hong/Huong", ("Nguyen", "Thi Hong", "", "", "F"), ("Nguyen", "Thi Huong", "", "", "F")),
    ("VN", "Lan/Loan", ("Nguyen", "Thi Lan", "", "", "F"), ("Nguyen", "Thi Loan", "", "", "F")),
    ("VN", "Minh/Manh", ("Pham", "Duc Minh", "", "", "M"), ("Pham", "Duc Manh", "", "", "M")),
    ("VN", "Van An / Thi An", ("Le", "Van An", "", "", "M"), ("Le", "Thi An", "", "", "F")),
    ("VN", "Tuan/Tuan Anh", ("Hoang", "Van Tuan", "", "", "M"), ("Hoang", "Anh Tuan", "", "", "M")),
    ("SY", "cousins: father's name differs", ("Al-Khatib", "Ahmad Hassan", "", "", "M"),
     ("Al-Khatib", "Ahmad Hussein", "", "", "M")),
    ("SY", "Ahmad/Mahmoud", ("Al-Omar", "Ahmad", "", "", "M"), ("Al-Omar", "Mahmoud", "", "", "M")),
    ("IQ", "Ali/Alaa", ("Hussein", "Ali", "", "", "M"), ("Hussein", "Alaa", "", "", "M")),
    ("IQ", "Omar/Ammar", ("Al-Hassan", "Omar", "", "", "M"), ("Al-Hassan", "Ammar", "", "", "M")),
    ("IQ", "Omar/Amer", ("Abbas", "Omar", "", "", "M"), ("Abbas", "Amer", "", "", "M")),
    ("SD", "Osman/Othman vs Usama", ("Adam", "Osman", "", "", "M"), ("Adam", "Usama", "", "", "M")),
    ("EG", "Said/Saad", ("Fathi", "Said", "", "", "M"), ("Fathi", "Saad", "", "", "M")),
    ("EG", "Hamid/Hamed/Ahmed", ("Mansour", "Hamid", "", "", "M"), ("Mansour", "Ahmed", "", "", "M")),
    ("MA", "Karim/Karima", ("Benali", "Karim", "", "", "M"), ("Benali", "Karima", "", "", "F")),
    ("MA", "Samir/Samira", ("Alaoui", "Samir", "", "", "M"), ("Alaoui", "Samira", "", "", "F")),
    ("IQ", "Fatima/Fatin", ("Jasim", "Fatima", "", "", "F"), ("Jasim", "Fatin", "", "", "F")),
    ("IQ", "Zainab/Zaineb vs Zahra", ("Kadhim", "Zainab", "", "", "F"), ("Kadhim", "Zahra", "", "", "F")),
    ("AF", "Abdul Rahim/Abdul Rahman", ("Sultani", "Abdul Rahim", "", "", "M"), ("Sultani", "Abdul Rahman", "", "", "M")),
    ("AF", "Abdullah/Abdul Wahid", ("Noorzai", "Abdullah", "", "", "M"), ("Noorzai", "Abdul Wahid", "", "", "M")),
    ("AF", "Abdul Karim/Abdul Qadir", ("Ahmadzai", "Abdul Karim", "", "", "M"), ("Ahmadzai", "Abdul Qadir", "", "", "M")),
    ("IR", "Hossein/Hassan", ("Rezaei", "Hossein", "", "", "M"), ("Rezaei", "Hassan", "", "", "M")),
    ("IR", "Mohammad/Mahmoud script", ("Ahmadi", "Mohammad", "احمدی", "محمد", "M"),
     ("Ahmadi", "Mahmoud", "احمدی", "محمود", "M")),
    ("IR", "Maryam/Marziyeh", ("Karimi", "Maryam", "", "", "F"), ("Karimi", "Marziyeh", "", "", "F")),
    ("UA", "Olena/Olha", ("Tkachenko", "Olena", "", "", "F"), ("Tkachenko", "Olha", "", "", "F")),
    ("UA", "Oleksandr/Oleksandra", ("Melnyk", "Oleksandr", "", "", "M"), ("Melnyk", "Oleksandra", "", "", "F")),
    ("UA", "Ivan/Ivanna", ("Bondar", "Ivan", "", "", "M"), ("Bondar", "Ivanna", "", "", "F")),
    ("UA", "Yurii/Yulii", ("Kovalenko", "Yurii", "", "", "M"), ("Kovalenko", "Yulii", "", "", "M")),
    ("UA", "Mykola/Mykhailo", ("Shevchuk", "Mykola", "", "", "M"), ("Shevchuk", "Mykhailo", "", "", "M")),
    ("UA", "Kravchenko/Kravchuk", ("Kravchenko", "Andrii", "", "", "M"), ("Kravchuk", "Andrii", "", "", "M")),
    ("UA", "Bondarenko/Bondar", ("Bondarenko", "Iryna", "", "", "F"), ("Bondar", "Iryna", "", "", "F")),
    ("RU", "Ivanov/Ivanova spouses", ("Ivanov", "Sergei", "", "", "M"), ("Ivanova", "Svetlana", "", "", "F")),
    ("RU", "Sergei/Sergeevich father-son", ("Zakharov", "Sergei Ivanovich", "", "", "M"),
     ("Zakharov", "Ivan Sergeevich", "", "", "M")),
    ("RU", "Zakharov/Zakharchenko", ("Zakharov", "Ivan", "", "", "M"), ("Zakharchenko", "Ivan", "", "", "M")),
    ("RU", "Aleksei/Aleksandr", ("Sokolov", "Aleksei", "", "", "M"), ("Sokolov", "Aleksandr", "", "", "M")),
    ("RU", "Natalia/Nataliia vs Tatiana", ("Kuznetsova", "Natalia", "", "", "F"), ("Kuznetsova", "Tatiana", "", "", "F")),
    ("RU", "Maria/Marina", ("Fedorova", "Maria", "", "", "F"), ("Fedorova", "Marina", "", "", "F")),
    ("RU", "Dmitrii/Dmitrieva", ("Shcherbakov", "Dmitrii", "", "", "M"), ("Shcherbakova", "Daria", "", "", "F")),
    ("BY", "Siarhei/Sviatlana", ("Melnikau", "Siarhei", "", "", "M"), ("Melnikava", "Sviatlana", "", "", "F")),
    ("BY", "Aliaksandr/Aliaksei", ("Kavalenka", "Aliaksandr", "", "", "M"), ("Kavalenka", "Aliaksei", "", "", "M")),
    ("GE", "Giorgi/Gia", ("Kapanadze", "Giorgi", "", "", "M"), ("Kapanadze", "Gia", "", "", "M")),
    ("GE", "Levan/Lasha", ("Mchedlishvili", "Levan", "", "", "M"), ("Mchedlishvili", "Lasha", "", "", "M")),
    ("GE", "Beridze/Berishvili", ("Beridze", "Nino", "", "", "F"), ("Berishvili", "Nino", "", "", "F")),
    ("GE", "Ketevan/Ketino", ("Kharadze", "Ketevan", "", "", "F"), ("Kharadze", "Eka", "", "", "F")),
    ("AM", "Hovhannes/Hovsep", ("Khachatryan", "Hovhannes", "", "", "M"), ("Khachatryan", "Hovsep", "", "", "M")),
    ("AM", "Anahit/Anush", ("Petrosyan", "Anahit", "", "", "F"), ("Petrosyan", "Anush", "", "", "F")),
    ("AM", "Aram/Arman", ("Sargsyan", "Aram", "", "", "M"), ("Sargsyan", "Arman", "", "", "M")),
    ("AM", "Armen/Arsen", ("Hakobyan", "Armen", "", "", "M"), ("Hakobyan", "Arsen", "", "", "M")),
    ("AZ", "Elchin/Elnur", ("Mammadov", "Elchin", "", "", "M"), ("Mammadov", "Elnur", "", "", "M")),
    ("AZ", "Aygun/Aysel", ("Huseynova", "Aygun", "", "", "F"), ("Huseynova", "Aysel", "", "", "F")),
    ("AZ", "Aliyev/Aliyeva siblings", ("Aliyev", "Jafar", "", "", "M"), ("Aliyeva", "Jamila", "", "", "F")),
    ("AZ", "Rashad/Rashid", ("Gasimov", "Rashad", "", "", "M"), ("Gasimov", "Rashid", "", "", "M")),
    ("UZ", "Uktam/Rustam", ("Khodzhaev", "Uktam", "", "", "M"), ("Khodzhaev", "Rustam", "", "", "M")),
    ("UZ", "Gulnoza/Gulnora", ("Rakhimova", "Gulnoza", "", "", "F"), ("Rakhimova", "Gulnora", "", "", "F")),
    ("UZ", "Dilnoza/Dilfuza", ("Ganieva", "Dilnoza", "", "", "F"), ("Ganieva", "Dilfuza", "", "", "F")),
    ("UZ", "Shavkat/Shukhrat", ("Toshmatov", "Shavkat", "", "", "M"), ("Toshmatov", "Shukhrat", "", "", "M")),
    ("UZ", "Bakhtiyor/Bakhodir", ("Yuldashev", "Bakhtiyor", "", "", "M"), ("Yuldashev", "Bakhodir", "", "", "M")),
    ("TJ", "Farrukh/Faridun", ("Saidov", "Farrukh", "", "", "M"), ("Saidov", "Faridun", "", "", "M")),
    ("TJ", "Zarina/Zarrina vs Zaynab", ("Juraeva", "Zarina", "", "", "F"), ("Juraeva", "Zaynab", "", "", "F")),
    ("TJ", "Sherali/Sherzod", ("Davlatov", "Sherali", "", "", "M"), ("Davlatov", "Sherzod", "", "", "M")),
    ("TJ", "Abdulloh/Abdurahmon", ("Nazarov", "Abdulloh", "", "", "M"), ("Nazarov", "Abdurahmon", "", "", "M")),
    ("KG", "Nurlan/Nurbek", ("Asanbekov", "Nurlan", "", "", "M"), ("Asanbekov", "Nurbek", "", "", "M")),
    ("KG", "Aigerim/Aizhan", ("Toktogulova", "Aigerim", "", "", "F"), ("Toktogulova", "Aizhan", "", "", "F")),
    ("KZ", "Yerlan/Yerzhan", ("Sarsenbayev", "Yerlan", "", "", "M"), ("Sarsenbayev", "Yerzhan", "", "", "M")),
    ("KZ", "Assel/Aisulu", ("Zhumabayeva", "Assel", "", "", "F"), ("Zhumabayeva", "Aisulu", "", "", "F")),
    ("KZ", "Nursultan/Nurlan", ("Kassymov", "Nursultan", "", "", "M"), ("Kassymov", "Nurlan", "", "", "M")),
    ("LB", "Fatima/Fadia", ("Youssef", "Fatima", "", "", "F"), ("Youssef", "Fadia", "", "", "F")),
    ("IQ", "Yusuf/Yunus", ("Abdullah", "Yusuf", "", "", "M"), ("Abdullah", "Yunus", "", "", "M")),
    ("SY", "Khaled/Khalil", ("Al-Omar", "Khaled", "", "", "M"), ("Al-Omar", "Khalil", "", "", "M")),
    ("EG", "Mustafa/Mostafa vs Murtada", ("Qasim", "Mustafa", "", "", "M"), ("Qasim", "Murtada", "", "", "M")),
    ("MA", "Aicha/Aziza", ("Cherif", "Aicha", "", "", "F"), ("Cherif", "Aziza", "", "", "F")),
    ("DZ", "Djamal/Djamel Eddine vs Nour Eddine", ("Bouzid", "Djamal Eddine", "", "", "M"),
     ("Bouzid", "Nour Eddine", "", "", "M")),
    ("AF", "Nuruddin/Nasruddin", ("Karimi", "Nuruddin", "", "", "M"), ("Karimi", "Nasruddin", "", "", "M")),
    ("YE", "Saeed/Saleh", ("Al-Amri", "Saeed", "", "", "M"), ("Al-Amri", "Saleh", "", "", "M")),
    ("PS", "Mahmoud/Mahdi", ("Darwish", "Mahmoud", "", "", "M"), ("Darwish", "Mahdi", "", "", "M")),
    ("IR", "Zahra/Zohreh", ("Mohammadi", "Zahra", "", "", "F"), ("Mohammadi", "Zohreh", "", "", "F")),
    ("SD", "Adam/Adham", ("Ibrahim", "Adam", "", "", "M"), ("Ibrahim", "Adham", "", "", "M")),
    ("SY", "Hamza/Hamzeh vs Hazem", ("Khalil", "Hamza", "", "", "M"), ("Khalil", "Hazem", "", "", "M")),
    ("IQ", "Ali Hussein/Hussein Ali (swapped father)", ("Al-Tamimi", "Ali Hussein", "", "", "M"),
     ("Al-Tamimi", "Ali Hassan", "", "", "M")),
]


def _dob(rng: random.Random) -> dt.date:
    return dt.date(rng.randint(1955, 2012), rng.randint(1, 12), rng.randint(1, 28))


# How the second record's date of birth relates to the first one's, in turn.
_SAME_RULES = ("exact", "exact", "exact", "swapped", "one_day", "estimated_year", "default_1jan", "exact",
               "missing", "exact")


def _same_dates(rule: str, rng: random.Random) -> tuple[str, str, str, str]:
    """(dob_a, estimated_a, dob_b, estimated_b) as CSV text for a same-person pair."""
    day = _dob(rng)
    if rule == "swapped":
        month, dom = rng.sample(range(1, 13), 2)
        day = dt.date(day.year, month, dom)
        return day.isoformat(), "0", dt.date(day.year, day.day, day.month).isoformat(), "0"
    if rule == "one_day":
        return day.isoformat(), "0", (day + dt.timedelta(days=rng.choice((-1, 1)))).isoformat(), "0"
    if rule == "estimated_year":
        return day.isoformat(), "0", dt.date(day.year, 1, 1).isoformat(), "1"
    if rule == "default_1jan":
        return dt.date(day.year, 1, 1).isoformat(), "1", dt.date(day.year, 1, 1).isoformat(), "0"
    if rule == "missing":
        return day.isoformat(), "0", "", "0"
    return day.isoformat(), "0", day.isoformat(), "0"


_FIELDS = ["pair", "label", "category", "rule",
           "a_family", "a_given", "a_family_original", "a_given_original", "a_sex", "a_dob", "a_dob_estimated",
           "a_citizenship", "a_document", "a_document_country",
           "b_family", "b_given", "b_family_original", "b_given_original", "b_sex", "b_dob", "b_dob_estimated",
           "b_citizenship", "b_document", "b_document_country"]


def _passport(rng: random.Random) -> str:
    letters = "ABCEHKMOPTX"
    return "".join(rng.choice(letters) for _ in range(2)) + "".join(str(rng.randint(0, 9)) for _ in range(7))


_TO_CYRILLIC = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")


def build() -> list[dict[str, str]]:
    """Every pair, same-person ones first."""
    rng = random.Random(16)
    rows: list[dict[str, str]] = []
    turn = 0
    for key, country, sex, records in PEOPLE:
        combos = [(0, i) for i in range(1, len(records))] + [(i, i + 1) for i in range(1, len(records) - 1)]
        for a, b in combos:
            rule = _SAME_RULES[turn % len(_SAME_RULES)]
            turn += 1
            dob_a, est_a, dob_b, est_b = _same_dates(rule, rng)
            doc_a = doc_b = ""
            if turn % 9 == 0:
                # The same passport typed on a Russian keyboard (Cyrillic look-alike letters); dates far off.
                doc_a = _passport(rng)
                doc_b = doc_a.translate(_TO_CYRILLIC)
                rule = "same_document"
                dob_b = dt.date(int(dob_a[:4]) - 3, 6, 15).isoformat() if dob_a else ""
            elif turn % 4 == 0:
                doc_a = _passport(rng)  # only one record has the passport
            ra, rb = records[a], records[b]
            rows.append({
                "pair": f"{key}-{a}{b}", "label": "same", "category": country, "rule": rule,
                "a_family": ra[0], "a_given": ra[1], "a_family_original": ra[2], "a_given_original": ra[3],
                "a_sex": sex, "a_dob": dob_a, "a_dob_estimated": est_a, "a_citizenship": country,
                "a_document": doc_a, "a_document_country": country if doc_a else "",
                "b_family": rb[0], "b_given": rb[1], "b_family_original": rb[2], "b_given_original": rb[3],
                "b_sex": sex if turn % 11 else "U", "b_dob": dob_b, "b_dob_estimated": est_b,
                "b_citizenship": country if turn % 7 else "", "b_document": doc_b,
                "b_document_country": country if doc_b else "",
            })
    different_rules = ("default_1jan", "exact", "default_1jan", "estimated_year", "exact")
    for index, (country, note, a, b) in enumerate(CONFUSABLE):
        rule = different_rules[index % len(different_rules)]
        dob_a, est_a, dob_b, est_b = _same_dates(rule, rng)
        rows.append(_different(f"confusable-{index:02d}", country, note, rule, a, b, dob_a, est_a, dob_b, est_b))
    # The same name, born in other years: namesakes, father and son (exact dates, not estimated).
    for index, (key, country, sex, records) in enumerate(PEOPLE[::2]):
        r = records[0]
        day = _dob(rng)
        other = dt.date(day.year - rng.randint(3, 30), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(_different(f"namesake-{key}", country, "namesake born another year", "different_date",
                               (*r, sex), (*records[-1], sex), day.isoformat(), "0", other.isoformat(), "0"))
    # Passports that differ only in their letters (the old check compared the digits alone).
    for index in range(12):
        (_, c1, s1, r1), (_, _c2, s2, r2) = PEOPLE[index * 5 % len(PEOPLE)], PEOPLE[(index * 5 + 3) % len(PEOPLE)]
        digits = "".join(str(rng.randint(0, 9)) for _ in range(7))
        row = _different(f"document-letters-{index:02d}", c1, "same digits, other letters", "different_date",
                         (*r1[0], s1), (*r2[0], s2), _dob(rng).isoformat(), "0", _dob(rng).isoformat(), "0")
        row.update(a_document="AB" + digits, a_document_country=c1, b_document="ЕК" + digits,
                   b_document_country=c1)
        rows.append(row)
    return rows


def _different(pair: str, country: str, note: str, rule: str, a: tuple[str, ...], b: tuple[str, ...],
               dob_a: str, est_a: str, dob_b: str, est_b: str) -> dict[str, str]:
    return {
        "pair": pair, "label": "different", "category": country, "rule": f"{rule}: {note}",
        "a_family": a[0], "a_given": a[1], "a_family_original": a[2], "a_given_original": a[3], "a_sex": a[4],
        "a_dob": dob_a, "a_dob_estimated": est_a, "a_citizenship": country, "a_document": "",
        "a_document_country": "",
        "b_family": b[0], "b_given": b[1], "b_family_original": b[2], "b_given_original": b[3], "b_sex": b[4],
        "b_dob": dob_b, "b_dob_estimated": est_b, "b_citizenship": country, "b_document": "",
        "b_document_country": "",
    }


def main() -> None:
    """Write the CSV next to this script."""
    path = Path(__file__).with_name("name_pairs.csv")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=_FIELDS)
        writer.writeheader()
        writer.writerows(build())


if __name__ == "__main__":
    main()
