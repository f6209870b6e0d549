"""Which months a line names under its axis: spaced by the widest label, a month so far not spreading them."""

from __future__ import annotations

from avrcase.domain.charts import ChartKind, ChartSpec, axis_labels

MONTHS = tuple(f"{m} 2026" for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"))


def _width(text: str) -> float:
    return 6.0 * len(text)  # a monospaced stand-in for the font's measure


def _line(categories, partial_last=False) -> ChartSpec:
    return ChartSpec(ChartKind.LINE, "Returns per month", tuple(categories), ("Returns",),
                     (tuple(range(len(categories))),), partial_last=partial_last)


def test_whole_months_are_named_every_other_one_where_two_do_not_fit():
    assert axis_labels(_line(MONTHS), _width, step=40, gap=8) == [0, 2, 4, 6, 8, 10]


def test_december_so_far_does_not_spread_the_other_months_out():
    """ "Dec 2026 (to 6 Dec)" is twice as long as a month's name: measured with it, the line named only Jan, May
    and Sep (seen on the 100,000-case dashboard)."""
    so_far = _line((*MONTHS[:-1], "Dec 2026 (to 6 Dec)"), partial_last=True)
    assert axis_labels(so_far, _width, step=40, gap=8) == [0, 2, 4, 6, 8, 10]


def test_a_month_so_far_is_named_where_the_spacing_reaches_it_and_it_has_room():
    july = _line((*MONTHS[:6], "Jul 2026 (to 15 Jul)"), partial_last=True)
    assert axis_labels(july, _width, step=40, gap=8) == [0, 2, 4]  # 80 points from May: its label needs 150
    assert axis_labels(july, _width, step=100, gap=8) == [0, 1, 2, 3, 4, 5]  # 100 from June: still short
    assert axis_labels(july, _width, step=160, gap=8) == [0, 1, 2, 3, 4, 5, 6]


def test_one_or_no_category():
    assert axis_labels(_line(MONTHS[:1], partial_last=True), _width, step=0, gap=8) == [0]
    assert axis_labels(_line(()), _width, step=0, gap=8) == []
