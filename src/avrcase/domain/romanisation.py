"""Per-script romanisation of one name word, to the broad Latin spelling that name keys start from.

Each script has one table that is the union of the systems its passports and gazetteers use (ICAO 9303,
the national passport systems of UA, BY, RU, KZ, KG, TJ, UZ, GE, AM, AZ, and BGN/PCGN); where the
systems differ (Ukrainian г = h, Russian г = g) the phonetic key (``name_matching``) collapses the
difference, so the table only has to pick one. Latin words are read with the conventions their
diacritics betray (háček: Czech/Baltic/Slavic; ş ç ğ ı ə: Turkish/Azerbaijani; oʻ gʻ: Uzbek), and a
plain-ASCII word whose letters mean different things in different systems (j, x, c, ch) gets every
reading. Arabic-script words become a consonant skeleton with long vowels, since short vowels are
not written. Anything else goes through ``anyascii``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from anyascii import anyascii

from avrcase.domain.indic import indic_readings, is_indic
from avrcase.domain.korean import hangul_readings, is_hangul


class Script(Enum):
    """The writing system of one word, as far as the name keys care."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    GEORGIAN = "georgian"
    ARMENIAN = "armenian"
    ARABIC = "arabic"
    OTHER = "other"


# Cyrillic: Russian, Ukrainian, Belarusian, Kazakh, Kyrgyz, Tajik and Uzbek letters. и is "i" (the key
# treats Ukrainian "y" for и the same), й/ы "y", х "kh", ц "ts", щ "shch", as ICAO 9303 and BGN agree.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh, Kyrgyz, Tajik, Uzbek, Bashkir/Tatar letters
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ҳ": "h", "ҷ": "j",
    "ӣ": "i", "ӯ": "u", "ҙ": "z", "ҫ": "s", "ҡ": "q", "ӑ": "a", "ӗ": "e", "ҫ̆": "s",
}

# Georgian: the national system of 2002 used in Georgian passports (ejective apostrophes dropped).
_GEORGIAN = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r", "s",
     "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"],
    strict=True,
))

# Armenian: the national passport system (Khachatryan, Hovhannisyan); ու is handled before letters.
_ARMENIAN = dict(zip(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    ["a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h", "dz", "gh",
     "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", "ts", "v", "p", "k", "o", "f"],
    strict=True,
))

# Arabic script (Arabic, Persian, Urdu, Pashto, Kurdish Sorani): consonants, and the long vowels
# alif/waw/ya as a/u/i. Sounds the Latin systems render two ways get a symbol the key compares with
# both: ث "T" (th/s/t), ذ ظ ض "D" (dh/z/d). Ayn and hamza are silent in most romanisations.
ARABIC_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ئ": "i", "ؤ": "u", "ب": "b", "ت": "t",
    "ث": "T", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "D", "ر": "r", "ز": "z", "س": "s", "ش": "sh",
    "ص": "s", "ض": "D", "ط": "t", "ظ": "D", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "u", "ي": "i", "ى": "a",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "i", "ۍ": "i", "ې": "e", "ے": "e", "ۀ": "a",
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ھ": "h", "ہ": "h", "ڤ": "v", "ڨ": "g", "ڭ": "g",
    # Kurdish (Sorani) writes its vowels: ە e (or a), ۆ o, ێ ê (شێرکۆ Şêrko, خەلیل Xelîl).
    "ە": "e", "ۆ": "o", "ێ": "e", "ڕ": "r", "ڵ": "l",
    # Pashto: ځ is z on passports (ځلمی Zalmay), ڼ n, ګ g.
    "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh", "ځ": "z", "څ": "ts", "ڼ": "n", "ګ": "g",
    "ۇ": "u", "ۈ": "u", "ۋ": "v",  # Uyghur
}

# Latin letters that NFKD does not reduce to a base letter, and the letters that carry a convention.
_LATIN_SPECIAL = {
    "ł": "l", "ø": "o", "ß": "ss", "ı": "i", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
    "ə": "a", "ħ": "h", "ŋ": "ng",
}
_HACEK = {"č": "ch", "š": "sh", "ž": "zh", "ć": "ch", "ś": "sh", "ź": "zh", "ż": "zh", "ř": "r", "ě": "e",
          "ů": "u", "ľ": "l", "ň": "n", "ď": "d", "ť": "t", "ǧ": "g", "ǰ": "j", "ǩ": "k"}
_TURKIC = {"ç": "ch", "ş": "sh", "ğ": "gh", "ı": "i", "ə": "a"}
_APOSTROPHES = "ʻʼ’‘'`´ʹʺ\"ˮ"
_TURKIC_MARKS = frozenset("şğıəŞĞƏ")  # ç alone is also French; ş ğ ı ə are Turkic only

_SKIP = re.compile(r"[^a-zA-Z]")


@dataclass(frozen=True)
class RomanWord:
    """One word of a name in broad Latin spelling: every reading the source allows, and its script."""

    readings: tuple[str, ...]
    script: Script


def script_of(word: str) -> Script:
    """The script of the first letter that says which one it is."""
    for char in word:
        code = ord(char)
        if 0x02B0 <= code <= 0x02FF:
            continue  # a modifier letter (ʿ ʾ ʻ ʼ: ʿAbd al-Raḥmān, Oʻktam) belongs to the letters around it
        if 0x0400 <= code <= 0x052F:
            return Script.CYRILLIC
        if 0x10A0 <= code <= 0x10FF or 0x1C90 <= code <= 0x1CBF:
            return Script.GEORGIAN
        if 0x0530 <= code <= 0x058F:
            return Script.ARMENIAN
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return Script.ARABIC
        if char.isascii() and char.isalpha() or 0x00C0 <= code <= 0x024F or 0x1E00 <= code <= 0x1EFF:
            return Script.LATIN
        if char.isalpha():
            return Script.OTHER
    return Script.LATIN


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return _SKIP.sub("", "".join(c for c in decomposed if not unicodedata.combining(c))).lower()


def _latin_readings(word: str) -> tuple[str, ...]:
    lower = word.lower()
    if any(c in _HACEK for c in lower):
        # Czech/Slovak/Baltic/ISO 9: c is "ts", ch is "kh" and j is "y"; read those before the háčeks.
        lower = lower.replace("ch", "kh").replace("c", "ts").replace("j", "y")
        lower = "".join(_HACEK.get(c, c) for c in lower)
        return _with_marks_left_off(_ascii("".join(_LATIN_SPECIAL.get(c, c) for c in lower)), word)
    if any(c in _TURKIC_MARKS for c in word):
        # Turkish/Azerbaijani: c is "j", x is "kh" and q is "g" (Azerbaijani: Qasımov is Gasimov).
        lower = lower.replace("c", "j").replace("x", "kh").replace("q", "g")
        readings = _with_marks_left_off(_ascii("".join(_LATIN_SPECIAL.get(c, c) for c in
                                                       "".join(_TURKIC.get(c, c) for c in lower))), word)
        if "ə" in lower:  # Azerbaijani ə typed as e where the keyboard has none: Məmmədov is also Memmedov
            readings += (_ascii("".join(_LATIN_SPECIAL.get(c, c) for c in
                                        "".join(_TURKIC.get(c, c) for c in lower.replace("ə", "e")))),)
        return tuple(dict.fromkeys(readings))
    uzbek = bool(re.search(r"[og][ʻʼ‘’'`]", lower))
    lower = "".join(_TURKIC.get(c, _LATIN_SPECIAL.get(c, c)) if c in "çğ" else _LATIN_SPECIAL.get(c, c)
                    for c in lower)
    plain = _ascii(lower)
    if uzbek:
        return (plain.replace("x", "kh"),)
    return _ambiguous_readings(plain)


def _with_marks_left_off(reading: str, word: str) -> tuple[str, ...]:
    """A reading, and the word as typed without its marks (ŞAHİN as SAHIN, Šimkus as Simkus): the commonest other
    spelling, on a keyboard without the letters and in a passport's machine-readable zone."""
    plain = _ascii("".join(_LATIN_SPECIAL.get(c, c) for c in word.lower()))
    return tuple(dict.fromkeys((reading, plain)))


def _ambiguous_readings(plain: str) -> tuple[str, ...]:
    """Every reading of a plain-ASCII word whose j, x, c or ch differ between systems (at most 8)."""
    if "cz" not in plain and "sz" not in plain:  # Polish w is v (Szewczuk)
        plain = re.sub(r"(?<=[aeiou])w(?![aeiou])", "u", plain)  # BGN/PCGN ў: Shawchuk is Shauchuk
    parts = re.split(r"(ch|ck|cz|sz|c|j|x|th)", plain)
    choices: list[tuple[str, ...]] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            choices.append((part,))
        elif part == "ch":
            # English/Slavic ch; French (Maghreb) ch is "sh"; Czech, Polish and Lithuanian ch is "kh"
            choices.append(("ch", "sh", "kh"))
        elif part == "th":
            choices.append(("th", "s"))  # Arabic th (Uthman) is "s" in Turkish, Persian and Urdu (Osman)
        elif part in ("ck", "cz", "sz"):
            choices.append(({"ck": "k", "cz": "ch", "sz": "sh"}[part],))  # Polish cz and sz
        elif part == "c":
            nxt = parts[index + 1][:1] if index + 1 < len(parts) else ""
            english = "s" if nxt in ("e", "i", "y") else "k"
            # English; Slavic/Baltic/Georgian; Turkish; Azerbaijani ç typed without its cedilla (Elcin)
            choices.append((english, "ts", "j", "ch"))
        elif part == "j":
            choices.append(("j", "y"))  # English/Arabic/Turkic "dzh"; Lithuanian/Slavic/German "y"
        else:  # x
            choices.append(("ks", "kh"))  # English; Uzbek/Azerbaijani/Tajik Latin
    readings = ["".join(combo) for combo in itertools.islice(itertools.product(*choices), 8)]
    if len(plain) >= 6 and plain[:2] in ("al", "el"):
        readings.append(plain[2:])  # the Arabic article written together: Alkhatib, Elomari
    if re.search(r"[aeiou]que$", plain):
        readings.append(plain[:-3] + "q")  # a final -que is k: Hoque and Haque (Bengali হক), Siddique and Siddiq
    if re.match(r"c[aiu][^aeiou]", plain) or re.search(r"[aeiou]c[aeiou]", plain):
        # Somali writes the Arabic ʿayn c and ḥ x: Cabdi is Abdi, Cali Ali, Maxamed Mohamed (x is already kh).
        readings.append(re.sub(r"^c(?=[aiu])|(?<=[aeiou])c(?=[aeiou])", "", plain).replace("x", "kh"))
    return tuple(dict.fromkeys(readings))


def _arabic_reading(word: str) -> str:
    out = []
    for index, char in enumerate(word):
        letter = ARABIC_LETTERS.get(char)
        if letter is None:
            continue
        if char == "و" and (index == 0 or word[index + 1:index + 2] == "ا"):
            letter = "v"  # consonant waw (Walid, Nawaf)
        elif char in "يی" and index == 0:
            letter = "y"
        out.append(letter)
    return "".join(out)


def _russian_armenian(reading: str) -> tuple[str, ...]:
    """An Armenian name as Russian documents give it: h dropped, b and g devoiced (Hakobyan → Akopyan,
    Anahit → Anait, Sargsyan → Sarkisyan's consonants); the vh of Hovh- is also written г (Hovhannisyan →
    Оганесян as well as Ованнисян, Hovhannes → Оганес)."""
    def russian(text: str) -> str:
        return re.sub(r"(?<![kcszgt])h", "", text).replace("b", "p").replace("g", "k").replace("G", "g")
    return tuple(dict.fromkeys((russian(reading), *([russian(reading.replace("hovh", "oG", 1))]
                                                     if reading.startswith("hovh") else []))))


def _inherent_vowels(word: str) -> str:
    """A Tamil or Sinhala word letter by letter with each consonant's inherent a, which ``anyascii`` leaves out
    (தர்மலிங்கம் Tharmalingam, not "trmlinkm"): these scripts mark a consonant without a vowel (்), so one followed
    by no vowel sign has its a. (Hindi and Punjabi drop it in speech where the writing does not say: ``indic``.)"""
    out = []
    for index, char in enumerate(word):
        roman = "s" if char == "ச" else anyascii(char)  # Tamil ச: Sivakumar, Selvaraj, Rasa (anyascii: c)
        following = word[index + 1:index + 2]
        out.append(roman)
        if (unicodedata.category(char) == "Lo" and roman and roman[-1] not in "aeiou"
                and not (following and unicodedata.category(following).startswith("M"))):
            out.append("a")
    return "".join(out)


#: Greek letter pairs as Greek passports write them (ELOT 743): ου ou, αυ av, ευ ev; μπ, ντ, γκ at the start b, d, g.
_GREEK_PAIRS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("γγ", "ng"))
_GREEK_FIRST = (("μπ", "b"), ("ντ", "d"), ("γκ", "g"))


def _greek(word: str) -> str:
    lower = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    for pair, latin in _GREEK_FIRST:
        if lower.startswith(pair):
            lower = latin + lower[2:]
    for pair, latin in _GREEK_PAIRS:
        lower = lower.replace(pair, latin)
    return lower


def romanise_word(word: str) -> RomanWord:
    """Broad Latin readings of one word of a name, in lower case (Arabic: a consonant skeleton)."""
    script = script_of(word)
    lower = unicodedata.normalize("NFC", word).lower()
    if script is Script.CYRILLIC:
        text = "".join(_CYRILLIC.get(c, c) for c in lower)
        return RomanWord((_ascii(text),), script)
    if script is Script.GEORGIAN:
        return RomanWord((_ascii("".join(_GEORGIAN.get(c, c) for c in lower)),), script)
    if script is Script.ARMENIAN:
        lower = lower.replace("ու", "u").replace("և", "ev")
        if lower.startswith("ո"):
            lower = "vo" + lower[1:]
        national = _ascii("".join(_ARMENIAN.get(c, c) for c in lower))
        return RomanWord(tuple(dict.fromkeys((national, *_russian_armenian(national)))), script)
    if script is Script.ARABIC:
        return RomanWord((_arabic_reading(lower),), script)
    if script is Script.OTHER:
        if is_indic(word):  # Hindi, Punjabi: the inherent a said where it is said (Harjit, Ram, Singh)
            return RomanWord(indic_readings(word), script)
        if is_hangul(word):  # Korean: 김 Kim (and Gim), 민준 Minjun
            return RomanWord(hangul_readings(word), script)
        spelt = any(0x0B80 <= ord(c) <= 0x0BFF or 0x0D80 <= ord(c) <= 0x0DFF for c in word)  # Tamil, Sinhala
        greek = any(0x0370 <= ord(c) <= 0x03FF for c in word)
        reading = _ascii(_inherent_vowels(word) if spelt else anyascii(_greek(word) if greek else word))
        if greek:  # γ before ι or ε is y: Γιώργος Yiorgos, Giorgos
            return RomanWord(tuple(dict.fromkeys((reading, re.sub(r"g(?=[ie])", "y", reading)))), script)
        return RomanWord((reading,), script)
    readings = _latin_readings(word)
    if re.search(r"(?:yan|ian|jan)$", readings[0]) and len(readings[0]) > 5 or readings[0].startswith("hovh"):
        readings = tuple(dict.fromkeys((*readings, *_russian_armenian(readings[0]))))  # an Armenian name
    return RomanWord(readings, script)


_INNER_APOSTROPHES = frozenset("ʻʼ’‘'`´")
#: Joiners belong to the word they stand in: Persian writes Rahimzadeh رحیم‌زاده with a ZWNJ, Sinhala ශ්‍රී a ZWJ.
_JOINERS = frozenset("\u200c\u200d")


def _is_letter(char: str) -> bool:
    return char.isalnum() and not char.isdecimal() and char != "_"


def split_words(text: str) -> list[str]:
    """The words of a name: letters with their combining marks and joiners (Tamil and Sinhala vowel signs,
    Yoruba tone marks on Ẹ̀, a Persian ZWNJ), any inner apostrophe kept (Oʻktam); hyphens and spaces split."""
    text = unicodedata.normalize("NFC", text or "")
    # Arabic vowel marks (harakat) and tatweel are not letters of the name.
    text = re.sub("[\u064B-\u065F\u0670\u0640]", "", text)
    words: list[str] = []
    word: list[str] = []
    for index, char in enumerate(text):
        if _is_letter(char):
            word.append(char)
        elif word and (unicodedata.category(char).startswith("M") or char in _JOINERS):
            word.append(char)
        elif word and char in _INNER_APOSTROPHES and _is_letter(text[index + 1:index + 2] or " "):
            word.append(char)
        elif word:
            words.append("".join(word).rstrip("\u200c\u200d"))
            word = []
    if word:
        words.append("".join(word).rstrip("\u200c\u200d"))
    return words
