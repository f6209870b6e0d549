"""Points the intruder's integer programme allows: whole numbers from 0 up that agree with every shown figure.

One such point settles a figure of ``domain.release`` without a solve of its own: where the figure is 0 there,
its smallest value is 0 (it is not known to be at least 1); where it reaches what the check asks for (k, or
one more than its value), its largest value does too. Either way it is not exposed, exactly as the solves for
its bounds would have found. Every point is checked here against the shown figures in whole numbers, never
taken from the solver on trust; hiding more figures only drops constraints, so a point stays valid.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

from avrcase.domain.highs import Rows, objective

Point = list[int]


def integral(values: Sequence[float] | None) -> Point | None:
    """The solver's values as whole numbers (``None`` when it gave none)."""
    return None if values is None else [max(0, round(x)) for x in values]


def feasible(point: Point, a: Rows, low: Sequence[float], high: Sequence[float]) -> bool:
    """True when ``point`` gives every shown figure a value the intruder allows."""
    take = point.__getitem__
    for r in range(a.rows):
        start, end = a.indptr[r], a.indptr[r + 1]
        if not low[r] <= sum(map(operator.mul, map(take, a.indices[start:end]), a.values[start:end])) <= high[r]:
            return False
    return True


def settles(point: Point, members: Sequence[int], enough: float) -> bool:
    """True when ``point`` shows the figure summing ``members`` can be 0, or at least ``enough``."""
    total = sum(point[u] for u in members)
    return total == 0 or total >= enough


def zero_points(n: int, open_targets: list[tuple[Sequence[int], float]], a: Rows, low: Sequence[float],
                high: Sequence[float], solve: Callable) -> list[Point]:
    """Points that settle many figures at once: the smallest sum of all open figures' units, solved again
    for those it did not settle while each solve settles some. ``solve``: ``highs.solve`` (or a stand-in)."""
    found: list[Point] = []
    while open_targets:
        members = sorted({u for target, _enough in open_targets for u in target})
        _status, _fun, _dual, *values = solve(objective(n, members), a, low, high, integer=True)
        point = integral(values[0] if values else None)
        if point is None or not feasible(point, a, low, high):
            break
        found.append(point)
        left = [(target, enough) for target, enough in open_targets if not settles(point, target, enough)]
        if len(left) == len(open_targets):
            break
        open_targets = left
    return found
