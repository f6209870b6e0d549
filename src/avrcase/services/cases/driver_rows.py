"""A listing's rows as the database driver gives them (no result rows made: that was a fifth of listing a
store, #14), what the column types make of the driver's values, the principal's name as the list shows it, and a
page of a listing as text and as CSV lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Dialect, Select

from avrcase.domain.names import capitals
from avrcase.exports.csv_safe import csv_lines, lines_as_they_are


def driver_rows(connection: Connection, statement: Select, values: dict[str, Any] | None = None) -> Sequence[Any]:
    """The rows of ``statement`` (``values``: of its named parameters) as the driver gives them (no result rows made)."""
    result = connection.execute(statement, values or None)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def principal_name(family: str | None, given: str | None, citizenship: str | None) -> str:
    """``display_name`` as the list shows a principal, written out: it runs once per case of a listing."""
    return f"{capitals(family, citizenship or '')} {given}" if family and given else _lone_name(family, given, citizenship)


def _lone_name(family: str | None, given: str | None, citizenship: str | None) -> str:
    """The principal's name where one part is empty; the damage in words where the principal's row is missing
    (deleted by hand with foreign keys off: ``avrcase db check`` names the case, and opening it says the same)."""
    if family is None:  # (counselling imports the forms' validation and Babel: not for every listing, #14)
        from avrcase.services.cases.counselling import missing_principal_name

        return missing_principal_name()
    return capitals(family, citizenship or "") or given or ""


def read_as(column: Any, dialect: Dialect) -> Callable[[Any], Any]:
    """What the column's type makes of a value the driver read (itself when the type leaves it as it is)."""
    convert = column.type.dialect_impl(dialect).result_processor(dialect, None)
    return convert if convert is not None else _as_read


def _as_read(value: Any) -> Any:
    return value


#: The cells of a listing's line: case number, stage, principal's name, citizenship, country of return, household
#: size, registration date, counsellor, vulnerable.
LISTING_CELLS = 9


class CsvPage(NamedTuple):
    """A page of a listing as CSV lines: how many rows, and their lines."""

    rows: int
    text: str


def text_rows(rows: Sequence[Any]) -> list[tuple[str, ...]]:
    """A page of driver rows ``(id, number, stage, family, given, citizenship, country, size, registered, counsellor,
    vulnerable)`` as a listing prints it, every cell text: no citizenship or counsellor ``""``, the size's digits,
    the date ISO (a SQLite date is its ISO text already; a PostgreSQL one is a date), vulnerable ``yes`` or ``no``."""
    return [(r[1], r[2], principal_name(r[3], r[4], r[5]), r[5] or "", r[6] or "", str(r[7]),
             r[8] if type(r[8]) is str else r[8].isoformat(), r[9] or "", "yes" if r[10] else "no") for r in rows]


def csv_page(rows: Sequence[Any]) -> CsvPage:
    """The CSV lines of ``text_rows(rows)``, exactly as ``csv_lines`` makes them: written straight from the driver's
    rows and checked on the whole page at once; a page where a cell needs the safe-cell rule or quotes is made
    cell by cell. A line at a time cost half the CPU of a tuple and a join a row (#14)."""
    text = "".join([f"{r[1]},{r[2]},{principal_name(r[3], r[4], r[5])},{r[5] or ''},{r[6] or ''},{r[7]},"
                    f"{r[8] if type(r[8]) is str else r[8].isoformat()},{r[9] or ''},{'yes' if r[10] else 'no'}\n"
                    for r in rows])
    if not lines_as_they_are(text, len(rows), LISTING_CELLS * len(rows)):
        text = csv_lines(text_rows(rows))
    return CsvPage(len(rows), text)
