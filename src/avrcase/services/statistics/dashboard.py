"""The managers' dashboard: key figures and charts of a period, each chart backed by a count table.

Every panel is a statistics query (``services.statistics``) drawn as a :class:`~avrcase.domain.charts.ChartSpec`.
On screen the charts show exact counts (staff only); :func:`protected_chart` draws the same panel from
the table after disclosure control, for anything that leaves the app (the PDF report).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from avrcase.domain.charts import ChartKind, ChartSpec
from avrcase.domain.codes import LegalStatus, ReferralSource, Vulnerability
from avrcase.domain.disclosure import SUPPRESSED_MARK, TOTAL, ProtectedTable
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.periods import AgeClass, Granularity, Period
from avrcase.domain.stages import Stage
from avrcase.i18n import N_, _
from avrcase.i18n.format import country_name, document_date, format_date, format_number
from avrcase.services.dto import Actor
from avrcase.services.clock import clock_of
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import figures as statistics_figures
from avrcase.services.statistics import finance as statistics_finance
from avrcase.services.statistics.counts import NO_VULNERABILITY, SEVERAL_VULNERABILITIES, CountTable, StatisticsQuery
from avrcase.services.statistics.release import is_release_period
from avrcase.services.uow import read_in_parallel

Progress = Callable[[int, int], bool]


class DashboardCancelled(AvrcaseError):
    """The person cancelled the computation."""


@dataclass(frozen=True)
class DashboardQuery:
    """The period (both days included) and an optional project the dashboard shows."""

    date_from: dt.date
    date_to: dt.date
    project: str | None = None


@dataclass(frozen=True)
class PanelDefinition:
    """One chart of the dashboard: what it counts, split how, drawn how (``top``: largest categories only)."""

    name: str
    title: str
    kind: ChartKind
    measure: str
    dimensions: tuple[str, ...]
    top: int | None = None


#: The panels in the order shown; another area adds a panel here with its own measure or dimension.
PANELS: tuple[PanelDefinition, ...] = (
    PanelDefinition("returns_by_month", N_("Returns per month"), ChartKind.LINE, "returns", ("month",)),
    PanelDefinition("age_sex", N_("Returnees by age and sex"), ChartKind.PYRAMID, "returnees", ("age_class", "sex")),
    PanelDefinition("countries_of_return", N_("Top countries of return"), ChartKind.BAR, "returns",
                    ("country_of_return",), top=10),
    PanelDefinition("citizenships", N_("Top citizenships of returnees"), ChartKind.BAR, "returnees",
                    ("citizenship",), top=10),
    PanelDefinition("caseload_by_stage", N_("Cases registered in the period, by stage today"), ChartKind.BAR,
                    "cases", ("stage",)),
    PanelDefinition("vulnerabilities", N_("Cases registered by vulnerability"), ChartKind.BAR, "cases",
                    ("vulnerability",)),
)
PANEL_NAMES = tuple(p.name for p in PANELS)

#: Key figures after the counts, in the order shown; each is ``(session, actor, from, to, project) -> KeyFigure``.
FIGURES: tuple[statistics_figures.Figure, ...] = (
    statistics_figures.days_figure,
    statistics_finance.allowances_paid,
    statistics_finance.reintegration_delivered,
    statistics_finance.sustainability_scores,
)
_PANELS = {p.name: p for p in PANELS}


@dataclass(frozen=True)
class DashboardPanel:
    """A computed panel: its chart with exact counts and the table behind it (for exports)."""

    name: str
    chart: ChartSpec
    table: CountTable


@dataclass(frozen=True)
class DashboardSnapshot:
    """Everything the dashboard shows for one query."""

    query: DashboardQuery
    figures: tuple[statistics_figures.KeyFigure, ...]
    panels: tuple[DashboardPanel, ...]

    def panel(self, name: str) -> DashboardPanel:
        """The panel called ``name``."""
        return next(p for p in self.panels if p.name == name)

    def figure(self, name: str) -> statistics_figures.KeyFigure:
        """The key figure called ``name``."""
        return next(f for f in self.figures if f.name == name)


# ---------------------------------------------------------------- periods and projects

def preset_period(name: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days of a quick choice: ``this_year``, ``last_12_months`` (the twelve whole months before this
    one) or ``last_quarter`` (the whole quarter before this one). Every choice is whole months, so it is
    a release period and the protected exports accept it as it is."""
    if name == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if name == "last_12_months":
        month0 = today.year * 12 + today.month - 1 - 12
        this_month = Period.containing(today, Granularity.MONTH)
        return dt.date(month0 // 12, month0 % 12 + 1, 1), this_month.first_day - dt.timedelta(days=1)
    if name == "last_quarter":
        this = Period.containing(today, Granularity.QUARTER)
        previous = Period.containing(this.first_day - dt.timedelta(days=1), Granularity.QUARTER)
        return previous.first_day, previous.last_day
    raise ValueError(name)


def release_period(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The whole months covering ``date_from``..``date_to``: the period a protected export of them uses
    (protected tables cover whole months only; the screen may show any days)."""
    return (Period.containing(date_from, Granularity.MONTH).first_day,
            Period.containing(date_to, Granularity.MONTH).last_day)


#: Quick choices of period, in the order offered.
PRESETS = (("this_year", N_("This year")), ("last_12_months", N_("Last 12 full months")),
           ("last_quarter", N_("Last quarter")))


#: The projects cases are registered under, sorted (for the project filter).
list_projects = statistics.list_projects


# ---------------------------------------------------------------- labels

def category_label(dimension: str, code: str) -> str:
    """A category as people read it: a country's name, a stage, an age class, a month…"""
    if code == TOTAL:
        return _("Total")
    if dimension in ("citizenship", "country_of_return"):
        return country_name(code) if code else _("Not recorded")
    if dimension in ("month", "quarter", "year") and code:
        period = Period.parse(code)
        return format_date(period.first_day, "MMM y") if dimension == "month" else code
    vocabularies = {"stage": Stage, "legal_status": LegalStatus, "referral_source": ReferralSource,
                    "vulnerability": Vulnerability, "age_class": AgeClass}
    if dimension == "vulnerability" and code in (NO_VULNERABILITY, SEVERAL_VULNERABILITIES):
        return _("None") if code == NO_VULNERABILITY else _("Several")
    if dimension == "sex":
        return {"F": _("Women and girls"), "M": _("Men and boys")}.get(code, _("Sex unknown"))
    vocabulary = vocabularies.get(dimension)
    if vocabulary is not None:
        try:
            return vocabulary(code).label
        except ValueError:
            pass
    return code or _("Not recorded")


# ---------------------------------------------------------------- charts from tables

def _chart(panel: PanelDefinition, categories: Sequence[tuple[str, ...]], value: Callable[[tuple[str, ...]], int | None],
           note: str = "") -> ChartSpec:
    title = _(panel.title)
    if panel.kind is ChartKind.PYRAMID:
        ages = [a for a in categories[0] if a != AgeClass.UNKNOWN.value or value((a, TOTAL))]
        series_codes = ("F", "M")
        values = tuple(tuple(value((age, sex)) for age in ages) for sex in series_codes)
        return ChartSpec(panel.kind, title, tuple(category_label("age_class", a) for a in ages),
                         tuple(category_label("sex", s) for s in series_codes), values, note)
    dimension = panel.dimensions[0]
    cats = list(categories[0])
    if panel.kind is ChartKind.BAR:
        cats = [c for c in cats if value((c,)) != 0]
        cats.sort(key=lambda c: -(value((c,)) or 0))
        if panel.top is not None:
            cats = cats[:panel.top]
    values = (tuple(value((c,)) for c in cats),)
    return ChartSpec(panel.kind, title, tuple(category_label(dimension, c) for c in cats),
                     (statistics.measure_label(panel.measure),), values, note)


def exact_chart(panel: PanelDefinition, table: CountTable) -> ChartSpec:
    """The panel drawn from exact counts (for staff, on screen)."""
    def value(key: tuple[str, ...]) -> int:
        if TOTAL in key:
            index = key.index(TOTAL)
            return sum(n for k, n in table.counts.items() if all(k[i] == c for i, c in enumerate(key) if i != index))
        return table.counts.get(key, 0)

    return _chart(panel, table.categories, value)


def protected_chart(panel: PanelDefinition, table: ProtectedTable) -> ChartSpec:
    """The panel drawn from a protected table: suppressed cells have no bar and the note says so."""
    note = _("Values marked “%(mark)s” are suppressed to protect small groups.") % {"mark": SUPPRESSED_MARK} \
        if table.suppressed else ""
    return _chart(panel, table.categories, table.shown, note)


def margin_chart(panel: PanelDefinition, table: ProtectedTable, index: int) -> ChartSpec:
    """One dimension of a protected table of several, drawn from its totals (every other dimension at
    ``TOTAL``): figures the table shows anyway, so the chart gives nothing more away."""
    note = _("Values marked “%(mark)s” are suppressed to protect small groups.") % {"mark": SUPPRESSED_MARK} \
        if table.suppressed else ""
    width = len(table.dimensions)

    def value(key: tuple[str, ...]) -> int | None:
        return table.shown(tuple(key[0] if i == index else TOTAL for i in range(width)))

    return _chart(panel, (table.categories[index],), value, note)


def panel_definition(name: str) -> PanelDefinition:
    """The panel called ``name``."""
    return _PANELS[name]


# ---------------------------------------------------------------- the whole dashboard

#: The measures whose totals are the first key figures, in the order shown.
COUNTED = ("cases", "returns", "returnees", "consultations")
#: The measures' tables by the time they take (at 100,000 cases, SQLite and PostgreSQL alike), the longest first.
_LONGEST_FIRST = ("returnees", "cases", "returns")

FiguresShown = Callable[[tuple[statistics_figures.KeyFigure, ...]], None]


def compute_dashboard(session: Session, actor: Actor | None, query: DashboardQuery,
                      progress: Progress | None = None, shown: FiguresShown | None = None) -> DashboardSnapshot:
    """Count every panel and key figure of the period; ``progress(done, total)`` returning False cancels.

    ``shown(figures)``, when given, hears the four counts' figures before the charts (#14: the manager's home page
    showed nothing until the last of its counts was done), each the total of its own statement (an index range or
    two: about a seventh of the work on SQLite). The snapshot returned at the end has every figure and chart."""
    require(actor, Permission.STATISTICS_VIEW)
    if query.date_to < query.date_from:
        raise ValidationError({"date_to": _("The period ends before it starts.")})
    today = clock_of(session).today()
    steps = len(PANELS) + len(FIGURES) + (len(COUNTED) if shown is not None else 1)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, steps) is False:
            raise DashboardCancelled(_("The dashboard was not computed: cancelled."))

    # Each measure is counted once, by every dimension its panels use; a panel sums over the others.
    dimensions: dict[str, list[str]] = {}
    for definition in PANELS:
        wanted = dimensions.setdefault(definition.measure, [])
        wanted.extend(d for d in definition.dimensions if d not in wanted)
    measures = list(dimensions)

    def joint_count(measure: str) -> Callable[[Session], CountTable]:
        return lambda own: statistics.count(own, actor, StatisticsQuery(
            measure, tuple(dimensions[measure]), query.date_from, query.date_to, query.project))

    def figure_of(figure: statistics_figures.Figure) -> Callable[[Session], statistics_figures.KeyFigure]:
        return lambda own: figure(own, actor, query.date_from, query.date_to, query.project)

    def total_of(measure: str) -> Callable[[Session], int]:
        return lambda own: statistics.total(own, actor, StatisticsQuery(
            measure, ("year",), query.date_from, query.date_to, query.project))

    # The measures' counts and the figures are independent queries: two at a time (a laptop has two cores or
    # more). When the figures are heard first, their own counts come before the tables, and the tables follow
    # the longest first (returnees, three dimensions of 31,000 people a year at 100,000 cases, started last had
    # the charts wait for it alone).
    # (The returns are the days figure's departures too, but that figure costs four times the returns' own total:
    # heard first, it held the four counts back, 0.36 → 0.96 s after the window on a loaded machine.)
    order = measures if shown is None else sorted(measures, key=lambda m: _LONGEST_FIRST.index(m)
                                                   if m in _LONGEST_FIRST else len(_LONGEST_FIRST))
    jobs: list[Callable[[Session], object]] = []
    if shown is not None:
        jobs += [total_of(measure) for measure in COUNTED]
    jobs += [joint_count(m) for m in order]
    if shown is None:
        jobs.append(total_of("consultations"))
    jobs += [figure_of(figure) for figure in FIGURES]
    results = read_in_parallel(session, jobs)
    counted: dict[str, int] = {}
    try:
        if shown is not None:
            for measure in COUNTED:
                counted[measure] = next(results)  # type: ignore[assignment]
                step()
            shown(tuple(_count_figure(measure, counted[measure]) for measure in COUNTED))
        joint: dict[str, CountTable] = {}
        for measure in order:
            joint[measure] = next(results)  # type: ignore[assignment]
        panels = []
        for definition in PANELS:
            table = statistics.marginal(joint[definition.measure], definition.dimensions)
            chart = up_to_today(definition, table.categories, exact_chart(definition, table), min(query.date_to, today))
            panels.append(DashboardPanel(definition.name, chart, table))
            step()
        # The counts' figures are the tables' totals (each chart sums to its figure, even if a case changed
        # since the figures were heard first).
        totals = {p.table.query.measure: p.table.total for p in panels}
        if shown is None:
            totals["consultations"] = next(results)  # type: ignore[assignment]
            step()
        else:
            totals["consultations"] = counted["consultations"]
        figures = [_count_figure(measure, totals[measure]) for measure in COUNTED]
        for _figure in FIGURES:
            figures.append(next(results))  # type: ignore[arg-type]
            step()
    finally:
        results.close()  # a cancel stops the jobs not started
    return DashboardSnapshot(query, tuple(figures), tuple(panels))


def up_to_today(definition: PanelDefinition, categories: Sequence[tuple[str, ...]], chart: ChartSpec,
                end: dt.date) -> ChartSpec:
    """A line by month (of ``categories``, its table's) ends with the month of ``end`` (the period's last day, or
    today if sooner): months not begun yet have nothing to count and drew a fall to zero. That month, if not
    over, is marked "(to <day>)" (#19): "This year" runs to 31 December, and December so far looked like a
    plunge."""
    if definition.dimensions != ("month",) or definition.kind is not ChartKind.LINE or not categories[0]:
        return chart
    begun = [month for month in map(Period.parse, categories[0]) if month.first_day <= end]
    if not begun:
        return chart
    kept = len(begun)
    chart = replace(chart, categories=chart.categories[:kept], values=tuple(row[:kept] for row in chart.values))
    if not begun[-1].first_day <= end < begun[-1].last_day:
        return chart
    return replace(chart, partial_last=True, categories=(*chart.categories[:-1], _("%(month)s (to %(day)s)") % {
        "month": chart.categories[-1], "day": format_date(end, "d MMM")}))


def _count_figure(measure: str, total: int) -> statistics_figures.KeyFigure:
    return statistics_figures.KeyFigure(measure, statistics.measure_label(measure), format_number(total), value=total)


def describe_query(query: DashboardQuery) -> str:
    """The period and filter in words, for a title line."""
    text = _("%(start)s to %(end)s") % {"start": document_date(query.date_from), "end": document_date(query.date_to)}
    if query.project is not None:
        text += " · " + _("project: %(name)s") % {"name": query.project}
    return text


def release_snapshot(session: Session, actor: Actor | None, snapshot: DashboardSnapshot,
                     ) -> tuple[DashboardSnapshot, tuple[str, ...]]:
    """The snapshot a protected export publishes, and what the manager is told about its period.

    Protected tables cover whole months (release periods); the screen may show any days. When the
    dates on screen are not whole months, the export counts the whole months covering them instead
    and says so: it is never refused for the period alone, and never publishes an arbitrary day range.
    """
    require(actor, Permission.STATISTICS_VIEW)
    query = snapshot.query
    if is_release_period(query.date_from, query.date_to):
        return snapshot, ()
    start, end = release_period(query.date_from, query.date_to)
    released = compute_dashboard(session, actor, replace(query, date_from=start, date_to=end))
    return released, (_(
        "Protected tables cover whole months, so the export covers %(start)s to %(end)s "
        "instead of %(shown_from)s to %(shown_to)s shown on screen.") % {
        "start": start.isoformat(), "end": end.isoformat(),
        "shown_from": query.date_from.isoformat(), "shown_to": query.date_to.isoformat()},)
