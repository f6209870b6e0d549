"""A first look at a store file with the standard library alone (no SQLAlchemy), so that the desktop app can
show its sign-in screen before the heavy modules load (#14).

``everyday_store`` answers only for the store an office opens every working day: a plain SQLite file at this
schema, closed cleanly, with accounts to sign in to. Anything else (a new, older, newer, foreign, encrypted,
damaged or read-only file, one left unclean by a crash, a compaction to finish, the first run, the office
server) is ``None``, and ``schema.open_store`` deals with it before anything is shown, as always.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
#: The newest migration in ``store/migrations/versions``; a test keeps it equal to Alembic's head, so
#: opening an up-to-date store only compares this string and never imports Alembic.
SCHEMA_HEAD = "0027"
_SQLITE_FILE_URL = "sqlite:///"
#: The environment variable naming the store (as ``--db``).
ENV_DB = "AVRCASE_DB"


def default_store_path() -> Path:
    """The embedded store in the user's data folder (never a network share)."""
    from platformdirs import user_data_path

    return user_data_path("avrcase", appauthor=False) / "avrcase.sqlite"


def compaction_marker(path: Path) -> Path:
    """The file that says a compaction of the store at ``path`` was asked for and has not finished."""
    return path.with_name(path.name + ".compact-pending")


#: The files SQLite keeps beside a database while it is open (WAL mode) or in a write (rollback journal).
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` read-only and leaves nothing beside it, for looking at a file before opening it.

    Read-only, a file in WAL mode got -wal and -shm files that the connection cannot remove again (it may not
    checkpoint), so a refused file was left with two new files beside it. With no side file there nobody has it
    open, and read as immutable it gets none; side files that are there are someone else's (or hold data) and
    are used as they are, never removed.
    """
    alone = not any(path.with_name(path.name + suffix).exists() for suffix in SIDE_SUFFIXES)
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if alone else "")


def left_unclean(path: Path | None) -> bool:
    """True when a write-ahead log was left behind: the last process using the store did not close it.

    (SQLite removes the log when the last connection closes cleanly; a crash, or another process that
    has the store open right now, leaves it. Either way a full check before use is the safe choice.)
    """
    if path is None:
        return False
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


#: The store files this process has connected to (``note_connected_here``); resolved paths.
_CONNECTED_HERE: set[Path] = set()


def note_connected_here(path: Path) -> None:
    """This process connects to the SQLite file at ``path`` (``store.engine`` calls it for every engine it makes).

    From then on ``left_by_a_crash`` does not look at the file's locks: closing the probe's own handle on the
    ``-shm`` file would drop the locks this process's connections hold on it (POSIX locks belong to the process).
    """
    _CONNECTED_HERE.add(path.resolve())


def held_by_another_process(store: Path) -> bool:
    """Whether another process has the SQLite store at ``store`` open: each connection holds a shared lock on
    one byte of the write-ahead index (``-shm``, byte 128, SQLite's "DMS" lock) for as long as it is open.

    POSIX only (Linux, macOS); on Windows an open store cannot be replaced at all. Opening and closing the
    ``-shm`` file drops this process's own locks on it, so call it only once this process let the store go.
    """
    if os.name != "posix":
        return False
    import fcntl

    try:
        fd = os.open(f"{store}-shm", os.O_RDWR)
    except OSError:
        return False  # no index: nobody has the store open in write-ahead mode
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128, os.SEEK_SET)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, 128, os.SEEK_SET)
        return False
    finally:
        os.close(fd)


def left_by_a_crash(path: Path | None) -> bool:
    """``left_unclean``, unless another process on this computer has the store open right now (a window, a
    command): its log is that process's work in progress, not a crash's, and needs no full check (#14: a command
    run while the desktop app is open paid the whole store's integrity check). On Windows, and once this process
    has connected to the store itself, a log left behind is always taken for a crash's."""
    if path is None or not left_unclean(path):
        return False
    if os.name != "posix" or path.resolve() in _CONNECTED_HERE:
        return True
    return not held_by_another_process(path)


def stopped_without_closing(path: Path | None) -> bool:
    """True when the last program to use the store at ``path`` stopped without closing it (killed, the power
    lost) and this process has not opened it yet: what the first window says after a crash."""
    if path is None or path.resolve() in _CONNECTED_HERE:
        return False
    return left_by_a_crash(path)


def sqlite_file_url(path: Path | str) -> str:
    """The SQLAlchemy URL of the SQLite file at ``path``: a ``%`` or ``?`` in a folder's or the file's name is
    escaped (``pct%20dir`` was opened as ``pct dir``, and ``q?dir/s.sqlite`` as the file ``q``)."""
    return _SQLITE_FILE_URL + str(path).replace("%", "%25").replace("?", "%3F")


def plain_sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///`` URL with nothing to decode (no query, no escapes); else ``None``."""
    if not url.startswith(_SQLITE_FILE_URL) or any(c in url for c in "?%#"):
        return None
    rest = url[len(_SQLITE_FILE_URL):]
    return Path(rest) if rest and rest != ":memory:" else None


#: The triggers avrcase makes (``search_index.TRIGGERS``, which a test compares with this; that module needs
#: SQLAlchemy, this one must not).
_SEARCH_INDEX_TRIGGERS = frozenset({"cases_fts_ai", "cases_fts_ad", "cases_fts_au"})


@dataclass(frozen=True)
class EverydayStore:
    """A store that opens as on every working day (see ``everyday_store``)."""

    path: Path
    #: Created as a demo store: the sign-in screen names the demo accounts (``services.store_kind``).
    demo: bool


def everyday_store(url: str) -> EverydayStore | None:
    """The store at ``url`` when it is a plain SQLite file at ``SCHEMA_HEAD``, readable and writable, closed
    cleanly, with no compaction pending and someone who can sign in; ``None`` for anything else."""
    path = plain_sqlite_file(url)
    if path is None:
        return None
    try:
        if (not path.is_file() or path.stat().st_size == 0 or not os.access(path, os.R_OK | os.W_OK)
                or not os.access(path.parent, os.W_OK) or left_by_a_crash(path) or compaction_marker(path).exists()):
            return None
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        # A read-write connection that only reads: closed as the last one, it leaves no log behind.
        connection = sqlite3.connect(str(path), timeout=0.5)
        try:
            revisions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            if revisions != [(SCHEMA_HEAD,)]:
                return None
            if connection.execute("SELECT 1 FROM users WHERE password_hash IS NOT NULL LIMIT 1").fetchone() is None:
                return None  # the first run: the first-run dialog, after the full open
            made = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')")}
            if made - _SEARCH_INDEX_TRIGGERS:
                return None  # made with other tools: the full open refuses it (``foreign_objects``) before sign-in
            kind = connection.execute("SELECT demo FROM store_info WHERE id = 1").fetchone()
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        return None
    return EverydayStore(path, demo=bool(kind and kind[0]))


def refuse_unwritable(path: Path) -> None:
    """A store on a read-only disk, or a file or folder this account may not write, is refused in one line: every
    sign-in and every case opened is written on its audit trail, and SQLite said only "unable to open database file"
    or "attempt to write a readonly database"."""
    from avrcase.domain.errors import StoreError
    from avrcase.i18n import _

    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):  # the folder takes the write-ahead log
        raise StoreError(_("The store %(path)s cannot be written to: the file or its folder is read-only for this "
                           "account. avrcase writes every sign-in and every case opened on the audit trail, so it "
                           "needs to write there; nothing was changed.") % {"path": path})
