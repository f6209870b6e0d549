"""Where the store is and how to connect: SQLite pragmas, BEGIN IMMEDIATE, PostgreSQL URLs.

Nothing SQLite-specific leaks past this module (and ``store/schema.py``, which upgrades a store).
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from avrcase.domain.errors import StoreError
from avrcase.i18n import _
from avrcase.store.encryption import StoreKey
from avrcase.store.probe import ENV_DB as ENV_DB
from avrcase.store.probe import default_store_path as default_store_path
from avrcase.store.probe import note_connected_here, sqlite_file_url

BUSY_TIMEOUT_MS = 10_000
#: Each connection's page cache, at most (SQLite's own default is 2 MB: 500 pages of a store of 600 MB at 100,000
#: cases). A search keystroke reads about a thousand cases spread over the store, their people and name keys: with
#: 2 MB those pages were read from the file again at every keystroke ("Khutsishvili": its page's statement took 7.4
#: against 3.4 ms). 16 MB kept them as well as 32 or 64 MB did (8 MB did not). The cache fills only as far as a
#: connection reads: scrolling the list's model to the end grew the peak memory by 27 MB (13 MB with 2 MB, 44 with
#: 32 MB; #14).
CACHE_KIB = 16 * 1024
#: Execution option: begin this connection's transactions with BEGIN IMMEDIATE (a writer).
WRITE_OPTION = "avrcase_write"
# The key each encrypted engine was opened with, so an administrator's session can wrap new slots.
# Keyed by the dialect, which an engine shares with its ``execution_options`` copies and keeps on dispose().
_ENGINE_KEYS: weakref.WeakKeyDictionary[object, StoreKey] = weakref.WeakKeyDictionary()


def resolve_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db`` / ``AVRCASE_DB``: a file path or a URL; else the default file."""
    value = db or os.environ.get(ENV_DB) or ""
    if not value:
        path = default_store_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite_file_url(path)
    if "://" in value:
        try:
            parsed = make_url(value)
            backend, _port = parsed.get_backend_name(), parsed.port  # a port of letters is found here, not later
        except (ArgumentError, ValueError) as exc:
            raise StoreError(_("“%(db)s” is neither a file path nor a database URL.") % {"db": _shown(value)}) from exc
        if backend not in SUPPORTED_BACKENDS:
            raise StoreError(_("“%(db)s”: a store is a SQLite file or a PostgreSQL database (postgresql://…), "
                               "not %(kind)s.") % {"db": _shown(value), "kind": backend})
        return value
    return sqlite_file_url(Path(value).expanduser().resolve())


#: The databases a store can live in.
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def _shown(url: str) -> str:
    """A URL as it may be printed: any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url.split("@")[-1] if "@" in url else url


def is_server_url(url: str) -> bool:
    """True when ``url`` names a database server (the office's PostgreSQL) rather than a file on this computer."""
    return make_url(url).get_backend_name() != "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None`` for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_sqlite(engine: Engine) -> bool:
    """True when the engine talks to an embedded SQLite file."""
    return engine.dialect.name == "sqlite"


def store_key_of(engine: Engine) -> StoreKey | None:
    """The SQLCipher key ``engine`` was opened with; ``None`` for a plain store."""
    return _ENGINE_KEYS.get(engine.dialect)


def connect_sqlcipher(path: Path, key: StoreKey | None):
    """A raw SQLCipher connection to ``path``, keyed with the raw hex key first (``None``: a plain file)."""
    import sqlcipher3

    connection = sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not SQLCipher's log lines
    if key is not None:
        connection.execute(f'PRAGMA key = "{key.pragma_value()}"')
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            connection.close()
            raise StoreError(_("The key does not open the store %(path)s; nothing was changed.") % {"path": path}) from exc
    return connection


def create_store_engine(url: str, key: StoreKey | None = None) -> Engine:
    """An engine with the connection settings avrcase relies on; SQLCipher when a ``key`` is given.

    ``hide_parameters``: a database error's text leaves out the statement's values (names, birth dates, document
    numbers), so a message or a log line made from it carries no one's data.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        note_connected_here(Path(parsed.database))

    if key is None:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
                               hide_parameters=True)
    else:
        # SQLCipher speaks the sqlite3 DB-API; the key must be the first statement on each connection.
        path = Path(parsed.database)
        engine = create_engine(url, creator=lambda: connect_sqlcipher(path, key), hide_parameters=True)
        _ENGINE_KEYS[engine.dialect] = key

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins (the pysqlite recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # negative: in KiB, not pages
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # In WAL a read-then-write transaction fails at once with "database is locked" when another
        # connection wrote in between; a writer therefore takes the write lock up front.
        if connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


#: What to do when ``schema.open_store`` makes a store file where there was none (``when_a_store_is_made``).
_ON_MADE: list[Callable[[Path], None]] = []


def when_a_store_is_made(action: Callable[[Path], None]) -> None:
    """Call ``action(path)`` whenever this process makes a new store file (the services register theirs)."""
    if action not in _ON_MADE:
        _ON_MADE.append(action)


def note_made_here(path: Path) -> None:
    """A new store file was made at ``path``."""
    for action in _ON_MADE:
        action(path.resolve())
