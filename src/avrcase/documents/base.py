"""What every document shares: fonts, one stylesheet, A4 geometry, letterhead, numbered footer.

A document type is a small module that turns its snapshot into a story of flowables and hands it
to :func:`build_pdf` with a :class:`PageFrame`; nothing here touches the store or the file system
except reading the shipped fonts once.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from avrcase.documents.fonts import SANS, SANS_BOLD, markup, register_fonts
from avrcase.documents.column_widths import widths_for_whole_words
from avrcase.documents.page_breaks import headings_kept_with_content
from avrcase.documents.mirroring import StackedLines, mirror_tables
from avrcase.documents.paragraphs import TEXT_DECIDES, ScriptParagraph, document_language, is_right_to_left
from avrcase.domain.scripts import unprintable_characters, writes_right_to_left

# ---------------------------------------------------------------- geometry (millimetres)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 42 * mm  # the letterhead sits above the body frame
MARGIN_BOTTOM = 24 * mm  # footer below
HEADER_TOP = 12 * mm  # distance of the letterhead's first line from the top edge
LOGO_MAX_HEIGHT = 18 * mm
LOGO_MAX_WIDTH = 42 * mm
FOOTER_RULE_Y = 17 * mm
LETTERHEAD_CONTACT_WIDTH = 60 * mm  # the address block on the right of the letterhead
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# ---------------------------------------------------------------- colours

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5c5c5c")
ACCENT = colors.HexColor("#0b3d6e")
RULE = colors.HexColor("#b8b8b8")
HEAD_BG = colors.HexColor("#e4eaf1")
ZEBRA = colors.HexColor("#f5f7fa")

# ---------------------------------------------------------------- fonts and scripts (fonts.py, paragraphs.py)

__all__ = ["SANS", "SANS_BOLD", "markup", "missing_glyphs", "register_fonts"]  # re-exported for the document modules


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` that no shipped font can draw (they would print as nothing)."""
    return {ch for ch in unprintable_characters(text)
            if not ch.isspace() and ord(ch) >= 0x20 and ch not in "\u200e\u200f"}


# ---------------------------------------------------------------- the stylesheet


def _stylesheet() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13, textColor=INK, alignment=TA_LEFT)
    return {
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=8, leading=10.5),
        "muted": ParagraphStyle("muted", body, fontSize=8, leading=10.5, textColor=MUTED),
        "title": ParagraphStyle("title", body, fontName=SANS_BOLD, fontSize=15, leading=19, textColor=ACCENT),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=10.5, leading=14, textColor=MUTED, spaceBefore=1 * mm),
        "heading": ParagraphStyle("heading", body, fontName=SANS_BOLD, fontSize=11, leading=14, textColor=ACCENT,
                                  spaceBefore=5 * mm, spaceAfter=2 * mm),
        "label": ParagraphStyle("label", body, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", body, fontSize=8.5, leading=11),
        "cell_head": ParagraphStyle("cell_head", body, fontName=SANS_BOLD, fontSize=8, leading=10.5),
        # The head of a column of amounts, over them on the right (it stood on the left over right-aligned sums).
        "cell_head_amount": ParagraphStyle("cell_head_amount", body, fontName=SANS_BOLD, fontSize=8, leading=10.5,
                                           alignment=TA_RIGHT),
        "statement": ParagraphStyle("statement", body, fontSize=9, leading=12.5),
        "letterhead_org": ParagraphStyle("letterhead_org", body, fontName=SANS_BOLD, fontSize=11.5, leading=14,
                                         textColor=ACCENT),
        "letterhead_office": ParagraphStyle("letterhead_office", body, fontSize=9, leading=12, textColor=INK),
        "letterhead_contact": ParagraphStyle("letterhead_contact", body, fontSize=7.5, leading=9.8,
                                             textColor=MUTED, alignment=TA_RIGHT),
        "page_number": ParagraphStyle("page_number", body, fontSize=8, leading=10.5, textColor=MUTED,
                                      alignment=TA_RIGHT),
    }


#: The one stylesheet of every document.
STYLES = _stylesheet()


def para(text: str, style: str = "body", language: str | None = None) -> Paragraph:
    """A paragraph of plain text (escaped, each script in its font, shaped, in bidi order) in a house style;
    ``language`` is the one it is written in when not the document's (it sets the direction)."""
    return ScriptParagraph(markup(text), STYLES[style], language=language)


def printed_lines(text: str, style: str, width: float = CONTENT_WIDTH) -> int:
    """How many lines ``text`` takes when printed in ``style`` across ``width`` (0 for no text)."""
    if not text.strip():
        return 0
    p = para(text.strip(), style)
    p.wrap(width, PAGE_HEIGHT)
    return len(p.blPara.lines)


def item_number(index: int, language: str) -> str:
    """A statement's number, "1."; in a document read right to left its full stop follows it on the left (".1"
    on the page, as an Arabic or Persian numbered list prints), instead of standing between it and its text."""
    return f"{index}.\u200f" if writes_right_to_left(language) else f"{index}."


def rich(fragment: str, style: str = "body", language: str | None = None) -> Paragraph:
    """A paragraph of markup already built with :func:`markup` pieces."""
    return ScriptParagraph(fragment, STYLES[style], language=language)


def stacked(first: str, second: str | None, style: str = "cell") -> Flowable:
    """``first`` with ``second`` below it in small grey (bilingual labels); just ``first`` when alike. A second
    line that runs the other way (Arabic under English) is set against its own side of the cell."""
    if not second or second == first:
        return para(first, style)
    size = STYLES[style].fontSize - 1
    below = f'<font size="{size}" color="#5c5c5c">{markup(second)}</font>'
    if is_right_to_left(second) != is_right_to_left(first):
        return StackedLines(para(first, style), rich(below, style, TEXT_DECIDES))
    return rich(f'{markup(first)}<br/>{below}', style)


# ---------------------------------------------------------------- tables


def _widths(weights: Sequence[float], total: float = CONTENT_WIDTH) -> list[float]:
    whole = sum(weights)
    return [total * w / whole for w in weights]


_GRID_PADDING = [
    ("FONTNAME", (0, 0), (-1, -1), SANS),  # for empty string cells; Table's default is Helvetica (not embedded)
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def data_table(header: Sequence[object], rows: Sequence[Sequence[object]], weights: Sequence[float], *,
               absolute: bool = False, caption: object | None = None) -> Table:
    """A list table whose header row repeats on every page it spans; rows split cleanly.

    Cells may be plain strings (wrapped in paragraphs here) or ready flowables. A ``caption`` (the flight a
    list of travellers is on) heads the table and repeats above its header on every page, so a continued
    page still says what it lists.
    """
    def cell(value: object, style: str) -> object:
        return para(value, style) if isinstance(value, str) else value

    data = [[cell(h, "cell_head") for h in header]] + [[cell(v, "cell") for v in row] for row in rows]
    top = 0 if caption is None else 1  # the header's row
    if caption is not None:
        data.insert(0, [cell(caption, "heading")] + [""] * (len(header) - 1))
    widths = list(weights) if absolute else _widths(weights)  # ``absolute``: the weights are widths in points
    widths = widths_for_whole_words(widths, data[top:], padding=6 + 1)  # the cells' padding and a point to spare
    table = Table(data, colWidths=widths, repeatRows=top + 1, splitByRow=1, splitInRow=1, hAlign="LEFT")
    caption_style = [("SPAN", (0, 0), (-1, 0)), ("LEFTPADDING", (0, 0), (-1, 0), 0),
                     ("TOPPADDING", (0, 0), (-1, 0), 8)] if top else []
    table.setStyle(TableStyle(_GRID_PADDING + caption_style + [
        ("BACKGROUND", (0, top), (-1, top), HEAD_BG),
        ("LINEBELOW", (0, top), (-1, top), 0.7, ACCENT),
        ("LINEBELOW", (0, top + 1), (-1, -1), 0.25, RULE),
        ("ROWBACKGROUNDS", (0, top + 1), (-1, -1), [colors.white, ZEBRA]),
    ]))
    return table


def facts_table(pairs: Sequence[tuple[object, object]], *, columns: int = 2,
                label_weight: float = 0.9, value_weight: float = 1.6) -> Table:
    """Label/value pairs laid out ``columns`` pairs per row, labels in grey."""
    def cell(value: object, style: str) -> object:
        return para(value, style) if isinstance(value, str) else value

    def value_cell(value: object) -> object:
        # Set by its label whichever way it reads: an Arabic name in an English table starts at the cell's left.
        return ScriptParagraph(markup(value), STYLES["cell"], start=True) if isinstance(value, str) else value

    cells = [(cell(label, "label"), value_cell(value or "—")) for label, value in pairs]
    rows = []
    for start in range(0, len(cells), columns):
        chunk = cells[start:start + columns]
        chunk += [("", "")] * (columns - len(chunk))
        rows.append([item for pair in chunk for item in pair])
    table = Table(rows, colWidths=_widths([label_weight, value_weight] * columns), splitByRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(_GRID_PADDING + [("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]))
    return table


# ---------------------------------------------------------------- page frame: letterhead and footer


@dataclass(frozen=True)
class LetterheadSnapshot:
    """The office as printed at the top of every page."""

    organisation: str
    office_name: str
    address: str
    phone: str
    email: str
    website: str
    footer_note: str
    logo_png: bytes | None


@dataclass(frozen=True)
class PageFrame:
    """Everything around the body of a document, already localised."""

    letterhead: LetterheadSnapshot
    title: str
    case_number: str
    language: str
    issued_at: dt.datetime  # UTC; becomes the PDF's creation date so a rebuild gives the same bytes
    case_label: str  # for example "Case VNO-2026-00012"
    issued_label: str  # for example "Issued 23 Nov 2026, 09:41"
    page_label: str  # with placeholders, for example "Page %(page)d of %(pages)d"
    #: When set, the document prints twice: the returnee's copy, then the office's copy with this small
    #: note above its footer (a translation not yet reviewed); each copy numbers its own pages.
    office_copy_note: str = ""


@dataclass(frozen=True)
class RenderedDocument:
    """A finished PDF and its page count."""

    pdf: bytes
    pages: int


def _pdf_date(instant: dt.datetime) -> str:
    utc = instant.astimezone(dt.timezone.utc)
    return utc.strftime("D:%Y%m%d%H%M%S+00'00'")


def _draw_letterhead(frame: PageFrame, canvas: Canvas, doc: BaseDocTemplate) -> None:
    head = frame.letterhead
    top = PAGE_HEIGHT - HEADER_TOP
    left = MARGIN_LEFT
    canvas.saveState()
    if head.logo_png:
        try:
            image = ImageReader(io.BytesIO(head.logo_png))
            width, height = image.getSize()
            scale = min(LOGO_MAX_HEIGHT / height, LOGO_MAX_WIDTH / width)
            canvas.drawImage(image, left, top - height * scale, width * scale, height * scale, mask="auto")
            left += width * scale + 4 * mm
        except Exception:  # noqa: BLE001 - a broken logo must not stop a document from printing
            pass
    name_width = PAGE_WIDTH - MARGIN_RIGHT - left - 62 * mm
    y = top
    for text, style in ((head.organisation, "letterhead_org"), (head.office_name, "letterhead_office")):
        if text:
            p = para(text, style, TEXT_DECIDES)  # the office's own name, in its language, not the document's
            _, h = p.wrapOn(canvas, name_width, 30 * mm)
            p.drawOn(canvas, left, y - h)
            y -= h
    contact = "\n".join(x for x in (head.address, head.phone, head.email, head.website) if x)
    if contact:
        p = para(contact, "letterhead_contact", TEXT_DECIDES)
        _, h = p.wrapOn(canvas, LETTERHEAD_CONTACT_WIDTH, 40 * mm)
        p.drawOn(canvas, PAGE_WIDTH - MARGIN_RIGHT - LETTERHEAD_CONTACT_WIDTH, top - h + 2)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    rule_y = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
    canvas.line(MARGIN_LEFT, rule_y, PAGE_WIDTH - MARGIN_RIGHT, rule_y)
    canvas.restoreState()


class _OfficeCopyStarts(Flowable):
    """Takes no room; marks the page it lands on as the first page of the office's copy."""

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.canv._office_copy_from = self.canv.getPageNumber()  # noqa: SLF001 - our canvas, read in save()


class _NumberedCanvas(Canvas):
    """A canvas that holds its pages until the end so each footer can say "Page x of y"."""

    def __init__(self, *args, page_frame: PageFrame, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_frame = page_frame
        self._pages: list[dict] = []
        self._office_copy_from = 0  # page number where the office's copy starts; 0 = one copy only
        stamp = _pdf_date(page_frame.issued_at)
        self.setDateFormatter(lambda *_args: stamp)

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        split = self._office_copy_from
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if split and number >= split:
                self._draw_footer(number - split + 1, total - split + 1)
                self._draw_office_copy_note()
            else:
                self._draw_footer(number, split - 1 if split else total)
            super().showPage()
        super().save()

    def _draw_office_copy_note(self) -> None:
        # In the interface's language (English where the document's has no catalog): its own text sets the direction.
        note = para(self._page_frame.office_copy_note, "muted", TEXT_DECIDES)
        note.wrapOn(self, CONTENT_WIDTH, 8 * mm)
        note.drawOn(self, MARGIN_LEFT, FOOTER_RULE_Y + 1.2 * mm)

    def _draw_footer(self, number: int, total: int) -> None:
        frame = self._page_frame
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_LEFT, FOOTER_RULE_Y, PAGE_WIDTH - MARGIN_RIGHT, FOOTER_RULE_Y)
        # Read from the right (Arabic, Persian…): the case and date first at the right, the page number at the left.
        mirrored = writes_right_to_left(frame.language)
        left = para(f"{frame.case_label}   ·   {frame.issued_label}", "muted")
        left.wrapOn(self, CONTENT_WIDTH - 40 * mm, 10 * mm)
        left.drawOn(self, MARGIN_LEFT + 40 * mm if mirrored else MARGIN_LEFT, FOOTER_RULE_Y - 4.5 * mm)
        # A paragraph, not drawRightString: "Page 1 of 2" in Arabic or Sinhala needs shaping too.
        page = para(frame.page_label % {"page": number, "pages": total}, "page_number")
        if mirrored:
            page.mirror_alignment()
        page.wrapOn(self, 38 * mm, 10 * mm)
        page.drawOn(self, MARGIN_LEFT if mirrored else PAGE_WIDTH - MARGIN_RIGHT - 38 * mm, FOOTER_RULE_Y - 4.5 * mm)
        if frame.letterhead.footer_note:
            note = para(frame.letterhead.footer_note, "muted", TEXT_DECIDES)
            _, h = note.wrapOn(self, CONTENT_WIDTH, 12 * mm)
            note.drawOn(self, MARGIN_LEFT, FOOTER_RULE_Y - 5.5 * mm - h)
        self.restoreState()


def build_pdf(frame: PageFrame, story: list[Flowable]) -> RenderedDocument:
    """Lay ``story`` out on A4 pages under the letterhead; the same input always gives the same bytes.

    With ``frame.office_copy_note`` the story prints twice, the office's copy (with the note) second.
    """
    register_fonts()
    if writes_right_to_left(frame.language):
        mirror_tables(story)  # read from the right: the first column at the right (office copy included)
    if frame.office_copy_note:
        office_copy = copy.deepcopy(story)  # before the first copy is laid out: flowables keep layout state
        story = [*story, PageBreak(), _OfficeCopyStarts(), *office_copy]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=frame.title, author=frame.letterhead.organisation,
        subject=frame.case_label, creator="avrcase", producer="avrcase (ReportLab)", invariant=1,
        lang=frame.language, initialFontName=SANS,  # otherwise pages name Helvetica, which is not embedded
    )
    body = Frame(MARGIN_LEFT, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate("page", [body], onPage=functools.partial(_draw_letterhead, frame))])
    with document_language(frame.language):  # lines are wrapped (and words hyphenated) during the build
        doc.build(headings_kept_with_content(story, CONTENT_WIDTH, PAGE_HEIGHT), canvasmaker=functools.partial(_NumberedCanvas, page_frame=frame))
    return RenderedDocument(buffer.getvalue(), doc.page)
