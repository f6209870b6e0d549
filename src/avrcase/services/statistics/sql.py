"""SQL helpers the statistics need: date arithmetic for SQLite and PostgreSQL, and which tables a column reads.

Kept apart so that the dialect-specific pieces of the statistics are in one place; each date construct
compiles to plain SQL functions (``strftime`` on SQLite, ``to_char``/``width_bucket`` on PostgreSQL).
"""

from __future__ import annotations

import bisect
import datetime as dt

from sqlalchemy import Date, Integer, String, and_, case, cast, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.util import find_tables

from avrcase.domain.periods import AgeClass


def in_period(column, date_from: dt.date, date_to: dt.date):
    """``column`` (a UTC instant) falls on a day from ``date_from`` to ``date_to`` inclusive."""
    def start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    return and_(column >= start(date_from), column < start(date_to + dt.timedelta(days=1)))


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


class days_between(FunctionElement):  # noqa: N801
    """Whole days from the date ``earlier`` to the date ``later``: ``days_between(later, earlier)``."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return compiler.process(cast(func.julianday(later) - func.julianday(earlier), Integer), **kw)


@compiles(days_between, "postgresql")
def _days_between_pg(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return "(%s - %s)" % (compiler.process(later, **kw), compiler.process(earlier, **kw))


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


class age_class(FunctionElement):  # noqa: N801
    """The Eurostat age class (see ``domain.periods.AgeClass``) of a person born on ``date_of_birth`` (a
    column) on ``reference_day``: ``age_class(reference_day, date_of_birth)``.

    Works the date-key gap out once a row instead of the age in every branch (the dashboard's returnees by
    age: 31,000 people at 100,000 cases): SQLite looks the class up in a string by the gap's completed years,
    PostgreSQL, whose ``to_char`` is slow, finds it among the limits (``width_bucket``).
    """

    type = String()
    inherit_cache = True


_AGE_CLASSES = (AgeClass.UNKNOWN, AgeClass.UNDER_14, AgeClass.FROM_14_TO_17, AgeClass.FROM_18_TO_34, AgeClass.FROM_35)
_AGE_LIMITS = (0, 14 * 10000, 18 * 10000, 35 * 10000)  # the gap at which each class after the first starts


#: The class of each completed year from -1 (born after the day) to 35, six characters each: a gap clamped to
#: [-1, 359999] has its class at ``(gap + 10000) // 10000`` (a positive dividend: SQLite's division truncates).
_AGE_TABLE = "".join(f"{_AGE_CLASSES[bisect.bisect_right(_AGE_LIMITS, year * 10000)].value:<6}" for year in range(-1, 36))


@compiles(age_class)
def _age_class_default(element, compiler, **kw):
    ref, dob = list(element.clauses)
    gap = date_key_gap(ref, dob)
    # A CASE over the class limits would work the gap out again for each limit (eight date conversions a row):
    # clamp it once (SQLite's scalar min and max read each argument once) and look its class up in a string.
    at = (func.max(func.min(gap, _AGE_LIMITS[-1] + 9999), -1) + 10000) // 10000
    looked_up = func.rtrim(func.substr(literal(_AGE_TABLE, String()), at * 6 + 1, 6))
    return compiler.process(case((dob.is_(None), AgeClass.UNKNOWN.value), else_=looked_up), **kw)


@compiles(age_class, "postgresql")
def _age_class_pg(element, compiler, **kw):
    from sqlalchemy.dialects import postgresql  # loaded already when compiling for it; not on SQLite's start path

    ref, dob = list(element.clauses)
    bucket = func.width_bucket(date_key_gap(ref, dob), postgresql.array(_AGE_LIMITS))  # 0 below the first limit
    classes = postgresql.array([literal(cls.value, String()) for cls in _AGE_CLASSES])
    return compiler.process(case((dob.is_(None), AgeClass.UNKNOWN.value), else_=classes[bucket + 1]), **kw)


class case_list(FunctionElement):  # noqa: N801
    """An aggregate: the distinct case ids of a group, as text separated by commas."""

    type = String()
    inherit_cache = True


@compiles(case_list)
def _case_list_default(element, compiler, **kw):
    (value,) = list(element.clauses)
    return compiler.process(func.group_concat(value.distinct()), **kw)


@compiles(case_list, "postgresql")
def _case_list_pg(element, compiler, **kw):
    (value,) = list(element.clauses)
    return "string_agg(DISTINCT CAST(%s AS TEXT), ',')" % compiler.process(value, **kw)


def tables_read(columns) -> set:
    """Every table the ``columns`` read, inside their subqueries too (to join only those)."""
    return {table for column in columns for table in find_tables(column, check_columns=True)}
