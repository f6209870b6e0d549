"""Statistics that leave the app: protected tables as CSV, XLSX or a PDF report, and the dashboard report.

Every table passes disclosure control (:func:`statistics.protect_table`) before it is written; charts
in a PDF are drawn from the protected table, never from exact counts, and key figures drawn from
fewer units than the minimum cell, or that a report published before would let a reader narrow down to
so few (``figure_release``), are not printed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from avrcase.domain.disclosure import (
    DEFAULT_MIN_CELL,
    SUPPRESSED_MARK,
    TOTAL,
    DisclosureRule,
    ProtectedTable,
)
from avrcase.exports import tables
from avrcase.i18n import _, current_locale, ngettext
from avrcase.services import outgoing
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import release as statistics_release
from avrcase.services.statistics.counts import CountTable
from avrcase.services.statistics.export_audit import record_table_export

if TYPE_CHECKING:
    from avrcase.documents import statistics_report as report
    from avrcase.services.statistics import dashboard

# The dashboard's, the figures' and the record-level export's services are imported by the functions that use them:
# ``avrcase stats`` writing a CSV table needs none of them (#14).
    from avrcase.documents.base import PageFrame

#: Formats a protected table can be written in.
TABLE_FORMATS = ("csv", "xlsx", "pdf")


def _frame(session: Session, title: str, subtitle: str) -> PageFrame:
    from avrcase.services.documents.case_snapshots import page_frame  # ReportLab only when a PDF is made
    from avrcase.services.office import get_office_profile  # (Babel and the wording's models: a PDF's only)

    office = get_office_profile(session)
    frame = page_frame(office, title, "", current_locale(), clock_of(session).now())
    return dataclasses.replace(frame, case_label=f"{title} · {subtitle}")


def report_table(protected: ProtectedTable, value_header: str) -> report.ReportTable:
    """The protected table as the PDF prints it: categories by name, suppressed cells as the mark."""
    from avrcase.documents import statistics_report as report  # ReportLab only when a PDF is made
    from avrcase.i18n.format import format_number  # (Babel: not for a CSV table, #14)
    from avrcase.services.statistics import dashboard

    sheet = tables.crosstab(protected, "", value_header)
    dims = protected.dimensions
    leading = len(dims) - 1 if len(dims) > 1 else 1
    header = [statistics.dimension_label(d) for d in dims[:leading]]
    if len(dims) > 1:
        header[-1] = f"{header[-1]} \\ {statistics.dimension_label(dims[-1])}"
        header += [dashboard.category_label(dims[-1], c) for c in sheet.header[leading:]]
    else:
        header.append(value_header)
    rows = [
        (*(dashboard.category_label(dims[i], str(code)) for i, code in enumerate(row[:leading])),
         *(v if isinstance(v, str) else format_number(v) for v in row[leading:]))
        for row in sheet.rows]
    if leading == 1 and not _ordered(dims[0]):
        # Countries, projects, codes: by name in the report's language, the total last.
        body, total = rows[:-1], rows[-1:]
        rows = sorted(body, key=lambda row: _collation_key(row[0])) + total
    return report.ReportTable(tuple(header), tuple(rows), label_columns=leading)


def _ordered(dimension: str) -> bool:
    """True for dimensions whose categories have a natural order (periods, age classes, sex, stages)."""
    definition = statistics.DIMENSIONS.get(dimension)
    return definition is not None and (definition.granularity is not None or bool(definition.categories))


def _collation_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores case and accents first (Ä with A), then tells them apart."""
    base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return base.casefold(), text


#: A bar chart of a table's totals shows at most this many categories (the largest).
CHART_TOP = 15


def _chart_for(table: CountTable, protected: ProtectedTable):
    """The table's chart: a line over time or bars for one dimension, a pyramid for age by sex, else the
    totals of its period dimension (a line) or of its first dimension (the largest bars)."""
    from avrcase.domain.charts import ChartKind  # a chart is a PDF's: not loaded for a CSV table (#14)
    from avrcase.services.statistics import dashboard

    dims = table.query.dimensions
    measure = statistics.measure_label(table.query.measure)
    if dims == ("age_class", "sex"):
        kind = ChartKind.PYRAMID
    elif len(dims) == 1:
        kind = ChartKind.LINE if dims[0] in _PERIODS else ChartKind.BAR
    else:
        periods = [i for i, d in enumerate(dims) if d in _PERIODS]
        index = periods[0] if periods else 0
        title = _("%(measure)s by %(dimension)s (totals)") % {
            "measure": measure, "dimension": statistics.dimension_label(dims[index])}
        definition = dashboard.PanelDefinition(
            "table", title, ChartKind.LINE if periods else ChartKind.BAR, table.query.measure, (dims[index],),
            top=None if periods else CHART_TOP)
        return dashboard.margin_chart(definition, protected, index)
    definition = dashboard.PanelDefinition("table", measure, kind, table.query.measure, dims)
    return dashboard.protected_chart(definition, protected)


_PERIODS = ("month", "quarter", "year")


def table_report_pdf(session: Session, actor: Actor | None, table: CountTable, rule: DisclosureRule,
                     title: str, protected: ProtectedTable | None = None) -> tuple[bytes, ProtectedTable]:
    """One protected table as a PDF report (with a chart where the table has one natural shape)."""
    from avrcase.documents import statistics_report as report

    require(actor, Permission.STATISTICS_VIEW)
    protected = protected or statistics.protect_table(table, rule)
    notes = statistics.export_notes(table.query, rule, clock_of(session).today())
    section = report.ReportSection(
        ", ".join(statistics.dimension_label(d) for d in table.query.dimensions),
        _chart_for(table, protected), report_table(protected, statistics.measure_label(table.query.measure)))
    subtitle = notes[1][1]
    snapshot = report.StatisticsReportSnapshot(
        _frame(session, title, subtitle), title, subtitle, tuple(notes[:4]), "", (), (section,),
        _("How the tables are protected"), rule.describe())
    return report.render(snapshot).pdf, protected


def write_table(session: Session, actor: Actor | None, table: CountTable, rule: DisclosureRule, path: Path,
                fmt: str, title: str, *, kind: str = "table") -> ProtectedTable:
    """Export one statistics table — the one use case the dashboard and ``avrcase stats`` share: protect
    ``table`` as a release of its own (against the earlier releases in the register), enter it in the
    register, put the export on the audit trail and deliver it to ``path`` as CSV, XLSX (with a notes sheet)
    or a PDF report.

    The file is written once the unit of work (register entry, audit entry) commits, never before
    (:mod:`avrcase.services.outgoing`).
    """
    require(actor, Permission.STATISTICS_VIEW)
    outgoing.check_target(path)
    protected = statistics_release.protect_release(session, actor, [table], rule, kind=kind, titles=[title])[0].protected
    if fmt == "pdf":
        data, protected = table_report_pdf(session, actor, table, rule, title, protected)
    else:
        sheet = tables.crosstab(protected, title, table.query.measure)
        data = tables.csv_bytes(sheet) if fmt == "csv" else tables.xlsx_bytes(
            [sheet], statistics.export_notes(table.query, rule, clock_of(session).today()))
    record_table_export(session, actor, table, rule, fmt, title, suppressed=protected.suppressed, kind=kind)
    outgoing.deliver(session, path, data)
    return protected


def export_dashboard_table(session: Session, actor: Actor | None, snapshot: dashboard.DashboardSnapshot,
                           panel: str, path: Path, fmt: str, title: str) -> tuple[str, ...]:
    """Export one dashboard panel's table (of whole months: ``dashboard.release_snapshot``); what the
    manager is told about the period."""
    from avrcase.services.statistics import dashboard

    released, note = dashboard.release_snapshot(session, actor, snapshot)
    write_table(session, actor, released.panel(panel).table, DisclosureRule(), path, fmt, title)
    return note


def export_dashboard_report(session: Session, actor: Actor | None, snapshot: dashboard.DashboardSnapshot,
                            path: Path) -> tuple[str, ...]:
    """Export the whole dashboard as a PDF report of protected tables and charts, each table on the audit
    trail; what the manager is told about the period."""
    from avrcase.services.statistics import dashboard

    released, note = dashboard.release_snapshot(session, actor, snapshot)
    pdf = dashboard_report_pdf(session, actor, released, DisclosureRule())
    for panel in released.panels:  # one entry per table the report carries
        record_table_export(session, actor, panel.table, DisclosureRule(), "pdf",
                            _(dashboard.panel_definition(panel.name).title), kind="report")
    outgoing.deliver(session, path, pdf)  # written once the entries above are committed
    return note


def _protected_figures(snapshot: dashboard.DashboardSnapshot, protected: dict[str, ProtectedTable],
                       rule: DisclosureRule, withheld: frozenset[str] | set[str] = frozenset()
                       ) -> tuple[tuple[str, str], ...]:
    from avrcase.i18n.format import format_number

    shown = {}
    for panel in snapshot.panels:
        table = protected[panel.name]
        total = table.shown((TOTAL,) * len(table.dimensions))
        shown.setdefault(panel.table.query.measure, SUPPRESSED_MARK if total is None else format_number(total))
    lines = [(statistics.measure_label(m), shown[m]) for m in ("cases", "returns", "returnees") if m in shown]
    for figure in snapshot.figures:
        if figure.name in statistics.MEASURES:
            continue
        # A figure drawn from fewer units than the minimum cell would describe individuals: left out.
        if figure.units is not None and 0 < figure.units < rule.min_cell:
            text = _("not shown (fewer than %(k)d cases)") % {"k": rule.min_cell}
        elif figure.name in withheld:  # with a report published before, it would give a few cases away
            text = _("not shown (beside a report published before, it would describe fewer than %(k)d cases)") % {
                "k": rule.min_cell}
        else:  # the number of units is a count the tables may hide (the period's returns): not printed
            text = f"{figure.text} ({figure.public_detail})" if figure.public_detail else figure.text
        lines.append((figure.label, text))
    return tuple(lines)


def dashboard_report_pdf(session: Session, actor: Actor | None, snapshot: dashboard.DashboardSnapshot,
                         rule: DisclosureRule) -> bytes:
    """The whole dashboard as a PDF: protected key figures, then each panel's protected chart and table."""
    from avrcase.documents import statistics_report as report
    from avrcase.domain.figure_disclosure import FigureScope
    from avrcase.services.statistics import dashboard, figure_release

    require(actor, Permission.STATISTICS_VIEW)
    query = snapshot.query  # the figures are checked against the reports before this one enters the register
    withheld = figure_release.withheld_figures(
        session, FigureScope(query.date_from, query.date_to, query.project), rule.min_cell)
    released = statistics_release.protect_release(
        session, actor, [p.table for p in snapshot.panels], rule, kind="report",
        titles=[_(dashboard.panel_definition(p.name).title) for p in snapshot.panels])
    protected = {p.name: r.protected for p, r in zip(snapshot.panels, released, strict=True)}
    end = min(snapshot.query.date_to, clock_of(session).today())  # the line by month ends with this month so far
    sections = []
    for panel in snapshot.panels:
        definition = dashboard.panel_definition(panel.name)
        chart = dashboard.up_to_today(definition, protected[panel.name].categories,
                                      dashboard.protected_chart(definition, protected[panel.name]), end)
        sections.append(report.ReportSection(
            chart.title, dataclasses.replace(chart, title=""),
            report_table(protected[panel.name], statistics.measure_label(definition.measure))))
    title = _("Returns and caseload")
    subtitle = dashboard.describe_query(snapshot.query)
    facts = ((_("Period"), subtitle),
             (_("Project"), snapshot.query.project if snapshot.query.project is not None else _("all projects")))
    report_snapshot = report.StatisticsReportSnapshot(
        _frame(session, title, subtitle), title, subtitle, facts, _("Key figures"),
        _protected_figures(snapshot, protected, rule, withheld), tuple(sections), _("How the tables are protected"),
        rule.describe())
    return report.render(report_snapshot).pdf


def write_anonymised(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date, path: Path,
                     k: int = DEFAULT_MIN_CELL, *, secret: bytes | None = None) -> tuple[str, ...]:
    """Write the k-anonymous returnees of the period (CSV or XLSX by the file name); with ``secret``,
    pseudonymised for a processor (see ``anonymised_export.export_anonymised``).

    Returns the lines that say how the rows were protected (also in the XLSX notes sheet).
    """
    from avrcase.i18n.format import document_date
    from avrcase.services.statistics import anonymised_export

    outgoing.check_target(path)
    export = anonymised_export.export_anonymised(session, actor, date_from, date_to, k, secret=secret)
    header = anonymised_export.PROCESSOR_HEADER if secret is not None else anonymised_export.HEADER
    sheet = tables.Sheet(_("Returnees"), header, export.rows)
    notes = [(_("Period"), _("Departures from %(start)s to %(end)s") % {
                 "start": document_date(date_from), "end": document_date(date_to)}),
             *((_("Protection"), line) for line in export.report.lines())]
    data = tables.xlsx_bytes([sheet], notes) if path.suffix.lower() == ".xlsx" else tables.csv_bytes(sheet)
    outgoing.deliver(session, path, data)  # written once the export's entry is committed
    return (ngettext("%(n)d row written.", "%(n)d rows written.", export.report.written) % {
        "n": export.report.written}, *export.report.lines())
