"""Each backup a store made, recorded on that store's own audit trail: the second note of a backup's trail end.

``backup-anchors.json`` (``backup_notes``) is one side file: deleted, every backup made here restored as one made
elsewhere, with a warning only. So the entry that says a backup was made also records it (``backup`` entries; the
``store_upgraded`` entry's ``backup`` for the copy made before a migration; the ``restore`` entry's ``safety_copy``
for the store a restore kept): its file name, size and SHA-256, which trail it holds (``trail_first``) and where that
trail ends (``trail_end``), and the audit key id of the computer that made it (``computer``). A restore looks the
backup up there too, and refuses it when either note disagrees with it.

The store a restore replaces may itself be damaged (restoring is how people recover), so its records count only from
the part of its trail that verifies (the entries before the first broken one: an edit after a backup's entry cannot
forge or remove it), and a store that is missing or does not open is not consulted at all: the backup is then checked
against the side file alone, as before. Neither blocks a restore the side file would let through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, ngettext
from avrcase.services import audit, audit_seals
from avrcase.services.backup import backup_notes
from avrcase.services.backup.copies import DB_ERRORS, trail_of
from avrcase.services.backup.files import sha256_of
from avrcase.services.dto import Actor
from avrcase.store.encryption import StoreKey
from avrcase.store.engine import create_store_engine
from avrcase.store.models import AuditEntry
from avrcase.store.probe import sqlite_file_url

#: What reading a store that is damaged, not a store, or not ours to read raises.
_UNREADABLE: tuple[type[Exception], ...] = (AvrcaseError, SQLAlchemyError, *DB_ERRORS)
#: How many of the newest records ``missing_notes`` compares: the side file forgets the oldest of its notes.
RECENT = backup_notes.MAX_NOTES // 2
#: Where each kind of entry keeps its backup's record: the ``backup`` entry's details themselves, or under a key.
_WHERE = {audit.Action.BACKUP.value: None, audit.Action.STORE_UPGRADED.value: "backup",
          audit.Action.RESTORE.value: "safety_copy"}


def this_computer() -> str:
    """This computer's audit key id ("" before it has one): who made a backup, without naming anyone."""
    try:
        return audit_seals.key_ids()[0] or ""
    except (OSError, ValueError):
        return ""


def record_of(name: str, sha256: str, size: int, first: str, anchor: str) -> dict[str, Any]:
    """What an entry records of a backup just made: never its contents."""
    return {"file": name, "sha256": sha256, "size": size, "trail_first": first, "trail_end": anchor,
            "computer": this_computer()}


def record_of_file(path: Path, key: StoreKey | None) -> dict[str, Any]:
    """``record_of`` the backup file at ``path`` (opened with ``key`` when encrypted)."""
    first, anchor = trail_of(path, key)
    return record_of(path.name, sha256_of(path), path.stat().st_size, first, anchor)


@dataclass(frozen=True)
class BackupRecord:
    """One backup as a store's trail recorded it (``seq``: the entry that did)."""

    seq: int
    file: str
    sha256: str
    trail_first: str
    trail_end: str
    computer: str


@dataclass(frozen=True)
class StoreRecords:
    """The backups a store's trail records. ``consulted`` False: the store is missing or does not open (nothing is
    known either way); ``broken_at``: its trail breaks there, and only the entries before it were read."""

    records: tuple[BackupRecord, ...] = ()
    consulted: bool = False
    broken_at: int | None = None


def _parse(seq: int, action: str, details: str) -> BackupRecord | None:
    try:
        data = json.loads(details)
    except ValueError:
        return None
    where = _WHERE.get(action)
    data = data.get(where) if isinstance(data, dict) and where else data
    if not isinstance(data, dict) or not isinstance(data.get("file"), str) or not isinstance(data.get("sha256"), str):
        return None
    return BackupRecord(seq, data["file"], data["sha256"], str(data.get("trail_first") or ""),
                        str(data.get("trail_end") or ""), str(data.get("computer") or ""))


def read_records(store: Path | None, key: StoreKey | None, actor: Actor | None) -> StoreRecords:
    """The backups recorded on the trail of the SQLite store at ``store`` (opened with ``key``), read from the part
    of it that verifies; not consulted when it is missing or cannot be read (see the module's docstring)."""
    if store is None or not store.is_file() or store.stat().st_size == 0:
        return StoreRecords()
    try:
        engine = create_store_engine(sqlite_file_url(store), key)
    except _UNREADABLE:
        return StoreRecords()
    try:
        with Session(engine) as session:
            return records_in(session, audit.verify(session, actor).broken_at)
    except _UNREADABLE:
        return StoreRecords()
    finally:
        engine.dispose()


def records_in(session: Session, broken_at: int | None = None) -> StoreRecords:
    """The backups recorded on the trail ``session`` reads, before entry ``broken_at`` (``None``: all of it; the
    caller verified it)."""
    query = select(AuditEntry.seq, AuditEntry.action, AuditEntry.details).where(AuditEntry.action.in_(list(_WHERE)))
    if broken_at is not None:
        query = query.where(AuditEntry.seq < broken_at)
    found = (_parse(seq, action, details) for seq, action, details in session.execute(query.order_by(AuditEntry.seq)))
    return StoreRecords(tuple(r for r in found if r is not None), True, broken_at)


def confirms(records: StoreRecords, name: str, sha256: str, first: str, anchor: str) -> bool:
    """True when the store recorded this very backup: its checksum (under any name), or its name, trail and end."""
    return any(r.sha256 == sha256 or (r.file == name and first and r.trail_first == first and r.trail_end == anchor)
               for r in records.records)


def _same_backup(records: StoreRecords, name: str, sha256: str, first: str) -> BackupRecord | None:
    """The newest record of a backup named ``name`` holding the trail ``first``, unless one records ``sha256`` (a
    backup of another store may share its name: it holds another trail)."""
    if not first or any(r.sha256 == sha256 for r in records.records):
        return None
    same = [r for r in records.records if r.file == name and r.trail_first == first and r.trail_end]
    return same[-1] if same else None


def trail_disagreement(records: StoreRecords, name: str, sha256: str, first: str, anchor: str) -> str:
    """How the trail of the backup ``name`` ends elsewhere than the store recorded when it was made (``""``: it does
    not, or the store recorded no such backup)."""
    recorded = _same_backup(records, name, sha256, first)
    return backup_notes.cut_between(recorded.trail_end, anchor) if recorded and recorded.trail_end != anchor else ""


def checksum_disagreement(records: StoreRecords, name: str, sha256: str, first: str, anchor: str) -> str:
    """How the backup ``name``, its trail ending where it did, is not the file the store recorded (a record changed
    with no audit entry, which its own chain does not show); ``""`` when it is, or none was recorded."""
    recorded = _same_backup(records, name, sha256, first)
    if recorded is None or recorded.trail_end != anchor:
        return ""
    return _("its checksum is not the one the store's audit trail recorded when the backup was made (entry %(seq)d)"
             ) % {"seq": recorded.seq}


def missing_notes(records: StoreRecords) -> list[str]:
    """The backups this computer made (by its audit key ids) that the store records but ``backup-anchors.json``
    does not note: the file was deleted or replaced."""
    ours = set(audit_seals.known_ids(audit_seals.key_file()))
    try:
        sealing, others = audit_seals.key_ids()
    except (OSError, ValueError):
        sealing, others = None, ()
    ours |= {i for i in (sealing, *others) if i}
    return [r.file for r in records.records[-RECENT:]
            if r.computer in ours and r.trail_first and r.trail_end and not backup_notes.is_noted(r.file, r.trail_first)]


def missing_notes_message(files: list[str]) -> str:
    """What ``db backups`` and ``audit verify`` say when ``missing_notes`` found some."""
    return ngettext("%(file)s, a backup this computer made, is on the store's audit trail but not in %(notes)s: "
                    "that file was deleted or replaced, and only the store's own record now shows if a backup was "
                    "changed after it was made.",
                    "%(n)d backups this computer made (the newest %(file)s) are on the store's audit trail but not in "
                    "%(notes)s: that file was deleted or replaced, and only the store's own record now shows if a "
                    "backup was changed after it was made.", len(files)) % {
                        "n": len(files), "file": files[-1], "notes": backup_notes.FILE_NAME}
