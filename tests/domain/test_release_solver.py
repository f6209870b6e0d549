"""The release protection calls HiGHS through highspy; scipy (a test-only dependency) called the same solver
through ``milp`` and ``linprog`` before. Both must protect the same tables the same way."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from avrcase.domain import release
from avrcase.domain.release import IntruderModel, protect_linked
from tests.domain.test_release import ATTRIBUTES, JAN_TO_NOV, YEAR, records, table

scipy_optimize = pytest.importorskip("scipy.optimize")
scipy_sparse = pytest.importorskip("scipy.sparse")


def highs_version(core) -> tuple[int, int, int]:
    return (core.HIGHS_VERSION_MAJOR, core.HIGHS_VERSION_MINOR, core.HIGHS_VERSION_PATCH)


def _scipy_highs_version():
    from scipy.optimize._highspy import _core  # scipy's private copy of HiGHS

    return highs_version(_core)


same_highs = pytest.mark.skipif(
    highs_version(release.highspy) != _scipy_highs_version(),
    reason="scipy bundles another HiGHS than the pinned highspy: degenerate duals may differ")


def test_highspy_is_the_highs_of_the_pinned_version():
    assert highs_version(release.highspy) == (1, 12, 0)


def scipy_highs(c, a, row_lower, row_upper, *, integer):
    """What domain/release.py did up to 4 Dec 2026: scipy's milp for the bounds, linprog for the duals."""
    matrix = scipy_sparse.csr_array((a.values, a.indices, a.indptr), shape=(a.rows, len(c)))
    if integer:
        constraints = [scipy_optimize.LinearConstraint(matrix, row_lower, row_upper)] if a.rows else []
        res = scipy_optimize.milp(c, constraints=constraints, integrality=np.ones(len(c)),
                                  bounds=scipy_optimize.Bounds(0, np.inf),
                                  options={"time_limit": release._SOLVE_SECONDS, "presolve": True})
        return res.status, (None if res.x is None else float(res.fun)), None
    assert np.all(np.isinf(row_lower))
    res = scipy_optimize.linprog(c, A_ub=matrix, b_ub=row_upper, bounds=(0, None), method="highs")
    if res.status != 0:
        return res.status, None, None
    return res.status, float(res.fun), np.asarray(res.ineqlin.marginals)


def linked_tables(seed):
    occurring = records(seed, 120)
    return occurring, [table(occurring, ("citizenship", "sex"), YEAR),
                       table(occurring, ("citizenship", "age_class"), YEAR),
                       table(occurring, ("citizenship", "sex"), JAN_TO_NOV)]


@same_highs
@pytest.mark.parametrize("seed", [1, 2, 3, 5])
def test_highspy_and_scipy_bound_every_figure_alike(seed):
    occurring, tables = linked_tables(seed)
    model = IntruderModel.build(tables, occurring, ATTRIBUTES)
    a, low, high = model._constraints()
    targets = model.targets()
    assert targets
    for target in targets:
        ours = model.bounds(target.members, a, low, high)
        original = release._highs
        try:
            release._highs = scipy_highs
            theirs = model.bounds(target.members, a, low, high)
            their_binding = model.binding(target)
        finally:
            release._highs = original
        assert ours == theirs
        assert model.binding(target) == their_binding
        assert not math.isnan(ours[0])


@same_highs
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_highspy_and_scipy_hide_the_same_figures(seed, monkeypatch):
    occurring, tables = linked_tables(seed)
    ours = protect_linked(tables, occurring, ATTRIBUTES)
    monkeypatch.setattr(release, "_highs", scipy_highs)
    theirs = protect_linked(tables, occurring, ATTRIBUTES)
    assert [t.table.status for t in ours] == [t.table.status for t in theirs]


def test_release_protection_runs_without_numpy():
    """The installed app has no numpy (highspy's package imports it; release protection loads HiGHS's compiled
    module alone): the same protection with numpy unimportable."""
    import json
    import subprocess
    import sys

    code = """
import json, sys
class NoNumpy:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "numpy":
            raise ImportError("no numpy in the installed app")
sys.meta_path.insert(0, NoNumpy())
from tests.domain.test_release import ATTRIBUTES, JAN_TO_NOV, YEAR, records, table
from avrcase.domain.release import protect_linked
occurring = records(2, 120)
tables = [table(occurring, ("citizenship", "sex"), YEAR), table(occurring, ("citizenship", "age_class"), YEAR),
          table(occurring, ("citizenship", "sex"), JAN_TO_NOV)]
print(json.dumps([sorted(repr((k, s.value)) for k, s in t.table.status.items()) for t in protect_linked(tables, occurring, ATTRIBUTES)]))
"""
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root).stdout
    occurring, tables = linked_tables(2)
    expected = [sorted(repr((k, s.value)) for k, s in t.table.status.items())
                for t in protect_linked(tables, occurring, ATTRIBUTES)]
    assert json.loads(out) == expected
