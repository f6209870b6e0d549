"""Tables of two nested measures released together: returnees, and the ordered returns among them, by the same
dimension. Each was protected alone, so a returnees figure less the ordered returns beside it gave away how many
returnees were not ordered to leave, however small. The narrower measure's tables now count a part of the wider
one's units (``SUBSET``), and the intruder's programme looks at that difference too."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.disclosure import TOTAL, CellStatus, DisclosureRule, protect
from avrcase.domain.release import SUBSET, IntruderModel, LinkedTable, protect_linked

ATTRIBUTES = ("month", "citizenship", SUBSET)
YEAR = frozenset(f"2025-{m:02d}" for m in range(1, 13))


def _table(occurring: Counter, subset: bool) -> LinkedTable:
    counts: Counter = Counter()
    for (month, citizenship, ordered), n in occurring.items():
        if month in YEAR and (ordered == "1" or not subset):
            counts[(citizenship,)] += n
    categories = [sorted({key[0] for key in counts})]
    return LinkedTable(protect(("citizenship",), categories, counts, DisclosureRule()), YEAR, subset=subset,
                       label="ordered returns" if subset else "returnees")


def _differences(tables: list[LinkedTable]) -> dict[tuple[str, ...], int]:
    """What a reader works out by subtracting the ordered returns from the returnees, figure by figure."""
    wide, narrow = tables[0].table, tables[1].table
    found = {}
    for key in wide.keys():
        if key in narrow.status and wide.shown(key) is not None and narrow.shown(key) is not None:
            found[key] = wide.shown(key) - narrow.shown(key)
    return found


def test_returnees_less_the_ordered_returns_beside_them_no_longer_give_a_small_figure_away():
    occurring = Counter({("2025-03", "GE", "1"): 10, ("2025-05", "GE", "0"): 2,  # 12 Georgians, 2 not ordered
                         ("2025-04", "AM", "1"): 7, ("2025-06", "AM", "0"): 9, ("2025-02", "IQ", "1"): 6,
                         ("2025-02", "IQ", "0"): 8})
    tables = [_table(occurring, False), _table(occurring, True)]
    assert all(t.table.suppressed == 0 for t in tables)  # each alone shows everything
    assert _differences(tables)[("GE",)] == 2
    exposed = IntruderModel.build(tables, occurring, ATTRIBUTES).exposures()
    assert {(e.target.key, e.value, e.low, e.high) for e in exposed} >= {(("GE",), 2, 2, 2)}
    linked = protect_linked(tables, occurring, ATTRIBUTES)
    assert not [d for d in _differences(linked).values() if 1 <= d < 5]
    assert IntruderModel.build(linked, occurring, ATTRIBUTES).exposures() == []


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from(sorted(YEAR)[:4]), st.sampled_from(["AM", "GE", "IQ", "SY"]),
                                 st.sampled_from("01")), st.integers(1, 9), min_size=1, max_size=14))
def test_no_difference_between_the_two_measures_is_small_once_they_are_protected_together(cells):
    occurring = Counter(cells)
    tables = protect_linked([_table(occurring, False), _table(occurring, True)], occurring, ATTRIBUTES)
    assert IntruderModel.build(tables, occurring, ATTRIBUTES).exposures() == []
    assert not [(key, d) for key, d in _differences(tables).items() if 1 <= d < 5]
    for linked in tables:  # nothing small is shown in either table
        assert not [key for key, status in linked.table.status.items()
                    if status is CellStatus.SHOWN and 1 <= linked.table.entries[key] < 5]
    assert tables[0].table.keys()[-1] == (TOTAL,)
