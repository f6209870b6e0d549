"""Encryption at rest as the app uses it: unlock a store, keep key slots in step with passwords, encrypt.

How a store is unlocked: the person's user name and password open their slot in ``<store>.keys.json``
(``unlock``), or the office's recovery key opens the recovery slot (``unlock_with_recovery``); the
resulting ``StoreKey`` is handed to ``open_store``; then the ordinary sign-in checks the account
(lockout, audit). Whenever a password is set in an encrypted store (first administrator, new user,
reset, change) that user's slot is re-wrapped from the key of the signed-in session
(``on_password_set``), so a password change never re-encrypts data. ``encrypt_store`` converts a
plain store: a verified encrypted copy, a backup of the plain file, then the swap.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from avrcase.domain.errors import AvrcaseError, StoreError
from avrcase.i18n import _
from avrcase.services import audit, outgoing, unlock_failures
from avrcase.services.accounts import accounts
from avrcase.services.clock import Clock, clock_of, system_clock
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.store.encryption import (
    RECOVERY_SLOT,
    KeySlots,
    StoreKey,
    keys_path,
    new_recovery_key,
    normalise_recovery_key,
    user_slot,
)
from avrcase.store.engine import connect_sqlcipher, sqlite_path, store_key_of
from avrcase.store.key_slots import pending_slot
from avrcase.store.preparation import Progress
from avrcase.store.probe import held_by_another_process
from avrcase.store.schema import export_sqlcipher, is_encrypted_store, open_store


@dataclass(frozen=True)
class EncryptionResult:
    """What ``encrypt_store`` did: the recovery key to show once, the plain backup, rows per table."""

    recovery_key: str
    backup: Path
    rows: dict[str, int]


class WrongPasswordError(AvrcaseError):
    """The password or recovery key does not open the store."""


def store_is_encrypted(path: Path | None) -> bool:
    """True when ``path`` is an encrypted store (``None``, e.g. PostgreSQL, never is)."""
    return path is not None and is_encrypted_store(path)


def _now(clock: Clock | None) -> dt.datetime:
    return (clock or system_clock()).now()


def unlock(path: Path, username: str, password: str, *, clock: Clock | None = None) -> StoreKey:
    """The store key from ``username``'s slot; ``WrongPasswordError`` (one line) when it does not open.

    Runs before sign-in (no actor yet): it only proves the password opens the file; the sign-in that
    follows checks the account itself.
    """
    slot, now = user_slot(username), _now(clock)
    refused = unlock_failures.refusal(path, slot, username, now)
    if refused:
        raise WrongPasswordError(refused)
    slots = KeySlots.load(keys_path(path))
    key = slots.open(slot, password)
    if key is None and pending_slot(slot) in slots.slots:
        key = slots.open(pending_slot(slot), password)
        if key is not None:  # a password change committed just before a crash: its slot is replayed now
            slots.set(slot, key, password)
            slots.slots.pop(pending_slot(slot), None)
            slots.save()
    if key is None:
        locked = unlock_failures.failed(path, slot, username, now)
        raise WrongPasswordError(locked or _("The user name or password is wrong."))
    unlock_failures.succeeded(path, slot)
    return key


def unlock_with_recovery(path: Path, recovery_key: str) -> StoreKey:
    """The store key from the recovery slot, for when no password opens the store any more."""
    key = KeySlots.load(keys_path(path)).open(RECOVERY_SLOT, normalise_recovery_key(recovery_key))
    if key is None:
        raise WrongPasswordError(_("This recovery key does not open the store."))
    return key


def _row_counts(path: Path, key: StoreKey | None) -> dict[str, int]:
    connection = connect_sqlcipher(path, key)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


def encrypt_store(session: Session, actor: Actor, password: str) -> EncryptionResult:
    """Encrypt the plain SQLite store behind ``session``; the actor's password gets the first slot.

    Order: an encrypted copy is written with ``sqlcipher_export`` and checked (integrity and the row
    count of every table), the plain file is kept as ``<store>.before-encryption-<time>.sqlite``, then
    the copy takes the store's name. The caller disposes of its engine afterwards and reopens the store
    with the returned key's slot. Other users get their slot when an administrator resets their password.
    """
    from avrcase.services.backup import backup_notes  # only when encrypting: not on every command's start (#14)
    from avrcase.services.backup.copies import trail_of

    require(actor, Permission.STORE_MAINTAIN)
    from avrcase.services.accounts import accounts

    engine = session.get_bind()
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None:
        raise StoreError(_("Only an embedded SQLite store can be encrypted; protect a database server by its own means."))
    if store_key_of(engine) is not None or store_is_encrypted(path):
        raise StoreError(_("This store is already encrypted."))
    if not accounts.authenticate(session, actor.username, password).ok:
        raise WrongPasswordError(_("The user name or password is wrong."))
    session.commit()  # the sign-in check above is on record in the store that is copied
    key, recovery = StoreKey.generate(), new_recovery_key()
    stamp = clock_of(session).local_now().strftime("%Y%m%d-%H%M%S")
    encrypted = encrypting_path(path)
    backup = path.with_name(f"{path.stem}.before-encryption-{stamp}{path.suffix}")
    before = _row_counts(path, None)
    export_sqlcipher(path, encrypted, source_key=None, target_key=key)
    after = _row_counts(encrypted, key)
    if after != before:
        encrypted.unlink(missing_ok=True)
        raise StoreError(_("The encrypted copy does not hold every row of the store; nothing was changed."))
    export_sqlcipher(path, backup, source_key=None, target_key=None)
    engine.dispose()
    if held_by_another_process(path):  # the encrypted file would replace the store under a running window
        encrypted.unlink(missing_ok=True)
        backup.unlink(missing_ok=True)
        raise StoreError(_("%(path)s is open in another avrcase window or command on this computer; close it first. "
                           "Nothing was encrypted.") % {"path": path.name})
    slots = KeySlots(keys_path(path), {})
    slots.set(user_slot(actor.username), key, password)
    slots.set(RECOVERY_SLOT, key, recovery)
    slots.save()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(encrypted, path)
    first, anchor = trail_of(backup, None)  # noted like every backup made here: restoring it checks its trail's end
    backup_notes.note(backup.name, first, anchor, clock_of(session).now().astimezone(dt.timezone.utc).isoformat())
    return EncryptionResult(recovery, backup, after)



def encrypting_path(store: Path) -> Path:
    """Where ``encrypt_store`` writes the encrypted copy before it takes the store's name."""
    return store.with_name(f"{store.stem}.encrypting{store.suffix}")


def encryption_interrupted(store: Path | None) -> bool:
    """True when encrypting the plain store at ``store`` did not finish (avrcase was ended while it copied): its
    encrypted copy, whole or partial, is still beside a store that is still plain."""
    if store is None:
        return False
    copy = encrypting_path(store)
    return (copy.exists() or copy.with_name(copy.name + ".partial").exists()) and not store_is_encrypted(store)


def save_recovery_sheet(session: Session, actor: Actor | None, pdf: bytes, path: Path) -> None:
    """Record that the recovery sheet left the app, and write it (0600, via a temporary file) once that commits.

    The entry names neither the key nor the path; if it cannot be committed, no sheet reaches the disk.
    """
    require(actor, Permission.STORE_MAINTAIN)
    audit.record(session, actor, audit.Action.EXPORT, entity="recovery_sheet", format="pdf")
    outgoing.deliver(session, path, pdf)


def reissue_recovery_key(session: Session, actor: Actor | None, password: str) -> str:
    """A new recovery key for the open encrypted store; the old one stops opening it (administrators).

    For a recovery key that was lost, seen by someone it should not have been, or never shown (a
    ``db encrypt`` killed at the file swap). The new slot is written atomically once the password is
    checked and the re-issue is on the audit trail.
    """
    require(actor, Permission.STORE_MAINTAIN)
    assert actor is not None
    engine = session.get_bind()
    key = store_key_of(engine)
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if key is None or path is None:
        raise StoreError(_("This store is not encrypted, so it has no recovery key."))
    if not accounts.authenticate(session, actor.username, password).ok:
        raise WrongPasswordError(_("The user name or password is wrong."))
    recovery = new_recovery_key()
    audit.record(session, actor, audit.Action.UPDATE, entity="recovery_key", reissued=True)
    session.commit()  # on record before the old key stops working
    slots = KeySlots.load(keys_path(path))
    slots.set(RECOVERY_SLOT, key, recovery)
    slots.save()
    return recovery


def can_encrypt(engine: Engine) -> bool:
    """True for a plain embedded SQLite store (what the first run offers to encrypt)."""
    return store_key_of(engine) is None and sqlite_path(engine.url.render_as_string(hide_password=False)) is not None


def open_unlocked(url: str, username: str, password: str, *, clock: Clock | None = None,
                  progress: Progress | None = None) -> Engine:
    """Unlock ``username``'s slot of the encrypted store at ``url`` and open it (the GUI's sign-in) with ``clock``;
    ``progress`` hears of the update of a store an older avrcase wrote (``open_store``)."""
    path = sqlite_path(url)
    engine = open_store(url, key=unlock(path, username, password, clock=clock), clock=clock, progress=progress)
    record_unlock_failures(engine)
    return engine


def record_unlock_failures(engine: Engine) -> None:
    """Put failed unlocks counted while an encrypted store was locked on its trail (nothing for a plain store)."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None and store_key_of(engine) is not None:
        unlock_failures.record_pending(engine, path)
