"""Putting a backup back in place without making things worse.

``inspect_backup`` checks a backup (its checksum against the manifest, SQLite's integrity and
foreign-key checks, its schema revision, the key slots of an encrypted one) and says what it holds.
``restore_backup`` copies it to a working file beside the store, migrates that copy when it is older
than the app, puts the restore on the copy's audit trail, keeps the current store as a safety copy,
and only then renames the working file over the store. Nothing happens to the current store until
the working copy is complete and checked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from avrcase.domain.errors import StoreError
from avrcase.i18n import _
from avrcase.services import audit, audit_seals
from avrcase.services.backup.backups import require_signed_in
from avrcase.services import audit_checkpoint
from avrcase.services.backup import backup_notes, backup_records, store_swap
from avrcase.services.backup.copies import (DB_ERRORS, _copy_pages, check_copy, connect, manifest_disagrees,
                                            manifest_path, read_manifest, trail_of)
from avrcase.services.backup.files import sha256_of, write_private
from avrcase.services.backup.identity import StoreIdentity, another_store, store_identity
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.uow import unit_of_work
from avrcase.store.encryption import StoreKey, keys_path
from avrcase.store.models import AuditEntry
from avrcase.store.probe import held_by_another_process, sqlite_file_url
from avrcase.store.engine import sqlite_path, store_key_of
from avrcase.store.preparation import PreparationStopped, Progress
from avrcase.store.schema import SQLITE_HEADER, alembic_config, head_revision, open_store, verify



@dataclass(frozen=True)
class BackupContents:
    """What a checked backup holds, shown before anyone confirms a restore."""

    path: Path
    encrypted: bool
    schema_revision: str
    needs_migration: bool
    cases: int
    counts: dict[str, int]
    last_change_at: dt.datetime | None
    last_change_by: str
    made_at: dt.datetime | None
    made_by: str
    sha256: str
    #: Whose store it is (``None``: not read), compared with the store it would replace (``identity``).
    identity: StoreIdentity | None = None
    #: How its audit trail's end differs from what this computer noted when it made the backup (``""``: it does not).
    trail_cut: str = ""
    #: Said before a restore when this computer noted nothing of the backup (made elsewhere): its end is unchecked.
    trail_warning: str = ""
    #: Its trail's first entry's hash and its last entry (``SEQ:HASH``), noted here once it is restored.
    trail: tuple[str, str] = ("", "")
    #: How far the store it would replace was consulted (``checked_against_store``): ``None`` not yet; ``""`` its
    #: whole trail; else why not, or not all of it (said in the restore's audit entry).
    store_checked: str | None = None
    #: How the file differs from what the store's audit trail recorded when it was made, its trail end the same.
    changed_after: str = ""


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: what it restored and where the previous store was kept."""

    contents: BackupContents
    safety_copy: Path | None


def is_encrypted_file(path: Path) -> bool:
    """True when ``path`` may be an encrypted store: not a plain SQLite file, and whole pages of at least 512
    bytes (a text note or a photo is neither, and is not asked a password for)."""
    size = path.stat().st_size
    if size < 1024 or size % 512:
        return False
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    return head != SQLITE_HEADER


def asks_for_a_password(path: Path) -> bool:
    """True when restoring ``path`` needs a password: an encrypted store with its key file beside it (anything
    else is refused by ``inspect_backup`` with the reason, before anyone types a password for it)."""
    return path.is_file() and is_encrypted_file(path) and keys_path(path).is_file()


def refuse_the_store_itself(store: Path, backup: Path) -> None:
    """``StoreError`` when the "backup" chosen is the store itself (or its log): there is nothing to restore."""
    chosen = backup.expanduser().resolve()
    if chosen in {store.resolve(), *(store.resolve().with_name(store.name + end) for end in ("-wal", "-shm"))}:
        raise StoreError(_("%(path)s is the store itself, not a backup of it; choose a backup.") % {"path": backup.name})


def refuse_while_held(store: Path) -> None:
    """``StoreError`` when another avrcase (a window, a command) has the store open: the restored file replaced
    the one under it, which went on writing into a deleted file and lost that work without a word."""
    if held_by_another_process(store):
        raise StoreError(_("%(path)s is open in another avrcase window or command on this computer; close it "
                           "first. Nothing was restored.") % {"path": store.name})


def inspect_backup(path: Path, key: StoreKey | None) -> BackupContents:
    """Check the backup at ``path`` (``key`` for an encrypted one); ``StoreError`` saying why it cannot be restored."""
    if not path.is_file():
        raise StoreError(_("There is no backup file %(path)s.") % {"path": path})
    encrypted = is_encrypted_file(path)
    if encrypted and not keys_path(path).is_file():
        raise StoreError(_("%(path)s is not a plain avrcase backup; if it is an encrypted one, put its key file "
                           "%(keys)s from the backup folder next to it.") % {"path": path.name,
                                                                          "keys": keys_path(path).name})
    if encrypted and key is None:
        raise StoreError(_("%(path)s is encrypted; give a password or the recovery key that opens it.") % {"path": path.name})
    manifest = read_manifest(path)
    if manifest is None and manifest_path(path).exists():  # a garbled manifest was taken for none at all
        raise StoreError(_("The manifest beside %(path)s (%(manifest)s) cannot be read: it was damaged or changed, so "
                           "the backup cannot be checked against it; it was not restored.")
                         % {"path": path.name, "manifest": manifest_path(path).name})
    digest = sha256_of(path)
    if manifest is not None and manifest.sha256 != digest:
        raise StoreError(_("%(path)s does not match the checksum in its manifest: it was damaged or changed after "
                           "the backup was made; it was not restored.") % {"path": path.name})
    check = check_copy(path, key if encrypted else None, full=True)
    if not check.ok and not encrypted and "not a database" in check.quick_check:
        raise StoreError(_("%(path)s is not an avrcase backup; it was not restored.") % {"path": path.name})
    if not check.ok:
        raise StoreError(_("%(path)s is not a sound avrcase store (%(detail)s); it was not restored.")
                         % {"path": path.name, "detail": check.quick_check})
    revision = check.schema_revision
    if revision is None or "cases" not in check.counts:
        raise StoreError(_("%(path)s is not an avrcase store.") % {"path": path.name})
    from alembic.script import ScriptDirectory

    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except Exception as exc:  # alembic raises several kinds for an unknown revision
        raise StoreError(_("%(path)s was made by a newer version of avrcase (schema %(rev)s); update avrcase before "
                           "restoring it. Nothing was changed.") % {"path": path.name, "rev": revision}) from exc
    last_at, last_by = _last_change(path, key if encrypted else None)
    first, anchor = trail_of(path, key if encrypted else None)
    wrong = manifest_disagrees(manifest, revision, check.counts, last_at, anchor) if manifest is not None else ""
    if wrong:
        raise StoreError(_("The manifest beside %(path)s (%(manifest)s) does not describe it (%(detail)s): it was "
                           "changed or belongs to another file, so who made the backup and when cannot be trusted; "
                           "it was not restored.") % {"path": path.name, "manifest": manifest_path(path).name,
                                                      "detail": wrong})
    return BackupContents(path, encrypted, revision, revision != head_revision(), check.counts["cases"], check.counts,
                          last_at, last_by, manifest.created_at if manifest else None,
                          manifest.made_by if manifest else "", digest, store_identity(path, key if encrypted else None),
                          backup_notes.trail_cut(path.name, first, anchor),
                          backup_notes.warning_for(path.name) if backup_notes.not_checked_here(path.name, first, anchor)
                          else "", (first, anchor))


def checked_against_store(store: Path | None, key: StoreKey | None, contents: BackupContents,
                          actor: Actor | None) -> BackupContents:
    """``contents`` with what the trail of the store it would replace (at ``store``, opened with ``key``) records of
    the backup (``backup_records``): a backup it recorded otherwise is refused as one whose trail was cut (even with
    ``backup-anchors.json`` deleted), and one it recorded as it is needs no warning. A store that is missing or does
    not open is not consulted, and one whose trail breaks only up to the break: a damaged store must not stand in the
    way of the restore that repairs it (the side file's note still decides, as before)."""
    if contents.store_checked is not None:
        return contents
    records = backup_records.read_records(store, key, actor)
    first, anchor = contents.trail
    facts = (records, contents.path.name, contents.sha256, first, anchor)
    cut = contents.trail_cut or backup_records.trail_disagreement(*facts)
    changed = "" if cut else backup_records.checksum_disagreement(*facts)
    confirmed = backup_records.confirms(records, contents.path.name, contents.sha256, first, anchor)
    checked = ("" if records.broken_at is None else "up to entry %d" % records.broken_at) if records.consulted \
        else "not consulted"
    return dataclasses.replace(contents, trail_cut=cut, changed_after=changed, trail_warning="" if confirmed else contents.trail_warning,
                               store_checked=checked)


def checked_against_open(engine: Engine, contents: BackupContents, actor: Actor | None) -> BackupContents:
    """``checked_against_store`` for the SQLite store ``engine`` is open on."""
    store = sqlite_path(engine.url.render_as_string(hide_password=False))
    return checked_against_store(store, store_key_of(engine), contents, actor)


def another_store_than(store: Path, key: StoreKey | None, contents: BackupContents) -> str:
    """Why restoring the backup ``contents`` describes over the store at ``store`` (opened with ``key``) needs the
    person's explicit word: it is a backup of another store, and this one holds cases; ``""`` when it does not."""
    return another_store(store_identity(store, key), contents.identity, contents.path.name)


def another_store_than_open(engine: Engine, contents: BackupContents) -> str:
    """``another_store_than`` for the SQLite store ``engine`` is open on (``""`` for a database server's)."""
    store = sqlite_path(engine.url.render_as_string(hide_password=False))
    return "" if store is None else another_store_than(store, store_key_of(engine), contents)


def _last_change(path: Path, key: StoreKey | None) -> tuple[dt.datetime | None, str]:
    connection = connect(path, key)
    try:
        row = connection.execute("SELECT at, username FROM audit_entries ORDER BY seq DESC LIMIT 1").fetchone()
    except DB_ERRORS:
        return None, ""
    finally:
        connection.close()
    if row is None:
        return None, ""
    at = dt.datetime.fromisoformat(str(row[0]))
    return (at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)), str(row[1])


def still_as_inspected(backup: Path, key: StoreKey | None, inspected: BackupContents | None) -> BackupContents:
    """``inspected`` when ``backup`` is still the very file it describes (the same checksum); else inspected again.

    The window and the command inspect a backup to show what it holds before anyone confirms: checking it whole
    once more (twice in the window) took as long again on a large store. The working copy is checked all the same.
    """
    if inspected is not None and inspected.path == backup and sha256_of(backup) == inspected.sha256:
        return inspected
    return inspect_backup(backup, key)


def restore_backup(store: Path, backup: Path, *, actor: Actor | None, backup_key: StoreKey | None,
                   current_key: StoreKey | None, now: dt.datetime,
                   inspected: BackupContents | None = None, accept_broken_trail: bool = False,
                   accept_another_store: bool = False, progress: Progress | None = None) -> RestoreResult:
    """Replace the store at ``store`` with ``backup`` (administrators). Every engine on ``store`` must be disposed.

    ``current_key`` opens the current store for its safety copy (``None`` for a plain one); a current
    store that is damaged or cannot be opened is moved aside unchanged instead of copied. ``inspected`` is what
    ``inspect_backup`` said of ``backup`` before the person confirmed (``still_as_inspected``).
    ``accept_broken_trail``: restore a backup whose audit trail does not verify (the office's last copy of its
    casework, at an administrator's explicit word); the restore's audit entry names what was broken. ``progress``
    hears of the update of an older backup's working copy. ``accept_another_store``: restore a backup of another
    store over this one although it holds cases (``another_store_than``), at the person's explicit word.
    """
    require_signed_in(actor)
    require(actor, Permission.STORE_MAINTAIN)
    contents = still_as_inspected(backup, backup_key, inspected)
    return _restore_checked(store, backup, contents, actor=actor, backup_key=backup_key, current_key=current_key,
                            now=now, accept_broken_trail=accept_broken_trail,
                            accept_another_store=accept_another_store, progress=progress)


def _restore_checked(store: Path, backup: Path, contents: BackupContents, *, actor: Actor | None,
                     backup_key: StoreKey | None, current_key: StoreKey | None, now: dt.datetime,
                     accept_broken_trail: bool = False, accept_another_store: bool = False,
                     progress: Progress | None = None) -> RestoreResult:
    """``restore_backup`` once ``contents`` is known to describe ``backup`` as it is now."""
    refuse_while_held(store)  # before the copy, and again right before the swap
    contents = checked_against_store(store, current_key, contents, actor)
    foreign = another_store_than(store, current_key, contents)
    if foreign and not accept_another_store:
        raise StoreError(foreign + " " + _("Nothing was changed (an administrator who means it restores it with "
                                           "'avrcase db restore FILE --from-another-store')."))
    refuse_a_cut_trail(contents, accept=accept_broken_trail)
    key = backup_key if contents.encrypted else None
    stamp = now.astimezone(dt.timezone.utc).strftime(store_swap.STAMP)
    working = store.with_name(f".{store.name}.restoring")
    working_keys = keys_path(working)
    for leftover in (working, working_keys, *(Path(f"{working}-{end}") for end in ("wal", "shm", "journal"))):
        leftover.unlink(missing_ok=True)
    safety: Path | None = None
    swapped = False
    try:
        _copy_pages(backup, key, working)
        if key is not None:
            write_private(working_keys, keys_path(backup).read_bytes())
        try:  # migrates an older backup
            engine = open_store(sqlite_file_url(working), key=key, backup_first=False, progress=progress)
        except PreparationStopped:
            raise StoreError(_("The restore was stopped while the backup was being updated; the store was not "
                               "changed.")) from None
        try:
            broken = _broken_trail(engine, backup, actor, accept=accept_broken_trail)
            broken = "; ".join(problem for problem in (broken, contents.trail_cut, contents.changed_after) if problem)
            refuse_while_held(store)
            safety = store_swap.copy_current(store, current_key, stamp, actor)  # recorded in the restore's entry
            with unit_of_work(engine, actor=actor) as session:
                # The store's last sealed entry is the restored one's now (noted for the store, not this working copy).
                session.info[audit_seals.RESTORING] = audit_seals.file_location(store)
                details: dict[str, Any] = {"file": backup.name, "sha256": contents.sha256,
                                           "schema_revision": contents.schema_revision,
                                           "made_at": contents.made_at.isoformat() if contents.made_at else None}
                if broken:
                    details["audit_trail_broken"] = broken
                if foreign:
                    details["from_another_store"] = contents.identity.office if contents.identity else ""
                if contents.trail_warning:
                    details["trail_not_noted_here"] = True
                if contents.store_checked:
                    details["store_trail_checked"] = contents.store_checked
                if safety is not None:
                    details["safety_copy"] = backup_records.record_of_file(safety, current_key)
                audit.record(session, actor, audit.Action.RESTORE, **details)
            verify(engine, read_texts=False)  # inspect_backup read every text of the backup just now
            with engine.connect() as connection:
                restored_end = connection.execute(select(AuditEntry.seq, AuditEntry.hash)
                                                  .order_by(AuditEntry.seq.desc()).limit(1)).one()
        finally:
            engine.dispose()
        refuse_while_held(store)
        safety = store_swap.set_current_aside(store, current_key, stamp, safety)
        store_swap.swap(working, store, key is not None)
        swapped = True
        _note_restored(store, contents, None if broken else (restored_end.seq, restored_end.hash), now)
    except DB_ERRORS as exc:
        raise StoreError(_("The backup could not be restored: %(reason)s; the store was not changed.") % {"reason": exc}) from exc
    finally:
        if safety is not None and not swapped and ".before-restore-" in safety.name:  # nothing changed: none kept
            for made in (safety, manifest_path(safety), keys_path(safety)):
                made.unlink(missing_ok=True)
        for leftover in (working, working_keys, *(Path(f"{working}-{end}") for end in ("wal", "shm", "journal"))):
            leftover.unlink(missing_ok=True)
    return RestoreResult(contents, safety)


def refuse_a_cut_trail(contents: BackupContents, *, accept: bool) -> None:
    """``StoreError`` when the backup's trail no longer ends where this computer noted it when it made the backup
    (entries cut off, the manifest recomputed), or its file is not the one the store's trail recorded then, unless an
    administrator accepts it (``accept``) as ``_broken_trail``."""
    if contents.trail_cut and not accept:
        raise StoreError(_("The audit trail of %(path)s was changed after the backup was made: %(problem)s. It was "
                           "not restored (an administrator can restore it all the same with 'avrcase db restore FILE "
                           "--accept-broken-trail').") % {"path": contents.path.name, "problem": contents.trail_cut})
    if contents.changed_after and not accept:
        raise StoreError(_("%(path)s was changed after the backup was made: %(problem)s; it was not restored (an "
                           "administrator can restore it all the same with 'avrcase db restore FILE "
                           "--accept-broken-trail').") % {"path": contents.path.name, "problem": contents.changed_after})


def _note_restored(store: Path, contents: BackupContents, end: tuple[int, str] | None, now: dt.datetime) -> None:
    """The restored trail is this store's now: a backup with no note here is noted (its chain just verified), and
    the sign-in checkpoint starts again at the restore's entry (``end``; none for a broken trail accepted), so an
    older backup's shorter trail is not taken for entries cut off."""
    first, anchor = contents.trail
    if end is not None:  # (noted anew when the side file lost its note: the store's own record confirmed it)
        backup_notes.note(contents.path.name, first, anchor, now.astimezone(dt.timezone.utc).isoformat())
    audit_checkpoint.restart(audit_seals.file_location(store), first, end)


def _broken_trail(engine: Engine, backup: Path, actor: Actor | None, *, accept: bool) -> str:
    """What is broken in the backup's audit trail (``""``: it verifies). A backup whose trail does not verify was
    changed after it was made (its manifest, a plain checksum, can be recomputed or left out): restoring it would
    put the changed records in place of the store's, so it is refused unless an administrator accepts it (``accept``)."""
    with unit_of_work(engine, actor=actor, write=False) as session:
        check = audit.verify(session, actor)
    if check.ok:
        return ""
    if not accept:
        raise StoreError(_("The audit trail of %(path)s is broken: %(problem)s. The backup was changed after it was "
                           "made; it was not restored (an administrator can restore it all the same with "
                           "'avrcase db restore FILE --accept-broken-trail').") % {
                               "path": backup.name, "problem": check.problem})
    return check.problem


def restore_over(engine: Engine, backup: Path, *, actor: Actor | None, backup_key: StoreKey | None,
                 now: dt.datetime, inspected: BackupContents | None = None, accept_another_store: bool = False,
                 progress: Progress | None = None) -> RestoreResult:
    """Restore ``backup`` over the SQLite store ``engine`` is open on; the engine is disposed first
    (a new connection from it opens the restored store). ``progress`` hears of the update of a backup an older
    avrcase made (its working copy is migrated before it replaces the store)."""
    require_signed_in(actor)
    require(actor, Permission.STORE_MAINTAIN)
    store = sqlite_path(engine.url.render_as_string(hide_password=False))
    if store is None:
        raise StoreError(_("A store on a database server is restored with the server's own tools."))
    refuse_the_store_itself(store, backup)
    contents = still_as_inspected(backup, backup_key, inspected)  # a bad backup is refused with the window still open
    current_key = store_key_of(engine)
    engine.dispose()
    return _restore_checked(store, backup, contents, actor=actor, backup_key=backup_key, current_key=current_key,
                            now=now, accept_another_store=accept_another_store, progress=progress)
