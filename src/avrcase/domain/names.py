"""Name folding for search and duplicate detection, tolerant of diacritics and transliteration."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from avrcase.domain.arabic_spelling import PERSIAN_LETTERS, spell_name
from avrcase.domain.capitals import capitals
from avrcase.domain.romanisation import Script, romanise_word, script_of
from avrcase.domain.scripts import HAN, HANGUL

# Letters that NFKD does not decompose into a base letter plus marks.
_SPECIAL = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "ı": "i", "İ": "i", "đ": "d", "Đ": "d",
        "ə": "a", "Ə": "a", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d",
        "ʼ": "", "’": "", "'": "", "ʻ": "", "`": "",
    }
)

# ICAO Doc 9303 transliteration of Cyrillic, as machine-readable passports print it.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "",
    "э": "e", "ю": "iu", "я": "ia", "ғ": "g", "қ": "q", "ҳ": "h", "ӯ": "u", "ӣ": "i", "ҷ": "j",
    "ә": "a", "ө": "o", "ү": "u", "ң": "n", "һ": "h",
}

# Georgian national romanisation (2002), which Georgian passports use.
_GEORGIAN = dict(
    zip(
        "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
        ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r", "s",
         "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"],
        strict=True,
    )
)

_NON_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
#: Invisible characters a pasted name brings along at its ends (a byte-order mark, a direction mark or isolate, a
#: zero-width joiner, non-joiner or space, a soft hyphen): dropped there without a word. Inside a name a joiner can
#: belong to it (the non-joiner of علی‌رضا) and stays; other invisibles inside are refused (``name_problem``).
_EDGE_DEBRIS = "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_EDGES = re.compile(f"^[\\s{_EDGE_DEBRIS}]+|[\\s{_EDGE_DEBRIS}]+$")


def fold(text: str | None) -> str:
    """Lower-case ASCII letters and single spaces: ``"Nguyễn Văn Ân"`` → ``"nguyen van an"``.

    Cyrillic and Georgian are transliterated as a passport would; other scripts are dropped.
    """
    if not text:
        return ""
    text = text.translate(_SPECIAL).lower()
    out = []
    for char in text:
        if char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        elif char in _GEORGIAN:
            out.append(_GEORGIAN[char])
        else:
            out.append(char)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = _NON_LETTERS.sub(" ", ascii_only.replace("-", " "))
    return _SPACES.sub(" ", ascii_only).strip()


_SKELETON_RULES = (
    ("x", "ks"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("w", "v"),
    ("dzh", "j"), ("zh", "j"), ("y", "i"),
)


def skeleton(word: str) -> str:
    """A rough consonant key that survives transliteration variants.

    ``Muhammad``, ``Mohammed`` and ``Mukhammad`` share one key; so do ``Aleksandr`` and ``Alexander``.
    Only used together with the same date of birth, so it may be generous.
    """
    word = fold(word).replace(" ", "")
    if not word:
        return ""
    for old, new in _SKELETON_RULES:
        word = word.replace(old, new)
    head, tail = word[0], word[1:]
    tail = re.sub(r"[aeiouh]", "", tail)
    tail = re.sub(r"(.)\1+", r"\1", tail)
    return head.replace("j", "i") + tail


def name_key(family: str, given: str) -> frozenset[str]:
    """Order-free set of skeletons of every name part (so swapped family/given names still match)."""
    parts = f"{family} {given}".split()
    return frozenset(s for s in (skeleton(p) for p in parts) if s)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def names_similar(family_a: str, given_a: str, family_b: str, given_b: str) -> bool:
    """Same person's name as two counsellors might have typed it?"""
    key_a, key_b = name_key(family_a, given_a), name_key(family_b, given_b)
    if key_a and key_a == key_b:
        return True
    full_a = " ".join(sorted(fold(f"{family_a} {given_a}").split()))
    full_b = " ".join(sorted(fold(f"{family_b} {given_b}").split()))
    if not full_a or not full_b:
        return False
    return edit_distance(full_a, full_b) <= max(1, min(len(full_a), len(full_b)) // 8)


def normalise_document_number(number: str | None) -> str:
    """A document number as a border scanner reads it (see ``name_matching.document_key``: Cyrillic and
    Greek look-alike letters folded to Latin, every letter and digit kept)."""
    # Imported here: the matching rules (rapidfuzz, the name keys) are for saving and comparing people, not for a
    # command that prints names (``avrcase document``, #14).
    from avrcase.domain.name_matching import document_key

    return document_key(number)[:40]


_SEARCH_DROP = re.compile(r"[\x00-\x1f!-,./:-@\[-`{-\x7f]+")  # ASCII but letters, digits, dash


#: Blocks of the Indic and South-East Asian scripts, whose vowel signs and viramas are part of the word.
_VOWEL_SIGN_BLOCKS = ((0x0900, 0x0DFF), (0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF))


def _vowel_sign(char: str) -> bool:
    """A vowel sign, virama or nukta of an Indic script: கு is one letter to search for, not க and a gap (a Sinhala
    Perera was found by the letters of Peiris)."""
    code = ord(char)
    return unicodedata.category(char).startswith("M") and any(low <= code <= high for low, high in _VOWEL_SIGN_BLOCKS)


def search_fold(text: str | None) -> str:
    """Like ``fold`` but keeps digits and dashes, for case and document numbers in search."""
    if not text:
        return ""
    text = text.translate(_SPECIAL).lower().replace("\u200c", "").replace("\u200d", "")
    text = "".join(_CYRILLIC.get(c, _GEORGIAN.get(c, c)) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c) or _vowel_sign(c))
    # Letters of scripts without a passport transliteration here (Arabic, Persian, …) stay as they
    # are, so a name typed in its own script still finds the case (see ``script_words``).
    kept = "".join(c if c.isascii() or c.isalpha() or _vowel_sign(c) else " " for c in plain)
    return _SPACES.sub(" ", _SEARCH_DROP.sub(" ", kept)).strip()


def script_words(text: str | None) -> str:
    """The words of a name that ``fold`` drops (scripts it cannot transliterate), folded for search.

    ``"حسن علي"`` → ``"حسن علي"`` without vowel marks; ``"Іванова"`` → ``""`` (``fold`` covers it).
    """
    words = [w for w in search_fold(text).split() if not w.isascii()]
    return " ".join(words)


def _written_without_a_space(family: str, given: str) -> bool:
    """Chinese, Japanese and Korean write the family name and the given names without a space between them (王小明,
    김민준): both are there and in Han characters, kana or Hangul."""
    return bool(family and given) and all(c in HAN or c in HANGUL for c in family + given if not c.isspace())


def written_together(family: str | None, given: str | None) -> str:
    """The name written as one word (欧阳秀英), folded for search, when ``_written_without_a_space``; else ``""``."""
    family, given = (family or "").strip(), (given or "").strip()
    return script_words(family + given).replace(" ", "") if _written_without_a_space(family, given) else ""


def original_script_name(family: str | None, given: str | None) -> str:
    """The name in its own script, family name first, as it is written: 王小明 without a space
    (``_written_without_a_space``), ``ბერიძე ნინო`` with one."""
    family, given = (family or "").strip(), (given or "").strip()
    return family + given if _written_without_a_space(family, given) else " ".join(p for p in (family, given) if p)


def composed(text: str) -> str:
    """``text`` without surrounding spaces, in Unicode's composed form (NFC): a name pasted from a program that writes
    ``ễ`` as ``e`` and two accents (macOS does) is stored, exported and compared as the same name typed here."""
    return unicodedata.normalize("NFC", text.strip())


def composed_name(text: str) -> str:
    """A name as ``composed`` stores it, with a run of spaces inside it made one ("Alisher   Bakhtiyorovich" pasted
    from a scanned list was printed with its gap on the declaration and sorted apart from the same name)."""
    return composed(_SPACES.sub(" ", without_edge_debris(text)))


def without_edge_debris(text: str) -> str:
    """``text`` without spaces and pasted invisible characters at its ends (``_EDGE_DEBRIS``)."""
    return _EDGES.sub("", text)


def search_tokens(query: str) -> list[str]:
    """The words of a search box, folded; every one must match somewhere in the case."""
    return [t for t in search_fold(query).split() if t.strip("-")]


def display_name(family: str, given: str, citizenship: str = "") -> str:
    """Family name in capitals, then given names, as documents print them (``capitals``)."""
    return " ".join(p for p in (capitals(family, citizenship), given) if p)


def sort_name(family: str | None, given: str | None) -> str:
    """The key the case list sorts names by: folded family name, then folded given names (at most 200 characters).

    ``("Şahin", "Ayşe")`` → ``"sahin ayse"``, so a letter with a diacritic sorts with its base letter.
    """
    return " ".join(p for p in (fold(family), fold(given)) if p)[:200]


#: Combining marks (Hindi, Punjabi, Tamil and Sinhala vowel signs and viramas, Latin accents typed apart) and
#: joiners, which belong to the word they stand in: राम is one word, not र, ा and म.
_MARKS = "".join(chr(c) for c in range(0x0300, 0x2000) if unicodedata.category(chr(c)).startswith("M")) + "\u200c\u200d"
#: One word of a name, with its marks and any apostrophe inside it (Мар'яна); Arabic vowel marks are taken out first.
_LETTERS = rf"[^\W\d_](?:[^\W\d_]|[{_MARKS}])*"
_NAME_WORD = re.compile(rf"{_LETTERS}(?:[ʼ’']{_LETTERS})*")
_ARABIC_MARKS = re.compile("[\u064B-\u065F\u0670\u0640]")
_PERSIAN_SPEAKING = frozenset({"IR", "AF", "PK", "TJ"})
#: Morocco, Algeria, Tunisia, Mauritania: passports in the French convention (محمد Mohamed, بوزيد Bouzid).
_MAGHREB = frozenset({"MA", "DZ", "TN", "MR"})
#: The space inside a name of two words: after عبد, and before الله or الدين (أحمد عبد الله: Ahmad Abdullah).
_ARABIC_COMPOUND = re.compile(r"(?<=(?<!\S)عبد)\s+(?=ال)|(?<=[\u0621-\u06ff])\s+(?=(?:الله|الدين|الدین)(?:\s|$))")


def in_latin_letters(text: str | None) -> bool:
    """Whether every word of a name is written in Latin letters (with or without diacritics)."""
    return all(script_of(word) is Script.LATIN for word in _NAME_WORD.findall(text or ""))


# Ukraine's national romanisation (Cabinet resolution 55 of 2010), which Ukrainian passports use: г is h, и is y;
# є, ї, й, ю, я are ye, yi, y, yu, ya at the start of a word (_UKRAINIAN_FIRST) and ie, i, i, iu, ia elsewhere.
_UKRAINIAN = {**_CYRILLIC, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "i", "й": "i", "є": "ie", "ю": "iu",
              "я": "ia", "щ": "shch", "ь": "", "'": "", "ʼ": "", "’": ""}
_UKRAINIAN_FIRST = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
#: Letters only Ukrainian writes among the Cyrillic alphabets of avrcase's returnees, and its apostrophe (Мар'яна).
_UKRAINIAN_MARKS = re.compile(r"[іїєґІЇЄҐ]|(?<=[а-яА-Я])[ʼ’'](?=[а-яА-Я])")


def written_in_ukrainian(text: str) -> bool:
    """Whether a name shows letters only Ukrainian writes (і, ї, є, ґ, or its apostrophe between letters)."""
    return _UKRAINIAN_MARKS.search(text or "") is not None


def _ukrainian(lower: str) -> str:
    lower = lower.replace("зг", "zgh")  # kept apart from ж (zh): Zghurskyi
    return "".join(_UKRAINIAN_FIRST.get(c, _UKRAINIAN.get(c, c)) if i == 0 else _UKRAINIAN.get(c, c)
                   for i, c in enumerate(lower))


#: Kazakhstan's passports write Қ as K (Қайрат: KAIRAT), where Tajik and Uzbek ones write Q (Қодиров: QODIROV).
_KAZAKH = {**_CYRILLIC, "қ": "k"}


def _latin_word(match: re.Match[str], ukrainian: bool = False, kazakh: bool = False, persian: bool = False,
                maghreb: bool = False) -> str:
    word = match.group(0)
    script = script_of(word)
    if script is Script.LATIN:
        return word
    lower = unicodedata.normalize("NFC", word).lower()
    if script is Script.CYRILLIC and ukrainian:
        roman = _ukrainian(lower)
    elif script is Script.CYRILLIC and kazakh:
        roman = "".join(_KAZAKH.get(c, c) for c in lower)
    elif script is Script.CYRILLIC:
        roman = "".join(_CYRILLIC.get(c, c) for c in lower)
    elif script is Script.GEORGIAN:
        roman = "".join(_GEORGIAN.get(c, c) for c in lower)
    elif script is Script.ARABIC:
        return spell_name(word, persian, maghreb=maghreb)
    else:
        roman = romanise_word(word).readings[0]
    roman = re.sub(r"[^a-z]", "", anyascii(roman).lower())
    return roman[:1].upper() + roman[1:]


def latin_spelling(text: str, citizenship: str = "") -> str:
    """A name in another script written in Latin letters as passports romanise it (Cyrillic by ICAO 9303, or by
    Ukraine's national system for a Ukrainian name; Georgian by the national system
    of 2002, Armenian by the national passport system; Arabic script as its consonants and long vowels, the short
    ones not being written), each word capitalised (``citizenship`` "UA" or a name ``written_in_ukrainian``
    takes the Ukrainian system): ``"Іван Петренко"`` → ``"Ivan Petrenko"``, ``"გიორგი
    ბერიძე"`` → ``"Giorgi Beridze"``. Latin words are kept as they are. A draft for a person to check against the
    travel document, which may spell the name otherwise."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text))
    kazakh = citizenship == "KZ"  # Kazakh writes і too (Әбілқасым), which alone would read as Ukrainian
    ukrainian = not kazakh and (citizenship == "UA" or written_in_ukrainian(text))
    # Persian, Dari, Urdu, Pashto: ض ذ ظ z and ث s (رضا Reza, not Rida), as their passports write them.
    persian = citizenship in _PERSIAN_SPEAKING or PERSIAN_LETTERS.search(text) is not None
    # Morocco, Algeria, Tunisia, Mauritania: the French convention (ou, ch, el: Mohamed, Bouzid, Abdelkader).
    maghreb = not persian and citizenship in _MAGHREB
    text = _ARABIC_COMPOUND.sub("", text)  # عبد الله, نجيب الله, نور الدين: one name each
    return _SPACES.sub(" ", _NAME_WORD.sub(lambda match: _latin_word(match, ukrainian, kazakh, persian, maghreb),
                                           text)).strip()
