"""Gaps in ReportLab's HarfBuzz shaping, closed once per process by :func:`install`.

1. ReportLab shapes a whole word with the font of its first fragment, so ``מרצוני.`` (Hebrew letters, a
   full stop from the house font) or ``Ali-محمد`` would print the second font's letters as missing
   glyphs; and it shapes a word holding Arabic letters right to left as a whole, digits included, so
   ``ص42`` or ``٢٠٢٦`` would read backwards. Here a word is shaped one font run at a time, and a number
   inside right-to-left text on its own, left to right.
2. A glyph HarfBuzz makes that has no character of its own (the Arabic lam-alef ligature, an Indic
   conjunct or half form) is given a private-use code, which the PDF's text layer then reads back as
   nothing. Here each such glyph is remembered with the letters it stands for, and the font's ToUnicode
   map says so, so that copying, searching and screen readers get the name back.
3. A shaped line whose first glyph sits raised or lowered (an Arabic letter with a shadda, drawn first in a
   right-to-left line) made ReportLab's text object read the last of its (still empty) operators, and
   issuing the document failed with an IndexError. Here a rise at the start of a text object is written
   as the first operator.
4. The glyphs of a Bengali or Hindi word are drawn in visual order (a vowel sign before its consonant), which the
   text layer read back as such ("রিহম" for রহিম): a word that would read back otherwise is marked with its letters
   for an ``/ActualText`` span (``actual_text``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen import textobject
from reportlab.platypus import paragraph

from avrcase.documents import actual_text, synthetic_bold

#: Face name -> private-use code -> the letters that glyph stands for.
_GLYPH_TEXT: dict[str, dict[int, str]] = {}
_PRIVATE = range(0xE000, 0xF900)
#: A number: digits of any of the scripts shipped, with separators between digits ("12/4", "1,234.5").
NUMBER = re.compile(r"[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,/:\u066B\u066C][0-9\u0660-\u0669\u06F0-\u06F9]+)*")


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _split_numbers(run: list) -> list[list]:
    """A one-font run of (frag, text) items cut so that each number stands alone (only in RTL text)."""
    if not _right_to_left("".join(s for _f, s in run)):
        return [run]
    pieces: list[list] = []
    for frag, text in run:
        cuts = sorted({0, len(text)} | {i for m in NUMBER.finditer(text) for i in m.span()})
        for start, end in zip(cuts, cuts[1:], strict=False):
            chunk = text[start:end]
            number = bool(NUMBER.fullmatch(chunk))
            if pieces and not number and not pieces[-1][0][2] and start > 0:
                pieces[-1].append((frag, chunk, False))
            else:
                pieces.append([(frag, chunk, number)])
    return [[(f, t) for f, t, _n in piece] for piece in pieces]


def _left_to_right(shaped: list) -> list:
    """A number HarfBuzz laid out right to left (it guessed Arabic from Arabic-Indic digits), turned back."""
    items = []
    for frag, string in shaped[1:]:
        data = getattr(string, "__shapeData__", None)
        if data and len(data) > 1 and data[0].cluster > data[-1].cluster:
            string = ttfonts.ShapedStr(str(string)[::-1], shapeData=list(reversed(data)))
        items.append((frag, string))
    return shaped.__class__([shaped[0], *items])


def _face_key(font_name: str) -> str:
    face = pdfmetrics.getFont(font_name).face
    return (face.name + getattr(face, "subfontNameX", b"")).decode("latin-1")


def _remember_glyph_text(shaped: list, text: str) -> None:
    """Record, for each private-use glyph of a shaped one-font word, the letters of its cluster."""
    glyphs: list[tuple[int, str, str]] = []  # (cluster, char, font name)
    for frag, string in shaped[1:]:
        data = getattr(string, "__shapeData__", None)
        if data is None or not hasattr(frag, "fontName"):
            continue
        glyphs.extend((d.cluster, c, frag.fontName) for d, c in zip(data, str(string), strict=False))
    starts = sorted({cluster for cluster, _c, _f in glyphs if 0 <= cluster < len(text)})
    ends = dict(zip(starts, starts[1:] + [len(text)], strict=True))
    for cluster in starts:
        members = [(c, f) for k, c, f in glyphs if k == cluster]
        rest = text[cluster:ends[cluster]]
        for char, _font in members:
            if ord(char) not in _PRIVATE:
                letter = unicodedata.normalize("NFKC", char)
                if letter not in rest:  # a part of a two-part vowel sign: া of Bengali ো (ে া), ா of Tamil ொ
                    rest, letter = unicodedata.normalize("NFD", rest), unicodedata.normalize("NFD", letter)
                rest = rest.replace(letter, "", 1)
        private = [(char, font) for char, font in members if ord(char) in _PRIVATE]
        _assign_private_glyphs(private, rest, first=bool(members) and ord(members[0][0]) in _PRIVATE)


#: Vowel signs drawn before the consonant they follow (Devanagari ि, Bengali ি ে ৈ, Gurmukhi ਿ, Tamil ெ ே ை,
#: Sinhala ෙ ේ ෛ), which fonts draw with glyphs of their own that are reused in many clusters.
_PRE_BASE = frozenset("\u093f\u09bf\u09c7\u09c8\u0a3f\u0bc6\u0bc7\u0bc8\u0dd9\u0dda\u0ddb")
#: A ra and virama written before a cluster, drawn as a reph over its end (Devanagari र्, Bengali র্).
_REPH = frozenset(("\u0930\u094d", "\u09b0\u09cd"))


def _assign_private_glyphs(private: list[tuple[str, str]], rest: str, first: bool) -> None:
    """Map a cluster's private-use glyphs to its letters not drawn by glyphs of their own (``rest``): a glyph already
    mapped in another cluster takes its letters out first; of two, a first glyph drawn before the others stands for
    a pre-base vowel sign (the e-kar of Bengali স্বে), the other for the consonants; a last glyph of a cluster written
    after a reph (Nepali पुनर्स्थापना) stands for the reph; else the first has them all."""
    unknown = []
    for char, font in private:
        known = _GLYPH_TEXT.get(_face_key(font), {}).get(ord(char))
        if known and known in rest:
            rest = rest.replace(known, "", 1)
        else:
            unknown.append((char, font))
    if len(unknown) > 1 and unknown[-1] == private[-1] and rest[:2] in _REPH:
        # A reph is drawn last, over its cluster: the last glyph is the reph; the others keep the consonants.
        (char, font), reph, rest = unknown.pop(), rest[:2], rest[2:]
        _GLYPH_TEXT.setdefault(_face_key(font), {}).setdefault(ord(char), reph)
    if len(unknown) > 1 and first and unknown[0] == private[0] and rest[-1:] in _PRE_BASE:
        (char, font), vowel, rest = unknown.pop(0), rest[-1], rest[:-1]
        _GLYPH_TEXT.setdefault(_face_key(font), {}).setdefault(ord(char), vowel)
    if unknown and rest:
        char, font = unknown[0]
        # Text extractors reverse a right-to-left run of glyphs, so its letters are stored reversed.
        letters = rest[::-1] if any(unicodedata.bidirectional(c) in ("R", "AL") for c in rest) else rest
        _GLYPH_TEXT.setdefault(_face_key(font), {}).setdefault(ord(char), letters)


def _restore_invisibles(shaped: list, text: str) -> list:
    """HarfBuzz prints a joiner or a direction mark (ZWNJ, RLM) as a space glyph of no width; put the mark
    itself back where the font has it, so the bidi order of the line still sees it. The glyph drawn is then
    the mark's, so its width is too: with the space's, the text after an LRM moved back by a space (a Persian
    amount, "\u200e€ 750.00", touched the word before it)."""
    items = []
    for frag, string in shaped[1:]:
        data = getattr(string, "__shapeData__", None)
        if data and " " in string:
            face = pdfmetrics.getFont(frag.fontName).face
            chars = list(str(string))
            data = list(data)
            for i, (char, d) in enumerate(zip(chars, data, strict=False)):
                if char == " " and d.x_advance == 0 and 0 <= d.cluster < len(text):
                    source = text[d.cluster]
                    if source != " " and unicodedata.category(source) == "Cf" and ord(source) in face.charToGlyph:
                        chars[i] = source
                        data[i] = d._replace(width=face.charWidths.get(ord(source), 0))
            string = ttfonts.ShapedStr("".join(chars), shapeData=data)
        items.append((frag, string))
    return shaped.__class__([shaped[0], *items])


def _shape_by_font(original, word, *args, **kwargs):
    """``shapeFragWord`` one font run at a time (see the module docstring)."""
    if isinstance(word, ttfonts.ShapedFragWord) or len(word) < 2:
        return original(word, *args, **kwargs)
    runs: list[list] = []
    for item in word[1:]:
        frag = item[0]
        font = getattr(frag, "fontName", None)
        if runs and not hasattr(frag, "cbDefn") and getattr(runs[-1][-1][0], "fontName", None) == font:
            runs[-1].append(item)
        else:
            runs.append([item])
    out_items: list = []
    width = 0.0
    changed = False
    for run in [piece for run in runs for piece in _split_numbers(run)]:
        frag = run[0][0]
        if hasattr(frag, "cbDefn") or not hasattr(frag, "fontName"):
            out_items.extend(run)
            width += getattr(frag, "width", 0)
            continue
        text = "".join(s for _f, s in run)
        run_width = sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in run)
        shaped = original(word.__class__([run_width, *run]), *args, **kwargs)
        if shaped is not None and isinstance(shaped, ttfonts.ShapedFragWord):
            changed = True
            if NUMBER.fullmatch(text):
                shaped = _left_to_right(shaped)
            shaped = _restore_invisibles(shaped, text)
            _remember_glyph_text(shaped, text)
            shaped = actual_text.mark(shaped, text, _read_back)
            width += shaped[0]
            out_items.extend(shaped[1:])
        else:
            width += run_width
            out_items.extend(run)
    if not changed:
        return word
    return ttfonts.makeShapedFragWord(word)([width, *out_items])


def _read_back(glyphs: str, font_name: str) -> str:
    """The letters a PDF reader takes from ``glyphs`` of ``font_name`` through its ToUnicode map, in drawing order."""
    texts = _GLYPH_TEXT.get(_face_key(font_name), {})
    return "".join(texts.get(ord(c), c) for c in glyphs)


def _to_unicode_cmap(original, fontname: str, subset):
    """ReportLab's ToUnicode map, with each remembered private-use glyph mapped to its letters."""
    texts = _GLYPH_TEXT.get(fontname.split("+", 1)[-1], {})
    if not any(code in texts for code in subset):
        return original(fontname, subset)
    cmap = original(fontname, subset).split("\n")
    for index, code in enumerate(subset):
        if code in texts:
            target = texts[code].encode("utf-16-be").hex().upper()
            old = "<%02X> <%04X>" % (index, code)
            cmap[cmap.index(old)] = "<%02X> <%s>" % (index, target)
    return "\n".join(cmap)


@functools.cache
def install() -> None:
    """Patch ReportLab's shaping and ToUnicode maps (WORKAROUND: ReportLab 4.x/5.x, see the docstring)."""
    synthetic_bold.install()  # not shaping, but the same text objects: a Chinese or Korean bold drawn thicker
    actual_text.install()  # a word whose glyphs read back out of order copies as written (4. below)
    paragraph.shapeFragWord = functools.partial(_shape_by_font, paragraph.shapeFragWord)
    ttfonts.makeToUnicodeCMap = functools.partial(_to_unicode_cmap, ttfonts.makeToUnicodeCMap)
    original_set_rise = textobject.PDFTextObject.setRise

    def set_rise(text_object, rise):
        if text_object._code:  # noqa: SLF001 - ReportLab's own state
            return original_set_rise(text_object, rise)
        text_object._rise = rise  # noqa: SLF001
        text_object._y -= rise  # noqa: SLF001
        text_object._code.append(f"{fp_str(rise)} Ts")  # noqa: SLF001
        return None

    textobject.PDFTextObject.setRise = set_rise
