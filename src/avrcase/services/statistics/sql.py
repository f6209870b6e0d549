"""Date arithmetic the statistics need, as SQL for SQLite and PostgreSQL.

Kept apart so that the one dialect-specific piece of the statistics is in one place; each construct
compiles to plain SQL functions (``strftime`` on SQLite, ``to_char``/``EXTRACT`` on PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import Date, Integer, String, case, cast, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.util import find_tables

from avrcase.domain.periods import AgeClass


class month_code(FunctionElement):  # noqa: N801  (reads as an SQL function)
    """``YYYY-MM`` of a date or timestamp column."""

    type = String()
    inherit_cache = True


class utc_day(FunctionElement):  # noqa: N801
    """The UTC calendar day of a timestamp column (stored as UTC without an offset)."""

    type = Date()
    inherit_cache = True


@compiles(month_code)
def _month_code_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return compiler.process(func.strftime("%Y-%m", value), **kw)


@compiles(month_code, "postgresql")
def _month_code_pg(element, compiler, **kw):
    (value,) = list(element.clauses)
    return compiler.process(func.to_char(value, "YYYY-MM"), **kw)


@compiles(utc_day)
def _utc_day_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return compiler.process(func.date(value), **kw)


@compiles(utc_day, "postgresql")
def _utc_day_pg(element, compiler, **kw):
    (value,) = list(element.clauses)
    return "CAST(%s AS DATE)" % compiler.process(value, **kw)


class date_key_gap(FunctionElement):  # noqa: N801
    """``YYYYMMDD`` of a reference day minus ``YYYYMMDD`` of a date of birth, as whole numbers: its ten
    thousands are the completed years (``age < n`` exactly when the gap ``< n * 10000``; a birthday not yet
    reached that year, 29 February too, shows in the last four digits), negative for a birth after the day."""

    type = Integer()
    inherit_cache = True


@compiles(date_key_gap)
def _gap_default(element, compiler, **kw):
    ref, dob = list(element.clauses)
    return compiler.process(cast(func.strftime("%Y%m%d", ref), Integer) - cast(func.strftime("%Y%m%d", dob), Integer), **kw)


@compiles(date_key_gap, "postgresql")
def _gap_pg(element, compiler, **kw):
    ref, dob = list(element.clauses)
    return compiler.process(cast(func.to_char(ref, "YYYYMMDD"), Integer) - cast(func.to_char(dob, "YYYYMMDD"), Integer), **kw)


def age_class(reference_day, date_of_birth):
    """SQL for the Eurostat age class of a person on a reference day (see ``domain.periods.AgeClass``).

    Compares the date-key gap with the class limits instead of computing the age in every branch: two date
    formattings per test instead of four (the dashboard's returnees by age: 31,000 people at 100,000 cases).
    """
    gap = date_key_gap(reference_day, date_of_birth)
    return case(
        (date_of_birth.is_(None), AgeClass.UNKNOWN.value),
        (gap < 0, AgeClass.UNKNOWN.value),
        (gap < 14 * 10000, AgeClass.UNDER_14.value),
        (gap < 18 * 10000, AgeClass.FROM_14_TO_17.value),
        (gap < 35 * 10000, AgeClass.FROM_18_TO_34.value),
        else_=AgeClass.FROM_35.value,
    )


def tables_read(columns) -> set:
    """Every table the ``columns`` read, inside their subqueries too (to join only those)."""
    return {table for column in columns for table in find_tables(column, check_columns=True)}
