"""Failed unlocks of an encrypted store: delay, lockout and their place on the audit trail.

A wrong password fails at the key slot, before the store can be read, so the failures are counted in
``<store>.signin.json`` beside it (0600, written atomically): per slot, the consecutive failures, the
last one and a lock time, with the same delays and lockout as a plain store's sign-in
(``domain.passwords``). The failures are put on the trail as ``sign_in_failed`` entries by the next
unlock that opens the store. The side file is not a secret and not signed: deleting it resets the count,
which gains nothing against someone who holds the files (they can try passwords offline against the key
file anyway); it slows and records guessing through the app.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from sqlalchemy import Engine

from avrcase.domain import passwords
from avrcase.i18n import ngettext

#: How many unrecorded failures the file keeps (older ones are counted but not listed one by one).
MAX_PENDING = 200


def side_path(store: Path) -> Path:
    """Where the failures of the store at ``store`` are counted."""
    return store.with_name(store.name + ".signin.json")


def _load(store: Path) -> dict:
    try:
        data = json.loads(side_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"slots": {}, "pending": []}
    if not isinstance(data, dict):
        return {"slots": {}, "pending": []}
    slots = data.get("slots") if isinstance(data.get("slots"), dict) else {}
    pending = data.get("pending") if isinstance(data.get("pending"), list) else []
    return {"slots": slots, "pending": pending}


def _save(store: Path, data: dict) -> None:
    path = side_path(store)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _time(text: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _wait(until: dt.datetime, now: dt.datetime) -> str:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds > 90:
        minutes = (seconds + 59) // 60
        return ngettext("Too many failed attempts: this account is locked for %(n)s more minute.",
                        "Too many failed attempts: this account is locked for %(n)s more minutes.", minutes) % {"n": minutes}
    return ngettext("Please wait %(n)s second before trying again.",
                    "Please wait %(n)s seconds before trying again.", seconds) % {"n": seconds}


def refusal(store: Path, slot: str, username: str, now: dt.datetime) -> str | None:
    """Why ``slot`` may not be tried now (locked, or too soon after a failure), or ``None``; a locked try is recorded."""
    data = _load(store)
    state = data["slots"].get(slot) or {}
    locked_until = _time(state.get("locked_until"))
    if locked_until is not None and locked_until > now:
        _remember(data, username, now, "locked")
        _save(store, data)
        return _wait(locked_until, now)
    last = _time(state.get("last_failed_at"))
    if last is not None:
        ready = last + passwords.retry_delay(int(state.get("failures", 0)))
        if ready > now:
            return _wait(ready, now)
    return None


def failed(store: Path, slot: str, username: str, now: dt.datetime) -> str | None:
    """Count a wrong password for ``slot``; the wait message when this failure locks it."""
    data = _load(store)
    state = data["slots"].setdefault(slot, {})
    state["failures"] = failures = int(state.get("failures", 0)) + 1
    state["last_failed_at"] = now.isoformat()
    until = passwords.lock_until(failures, now)
    state["locked_until"] = until.isoformat() if until else None
    _remember(data, username, now, "wrong password", failures)
    _save(store, data)
    return _wait(until, now) if until else None


def succeeded(store: Path, slot: str) -> None:
    """The slot opened: its count starts again (the failures stay pending for the trail)."""
    data = _load(store)
    if data["slots"].pop(slot, None) is not None:
        _save(store, data)


def _remember(data: dict, username: str, now: dt.datetime, reason: str, failures: int | None = None) -> None:
    pending = data["pending"]
    if len(pending) < MAX_PENDING:
        pending.append({"at": now.isoformat(), "username": username, "reason": reason, "failures": failures})


def record_pending(engine: Engine, store: Path) -> int:
    """Put the failures counted while the store was locked on its audit trail; how many were written."""
    from avrcase.services import audit
    from avrcase.services.uow import unit_of_work

    data = _load(store)
    pending = data["pending"]
    if not pending:
        return 0
    with unit_of_work(engine, actor=None) as session:
        for item in pending:
            details = {"reason": f"{item.get('reason')} (encrypted store, before unlock)",
                       "username": str(item.get("username", ""))[:64], "at": item.get("at")}
            if item.get("failures"):
                details["failures"] = item["failures"]
            audit.record(session, None, audit.Action.SIGN_IN_FAILED, entity="users", **details)
    data["pending"] = []
    _save(store, data)
    return len(pending)
