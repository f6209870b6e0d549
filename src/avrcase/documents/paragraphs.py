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
from bidi import algorithm as uba
from bidi.mirror import MIRRORED
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from avrcase.domain.scripts import ARABIC, HEBREW
from avrcase.documents.fonts import font_name, needs_shaping, register_fonts
from avrcase.documents.shaping import NUMBER

#: The language of the document being built; picks the hyphenation dictionary for Latin-script words.
_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("document_language", default="en")

#: Smallest size a paragraph shrinks to so that its longest word fits, as a share of the style's size.
MIN_SHRINK = 0.7
#: Arabic-script runs print this much larger than the text around them (Naskh's letters run small).
ARABIC_SIZE = 1.1
_SHRINK_STEP = 0.9

_RTL_CHARS = "".join(f"{chr(low)}-{chr(high)}" for system in (ARABIC, HEBREW) for low, high in system.ranges)
_STRONG_RTL = re.compile(f"[{_RTL_CHARS}]")
ARABIC_FONT = font_name(ARABIC)
_TAGS = re.compile(r"<[^>]*>")
_LITHUANIAN = frozenset("ąčęėįšųūžĄČĘĖĮŠŲŪŽ")


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
        language = _LANGUAGE.get() if _LANGUAGE.get() in ("uk", "ru", "be", "bg", "sr") else "ru"
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


@functools.cache
def _variant(style: ParagraphStyle, shaped: bool, rtl: bool, hyphenate: bool, scale: float) -> ParagraphStyle:
    changes: dict[str, object] = {}
    if hyphenate:
        changes.update(hyphenationLang=_hyphenation_points, embeddedHyphenation=1, hyphenationMinWordLength=4)
    if shaped:
        changes["shaping"] = 1
    if rtl and style.alignment == TA_LEFT:
        changes["alignment"] = TA_RIGHT
    if scale != 1:
        changes["fontSize"] = style.fontSize * scale
        changes["leading"] = style.leading * scale
    suffix = "".join(f"-{flag}" for flag, on in (("shaped", shaped), ("rtl", rtl), ("hyphenated", hyphenate)) if on)
    return ParagraphStyle(f"{style.name}{suffix}{f'-{scale:.2f}' if scale != 1 else ''}", style, **changes)


class ScriptParagraph(Paragraph):
    """A paragraph of markup in any shipped script: shaped, bidi-ordered per line, never cut mid-word."""

    def __init__(self, fragment: str | None, style: ParagraphStyle, *, scale: float = 1.0, hyphenate: bool = False,
                 **kwargs):
        register_fonts()  # paragraphs resolve their fonts when made
        self._scale = scale
        self._hyphenate = hyphenate
        if fragment is None:
            # ReportLab's split: the frags are parsed already and the style is the variant made below.
            self._source = None
            super().__init__(None, style, **kwargs)
            self.right_to_left = is_right_to_left("".join(str(getattr(f, "text", "") or "") for f in self.frags))
            return
        plain = _plain_text(fragment)
        self._source = (fragment, style, kwargs)
        self.right_to_left = is_right_to_left(plain)
        super().__init__(fragment, _variant(style, needs_shaping(plain), self.right_to_left, hyphenate, scale), **kwargs)
        if scale != 1:
            # <font size=…> inside the markup keeps its absolute size: scale those frags with the rest.
            for frag in self.frags:
                if hasattr(frag, "fontSize") and abs(frag.fontSize - style.fontSize * scale) > 1e-6:
                    frag.fontSize = frag.fontSize * scale
        for frag in self.frags:
            # Naskh letters are small beside Noto Sans at the same size; a name should not look like a footnote.
            if str(getattr(frag, "fontName", "")).startswith(ARABIC_FONT):
                frag.fontSize = frag.fontSize * ARABIC_SIZE

    def wrap(self, availWidth, availHeight):  # noqa: N802, N803 - ReportLab's names
        if self._hyphenate and self._source and vars(self).get("_wrapped"):
            # ReportLab's hyphenation leaves shaped pieces in the frags, and shaping them again failed (a table
            # wraps its cells more than once: a Ukrainian declaration's "Громадянство / მოქალაქეობა" header
            # stopped the document). A hyphenated paragraph is wrapped again from its markup.
            fragment, style, kwargs = self._source
            self.__dict__.update(ScriptParagraph(fragment, style, scale=self._scale, hyphenate=True, **kwargs).__dict__)
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
        retry = ScriptParagraph(fragment, style, scale=scale, hyphenate=True, **kwargs)
        self.__dict__.update(retry.__dict__)
        return self.wrap(availWidth, availHeight)

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        lines = getattr(self.blPara, "lines", [])
        if self.blPara.kind != 1 or not any(_has_rtl(line.words) for line in lines):
            return super().drawPara(debug)
        logical = [line.words for line in lines]
        try:
            for line in lines:
                line.words = display_order(line.words, self.right_to_left)
            return super().drawPara(debug)
        finally:
            for line, words in zip(lines, logical, strict=True):
                line.words = words


def _has_rtl(words: list) -> bool:
    return any(_STRONG_RTL.search(str(getattr(f, "text", "") or "")) for f in words)


#: Bidi classes the algorithm removes (X9), and characters with none.
_REMOVED_BY_X9 = frozenset({"", "BN", "LRE", "RLE", "PDF", "LRO", "RLO"})
#: Bidi-mirrored pairs (Unicode's BidiMirroring.txt, as python-bidi ships it): brackets, quotes, ≤ and ≥…
_MIRRORED = str.maketrans(MIRRORED)
_ADDED = 0x7FFFFFFF  # ReportLab's cluster number for a character it added to a shaped string (a space)


def _separators(text) -> list[bool]:
    """For each character of a line's text: is it a space between words? HarfBuzz prints a zero-width
    joiner (ZWNJ in a Persian name) as a space glyph of no width: that one is inside a word."""
    data = getattr(text, "__shapeData__", None)
    return [c == " " and (data is None or data[i].cluster == _ADDED or data[i].x_advance != 0)
            for i, c in enumerate(str(text))]


def _pieces(words: list) -> list:
    """The frags of one line cut at spaces (and around numbers in right-to-left words), so words of one
    style run can be reordered one by one."""
    out = []
    for frag in words:
        text = getattr(frag, "text", None)
        if not text or hasattr(frag, "cbDefn"):
            out.append(frag)
            continue
        flags = _separators(text)
        cuts = {0, len(flags)} | {i for i in range(1, len(flags)) if flags[i] != flags[i - 1]}
        if _STRONG_RTL.search(str(text)):
            cuts |= {i for m in NUMBER.finditer(str(text)) for i in m.span()}
        ordered = sorted(cuts)
        for start, end in zip(ordered, ordered[1:], strict=False):
            piece = frag.clone()
            piece.text = text[start:end]  # a slice of a shaped string keeps its glyph positions
            out.append(piece)
    return out


def _probe(piece) -> str:
    """Characters standing for ``piece`` in the bidi algorithm: its own, with private-use glyphs (ligatures
    and conjuncts HarfBuzz made) replaced by a letter of the piece's direction, and a space inside a word
    (HarfBuzz's joiner) by a joiner."""
    text = str(getattr(piece, "text", "") or "")
    if not text:
        return "\ufffc"  # an image or an empty frag: a neutral object
    rtl = bool(_STRONG_RTL.search(text))
    letter = "\u0627" if rtl else "a"
    inner = _separators(getattr(piece, "text", ""))
    # Every character stands for one: the bidi algorithm drops the characters it removes (rule X9: a ZWNJ, a
    # joiner, an embedding), and the positions after one would then name the wrong piece (a Persian line lost
    # its last words). Those stand as a letter of the piece's direction, inside its word.
    return "".join(letter if "\ue000" <= c <= "\uf8ff" or unicodedata.bidirectional(c) in _REMOVED_BY_X9
                   or (c == " " and not inner[i]) else c for i, c in enumerate(text))


def display_order(words: list, right_to_left: bool) -> list:
    """The frags of one wrapped line in display order (Unicode bidi algorithm, rules W1-L2).

    A right-to-left word is already in display order inside (HarfBuzz shaped it right to left) and moves
    as a whole; any other word is cut where its level changes ("2019." at the end of an Arabic sentence
    puts its full stop on the far left).
    """
    pieces = _pieces(words)
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if right_to_left else 0
    storage["base_dir"] = "R" if right_to_left else "L"
    owners: list[int] = []
    text = ""
    for index, piece in enumerate(pieces):
        probe = _probe(piece)
        text += probe
        owners.extend([index] * len(probe))
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    # Units that move as a whole: a right-to-left piece, or a run of one level inside any other piece.
    units: list[object] = []
    chars = storage["chars"]
    for position, char in enumerate(chars):
        index = owners[position]
        piece_text = str(getattr(pieces[index], "text", "") or "")
        if _STRONG_RTL.search(piece_text) and not NUMBER.fullmatch(piece_text):
            unit = (index, 0, len(piece_text))
        else:
            start = position
            while start > 0 and owners[start - 1] == index and chars[start - 1]["level"] == char["level"]:
                start -= 1
            end = position + 1
            while end < len(chars) and owners[end] == index and chars[end]["level"] == char["level"]:
                end += 1
            offset = owners.index(index)
            unit = (index, start - offset, end - offset)
        char["unit"] = unit
        if unit not in units:
            units.append(unit)
    uba.reorder_resolved_levels(storage, False)
    order: list[tuple[int, int, int]] = []
    odd: set[tuple[int, int, int]] = set()
    for char in storage["chars"]:
        if char["unit"] not in order:
            order.append(char["unit"])
            if char["level"] % 2:
                odd.add(char["unit"])
    out = []
    for unit in order:
        index, start, end = unit
        piece = pieces[index]
        whole = getattr(piece, "text", None)
        if whole is None or (start == 0 and end >= len(whole)):
            part = piece
        else:
            part = piece.clone()
            part.text = whole[start:end]
        if unit in odd and isinstance(part.text, str) and not hasattr(part.text, "__shapeData__") \
                and not _STRONG_RTL.search(part.text):
            # Neutrals read right to left (a bracket, a full stop): in reverse order, brackets mirrored (rule L4),
            # so that "(local time)" inside Arabic opens on the right. HarfBuzz did this in shaped words already.
            mirrored = part.text[::-1].translate(_MIRRORED)
            if mirrored != part.text:
                part = part.clone() if part is piece else part
                part.text = mirrored
        out.append(part)
    return out
