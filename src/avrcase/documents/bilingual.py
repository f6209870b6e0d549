"""Layout pieces shared by the documents printed in two languages (itinerary, receipt, plan).

Each such document carries one :class:`Wording` per language, the office language first; a label
prints in the first language with the second below it in grey, a heading as "first / second",
statements side by side. The wording itself comes from ``resources/documents/<lang>.json`` through
the services; nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from avrcase.documents.base import CONTENT_WIDTH, INK, RULE, SANS, SANS_BOLD, STYLES, facts_table, item_number, markup, para, stacked
from avrcase.documents.paragraphs import ScriptParagraph
from avrcase.i18n.format import punctuation

#: Room left to sign in on a signature line.
SIGNATURE_ROW_HEIGHT = 13 * mm

#: Amounts in a column line up on the right; a total is bold.
_AMOUNT = ParagraphStyle("amount", STYLES["cell"], alignment=TA_RIGHT)
_TOTAL = ParagraphStyle("amount_total", _AMOUNT, fontName=SANS_BOLD)


@dataclass(frozen=True)
class Wording:
    """A document's fixed texts in one language, placeholders already filled in."""

    language: str
    title: str
    labels: Mapping[str, str]
    statements: tuple[str, ...] = ()
    terms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # vocabularies in this language


@dataclass(frozen=True)
class Signatory:
    """A signature line: the role (a label key) and the printed name, empty to be written by hand."""

    role: str
    name: str


def label(texts: Sequence[Wording], key: str, style: str = "label") -> Paragraph:
    """The label ``key`` in the first language with the second below it (when there is one)."""
    second = texts[1].labels[key] if len(texts) > 1 else None
    return stacked(texts[0].labels[key], second, style)


def heading(texts: Sequence[Wording], key: str) -> Paragraph:
    """A section heading, "first / second" when the two languages differ."""
    first = texts[0].labels[key]
    if len(texts) > 1 and texts[1].labels[key] != first:
        return para(f"{first} / {texts[1].labels[key]}", "heading")
    return para(first, "heading")


def titles(texts: Sequence[Wording]) -> list:
    """The document title, the second language's title below it, and a little air."""
    story = [para(texts[0].title, "title")]
    if len(texts) > 1 and texts[1].title != texts[0].title:
        story.append(para(texts[1].title, "subtitle", texts[1].language))
    return story


def facts(texts: Sequence[Wording], pairs: Sequence[tuple[str, object]], columns: int = 2) -> Table:
    """Label/value pairs whose labels are keys of the wording."""
    return facts_table([(label(texts, key), value) for key, value in pairs], columns=columns)


def parallel(texts: Sequence[Wording]) -> Table:
    """The statements numbered, one column per language, aligned so each can be compared."""
    rows = []
    for index, lines in enumerate(zip(*(t.statements for t in texts)), start=1):
        rows.append([para(item_number(index, texts[0].language), "statement")]
                    + [para(line, "statement", t.language) for line, t in zip(lines, texts, strict=True)])
    number_width = 6 * mm
    each = (CONTENT_WIDTH - number_width) / len(texts)
    table = Table(rows, colWidths=[number_width] + [each] * len(texts), splitByRow=1, hAlign="LEFT")
    style = [("FONTNAME", (0, 0), (-1, -1), SANS), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if len(texts) > 1:
        style += [("LINEBEFORE", (2, 0), (2, -1), 0.25, RULE), ("LEFTPADDING", (2, 0), (2, -1), 6)]
    table.setStyle(TableStyle(style))
    return table


def signatures(texts: Sequence[Wording], signatories: Sequence[Signatory], place: str) -> Table:
    """Side by side, one column per signatory: the role, room to sign above a line, the name, place and date."""
    columns = len(signatories)
    names = [t.labels["date_place"] for t in texts]
    date_place = " / ".join(dict.fromkeys(names))
    rows = [
        [label(texts, s.role, "cell_head") for s in signatories],
        [Spacer(0, SIGNATURE_ROW_HEIGHT) for _ in signatories],
        [para(s.name or " ", "cell") for s in signatories],
        [para(f"{date_place}{punctuation(':', texts[-1].language)} {place}, ", "small") for _ in signatories],
    ]
    gap = 8 * mm
    width = (CONTENT_WIDTH - gap * (columns - 1)) / columns
    widths = [w for index in range(columns) for w in ((width,) if index == 0 else (gap, width))]
    spaced = [[cell for index, item in enumerate(row) for cell in ((item,) if index == 0 else ("", item))]
              for row in rows]
    table = Table(spaced, colWidths=widths, hAlign="LEFT")
    style = [("FONTNAME", (0, 0), (-1, -1), SANS), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
             ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    for index in range(columns):
        column = index * 2
        style.append(("LINEBELOW", (column, 1), (column, 1), 0.6, INK))
    table.setStyle(TableStyle(style))
    return table


def amount(text: str, *, total: bool = False) -> Paragraph:
    """A formatted amount aligned right in its cell (left in a table read right to left), bold for a total; in
    a right-to-left document its sign stands where the language's format puts it ("€ 750.00" read from the right)."""
    return ScriptParagraph(markup(text), _TOTAL if total else _AMOUNT)


def both(values: Sequence[str], style: str = "cell") -> Paragraph:
    """A value given in each language (a vocabulary term), the first with the second below it."""
    return stacked(values[0], values[1] if len(values) > 1 else None, style)
