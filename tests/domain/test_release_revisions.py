"""A table released again after its figures changed (a departure recorded late): the change is a table of its own.

The earlier release is given as the services give it (``services.statistics.release._earlier``): counted as the
store holds it today, with the pattern it was published with, and the figures it showed (``shown_then``). A change
of 1 to k−1 between what it showed and what the new table would show must not be readable from the new table.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.disclosure import TOTAL, CellStatus, DisclosureRule, ProtectedTable, protect, sensitive, with_margins
from avrcase.domain.release import IntruderModel, LinkedTable, ReleaseConflict, protect_linked
from avrcase.domain.revisions import conflict

ATTRIBUTES = ("month", "citizenship")
YEAR = frozenset(f"2025-{m:02d}" for m in range(1, 13))
MONTHS = ["2025-01", "2025-02", "2025-12", "2026-01"]  # 2026-01 lies outside the table: a departure moved in from it
CITIZENSHIPS = ["AM", "GE", "IQ", "SY"]


def _counts(occurring: Counter, months: frozenset[str] = YEAR) -> Counter:
    counts: Counter = Counter()
    for (month, citizenship), n in occurring.items():
        if month in months and n:
            counts[(citizenship,)] += n
    return counts


def _new(occurring: Counter, months: frozenset[str] = YEAR, rule: DisclosureRule = DisclosureRule()) -> LinkedTable:
    counts = _counts(occurring, months)
    return LinkedTable(protect(("citizenship",), [sorted(k[0] for k in counts)], counts, rule), months, label="new")


def _published(then: Counter, now: Counter, months: frozenset[str] = YEAR, keep_figures: bool = True,
               rule: DisclosureRule = DisclosureRule()) -> LinkedTable:
    """The release of ``then`` (protected alone), as a later release sees it once the store holds ``now``."""
    released = protect_linked([_new(then, months, rule)], then, ATTRIBUTES)[0].table
    counts = _counts(now, months)
    categories = (tuple(sorted(k[0] for k in counts)),)
    entries = with_margins(categories, counts)
    hidden = {k for k, s in released.status.items() if s is not CellStatus.SHOWN} | set(sensitive(entries, rule.min_cell))
    status = {k: CellStatus.SECONDARY if k in hidden else CellStatus.SHOWN for k in entries}
    shown = {k: v for k, v in released.entries.items() if released.status[k] is CellStatus.SHOWN}
    return LinkedTable(ProtectedTable(("citizenship",), categories, entries, status, rule), months,
                       published=True, label="“returnees 2025” (2026-03-15)",
                       shown_then=shown if keep_figures else None)


def _differences(earlier: LinkedTable, new: LinkedTable) -> dict[tuple[str, ...], int]:
    """What a reader works out by putting the two releases side by side, figure by figure."""
    assert earlier.shown_then is not None
    return {key: new.table.entries[key] - value for key, value in earlier.shown_then.items()
            if key in new.table.status and new.table.status[key] is CellStatus.SHOWN}


THEN = Counter({("2025-02", "GE"): 10, ("2025-12", "AM"): 7, ("2025-01", "IQ"): 6, ("2026-01", "GE"): 2})


def _moved(counts: Counter, source: tuple[str, str], target: tuple[str, str], n: int = 1) -> Counter:
    now = Counter(counts)
    now[source] -= n
    now[target] += n
    return now


def test_two_late_recorded_departures_are_not_read_from_the_next_release_of_their_year():
    now = _moved(THEN, ("2026-01", "GE"), ("2025-12", "GE"), 2)  # a household of two, recorded late into December
    alone = _new(now)
    assert alone.table.suppressed == 0 and alone.table.entries[(TOTAL,)] == 25  # alone it shows 25 after 23
    earlier = _published(THEN, now)
    assert earlier.shown_then == {("AM",): 7, ("GE",): 10, ("IQ",): 6, (TOTAL,): 23}
    assert [(e.target.key, e.value) for e in IntruderModel.build([earlier, alone], now, ATTRIBUTES).exposures()]
    new = protect_linked([earlier, alone], now, ATTRIBUTES)[1]
    assert not [d for d in _differences(earlier, new).values() if 0 < abs(d) < 5]
    assert new.table.status[("GE",)] is not CellStatus.SHOWN and new.table.status[(TOTAL,)] is not CellStatus.SHOWN
    assert new.table.status[("AM",)] is CellStatus.SHOWN  # unchanged figures stay
    assert IntruderModel.build([earlier, new], now, ATTRIBUTES).exposures() == []


def test_a_register_row_without_figures_is_counted_as_it_stands_today_as_before():
    now = _moved(THEN, ("2026-01", "GE"), ("2025-12", "GE"), 2)
    earlier = _published(THEN, now, keep_figures=False)
    assert protect_linked([earlier, _new(now)], now, ATTRIBUTES)[1].table.suppressed == 0


@pytest.mark.parametrize("moved", [0, 5, 6])
def test_a_change_of_nothing_or_of_k_and_more_is_shown(moved):
    now = _moved(Counter({**THEN, ("2026-01", "GE"): 6}), ("2026-01", "GE"), ("2025-12", "GE"), moved)
    earlier = _published(THEN, now)
    new = protect_linked([earlier, _new(now)], now, ATTRIBUTES)[1]
    assert new.table.suppressed == 0
    assert _differences(earlier, new)[(TOTAL,)] == moved


def test_a_year_to_date_series_whose_first_part_changed_hides_nothing_a_large_remainder_covers():
    first_quarter = frozenset(f"2025-{m:02d}" for m in range(1, 4))
    half = frozenset(f"2025-{m:02d}" for m in range(1, 7))
    then = Counter({("2025-02", "GE"): 10, ("2025-01", "AM"): 7, ("2025-05", "GE"): 9, ("2025-06", "AM"): 8,
                    ("2025-08", "GE"): 1})
    now = _moved(then, ("2025-08", "GE"), ("2025-03", "GE"))  # one departure of August was in fact in March
    earlier = _published(then, now, first_quarter)
    new = protect_linked([earlier, _new(now, half)], now, ATTRIBUTES)[1]
    assert new.table.suppressed == 0  # January–June less what the first quarter showed is 10 and 9: no small change


@pytest.mark.parametrize(("k", "hidden"), [(5, False), (10, True)])
def test_rounded_to_5_a_change_is_hidden_only_when_the_rounding_does_not_cover_it(k, hidden):
    """A total of 23 shown as 25, then 28 shown as 30: the change reads as 1 to 9, inside 1..k−1 for k = 10, not for 5."""
    then = Counter({("2025-02", "GE"): 12, ("2025-12", "AM"): 11, ("2026-01", "AM"): 5})
    now = _moved(then, ("2026-01", "AM"), ("2025-12", "AM"), 5)
    rule = DisclosureRule(k, round5=True)
    earlier = _published(then, now, rule=rule)
    assert earlier.shown_then == {("AM",): 11, ("GE",): 12, (TOTAL,): 23}
    new = protect_linked([earlier, _new(now, rule=rule)], now, ATTRIBUTES)[1]
    assert (new.table.shown((TOTAL,)) is None) is hidden
    assert hidden or new.table.suppressed == 0
    assert IntruderModel.build([earlier, new], now, ATTRIBUTES).exposures() == []


def test_the_refusal_names_the_earlier_release_and_says_what_to_do():
    now = _moved(THEN, ("2026-01", "GE"), ("2025-12", "GE"), 2)
    tables = [_published(THEN, now), _new(now)]
    target = next(e.target for e in IntruderModel.build(tables, now, ATTRIBUTES).exposures() if e.target.was)
    message = conflict(tables, target)
    assert "“returnees 2025” (2026-03-15)" in message and "fewer than 5" in message and "\n" not in message
    assert issubclass(ReleaseConflict, Exception)


EDIT = st.tuples(st.sampled_from([(m, c) for m in MONTHS for c in CITIZENSHIPS]),
                 st.sampled_from([(m, c) for m in MONTHS for c in CITIZENSHIPS]), st.integers(1, 3))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from(MONTHS), st.sampled_from(CITIZENSHIPS)), st.integers(1, 12),
                       min_size=1, max_size=10), st.lists(EDIT, max_size=4))
def test_no_sequence_of_small_edits_between_two_releases_leaves_a_small_difference_shown(cells, edits):
    then = Counter(cells)
    now = Counter(then)
    for source, target, n in edits:  # a departure corrected, moved to another month or citizenship
        n = min(n, now[source])
        now = _moved(now, source, target, n)
    earlier = _published(then, now)
    new = protect_linked([earlier, _new(now)], now, ATTRIBUTES)[1]
    assert not [(key, d) for key, d in _differences(earlier, new).items() if 0 < abs(d) < 5]
    assert not [key for key, s in new.table.status.items() if s is CellStatus.SHOWN and 0 < new.table.entries[key] < 5]
    assert IntruderModel.build([earlier, new], now, ATTRIBUTES).exposures() == []
    if now == then:  # nothing changed: the figures kept change nothing either
        before = _published(then, now, keep_figures=False)
        assert protect_linked([before, _new(now)], now, ATTRIBUTES)[1].table.status == new.table.status
