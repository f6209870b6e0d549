"""One wrapped line of a paragraph put in display order by the Unicode bidi algorithm (UAX #9).

python-bidi's algorithm runs rules X1-I2 on a stand-in text for the line's pieces (see :func:`_probe`), with
the paragraph's base level given by its language; its Python implementation has no rule N0, so bracket
pairs are resolved here (BD16, N0): "Kutaisi (KUT)" in an Arabic cell keeps both brackets around its code.
Neutrals that end up right to left are reversed and mirrored (rule L4), shaped or not: HarfBuzz shapes a
Latin "(WAW)" left to right (for its kerning), so it does not mirror them itself.
"""

from __future__ import annotations

import re
import unicodedata

from bidi import algorithm as uba
from bidi.mirror import MIRRORED
from reportlab.pdfbase import ttfonts

from avrcase.documents.shaping import NUMBER
from avrcase.domain.scripts import ARABIC, HEBREW

_RTL_CHARS = "".join(f"{chr(low)}-{chr(high)}" for system in (ARABIC, HEBREW) for low, high in system.ranges)
STRONG_RTL = re.compile(f"[{_RTL_CHARS}]")

#: Opening paired brackets (Unicode's BidiBrackets.txt) and the bracket that closes each.
_OPENING = dict(zip("([{\u0f3a\u0f3c\u169b\u2045\u207d\u208d\u2308\u230a\u2768\u276a\u276c\u276e\u2770\u2772\u2774"
                    "\u27c5\u27e6\u27e8\u27ea\u27ec\u27ee\u2983\u2985\u2987\u2989\u298b\u2991\u2993\u2995\u2997"
                    "\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\ufe59\ufe5b\ufe5d\uff08\uff3b\uff5b\uff5f\uff62",
                    ")]}\u0f3b\u0f3d\u169c\u2046\u207e\u208e\u2309\u230b\u2769\u276b\u276d\u276f\u2771\u2773\u2775"
                    "\u27c6\u27e7\u27e9\u27eb\u27ed\u27ef\u2984\u2986\u2988\u298a\u298c\u2992\u2994\u2996\u2998"
                    "\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\ufe5a\ufe5c\ufe5e\uff09\uff3d\uff5d\uff60\uff63",
                    strict=True))
_CLOSING = frozenset(_OPENING.values())
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}  # angle brackets canonically equal to the CJK ones
_MAX_BRACKET_DEPTH = 63  # BD16: deeper nesting stops the pairing


def has_rtl(words: list) -> bool:
    """Whether any frag of a line holds a right-to-left letter."""
    return any(STRONG_RTL.search(str(getattr(f, "text", "") or "")) for f in words)


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
        if STRONG_RTL.search(str(text)):
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
    rtl = bool(STRONG_RTL.search(text))
    letter = "\u0627" if rtl else "a"
    inner = _separators(getattr(piece, "text", ""))
    # Every character stands for one: the bidi algorithm drops the characters it removes (rule X9: a ZWNJ, a
    # joiner, an embedding), and the positions after one would then name the wrong piece (a Persian line lost
    # its last words). Those stand as a letter of the piece's direction, inside its word. So do the vowel marks
    # of a right-to-left word: shaped, it is in display order, a mark before its letter, and rule W1 gave a mark
    # first in the word the class of the space before it ("عَبْدُ" went to the wrong side of a Latin line).
    return "".join(letter if "\ue000" <= c <= "\uf8ff" or unicodedata.bidirectional(c) in _REMOVED_BY_X9
                   or (c == " " and not inner[i]) or (rtl and unicodedata.bidirectional(c) == "NSM") else c
                   for i, c in enumerate(text))


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
    _resolve_bracket_pairs(storage["chars"], storage["base_level"])
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    # Units that move as a whole: a right-to-left piece, or a run of one level inside any other piece.
    units: list[object] = []
    chars = storage["chars"]
    for position, char in enumerate(chars):
        index = owners[position]
        piece_text = str(getattr(pieces[index], "text", "") or "")
        if STRONG_RTL.search(piece_text) and not NUMBER.fullmatch(piece_text):
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
        if unit in odd and isinstance(part.text, str) and not STRONG_RTL.search(part.text):
            # Neutrals read right to left (a bracket, a full stop): in reverse order, brackets mirrored (rule L4),
            # so that "(local time)" inside Arabic opens on the right. HarfBuzz did this in right-to-left words
            # already, but shaped a Latin "(WAW)" left to right (for its kerning): its brackets are turned here.
            mirrored = _reversed_and_mirrored(part.text)
            if mirrored != part.text:
                part = part.clone() if part is piece else part
                part.text = mirrored
        out.append(part)
    return out


def _reversed_and_mirrored(text: str) -> str:
    """Neutrals drawn right to left: their characters in reverse order, each replaced by its mirror image; a
    shaped string keeps each glyph's position data (a bracket and its mirror have the same advance)."""
    mirrored = text[::-1].translate(_MIRRORED)
    data = getattr(text, "__shapeData__", None)
    if data is None:
        return mirrored
    return ttfonts.ShapedStr(mirrored, shapeData=list(reversed(data)))


def _strong(kind: str) -> str | None:
    """The strong direction a resolved bidi class counts as for rule N0 (numbers count as right to left)."""
    return "L" if kind == "L" else "R" if kind in ("R", "AN", "EN") else None


def _resolve_bracket_pairs(chars: list[dict], base_level: int) -> None:
    """Rules BD16 and N0: a pair of brackets takes the direction of the text it encloses when that is the
    paragraph's, or of the text before it when both differ from the paragraph's ("Kutaisi (KUT)" in an Arabic
    cell: left to right, so the closing bracket stays after "KUT" instead of going to the far end)."""
    embedding = "R" if base_level % 2 else "L"
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(chars):
        if char["type"] != "ON":
            continue
        bracket = _CANONICAL.get(char["ch"], char["ch"])
        if bracket in _OPENING:
            if len(stack) == _MAX_BRACKET_DEPTH:
                break
            stack.append((_CANONICAL.get(_OPENING[bracket], _OPENING[bracket]), index))
        elif bracket in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == bracket:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    for opening, closing in sorted(pairs):
        inside = {_strong(chars[k]["type"]) for k in range(opening + 1, closing)} - {None}
        if not inside:
            continue  # no strong text inside: the brackets stay neutral (rules N1, N2)
        if embedding in inside:
            direction = embedding
        else:  # only the other direction inside: it stands when the text before the brackets runs that way too
            before = (_strong(chars[k]["type"]) for k in range(opening - 1, -1, -1))
            direction = next((kind for kind in before if kind), embedding)
        chars[opening]["type"] = chars[closing]["type"] = direction
