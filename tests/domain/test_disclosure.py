"""Disclosure control: small cells hidden, and no hidden value recomputable from what is shown.

The proof is linear algebra over the rationals, independent of how ``protect`` chooses cells: the
published table gives one equation per line (the categories along one dimension sum to the TOTAL
entry). Moving every shown value to the right-hand side leaves a system in the hidden entries; a
hidden entry's exact value follows from it iff its unit vector lies in the row space of that system,
i.e. iff appending the unit vector does not raise the rank.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.disclosure import (
    SUPPRESSED_MARK,
    TOTAL,
    CellStatus,
    DisclosureRule,
    household_margins,
    protect,
    round_to_5,
)
from avrcase.domain.errors import ValidationError


def rank(rows: list[list[Fraction]]) -> int:
    """Exact rank of a rational matrix by Gaussian elimination."""
    matrix = [list(r) for r in rows if any(r)]
    rank_found, col = 0, 0
    width = len(matrix[0]) if matrix else 0
    while rank_found < len(matrix) and col < width:
        pivot = next((i for i in range(rank_found, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            col += 1
            continue
        matrix[rank_found], matrix[pivot] = matrix[pivot], matrix[rank_found]
        for i in range(len(matrix)):
            if i != rank_found and matrix[i][col] != 0:
                factor = matrix[i][col] / matrix[rank_found][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank_found], strict=True)]
        rank_found += 1
        col += 1
    return rank_found


def line_equations(table) -> list[dict[tuple[str, ...], int]]:
    """Every additive relation of the published table: sum of categories minus the TOTAL entry."""
    axes = [(*cats, TOTAL) for cats in table.categories]
    equations = []
    for d, cats in enumerate(table.categories):
        others = [axis for i, axis in enumerate(axes) if i != d]
        for rest in itertools.product(*others):
            def key(c, rest=rest, d=d):
                return (*rest[:d], c, *rest[d:])
            equation = {key(c): 1 for c in cats}
            equation[key(TOTAL)] = -1
            equations.append(equation)
    return equations


def deducible(table) -> list[tuple[str, ...]]:
    """Hidden entries whose exact value follows from the shown entries and the line equations."""
    hidden = [k for k, s in table.status.items() if s is not CellStatus.SHOWN]
    index = {k: i for i, k in enumerate(hidden)}
    system = []
    for equation in line_equations(table):
        row = [Fraction(0)] * len(hidden)
        for key, coefficient in equation.items():
            if key in index:
                row[index[key]] = Fraction(coefficient)
        system.append(row)
    base = rank(system)
    found = []
    for key in hidden:
        unit = [Fraction(0)] * len(hidden)
        unit[index[key]] = Fraction(1)
        if rank([*system, unit]) == base:
            found.append(key)
    return found


def test_rank_oracle_sees_a_lone_hidden_cell_in_a_row():
    """The oracle itself: one hidden cell in a row with its total shown is recomputable."""
    table = protect(("a",), (("x", "y"),), {("x",): 1, ("y",): 10}, DisclosureRule(5))
    status = dict(table.status)
    status[("y",)] = CellStatus.SHOWN
    status[(TOTAL,)] = CellStatus.SHOWN
    from dataclasses import replace

    assert deducible(replace(table, status=status)) == [("x",)]
    assert deducible(table) == []


def counts_2d():
    return st.integers(1, 5).flatmap(lambda r: st.integers(1, 5).flatmap(
        lambda c: st.lists(st.integers(0, 12), min_size=r * c, max_size=r * c).map(lambda v: (r, c, v))))


def build(r: int, c: int, values: list[int]):
    rows = tuple(f"r{i}" for i in range(r))
    cols = tuple(f"c{j}" for j in range(c))
    counts = {(rows[i], cols[j]): values[i * c + j] for i in range(r) for j in range(c)}
    return rows, cols, counts


@settings(max_examples=150, deadline=None)
@given(counts_2d(), st.integers(3, 8))
def test_no_hidden_value_of_a_2d_table_can_be_recomputed(table_values, k):
    r, c, values = table_values
    rows, cols, counts = build(r, c, values)
    table = protect(("row", "col"), (rows, cols), counts, DisclosureRule(k))
    assert deducible(table) == []
    for key, n in table.entries.items():
        if 1 <= n < k:
            assert table.text(key) == SUPPRESSED_MARK
        if n == 0:
            assert table.status[key] is not CellStatus.PRIMARY


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=8), st.integers(3, 8))
def test_no_hidden_value_of_a_1d_table_can_be_recomputed(values, k):
    cats = tuple(f"v{i}" for i in range(len(values)))
    table = protect(("dim",), (cats,), {(c,): n for c, n in zip(cats, values, strict=True)}, DisclosureRule(k))
    assert deducible(table) == []
    assert all(table.status[key] is CellStatus.PRIMARY for key, n in table.entries.items() if 1 <= n < k)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=12, max_size=12))
def test_no_hidden_value_of_a_3d_table_with_all_subtotals_can_be_recomputed(values):
    cats = (("a", "b"), ("F", "M"), ("y1", "y2", "y3"))
    keys = list(itertools.product(*cats))
    table = protect(("cit", "sex", "age"), cats, dict(zip(keys, values, strict=True)), DisclosureRule(5))
    assert deducible(table) == []


def test_margins_are_published_and_shown_cells_keep_their_values():
    counts = {("GE", "F"): 12, ("GE", "M"): 20, ("IQ", "F"): 2, ("IQ", "M"): 30, ("UA", "F"): 9, ("UA", "M"): 7}
    table = protect(("citizenship", "sex"), (("GE", "IQ", "UA"), ("F", "M")), counts, DisclosureRule(5))
    assert table.text(("IQ", "F")) == "c"
    assert table.text((TOTAL, TOTAL)) == "80"
    assert table.text(("GE", TOTAL)) == "32"
    # IQ/F is alone in its row; one more cell in the row and one in the column must go too.
    assert table.suppressed >= 4
    assert deducible(table) == []


def test_a_small_total_is_suppressed_too():
    table = protect(("sex",), (("F", "M"),), {("F",): 2, ("M",): 1}, DisclosureRule(5))
    assert [table.text(k) for k in table.keys()] == ["c", "c", "c"]


def test_zeros_stay_visible_when_nothing_is_small():
    table = protect(("sex",), (("F", "M", "U"),), {("F",): 7, ("M",): 9}, DisclosureRule(5))
    assert [table.text(k) for k in table.keys()] == ["7", "9", "0", "16"]


@pytest.mark.parametrize("k", [0, 1, 2, -5])
def test_a_minimum_cell_below_3_is_refused(k):
    with pytest.raises(ValidationError, match="at least 3"):
        DisclosureRule(k)


def test_rounding_to_5_applies_to_shown_values_only():
    table = protect(("sex",), (("F", "M"),), {("F",): 12, ("M",): 8}, DisclosureRule(5, round5=True))
    assert [table.text(k) for k in table.keys()] == ["10", "10", "20"]
    assert [round_to_5(n) for n in (0, 2, 3, 7, 8, 13)] == [0, 0, 5, 5, 10, 15]
    assert "rounded" in table.rule.describe()


@settings(max_examples=60, deadline=None)
@given(counts_2d(), st.integers(3, 6))
def test_large_tables_searched_one_dimension_at_a_time_are_protected_too(table_values, k):
    """Above the exhaustive-search limit the cube is improved dimension by dimension; still safe."""
    import avrcase.domain.disclosure as disclosure

    r, c, values = table_values
    rows, cols, counts = build(r, c, values)
    limit = disclosure._EXHAUSTIVE_LIMIT
    disclosure._EXHAUSTIVE_LIMIT = 0
    try:
        table = protect(("row", "col"), (rows, cols), counts, DisclosureRule(k))
    finally:
        disclosure._EXHAUSTIVE_LIMIT = limit
    assert deducible(table) == []


def movable(table, key) -> bool:
    """Some other table, equal in every shown figure and total and with no negative count, differs at ``key``.

    Searched directly: shift the corners of any fully hidden box through ``key`` by +1/-1 and check every
    line equation and every count.
    """
    from avrcase.domain.disclosure import cube_signs

    axes = [(*cats, TOTAL) for cats in table.categories]
    options = [[c for c in axis if c != own] for axis, own in zip(axes, key, strict=True)]
    equations = line_equations(table)
    for partners in itertools.product(*options):
        corners = [tuple(p if m else c for c, p, m in zip(key, partners, mask, strict=True))
                   for mask in itertools.product((False, True), repeat=len(key))]
        if any(table.status[c] is CellStatus.SHOWN for c in corners):
            continue
        signs = dict(zip(corners, cube_signs(key, partners), strict=True))
        for direction in (1, -1):
            other = dict(table.entries)
            for corner, sign in signs.items():
                other[corner] += direction * sign
            if min(other.values()) >= 0 and all(sum(n * other[k] for k, n in eq.items()) == 0 for eq in equations):
                return True
    return False


@settings(max_examples=120, deadline=None)
@given(counts_2d(), st.integers(3, 6))
def test_every_small_cell_could_be_otherwise_without_a_negative_count(table_values, k):
    """Knowing that counts are never negative does not pin a small cell down either."""
    r, c, values = table_values
    rows, cols, counts = build(r, c, values)
    table = protect(("row", "col"), (rows, cols), counts, DisclosureRule(k))
    primaries = [key for key, s in table.status.items() if s is CellStatus.PRIMARY]
    assert [key for key in primaries if not movable(table, key)] == []


def test_a_box_through_zeros_that_could_not_move_is_avoided():
    # By size alone the box for r0/c0 would take the two zeros of c1 rather than the large c2, but a box
    # with a zero on either side could not move without a negative count.
    counts = {("r0", "c0"): 2, ("r0", "c1"): 0, ("r0", "c2"): 5000,
              ("r1", "c0"): 6, ("r1", "c1"): 0, ("r1", "c2"): 5000}
    table = protect(("row", "col"), (("r0", "r1"), ("c0", "c1", "c2")), counts, DisclosureRule(5))
    assert movable(table, ("r0", "c0"))
    assert deducible(table) == []


def test_a_cell_of_one_household_is_suppressed_however_many_people_it_counts():
    """Five returnees of one case (one family) are one contributor: hidden, and their row's total with them;
    five of five cases are shown."""
    counts = {("MD", "F"): 2, ("MD", "M"): 3, ("GE", "F"): 6, ("GE", "M"): 7, ("UA", "F"): 5, ("UA", "M"): 5}
    households = {("MD", "F"): frozenset({1}), ("MD", "M"): frozenset({1}),  # the family spans both sexes
                  ("GE", "F"): None, ("GE", "M"): None,  # five cases or more
                  ("UA", "F"): frozenset({11, 12, 13, 14, 15}), ("UA", "M"): frozenset({11, 12, 13, 14, 15})}
    rule = DisclosureRule()
    table = protect(("citizenship", "sex"), (("GE", "MD", "UA"), ("F", "M")), counts, rule, households, cap=5)
    assert table.status[("MD", TOTAL)] is CellStatus.PRIMARY  # 5 people, 1 household: not summed as 1 + 1
    assert table.status[("UA", TOTAL)] is not CellStatus.PRIMARY  # 10 people of 5 households
    assert table.status[("UA", "F")] is not CellStatus.PRIMARY
    persons_only = protect(("citizenship", "sex"), (("GE", "MD", "UA"), ("F", "M")), counts, rule)
    assert persons_only.text(("MD", TOTAL)) == "5"  # as before: persons alone
    assert household_margins((("GE", "MD", "UA"), ("F", "M")), households, 5)[("MD", TOTAL)] == 1
    with pytest.raises(ValueError):  # cases listed below 5 cannot be protected with k = 6
        protect(("citizenship", "sex"), (("GE", "MD", "UA"), ("F", "M")), counts, DisclosureRule(6), households, cap=5)
