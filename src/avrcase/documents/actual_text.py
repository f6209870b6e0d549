"""The letters of a shaped word as they are written, for copying and searching: a PDF ``/ActualText`` span.

A PDF's text layer lists glyphs in the order they are drawn. In Bengali, Devanagari, Gurmukhi, Tamil and Sinhala
a vowel sign written after its consonant is drawn before it (রহিম is drawn র ি হ ম), and a two-part vowel around
it (মো: ে ম া), so copying a name out of a paper, or searching for it in a PDF reader, gave "রিহম". PDF's answer is
marked content with an ``/ActualText`` entry: ``/Span <</ActualText (…)>> BDC … EMC`` around the glyphs, which
readers (poppler's pdftotext, Acrobat, pdf.js) take instead of the glyphs' own text. ReportLab writes no marked
content, so a shaped word whose glyphs would read back otherwise than its letters is marked here: its first glyph's
shape data carries the word (``mark``), and the text object wraps that word's glyphs in a span when it writes them
(``install``). Right-to-left words are left to the readers, which put their glyphs back in order themselves.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from reportlab.pdfbase import ttfonts
from reportlab.pdfgen import textobject


class SpanStart(ttfonts.ShapeData):
    """The shape data of a word's first glyph, with the word's letters and its number of glyphs."""

    actual: str
    length: int


def mark(shaped: list, text: str, read_back: Callable[[str, str], str]) -> list:
    """``shaped`` (a shaped one-font word: ``[width, (frag, string)]``) with its first glyph marked as the start of an
    ``/ActualText`` span of ``text``, when the glyphs would read back otherwise (``read_back(glyphs, font)``)."""
    if len(shaped) != 2 or any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text):
        return shaped
    frag, string = shaped[1]
    data = getattr(string, "__shapeData__", None)
    written = unicodedata.normalize("NFC", text)
    if not data or not hasattr(frag, "fontName") or unicodedata.normalize("NFC", read_back(str(string), frag.fontName)) == written:
        return shaped
    first = SpanStart(*data[0])
    first.actual, first.length = written, len(data)
    return shaped.__class__([shaped[0], (frag, ttfonts.ShapedStr(str(string), shapeData=[first, *data[1:]]))])


def _span(actual: str, operators: str) -> str:
    letters = actual.encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <FEFF{letters}>>> BDC {operators} EMC"


@functools.cache
def install() -> None:
    """Wrap each marked word in its span as the text object writes it (WORKAROUND: ReportLab 4.x/5.x writes no
    marked content)."""
    original = textobject.PDFTextObject._formatText  # noqa: SLF001 - ReportLab's own

    def format_text(self, text):
        data = getattr(text, "__shapeData__", None)
        if not data or not any(isinstance(d, SpanStart) for d in data):
            return original(self, text)
        out, start = [], 0
        while start < len(data):
            first = data[start]
            if isinstance(first, SpanStart):
                end = min(len(data), start + first.length)
                out.append(_span(first.actual, original(self, text[start:end])))
            else:
                end = next((i for i in range(start + 1, len(data)) if isinstance(data[i], SpanStart)), len(data))
                out.append(original(self, text[start:end]))
            start = end
        return " ".join(part for part in out if part)

    textobject.PDFTextObject._formatText = format_text  # noqa: SLF001
