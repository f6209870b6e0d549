"""A listing's rows as the database driver gives them (no result rows made: that was a fifth of listing a
store, #14), what the column types make of the driver's values, and the principal's name as the list shows it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Select

from avrcase.domain.names import capitals


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
