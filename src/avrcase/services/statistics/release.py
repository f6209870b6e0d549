"""Release-level disclosure control: tables published together are protected together, and registered.

A *release* is what leaves the office at one time: one CLI table, the tables of a PDF report, the
dashboard's exports. Its tables are protected one by one (``domain.disclosure``), then together with
every table of the same measure that the release register says was published for an overlapping period
(``domain.release``: linked suppression checked by integer programming). The release is then written to
the register in the same transaction, so the next release is protected against this one.

Protected tables cover whole months only (a month, a quarter, a year or a run of whole months):
two periods that differ by a few days would otherwise give those days' departures away.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from avrcase.domain.disclosure import (
    DEFAULT_MIN_CELL,
    CellStatus,
    DisclosureRule,
    ProtectedTable,
    household_margins,
    sensitive,
    with_margins,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.periods import Granularity, Period
from avrcase.domain.release import (
    MONTH,
    PERIOD_DIMENSIONS,
    PROJECT,
    SUBSET,
    LinkedTable,
    protect_linked,
)
from avrcase.i18n import _
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics.counts import CountTable, StatisticsQuery
from avrcase.services.statistics.measures import WIDER
from avrcase.store.models import StatisticsRelease

METHOD = "linked-suppression"


def is_release_period(date_from: dt.date, date_to: dt.date) -> bool:
    """True when the period starts on the first day of a month and ends on the last day of one."""
    last = Period.containing(date_to, Granularity.MONTH).last_day
    return date_from.day == 1 and date_to == last and date_from <= date_to


#: The longest period a protected table covers. Every later release is protected month by month against the
#: releases it overlaps: one table of 1900–2100 made each later ``avrcase stats`` take 20–50 s on 300 cases.
MAX_RELEASE_YEARS = 20


def check_release_period(date_from: dt.date, date_to: dt.date, today: dt.date | None = None) -> None:
    """Refuse a period that is not whole months, longer than ``MAX_RELEASE_YEARS``, or (given the office's
    ``today``) ending after this year (protected tables only; staff screens keep any period)."""
    values = {"start": date_from.isoformat(), "end": date_to.isoformat()}
    if not is_release_period(date_from, date_to):
        raise ValidationError({"date_from": _(
            "Protected tables cover whole months: start on the first day of a month and end on the last "
            "day of one (e.g. 2025-01-01 to 2025-03-31), not %(start)s to %(end)s.") % values})
    if (date_to.year - date_from.year) * 12 + date_to.month - date_from.month >= MAX_RELEASE_YEARS * 12:
        raise ValidationError({"date_from": _(
            "A protected table covers at most %(years)d years; %(start)s to %(end)s is longer. Publish it in "
            "parts (a year or a decade each).") % {**values, "years": MAX_RELEASE_YEARS}})
    if today is not None and date_to.year > today.year:
        raise ValidationError({"date_to": _(
            "The period ends on %(end)s, after this year: nothing can have happened yet in those months. End it "
            "by %(last)s.") % {**values, "last": dt.date(today.year, 12, 31).isoformat()}})


def months_of(date_from: dt.date, date_to: dt.date) -> frozenset[str]:
    """The ``YYYY-MM`` codes of every month from ``date_from`` to ``date_to``."""
    months, period = [], Period.containing(date_from, Granularity.MONTH)
    while period.first_day <= date_to:
        months.append(period.code)
        period = Period.containing(period.last_day + dt.timedelta(days=1), Granularity.MONTH)
    return frozenset(months)


@dataclass(frozen=True)
class ReleasedTable:
    """A table of a release, protected with all the others, ready to be written."""

    table: CountTable
    protected: ProtectedTable
    title: str


#: What the register says of an earlier table that decides how a new one is protected against it (``_earlier``).
_PROTECTING = (StatisticsRelease.measure, StatisticsRelease.dimensions, StatisticsRelease.date_from,
               StatisticsRelease.date_to, StatisticsRelease.project, StatisticsRelease.min_cell, StatisticsRelease.round5,
               StatisticsRelease.categories, StatisticsRelease.hidden, StatisticsRelease.figures)
#: Register rows alike in these are one table published more than once (``_register``).
_ALIKE = _PROTECTING


def _register(session: Session, measures: Sequence[str], first: dt.date, last: dt.date) -> list[Row]:
    """The register's tables of ``measures`` (a measure and those narrower) linked to ``first``–``last`` (of dimensions still known): those
    overlapping it, and those overlapping them, and so on; of tables published alike more than once, the first.

    A chain gives figures away as well: with 2025 by month published, then December–February as one figure, a new
    table of January and February by month pins December (February's table less January and February), and with
    it what the 2025 table hid beside December, though the 2025 table does not overlap the new one. Calendar months,
    quarters and years nest, so their chains end in the same year.

    A table published again alike (the same figures shown and hidden over the same period and categories, with the
    same rule) gives the intruder nothing new: it is compared once, as its first release, which a refusal names (#14:
    an office publishing the same table for years made each release compare it with every earlier one).
    """
    found: dict[int, Row] = {}
    while True:
        register = select(StatisticsRelease.id, func.min(StatisticsRelease.id).over(partition_by=_ALIKE).label("first"),
                          StatisticsRelease.title, StatisticsRelease.released_at, *_PROTECTING).where(
            StatisticsRelease.measure.in_(measures), StatisticsRelease.method == METHOD,
            StatisticsRelease.date_from <= last, StatisticsRelease.date_to >= first).subquery("register")
        rows = [row for row in session.execute(select(*(c for c in register.c if c.key != "first")).where(
            register.c.id == register.c.first)) if row.id not in found]  # alike rows have the same period too
        if not rows:
            break
        found.update((row.id, row) for row in rows)
        wider = min(first, *(r.date_from for r in rows)), max(last, *(r.date_to for r in rows))
        if wider == (first, last):  # asked again, the register would give the same tables
            break
        first, last = wider
    return [row for _id, row in sorted(found.items()) if all(d in statistics.DIMENSIONS for d in row.dimensions.split(","))]


def _earlier(session: Session, actor: Actor | None, rows: Sequence[Row], units: CountTable) -> list[LinkedTable]:
    """The earlier releases ``rows`` with their figures as they stand today, taken from ``units`` (the count by
    month and every dimension the linked tables use, ``_protect_measure``) rather than each counted again."""
    linked, zone = [], clock_of(session).zone  # an earlier release is named by its title and day
    today: dict[StatisticsQuery, tuple[CountTable, dict, dict | None]] = {}  # tables of one query published unalike
    for row in rows:
        dims = tuple(row.dimensions.split(","))
        query = StatisticsQuery(row.measure, dims, row.date_from, row.date_to, row.project)
        narrower = row.measure != units.query.measure  # ordered returns: the returnees counted in them too
        if query not in today:
            # A table registered before releases covered whole months only is counted over its own days.
            table = statistics.part_of(_in_subset(units) if narrower else units, query) if is_release_period(
                row.date_from, row.date_to) else statistics.count(session, actor, query, households_cap=units.households_cap)
            today[query] = (table, with_margins(table.categories, table.counts), None if table.households is None
                            else household_margins(table.categories, table.households, table.households_cap))
        table, entries, cases = today[query]
        rule = DisclosureRule(row.min_cell, row.round5)
        hidden = {tuple(key) for key in json.loads(row.hidden)}
        # A figure that became small since (a late-recorded departure) is treated as hidden: the
        # register keeps the pattern, not the numbers, and nothing small is ever used as shown.
        hidden.update(sensitive(entries, rule.min_cell, cases))
        status = {key: CellStatus.SECONDARY if key in hidden else CellStatus.SHOWN for key in entries}
        protected = ProtectedTable(dims, table.categories, entries, status, rule)
        linked.append(LinkedTable(protected, months_of(row.date_from, row.date_to), row.project, published=True,
                                  label=_ReleaseName(row.title, row.released_at.astimezone(zone).date()),
                                  subset=narrower,
                                  shown_then=shown_figures(row)))
    return linked


@dataclass(frozen=True)
class _ReleaseName:
    """An earlier release as a message names it: its title and the day it was released, in the person's words."""

    title: str
    day: dt.date

    def __str__(self) -> str:
        from avrcase.i18n.format import format_date  # Babel only when a message says it (#14)

        return f"“{self.title}” ({format_date(self.day)})"


def shown_figures(row: StatisticsRelease | Row) -> dict[tuple[str, ...], int] | None:
    """The figures a registered table showed, by key (``None`` when registered before they were kept, 0026)."""
    if row.figures is None:
        return None
    dims, categories = row.dimensions.split(","), json.loads(row.categories)
    keys = ProtectedTable(tuple(dims), tuple(tuple(c) for c in categories), {}, {}, DisclosureRule(row.min_cell)).keys()
    return {key: value for key, value in zip(keys, json.loads(row.figures), strict=True) if value is not None}


def _in_subset(units: CountTable) -> CountTable:
    """The units of ``units`` (counted by ``SUBSET`` among other attributes) that the narrower measure counts."""
    at = units.query.dimensions.index(SUBSET)
    counts = {key: n for key, n in units.counts.items() if key[at] == "1"}
    households = None if units.households is None else {k: v for k, v in units.households.items() if k[at] == "1"}
    return replace(units, counts=counts, households=households)


def _too_few_cases_kept(table: CountTable, k: int) -> bool:
    """True when ``table`` keeps the cases behind its cells below a smaller number than ``k`` (counted for
    another minimum cell): protecting it with ``k`` needs it counted again."""
    return table.households is not None and table.households_cap < k


#: ``session.info`` key: the tables by month ``count_for_release`` counted in this unit of work, by query.
_COUNTED = "avrcase.statistics.counted_by_month"


def count_for_release(session: Session, actor: Actor | None, query: StatisticsQuery,
                      min_cell: int = DEFAULT_MIN_CELL) -> CountTable:
    """``counts.count(query)`` for a table released in this unit of work (``protect_release``) with
    ``min_cell``.

    Protecting it counts the same units by month as well (``_protect_measure``). That finer table is counted
    here once and kept for it in the unit of work, and this one is summed out of it: one count, not two (#14).
    """
    if query.project is not None or any(d in PERIOD_DIMENSIONS or d == PROJECT for d in query.dimensions):
        return statistics.count(session, actor, query, households_cap=min_cell)
    wide = WIDER.get(query.measure, query.measure)  # nested measures are protected counted as one (the wider)
    nested = (SUBSET,) if wide != query.measure or wide in WIDER.values() else ()
    fine = statistics.count(session, actor, replace(query, measure=wide, dimensions=(MONTH, *query.dimensions, *nested)),
                            households_cap=min_cell)
    session.info.setdefault(_COUNTED, {})[fine.query] = fine
    return replace(statistics.marginal(_in_subset(fine) if wide != query.measure else fine, query.dimensions),
                   query=query)


def _protect_measure(session: Session, actor: Actor | None, tables: Sequence[CountTable],
                     rule: DisclosureRule, labels: Sequence[str]) -> list[ProtectedTable]:
    measure = WIDER.get(tables[0].query.measure, tables[0].query.measure)
    family = [measure, *(narrow for narrow, wide in WIDER.items() if wide == measure)]
    new = [LinkedTable(statistics.protect_table(t, rule), months_of(t.query.date_from, t.query.date_to),
                       t.query.project, label=label, subset=t.query.measure != measure)
           for t, label in zip(tables, labels, strict=True)]
    rows = _register(session, family, min(t.query.date_from for t in tables), max(t.query.date_to for t in tables))
    first = Period.containing(min([*(t.query.date_from for t in tables), *(r.date_from for r in rows)]),
                              Granularity.MONTH).first_day
    last = Period.containing(max([*(t.query.date_to for t in tables), *(r.date_to for r in rows)]),
                             Granularity.MONTH).last_day
    dims: list[str] = []
    for names in [row.dimensions.split(",") for row in rows] + [list(t.query.dimensions) for t in tables]:
        dims += [d for d in names if d not in PERIOD_DIMENSIONS and d not in dims]
    if any(row.project is not None for row in rows) or any(t.project is not None for t in new):
        dims += [] if PROJECT in dims else [PROJECT]
    # With a narrower measure (ordered returns among returnees), each unit says whether it counts in that one too.
    attributes = (MONTH, *dims, *((SUBSET,) if len(family) > 1 else ()))
    by_month = StatisticsQuery(measure, attributes, first, last)
    # The cases behind each figure are needed up to every k; one count serves every linked release (#21).
    cap = max([rule.min_cell, *(row.min_cell for row in rows)])
    units = session.info.get(_COUNTED, {}).get(by_month)
    if units is None or _too_few_cases_kept(units, cap):
        units = statistics.count(session, actor, by_month, households_cap=cap)
    earlier = _earlier(session, actor, rows, units)
    # The intruder knows every project there is (the dashboard lists them): tables of each leave none over.
    projects = frozenset(statistics.list_projects(session, actor)) if PROJECT in dims else None
    protected = protect_linked([*earlier, *new], units.counts, attributes, units.households, units.households_cap,
                               projects)
    return [t.table for t in protected[len(earlier):]]


def protect_release(session: Session, actor: Actor | None, tables: Sequence[CountTable], rule: DisclosureRule,
                    *, kind: str, titles: Sequence[str]) -> list[ReleasedTable]:
    """Protect ``tables`` together (and against earlier releases) and enter them in the release register."""
    require(actor, Permission.STATISTICS_VIEW)
    today = clock_of(session).today()
    for table in tables:
        check_release_period(table.query.date_from, table.query.date_to, today)
    by_measure: dict[str, list[int]] = defaultdict(list)  # a narrower measure's tables with the wider one's
    for i, table in enumerate(tables):
        by_measure[WIDER.get(table.query.measure, table.query.measure)].append(i)
    protected: dict[int, ProtectedTable] = {}
    for indices in by_measure.values():
        result = _protect_measure(session, actor, [tables[i] for i in indices], rule, [titles[i] for i in indices])
        protected.update(zip(indices, result, strict=True))
    release = str(uuid.uuid4())
    for i, table in enumerate(tables):
        register(session, actor, release, kind, titles[i], table.query, protected[i])
    return [ReleasedTable(t, protected[i], titles[i]) for i, t in enumerate(tables)]


def register(session: Session, actor: Actor | None, release: str, kind: str, title: str, query: StatisticsQuery,
             table: ProtectedTable | None, *, method: str = METHOD, seed: str | None = None,
             min_cell: int | None = None, figures: object = None) -> None:
    """Enter one table (or a record-level file, ``table`` None, protected with ``min_cell``: its k, showing
    ``figures``: its rows by month) in the release register, with the figures it shows (``figures`` column)."""
    require(actor, Permission.STATISTICS_VIEW)
    assert actor is not None
    rule = table.rule if table is not None else DisclosureRule(min_cell or DisclosureRule().min_cell)
    hidden = sorted(list(k) for k, s in table.status.items() if s is not CellStatus.SHOWN) if table else []
    shown = [table.entries[k] if table.status[k] is CellStatus.SHOWN else None for k in table.keys()] if table else None
    session.add(StatisticsRelease(
        release=release, released_at=clock_of(session).now(), released_by=actor.username, kind=kind, title=title[:200], measure=query.measure,
        dimensions=",".join(query.dimensions), date_from=query.date_from, date_to=query.date_to,
        project=query.project, method=method, min_cell=rule.min_cell, round5=rule.round5, seed=seed,
        categories=json.dumps([list(c) for c in table.categories] if table else []), hidden=json.dumps(hidden),
        figures=json.dumps(shown if figures is None else figures, separators=(",", ":"))))
    session.flush()
