"""The statistics report: title, period and filters, key figures, then per section a chart and its table.

Everything in the snapshot has already passed disclosure control (suppressed cells are the mark
``c``); the renderer only lays it out on the house letterhead with "Page x of y". The report is not
about one case, so it is not kept in any case's document register.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer
from reportlab.platypus.doctemplate import LayoutError

from avrcase.documents.base import (
    CONTENT_WIDTH,
    STYLES,
    PageFrame,
    RenderedDocument,
    build_pdf,
    data_table,
    facts_table,
    markup,
    para,
)
from avrcase.documents.charts import chart_drawing
from avrcase.domain.charts import ChartSpec
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _


@dataclass(frozen=True)
class ReportTable:
    """A protected table as text: header and rows, suppressed cells already written as the mark."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: How many leading columns are row labels (repeated in every block of a wide table).
    label_columns: int = 1


@dataclass(frozen=True)
class ReportSection:
    """One heading with an optional chart, an optional table and a note below them."""

    heading: str
    chart: ChartSpec | None = None
    table: ReportTable | None = None
    note: str = ""


@dataclass(frozen=True)
class StatisticsReportSnapshot:
    """The whole report, localised and protected."""

    frame: PageFrame
    title: str
    subtitle: str
    facts: tuple[tuple[str, str], ...]
    figures_heading: str
    figures: tuple[tuple[str, str], ...]
    sections: tuple[ReportSection, ...]
    disclosure_heading: str
    disclosure_note: str


#: Width of a row-label column and the narrowest a figure column may be: a wide table is set in blocks
#: of columns, each with the row labels again, rather than squeezed until names break letter by letter.
LABEL_WIDTH = 42 * mm
FIGURE_WIDTH = 15 * mm
_FIGURE_STYLE = ParagraphStyle("figure", parent=STYLES["cell"], alignment=TA_RIGHT)
_FIGURE_HEAD_STYLE = ParagraphStyle("figure_head", parent=STYLES["cell_head"], alignment=TA_RIGHT)


def column_blocks(table: ReportTable, width: float = CONTENT_WIDTH) -> list[range]:
    """The figure columns of each block: as many as fit beside the row labels at their narrowest."""
    labels = table.label_columns
    per_block = max(1, int((width - labels * LABEL_WIDTH) // FIGURE_WIDTH))
    figures = range(labels, len(table.header))
    return [figures[i:i + per_block] for i in range(0, len(figures), per_block)] or [figures]


def _tables(table: ReportTable) -> list[Flowable]:
    labels = table.label_columns
    out: list[Flowable] = []
    for block in column_blocks(table):
        columns = [*range(labels), *block]
        header = [para(table.header[c], "cell_head") if c < labels else Paragraph(markup(table.header[c]), _FIGURE_HEAD_STYLE)
                  for c in columns]
        rows = [[para(row[c], "cell") if c < labels else Paragraph(markup(row[c]), _FIGURE_STYLE) for c in columns]
                for row in table.rows]
        label_width = min(LABEL_WIDTH, CONTENT_WIDTH / 2) if len(block) > 1 or labels > 1 else CONTENT_WIDTH * 0.75 / labels
        figure_width = min((CONTENT_WIDTH - labels * label_width) / max(len(block), 1), 30 * mm)
        weights = [label_width] * labels + [figure_width] * len(block)
        out += [data_table(header, rows, weights, absolute=True), Spacer(1, 3 * mm)]
    return out


def render(snapshot: StatisticsReportSnapshot) -> RenderedDocument:
    """Lay the report out on A4 pages."""
    story: list[Flowable] = [para(snapshot.title, "title"), para(snapshot.subtitle, "subtitle"), Spacer(1, 3 * mm)]
    if snapshot.facts:
        story.append(facts_table(snapshot.facts, columns=1, label_weight=1, value_weight=3))
    if snapshot.figures:
        story += [para(snapshot.figures_heading, "heading"), facts_table(snapshot.figures, columns=1,
                                                                         label_weight=1.6, value_weight=2.4)]
    for section in snapshot.sections:
        story.append(para(section.heading, "heading"))
        if section.chart is not None:
            drawing = chart_drawing(section.chart, CONTENT_WIDTH)
            story += [CondPageBreak(drawing.height + 4 * mm), drawing, Spacer(1, 3 * mm)]
        if section.table is not None:
            story += _tables(section.table)
        if section.note:
            story += [Spacer(1, 1.5 * mm), para(section.note, "muted")]
    story += [para(snapshot.disclosure_heading, "heading"), para(snapshot.disclosure_note, "small")]
    try:
        return build_pdf(snapshot.frame, story)
    except (LayoutError, ValueError) as exc:  # ReportLab's layout errors (a "negative availWidth" is a ValueError)
        raise AvrcaseError(_("The report is too large to lay out on A4 pages; choose a shorter period or fewer "
                             "dimensions.")) from exc
