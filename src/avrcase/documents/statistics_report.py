"""The statistics report: title, period and filters, key figures, then per section a chart and its table.

Everything in the snapshot has already passed disclosure control (suppressed cells are the mark
``c``); the renderer only lays it out on the house letterhead with "Page x of y". The report is not
about one case, so it is not kept in any case's document register.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from avrcase.documents.base import CONTENT_WIDTH, PageFrame, RenderedDocument, build_pdf, data_table, facts_table, para
from avrcase.documents.charts import chart_drawing
from avrcase.domain.charts import ChartSpec


@dataclass(frozen=True)
class ReportTable:
    """A protected table as text: header and rows, suppressed cells already written as the mark."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


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


def _table(table: ReportTable) -> Flowable:
    weights = [1.6] + [1.0] * (len(table.header) - 1)
    if len(table.header) == 2:
        weights = [3.0, 1.0]
    return data_table(table.header, table.rows, weights)


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
            story.append(_table(section.table))
        if section.note:
            story += [Spacer(1, 1.5 * mm), para(section.note, "muted")]
    story += [para(snapshot.disclosure_heading, "heading"), para(snapshot.disclosure_note, "small")]
    return build_pdf(snapshot.frame, story)
