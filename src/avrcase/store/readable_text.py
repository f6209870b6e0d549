"""Text SQLite cannot give back: bytes stored in a text column that are not UTF-8.

SQLite keeps what it is given; ``integrity_check`` looks at pages and indexes, not at what a text holds. A
backup with a few bytes overwritten in a name passed every check, was restored over a sound store, and then
every listing and the full export failed ("Could not decode to UTF-8 column 'given_names' with text 'Aliaks…'",
part of a person's name in the message). Reading every text column once finds such damage; the message
names the table and column only, never what the text holds.
"""

from __future__ import annotations

from typing import Any

#: Declared column types whose values are text (SQLAlchemy's String/Text/JSON/Enum as SQLite stores them).
_TEXT_TYPES = ("CHAR", "TEXT", "CLOB", "JSON")


def _text_columns(execute: Any, table: str) -> list[str]:
    return [str(row[1]) for row in execute(f'PRAGMA table_info("{table}")').fetchall()
            if any(kind in str(row[2]).upper() for kind in _TEXT_TYPES)]


def unreadable_text(execute: Any) -> str | None:
    """``table.column`` of the first text that is not UTF-8, or ``None`` when every text reads; ``execute`` is a
    sqlite3-like connection's ``execute`` (or SQLAlchemy's ``exec_driver_sql``) whose driver decodes text."""
    tables = [str(row[0]) for row in execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").fetchall()]
    for table in tables:
        columns = _text_columns(execute, table)
        if not columns:
            continue
        try:
            names = ", ".join(f'"{column}"' for column in columns)
            cursor = execute(f'SELECT {names} FROM "{table}"')
            while cursor.fetchmany(5000):
                pass
        except Exception as exc:  # the driver's own error class; only a decoding failure is damage here
            if "decode" not in str(exc).lower():
                raise
            named = next((c for c in columns if f"column '{c}'" in str(exc)), "")
            return f"{table}.{named}" if named else table
    return None
