"""The Latin spelling an office would write for a name in Arabic script (Arabic, Persian, Urdu, Pashto, Kurdish).

A draft for a person to check against the passport, not a transliteration standard: the names most returnees
carry come from a table of the spellings passports and offices write most (محمد Mohammed, أحمد Ahmad, عبد الله
Abdullah); the parts of a name are joined as offices write them (عبد الرحمن Abdulrahman, نجيب الله Najibullah, نور
الدين Nuruddin, الحسن Al-Hassan); any other word is spelt by its letters, long vowels ا و ي as a, u, i, ة as a, and
a short a put where Arabic writes none but a Latin reader needs one (حسن Hasan, خالد Khalid). A maintained
library (arabic-name-romanizer, 0.2.0) spells better but needs ONNX Runtime and NumPy (120 MB) in the app.

Morocco, Algeria, Tunisia and Mauritania write their passports in the French convention (``maghreb``): ou for the
long u, ch for ش, k for ق, the article joined as el (محمد Mohamed, يوسف Youssef, عبد القادر Abdelkader, عبد الرحمن
Abderrahmane, نور الدين Noureddine, بوزيد Bouzid, العلوي El Alaoui).
"""

from __future__ import annotations

import re

#: Harakat (short vowels, shadda, sukun), the superscript alif and tatweel: not letters of the name.
_MARKS = re.compile("[\u064B-\u065F\u0670\u0640]")
_JOINERS = re.compile("[\u200c\u200d]")
#: Letter forms folded before a look-up: hamza seats on alif, Persian kaf and ya, final alif maqsura, ta marbuta.
_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ک": "ك", "ی": "ي", "ى": "ي", "ۍ": "ي", "ے": "ي", "ہ": "ه",
            "ۀ": "ه", "ګ": "گ"}
_FOLD_LETTERS = str.maketrans(_LETTERS)
_FOLD = str.maketrans({**_LETTERS, "ة": "ه"})

#: The commonest names, folded (``_FOLD``), as passports and offices spell them; the Persian-script spelling second
#: where Iran and Afghanistan write another (محمد Mohammad, حسین Hossein).
COMMON: dict[str, tuple[str, str]] = {
    "محمد": ("Mohammed", "Mohammad"), "احمد": ("Ahmad", "Ahmad"), "محمود": ("Mahmoud", "Mahmoud"),
    "مصطفي": ("Mustafa", "Mostafa"), "علي": ("Ali", "Ali"), "عمر": ("Omar", "Omar"), "حسن": ("Hassan", "Hassan"),
    "حسين": ("Hussein", "Hossein"), "فاطمه": ("Fatima", "Fatemeh"), "خالد": ("Khaled", "Khaled"),
    "يوسف": ("Youssef", "Yousef"), "ابراهيم": ("Ibrahim", "Ebrahim"), "اسماعيل": ("Ismail", "Esmail"),
    "عثمان": ("Othman", "Osman"), "عايشه": ("Aisha", "Aisha"), "عائشه": ("Aisha", "Aisha"), "زينب": ("Zainab", "Zeinab"),
    "مريم": ("Maryam", "Maryam"), "سعيد": ("Saeed", "Saeed"), "رضا": ("Rida", "Reza"), "عيسي": ("Issa", "Isa"),
    "موسي": ("Musa", "Musa"), "سليمان": ("Suleiman", "Soleiman"), "عباس": ("Abbas", "Abbas"), "جعفر": ("Jafar", "Jafar"),
    "حمزه": ("Hamza", "Hamzeh"), "طارق": ("Tariq", "Tareq"), "ياسين": ("Yassin", "Yasin"), "ساره": ("Sara", "Sara"),
    "ليلي": ("Layla", "Leila"), "امينه": ("Amina", "Amineh"), "خديجه": ("Khadija", "Khadijeh"), "صالح": ("Saleh", "Saleh"),
    "ناصر": ("Nasser", "Naser"), "سمير": ("Samir", "Samir"), "كمال": ("Kamal", "Kamal"), "وليد": ("Walid", "Walid"),
    "هاشم": ("Hashem", "Hashem"), "قاسم": ("Qasim", "Ghasem"), "عمران": ("Imran", "Imran"), "جمال": ("Jamal", "Jamal"),
    "كريم": ("Karim", "Karim"), "نور": ("Nour", "Nur"), "امين": ("Amin", "Amin"), "اسامه": ("Osama", "Osama"),
    "حامد": ("Hamid", "Hamed"), "حميد": ("Hamid", "Hamid"), "محسن": ("Mohsen", "Mohsen"), "مهدي": ("Mahdi", "Mahdi"),
    "جواد": ("Jawad", "Javad"), "زهرا": ("Zahra", "Zahra"), "زهراء": ("Zahraa", "Zahra"), "هدي": ("Huda", "Hoda"),
    "يحيي": ("Yahya", "Yahya"), "زكريا": ("Zakaria", "Zakaria"), "نبيل": ("Nabil", "Nabil"), "منصور": ("Mansour", "Mansour"),
    "بكر": ("Bakr", "Bakr"), "عمرو": ("Amr", "Amr"), "فهد": ("Fahd", "Fahd"), "انس": ("Anas", "Anas"),
    "بلال": ("Bilal", "Bilal"), "رشيد": ("Rashid", "Rashid"), "ماجد": ("Majid", "Majid"), "مجيد": ("Majid", "Majid"),
    "فيصل": ("Faisal", "Faisal"), "عادل": ("Adel", "Adel"), "غلام": ("Ghulam", "Gholam"), "نجيب": ("Najib", "Najib"),
    "سيف": ("Saif", "Saif"), "عماد": ("Imad", "Emad"), "عصام": ("Issam", "Essam"), "عرفان": ("Irfan", "Erfan"),
    "عدنان": ("Adnan", "Adnan"), "صلاح": ("Salah", "Salah"), "علاء": ("Alaa", "Ala"), "شمس": ("Shams", "Shams"),
    "سلمان": ("Salman", "Salman"), "عزيز": ("Aziz", "Aziz"), "رحمن": ("Rahman", "Rahman"), "رحيم": ("Rahim", "Rahim"),
    "خان": ("Khan", "Khan"), "شاه": ("Shah", "Shah"), "درويش": ("Darwish", "Darvish"), "الله": ("Allah", "Allah"),
    "رمضان": ("Ramadan", "Ramazan"), "ادم": ("Adam", "Adam"), "طه": ("Taha", "Taha"), "حياه": ("Hayat", "Hayat"),
    "هيثم": ("Haitham", "Haitham"), "حيدر": ("Haidar", "Heidar"), "هشام": ("Hisham", "Hesham"),
    "ادريس": ("Idris", "Edris"), "بن": ("Bin", "Bin"),
}
#: The commonest names, folded, as Moroccan, Algerian and Tunisian passports spell them (French convention) where
#: that differs from ``COMMON``'s first spelling; and names only the Maghreb gives its children so often.
MAGHREB: dict[str, str] = {
    "محمد": "Mohamed", "احمد": "Ahmed", "مصطفي": "Mustapha", "حسين": "Hocine", "ابراهيم": "Brahim",
    "اسماعيل": "Smail", "عثمان": "Othmane", "عايشه": "Aicha", "عائشه": "Aicha", "زينب": "Zineb", "مريم": "Meriem",
    "سعيد": "Said", "رضا": "Reda", "عيسي": "Aissa", "موسي": "Moussa", "سليمان": "Slimane", "طارق": "Tarek",
    "ياسين": "Yacine", "ليلي": "Leila", "ناصر": "Nacer", "كمال": "Kamel", "قاسم": "Kacem", "امين": "Amine",
    "مهدي": "Mehdi", "يحيي": "Yahia", "رشيد": "Rachid", "عماد": "Imad", "عصام": "Issam", "هشام": "Hicham",
    "سفيان": "Soufiane", "ايوب": "Ayoub", "شريف": "Cherif", "سعاد": "Souad", "نعيمه": "Naima", "حليمه": "Halima",
    "لطيفه": "Latifa", "كلثوم": "Keltoum", "مبارك": "Mbarek", "ادريس": "Driss", "عربي": "Arbi", "جميله": "Jamila",
    "ياسمين": "Yasmine", "وفاء": "Wafae", "سلمي": "Salma", "عمار": "Ammar", "بلقاسم": "Belkacem", "قادر": "Kader",
    "رحمن": "Rahmane", "رحيم": "Rahim", "حق": "Hak", "علوي": "Alaoui", "ادريسي": "Idrissi", "فاسي": "Fassi",
    "بن": "Ben", "بنت": "Bent", "زهره": "Zohra", "خيره": "Kheira", "فتيحه": "Fatiha", "مليكه": "Malika",
    "ناديه": "Nadia", "سميره": "Samira", "كريمه": "Karima", "حياه": "Hayat", "خير": "Kheir",
    "عز": "Az", "بوعلام": "Boualem", "طاهر": "Tahar", "شكري": "Choukri", "قاسمي": "Kacimi", "جلال": "Djalal", "حكيم": "Hakim", "منير": "Mounir", "نجيب": "Najib", "ادم": "Adam",
}
#: The sun letters: the article before them is said as the letter (عبد الرحمن Abderrahmane, عبد الصمد Abdessamad).
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")
#: Consonants as the French convention writes them, where it differs from ``_CONSONANTS``.
_MAGHREB_SOUNDS = {"ش": "ch", "ق": "k", "ث": "t", "ذ": "d", "ظ": "d"}
#: Word-final parts that are names of their own: نجيب‌الله Najibullah, نورالدین Nuruddin.
_ALLAH, _DIN = "الله", "الدين"

#: Consonants as English-convention spellings write them (ث th, ذ dh, ق q); Persian, Urdu and Pashto say ث as s
#: and ذ ض ظ as z, and that is how their passports write them (``_PERSIAN_SOUNDS``).
_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ھ": "h",
    "ڤ": "v", "ڕ": "r", "ڵ": "l", "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh", "ځ": "z", "څ": "ts",
    "ڼ": "n",
}
_PERSIAN_SOUNDS = {"ث": "s", "ذ": "z", "ض": "z", "ظ": "z"}
#: Kurdish (Sorani) writes its vowels: ە e, ۆ o, ێ e.
_WRITTEN_VOWELS = {"ە": "e", "ۆ": "o", "ێ": "e"}
#: Letters of Persian, Urdu, Pashto and Kurdish that Arabic does not write.
PERSIAN_LETTERS = re.compile("[یکگپچژےہھںځڅښږړټډڼګۍېۆێەڵڕ\u200c]")


def spell_name(word: str, persian: bool = False, *, maghreb: bool = False) -> str:
    """One word of a name in Arabic script (compounds joined: عبدالرحمن, نجيب‌الله) as an office would write it,
    capitalised; ``persian`` for Persian, Urdu and Pashto names (ض z, ث s, محمد Mohammad), ``maghreb`` for
    Moroccan, Algerian, Tunisian and Mauritanian ones (محمد Mohamed, عبد القادر Abdelkader)."""
    parts = [part for part in _JOINERS.split(_MARKS.sub("", word)) if part]
    if len(parts) > 1 and _fold(parts[-1]) not in (_ALLAH, _DIN):  # علی‌رضا Alireza, not Ali Reza
        return _capital("".join(_spell(part, persian, maghreb).lower() for part in parts))
    spelt = _spell("".join(parts), persian, maghreb)
    return spelt if spelt.startswith("El ") else _capital(spelt)


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _capital(text: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in text.split("-"))


def _spell(word: str, persian: bool, maghreb: bool = False) -> str:
    folded = _fold(word)
    letters = word.translate(_FOLD_LETTERS)  # ة kept: حياة Hayat, but فاطمة and فاطمه are one name
    if maghreb and folded in MAGHREB:
        return MAGHREB[folded]
    if folded in COMMON:
        return COMMON[folded][persian]
    if folded.startswith("عبد") and len(folded) > 4:  # عبد الله Abdullah, عبد الرحمن Abdulrahman, عبدالواحد
        rest = folded[3:]
        if maghreb:
            return _abdel(rest)
        if rest == _ALLAH:
            return "Abdullah"
        return "Abdul" + _spell(rest[2:] if rest.startswith("ال") else rest, persian).lower()
    for suffix, spelt in ((_ALLAH, "allah" if maghreb else "ullah"), (_DIN, "eddine" if maghreb else "uddin")):
        if folded.endswith(suffix) and len(folded) > len(suffix):  # نجيب الله Najibullah, نور الدين Nuruddin
            stem = _spell(folded[:-len(suffix)], persian, maghreb)
            if suffix == _DIN and not maghreb:
                stem = stem.replace("ou", "u")  # Nuruddin (Maghreb: Noureddine)
            return stem + spelt
    if folded.startswith("ال") and len(folded) > 3:  # the article: الأحمد Al-Ahmad (Maghreb: العلوي El Alaoui)
        if maghreb:
            return "El " + _capital(_spell(folded[2:], persian, maghreb))
        return "Al-" + _capital(_spell(folded[2:], persian))
    if persian and folded.endswith("زي") and len(folded) > 3:  # Pashto tribal names: نورزی Noorzai, احمدزی
        return _spell(word[:-2], persian) + "zai"
    for ending, spelt in (("ايي", "ei"), ("ي", "i")):  # nisba: كريمي Karimi, محمدی Mohammadi, رضایی Rezaei
        stem = folded[:-len(ending) + (ending == "ايي")]
        if folded.endswith(ending) and len(folded) > 3 and stem in COMMON:
            return COMMON[stem][persian].removesuffix("i") + spelt
    return _letters(letters, persian, maghreb)


def _abdel(rest: str) -> str:
    """عبد and the rest of the name as the Maghreb writes it: the article joined as el, or as the sun letter it
    is said as (عبد القادر Abdelkader, عبد الرحمن Abderrahmane, عبد الله Abdellah, عبدالواحد Abdelwahid)."""
    if rest == _ALLAH:
        return "Abdellah"
    if rest.startswith("ال") and len(rest) > 2:
        rest = rest[2:]
        if rest[0] in _SUN_LETTERS:
            spelt = _spell(rest, False, True).lower()
            return "Abde" + spelt[:1] + spelt  # Abderrahmane, Abdessamad, Abdennour
    return "Abdel" + _spell(rest, False, True).lower()


def _letters(word: str, persian: bool, maghreb: bool = False) -> str:
    """A word by its letters: consonants, the long vowels written, and a short vowel where two consonants would
    begin the word or end it, or three would follow each other (Arabic writes no short vowels)."""
    units: list[tuple[str, bool | None]] = []  # (Latin, is a vowel: True long, None short)
    last = len(word) - 1
    for index, char in enumerate(word):
        before = word[index - 1] if index else ""
        after = word[index + 1] if index < last else ""
        if char in _WRITTEN_VOWELS:
            units.append((_WRITTEN_VOWELS[char], True))
        elif char == "ا":
            if not (before == "ا" or (index == last and before == "و")):  # the silent alif after a plural و
                units.append(("a", True) if index else ("a", None))  # a first alif carries a short vowel
        elif char == "و":
            consonant = index == 0 or after == "ا" or (before == "ا" and after)
            units.append(("w", False) if consonant else ("ou" if maghreb else "u", True))  # Walid; Bouzid
        elif char == "ي":
            consonant = (index == 0 or after in ("ا", "و") or (before == "ا" and after and after != "ي")
                         or (after == "ة" and index + 1 == last))  # نادية Nadya
            units.append(("y", False) if consonant else ("i", True))
        elif char == "ع":
            if (index == 0 and after and after not in "اوي") or (index and units and units[-1][1] is False):
                units.append(("a", None))  # عدنان Adnan, جعفر Jafar
        elif char in "ءئؤ":
            if char != "ء":
                units.append(({"ئ": "i", "ؤ": "u"}[char], True))
        elif char == "ة":
            units.append(("t", False) if before == "ا" else ("a", True))
        elif char == "ه" and index == last and index:
            if units and units[-1][1] is not False:
                units.append(("h", False))  # Allah, Taha
            else:
                units.append(("eh" if persian else "a", True))  # ta marbuta (folded), Persian final he: Zadeh
        else:
            latin = _PERSIAN_SOUNDS.get(char) if persian else _MAGHREB_SOUNDS.get(char) if maghreb else None
            latin = latin or _CONSONANTS.get(char)
            if latin:
                units.append((latin, False))
    return _with_short_vowels(units)


def _with_short_vowels(units: list[tuple[str, bool | None]]) -> str:
    out: list[str] = []
    run = 0  # consonants since the last vowel
    long_a = False  # the last vowel was a written alif: faa'il names, خالد Khalid, راشد Rashid
    for index, (latin, vowel) in enumerate(units):
        if vowel is not False:
            out.append(latin)
            run, long_a = 0, latin == "a" and vowel is True
            continue
        if run and (len(out) == 1 or run >= 2):
            out.append("i" if latin == "y" and len(out) == 1 else "a")  # زياد Ziyad; حسن Ha-san
            run, long_a = 0, False
        elif run == 1 and index == len(units) - 1:
            out.append("i" if long_a else "a")  # خالد Khalid, حسن Hasan
            run = 0
        out.append(latin)
        run += 1
    return "".join(out)
