"""``declaration``: application for assisted voluntary return and declaration of voluntary return.

Printed in the office language and, where a translation exists and differs, in the applicant's
language beside it (two columns, statement by statement). The wording comes from
``resources/declarations/<lang>.json``; the service fills it in and passes it here as snapshots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from avrcase.documents.base import (
    CONTENT_WIDTH,
    INK,
    RULE,
    SANS,
    PageFrame,
    RenderedDocument,
    build_pdf,
    data_table,
    facts_table,
    item_number,
    para,
    stacked,
)


@dataclass(frozen=True)
class DeclarationText:
    """The declaration's wording in one language, placeholders already filled in."""

    language: str
    title: str
    labels: Mapping[str, str]
    statements: tuple[str, ...]
    #: The data-protection information, paragraph by paragraph (controller, purposes, legal basis, …).
    data_protection: tuple[str, ...]
    #: The separate, optional consent to sharing with third parties; ``None`` when the office names none.
    sharing: SharingText | None = None
    terms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # vocabularies in this language


@dataclass(frozen=True)
class SharingText:
    """The optional sharing choice in one language: what is asked, what it means, the two tick boxes."""

    question: str
    note: str
    yes: str
    no: str


@dataclass(frozen=True)
class Signatory:
    """A signature line: the role (a label key), the printed name, and for a guardian the child signed for."""

    role: str
    name: str
    for_person: str = ""


@dataclass(frozen=True)
class HouseholdMemberLine:
    """A family member returning with the applicant, formatted."""

    name: str
    original: str
    relationship: str
    born: str
    citizenship: str
    document: str


@dataclass(frozen=True)
class DeclarationSnapshot:
    """The declaration as it will print: wording in one or two languages, and the case's data."""

    frame: PageFrame
    texts: tuple[DeclarationText, ...]  # office language first, then the applicant's when different
    applicant: tuple[tuple[str, str], ...]  # (label key, value)
    household: tuple[HouseholdMemberLine, ...]
    journey: tuple[tuple[str, str], ...]  # (label key, value)
    signatories: tuple[Signatory, ...]
    place: str

    @property
    def bilingual(self) -> bool:
        """Whether a second language is printed beside the office language."""
        return len(self.texts) > 1


SIGNATURE_ROW_HEIGHT = 15 * mm
TICK_BOX = 4.2 * mm  # side of an empty box the applicant ticks


def _label(snapshot: DeclarationSnapshot, key: str, style: str = "label"):
    second = snapshot.texts[1].labels[key] if snapshot.bilingual else None
    return stacked(snapshot.texts[0].labels[key], second, style)


def _heading(snapshot: DeclarationSnapshot, key: str) -> list:
    first = snapshot.texts[0].labels[key]
    if snapshot.bilingual and snapshot.texts[1].labels[key] != first:
        return [para(f"{first} / {snapshot.texts[1].labels[key]}", "heading")]
    return [para(first, "heading")]


def _parallel(columns: tuple[tuple[str, ...], ...], languages: tuple[str, ...]) -> Table:
    """Numbered paragraphs, one column per language, aligned row by row so each can be compared; each column
    runs in its language's direction (a Persian statement that opens with the office's Latin name too)."""
    rows = []
    for index, texts in enumerate(zip(*columns), start=1):
        rows.append([para(item_number(index, languages[0]), "statement")]
                    + [para(text, "statement", language) for text, language in zip(texts, languages, strict=True)])
    number_width = 6 * mm
    each = (CONTENT_WIDTH - number_width) / len(columns)
    table = Table(rows, colWidths=[number_width] + [each] * len(columns), splitByRow=1, hAlign="LEFT")
    style = [("FONTNAME", (0, 0), (-1, -1), SANS), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
             ("RIGHTPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if len(columns) > 1:
        style += [("LINEBEFORE", (2, 0), (2, -1), 0.25, RULE), ("LEFTPADDING", (2, 0), (2, -1), 6)]
    table.setStyle(TableStyle(style))
    return table


def _signatures(snapshot: DeclarationSnapshot) -> Table:
    header = ["", _label(snapshot, "name", "cell_head"),
              _label(snapshot, "signature", "cell_head"), _label(snapshot, "date_place", "cell_head")]
    rows = [header]
    for signatory in snapshot.signatories:
        role = _label(snapshot, signatory.role, "cell")
        if signatory.for_person:
            role = [role, para(f"({signatory.for_person})", "small")]
        # The empty signature cell keeps each row tall enough to sign; long labels may make it taller.
        rows.append([role, para(signatory.name, "cell"), Spacer(0, SIGNATURE_ROW_HEIGHT),
                     para(f"{snapshot.place}, ", "cell")])
    widths = [CONTENT_WIDTH * w for w in (0.27, 0.27, 0.26, 0.20)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.7, RULE),
        ("LINEBELOW", (2, 1), (3, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
    ]))
    return table


def _box() -> Table:
    """An empty square to tick."""
    box = Table([[""]], colWidths=[TICK_BOX], rowHeights=[TICK_BOX])
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (0, 0), SANS), ("BOX", (0, 0), (0, 0), 0.8, INK)]))
    return box


def _tick_boxes(snapshot: DeclarationSnapshot) -> Table:
    """Two empty boxes, yes and no, each with its text in every language: never ticked in advance."""
    sharing = [t.sharing for t in snapshot.texts]
    second = snapshot.bilingual and sharing[1] is not None
    yes = stacked(sharing[0].yes, sharing[1].yes if second else None, "cell")
    no = stacked(sharing[0].no, sharing[1].no if second else None, "cell")
    box_column = TICK_BOX + 3 * mm
    text_width = (CONTENT_WIDTH - 2 * box_column) / 2
    table = Table([[_box(), yes, _box(), no]], colWidths=[box_column, text_width, box_column, text_width],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def render(snapshot: DeclarationSnapshot) -> RenderedDocument:
    """The declaration as PDF."""
    office = snapshot.texts[0]
    story = [para(office.title, "title")]
    if snapshot.bilingual:
        story.append(para(snapshot.texts[1].title, "subtitle", snapshot.texts[1].language))
    story.append(Spacer(0, 2 * mm))

    story += _heading(snapshot, "applicant")
    story.append(facts_table([(_label(snapshot, key), value) for key, value in snapshot.applicant]))

    if snapshot.household:
        story += _heading(snapshot, "household")
        story.append(data_table(
            [_label(snapshot, k, "cell_head") for k in
             ("name", "name_original", "relationship", "date_of_birth", "citizenship", "document")],
            [(m.name, m.original, m.relationship, m.born, m.citizenship, m.document) for m in snapshot.household],
            [2.2, 1.9, 1.4, 1.2, 1.2, 1.6],
        ))

    story += _heading(snapshot, "return")
    story.append(facts_table([(_label(snapshot, key), value) for key, value in snapshot.journey]))

    story += _heading(snapshot, "declaration")
    languages = tuple(t.language for t in snapshot.texts)
    story.append(_parallel(tuple(t.statements for t in snapshot.texts), languages))
    story += _heading(snapshot, "data_protection")
    story.append(_parallel(tuple(t.data_protection for t in snapshot.texts), languages))
    if snapshot.texts[0].sharing is not None:
        sharing = tuple(t for t in snapshot.texts if t.sharing is not None)
        parts = tuple((t.sharing.question, t.sharing.note) for t in sharing if t.sharing is not None)
        story.append(KeepTogether(_heading(snapshot, "sharing") + [_parallel(parts, tuple(t.language for t in sharing)),
                                                                   Spacer(0, 2 * mm),
                                                                   _tick_boxes(snapshot)]))

    story.append(Spacer(0, 4 * mm))
    story.append(KeepTogether(_heading(snapshot, "signatures") + [_signatures(snapshot)]))
    return build_pdf(snapshot.frame, story)
