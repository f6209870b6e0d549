"""Paragraphs that print every script: shaped, right-to-left lines in order, words hyphenated, never cut.

ReportLab shapes words with HarfBuzz when the style asks for it, but has no bidi algorithm of its own
without ``rlbidi`` (not on the package index). So a paragraph is always wrapped in logical order, and
only when a line is drawn are its words put in display order by the Unicode bidi algorithm
(``python-bidi``), each line on its own; a right-to-left paragraph is right-aligned. A word too long
for a whole line is hyphenated with a real dictionary (``pyphen``); one that still does not fit makes the
paragraph a little smaller rather than being cut without a hyphen. Words that merely reach the end of a
line go to the next one whole.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyphen
from bidi.algorithm import get_display
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from avrcase.domain.scripts import ARABIC, writes_right_to_left
from avrcase.documents.fonts import font_name, needs_shaping, register_fonts
from avrcase.documents.line_order import display_order, has_rtl

#: The language of the document being built; picks the hyphenation dictionary for Latin-script words.
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("document_language", default="en")

#: Smallest size a paragraph shrinks to so that its longest word fits, as a share of the style's size.
MIN_SHRINK = 0.7
#: Arabic-script runs print this much larger than the text around them (Naskh's letters run small).
ARABIC_SIZE = 1.1
_SHRINK_STEP = 0.9

#: The language of a paragraph whose text alone says which way it runs (its first letter with a direction
#: decides): an office's own name and address in a letterhead, whatever language the document is in.
TEXT_DECIDES = "und"
ARABIC_FONT = font_name(ARABIC)
_TAGS = re.compile(r"<[^>]*>")
_LITHUANIAN = frozenset("ąčęėįšųūžĄČĘĖĮŠŲŪŽ")
#: Languages written in Cyrillic whose own hyphenation dictionary a Cyrillic word is split by (others: Russian's).
_CYRILLIC_DICTIONARIES = ("uk", "ru", "be", "bg", "sr", "mn")
#: Letters of Mongolian's Cyrillic that Russian has not: a word holding one is Mongolian, in any document.
_MONGOLIAN = frozenset("өүӨҮ")
#: Direction marks (LRM, RLM, ALM) as the Arabic, Persian… number formats put them around a sign.
_MARKED = re.compile("[\u200e\u200f\u061c]")
#: Chinese characters and kana: text written without spaces between its words.
_HAN_TEXT = re.compile("[\u3400-\u9fff\u3040-\u30ff\uf900-\ufaff]")
_LETTERS = re.compile(r"[^\W\d_]")


def _written_without_spaces(text: str) -> bool:
    """Whether ``text`` is mostly Chinese (or Japanese), whose lines break between any two characters; a cell of a
    Lithuanian label over its Chinese one keeps the Lithuanian words whole ("gyvenamoj / i" otherwise)."""
    han = len(_HAN_TEXT.findall(text))
    return han >= 2 and han >= len(_LETTERS.findall(text)) - han


@contextlib.contextmanager
def document_language(language: str) -> Iterator[None]:
    """Paragraphs wrapped inside this block hyphenate Latin-script words by ``language``'s rules."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


@functools.cache
def _dictionary(language: str) -> pyphen.Pyphen | None:
    found = pyphen.language_fallback(language)
    return pyphen.Pyphen(lang=found) if found else None


def hyphenation_files(languages: Iterable[str]) -> set[str]:
    """The names of pyphen's dictionary files that :func:`_dictionary` loads for ``languages``: what a frozen
    app must ship (pyphen maps ``de`` to ``hyph_de_AT.dic``, so ``de_CH`` and ``de_DE`` stay out)."""
    return {Path(pyphen.LANGUAGES[found]).name for language in languages if (found := pyphen.language_fallback(language))}


def _hyphenation_points(word: str) -> list[tuple[str, str]]:
    """Where ``word`` may be split with a hyphen, longest first part first (ReportLab's hyphenator)."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return []
    names = {unicodedata.name(c, "").split(" ")[0] for c in letters}
    if names == {"CYRILLIC"}:
        language = _LANGUAGE.get() if _LANGUAGE.get() in _CYRILLIC_DICTIONARIES else "ru"
        if any(c in _MONGOLIAN for c in letters):
            language = "mn"  # Russian rules split its long vowels ("баталга-а-жуул") and know no ө or ү
    elif names == {"LATIN"}:
        language = "lt" if any(c in _LITHUANIAN for c in letters) else _LANGUAGE.get()
        if _dictionary(language) is None:
            language = "en"
    else:
        return []  # no dictionary for this script; the paragraph shrinks instead of cutting the word
    dictionary = _dictionary(language)
    return list(dictionary.iterate(word)) if dictionary else []


def _plain_text(fragment: str) -> str:
    return _TAGS.sub("", fragment).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_right_to_left(text: str) -> bool:
    """True when the first letter with a direction is right-to-left (the paragraph's base direction)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def runs_right_to_left(text: str, language: str | None = None) -> bool:
    """The base direction of a paragraph of ``text`` written in ``language``: right to left for Arabic, Persian,
    Urdu, Hebrew… whatever letter comes first ("Vilnius (VNO)" in an Arabic cell). Without a language, the
    document's decides when it is written right to left; otherwise (and for :data:`TEXT_DECIDES`) the first
    letter with a direction does, so that an Arabic name in a Lithuanian document still runs right to left."""
    if language is None:
        document = _LANGUAGE.get()
        language = document if writes_right_to_left(document) else TEXT_DECIDES
    if language == TEXT_DECIDES:
        return is_right_to_left(text)
    return writes_right_to_left(language)


@functools.cache
def _variant(style: ParagraphStyle, shaped: bool, rtl: bool, hyphenate: bool, scale: float,
             mirrored: bool = False, han: bool = False) -> ParagraphStyle:
    changes: dict[str, object] = {}
    if han:
        changes["wordWrap"] = "CJK"  # Chinese has no spaces: a line breaks between any two characters
    if hyphenate:
        changes.update(hyphenationLang=_hyphenation_points, embeddedHyphenation=1, hyphenationMinWordLength=4)
    if shaped:
        changes["shaping"] = 1
    if rtl and style.alignment == TA_LEFT:
        changes["alignment"] = TA_RIGHT
    elif mirrored and style.alignment == TA_RIGHT:
        changes["alignment"] = TA_LEFT  # the end of a line read right to left: an amount column of a mirrored table
    if scale != 1:
        changes["fontSize"] = style.fontSize * scale
        changes["leading"] = style.leading * scale
    suffix = "".join(f"-{flag}" for flag, on in (("shaped", shaped), ("rtl", rtl), ("hyphenated", hyphenate),
                                                  ("mirrored", mirrored and "alignment" in changes), ("han", han)) if on)
    return ParagraphStyle(f"{style.name}{suffix}{f'-{scale:.2f}' if scale != 1 else ''}", style, **changes)


def _is_bold(font: str) -> bool:
    try:
        return bool(ps2tt(font)[1])
    except ValueError:
        return False


@functools.cache
def _bold_face(font: str) -> str:
    """The bold face of ``font``'s family (``AvrArmenian`` → ``AvrArmenian-Bold``), ``font`` itself when it has none.

    A script's run is marked up ``<font name="AvrArmenian">``, which ReportLab reads as that font upright: in a bold
    style (a heading, a title, a table's head) Armenian, Georgian, Hindi, Chinese… printed regular beside bold Latin."""
    try:
        family, _bold, italic = ps2tt(font)
        return tt2ps(family, 1, italic)
    except (KeyError, ValueError):
        return font


class ScriptParagraph(Paragraph):
    """A paragraph of markup in any shipped script: shaped, bidi-ordered per line, never cut mid-word."""

    def __init__(self, fragment: str | None, style: ParagraphStyle, *, scale: float = 1.0, hyphenate: bool = False,
                 language: str | None = None, start: bool = False, **kwargs):
        """``language``: what the paragraph is written in (a bilingual column's), which sets its direction;
        ``None`` for the document's (known when the paragraph is laid out), :data:`TEXT_DECIDES` for its text's.
        ``start``: a value beside its label, set where the document's lines start whichever way its own text runs
        (an Arabic name in an English table reads right to left from the left edge of its cell, by its label)."""
        register_fonts()  # paragraphs resolve their fonts when made
        self._scale = scale
        self._hyphenate = hyphenate
        self._language = language
        self._start = start
        self._mirrored = False
        if fragment is None:
            # ReportLab's split: the frags are parsed already and the style is the variant made below; the
            # direction is the whole paragraph's (set by :meth:`split`).
            self._source = None
            self._start = False
            super().__init__(None, style, **kwargs)
            self.right_to_left = is_right_to_left("".join(str(getattr(f, "text", "") or "") for f in self.frags))
            return
        plain = _plain_text(fragment)
        self._source = (fragment, style, kwargs)
        self.right_to_left = runs_right_to_left(plain, language)
        super().__init__(fragment, _variant(style, needs_shaping(plain), self._set_right(), hyphenate, scale,
                                            han=_written_without_spaces(plain)), **kwargs)
        if scale != 1:
            # <font size=…> inside the markup keeps its absolute size: scale those frags with the rest.
            for frag in self.frags:
                if hasattr(frag, "fontSize") and abs(frag.fontSize - style.fontSize * scale) > 1e-6:
                    frag.fontSize = frag.fontSize * scale
        bold = _is_bold(style.fontName)
        for frag in self.frags:
            # Naskh letters are small beside Noto Sans at the same size; a name should not look like a footnote.
            if str(getattr(frag, "fontName", "")).startswith(ARABIC_FONT):
                frag.fontSize = frag.fontSize * ARABIC_SIZE
            if bold and not getattr(frag, "bold", 1) and hasattr(frag, "fontName"):
                frag.fontName, frag.bold = _bold_face(frag.fontName), 1

    def wrap(self, availWidth, availHeight):  # noqa: N802, N803 - ReportLab's names
        if self._hyphenate and self._source and vars(self).get("_wrapped"):
            # ReportLab's hyphenation leaves shaped pieces in the frags, and shaping them again failed (a table
            # wraps its cells more than once: a Ukrainian declaration's "Громадянство / მოქალაქეობა" header
            # stopped the document). A hyphenated paragraph is wrapped again from its markup.
            fragment, style, kwargs = self._source
            self.__dict__.update(ScriptParagraph(fragment, style, scale=self._scale, hyphenate=True,
                                                 language=self._language, start=self._start, **kwargs).__dict__, _mirrored=self._mirrored)
        self._settle_direction()
        self._wrapped = True
        size = super().wrap(availWidth, availHeight)
        if not (self._source and vars(self).get("_splitLongWordCount", 0)):
            return size
        # A word longer than the line would be cut without a hyphen: hyphenate this paragraph by a dictionary
        # (only now, so ordinary text keeps whole words), and where that is not enough print it smaller.
        if not self._hyphenate:
            scale = self._scale
        elif self._scale * _SHRINK_STEP >= MIN_SHRINK - 1e-9:
            scale = self._scale * _SHRINK_STEP
        else:
            return size  # as small as it gets: ReportLab cuts the word (a 20-letter word in a 15 mm column)
        fragment, style, kwargs = self._source
        retry = ScriptParagraph(fragment, style, scale=scale, hyphenate=True, language=self._language,
                                start=self._start, **kwargs)
        self.__dict__.update(retry.__dict__, _mirrored=self._mirrored)
        return self.wrap(availWidth, availHeight)

    def _settle_direction(self) -> None:
        """The paragraph was made before the document's language was known (renderers build their story first):
        now that it is laid out, take the direction that language gives, and the alignment with it."""
        if self._source is None:
            return
        fragment, style, _kwargs = self._source
        plain = _plain_text(fragment)
        right_to_left = runs_right_to_left(plain, self._language)
        if right_to_left != self.right_to_left or self._mirrored or self._start:
            self.right_to_left = right_to_left
            self.style = _variant(style, needs_shaping(plain), self._set_right(), self._hyphenate, self._scale,
                                  self._mirrored)

    def _set_right(self) -> bool:
        """Whether the lines are set against the right edge: by the text's direction, or for a ``start`` value the
        document's (a mirrored table turns that around)."""
        return writes_right_to_left(_LANGUAGE.get()) if self._start else self.right_to_left

    def mirror_alignment(self) -> None:
        """In a table whose columns run right to left: a paragraph set against the right edge (an amount) goes
        to the left one, where a line read right to left ends (one set to the left already goes right)."""
        self._mirrored = True

    def split(self, availWidth, availHeight):  # noqa: N802, N803 - ReportLab's names
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.right_to_left = self.right_to_left  # a page break does not turn a Persian paragraph around
            part._mirrored = self._mirrored  # noqa: SLF001 - a part of this very paragraph
        return parts

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        lines = getattr(self.blPara, "lines", [])
        if self.blPara.kind == 0 and self.right_to_left and any(_MARKED.search(w) for _space, words in lines for w in words):
            # A plain line (one style, no Arabic letters) whose words carry direction marks: an amount as an Arabic or
            # Persian format writes it ("\u200f750.00 €"); each such word in display order, its sign where they put it.
            plain = list(lines)
            try:
                self.blPara.lines[:] = [(space, [get_display(w, base_dir="R") if _MARKED.search(w) else w for w in words])
                                        for space, words in plain]
                return super().drawPara(debug)
            finally:
                self.blPara.lines[:] = plain
        if self.blPara.kind != 1 or not any(has_rtl(line.words) for line in lines):
            return super().drawPara(debug)
        logical = [line.words for line in lines]
        try:
            for line in lines:
                line.words = display_order(line.words, self.right_to_left)
            return super().drawPara(debug)
        finally:
            for line, words in zip(lines, logical, strict=True):
                line.words = words
