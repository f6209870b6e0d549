"""Key-slot hooks: keep a user's slot of an encrypted store in step with their password.

Whenever a password is set in an encrypted store (first administrator, new user, reset, change) that
user's slot is re-wrapped from the key of the signed-in session, so a password change never
re-encrypts data. The slot file is written after the commit, so a rolled-back change leaves the old
password opening the store.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from avrcase.store.encryption import KeySlots, keys_path, user_slot
from avrcase.store.engine import sqlite_path, store_key_of

_PENDING = "avrcase_pending_key_slots"


def on_password_set(session: Session, username: str, password: str | None) -> None:
    """Re-wrap ``username``'s slot once the new password is committed (``None``: remove the slot); nothing for a plain store.

    Called by the account service; the key comes from the session's (already unlocked) engine, so
    only someone signed in to an encrypted store can give another user a way in. The slot is written
    after the commit, so a rolled-back change leaves the old password opening the store. A deactivated
    account's slot is removed, so its password no longer opens the file.
    """
    engine = session.get_bind()
    key = store_key_of(engine)
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if key is None or path is None:
        return
    if not event.contains(session, "after_commit", _write_pending_slots):
        event.listen(session, "after_commit", _write_pending_slots)
        event.listen(session, "after_rollback", _forget_pending_slots)
    slot = user_slot(username)
    session.info.setdefault(_PENDING, {})[slot] = (path, key, password)
    if password is not None:
        # Written now, promoted after the commit: a crash in between leaves a pending slot that the
        # next unlock with the new password promotes, instead of locking the person out.
        slots = KeySlots.load(keys_path(path))
        slots.set(pending_slot(slot), key, password)
        slots.save()


def pending_slot(slot: str) -> str:
    """The name of ``slot``'s new wrapping while the password change that made it is not yet committed."""
    return f"pending:{slot}"


def _write_pending_slots(session: Session) -> None:
    pending = session.info.pop(_PENDING, {})
    for slot, (path, key, password) in pending.items():
        slots = KeySlots.load(keys_path(path))
        if password is None:
            slots.slots.pop(slot, None)
        else:
            slots.set(slot, key, password)
        slots.slots.pop(pending_slot(slot), None)
        slots.save()


def _forget_pending_slots(session: Session) -> None:
    pending = session.info.pop(_PENDING, {})
    for slot, (path, _key, _password) in pending.items():
        slots = KeySlots.load(keys_path(path))
        if slots.slots.pop(pending_slot(slot), None) is not None:
            slots.save()

