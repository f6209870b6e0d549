"""Phonetic keys of name words: one spelling-independent key per reading, and how alike two words are.

A word is first romanised (``romanisation``), then every reading is turned into a *key*: digraphs and
letters that systems spell differently become one symbol (kh/x/h/g/gh → h, because Ukrainian and
Belarusian write h where Russian writes g, and Arabic ḥ/kh are written h, kh, x or g; zh/ž/j → x;
sh/š/ş → w; ch/č/ç/tch → c; ts/c → q; dzh/dj/j → g; ph → f; w → v; q → k), y/i/j before a vowel
become the glide y and after a vowel the diphthong y (Hussein, Husayn and Hüseyin agree), ee/oo/ou
are long i and u, a leading "ye" is "e" (Yelena, Elena, Ielena), doubled letters are one, and a final
h after a vowel is silent (Abdullah, Abdulla). Vowels are kept: they are what tells Hassan from
Hussein or Nino from Nana; ``word_similarity`` forgives the vowel pairs that transliteration systems
swap (a/e/o, o/u, e/i, e/u). The *skeleton* (consonants only) is the coarse key search falls back to.
Arabic-script words (a consonant skeleton with long vowels) are compared to a Latin key by asking
whether dropping short vowels from the Latin spelling gives the Arabic one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Indel

from avrcase.domain.romanisation import RomanWord, Script, romanise_word

_DIGRAPHS = {
    "shch": "wc", "sch": "w", "tsch": "c", "tch": "c", "dzh": "g", "dsh": "g", "dj": "g", "zh": "x",
    "kh": "h", "gh": "h", "sh": "w", "ch": "c", "ts": "q", "ph": "f", "th": "t", "ck": "k",
    "ee": "i", "oo": "u", "ou": "u",
    "g": "h", "j": "g", "q": "k", "w": "v", "x": "ks", "c": "k",
    # Arabic-script symbols (ث th/s/t, ذ ظ ض dh/z/d) compare as their commonest Latin letter.
    "T": "t", "D": "d",
}
_TOKENS = re.compile("|".join(sorted(map(re.escape, _DIGRAPHS), key=len, reverse=True)))
VOWELS = frozenset("aeiou")
_GLIDE_BEFORE_VOWEL = re.compile(r"[iy]+(?=[aeou])")
_DIPHTHONG = re.compile(r"([aeou])[iy]+(?![aeiou])")
_I_RUN = re.compile(r"[iy]+")
_DOUBLES = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_LEADING_YE = re.compile(r"^[iy]e")
# ё and е after a consonant: Fyodorov/Fedorov, Vorob'yev/Vorobev/Vorobjov, Grigoriev/Grigorev.
_SOFT_E_O = re.compile(r"(?<=[^aeiouy])y([eo])")

# Vowel pairs that transliteration systems swap for the same sound: Ahmed/Ahmad, Omar/Umar,
# Abdulloh/Abdullah (Tajik and Uzbek o for Arabic a), Temir/Timur (e/i), Yusuf/Yousef (u/e).
_SWAPPED_VOWELS = frozenset({frozenset("ae"), frozenset("ao"), frozenset("ou"), frozenset("ei"), frozenset("eu"),
                             frozenset("eo")})
# In a short name only these swaps are spellings of one name (Omar/Umar, Ahmed/Ahmad); Nana and Nona,
# Omar and Amer are different names.
_SHORT_SWAPS = frozenset({frozenset("ae"), frozenset("ou"), frozenset("ei")})


def _key(reading: str) -> str:
    text = _LEADING_YE.sub("e", reading)
    text = _TOKENS.sub(lambda m: _DIGRAPHS[m.group(0)], text)
    text = _GLIDE_BEFORE_VOWEL.sub("y", text)
    text = _DIPHTHONG.sub(r"\1y", text)
    text = _SOFT_E_O.sub(r"\1", text)
    text = _I_RUN.sub(lambda m: _y_or_i(m, text), text)
    text = _DOUBLES.sub(r"\1", text)
    return _FINAL_H.sub("", text) or text


def _y_or_i(match: re.Match[str], text: str) -> str:
    """A glide (y) next to a vowel stays; any other run of i and y is the vowel i (Yurii, Dmitriy)."""
    start, end = match.span()
    if match.group(0) == "y" and ((start > 0 and text[start - 1] in VOWELS) or text[end:end + 1] in VOWELS):
        return "y"
    return "i"


@lru_cache(maxsize=65536)
def word_keys(word: str) -> tuple[str, ...]:
    """Every phonetic key of one word of a name (more than one when the spelling is ambiguous)."""
    roman = romanise_word(word)
    if roman.script is Script.ARABIC:
        return (arabic_key(roman.readings[0]),)
    return tuple(dict.fromkeys(k for k in (_key(r) for r in roman.readings) if k))


def reading_keys(roman: RomanWord) -> tuple[str, ...]:
    """Keys of an already romanised word (particles are stripped between romanising and keying)."""
    if roman.script is Script.ARABIC:
        return tuple(dict.fromkeys(arabic_key(r) for r in roman.readings if r))
    return tuple(dict.fromkeys(k for k in (_key(r) for r in roman.readings) if k))


def arabic_key(reading: str) -> str:
    """An Arabic-script reading as key symbols, marked with a leading ``=`` (it lacks short vowels)."""
    text = _TOKENS.sub(lambda m: _DIGRAPHS[m.group(0)] if m.group(0) not in ("T", "D") else m.group(0), reading)
    return "=" + _DOUBLES.sub(r"\1", text)


def skeleton(key: str) -> str:
    """The consonants of a key (no vowels, glides or Arabic marks): the coarse key search falls back to."""
    return "".join(c for c in key.lower() if c not in VOWELS and c not in "y=v") or ""


def _vowel_pattern_similarity(a: str, b: str) -> float | None:
    """Same consonants in the same places: 1 minus a small cost per swapped vowel, or None."""
    if len(a) != len(b) or len(a) < 4:
        return None
    allowed = _SWAPPED_VOWELS if len(a) >= 5 or a.startswith("abd") else _SHORT_SWAPS
    cost = 0.0
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if x in VOWELS and y in VOWELS:
            cost += 0.05 if frozenset((x, y)) in allowed else 0.25
        else:
            return None
    return 1.0 - cost


def _arabic_pattern(latin: str) -> re.Pattern[str]:
    """What an Arabic-script spelling of this Latin key may look like: short vowels may be unwritten."""
    parts = []
    for c in latin:
        parts.append({
            "a": "[ae]?", "e": "[aie]?", "o": "[auo]?", "u": "[uo]?", "i": "[ie]?", "y": "[iy]", "v": "[uv]",
            "t": "[tT]", "s": "[sT]", "d": "[dD]", "z": "[zD]",
        }.get(c, re.escape(c)))
        # (Kurdish, Pashto and Urdu write e and o, which the Latin may spell a, i or u: Hesen, Şêrko, Zalmay.)
    if latin[-1:] in VOWELS:
        parts.append("h?")  # a final h after a vowel is silent in Latin keys (Salah, Abdullah)
    return re.compile("".join(parts))


def key_similarity(a: str, b: str) -> float:
    """How alike two keys are, 0 to 1: 1 when equal, about 0.9 for a swapped vowel, less for other edits."""
    if a == b:
        return 1.0
    if a.startswith("=") or b.startswith("="):
        arabic, latin = (a, b) if a.startswith("=") else (b, a)
        if latin.startswith("="):
            # Both in Arabic script: the writing is exact, so another letter is another name.
            return Indel.normalized_similarity(arabic, latin) * 0.85
        if _arabic_pattern(latin).fullmatch(arabic[1:]):
            return 0.95
        return Indel.normalized_similarity(arabic[1:].lower(), skeleton(latin)) * 0.7
    swapped = _vowel_pattern_similarity(a, b)
    if swapped is not None:
        return swapped
    ratio = Indel.normalized_similarity(a, b) * 0.95
    # Short names differ by one letter from quite another name (An, Anh; Ali, Aly is a swap, not here).
    return min(ratio * (0.85 if min(len(a), len(b)) < 5 else 1.0), 0.9)


def keys_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """The best similarity between any reading of one word and any reading of the other."""
    return max((key_similarity(x, y) for x in a for y in b), default=0.0)
