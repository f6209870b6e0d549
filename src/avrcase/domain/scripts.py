"""The writing systems avrcase can print, and which characters of a name it could not.

Every document is printed with fonts shipped inside the application; a character outside them would
come out as nothing at all. So the scripts below are the promise the documents keep (each has a font
in ``resources/fonts``, and a test checks the fonts cover every range listed here), and a name is
refused when it is typed if it holds a character none of them has.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from avrcase.i18n import N_, _


@dataclass(frozen=True)
class WritingSystem:
    """One script the documents print: its Unicode ranges (inclusive) and its direction."""

    key: str
    name: str  # N_() marked; translate at use
    ranges: tuple[tuple[int, int], ...]
    right_to_left: bool = False

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        return any(low <= code <= high for low, high in self.ranges)


#: Latin (with Vietnamese, Turkish, Azerbaijani, Kurmanji, Uzbek), Greek and Cyrillic (Ukrainian, Tajik,
#: Kyrgyz), digits and punctuation: the house font.
BASE = WritingSystem("base", N_("Latin, Cyrillic or Greek"), (
    (0x0020, 0x007E), (0x00A0, 0x03E1), (0x03F0, 0x052F), (0x1D00, 0x1DBF), (0x1E00, 0x1FFE), (0x2000, 0x200B),
    (0x2010, 0x2027), (0x202F, 0x205E), (0x20A0, 0x20BF), (0x2DE0, 0x2DFF), (0xA640, 0xA69F),
    (0xA720, 0xA7BF),
))
GEORGIAN = WritingSystem("georgian", N_("Georgian"), ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)))
ARMENIAN = WritingSystem("armenian", N_("Armenian"), ((0x0531, 0x058F), (0xFB13, 0xFB17)))
#: Arabic, Persian, Urdu, Punjabi (Shahmukhi), Kurdish (Sorani), Pashto.
ARABIC = WritingSystem("arabic", N_("Arabic"), (
    (0x0600, 0x0604), (0x0606, 0x061B), (0x061E, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFBC1),
    (0xFBD3, 0xFD3F), (0xFD50, 0xFDC7), (0xFDF0, 0xFDFD), (0xFE70, 0xFEFC),
), right_to_left=True)
HEBREW = WritingSystem("hebrew", N_("Hebrew"), ((0x0591, 0x05EA), (0x05F0, 0x05F4), (0xFB1D, 0xFB4F)),
                       right_to_left=True)
DEVANAGARI = WritingSystem("devanagari", N_("Devanagari"), ((0x0900, 0x097F), (0xA8E0, 0xA8FF)))
GURMUKHI = WritingSystem("gurmukhi", N_("Gurmukhi"), ((0x0A01, 0x0A76),))
#: Bengali and Assamese (Bangladesh, West Bengal, Assam).
BENGALI = WritingSystem("bengali", N_("Bengali"), ((0x0980, 0x09FE),))
TAMIL = WritingSystem("tamil", N_("Tamil"), ((0x0B82, 0x0BFA),))
SINHALA = WritingSystem("sinhala", N_("Sinhala"), ((0x0D81, 0x0DF4), (0x111E1, 0x111F4)))
#: Ge'ez: Tigrinya and Tigre (Eritrea), Amharic (Ethiopia).
ETHIOPIC = WritingSystem("ethiopic", N_("Ethiopic (Ge'ez)"), (
    (0x1200, 0x137F), (0x1380, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F),
))
#: Thai (Thailand's returnees' names as their passports' Thai page writes them).
THAI = WritingSystem("thai", N_("Thai"), ((0x0E01, 0x0E3A), (0x0E3F, 0x0E5B)))

#: Chinese characters (the Unified Ideographs of Unicode 4.1 and Extension A: simplified and traditional) and
#: Japanese kana, as far as the shipped fallback font draws them (it has no Hangul: see HANGUL).
HAN = WritingSystem("han", N_("Chinese or Japanese (Han, kana)"), (
    (0x3000, 0x3003), (0x3005, 0x3007), (0x3041, 0x3094), (0x3099, 0x309E), (0x30A0, 0x30F6), (0x30FB, 0x30FE), (0x3400, 0x4DB5),
    (0x4E00, 0x9FA5), (0xF900, 0xFA2D), (0xFF01, 0xFF5E),  # and the full-width punctuation Chinese writes (，：（）)
))

#: Korean: the syllables and the compatibility jamo, as far as the shipped font (Nanum Gothic) draws them.
HANGUL = WritingSystem("hangul", N_("Korean (Hangul)"), ((0x3131, 0x318E), (0xAC00, 0xD7A3)))

#: Every script with a shipped font, the house font first.
WRITING_SYSTEMS: tuple[WritingSystem, ...] = (BASE, GEORGIAN, ARMENIAN, ARABIC, HEBREW, DEVANAGARI, GURMUKHI,
                                              BENGALI, TAMIL, SINHALA, ETHIOPIC, THAI, HAN, HANGUL)

#: Joiners shape Persian, Kurdish and Indic words (ZWNJ, ZWJ); they print inside any script's run.
JOINERS = frozenset("\u200c\u200d")


#: Languages written right to left (ISO 639 codes): a paragraph in one of them runs right to left whatever its
#: first letter is (a Latin city name or an office's name first in an Arabic sentence).
RIGHT_TO_LEFT_LANGUAGES = frozenset({
    "ar", "arc", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ks", "lrc", "mzn", "pnb", "prs", "ps",
    "sd", "skr", "syr", "ug", "ur", "yi",
})
#: Script subtags written right to left ("pa-Arab" is Shahmukhi, "ku-Arab" Sorani in Arabic letters).
_RIGHT_TO_LEFT_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand", "samr"})


def writes_right_to_left(language: str) -> bool:
    """Whether text in ``language`` (``fa``, ``ar-IQ``, ``pa_Arab``) is written right to left."""
    parts = language.replace("_", "-").lower().split("-")
    script = next((part for part in parts[1:] if len(part) == 4), None)
    if script is not None:
        return script in _RIGHT_TO_LEFT_SCRIPTS
    return parts[0] in RIGHT_TO_LEFT_LANGUAGES


def writing_system_of(char: str) -> WritingSystem | None:
    """The shipped script that prints ``char``, or None when no shipped font has it."""
    for system in WRITING_SYSTEMS:
        if char in system:
            return system
    return None


def unprintable_characters(text: str) -> list[str]:
    """The characters of ``text`` that no shipped font prints, each once, in order of appearance."""
    out: list[str] = []
    for char in text:
        if char in JOINERS or char in "\n\t" or char in out:
            continue
        if writing_system_of(char) is None:
            out.append(char)
    return out


def describe_characters(chars: list[str]) -> str:
    """``“字” (CJK UNIFIED IDEOGRAPH-5B57)`` for each character, so a counsellor can tell which one it is."""
    def one(c: str) -> str:
        name = unicodedata.name(c, "U+%04X" % ord(c))
        # An invisible format character (a direction override) quoted in a message would turn the message round.
        return name if unicodedata.category(c) == "Cf" else f"“{c}” ({name})"

    return ", ".join(one(c) for c in chars[:3])


def unprintable_name_message(chars: list[str]) -> str:
    """The message for a name holding characters no shipped font prints."""
    invisible = [c for c in chars if unicodedata.category(c) == "Cf"]
    if invisible:
        # Direction overrides, marks and byte-order marks come along unseen when a name is copied from another
        # program; "no font" would send a counsellor looking for one.
        return _("The name holds invisible characters, probably copied along with it from another program: "
                 "%(chars)s. Please delete the name and type it again.") % {"chars": describe_characters(invisible)}
    return _("The documents cannot print %(chars)s: no font for this writing system is installed. "
             "Please type the name in Latin letters here, or in a script the documents print "
             "(%(scripts)s).") % {
        "chars": describe_characters(chars),
        "scripts": ", ".join(_(system.name) for system in WRITING_SYSTEMS),
    }
