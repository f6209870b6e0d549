"""Anonymised files of nested periods: the normal series is released (a year after its four quarters), a pair of
files whose difference singles out a few returnees is refused (``microdata_overlap``). Ten returnees left in
December of the test year (``FIXED_TODAY``)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from avrcase.domain.errors import ValidationError
from avrcase.domain.periods import Granularity, Period
from avrcase.services.statistics import anonymised_export
from avrcase.services.uow import unit_of_work
from avrcase.store.models import StatisticsRelease
from tests.services.statistics.test_anonymised_export import store  # noqa: F401  (fixture)
from tests.support.actors import MANAGER
from tests.support.clock import FIXED_TODAY

YEAR = FIXED_TODAY.year


def months(first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(YEAR, first, 1), Period.containing(dt.date(YEAR, last, 1), Granularity.MONTH).last_day


def release(engine, span, k=3):
    with unit_of_work(engine) as session:
        return anonymised_export.export_anonymised(session, MANAGER, *span, k)


def registered(engine) -> list[tuple[dt.date, dt.date]]:
    with unit_of_work(engine, write=False) as session:
        return [tuple(r) for r in session.execute(select(StatisticsRelease.date_from, StatisticsRelease.date_to)
                                                   .where(StatisticsRelease.kind == "microdata"))]


def refused(engine, span, k=3) -> str:
    before = registered(engine)
    with pytest.raises(ValidationError) as caught:
        release(engine, span, k)
    assert registered(engine) == before  # nothing released, nothing registered
    return str(caught.value)


def test_the_year_after_its_four_quarters_is_released(store):  # noqa: F811
    """It was refused: "An anonymised file of …-01-01 to …-03-31 was released before …" (any overlap was)."""
    engine = store[0]
    quarters = [months(first, first + 2) for first in (1, 4, 7, 10)]
    for quarter in quarters:
        release(engine, quarter)
    year = release(engine, months(1, 12))
    assert len(year.rows) == len(release(engine, quarters[3]).rows) > 0  # all ten left in December
    assert registered(engine) == [*quarters, months(1, 12), quarters[3]]


def test_a_quarter_after_its_year_and_the_year_after_its_first_quarter_are_released(store):  # noqa: F811
    engine = store[0]
    release(engine, months(1, 3))
    release(engine, months(1, 12))  # what the two differ by: nine months, ten households
    release(engine, months(10, 12))  # the year less October–December: nobody left then
    assert len(registered(engine)) == 3


def test_a_year_after_files_that_leave_out_only_december_is_refused(store):  # noqa: F811
    engine = store[0]
    release(engine, months(1, 6))
    release(engine, months(7, 11))
    message = refused(engine, months(1, 12))
    assert f"An anonymised file of {YEAR}-01-01 to {YEAR}-06-30 was released before." in message
    assert f"(the months {YEAR}-12, fewer than 3)" in message


def test_a_smaller_period_that_leaves_one_month_of_a_larger_released_one_is_refused(store):  # noqa: F811
    engine = store[0]
    release(engine, months(10, 12))
    message = refused(engine, months(10, 11))
    assert f"An anonymised file of {YEAR}-10-01 to {YEAR}-12-31 was released before." in message
    assert f"the months {YEAR}-12, fewer than 3" in message


def test_a_period_overlapping_another_in_part_is_refused(store):  # noqa: F811
    engine = store[0]
    release(engine, months(1, 3))
    assert "the periods overlap in part" in refused(engine, months(2, 4))


def test_a_difference_of_months_holding_fewer_than_k_households_is_refused(store):  # noqa: F811
    engine = store[0]
    release(engine, months(1, 3), k=11)
    message = refused(engine, months(1, 12), k=11)
    assert f"the returnees of {YEAR}-04, {YEAR}-05" in message and "of fewer than 11 households" in message


def test_a_half_year_after_its_year_whose_difference_holds_a_small_group_is_refused(engine, store_templates):
    """The demo store's 2025, then its first half: both files write the year as the period, sub-regions and adults,
    and the year's rows less the half's were the second half's returnees by group, two of Central Asia among
    them with their vulnerabilities. The half year is refused now; a quarter with nobody in the year's groups is not."""
    from tests.services.statistics.test_release_intruder import demo_2026

    demo_2026(engine, store_templates)
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert release(engine, year, k=5).rows
    message = refused(engine, (dt.date(2025, 1, 1), dt.date(2025, 6, 30)), k=5)
    assert "a group of fewer than 5 returnees of the same citizenship, sex, age, country and period" in message
    assert release(engine, (dt.date(2025, 7, 1), dt.date(2025, 9, 30)), k=5).rows == ()
