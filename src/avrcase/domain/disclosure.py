"""Statistical disclosure control for count tables that leave the app.

A table has one or more dimensions; every dimension also gets a ``TOTAL`` category, so the
published table carries all its margins (row, column and grand totals, and sub-totals in three or
more dimensions). Protection:

* primary suppression: every entry (margins included) with ``1 <= n < k`` is hidden, and so is every
  entry of a count of persons or events whose units come from fewer than k cases (households, see
  ``domain.households``): five returnees of one family are one contributor;
* secondary suppression by the hypercube method: each primary entry is put in a fully hidden
  "hypercube" (two categories per dimension, ``TOTAL`` allowed). Such a set of entries can be shifted
  by +1/-1 without changing any shown entry or any margin, so no hidden value can be recomputed
  exactly from what is shown; the cheapest cube is chosen, preferring small non-zero inner cells,
  and one that can shift without any count going negative (else zeros could give the value away);
* optional rounding of shown values to the nearest 5, as Eurostat publishes.

Primary and secondary entries carry the same mark, so the mark does not tell which were small.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from avrcase.domain.errors import ValidationError
from avrcase.domain.households import CaseUnion, Households
from avrcase.i18n import _

TOTAL = "TOTAL"
#: How a hidden entry is written in exports (Eurostat's flag for "confidential").
SUPPRESSED_MARK = "c"
DEFAULT_MIN_CELL = 5
LOWEST_MIN_CELL = 3
#: Above this many candidate cubes per primary entry, search one dimension at a time instead.
_EXHAUSTIVE_LIMIT = 2_000


class CellStatus(Enum):
    """Whether an entry is shown, or hidden and why (the why never leaves the app)."""

    SHOWN = "shown"
    PRIMARY = "primary"
    SECONDARY = "secondary"


@dataclass(frozen=True)
class DisclosureRule:
    """The rule applied to a table: minimum cell size ``min_cell`` and optional rounding to 5."""

    min_cell: int = DEFAULT_MIN_CELL
    round5: bool = False

    def __post_init__(self) -> None:
        if self.min_cell < LOWEST_MIN_CELL:
            raise ValidationError({"min_cell": _(
                "The minimum cell size must be at least %(lowest)d (asked for %(k)d)."
            ) % {"lowest": LOWEST_MIN_CELL, "k": self.min_cell}})

    def describe(self) -> str:
        """One or two sentences for the notes of an export."""
        text = _(
            "Cells (totals included) counting from 1 to %(below)d, or counting people or consultations of fewer "
            "than %(k)d cases (a household is one case, however many its members), are suppressed and marked "
            "“%(mark)s”; further cells are suppressed so that no suppressed value can be recomputed from the "
            "shown cells and totals."
        ) % {"below": self.min_cell - 1, "k": self.min_cell, "mark": SUPPRESSED_MARK}
        if self.round5:
            text += " " + _("Shown values are rounded to the nearest 5, so totals may differ from the sum of cells.")
        return text


@dataclass(frozen=True)
class ProtectedTable:
    """A count table with all margins, after disclosure control.

    ``entries`` maps a key (one category per dimension, ``TOTAL`` allowed) to the exact count;
    ``status`` says which entries are hidden. Use :meth:`shown` for what may be published.
    """

    dimensions: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    entries: Mapping[tuple[str, ...], int]
    status: Mapping[tuple[str, ...], CellStatus]
    rule: DisclosureRule

    def shown(self, key: Sequence[str]) -> int | None:
        """The publishable value of an entry (rounded if the rule says so); ``None`` when suppressed."""
        key = tuple(key)
        if self.status[key] is not CellStatus.SHOWN:
            return None
        value = self.entries[key]
        return round_to_5(value) if self.rule.round5 else value

    def text(self, key: Sequence[str]) -> str:
        """The publishable value as text: the number, or the suppression mark."""
        value = self.shown(key)
        return SUPPRESSED_MARK if value is None else str(value)

    def keys(self) -> list[tuple[str, ...]]:
        """Every entry's key in table order (categories first, ``TOTAL`` last in each dimension)."""
        axes = [(*cats, TOTAL) for cats in self.categories]
        return list(itertools.product(*axes))

    @property
    def suppressed(self) -> int:
        """How many entries are hidden."""
        return sum(1 for s in self.status.values() if s is not CellStatus.SHOWN)


def round_to_5(value: int) -> int:
    """``value`` rounded to the nearest multiple of 5 (counts never fall halfway)."""
    return 5 * ((value + 2) // 5)


def with_margins(categories: Sequence[Sequence[str]], counts: Mapping[tuple[str, ...], int]) -> dict[tuple[str, ...], int]:
    """Every entry of the table including ``TOTAL`` margins, from the inner counts (missing = 0)."""
    axes = [(*cats, TOTAL) for cats in categories]
    full = {key: 0 for key in itertools.product(*axes)}
    for key, n in counts.items():
        if n == 0:
            continue
        if len(key) != len(categories) or any(c not in cats for c, cats in zip(key, categories, strict=True)):
            raise ValueError(f"count for a key outside the table: {key!r}")
        # Add the count to the entry and to every margin that contains it.
        for mask in itertools.product((False, True), repeat=len(key)):
            full[tuple(TOTAL if m else c for c, m in zip(key, mask, strict=True))] += n
    return full


def household_margins(categories: Sequence[Sequence[str]], households: Mapping[tuple[str, ...], Households],
                      cap: int) -> dict[tuple[str, ...], int]:
    """How many distinct cases are behind every entry of the table (margins included), from the cases behind
    each inner cell; ``cap`` stands for "``cap`` or more" (``domain.households``)."""
    axes = [(*cats, TOTAL) for cats in categories]
    unions: dict[tuple[str, ...], CaseUnion] = {}
    for key, cases in households.items():
        for mask in itertools.product((False, True), repeat=len(key)):
            entry = tuple(TOTAL if m else c for c, m in zip(key, mask, strict=True))
            acc = unions.get(entry)
            if acc is None:
                acc = unions[entry] = CaseUnion(cap)
            acc.add(cases)
    return {key: unions[key].count if key in unions else 0 for key in itertools.product(*axes)}


def sensitive(entries: Mapping[tuple[str, ...], int], min_cell: int,
              cases: Mapping[tuple[str, ...], int] | None = None) -> list[tuple[str, ...]]:
    """The entries that must not be shown: counting 1 to ``min_cell`` − 1, or (``cases``: the distinct cases
    behind each entry of a count of persons or events) drawn from 1 to ``min_cell`` − 1 cases."""
    return [key for key, n in entries.items()
            if 1 <= n < min_cell or (cases is not None and 1 <= cases[key] < min_cell)]


def protect(dimensions: Sequence[str], categories: Sequence[Sequence[str]],
            counts: Mapping[tuple[str, ...], int], rule: DisclosureRule,
            households: Mapping[tuple[str, ...], Households] | None = None, cap: int = 0) -> ProtectedTable:
    """Apply primary and secondary suppression to the table of inner ``counts``.

    ``households``: for a count of persons or events, the cases behind each inner cell (their ids while fewer
    than ``cap``, at least ``rule.min_cell``); an entry drawn from fewer than k cases is hidden like a small one.
    """
    if len(dimensions) != len(categories) or not dimensions:
        raise ValueError("one category list per dimension, at least one dimension")
    if households is not None and cap < rule.min_cell:
        raise ValueError(f"households kept below {cap} cases cannot be protected with k = {rule.min_cell}")
    cats = tuple(tuple(c) for c in categories)
    entries = with_margins(cats, counts)
    status = {key: CellStatus.SHOWN for key in entries}
    cases = household_margins(cats, households, cap) if households is not None else None
    primaries = sorted(sensitive(entries, rule.min_cell, cases), key=lambda key: (-_order(key), entries[key], key))
    for key in primaries:
        status[key] = CellStatus.PRIMARY
    axes = [(*c, TOTAL) for c in cats]
    for key in primaries:
        for corner in _cheapest_cube(key, axes, entries, status):
            if status[corner] is CellStatus.SHOWN:
                status[corner] = CellStatus.SECONDARY
    return ProtectedTable(tuple(dimensions), cats, entries, status, rule)


def _order(key: tuple[str, ...]) -> int:
    """How many coordinates are TOTAL: inner cells first, so margins reuse their cubes."""
    return -sum(1 for c in key if c == TOTAL)


def _cost(key: tuple[str, ...], entries: Mapping[tuple[str, ...], int], status: Mapping) -> float:
    """Information lost by hiding ``key``: none if already hidden; small inner cells are cheapest."""
    if status[key] is not CellStatus.SHOWN:
        return 0.0
    totals = sum(1 for c in key if c == TOTAL)
    value = entries[key]
    # Hiding a true zero looks odd and protects little; hiding a total hides a published figure.
    base = value if value else 1_000.0
    return base * (100.0 ** totals) + 1_000_000.0 * totals


def _cube(key: tuple[str, ...], partners: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(p if m else c for c, p, m in zip(key, partners, mask, strict=True))
            for mask in itertools.product((False, True), repeat=len(key))]


def cube_signs(key: Sequence[str], partners: Sequence[str]) -> list[int]:
    """The +1/-1 shift of each corner of :func:`_cube` that leaves every line sum unchanged.

    Along one dimension two categories shift in opposite directions; a category and its TOTAL shift
    together.
    """
    signs = []
    for mask in itertools.product((False, True), repeat=len(key)):
        sign = 1
        for own, partner, swapped in zip(key, partners, mask, strict=True):
            if swapped and TOTAL not in (own, partner):
                sign = -sign
        signs.append(sign)
    return signs


def _blocked(key, partners, entries) -> bool:
    """True when the cube cannot move either way without a count going below zero.

    Knowing that counts are never negative, a reader could then still pin the hidden value down.
    """
    corners = _cube(key, partners)
    signs = cube_signs(key, partners)
    up = all(entries[c] > 0 for c, s in zip(corners, signs, strict=True) if s < 0)
    down = all(entries[c] > 0 for c, s in zip(corners, signs, strict=True) if s > 0)
    return not (up or down)


def _cheapest_cube(key: tuple[str, ...], axes: Sequence[Sequence[str]], entries, status) -> list[tuple[str, ...]]:
    """The corners of the cheapest hypercube through ``key``."""
    options = [[c for c in axis if c != own] for axis, own in zip(axes, key, strict=True)]

    def cost(partners: Sequence[str]) -> float:
        penalty = 1e15 if _blocked(key, partners, entries) else 0.0
        return penalty + sum(_cost(corner, entries, status) for corner in _cube(key, partners))

    if math.prod(len(o) for o in options) <= _EXHAUSTIVE_LIMIT:
        # Branch and bound: a cube costs at least its neighbours of ``key`` (one coordinate changed),
        # so candidates are tried cheapest neighbours first until that bound passes the best cube.
        near = [{p: _cost((*key[:d], p, *key[d + 1:]), entries, status) for p in opts}
                for d, opts in enumerate(options)]

        def bound(partners) -> float:
            return sum(near[d][p] for d, p in enumerate(partners))

        best, best_cost = None, math.inf
        for partners in sorted(itertools.product(*options), key=bound):
            if bound(partners) >= best_cost:
                break
            candidate = cost(partners)
            if candidate < best_cost:
                best, best_cost = partners, candidate
        return _cube(key, best)
    # Large tables: start from the cheapest neighbour along each dimension, then improve one
    # dimension at a time until no single change makes the cube cheaper.
    partners = [min(opts, key=lambda p, d=d: _cost((*key[:d], p, *key[d + 1:]), entries, status))
                for d, opts in enumerate(options)]
    improved = True
    while improved:
        improved = False
        for d, opts in enumerate(options):
            choice = min(opts, key=lambda p, d=d: cost([*partners[:d], p, *partners[d + 1:]]))
            if choice != partners[d] and cost([*partners[:d], choice, *partners[d + 1:]]) < cost(partners):
                partners[d] = choice
                improved = True
    return _cube(key, partners)


def suppress_more(table: ProtectedTable, keys: Sequence[tuple[str, ...]]) -> ProtectedTable:
    """``table`` with ``keys`` hidden too, each inside a fully hidden hypercube of its own table.

    Used by linked suppression (``domain.release``) when a figure must go because, with other tables
    published at the same time, it would give a hidden figure away.
    """
    status = dict(table.status)
    axes = [(*c, TOTAL) for c in table.categories]
    for key in keys:
        if status[key] is CellStatus.SHOWN:
            status[key] = CellStatus.SECONDARY
            for corner in _cheapest_cube(key, axes, table.entries, status):
                if status[corner] is CellStatus.SHOWN:
                    status[corner] = CellStatus.SECONDARY
    return ProtectedTable(table.dimensions, table.categories, table.entries, status, table.rule)


def hiding_cost(table: ProtectedTable, key: tuple[str, ...]) -> float:
    """What hiding one more figure of ``table`` costs (small inner cells cheapest, totals dearest)."""
    return _cost(key, table.entries, table.status)
