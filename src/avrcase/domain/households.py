"""The households behind a count of persons or events: the contributor a statistic must not give away.

A table of returnees (or of third-country nationals returned, or of consultations) counts persons or events,
but its *contributor* is the case: the members of one household share citizenship, country and day of
departure, so five returnees of one case are one family that anyone who knows it can recognise. A figure
may be published only when its units come from at least k cases as well as numbering at least k.

Distinct cases do not add up (a household spans age classes and sexes): the cases behind a margin, or behind
any figure an intruder derives from the published ones, are the *union* of the case sets of the finest cells
it sums. The set behind a cell is kept only while it holds fewer than ``cap`` cases (``cap`` at least every k
the figures are protected with); ``None`` stands for "``cap`` cases or more", and so does any union with it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

#: The cases behind a cell: their ids while fewer than the cap, ``None`` once there are at least as many.
Households = frozenset[int] | None
_K = TypeVar("_K", bound=Hashable)
_G = TypeVar("_G", bound=Hashable)


class CaseUnion:
    """The union of the cases behind several cells, kept until it reaches ``cap`` (then only "enough")."""

    __slots__ = ("cap", "cases")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.cases: set[int] | None = set()

    def add(self, cases: Households) -> None:
        """Add a cell's cases (``None``: ``cap`` or more)."""
        if self.cases is None:
            return
        if cases is None:
            self.cases = None
            return
        self.cases |= cases
        if len(self.cases) >= self.cap:
            self.cases = None

    @property
    def count(self) -> int:
        """How many cases, or ``cap`` when there are at least that many."""
        return self.cap if self.cases is None else len(self.cases)

    def frozen(self) -> Households:
        """The union as a cell's cases."""
        return None if self.cases is None else frozenset(self.cases)


def union(parts: Iterable[Households], cap: int) -> Households:
    """The cases behind the cells ``parts`` together."""
    acc = CaseUnion(cap)
    for part in parts:
        acc.add(part)
        if acc.cases is None:
            break
    return acc.frozen()


def count(parts: Iterable[Households], cap: int) -> int:
    """How many distinct cases are behind the cells ``parts`` together (``cap`` when at least that many)."""
    cases = union(parts, cap)
    return cap if cases is None else len(cases)


def fold(parts: Sequence[Households], into: Sequence[int], groups: int, cap: int) -> list[Households]:
    """The cases behind each of ``groups`` cells, part ``i`` of ``parts`` falling into cell ``into[i]``."""
    unions = [CaseUnion(cap) for _ in range(groups)]
    for part, group in zip(parts, into, strict=True):
        unions[group].add(part)
    return [acc.frozen() for acc in unions]


def regroup(households: Mapping[_K, Households], group: Callable[[_K], _G], cap: int) -> dict[_G, Households]:
    """The cases behind cells grouped by ``group`` (cells of several projects folded into one, months into
    quarters)."""
    unions: dict[_G, CaseUnion] = {}
    for key, cases in households.items():
        acc = unions.get(group(key))
        if acc is None:
            acc = unions[group(key)] = CaseUnion(cap)
        acc.add(cases)
    return {key: acc.frozen() for key, acc in unions.items()}


def fold_others(occurring: Mapping[tuple[str, ...], int], households: Mapping[tuple[str, ...], Households] | None,
                at: int, kept: set[str], other: str,
                cap: int) -> tuple[dict[tuple[str, ...], int], dict[tuple[str, ...], Households] | None]:
    """The counts (and the cases behind them) with every value at position ``at`` outside ``kept`` folded into
    ``other`` (the projects no table filters on are one unknown to the intruder)."""
    def key(combo: tuple[str, ...]) -> tuple[str, ...]:
        return (*combo[:at], combo[at] if combo[at] in kept else other, *combo[at + 1:])
    folded: dict[tuple[str, ...], int] = {}
    for combo, n in occurring.items():
        folded[key(combo)] = folded.get(key(combo), 0) + n
    return folded, None if households is None else regroup(households, key, cap)
