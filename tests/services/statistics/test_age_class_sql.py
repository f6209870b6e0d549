"""The age class computed in SQL (the statistics' GROUP BY) equals the one in Python, on both stores, at every
birthday edge: the day before, on and after each class limit, 29 February, a birth after the day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Date, literal, select

from avrcase.domain.periods import AgeClass
from avrcase.services.statistics.sql import age_class


def _pairs() -> list[tuple[dt.date, dt.date | None]]:
    pairs: list[tuple[dt.date, dt.date | None]] = []
    for on in (dt.date(2026, 3, 1), dt.date(2028, 2, 28), dt.date(2028, 2, 29), dt.date(2026, 12, 31)):
        for years in (0, 13, 14, 17, 18, 34, 35, 60):
            for shift in (-1, 0, 1):
                try:
                    born = on.replace(year=on.year - years) + dt.timedelta(days=shift)
                except ValueError:  # 29 February in a year without one
                    born = dt.date(on.year - years, 3, 1) + dt.timedelta(days=shift)
                pairs.append((on, born))
        pairs += [(on, dt.date(2012, 2, 29)), (on, dt.date(2010, 2, 28)), (on, on + dt.timedelta(days=3)), (on, None)]
    return pairs


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_age_class_in_sql_matches_python_at_every_birthday_edge(store_kind, request):
    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    pairs = _pairs()
    with engine.connect() as connection:
        shown = [connection.execute(select(age_class(literal(on, Date), literal(born, Date)))).scalar()
                 for on, born in pairs]
    expected = [AgeClass.at(born, on).value for on, born in pairs]
    assert shown == expected
    assert {AgeClass.UNKNOWN.value, AgeClass.UNDER_14.value, AgeClass.FROM_14_TO_17.value,
            AgeClass.FROM_18_TO_34.value, AgeClass.FROM_35.value} <= set(shown)


def test_sqlite_works_the_date_gap_out_once_a_row():
    """The returnees by age read 31,000 people at 100,000 cases: each class limit compared with its own gap
    made eight date conversions a row (#14)."""
    from sqlalchemy.dialects import sqlite

    sql = str(select(age_class(literal(dt.date(2026, 3, 1), Date), literal(None, Date)))
              .compile(dialect=sqlite.dialect()))
    assert sql.count("strftime") == 2
