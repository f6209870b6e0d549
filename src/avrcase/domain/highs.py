"""HiGHS, the solver behind the release protection (``domain.release``): loading its compiled module alone
(without numpy), the constraint matrix in plain lists, and one solve with the options scipy used.

``highspy._core`` is loaded on the first bound computed, not when the app starts (#14).
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import itertools
import math
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any

#: Seconds HiGHS may spend on one bound before the linear relaxation's bound is used instead.
SOLVE_SECONDS = 5.0


def load_highs() -> ModuleType:
    """HiGHS's compiled module ``highspy._core``, loaded by itself.

    The ``highspy`` package's ``__init__`` imports its modelling layer, which imports numpy (42 MB in the
    installed app with numpy's OpenBLAS); the compiled module needs numpy only for the few arguments typed
    as arrays, which :func:`solve` never passes. Same library, same solver, same results.
    """
    name = "highspy._core"
    if name in sys.modules:  # highspy itself was imported (by a test, say): the same module, never a second copy
        return sys.modules[name]
    package = importlib.util.find_spec("highspy")
    spec = importlib.machinery.PathFinder.find_spec(name, list(package.submodule_search_locations or [])) \
        if package is not None else None
    if spec is None or spec.loader is None:
        raise ImportError("HiGHS (the highspy package) is not installed", name=name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


@functools.cache
def hs() -> ModuleType:
    """HiGHS (``highspy._core``), loaded on the first bound computed: not on the start of the app (#14)."""
    return load_highs()


@dataclass(frozen=True)
class Rows:
    """A 0/±1 matrix by rows (compressed sparse rows): row ``r`` has ``values[indptr[r]:indptr[r+1]]`` in
    the columns ``indices[indptr[r]:indptr[r+1]]``."""

    indptr: list[int]
    indices: list[int]
    values: list[float]
    rows: int

    @cached_property
    def by_column(self) -> tuple[list[int], list[int], list[float]]:
        """The same matrix in compressed sparse columns (each column's start, row indices, values), as scipy
        handed it to HiGHS: by column, then by row, up to the last column that has an entry."""
        columns: list[list[tuple[int, float]]] = [[] for _ in range(max(self.indices, default=-1) + 1)]
        for r in range(self.rows):  # rows in order, so each column's entries arrive sorted by row
            for i in range(self.indptr[r], self.indptr[r + 1]):
                columns[self.indices[i]].append((r, float(self.values[i])))
        return (list(itertools.accumulate((len(col) for col in columns), initial=0)),
                [r for col in columns for r, _value in col], [value for col in columns for _r, value in col])


def objective(n: int, members: Sequence[int]) -> list[float]:
    """The sum of ``members`` as an objective over ``n`` unknowns."""
    c = [0.0] * n
    for u in members:
        c[u] = 1.0
    return c


def status_numbers(highspy: ModuleType) -> dict:
    """HiGHS's statuses as scipy numbered them: 0 optimal, 1 time or iteration limit, 2 infeasible, 3 unbounded,
    4 anything else."""
    return {
        highspy.HighsModelStatus.kOptimal: 0,
        highspy.HighsModelStatus.kTimeLimit: 1,
        highspy.HighsModelStatus.kIterationLimit: 1,
        highspy.HighsModelStatus.kInfeasible: 2,
        highspy.HighsModelStatus.kModelError: 2,
        highspy.HighsModelStatus.kUnbounded: 3,
    }


def solve(c: Sequence[float], a: Rows, row_lower: Sequence[float], row_upper: Sequence[float], *,
           integer: bool) -> tuple[int, float | None, list[float] | None, list[float] | None]:
    """Minimise ``c·x`` for ``x ≥ 0`` (whole numbers when ``integer``) with ``row_lower ≤ a·x ≤ row_upper``.

    Returns scipy's status number, the objective (None when HiGHS has no solution: a MIP stopped at the
    time limit with a solution still counts, as in scipy's ``milp``), the rows' duals (LP only) and the
    solution's values (MIP only: a point the caller may check and reuse, ``domain.feasible``). Same
    model (columns in compressed sparse columns) and options as scipy passed to HiGHS: ``milp`` with
    ``time_limit`` and ``presolve``; ``linprog(method="highs")`` with the dual simplex strategy.
    """
    highspy = hs()
    lp = model(c, a, row_lower, row_upper)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * len(c)
    h = highspy._Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("presolve", "on")
    if integer:
        h.setOptionValue("time_limit", SOLVE_SECONDS)
    else:
        h.setOptionValue("simplex_strategy", 1)  # dual simplex
    if h.passModel(lp) == highspy.HighsStatus.kError:
        return 2, None, None, None
    for j, cost in enumerate(c):  # the model's columns cost nothing (``model``); a bound's objective has few terms
        if cost:
            h.changeColCost(j, float(cost))
    if h.run() == highspy.HighsStatus.kError:
        return 4, None, None, None
    model_status = h.getModelStatus()
    status = status_numbers(highspy).get(model_status, 4)
    info = h.getInfo()
    inf = highspy.kHighsInf
    if integer:
        limits = (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kIterationLimit,
                  highspy.HighsModelStatus.kSolutionLimit)
        failed = model_status not in (highspy.HighsModelStatus.kOptimal, *limits) or (
            model_status in limits and info.objective_function_value == inf)
    else:
        failed = model_status != highspy.HighsModelStatus.kOptimal
    if failed:
        return status, None, None, None
    solution = h.getSolution()
    dual = None if integer else [float(d) for d in solution.row_dual]
    values = [float(x) for x in solution.col_value] if integer else None
    return status, float(info.objective_function_value), dual, values


_COLUMNS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=4)
def _columns(n: int) -> Any:
    """A scratch HiGHS instance with ``n`` columns that cost nothing, made once for the many bounds of one release
    (adding 4,500 columns one by one, for each of 158 bounds, was most of a release's time)."""
    highspy = hs()
    scratch = highspy._Highs()
    scratch.setOptionValue("output_flag", False)
    for _ in range(n):
        scratch.addVar(0.0, highspy.kHighsInf)
    return scratch


def model(c: Sequence[float], a: Rows, row_lower: Sequence[float], row_upper: Sequence[float]) -> Any:
    """The HiGHS model (``HighsLp``) of :func:`solve`, built from plain lists, with every column's cost 0.

    Every field of ``HighsLp`` takes a list except the costs, which take a numpy array only; so the model is
    copied from a scratch HiGHS instance with that many columns, and :func:`solve` sets the costs that are not 0
    on the solver, column by column.
    """
    highspy = hs()
    n = len(c)
    inf = highspy.kHighsInf
    with _COLUMNS_LOCK:  # bounds are also worked out on the window's worker threads
        lp = _columns(n).getLp()
    start, index, value = a.by_column
    lp.num_col_ = n
    lp.num_row_ = a.rows
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = a.rows
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.col_lower_ = [0.0] * n
    lp.col_upper_ = [inf] * n
    lp.row_lower_ = [-inf if math.isinf(x) else float(x) for x in row_lower]
    lp.row_upper_ = [inf if math.isinf(x) else float(x) for x in row_upper]
    lp.a_matrix_.start_ = start + [start[-1]] * (n + 1 - len(start))  # columns without entries at the end
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    return lp
