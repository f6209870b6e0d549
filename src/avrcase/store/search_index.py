"""Index-backed substring search over ``cases.search_text``: FTS5 trigram on SQLite, ``pg_trgm`` on PostgreSQL.

On SQLite an external-content FTS5 table (``cases_fts``, trigram tokenizer, SQLite ≥ 3.34) mirrors
``cases.search_text`` through triggers, so every writer (registration, edits, the demo, retention) keeps
it in sync without knowing about it. On PostgreSQL a GIN index with ``gin_trgm_ops`` serves the very
same ``LIKE '%token%'`` the service already writes. Where neither is available search falls back to a
scan, with the same results.
"""

from __future__ import annotations

import logging
import weakref

from sqlalchemy import Connection, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

#: The FTS5 table (SQLite) and the trigram index (PostgreSQL); neither is described by the models.
FTS_TABLE = "cases_fts"
TRGM_INDEX = "ix_cases_search_text_trgm"
#: Substrings shorter than a trigram cannot use either index; search keeps ``LIKE`` for them.
MIN_INDEXED_LENGTH = 3

_TRIGGERS = {
    "cases_fts_ai": f"""CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
    "cases_fts_ad": f"""CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""",
    "cases_fts_au": f"""CREATE TRIGGER cases_fts_au AFTER UPDATE OF search_text ON cases BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END""",
}
#: The only triggers avrcase makes, by name (``foreign_objects`` refuses a store with any other).
TRIGGERS = _TRIGGERS


def is_index_object(name: str | None) -> bool:
    """True for the search index's own tables and index, which the models deliberately do not describe."""
    return bool(name) and (name == TRGM_INDEX or name == FTS_TABLE or str(name).startswith(FTS_TABLE + "_"))


def _sqlite_supports_trigram(connection: Connection) -> bool:
    version = connection.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    if tuple(int(p) for p in str(version).split(".")[:2]) < (3, 34):
        return False
    options = {row[0] for row in connection.exec_driver_sql("PRAGMA compile_options")}
    return "ENABLE_FTS5" in options


def _sqlite_has_table(connection: Connection) -> bool:
    return connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)).first() is not None


def create(connection: Connection) -> bool:
    """Build the index for the store on ``connection`` (a migration step); False where the database has none."""
    if connection.dialect.name == "sqlite":
        if not _sqlite_supports_trigram(connection):
            return False
        if not _sqlite_has_table(connection):
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='cases', content_rowid='id', "
                "tokenize='trigram')")
        repair(connection)
        return True
    if connection.dialect.name == "postgresql":
        savepoint = connection.begin_nested()
        try:
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - no right to add the extension: search stays a scan, as before
            savepoint.rollback()
            return False
        savepoint.commit()
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON cases USING gin (search_text gin_trgm_ops)")
        return True
    return False


def repair(connection: Connection) -> None:
    """Recreate missing triggers and rebuild the FTS table from ``cases`` (after a migration rebuilt ``cases``).

    SQLite drops a table's triggers with the table, so a batch rebuild of ``cases`` in a later migration
    would leave the index silently stale; the store runs this after every migration.
    """
    if connection.dialect.name != "sqlite" or not _sqlite_has_table(connection):
        return
    present = {row[0] for row in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases'")}
    missing = [name for name in _TRIGGERS if name not in present]
    for name in missing:
        connection.exec_driver_sql(_TRIGGERS[name])
    if missing or len(present) == 0:
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def check(connection: Connection) -> bool:
    """Compare the FTS table with ``cases``; rebuild it when they differ. True when it was consistent.

    Part of the full store check (after a migration or crash, ``avrcase db check``): the index is derived
    data, so a stale one is rebuilt rather than reported as damage.
    """
    if connection.dialect.name != "sqlite" or not _sqlite_has_table(connection):
        return True
    try:
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
        return True
    except DatabaseError as exc:
        if "locked" in str(exc.orig) or "busy" in str(exc.orig):
            # Another process is writing: that says nothing about the index. Rebuilding it (a write of every
            # case) then failed on the same lock and the command with it ("database is locked"), 9 runs in 60
            # with four processes writing at once. The index is checked again at the next full check.
            connection.rollback()
            log.info("search index not checked: another process is writing to the store")
            return True
        log.warning("search index out of step with the cases; rebuilt")
        connection.rollback()
        repair(connection)
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        connection.commit()
        return False


def drop(connection: Connection) -> None:
    """Remove the index (downgrade)."""
    if connection.dialect.name == "sqlite":
        for name in _TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


def fts_phrase(token: str) -> str | None:
    """The FTS5 query (a phrase) that finds exactly the cases ``search_text LIKE '%token%'`` finds, or ``None``
    where only ``LIKE`` says it: a token of fewer than three letters, of letters beyond ASCII, or holding ``%``
    or ``_`` (which ``LIKE`` reads as wildcards).

    A phrase of the trigram tokenizer is the token's trigrams one after the other: the token itself, its
    letters compared after folding their case. ``LIKE`` folds ASCII letters alone; for an ASCII token both
    then agree, as long as no character beyond ASCII of the text folds to an ASCII letter: only U+0130 (İ)
    and U+212A (the Kelvin sign) do, and ``search_text`` never holds either (every part of it went through
    ``str.lower()`` or NFKD, which leave neither). Asking the index for the phrase reads its rows' ids
    alone; asking it for ``LIKE`` reads every candidate case's text as well to check it (904 cases for
    "khut" at 100,000: 2.9 against 0.2 ms, #14).
    """
    if len(token) < MIN_INDEXED_LENGTH or not token.isascii() or "%" in token or "_" in token:
        return None
    return '"' + token.replace('"', '""') + '"'


#: Keyed by the engine's pool: each unit of work binds a copy of the engine (its own execution options), and the
#: copies share the pool (a copy as the key was gone after each keystroke, and the table looked up again).
_HAS_FTS: weakref.WeakKeyDictionary[object, bool] = weakref.WeakKeyDictionary()


def uses_fts(session: Session) -> bool:
    """True when case search on this session's store goes through the FTS5 table (looked up once per engine)."""
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    known = _HAS_FTS.get(engine.pool)
    if known is None:
        known = engine.dialect.name == "sqlite" and session.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": FTS_TABLE}).first() is not None
        _HAS_FTS[engine.pool] = known
    return known
