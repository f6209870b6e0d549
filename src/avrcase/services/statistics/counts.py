"""Statistics: counts of cases, returns, returnees and consultations by any dimensions, in SQL.

A *measure* is an SQL source of counted units, one row each, with the case, the person the unit is
about and the day of the event (registration, departure, consultation). A *dimension* is an SQL
expression over that source (and the case and person behind it), optionally re-coded after the
GROUP BY (month to quarter or year). Both are plain named objects: :data:`MEASURES` (in
``services.statistics.measures``) and :data:`DIMENSIONS`; travel (#4) and allowances (#5) add a measure
with its own source the same way.

Exact counts are for staff; anything leaving the app goes through :func:`protect_table`. A table of a measure
that counts persons or events carries the cases (households) behind each cell too (``domain.households``):
a published figure needs k of them as well as k units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from avrcase.domain.disclosure import DEFAULT_MIN_CELL, DisclosureRule, ProtectedTable, protect
from avrcase.domain.errors import ValidationError
from avrcase.domain.households import CaseUnion, Households, regroup
from avrcase.domain.periods import AgeClass, Granularity, Period, month_code_to
from avrcase.domain.release import SUBSET
from avrcase.domain.stages import ORDER
from avrcase.i18n import N_, _
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics.measures import CASE_UNITS, MEASURES, ordered_among_returnees
from avrcase.services.statistics.sql import age_class, case_list, month_code, tables_read
from avrcase.store.models import (
    Case,
    CaseVulnerability,
    Person,
    Project,
    ProjectCase,
)

NO_VULNERABILITY, SEVERAL_VULNERABILITIES = "none", "multiple"
#: Eurostat's sex codes (the store keeps F, M and U).
SEX_CODES = ("F", "M", "UNK")


# ---------------------------------------------------------------- dimensions

@dataclass(frozen=True)
class _Sources:
    """What a dimension may read besides the case and the person: the measure's rows and, on PostgreSQL, each
    person's vulnerabilities summed up (``None`` on SQLite, which looks them up person by person)."""

    rows: object
    vulnerabilities: object | None


@dataclass(frozen=True)
class Dimension:
    """A way to split the counts: an SQL expression, an optional re-coding and the known categories."""

    name: str
    label: str
    expression: Callable[[_Sources], object]
    recode: Callable[[str], str] | None = None
    categories: tuple[str, ...] = ()
    #: Categories follow the calendar from the first to the last day asked for.
    granularity: Granularity | None = None
    #: Needs the per-person vulnerability summary (joined only then, on PostgreSQL: it costs a scan of its own).
    uses_vulnerabilities: bool = False


def _vulnerability(src: _Sources):
    v = src.vulnerabilities
    if v is None:
        # SQLite: each counted person's own, by index. Summing up everyone's first cost a scan and a temporary
        # index (95 → 55 ms for a year's cases by stage at 100,000 cases, #14); PostgreSQL hashes the summary
        # in less time than it looks each one up (74 against 270 ms).
        n = func.count(CaseVulnerability.id)
        return (select(case((n == 0, NO_VULNERABILITY), (n == 1, func.min(CaseVulnerability.code)),
                            else_=SEVERAL_VULNERABILITIES))
                .where(CaseVulnerability.person_id == src.rows.c.person_id).scalar_subquery())
    return case((v.c.n.is_(None), NO_VULNERABILITY), (v.c.n == 1, v.c.code), else_=SEVERAL_VULNERABILITIES)


def _sex(src: _Sources):
    return case((Person.sex == "F", "F"), (Person.sex == "M", "M"), else_="UNK")


def case_project():
    """The project a case counts under: the one finance assigned it to (#5), else the name on the case form."""
    assigned = (select(Project.name).join(ProjectCase, ProjectCase.project_id == Project.id)
                .where(ProjectCase.case_id == Case.id).correlate(Case).scalar_subquery())
    return func.coalesce(assigned, Case.project)


def _period(name: str, label: str, granularity: Granularity) -> Dimension:
    recode = None if granularity is Granularity.MONTH else (lambda code: month_code_to(code, granularity))
    return Dimension(name, label, lambda src: month_code(src.rows.c.event_at), recode, granularity=granularity)


DIMENSIONS: Mapping[str, Dimension] = MappingProxyType({d.name: d for d in (
    Dimension("citizenship", N_("Citizenship"), lambda src: Person.citizenship),
    Dimension("country_of_return", N_("Country of return"), lambda src: Case.country_of_return),
    Dimension("sex", N_("Sex"), _sex, categories=SEX_CODES),
    Dimension("age_class", N_("Age class"), lambda src: age_class(src.rows.c.event_at, Person.date_of_birth),
              categories=tuple(a.value for a in AgeClass)),
    _period("month", N_("Month"), Granularity.MONTH),
    _period("quarter", N_("Quarter"), Granularity.QUARTER),
    _period("year", N_("Year"), Granularity.YEAR),
    Dimension("vulnerability", N_("Vulnerability"), _vulnerability, uses_vulnerabilities=True),
    Dimension("legal_status", N_("Legal status"), lambda src: Case.legal_status),
    Dimension("referral_source", N_("Referral source"), lambda src: Case.referral_source),
    Dimension("project", N_("Project"), lambda src: case_project()),
    Dimension("stage", N_("Stage (now)"), lambda src: Case.stage, categories=tuple(s.value for s in ORDER)),
)})
#: Asked for by the release protection only: a returnee among the ordered returns ("1") or not (``domain.release``).
_INTERNAL = {SUBSET: Dimension(SUBSET, N_("Ordered to leave"), lambda src: ordered_among_returnees(src.rows),
                               categories=("0", "1"))}


def dimension(name: str) -> Dimension:
    """The dimension called ``name`` (one of ``DIMENSIONS``, or the release protection's own)."""
    return DIMENSIONS.get(name) or _INTERNAL[name]


# ---------------------------------------------------------------- queries and results

@dataclass(frozen=True)
class StatisticsQuery:
    """A measure over a period (both days included), split by dimensions, optionally for one project."""

    measure: str
    dimensions: tuple[str, ...]
    date_from: dt.date
    date_to: dt.date
    project: str | None = None


@dataclass(frozen=True)
class CountTable:
    """Exact counts by the categories of each dimension (keys hold one category per dimension)."""

    query: StatisticsQuery
    categories: tuple[tuple[str, ...], ...]
    counts: Mapping[tuple[str, ...], int]
    #: For a measure of persons or events: the cases behind each count, their ids while fewer than
    #: ``households_cap`` (``domain.households``); ``None`` when each unit is a case of its own.
    households: Mapping[tuple[str, ...], Households] | None = None
    households_cap: int = DEFAULT_MIN_CELL

    @property
    def total(self) -> int:
        """All units counted."""
        return sum(self.counts.values())


#: A table by more dimensions has almost every cell suppressed and cannot be read.
MAX_DIMENSIONS = 4


def check_query(query: StatisticsQuery, *, max_dimensions: int | None = None) -> None:
    """Raise ``ValidationError`` for an unknown measure or dimension, or a period ending before it starts.

    ``max_dimensions`` bounds a table a person asks for (``MAX_DIMENSIONS``); the anonymised export's
    internal tabulation crosses more.
    """
    errors = {}
    if query.measure not in MEASURES:
        errors["measure"] = _("Unknown measure “%(name)s”; choose one of: %(names)s.") % {
            "name": query.measure, "names": ", ".join(MEASURES)}
    unknown = [d for d in query.dimensions if d not in DIMENSIONS and (d != SUBSET or query.measure != "returnees")]
    if unknown:
        errors["dimensions"] = _("Unknown dimension “%(name)s”; choose from: %(names)s.") % {
            "name": unknown[0], "names": ", ".join(DIMENSIONS)}
    elif len(set(query.dimensions)) != len(query.dimensions) or not query.dimensions:
        errors["dimensions"] = _("Give one or more different dimensions.")
    elif max_dimensions and len(query.dimensions) > max_dimensions:
        errors["dimensions"] = _("Give at most %(max)d dimensions.") % {"max": max_dimensions}
    if query.date_to < query.date_from:
        errors["date_to"] = _("The period ends before it starts.")
    if errors:
        raise ValidationError(errors)


def _units(session: Session, query: StatisticsQuery, *extra) -> Select:
    """One row per counted unit: ``extra`` columns, then one labelled column ``d<i>`` per dimension."""
    measure = MEASURES[query.measure]
    rows: Any = (CASE_UNITS if measure.cases_where is not None
                 else measure.source(query.date_from, query.date_to).subquery("units"))
    # Each person's own vulnerabilities (#20: a household's pregnancy is one woman's, not every member's).
    vulnerabilities = None
    if session.get_bind().dialect.name != "sqlite":
        vulnerabilities = (select(CaseVulnerability.person_id, func.count().label("n"),
                                  func.min(CaseVulnerability.code).label("code"))
                           .group_by(CaseVulnerability.person_id).subquery("vulnerabilities"))
    src = _Sources(rows, vulnerabilities)
    columns = [dimension(name).expression(src).label(f"d{i}") for i, name in enumerate(query.dimensions)]
    read = tables_read(columns)  # the case and the person are joined only when read (every unit's exist)
    stmt = select(*(column(rows) for column in extra), *columns)
    if measure.cases_where is not None:  # the units are the cases themselves
        stmt = stmt.select_from(Case).where(measure.cases_where(query.date_from, query.date_to))
    else:
        stmt = stmt.select_from(rows)
    for table, key in ((Case, rows.c.case_id), (Person, rows.c.person_id)):
        if table is Case and measure.cases_where is not None:
            continue
        if table.__table__ in read or (table is Case and query.project is not None):
            stmt = stmt.join(table, table.id == key)
    if vulnerabilities is not None and any(dimension(name).uses_vulnerabilities for name in query.dimensions):
        stmt = stmt.outerjoin(vulnerabilities, vulnerabilities.c.person_id == rows.c.person_id)
    if query.project is not None:
        stmt = stmt.where(case_project() == query.project)
    return stmt


def count(session: Session, actor: Actor | None, query: StatisticsQuery, *,
          households_cap: int = DEFAULT_MIN_CELL) -> CountTable:
    """Count the measure by the dimensions with one GROUP BY query.

    For a measure of persons or events, the same query finds the cases behind each cell, by id where a cell
    has fewer than ``households_cap`` of them (at least the k the table will be protected with): the distinct
    cases are counted in SQL, never case by case in Python.
    """
    require(actor, Permission.STATISTICS_VIEW)
    check_query(query)
    dims = [dimension(name) for name in query.dimensions]
    per_case = MEASURES[query.measure].per_case
    # Label each expression in an inner query and group the outer one by the labels: PostgreSQL does
    # not match a CASE with bound literals in SELECT to the same CASE in GROUP BY.
    labelled = _units(session, query, *(() if per_case else (lambda rows: rows.c.case_id,))).subquery("labelled")
    columns = [labelled.c[f"d{i}"] for i in range(len(dims))]
    # A measure of persons or events: the distinct cases of each cell as well (as fast in SQL as the count alone;
    # counting them apart too cost a fifth more, a window over the cases of each cell twice as much).
    listed = () if per_case else (case_list(labelled.c.case_id).label("cases"),)
    stmt = select(*columns, *listed, func.count().label("n")).group_by(*columns)
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    unions: dict[tuple[str, ...], CaseUnion] = {}
    for *values, n in session.execute(stmt):
        if not per_case:
            *values, cases = values
        key = tuple(_code(d, v) for d, v in zip(dims, values, strict=True))
        counts[key] += n
        if not per_case:
            acc = unions.get(key)
            if acc is None:
                acc = unions[key] = CaseUnion(households_cap)
            # Read only below the cap (a cell of many cases is just "enough").
            acc.add(None if cases.count(",") + 1 >= households_cap else frozenset(map(int, cases.split(","))))
    categories = tuple(_categories(d, i, counts, query) for i, d in enumerate(dims))
    households = None if per_case else MappingProxyType({key: acc.frozen() for key, acc in unions.items()})
    return CountTable(query, categories, MappingProxyType(dict(counts)), households, households_cap)


def list_projects(session: Session, actor: Actor | None) -> list[str]:
    """The projects cases are registered under, sorted (for the project filter).

    Read from indexes: ``ix_cases_project`` a project at a time (the next name after the one before: a handful
    of seeks, where ``DISTINCT`` walked the index's 100,000 entries, 7 ms of the manager's first window, #14), and
    for each project whether a case is assigned to it (not every assignment, then made distinct)."""
    require(actor, Permission.STATISTICS_VIEW)
    first = select(func.min(Case.project)).where(Case.project > "").scalar_subquery()
    walk = select(first.label("name")).cte("projects", recursive=True)
    after = select(func.min(Case.project)).where(Case.project > walk.c.name).scalar_subquery()
    walk = walk.union_all(select(after).where(walk.c.name.is_not(None)))
    on_cases = session.scalars(select(walk.c.name).where(walk.c.name.is_not(None)))
    assigned = session.scalars(select(Project.name).where(
        select(ProjectCase.case_id).where(ProjectCase.project_id == Project.id).exists()))
    return sorted({*on_cases, *assigned})


def marginal(table: CountTable, dimensions: tuple[str, ...]) -> CountTable:
    """``table`` summed over its other dimensions: exactly what ``count`` by ``dimensions`` alone gives (each
    unit has one category per dimension), without counting again (the dashboard counts a measure once)."""
    at = [table.query.dimensions.index(name) for name in dimensions]
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    for key, n in table.counts.items():
        counts[tuple(key[i] for i in at)] += n
    query = replace(table.query, dimensions=dimensions)
    categories = tuple(_categories(dimension(name), i, counts, query) for i, name in enumerate(dimensions))
    households = None if table.households is None else MappingProxyType(
        regroup(table.households, lambda key: tuple(key[i] for i in at), table.households_cap))
    return CountTable(query, categories, MappingProxyType(dict(counts)), households, table.households_cap)


def part_of(table: CountTable, query: StatisticsQuery) -> CountTable:
    """What ``count(query)`` gives, taken from ``table``, a count by month first and by every dimension of
    ``query`` (and ``project`` when it has one) over a period holding its whole months: the release protection
    counts the releases it is linked with once, not each again (households kept up to ``table``'s cap)."""
    attributes = table.query.dimensions
    months = {code for code in {key[0] for key in table.counts}
              if query.date_from <= Period.parse(code).first_day <= query.date_to}
    project = attributes.index("project") if query.project is not None else None
    picks = [(0, dimension(name).granularity) if dimension(name).granularity else (attributes.index(name), None)
             for name in query.dimensions]

    def key_of(combo: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(month_code_to(combo[i], g) if g else combo[i] for i, g in picks)

    kept = [combo for combo in table.counts
            if combo[0] in months and (project is None or combo[project] == query.project)]
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    for combo in kept:
        counts[key_of(combo)] += table.counts[combo]
    categories = tuple(_categories(dimension(name), i, counts, query) for i, name in enumerate(query.dimensions))
    households = None if table.households is None else MappingProxyType(
        regroup({c: table.households[c] for c in kept if c in table.households}, key_of, table.households_cap))
    return CountTable(query, categories, MappingProxyType(dict(counts)), households, table.households_cap)


def total(session: Session, actor: Actor | None, query: StatisticsQuery) -> int:
    """How many units the measure counts in the period (its dimensions are not used)."""
    require(actor, Permission.STATISTICS_VIEW)
    check_query(query)
    rows = MEASURES[query.measure].source(query.date_from, query.date_to).subquery("units")
    stmt = select(func.count()).select_from(rows)
    if query.project is not None:  # the only join a total needs (every unit's case and person exist)
        stmt = stmt.join(Case, Case.id == rows.c.case_id).where(case_project() == query.project)
    return int(session.scalar(stmt) or 0)


def unit_rows(session: Session, actor: Actor | None,
              query: StatisticsQuery) -> list[tuple[int, int, tuple[str, ...]]]:
    """Each counted unit's person id and case (household) id with its dimension codes (for record-level
    exports, never shown as is)."""
    require(actor, Permission.EXPORT_ANONYMISED)
    check_query(query)
    dims = [dimension(name) for name in query.dimensions]
    stmt = _units(session, query, lambda rows: rows.c.person_id, lambda rows: rows.c.case_id)
    return [(person_id, case_id, tuple(_code(d, v) for d, v in zip(dims, values, strict=True)))
            for person_id, case_id, *values in session.execute(stmt)]


def _code(dimension: Dimension, value: object) -> str:
    text = "" if value is None else str(value)
    return dimension.recode(text) if dimension.recode and text else text


def _categories(dimension: Dimension, index: int, counts, query: StatisticsQuery) -> tuple[str, ...]:
    seen = {key[index] for key in counts}
    if dimension.granularity is not None:
        listed, period = [], Period.containing(query.date_from, dimension.granularity)
        while period.first_day <= query.date_to:
            listed.append(period.code)
            period = Period.containing(period.last_day + dt.timedelta(days=1), dimension.granularity)
    else:
        listed = list(dimension.categories)
    return (*listed, *sorted(seen - set(listed)))


def protect_table(table: CountTable, rule: DisclosureRule) -> ProtectedTable:
    """The table as it may leave the app: small cells and what would reveal them suppressed."""
    return protect(table.query.dimensions, table.categories, table.counts, rule, table.households,
                   table.households_cap)


# ---------------------------------------------------------------- Eurostat return statistics

#: The dimensions of the protected publication table of returns following an order to leave.
EUROSTAT_DIMENSIONS = ("citizenship", "sex", "age_class")


def eurostat_returns(session: Session, actor: Actor | None, year: int, *,
                     households_cap: int = DEFAULT_MIN_CELL) -> CountTable:
    """Third-country nationals returned following an order to leave in ``year``, by citizenship, sex and
    age class (exact: protect it before it leaves the office; the transmission file is ``services.statistics.eurostat``)."""
    return count(session, actor, StatisticsQuery("ordered_returns", EUROSTAT_DIMENSIONS, dt.date(year, 1, 1),
                                                 dt.date(year, 12, 31)), households_cap=households_cap)


def dimension_label(name: str) -> str:
    """The translated name of a dimension (or the name itself when it is not one of ours)."""
    dimension = DIMENSIONS.get(name)
    return _(dimension.label) if dimension else name


def measure_label(name: str) -> str:
    """The translated name of a measure."""
    return _(MEASURES[name].label)



def export_notes(query: StatisticsQuery, rule: DisclosureRule, today: dt.date) -> list[tuple[str, str]]:
    """(label, text) lines that travel with an exported table: what, when, filters, protection."""
    from avrcase.i18n.format import document_date  # Babel: a CSV table has no notes (#14)

    return [
        (_("Measure"), measure_label(query.measure)),
        (_("Period"), _("%(start)s to %(end)s (both days included)") % {
            "start": document_date(query.date_from), "end": document_date(query.date_to)}),
        (_("Dimensions"), ", ".join(dimension_label(d) for d in query.dimensions)),
        (_("Filters"), _("project: %(name)s") % {"name": query.project} if query.project is not None else _("none")),
        (_("Disclosure rule"), rule.describe()),
        (_("Produced on"), document_date(today)),
    ]
