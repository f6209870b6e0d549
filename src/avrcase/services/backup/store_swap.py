"""Setting the current store aside when a restore replaces it, and putting the restored file in its place.

A store that opens is kept as a verified copy (``<store>.before-restore-<time>.sqlite``, made before the restore's
audit entry is written, which records it); one that does not is moved aside unchanged as ``.damaged-<time>``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from avrcase.domain.errors import StoreError
from avrcase.services.backup.copies import connect, copy_store
from avrcase.services.backup.files import fsync_folder, write_private
from avrcase.services.dto import Actor
from avrcase.store.encryption import StoreKey, keys_path

STAMP = "%Y%m%d-%H%M%SZ"


def copy_current(store: Path, key: StoreKey | None, stamp: str, actor: Actor | None) -> Path | None:
    """A verified copy of the current store; ``None`` when there is none, or it is damaged or does not open."""
    if not store.exists():
        return None
    safety = store.with_name(f"{store.stem}.before-restore-{stamp}{store.suffix}")
    try:
        copy_store(store, key, safety, now=dt.datetime.strptime(stamp, STAMP).replace(tzinfo=dt.timezone.utc),
                   made_by=actor.username if actor else "system", kind="before-restore")
    except StoreError:
        return None
    return safety


def set_current_aside(store: Path, key: StoreKey | None, stamp: str, copied: Path | None) -> Path | None:
    """The current store kept: its verified copy (``copied``; the store's log folded in, then removed), or the
    damaged file itself moved aside; ``None`` when there is none."""
    if not store.exists():
        return None
    if copied is not None:
        _checkpoint(store, key)
        for suffix in ("-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        return copied
    # Damaged or unopenable: keep the very file (and its journal) as it is, under another name.
    safety = store.with_name(f"{store.stem}.damaged-{stamp}{store.suffix}")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{store}{suffix}").exists():
            os.replace(f"{store}{suffix}", f"{safety}{suffix}")
    if keys_path(store).exists():
        write_private(keys_path(safety), keys_path(store).read_bytes())
    return safety


def _checkpoint(store: Path, key: StoreKey | None) -> None:
    """Fold the write-ahead log into the store file, so removing the log loses nothing."""
    connection = connect(store, key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def swap(working: Path, store: Path, encrypted: bool) -> None:
    """Rename the checked working copy over the store; its key file with it (or none for a plain copy)."""
    if encrypted:
        write_private(keys_path(store), keys_path(working).read_bytes())
    os.replace(working, store)
    if not encrypted:
        keys_path(store).unlink(missing_ok=True)  # the previous store's key file stays beside its safety copy
    fsync_folder(store.parent)
