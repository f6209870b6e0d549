"""Whose store a backup is: the start of its audit trail and the office in its profile.

Every backup of a store, and the store itself after any number of restores of them, begins its audit trail with
the same first entry; a store set up elsewhere (another office, a demo store, a test copy) begins with another.
Restoring a backup of another store over one that holds cases replaces that office's records with someone
else's: the window asks first, the command line wants ``--from-another-store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avrcase.i18n import _, counted
from avrcase.services.backup.copies import DB_ERRORS, connect
from avrcase.store.encryption import StoreKey


@dataclass(frozen=True)
class StoreIdentity:
    """The hash of a store's first audit entry (``""`` without one), its office as named in its profile, its cases."""

    trail_start: str
    office: str
    cases: int


def identity_from(connection: Any) -> StoreIdentity:
    """The identity of the store an open SQLite connection reads; ``DB_ERRORS`` when it is not an avrcase store."""
    first = connection.execute("SELECT hash FROM audit_entries ORDER BY seq LIMIT 1").fetchone()
    cases = int(connection.execute("SELECT count(*) FROM cases").fetchone()[0])
    try:
        row = connection.execute("SELECT office_name, organisation, office_code FROM office_profile "
                                 "ORDER BY id LIMIT 1").fetchone()
    except DB_ERRORS:
        row = None
    office = next((str(part).strip() for part in (row or ()) if part and str(part).strip()), "")
    return StoreIdentity(str(first[0]) if first else "", office, cases)


def store_identity(path: Path, key: StoreKey | None) -> StoreIdentity | None:
    """The identity of the store file at ``path`` (a store or a backup); ``None`` when there is none or it does not
    open (nothing to compare a backup with: a store that was lost or is damaged is replaced without the question)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        connection = connect(path, key)
    except DB_ERRORS:
        return None
    try:
        return identity_from(connection)
    except DB_ERRORS:
        return None
    finally:
        connection.close()


def another_store(current: StoreIdentity | None, backup: StoreIdentity | None, backup_name: str) -> str:
    """Why restoring ``backup`` over ``current`` needs a word of its own, in one sentence; ``""`` when it does not
    (it is a backup of this store, or this store holds no cases to lose: a new computer's first store)."""
    if current is None or backup is None or current.cases == 0 or current.trail_start == backup.trail_start:
        return ""
    return _("%(file)s is a backup of another store (%(backup_office)s, %(backup_cases)s), not of this one "
             "(%(office)s, %(cases)s): restoring it replaces this office's records with that store's.") % {
        "file": backup_name, "backup_office": backup.office or _("no office profile"),
        "backup_cases": counted.cases(backup.cases), "office": current.office or _("no office profile"),
        "cases": counted.cases(current.cases)}
