"""Live refresh across computers: a committed change is announced on PostgreSQL (``NOTIFY``) with its kind
and ids, and every other client listening re-queries what it shows, as for its own changes.

The unit of work collects what a session flushed and sends one ``pg_notify`` just before the commit, so
the note goes out with the commit and never for a rolled-back change (PostgreSQL delivers notifications
on commit only). ``ChangeListener`` is the receiving side: a thread with its own connection that calls
back ``on_change(kind, ids)``. SQLite stores (one computer) announce nothing: the in-process change bus
serves them.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable

from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "avrcase_changes"
#: This process: a client ignores its own notes (its change bus has told its screens already).
ORIGIN = uuid.uuid4().hex
#: The kinds announced; the same words as ``ui.change_bus`` (case ids unless the kind says otherwise).
CASES, USERS = "case", "user"
#: More ids than this in one commit are announced as "many" (an empty list), within NOTIFY's 8000 bytes.
MAX_IDS = 200
_KEY = "avrcase_live_changes"
#: Bookkeeping rows that no screen shows as such (the audit trail is read on request, not live).
_QUIET_TABLES = frozenset({"audit_entries", "case_sequences", "person_name_keys", "store_info"})


def watch(session: Session) -> None:
    """Collect what ``session`` flushes, for ``announce`` (a no-op on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    changes: dict[str, set[int]] = {}
    session.info[_KEY] = changes

    @event.listens_for(session, "after_flush")
    def _after_flush(flushed: Session, _context) -> None:
        for obj in (*flushed.new, *flushed.dirty, *flushed.deleted):
            _note(changes, obj)


def _note(changes: dict[str, set[int]], obj) -> None:
    table = getattr(obj, "__tablename__", "")
    if table in _QUIET_TABLES:
        return
    if table == "users":
        kind, key = USERS, getattr(obj, "id", None)
    elif table == "cases":
        kind, key = CASES, getattr(obj, "id", None)
    else:  # a row of a case (most are) or something many cases show (a person, a project, the office profile)
        kind, key = CASES, getattr(obj, "case_id", None)
    ids = changes.setdefault(kind, set())
    if isinstance(key, int):
        ids.add(key)


def announce(session: Session) -> None:
    """Queue one note per kind on this session's transaction; PostgreSQL sends them when it commits.

    A commit that touched rows of no known case (a person on their own, a project, the office profile), or
    more than ``MAX_IDS`` cases, is announced with no ids: "many".
    """
    changes = session.info.get(_KEY)
    if changes is None:
        return
    session.flush()  # what is still pending is announced too
    session.info.pop(_KEY, None)
    for kind, ids in changes.items():
        listed = sorted(ids) if len(ids) <= MAX_IDS else []
        payload = json.dumps({"kind": kind, "ids": listed, "origin": ORIGIN})
        session.execute(select(func.pg_notify(CHANNEL, payload)))


def decode(payload: str) -> tuple[str, list[int], str] | None:
    """``(kind, ids, origin)`` of a note, or ``None`` for one that is not ours."""
    try:
        data = json.loads(payload)
        return str(data["kind"]), [int(i) for i in data["ids"]], str(data.get("origin", ""))
    except (ValueError, KeyError, TypeError):
        return None


class ChangeListener:
    """Listens on the server for the other clients' notes; ``on_change(kind, ids)`` runs on its thread.

    Reconnects after a lost connection (a note missed meanwhile is made up for by one "many cases" call).
    """

    POLL_S = 0.25
    RETRY_S = 2.0

    def __init__(self, url: str, on_change: Callable[[str, list[int]], None], *, own_too: bool = False):
        self._conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._on_change = on_change
        self._own_too = own_too
        self._stop = threading.Event()
        self.listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="avrcase-live-changes", daemon=True)

    def start(self) -> ChangeListener:
        """Start listening (``listening`` is set once the server accepted ``LISTEN``)."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and wait for the thread to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg

        missed = False
        while not self._stop.is_set():
            connection = None
            try:
                connection = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10)
                connection.execute(f"LISTEN {CHANNEL}")
                self.listening.set()
                if missed:
                    self._on_change(CASES, [])
                while not self._stop.is_set():
                    for note in connection.notifies(timeout=self.POLL_S):
                        self._deliver(note.payload)
            except psycopg.Error as exc:
                self.listening.clear()
                missed = True
                log.warning("live refresh: connection to the server lost (%s); retrying", type(exc).__name__)
                self._stop.wait(self.RETRY_S)
            finally:
                if connection is not None:
                    connection.close()

    def _deliver(self, payload: str) -> None:
        note = decode(payload)
        if note is None:
            return
        kind, ids, origin = note
        if origin == ORIGIN and not self._own_too:
            return
        try:
            self._on_change(kind, ids)
        except Exception:  # noqa: BLE001 - a failing receiver must not stop the listening
            log.exception("live refresh: a receiver failed")
