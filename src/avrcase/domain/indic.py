"""Hindi (Devanagari), Punjabi (Gurmukhi) and Bengali names in Latin letters as they are said and spelt on passports.

Each consonant carries an inherent a unless a vowel sign or the virama follows it; Hindi and Punjabi do not
say it at the end of a word (राम Ram, not Rama) nor, mostly, between two syllables of which the second has a
vowel of its own (हरजीत Harjit, मनमोहन Manmohan, ਮਨਪ੍ਰੀਤ Manpreet). The rule used is the usual one for names,
read from the end of the word: an inherent a after a syllable with a vowel is dropped when the next consonant
is said with a vowel (or begins a cluster), and a consonant cluster at the end keeps its a (मित्र Mitra,
चन्द्र Chandra). सिंह is written Singh, as every passport spells it. Bangladesh's passports write Bengali names with
the same a (মোহাম্মদ রহিম Mohammad Rahim, রহমান Rahman), ব after another consonant as w (বিশ্বাস Biswas, স্বপন Swapan),
ং as ng (বাংলা Bangla) and মোঃ, the written short form of Mohammad, as Md. Bengali says its inherent vowel o (হক
Hoque or Haque, মোস্তফা Mostafa) and writes the z of Arabic names জ (ফজলুল Fazlul): a Bengali word also has those
readings (``indic_readings``).
"""

from __future__ import annotations

import unicodedata

from anyascii import anyascii

_VIRAMAS = frozenset("\u094d\u0a4d\u09cd")
_NUKTAS = frozenset("\u093c\u0a3c\u09bc")
_NASALS = frozenset("\u0901\u0902\u0a02\u0a70\u0981")  # candrabindu, anusvara, bindi, tippi
_ADDAK = "\u0a71"  # Gurmukhi: the next consonant is doubled
_VISARGAS = frozenset("\u0903\u0983")
_BENGALI_ANUSVARA = "\u0982"  # said and written ng: বাংলা Bangla, সাংমা Sangma
_KHANDA_TA = "\u09ce"  # a t with no vowel of its own: বিশ্বজিৎ Biswajit
_BENGALI_BA = "ব"
_LABIALS = frozenset("पफबभमਪਫਬਭਮপফবভম")
#: Consonants with a nukta (the Persian and Arabic sounds): ज़ z, फ़ f, ड़ r; anyascii reads the base letter only.
_WITH_NUKTA = {"क": "q", "ख": "kh", "ग": "gh", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f", "य": "y",
               "ਖ": "kh", "ਗ": "gh", "ਜ": "z", "ਫ": "f", "ਸ": "sh", "ਲ": "l", "ড": "r", "ঢ": "rh", "য": "y"}
#: Letters that names spell otherwise than anyascii: श and ष sh (Sharma, Ramesh), च ch (Chand), फ ph as f is
#: left to the keys (ph = f).
_SPELT = {"श": "sh", "ष": "sh", "च": "ch", "छ": "chh", "ਚ": "ch", "ਛ": "chh", "ਸ਼": "sh", "ऋ": "ri", "ृ": "ri",
          "শ": "sh", "ষ": "sh", "চ": "ch", "ছ": "chh", "ঋ": "ri", "ৃ": "ri", "ঐ": "oi", "ৈ": "oi", "ঔ": "ou",
          "ৌ": "ou", "য": "j", "ফ": "f"}
#: Bengali words passports spell otherwise than they are written letter by letter (মোঃ is Mohammad's short form).
_BENGALI_WORDS = {"মোঃ": "md", "মোহাঃ": "md", "বেগম": "begum", "শেখ": "sheikh", "হোসেন": "hossain",
                  "চৌধুরী": "choudhury", "উদ্দিন": "uddin", "হক": "haque"}


def is_indic(word: str) -> bool:
    """Whether a word has Devanagari, Bengali or Gurmukhi letters."""
    return any(0x0900 <= ord(c) <= 0x0A7F for c in word)


class _Syllable:
    """One consonant (or independent vowel) with what follows it: its vowel ("a" inherent, "" none) and marks."""

    def __init__(self, consonant: str, letter: str, is_consonant: bool):
        self.consonant = consonant
        self.letter = letter
        self.is_consonant = is_consonant
        self.vowel = "a" if is_consonant else ""
        self.inherent = is_consonant
        self.cluster = False  # a virama follows: the next consonant is joined to this one
        self.nasal = ""
        self.extra = ""


def _syllables(word: str) -> list[_Syllable]:
    out: list[_Syllable] = []
    double = False
    for char in unicodedata.normalize("NFC", word):
        category = unicodedata.category(char)
        if category == "Lo":
            roman = _SPELT.get(char, anyascii(char))
            if char == _BENGALI_BA and out and out[-1].cluster:
                roman = "w"  # ব-phala: বিশ্বাস Biswas, স্বপন Swapan
                out[-1].consonant = "s" if out[-1].letter == "শ" else out[-1].consonant
            elif char == "য" and out:
                roman = "y"  # য-phala and য inside a word: আদিত্য Aditya (at the start it is j: যাদব Jadab)
            consonant = bool(roman) and roman[-1] not in "aeiou"
            syllable = _Syllable(roman if consonant else "", char, consonant)
            if not consonant:
                syllable.vowel = roman
            if double and consonant:
                syllable.consonant = roman[0] + roman
            if char == _KHANDA_TA:
                syllable.vowel, syllable.inherent = "", False
            double = False
            out.append(syllable)
        elif not out:
            continue
        elif char in _VIRAMAS:
            out[-1].vowel, out[-1].inherent, out[-1].cluster = "", False, True
        elif char in _NUKTAS:
            out[-1].consonant = _WITH_NUKTA.get(out[-1].letter, out[-1].consonant)
        elif char in _NASALS:
            out[-1].nasal = "n"
        elif char == _ADDAK:
            double = True
        elif char in _VISARGAS:
            out[-1].extra = "h"
        elif char == _BENGALI_ANUSVARA:
            out[-1].nasal = "ng"
        elif category.startswith("M"):  # a vowel sign
            out[-1].vowel, out[-1].inherent = _SPELT.get(char, anyascii(char)), False
    return out


def _drop_schwas(syllables: list[_Syllable]) -> None:
    if syllables and syllables[-1].inherent and not (len(syllables) > 1 and syllables[-2].cluster):
        syllables[-1].vowel = ""  # राम Ram; a final cluster keeps it: मित्र Mitra
    for index in range(len(syllables) - 2, 0, -1):
        here, before, after = syllables[index], syllables[index - 1], syllables[index + 1]
        if not here.inherent or here.nasal or before.cluster or not (before.vowel or before.nasal):
            continue
        if after.is_consonant and (after.vowel or after.cluster):
            here.vowel = ""


def indic_readings(word: str) -> tuple[str, ...]:
    """A Devanagari, Bengali or Gurmukhi word in lower-case Latin letters (``"हरजीत"`` → ``("harjit",)``, ``"ਸਿੰਘ"``
    → ``("singh",)``), every reading, the passport spelling first; a Bengali word also
    with its inherent vowel said o (``"রহমান"`` → ``("rahman", "rohman")``) and with জ as z; a word passports spell
    one way has that spelling only (``"হক"`` → ``("haque",)``, which the keys compare with Hoque and Haque)."""
    spelt = _BENGALI_WORDS.get(unicodedata.normalize("NFC", word))
    if spelt is not None:
        return (spelt,)
    syllables = _syllables(word)
    _drop_schwas(syllables)
    readings = [_spelt(syllables, "a")]
    if any(0x0980 <= ord(c) <= 0x09FF for c in word):
        readings.append(_spelt(syllables, "o"))
        if "জ" in word:  # জ is also the z of Arabic names: ফজলুল Fazlul, নজরুল Nazrul, আজিজ Aziz
            readings += [_spelt(syllables, "a", z=True), _spelt(syllables, "o", z=True)]
    return tuple(dict.fromkeys(readings))


def _spelt(syllables: list[_Syllable], inherent: str, *, z: bool = False) -> str:
    out = []
    for index, syllable in enumerate(syllables):
        vowel = inherent if syllable.inherent and syllable.vowel == "a" else syllable.vowel
        consonant = "z" if z and syllable.letter == "জ" else syllable.consonant
        out.append(consonant + vowel)
        if syllable.nasal == "ng":
            out.append("ng")
        elif syllable.nasal:
            following = syllables[index + 1] if index + 1 < len(syllables) else None
            if following is not None and following.letter == "ह" and index + 2 == len(syllables):
                out.append("ng")  # सिंह Singh
            else:
                out.append("m" if following is not None and following.letter in _LABIALS else "n")
        out.append(syllable.extra)
    return "".join(out)
