"""The shipped fonts: one Noto family per writing system, registered with ReportLab once and shaped by HarfBuzz.

``markup`` puts each word in the font of its script, so a name or a sentence in Armenian, Sinhala or
Arabic prints in a font that has its letters. ReportLab shapes a word (joining, conjuncts, reordering of
Indic vowel signs) with the font of the word's first fragment, so a word is never split between two
fonts when one of them can print all of it.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from html import escape
from typing import cast

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from avrcase.documents import shaping
from avrcase.documents.font_files import font_bytes
from avrcase.domain.scripts import BASE, JOINERS, WRITING_SYSTEMS, WritingSystem, writing_system_of

SANS = "AvrSans"
SANS_BOLD = "AvrSans-Bold"

#: Writing-system key -> the Noto family that prints it (``<family>-Regular.ttf`` and ``-Bold.ttf``).
FAMILIES = {
    "base": "NotoSans",
    "georgian": "NotoSansGeorgian",
    "armenian": "NotoSansArmenian",
    "arabic": "NotoNaskhArabic",  # Naskh also serves Urdu and Shahmukhi (Nastaliq does not shape in ReportLab)
    "hebrew": "NotoSansHebrew",
    "devanagari": "NotoSansDevanagari",
    "gurmukhi": "NotoSansGurmukhi",
    "bengali": "NotoSansBengali",  # Bangladeshi returnees
    "tamil": "NotoSansTamil",
    "sinhala": "NotoSansSinhala",
    "ethiopic": "NotoSansEthiopic",  # Tigrinya names of Eritrean returnees
    "thai": "NotoSansThai",  # Thai names; tone marks placed by HarfBuzz
    "han": "DroidSansFallback",  # Chinese names; one weight only (SINGLE_WEIGHT)
    "hangul": "NanumGothic",  # Korean names (OFL, NAVER); one weight only, the file as Debian ships it (FILE_NAMES)
}
#: Fonts whose file is not named ``<family>-Regular.ttf``.
FILE_NAMES = {"hangul": "NanumGothic.ttf"}
#: Families shipped in one weight: their bold prints upright from the regular file.
SINGLE_WEIGHT = frozenset({"han", "hangul"})
#: The large families the frozen app ships compressed (``font_files``): only a text in their script reads them.
SHIPPED_COMPRESSED = frozenset({"han", "hangul"})  # Nanum Gothic (4.7 MB) took 0.37 s to read


def files_read_when_used() -> list[str]:
    """The font files of ``SHIPPED_COMPRESSED``: the frozen app ships them compressed, as they are read only by a
    text in their script."""
    return sorted({name for system in WRITING_SYSTEMS if system.key in SHIPPED_COMPRESSED
                   for name in font_files(system)})


def font_name(system: WritingSystem, bold: bool = False) -> str:
    """The ReportLab name of the font that prints ``system`` (``AvrSans``, ``AvrArmenian-Bold``…)."""
    if system.key == "base":
        return SANS_BOLD if bold else SANS
    name = "Avr" + system.key.capitalize()
    return name + "-Bold" if bold else name


#: Format controls with no ink: the joiners (ZWNJ keeps Persian "می‌کنند" one word without joining its letters,
#: ZWJ) and the bidi controls (LRM, RLM, ALM, embeddings, isolates) that order the text around them. CLDR writes
#: the latter into Arabic-script numbers, amounts and dates ("\u200f550.00 €").
INVISIBLE_CONTROLS = (0x200C, 0x200D, 0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ZERO_WIDTH_SPACE = 0x200B


def _draw_bidi_controls_as_nothing(font: TTFont) -> None:
    """Noto draws these controls as visible symbols (of no width), and ReportLab prints them so: where it does not
    shape a run (an amount), and where the shaping put a mark back for the bidi order (``shaping``). HarfBuzz
    joins letters from the font file itself, so mapping them to the font's empty zero-width space here changes
    only what is drawn."""
    glyphs = font.face.charToGlyph
    empty = glyphs.get(_ZERO_WIDTH_SPACE)
    if empty is None:
        return
    for code in INVISIBLE_CONTROLS:
        if code in glyphs:
            glyphs[code] = empty


@functools.cache
def register_fonts() -> None:
    """Register the house font once per process, shapable, with its bold face as the family's bold. Every other
    family is registered when a text first holds its script (``registered``, from ``markup``): reading the ten
    other families' twenty faces took 50–80 ms of every paper printed in Latin letters (#14)."""
    shaping.install()
    registered(BASE)


def font_files(system: WritingSystem) -> tuple[str, str]:
    """The file names of the regular and the bold face of ``system``'s family (the same file for a family
    shipped in one weight)."""
    family = FAMILIES[system.key]
    regular = FILE_NAMES.get(system.key, f"{family}-Regular.ttf")
    return regular, regular if system.key in SINGLE_WEIGHT else f"{family}-Bold.ttf"


@functools.cache
def registered(system: WritingSystem) -> str:
    """Register the faces of ``system`` (once per process); returns the regular face's ReportLab name."""
    shaping.install()
    regular, bold = font_name(system), font_name(system, bold=True)
    data = {file_name: font_bytes(file_name) for file_name in set(font_files(system))}  # one read a file
    for name, file_name in zip((regular, bold), font_files(system), strict=True):
        source = io.BytesIO(data[file_name])
        source.name = file_name  # (ReportLab names the file in its messages)
        font = TTFont(name, source, shapable=True)
        _draw_bidi_controls_as_nothing(font)
        pdfmetrics.registerFont(font)
    # Families, so <b> inside an Armenian or Arabic run picks that script's bold face. No italics
    # are shipped: italic maps to upright. The upright mappings go last because addMapping also
    # records the reverse (font -> bold/italic) and the last call wins.
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    return regular


@functools.cache
def _covers(system_key: str, char: str) -> bool:
    register_fonts()
    system = next(s for s in WRITING_SYSTEMS if s.key == system_key)
    return ord(char) in pdfmetrics.getFont(registered(system)).face.charToGlyph or char in JOINERS


@functools.lru_cache(maxsize=4096)
def _own_system(char: str) -> WritingSystem | None:
    """The script a letter, mark or digit belongs to when it is not the house font's; None otherwise (remembered
    per character: a page asks it of every character it prints, #14)."""
    system = writing_system_of(char)
    if system is None or system is BASE:
        return None
    if unicodedata.category(char)[0] in "LMN":
        return system
    return None


_SPACES = re.compile(r"(\s+)")


def word_runs(word: str) -> list[tuple[WritingSystem, str]]:
    """``word`` (no spaces) cut into runs of one font each; punctuation joins the script beside it."""
    if word.isascii():  # no character of another script, so one run in the house font (what follows finds so too)
        return [(BASE, word)]
    systems = {s.key: s for s in (_own_system(c) for c in word) if s is not None}
    if not systems and all(_covers(BASE.key, c) for c in word):
        return [(BASE, word)]
    if len(systems) == 1:
        (system,) = systems.values()
        if all(_covers(system.key, c) for c in word):
            return [(system, word)]  # one font for the whole word: HarfBuzz shapes it as one
    # Mixed: each character in its script's font, neutrals with a neighbour whose font has them, else in the
    # font of their own script (an Arabic comma after a Latin name: "Maia،").
    owners: list[WritingSystem | None] = [_own_system(c) for c in word]
    for i, char in enumerate(word):
        if owners[i] is None:
            before = next((owners[j] for j in range(i - 1, -1, -1) if owners[j] is not None), None)
            after = next((owners[j] for j in range(i + 1, len(word)) if _own_system(word[j]) is not None), None)
            owners[i] = next((s for s in (before, after, writing_system_of(char))
                              if s is not None and _covers(s.key, char)), BASE)
    runs: list[tuple[WritingSystem, str]] = []
    for system, char in zip(cast(list[WritingSystem], owners), word, strict=True):  # every owner set above
        if runs and runs[-1][0] is system:
            runs[-1] = (system, runs[-1][1] + char)
        else:
            runs.append((system, char))
    return runs


def text_runs(text: str) -> list[tuple[WritingSystem, str]]:
    """``text`` cut into runs of one font each; spaces stay in the run around them."""
    runs: list[tuple[WritingSystem, str]] = []
    for piece in _SPACES.split(text):
        if not piece:
            continue
        pieces = [(runs[-1][0] if runs else BASE, piece)] if piece.isspace() else word_runs(piece)
        for system, chunk in pieces:
            if runs and runs[-1][0] is system:
                runs[-1] = (system, runs[-1][1] + chunk)
            else:
                runs.append((system, chunk))
    return runs


#: A number and the short word after it that ends with a full stop ("26 d.", "2023 m.", "2026 г."): one unit.
_NUMBER_AND_ABBREVIATION = re.compile(r"(\d) (?=[^\W\d_]{1,3}\.)")
#: A day of one or two digits that ends a text after a word of four letters or more ("… сарын 8"): kept with it.
_LAST_DAY = re.compile(r"(?<=[^\W\d_]{4}) (?=\d{1,2}\.?$)")


def keep_together(text: str) -> str:
    """``text`` with a no-break space between a number and its abbreviation, so a line never breaks there: a
    Lithuanian date in a table cell printed "2023 m. lapkričio 26" over a lone "d."; and before a day that ends
    the text, so a Mongolian date ("2025 оны арван хоёрдугаар сарын 8") never leaves its day alone on a line."""
    return _LAST_DAY.sub("\u00a0", _NUMBER_AND_ABBREVIATION.sub("\\1\u00a0", text))


def markup(text: str) -> str:
    """Paragraph markup for plain ``text``: escaped, each script run in a font that has it, lines kept, a number
    kept with its abbreviation."""
    out: list[str] = []
    for system, chunk in text_runs(keep_together(text)):
        # html.escape, not xml.sax.saxutils.escape (the same three replacements): the latter imports urllib.request,
        # http.client and the email package into every document command (#14).
        chunk = escape(chunk, quote=False).replace("\n", "<br/>")
        out.append(chunk if system is BASE else f'<font name="{registered(system)}">{chunk}</font>')
    return "".join(out)


def needs_shaping(text: str) -> bool:
    """True when ``text`` holds letters the house font alone would print wrong (joining, conjuncts, RTL)."""
    if text.isascii():
        return False
    # A combining mark with no composed letter (Yoruba Ẹ̀, Ọ́; a Vietnamese or Lithuanian accent pasted apart): unshaped,
    # ReportLab draws the mark where the font's designer left it for HarfBuzz to place, and the grave of Ẹ̀bùn was
    # not printed at all.
    return any((_own_system(c) is not None and unicodedata.category(c)[0] in "LM") or unicodedata.combining(c)
               for c in text)
