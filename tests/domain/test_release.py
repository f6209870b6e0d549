"""Linked suppression across tables published together, checked by the intruder's integer programme."""

from __future__ import annotations

import random
from collections import Counter

from avrcase.domain.disclosure import TOTAL, DisclosureRule, protect
from avrcase.domain.release import IntruderModel, LinkedTable, protect_linked

ATTRIBUTES = ("month", "citizenship", "sex", "age_class")
YEAR = frozenset(f"2025-{m:02d}" for m in range(1, 13))
JAN_TO_NOV = frozenset(sorted(YEAR)[:11])


def records(seed: int, n: int = 150) -> Counter:
    rng = random.Random(seed)
    out: Counter = Counter()
    for _ in range(n):
        citizenship = rng.choice(["AM", "GE", "IQ", "SY"]) if rng.random() < 0.8 else rng.choice(["AZ", "BY", "TJ"])
        out[(f"2025-{rng.randint(1, 12):02d}", citizenship, rng.choice("FM"),
             rng.choice(["Y_LT14", "Y14-17", "Y18-34", "Y_GE35"]))] += 1
    return out


def table(occurring: Counter, dims: tuple[str, ...], months: frozenset[str], published: bool = False) -> LinkedTable:
    at = [ATTRIBUTES.index(d) for d in dims]
    counts: Counter = Counter()
    for combo, n in occurring.items():
        if combo[0] in months:
            counts[tuple(combo[i] for i in at)] += n
    categories = [sorted({key[j] for key in counts}) for j in range(len(dims))]
    return LinkedTable(protect(dims, categories, counts, DisclosureRule()), months, published=published)


def test_one_december_departure_cannot_be_had_by_differencing_the_year_and_eleven_months():
    occurring = Counter({combo: n for combo, n in records(4).items() if combo[0] != "2025-12"})
    occurring[("2025-12", "AM", "F", "Y18-34")] += 1
    year = table(occurring, ("citizenship",), YEAR, published=True)
    eleven = table(occurring, ("citizenship",), JAN_TO_NOV)
    before = IntruderModel.build([year, eleven], occurring, ATTRIBUTES).exposures()
    assert {(e.target.key, e.value, e.low, e.high) for e in before} >= {((TOTAL,), 1, 1, 1)}
    linked = protect_linked([year, eleven], occurring, ATTRIBUTES)
    assert linked[0].table is year.table  # what was published stays as it was
    assert linked[1].table.text(("AM",)) == "c" or linked[1].table.text((TOTAL,)) == "c"
    assert IntruderModel.build(linked, occurring, ATTRIBUTES).exposures() == []


def test_two_tables_of_the_same_people_are_protected_together():
    for seed in (1, 2, 3):
        occurring = records(seed, 120)
        tables = [table(occurring, ("citizenship", "sex"), YEAR), table(occurring, ("citizenship", "age_class"), YEAR),
                  table(occurring, ("citizenship", "sex"), JAN_TO_NOV)]
        linked = protect_linked(tables, occurring, ATTRIBUTES)
        assert IntruderModel.build(linked, occurring, ATTRIBUTES).exposures() == []
        # Linking only ever hides more: every figure hidden alone is still hidden.
        for alone, together in zip(tables, linked, strict=True):
            assert {k for k, s in alone.table.status.items() if s.value != "shown"} <= {
                k for k, s in together.table.status.items() if s.value != "shown"}


def test_a_household_worked_out_by_differencing_two_releases_is_exposed_and_then_protected():
    """December's five Moldovans are one family: the year (10) less its first eleven months (5) pins them."""
    occurring = Counter({("2025-06", "GE", "F", "Y18-34"): 12, ("2025-12", "GE", "M", "Y18-34"): 9,
                         ("2025-06", "MD", "F", "Y18-34"): 5, ("2025-12", "MD", "F", "Y18-34"): 2,
                         ("2025-12", "MD", "F", "Y_LT14"): 3})
    households = {combo: None for combo in occurring}  # the Georgians: many cases
    households[("2025-06", "MD", "F", "Y18-34")] = frozenset({1, 2, 3, 4, 5})
    households[("2025-12", "MD", "F", "Y18-34")] = frozenset({6})  # a mother and her daughter ...
    households[("2025-12", "MD", "F", "Y_LT14")] = frozenset({6})  # ... and her three younger children
    year = table(occurring, ("citizenship",), YEAR, published=True)
    eleven = table(occurring, ("citizenship",), JAN_TO_NOV)
    assert IntruderModel.build([year, eleven], occurring, ATTRIBUTES).exposures() == []  # persons alone: 5 is enough
    exposed = IntruderModel.build([year, eleven], occurring, ATTRIBUTES, households, cap=5).exposures()
    assert {(e.target.key, e.target.part, e.value, e.low, e.high) for e in exposed} >= {
        (("MD",), "2025-12..2025-12", 5, 5, 5)}
    linked = protect_linked([year, eleven], occurring, ATTRIBUTES, households, cap=5)
    assert linked[0].table is year.table
    assert linked[1].table.text(("MD",)) == "c"
    assert IntruderModel.build(linked, occurring, ATTRIBUTES, households, cap=5).exposures() == []
