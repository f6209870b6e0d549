"""The release protection settles most figures from points it already found, and hides exactly the same."""

from __future__ import annotations

import pytest

from avrcase.domain import release
from avrcase.domain.release import IntruderModel, protect_linked
from tests.domain.test_release import ATTRIBUTES, YEAR, records, table

QUARTERS = [frozenset(sorted(YEAR)[3 * q:3 * q + 3]) for q in range(4)]


def register(seed: int, units: int):
    """An office's year: each quarter by citizenship × sex and by sex × age published, then the year by
    citizenship × sex × age class to be released."""
    occurring = records(seed, units)
    earlier = [table(occurring, dims, months, published=True)
               for months in QUARTERS for dims in (("citizenship", "sex"), ("sex", "age_class"))]
    return occurring, [*earlier, table(occurring, ("citizenship", "sex", "age_class"), YEAR)]


def every_figure_solved(monkeypatch):
    """The solver as the protection used it before: no point comes back, so each figure is solved for."""
    solve = release._highs
    calls = []

    def without_points(c, a, low, high, *, integer):
        calls.append(integer)
        status, fun, dual, *_values = solve(c, a, low, high, integer=integer)
        return status, fun, dual
    monkeypatch.setattr(release, "_highs", without_points)
    return calls


def counting(monkeypatch):
    solve = release._highs
    calls = []

    def counted(c, a, low, high, *, integer):
        calls.append(integer)
        return solve(c, a, low, high, integer=integer)
    monkeypatch.setattr(release, "_highs", counted)
    return calls


def first_exposures(monkeypatch) -> list[list[tuple]]:
    """What each protection's model finds exposed in the tables as they were given: ``protect_linked`` first
    builds the model ``IntruderModel.build(tables, occurring, attributes)`` builds and looks at every figure in it
    (``exposures()``), so that answer is kept rather than worked out again (hundreds of solves without points)."""
    found: list[list[tuple]] = []
    exposures = IntruderModel.exposures

    def recorded(self, only=None):
        result = exposures(self, only)
        if only is None:
            found.append([(e.target.key, e.target.part, e.low, e.high) for e in result])
        return result
    monkeypatch.setattr(IntruderModel, "exposures", recorded)
    return found


@pytest.mark.parametrize(("seed", "units"), [(1, 150), (2, 250)])
def test_the_points_hide_exactly_what_solving_every_figure_hides(seed, units, monkeypatch):
    occurring, tables = register(seed, units)
    found = first_exposures(monkeypatch)
    ours = protect_linked(tables, occurring, ATTRIBUTES)
    every_figure_solved(monkeypatch)
    theirs = protect_linked(tables, occurring, ATTRIBUTES)
    our_exposures, their_exposures = found  # each in the tables as given, with points and without
    assert [t.table.status for t in ours] == [t.table.status for t in theirs]
    assert our_exposures == their_exposures
    assert sum(t.table.suppressed for t in ours) > sum(t.table.suppressed for t in tables)  # it had work to do


def test_a_year_beside_its_published_quarters_needs_few_integer_programmes(monkeypatch):
    """Each of its 337 figures was solved for (316 integer programmes, 22 s); most are settled by a point
    another solve found."""
    occurring, tables = register(1, 250)
    model = IntruderModel.build(tables, occurring, ATTRIBUTES)
    assert len(model.targets()) > 300
    calls = counting(monkeypatch)
    protect_linked(tables, occurring, ATTRIBUTES)
    assert calls.count(True) <= 40
