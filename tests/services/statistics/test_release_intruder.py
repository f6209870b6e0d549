"""The intruder test: every table set the app publishes together is attacked with integer programming.

A generated store publishes, in one release period, the dashboard report and a series of single tables
(the same people by citizenship and sex, by citizenship and age, by month, by quarter, over eleven
months of the year, for one project). The intruder reads every published figure from the release
register (the suppression pattern) and the counts, knows every category, that counts are whole and
never negative, and bounds every hidden figure — and every figure of a published table's dimensions over
a part of its period that another period lets them difference — with scipy's ``milp``. A figure
counting 1 to 4 must never be bounded inside 1..4, and a figure of people from 1 to 4 households (cases,
read here unit by unit) never shown nor pinned exactly.

The intruder here is written apart from ``domain.release`` (which the app protects with), so a
mistake in one is not repeated in the other.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_array
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import TOTAL, DisclosureRule
from avrcase.domain.periods import Granularity, month_code_to
from avrcase.services.accounts import users
from avrcase.services.demo.generate import generate_demo
from avrcase.services.dto import Actor
from avrcase.services.permissions import SYSTEM
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import dashboard
from avrcase.services.statistics import report as statistics_report
from avrcase.services.statistics.counts import StatisticsQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import StatisticsRelease

YEAR = 2025
YEAR_DAYS = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
K = 5
PERIODS = {"month": Granularity.MONTH, "quarter": Granularity.QUARTER, "year": Granularity.YEAR}


def months_between(first: dt.date, last: dt.date) -> list[str]:
    return [f"{y}-{m:02d}" for y in range(first.year, last.year + 1) for m in range(1, 13)
            if (first.year, first.month) <= (y, m) <= (last.year, last.month)]


class Intruder:
    """Everything published for one measure, as linear constraints over the finest table."""

    def __init__(self, session, actor, measure: str, releases: list[StatisticsRelease]):
        self.releases = releases
        dims: list[str] = []
        for r in releases:
            dims += [d for d in r.dimensions.split(",") if d not in PERIODS and d not in dims]
        self.project = any(r.project is not None for r in releases)
        months = sorted({m for r in releases for m in months_between(r.date_from, r.date_to)})
        attrs = ["month", *dims, *(["project"] if self.project else [])]
        query = StatisticsQuery(measure, tuple(attrs), dt.date.fromisoformat(months[0] + "-01"),
                                max(YEAR_DAYS[1], *(r.date_to for r in releases)))
        truth = statistics.count(session, actor, query)
        filters = {r.project for r in releases if r.project is not None}
        universe = [months]
        for d in dims:
            cats = {c for r in releases for dim, cs in zip(r.dimensions.split(","), json.loads(r.categories), strict=True)
                    if dim == d for c in cs} | {key[attrs.index(d)] for key in truth.counts}
            universe.append(sorted(cats))
        # The intruder knows every project there is (the dashboard lists them): with a table of each, none is over.
        every_project = set(dashboard.list_projects(session, actor)) <= filters and all(
            key[-1] in filters for key in truth.counts)
        if self.project:
            universe.append(sorted(filters) + ([] if every_project else ["<other>"]))
        self.attrs, self.vars = attrs, list(itertools.product(*universe))
        index = {v: i for i, v in enumerate(self.vars)}
        self.truth = np.zeros(len(self.vars))
        for key, n in truth.counts.items():
            if self.project:
                key = (*key[:-1], key[-1] if key[-1] in filters else "<other>")
            self.truth[index[key]] += n
        # The case (household) of every unit, read unit by unit: a figure's contributors are its distinct cases.
        self.cases: list[set[int]] = [set() for _ in self.vars]
        for _person, case_id, key in statistics.unit_rows(session, actor, query):
            if self.project:
                key = (*key[:-1], key[-1] if key[-1] in filters else "<other>")
            self.cases[index[key]].add(case_id)
        self.shown_rows, self.low, self.high, self.hidden = [], [], [], []
        self.atoms: dict[tuple[bool, ...], set[str]] = {}
        for m in months:
            self.atoms.setdefault(tuple(m in months_between(r.date_from, r.date_to) for r in releases), set()).add(m)
        self._merge_alike()
        for r in releases:
            hidden = {tuple(k) for k in json.loads(r.hidden)}
            for key, members in self.cells(r).items():
                value = self.truth[members].sum()
                if key in hidden:
                    self.hidden.append((r, key, members))
                else:
                    assert not 1 <= value < r.min_cell, f"a small figure was shown: {r.title} {key}"
                    assert not 1 <= self.households(members) < r.min_cell, f"a figure of few households was shown: {r.title} {key}"
                    low, high = (value, value) if not r.round5 else (max(5 * ((value + 2) // 5) - 2, 0), 5 * ((value + 2) // 5) + 2)
                    self.shown_rows.append(members)
                    self.low.append(low)
                    self.high.append(high)

    def _merge_alike(self) -> None:
        """One unknown for all combinations every figure counts alike (exact: the bounds do not change)."""
        self.merged = np.arange(len(self.vars))
        signature: list[list[object]] = [[] for _ in self.vars]
        atom = {m: i for i, ms in enumerate(self.atoms.values()) for m in ms}
        for cell, members in enumerate(m for r in self.releases for m in self.cells(r).values()):
            for u in members:
                signature[u].append(cell)
        groups: dict[tuple[object, ...], int] = {}
        self.merged = np.asarray([groups.setdefault((tuple(sig), atom[v[0]], v[-1] if self.project else None), len(groups))
                                  for sig, v in zip(signature, self.vars, strict=True)])
        self.truth = np.bincount(self.merged, weights=self.truth, minlength=len(groups))
        self.size = len(groups)
        self.group_cases: list[set[int]] = [set() for _ in range(self.size)]
        for v, g in enumerate(self.merged):
            self.group_cases[g] |= self.cases[v]

    def households(self, members) -> int:
        return len(set().union(*(self.group_cases[g] for g in members)))

    def cells(self, r: StatisticsRelease, months: set[str] | None = None, project: str | None = None) -> dict:
        dims = r.dimensions.split(",")
        cats = [[*c, TOTAL] for c in json.loads(r.categories)]
        period = set(months_between(r.date_from, r.date_to)) if months is None else months
        cells: dict[tuple[str, ...], list[int]] = {key: [] for key in itertools.product(*cats)}
        for i, v in enumerate(self.vars):
            if v[0] not in period or (r.project is not None and v[-1] != r.project):
                continue
            if project is not None and v[-1] != project:
                continue
            codes = [month_code_to(v[0], PERIODS[d]) if d in PERIODS else v[self.attrs.index(d)] for d in dims]
            for mask in itertools.product((False, True), repeat=len(dims)):
                key = tuple(TOTAL if m else c for c, m in zip(codes, mask, strict=True))
                if key in cells:
                    cells[key].append(i)
        return {k: np.unique(self.merged[np.asarray(m, dtype=int)]) for k, m in cells.items()}

    @functools.cached_property
    def shown(self) -> LinearConstraint:
        """Every shown figure: its sum lies between what it shows (the same for every figure bounded)."""
        a = lil_array((len(self.shown_rows), self.size))
        for row, m in enumerate(self.shown_rows):
            a[row, m] = 1
        return LinearConstraint(a.tocsr(), self.low, self.high)

    def bounds(self, members, both: bool = False) -> tuple[float, float]:
        n = self.size
        c = np.zeros(n)
        c[members] = 1
        out = []
        for sign in (-1, 1):  # the largest first: a figure that can reach k needs no smallest
            res = milp(sign * c, constraints=[self.shown], integrality=np.ones(n), bounds=Bounds(0, np.inf))
            assert res.status in (0, 3), res.message
            out.append(np.inf if res.status == 3 else sign * res.fun)
            if out[0] >= K and not both:
                return 0, out[0]
        return out[1], out[0]

    def exposed(self, *, first: bool = False) -> list[str]:
        """Every small figure (hidden, or derived by differencing two periods) bounded inside 1..k-1, and every
        figure of 1 to k-1 households pinned exactly (``first``: only the first one found)."""
        targets = [(f"{r.title} {key}", members, r.min_cell) for r, key, members in self.hidden]
        atoms = self.atoms
        projects = sorted({v[-1] for v in self.vars}) if self.project else [None]
        for r in self.releases:
            for atom in atoms.values():
                for project in projects if r.project is None else [None]:
                    for key, members in self.cells(r, atom, project).items():
                        if 1 <= min(self.truth[members].sum(), self.households(members)) < r.min_cell:
                            targets.append((f"{r.title} {key} over {min(atom)}.. {project or ''}", members, r.min_cell))
        found, seen = [], set()
        for label, members, k in targets:
            value = self.truth[members].sum()
            if frozenset(members.tolist()) in seen or not 1 <= min(value, self.households(members)) < k:
                continue
            seen.add(frozenset(members.tolist()))
            low, high = self.bounds(members, both=value >= k)
            if low >= 1 and (high <= k - 1 or low == high):
                found.append(f"{label}: {value:g} ({self.households(members)} households) bounded to [{low:g}, {high:g}]")
                if first:
                    break
        return found


def publish_series(engine, manager, tmp_path):
    """What a manager can publish in one release period: the report, then one table after another."""
    rule = DisclosureRule(K)
    with unit_of_work(engine) as session:
        snap = dashboard.compute_dashboard(session, manager, dashboard.DashboardQuery(*YEAR_DAYS))
        statistics_report.dashboard_report_pdf(session, manager, snap, rule)
    with unit_of_work(engine, write=False) as session:
        project = dashboard.list_projects(session, manager)[0]
    series = [
        ("returnees", ("citizenship", "sex"), YEAR_DAYS, None),
        ("returnees", ("citizenship", "age_class"), YEAR_DAYS, None),
        ("returnees", ("citizenship", "quarter"), YEAR_DAYS, None),
        ("returnees", ("citizenship",), (dt.date(YEAR, 1, 1), dt.date(YEAR, 11, 30)), None),
        ("returnees", ("sex", "age_class"), (dt.date(YEAR, 4, 1), dt.date(YEAR, 6, 30)), None),
        ("returns", ("country_of_return", "quarter"), YEAR_DAYS, None),
        ("returns", ("country_of_return",), YEAR_DAYS, project),
    ]
    for n, (measure, dims, (first, last), proj) in enumerate(series):
        with unit_of_work(engine) as session:
            table = statistics.count(session, manager, StatisticsQuery(measure, dims, first, last, proj))
            statistics_report.write_table(session, manager, table, rule, tmp_path / f"t{n}.csv", "csv", f"t{n}")
    # The protected table for publication of returns following an order to leave (`stats --eurostat --publish`).
    with unit_of_work(engine) as session:
        table = statistics.eurostat_returns(session, manager, YEAR)
        statistics_report.write_table(session, manager, table, rule, tmp_path / "eurostat.csv", "csv", "eurostat",
                                      kind="eurostat")


def demo_year(engine, store_templates) -> None:
    """The generated store the tests here publish from (generated once per run, copied after)."""
    def build(eng):
        with unit_of_work(eng) as session:
            generate_demo(session, cases=400, seed=7, today=dt.date(2026, 3, 15), actor=SYSTEM)

    store_templates.fill(engine, "release demo", build)


def demo_2026(engine, store_templates) -> None:
    """The demo store ``avrcase demo --cases 200`` makes on 7 December 2026 (generated once per run, copied after)."""
    def build(eng):
        with unit_of_work(eng) as session:
            generate_demo(session, cases=200, seed=1, today=dt.date(2026, 12, 7), actor=SYSTEM)

    store_templates.fill(engine, "release demo 2026", build)


def published_year(engine, store_templates, actor_as, tmp_path) -> Actor:
    """``demo_year`` with ``publish_series`` published by the manager ``head-of-office`` (once per run, copied
    after), who is returned."""
    def build(eng):
        demo_year(eng, store_templates)
        publish_series(eng, actor_as(StaffRole.MANAGER, "head-of-office"), tmp_path)

    store_templates.fill(engine, "release demo published", build)
    with unit_of_work(engine, write=False) as session:
        return users.get_actor(session, "head-of-office")


def test_no_small_figure_of_a_release_can_be_bounded(engine, actor_as, store_templates, tmp_path):
    manager = published_year(engine, store_templates, actor_as, tmp_path)
    with unit_of_work(engine, write=False) as session:
        releases = list(session.scalars(select(StatisticsRelease).order_by(StatisticsRelease.id)))
        assert len(releases) == 6 + 7 + 1
        eurostat_release = releases[-1]
        assert eurostat_release.measure == "ordered_returns" and json.loads(eurostat_release.hidden)  # it had to hide
        exposed = []
        for measure in ("returns", "returnees", "cases", "ordered_returns"):
            mine = [r for r in releases if r.measure == measure]
            exposed += Intruder(session, manager, measure, mine).exposed()
    assert exposed == []


def test_without_linking_the_same_series_gives_people_away(engine, actor_as, store_templates, tmp_path, monkeypatch):
    """The intruder is not toothless: tables protected one by one (as before) are attacked successfully."""
    from avrcase.services.statistics import release as statistics_release

    monkeypatch.setattr(statistics_release, "protect_linked", lambda tables, *_model: list(tables))
    demo_year(engine, store_templates)
    manager = actor_as(StaffRole.MANAGER, "head-of-office")
    publish_series(engine, manager, tmp_path)
    with unit_of_work(engine, write=False) as session:
        releases = [r for r in session.scalars(select(StatisticsRelease)) if r.measure == "returnees"]
        assert Intruder(session, manager, "returnees", releases).exposed(first=True)
