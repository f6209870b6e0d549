"""Disclosure control over every table published together: an intruder's integer programme and linked suppression.

Tables of one measure published in one release (a PDF report, a dashboard export, a series of CLI calls whose periods
overlap what the release register says already left the office) are all sums over one hidden table: the counted units by
month and by every dimension any of the tables uses. An intruder who reads them all knows each shown figure (exactly, or
to within ±2 when rounded to 5), knows that shown figures are never 1 to k−1, and that counts are whole numbers from 0
up. Integer programming (HiGHS, called through ``highspy``'s compiled module with the options scipy's ``milp`` and
``linprog`` used before, so a frozen app carries HiGHS alone, without scipy or numpy) gives the smallest and largest
value each hidden figure can then take.

A hidden figure that counts 1 to k−1 is *exposed* when both bounds fall inside 1..k−1: it is pinned, or known to be
small and not zero. A count of persons or events has the case (household) as its contributor (``domain.households``): a
figure, hidden or derivable over part of a period, whose units come from fewer than k cases is exposed too when the
shown figures pin it exactly. :func:`protect_linked` hides further figures of the new tables (each in a hypercube of its
own table, as for one table) until no hidden figure of any linked table is exposed. Tables published earlier are never
changed: they are what the intruder has. An earlier table's figure that changed since it was shown (a departure recorded
late) is not one of today's figures: its change is protected as a figure of its own (``domain.revisions``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from avrcase.domain.disclosure import (
    TOTAL,
    CellStatus,
    ProtectedTable,
    hiding_cost,
    round_to_5,
    suppress_more,
)
from avrcase.domain.errors import AvrcaseError
from avrcase.domain.exposure import Exposure, Target
from avrcase.domain.feasible import Point, feasible, integral, settles, zero_points
from avrcase.domain import revisions
from avrcase.domain.households import Households, fold, fold_others
from avrcase.domain.households import count as count_cases
from avrcase.domain.highs import SOLVE_SECONDS as _SOLVE_SECONDS  # noqa: F401 - read by the solver tests
from avrcase.domain.highs import Rows as _Rows
from avrcase.domain.highs import hs
from avrcase.domain.highs import objective as _objective
from avrcase.domain.highs import solve as _highs  # looked up here at each call, so a test can swap the solver
from avrcase.domain.periods import Granularity, month_code_to
from avrcase.i18n import _

#: Dimensions whose categories are periods, derived from the month of the event.
PERIOD_DIMENSIONS: Mapping[str, Granularity] = {
    "month": Granularity.MONTH, "quarter": Granularity.QUARTER, "year": Granularity.YEAR}
MONTH, PROJECT = "month", "project"
#: Whether a unit counts in a narrower measure too ("1": ordered returns are returnees; a table of each by the same
#: dimension gives the returnees not ordered to leave by difference) or not ("0").
SUBSET = "subset"
#: The intruder's table has one unknown per combination of categories up to this many; above it, one
#: per combination that occurs (a stronger intruder, who knows which combinations are empty).
FULL_PRODUCT_LIMIT = 60_000
_OTHER = "\x00other"


def __getattr__(name: str) -> Any:
    """``release.highspy`` is HiGHS's compiled module, loaded when first asked for."""
    if name == "highspy":
        return hs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ReleaseConflict(AvrcaseError):
    """The tables cannot be published together with what was published before without exposing a figure."""


@dataclass(frozen=True)
class LinkedTable:
    """A protected table with what it covers: the months of its period and its project filter."""

    table: ProtectedTable
    months: frozenset[str]
    project: str | None = None
    #: Already published (from the release register): its pattern of hidden figures cannot change.
    published: bool = False
    label: object = ""  #: a message names it by ``str()`` of this (worded only when said: no Babel for stats, #14)
    #: It counts only the units of the narrower measure (``SUBSET`` "1"): the ordered returns among returnees.
    subset: bool = False
    shown_then: Mapping[tuple[str, ...], int] | None = None  # published: the figures it showed (domain.revisions)


@dataclass
class IntruderModel:
    """The intruder's unknowns (one per combination of categories) and each table's figures as sums of them."""

    tables: list[LinkedTable]
    attributes: tuple[str, ...]
    unknowns: list[tuple[str, ...]]
    #: For each table, each key's unknowns (indices into ``unknowns``, ascending).
    rows: list[dict[tuple[str, ...], tuple[int, ...]]] = field(default_factory=list)
    #: The true count of each unknown.
    truth: list[int] = field(default_factory=list)
    #: For a count of persons or events: the cases behind each unknown (``domain.households``, up to ``cap``).
    cases: list[Households] | None = None
    cap: int = 0
    #: Whole-number points the shown figures allow, found by earlier solves (``domain.feasible``).
    points: list[Point] = field(default_factory=list)
    revised: list[Target] = field(default_factory=list)  # changes since earlier releases (domain.revisions)

    @classmethod
    def build(cls, tables: Sequence[LinkedTable], occurring: Mapping[tuple[str, ...], int],
              attributes: Sequence[str], households: Mapping[tuple[str, ...], Households] | None = None,
              cap: int = 0, projects: frozenset[str] | None = None) -> IntruderModel:
        """``occurring``: the counted units by ``attributes`` (``month`` first), as the store holds them;
        ``households``: for a count of persons or events, the cases behind each (ids while fewer than ``cap``);
        ``projects``: every project there is, known to the intruder: with a table for each, none is left over."""
        attributes = tuple(attributes)
        if households is not None and any(cap < t.table.rule.min_cell for t in tables):
            raise ValueError(f"households kept below {cap} cases cannot be protected with a larger k")
        filters = {t.project for t in tables if t.project is not None}
        universe: list[set[str]] = [set() for _ in attributes]
        for combo in occurring:
            for i, value in enumerate(combo):
                universe[i].add(value)
        for t in tables:
            universe[0] |= t.months
            for dim, cats in zip(t.table.dimensions, t.table.categories, strict=True):
                if dim in attributes:
                    universe[attributes.index(dim)] |= set(cats)
        if PROJECT in attributes:
            p = attributes.index(PROJECT)
            everyone_filtered = projects is not None and projects <= filters and all(
                combo[p] in filters for combo in occurring)
            universe[p] = filters if everyone_filtered else filters | {_OTHER}
            occurring, households = fold_others(occurring, households, p, filters, _OTHER, cap)
        if math.prod(len(u) for u in universe) <= FULL_PRODUCT_LIMIT:
            unknowns = list(itertools.product(*(sorted(u) for u in universe)))
        else:
            unknowns = sorted(occurring)
        model = cls(revisions.as_published(tables), attributes, unknowns)
        model.truth = [occurring.get(combo, 0) for combo in unknowns]
        if households is not None:
            model.cases, model.cap = [households.get(combo, frozenset()) for combo in unknowns], cap
        model.rows = [model._rows(t) for t in tables]
        model._merge()
        model.revised = revisions.targets(model)
        return model

    def _merge(self) -> None:
        """Make one unknown of the unknowns that every figure (and every part of a period or project)
        counts alike: a sum of whole numbers from 0 up is any whole number from 0 up, so the bounds are
        exactly the same, and the programmes get many times smaller."""
        n = len(self.unknowns)
        signature: list[list[int]] = [[] for _ in range(n)]
        cell = 0
        for rows in self.rows:
            for members in rows.values():
                for u in members:
                    signature[u].append(cell)
                cell += 1
        atom_of = {month: i for i, atom in enumerate(self._atoms()) for month in atom}
        project_at = self.attributes.index(PROJECT) if PROJECT in self.attributes else None
        subset_at = self.attributes.index(SUBSET) if SUBSET in self.attributes else None
        groups: dict[tuple[object, ...], int] = {}
        merged = [0] * n
        kept: list[tuple[str, ...]] = []
        for u, combo in enumerate(self.unknowns):
            key = (tuple(signature[u]), atom_of.get(combo[0]), combo[project_at] if project_at is not None else None,
                   combo[subset_at] if subset_at is not None else None)
            g = groups.setdefault(key, len(kept))
            if g == len(kept):
                kept.append(combo)
            merged[u] = g
        truth = [0] * len(kept)
        for u, g in enumerate(merged):
            truth[g] += self.truth[u]
        self.truth = truth
        if self.cases is not None:
            self.cases = fold(self.cases, merged, len(kept), self.cap)
        self.unknowns = kept
        self.rows = [{key: tuple(sorted({merged[u] for u in m})) for key, m in rows.items()} for rows in self.rows]

    def _rows(self, linked: LinkedTable) -> dict[tuple[str, ...], tuple[int, ...]]:
        """For each key of the table, the indices of the unknowns it sums."""
        table = linked.table
        index = {key: i for i, key in enumerate(table.keys())}
        members: list[list[int]] = [[] for _ in index]
        month_at = 0
        project_at = self.attributes.index(PROJECT) if PROJECT in self.attributes else None
        dims: list[tuple[int, Granularity | None]] = []
        for dim in table.dimensions:
            if dim in PERIOD_DIMENSIONS:
                dims.append((month_at, PERIOD_DIMENSIONS[dim]))
            else:
                dims.append((self.attributes.index(dim), None))
        by_codes: dict[tuple[str, ...], list[int]] = {}  # the unknowns of each inner cell, its margins added once
        for u, combo in enumerate(self.unknowns):
            if combo[month_at] not in linked.months:
                continue
            if linked.project is not None and combo[project_at] != linked.project:  # type: ignore[index]
                continue
            if linked.subset and combo[self.attributes.index(SUBSET)] != "1":
                continue
            by_codes.setdefault(tuple(month_code_to(combo[a], g) if g is not None else combo[a] for a, g in dims),
                                []).append(u)
        for codes, units in by_codes.items():
            for mask in itertools.product((False, True), repeat=len(codes)):
                i = index.get(tuple(TOTAL if m else c for c, m in zip(codes, mask, strict=True)))
                if i is not None:
                    members[i] += units
        return {key: tuple(sorted(members[i])) for key, i in index.items()}

    def targets(self) -> list[Target]:
        """Every figure to keep from being bounded: hidden figures of the tables, and the figures of each
        table's dimensions over a part of its period (or one project) that another table's period makes
        computable by differencing."""
        found: dict[frozenset[int], Target] = {}
        for t, linked in enumerate(self.tables):
            k = linked.table.rule.min_cell
            for key, status in linked.table.status.items():
                if status is not CellStatus.SHOWN:
                    members = self.rows[t][key]
                    found.setdefault(frozenset(members), Target(t, key, "", members, k))
        project_at = self.attributes.index(PROJECT) if PROJECT in self.attributes else None
        projects = sorted({combo[project_at] for combo in self.unknowns}) if project_at is not None else [None]
        subset_at = self.attributes.index(SUBSET) if SUBSET in self.attributes else None
        for t, linked in enumerate(self.tables):
            k = linked.table.rule.min_cell
            # A table of the wider measure: its figures split by the narrower one are had by difference too.
            subsets = [None, "0", "1"] if subset_at is not None and not linked.subset else [None]
            for atom in self._atoms():
                part = atom & linked.months
                if not part:
                    continue
                in_part = [combo[0] in part for combo in self.unknowns]
                for project, subset in itertools.product(projects if linked.project is None else [None], subsets):
                    if part == linked.months and project is None and subset is None:
                        continue  # the table's own figures
                    mask = [m and (project is None or combo[project_at] == project)  # type: ignore[index]
                            and (subset is None or combo[subset_at] == subset)  # type: ignore[index]
                            for m, combo in zip(in_part, self.unknowns, strict=True)]
                    label = " ".join(filter(None, (f"{min(part)}..{max(part)}", project, subset and f"{SUBSET}={subset}")))
                    for key, members in self.rows[t].items():
                        sub = tuple(u for u in members if mask[u])
                        value = sum(self.truth[u] for u in sub)
                        if value >= 1 and (value < k or self.contributors(sub) < k):
                            found.setdefault(frozenset(sub), Target(t, key, label, sub, k))
        return [*found.values(), *self.revised]

    def _atoms(self) -> list[frozenset[str]]:
        """The months grouped by which tables' periods contain them."""
        groups: dict[tuple[bool, ...], set[str]] = {}
        for month in set().union(*(t.months for t in self.tables)):
            groups.setdefault(tuple(month in t.months for t in self.tables), set()).add(month)
        return [frozenset(g) for g in groups.values()]

    def contributors(self, members: Sequence[int]) -> int:
        """How many contributors the figure summing ``members`` has: its units, or for a count of persons or
        events the distinct cases behind them (``cap`` when at least that many)."""
        if self.cases is None:
            return sum(self.truth[u] for u in members)
        return count_cases((self.cases[u] for u in members), self.cap)

    def exposures(self, only: Sequence[Target] | None = None) -> list[Exposure]:
        """The figures counting 1 to k−1 that the shown figures bound inside 1..k−1, and the figures drawn
        from 1 to k−1 cases that they pin exactly.

        A figure that a point the programme allows already settles (``domain.feasible``) is not solved for:
        the points come from one solve for many figures at once and from each figure's own solves.
        """
        a, low, high = self._constraints()
        targets = only if only is not None else self.targets()
        checks, revised = [], [t for t in targets if t.was is not None]  # changes since earlier releases
        for target in (t for t in targets if t.was is None):
            k = target.min_cell
            value = sum(self.truth[u] for u in target.members)
            if value >= 1 and (value < k or self.contributors(target.members) < k):
                checks.append((target, value, k if value < k else value + 1))
        points = [p for p in self.points if feasible(p, a, low, high)]
        open_targets = [(t.members, e) for t, _v, e in checks if not any(settles(p, t.members, e) for p in points)]
        points += zero_points(len(self.unknowns), list[tuple[Sequence[int], float]](open_targets), a, low, high, _highs)
        found = []
        for target, value, enough in checks:
            if any(settles(p, target.members, enough) for p in points):
                continue
            lo, hi = self.bounds(target.members, a, low, high, enough=enough, points=points)
            if lo >= 1 and (hi <= target.min_cell - 1 or lo == hi):
                found.append(Exposure(target, value, lo, hi))
        self.points = points
        return found + revisions.exposures(self, revised, a, low, high, _highs)

    def binding(self, target: Target) -> set[tuple[int, tuple[str, ...]]]:
        """The shown figures that hold the bounds of ``target`` (non-zero duals of the linear relaxation)."""
        a, low, high = self._constraints()
        keys = self._shown_keys()
        c = _objective(len(self.unknowns), target.members)
        m = a.rows
        # The shown figures as upper bounds only (a ≤ high, −a ≤ −low), as linprog's ``A_ub`` had them.
        a_ub = _Rows([*a.indptr[:-1], *(a.indptr[-1] + p for p in a.indptr)], [*a.indices, *a.indices],
                     [*a.values, *(-v for v in a.values)], 2 * m)
        b_ub = [*high, *(-x for x in low)]
        found: set[tuple[int, tuple[str, ...]]] = set()
        for sign in (1.0, -1.0):
            status, _fun, row_dual, *_values = _highs([sign * x for x in c], a_ub, [-math.inf] * (2 * m), b_ub,
                                                      integer=False)
            if status != 0 or row_dual is None:
                continue
            marginals = [abs(d) for d in row_dual]
            found.update(key for i, key in enumerate(keys) if marginals[i] + marginals[len(keys) + i] > 1e-9)
        return found

    def _shown_keys(self) -> list[tuple[int, tuple[str, ...]]]:
        return [(t, key) for t, linked in enumerate(self.tables) for key, status in linked.table.status.items()
                if status is CellStatus.SHOWN]

    def _constraints(self) -> tuple[_Rows, list[float], list[float]]:
        data: list[tuple[int, ...]] = []
        low: list[float] = []
        high: list[float] = []
        for t, linked in enumerate(self.tables):
            table = linked.table
            for key, status in table.status.items():
                if status is not CellStatus.SHOWN:
                    continue
                value = table.entries[key]
                shown = round_to_5(value) if table.rule.round5 else value  # within ±2 when rounded, else exact
                lo, hi = (max(shown - 2, table.rule.min_cell), shown + 2) if table.rule.round5 and shown else (shown, shown)
                data.append(self.rows[t][key])
                low.append(float(lo))
                high.append(float(hi))
        indptr = list(itertools.accumulate((len(r) for r in data), initial=0))
        indices = [u for r in data for u in r]
        a = _Rows(indptr, indices, [1.0] * len(indices), len(data))
        return a, low, high

    def bounds(self, members: Sequence[int], a: _Rows, low: Sequence[float], high: Sequence[float],
               enough: float = math.inf, points: list[Point] | None = None) -> tuple[float, float]:
        """Smallest and largest whole-number value of the sum of ``members`` given the shown figures.

        The largest is found first; when it reaches ``enough`` the smallest is not needed and is given as 0.
        ``points``: the solutions found are added to it, once checked (``domain.feasible``).
        """
        c = _objective(len(self.unknowns), members)

        def solve(sign: float) -> float:
            status, fun, _dual, *values = _highs([sign * x for x in c], a, low, high, integer=True)
            point = integral(values[0] if values else None)
            if points is not None and point is not None and feasible(point, a, low, high):
                points.append(point)
            if status == 3 or fun is None:  # unbounded (or no answer in time)
                return math.inf if sign < 0 else 0.0
            return float(round(sign * fun))

        high_bound = solve(-1.0)
        if high_bound >= enough:
            return 0.0, high_bound
        return solve(1.0), high_bound


def protect_linked(tables: Sequence[LinkedTable], occurring: Mapping[tuple[str, ...], int],
                   attributes: Sequence[str], households: Mapping[tuple[str, ...], Households] | None = None,
                   cap: int = 0, projects: frozenset[str] | None = None) -> list[LinkedTable]:
    """The tables with further figures of the new (unpublished) ones hidden until no hidden figure is exposed
    (``households``, ``cap``, ``projects``: as :meth:`IntruderModel.build`).

    Raises :class:`ReleaseConflict` when hiding every candidate figure is not enough.
    """
    current = revisions.hide_changes(revisions.as_published(tables))
    model = IntruderModel.build(current, occurring, attributes, households, cap, projects)
    pending = model.exposures()
    while pending:
        exposure = pending[0]
        best = _cheapest(current, model, model.binding(exposure.target))
        if best is None:  # no binding figure of a new table: try those that share units with the figure
            members = set(exposure.target.members)
            best = _cheapest(current, model, {
                (t, key) for t, linked in enumerate(current) for key, status in linked.table.status.items()
                if status is CellStatus.SHOWN and members.intersection(model.rows[t][key])})
        if best is None:
            if current[exposure.target.table].published and not exposure.target.part or revisions.old_news(model, exposure):
                pending.pop(0)  # given away by earlier releases alone; nothing new can take it back
                continue
            raise ReleaseConflict(revisions.conflict(current, exposure.target) if exposure.target.was else _(
                "These tables cannot be published together with the earlier releases of the same period "
                "without giving a small figure away; publish fewer tables or a longer period."))
        _cost, t, key = best
        current[t] = replace(current[t], table=suppress_more(current[t].table, [key]))
        model.tables = current
        pending = model.exposures([e.target for e in pending])
    return current


def _cheapest(tables: Sequence[LinkedTable], model: IntruderModel,
              candidates: set[tuple[int, tuple[str, ...]]]) -> tuple[float, int, tuple[str, ...]] | None:
    best: tuple[float, int, tuple[str, ...]] | None = None
    for t, key in sorted(candidates):
        linked = tables[t]
        if linked.published or linked.table.status[key] is not CellStatus.SHOWN:
            continue
        cost = hiding_cost(linked.table, key)
        if best is None or cost < best[0]:
            best = (cost, t, key)
    return best
