"""Date arithmetic the statistics need, as SQL for SQLite and PostgreSQL.

Kept apart so that the one dialect-specific piece of the statistics is in one place; each construct
compiles to plain SQL functions (``strftime`` on SQLite, ``to_char``/``EXTRACT`` on PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import Date, Integer, String, case, cast, extract, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from avrcase.domain.periods import AgeClass


class month_code(FunctionElement):  # noqa: N801  (reads as an SQL function)
    """``YYYY-MM`` of a date or timestamp column."""

    type = String()
    inherit_cache = True


class utc_day(FunctionElement):  # noqa: N801
    """The UTC calendar day of a timestamp column (stored as UTC without an offset)."""

    type = Date()
    inherit_cache = True


class age_years(FunctionElement):  # noqa: N801
    """Completed years between a date of birth (second argument) and a reference day (first)."""

    type = Integer()
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


@compiles(age_years)
def _age_default(element, compiler, **kw):
    ref, dob = list(element.clauses)

    def part(fmt, value):
        return func.strftime(fmt, value)

    years = cast(part("%Y", ref), Integer) - cast(part("%Y", dob), Integer)
    before_birthday = case((part("%m-%d", ref) < part("%m-%d", dob), 1), else_=0)
    return compiler.process(years - before_birthday, **kw)


@compiles(age_years, "postgresql")
def _age_pg(element, compiler, **kw):
    ref, dob = list(element.clauses)
    years = cast(extract("year", ref), Integer) - cast(extract("year", dob), Integer)
    before_birthday = case((func.to_char(ref, "MM-DD") < func.to_char(dob, "MM-DD"), 1), else_=0)
    return compiler.process(years - before_birthday, **kw)


def age_class(reference_day, date_of_birth):
    """SQL for the Eurostat age class of a person on a reference day (see ``domain.periods.AgeClass``)."""
    age = age_years(reference_day, date_of_birth)
    return case(
        (date_of_birth.is_(None), AgeClass.UNKNOWN.value),
        (age < 0, AgeClass.UNKNOWN.value),
        (age < 14, AgeClass.UNDER_14.value),
        (age < 18, AgeClass.FROM_14_TO_17.value),
        (age < 35, AgeClass.FROM_18_TO_34.value),
        else_=AgeClass.FROM_35.value,
    )
