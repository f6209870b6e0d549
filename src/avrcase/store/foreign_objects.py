"""Triggers and views in a SQLite store (triggers and rules in a PostgreSQL one) that avrcase did not make.

A trigger added with other tools runs inside avrcase's own writes: one on ``audit_entries`` can delete each
entry as it is written, one on ``cases`` can copy every name elsewhere. The only ones avrcase makes keep the
search index in step (``search_index``); any other trigger, a changed one, or a view, and the store is not
opened: nothing is written to it, and ``avrcase db check`` names them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection

from avrcase.domain.errors import StoreError
from avrcase.i18n import _
# The triggers and rewrite rules on a PostgreSQL store's tables: defined where the sign-in screen's look at the
# server reads them without SQLAlchemy; kept importable from here.
from avrcase.store.server_probe import PG_QUERY as PG_QUERY

#: What lists a store's triggers and views (sqlite3 or SQLAlchemy's ``exec_driver_sql``).
QUERY = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"


def _words(sql: str | None) -> str:
    return " ".join((sql or "").split())


def foreign(rows: Iterable[tuple[str, str, str, str | None]]) -> list[str]:
    """``“name” on table`` for each trigger or view in ``rows`` (of ``QUERY``) that avrcase did not make."""
    from avrcase.store.search_index import TRIGGERS

    found = []
    for kind, name, table, sql in rows:
        if kind == "trigger" and name in TRIGGERS and _words(sql) == _words(TRIGGERS[name]):
            continue
        if kind == "trigger":
            found.append(_("the trigger “%(name)s” on %(table)s") % {"name": name, "table": table})
        elif kind == "rule":
            found.append(_("the rule “%(name)s” on %(table)s") % {"name": name, "table": table})
        else:
            found.append(_("the view “%(name)s”") % {"name": name})
    return found


def refuse(rows: Iterable[tuple[str, str, str, str | None]], *, server: bool = False) -> None:
    """Raise ``StoreError`` naming what avrcase did not make, if ``rows`` (of ``QUERY`` or, on a ``server``,
    ``PG_QUERY``) hold any."""
    found = foreign(rows)
    if found and server:
        raise StoreError(_("The store on the server holds %(objects)s, which avrcase did not make: it could change or "
                           "hide what avrcase writes, so it was not opened and nothing was changed. Ask whoever runs "
                           "the database server to remove it.") % {"objects": ", ".join(found[:3])})
    if found:
        raise StoreError(_("The store holds %(objects)s, which avrcase did not make: it was changed with other tools "
                           "and could change or hide what avrcase writes, so it was not opened and nothing was "
                           "changed. Restore a backup (avrcase db restore).") % {"objects": ", ".join(found[:3])})


def refuse_in(connection: Connection) -> None:
    """``refuse`` for the store ``connection`` is on, SQLite or PostgreSQL."""
    if connection.dialect.name == "sqlite":
        refuse(connection.exec_driver_sql(QUERY).fetchall())
    else:
        refuse(connection.exec_driver_sql(PG_QUERY).fetchall(), server=True)
