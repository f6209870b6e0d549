"""The office's backups as services: settings, a backup on request or on schedule, the list, the health.

A scheduled backup goes to the office's backup folder as ``<store>-backup-<UTC time>.sqlite`` and the
folder is rotated (newest per day, ISO week and month). Each run's outcome is kept beside the store in
``<store>.backup-status.json`` so the main window can say when the last good backup was made, or that
the last one failed, even when the backup folder (a USB disk) is not plugged in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from avrcase.domain.errors import PermissionDeniedError, StoreError, ValidationError
from avrcase.i18n import _, ngettext
from avrcase.services import audit
from avrcase.services.backup import backup_notes, backup_records
from avrcase.services.backup.copies import (DB_ERRORS, BackupManifest, copy_store, facts_of, manifest_disagrees,
                                            manifest_path, read_manifest, trail_of)
from avrcase.services.backup.files import sha256_of, write_private
from avrcase.services.backup.rotation import Rotation, kept
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.store.encryption import StoreKey, keys_path
from avrcase.store.engine import sqlite_path, store_key_of
from avrcase.store.models import AuditEntry, OfficeProfile
from avrcase.store.probe import SQLITE_HEADER

PROFILE_ID = 1
SCHEDULED, MANUAL = "scheduled", "manual"
#: A scheduled backup is made at most this often while the app is open.
INTERVAL = dt.timedelta(days=1)
_STAMP = "%Y%m%d-%H%M%SZ"


@dataclass(frozen=True)
class BackupSettings:
    """The office's backup folder ("" = scheduled backups off), the rotation and the age limit in days."""

    folder: str = ""
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12
    max_age_days: int = 2

    @property
    def rotation(self) -> Rotation:
        """How many copies of each period are kept."""
        return Rotation(self.keep_daily, self.keep_weekly, self.keep_monthly)


@dataclass(frozen=True)
class BackupRow:
    """One backup in a folder, with what checking it found (``status`` ``ok`` or a reason)."""

    path: Path
    created_at: dt.datetime | None
    kind: str
    made_by: str
    size: int
    encrypted: bool
    schema_revision: str | None
    cases: int | None
    status: str

    @property
    def ok(self) -> bool:
        """True when the file is there and matches its manifest's SHA-256."""
        return self.status == "ok"


@dataclass(frozen=True)
class BackupHealth:
    """What the main window says about backups: the last good one, the last failure, and a warning."""

    configured: bool
    last_good_at: dt.datetime | None
    last_good_file: str
    last_failed_at: dt.datetime | None
    last_failure: str
    warning: str

    def due(self, now: dt.datetime) -> bool:
        """True when a scheduled backup should run now (none yet today, or the last one failed)."""
        if not self.configured:
            return False
        if self.last_good_at is None or now - self.last_good_at >= INTERVAL:
            return True
        return self.last_failed_at is not None and self.last_failed_at > self.last_good_at


# ---------------------------------------------------------------- settings

def get_backup_settings(session: Session, actor: Actor | None) -> BackupSettings:
    """The office's backup settings (the defaults when no office profile is saved yet)."""
    require_signed_in(actor)
    row = session.get(OfficeProfile, PROFILE_ID)
    if row is None:
        return BackupSettings()
    return BackupSettings(row.backup_folder, row.backup_keep_daily, row.backup_keep_weekly, row.backup_keep_monthly,
                          row.backup_max_age_days)


def save_backup_settings(session: Session, actor: Actor | None, settings: BackupSettings) -> BackupSettings:
    """Save the backup settings (administrators); the folder must exist; counts within sensible bounds."""
    require_signed_in(actor)
    require(actor, Permission.STORE_MAINTAIN)
    errors: dict[str, str] = {}
    folder = settings.folder.strip()
    if folder and not Path(folder).expanduser().is_absolute():
        errors["folder"] = _("Give the backup folder as a full path, for example /media/usb/avrcase.")
    elif folder and not Path(folder).expanduser().is_dir():
        errors["folder"] = _("The folder %(folder)s does not exist.") % {"folder": folder}
    for name, value, low, high in (("keep_daily", settings.keep_daily, 1, 366), ("keep_weekly", settings.keep_weekly, 0, 520),
                                   ("keep_monthly", settings.keep_monthly, 0, 240),
                                   ("max_age_days", settings.max_age_days, 1, 365)):
        if not low <= value <= high:
            errors[name] = _("Give a number from %(low)d to %(high)d.") % {"low": low, "high": high}
    if errors:
        raise ValidationError(errors)
    row = session.get(OfficeProfile, PROFILE_ID)
    if row is None:
        row = OfficeProfile(id=PROFILE_ID)
        session.add(row)
    row.backup_folder = str(Path(folder).expanduser()) if folder else ""
    row.backup_keep_daily, row.backup_keep_weekly = settings.keep_daily, settings.keep_weekly
    row.backup_keep_monthly, row.backup_max_age_days = settings.keep_monthly, settings.max_age_days
    session.flush()
    return get_backup_settings(session, actor)


# ---------------------------------------------------------------- making backups

def _store_of(session: Session) -> tuple[Engine, Path]:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None:
        raise StoreError(_("This store is on a database server: back it up with the server's own backups "
                           "(for PostgreSQL, pg_dump or continuous archiving); “avrcase export all” makes a "
                           "readable copy of everything."))
    return engine, path


def status_path(store: Path) -> Path:
    """Where the outcome of the store's last backups is kept: ``<store>.backup-status.json`` beside it."""
    return store.with_name(store.name + ".backup-status.json")


def back_up_store(session: Session, actor: Actor | None, out: Path, *, now: dt.datetime) -> BackupManifest:
    """Write a verified backup of the store to ``out`` (administrators); it is on the audit trail."""
    require_signed_in(actor)
    require(actor, Permission.STORE_MAINTAIN)
    engine, path = _store_of(session)
    out = out.expanduser().resolve()
    if out == path.resolve():
        raise StoreError(_("A backup cannot replace the store itself; choose another file."))
    manifest = copy_store(path, store_key_of(engine), out, now=now, made_by=_who(actor), kind=MANUAL)
    audit.record(session, actor, audit.Action.BACKUP, kind=MANUAL, **_record(manifest, out, engine))
    return manifest


def run_scheduled_backup(session: Session, actor: Actor | None, *, now: dt.datetime) -> BackupManifest:
    """Back up to the office's folder and rotate it; the outcome goes to the status file either way.

    The app's own job (on close, and once a day while open): anyone signed in runs it, nobody else.
    """
    require_signed_in(actor)
    settings = get_backup_settings(session, actor)
    if not settings.folder:
        raise StoreError(_("No backup folder is set; an administrator sets one under File ▸ Backup settings."))
    engine, path = _store_of(session)
    target = Path(settings.folder) / f"{path.stem}-backup-{now.astimezone(dt.timezone.utc).strftime(_STAMP)}{path.suffix}"
    try:
        manifest = copy_store(path, store_key_of(engine), target, now=now, made_by=_who(actor), kind=SCHEDULED)
        rotate(Path(settings.folder), path.stem, settings.rotation, of_store=(_trail_start(session), store_key_of(engine)))
        remove_stale_parts(Path(settings.folder), path.stem, now)
    except StoreError as exc:
        _write_status(path, failure={"at": now.isoformat(), "message": exc.message})
        raise
    _write_status(path, success={"at": now.isoformat(), "file": str(target), "sha256": manifest.sha256})
    audit.record(session, actor, audit.Action.BACKUP, kind=SCHEDULED, **_record(manifest, target, engine))
    return manifest


def _record(manifest: BackupManifest, path: Path, engine: Engine) -> dict:
    """What the backup's entry records of it (``backup_records``): the store's second note of its trail end."""
    first = trail_of(path, store_key_of(engine))[0]
    return backup_records.record_of(manifest.file, manifest.sha256, manifest.size, first, manifest.audit_anchor)


def require_signed_in(actor: Actor | None) -> None:
    """Fail closed: nobody signed in may do nothing here."""
    if actor is None:
        raise PermissionDeniedError(_("Please sign in first."))


def _who(actor: Actor | None) -> str:
    return actor.username if actor is not None else "system"


def _write_status(store: Path, *, success: dict | None = None, failure: dict | None = None) -> None:
    data = _read_status(store)
    if success is not None:
        data["last_success"] = success
    if failure is not None:
        data["last_failure"] = failure
    try:
        write_private(status_path(store), json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
    except OSError:
        pass  # the status is a convenience; the backups and their manifests are the record


def _read_status(store: Path) -> dict:
    try:
        data = json.loads(status_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------- folder, rotation, health

def _scheduled_files(folder: Path, stem: str) -> list[tuple[dt.datetime, Path]]:
    pattern = re.compile(rf"^{re.escape(stem)}-backup-(\d{{8}}-\d{{6}}Z)\.[A-Za-z0-9]+$")
    found = []
    for item in folder.iterdir() if folder.is_dir() else []:
        match = pattern.match(item.name)
        if match and item.is_file():
            when = dt.datetime.strptime(match.group(1), _STAMP).replace(tzinfo=dt.timezone.utc)
            found.append((when, item))
    return found


def _trail_start(session: Session) -> str:
    """The hash of the store's first audit entry: what every backup of it begins its trail with (``identity``)."""
    return session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == 1)) or ""


def rotate(folder: Path, stem: str, rotation: Rotation, *, of_store: tuple[str, StoreKey | None] | None = None) -> list[Path]:
    """Delete the scheduled backups of ``stem`` in ``folder`` that the rotation no longer keeps; the removed.

    ``of_store`` (the store's first audit entry's hash, its key): only copies whose trail begins there are this
    store's. Another computer's store of the same name backed up to the same shared folder has copies of the same
    names; they are not this store's to rotate (nor is a copy that does not open with this store's key).
    """
    files = _scheduled_files(folder, stem)
    if of_store is not None:
        files = [(when, item) for when, item in files if trail_of(item, of_store[1])[0] == of_store[0]]
    keep = kept([when for when, _path in files], rotation)
    removed = []
    for when, item in files:
        if when not in keep:
            for part in (manifest_path(item), keys_path(item), item):
                part.unlink(missing_ok=True)
            removed.append(item)
    return removed


#: A backup's unfinished copy this much older than now was left by a backup that was killed or lost its power;
#: a younger one may be another computer's backup still being written into a shared folder.
STALE_PART = dt.timedelta(hours=1)


def remove_stale_parts(folder: Path, stem: str, now: dt.datetime) -> list[Path]:
    """Delete the unfinished copies (``.<stem>-backup-<time>.sqlite.part``) that a backup killed half-way left in
    ``folder``: each is a whole unchecked copy of the store, never listed, never rotated. The removed."""
    pattern = re.compile(rf"^\.{re.escape(stem)}-backup-\d{{8}}-\d{{6}}Z\.[A-Za-z0-9]+(\.[a-z]+\.json)?\.part(-journal)?$")
    removed = []
    for item in folder.iterdir() if folder.is_dir() else []:
        try:
            stale = pattern.match(item.name) and now.timestamp() - item.stat().st_mtime > STALE_PART.total_seconds()
            if stale:
                item.unlink()
                removed.append(item)
        except OSError:
            continue  # gone meanwhile, or not ours to delete: the backup itself succeeded
    return removed


def describe_backup(path: Path, records: backup_records.StoreRecords | None = None) -> BackupRow:
    """One backup file with its manifest, its SHA-256 checked and, for a plain one, what the manifest says of it
    (schema, rows, last audit entry) read from the file: a manifest edited by hand is named, not shown as true."""
    manifest = read_manifest(path)
    size = path.stat().st_size if path.is_file() else 0
    if not path.is_file():
        status = _("file missing")
    elif manifest is None:
        status = _("unreadable manifest") if manifest_path(path).exists() else _("no manifest")
    elif sha256_of(path) != manifest.sha256:
        status = _("damaged: the file does not match its checksum")
    elif manifest.encrypted and not keys_path(path).is_file():
        status = _("key file missing")
    else:
        status = _manifest_contradiction(path, manifest, size, records or backup_records.StoreRecords())
    if manifest is None:
        return BackupRow(path, None, "", "", size, False, None, None, status)
    return BackupRow(path, manifest.created_at, manifest.kind, manifest.made_by, size, manifest.encrypted,
                     manifest.schema_revision, manifest.counts.get("cases"), status)


def _manifest_contradiction(path: Path, manifest: BackupManifest, size: int,
                            records: backup_records.StoreRecords) -> str:
    """``ok``, or how the manifest beside ``path`` (whose checksum it matches) does not describe it."""
    with path.open("rb") as fh:
        plain = fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    if manifest.size != size or manifest.encrypted == plain:
        detail = _("its size or encryption")
    elif manifest.encrypted:
        return "ok"  # its pages are read with a password only, when it is restored
    else:
        try:
            revision, counts, last_at, anchor = facts_of(path)
        except DB_ERRORS:
            return _("not an avrcase store")
        except ValueError:  # a time on its audit trail that is not one
            return _("not an avrcase store")
        detail = manifest_disagrees(manifest, revision, counts, last_at, anchor)
        first = trail_of(path, None)[0]
        cut = "" if detail else (backup_notes.trail_cut(path.name, first, anchor)
                                 or backup_records.trail_disagreement(records, path.name, manifest.sha256, first, anchor))
        if cut:  # the manifest recomputed after entries were cut off: only this computer's notes show it
            return _("audit trail changed after the backup was made: %(problem)s") % {"problem": cut}
        changed = "" if detail else backup_records.checksum_disagreement(records, path.name, manifest.sha256, first,
                                                                         anchor)
        if changed:
            return _("changed after the backup was made: %(problem)s") % {"problem": changed}
    if not detail:
        return "ok"
    return _("manifest changed: it does not describe the file (%(detail)s)") % {"detail": detail}


def list_backups(folder: Path, records: backup_records.StoreRecords | None = None) -> list[BackupRow]:
    """Every avrcase backup in ``folder`` (files with a manifest, and scheduled ones without), newest first; each
    made here is compared with what the store's trail recorded of it too (``records``)."""
    if not folder.is_dir():
        raise StoreError(_("The backup folder %(folder)s does not exist or is not reachable.") % {"folder": folder})
    paths = {item.with_name(item.name[: -len(".manifest.json")]) for item in folder.glob("*.manifest.json")}
    paths |= {item for item in folder.glob("*-backup-*Z.*") if item.suffix != ".json" and not item.name.startswith(".")}
    rows = [describe_backup(path, records) for path in paths]
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return sorted(rows, key=lambda row: (row.created_at or epoch, row.path.name), reverse=True)


def backup_health(engine: Engine, settings: BackupSettings, *, now: dt.datetime) -> BackupHealth:
    """When the store was last backed up well, whether the last run failed, and the warning to show."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None:
        return BackupHealth(False, None, "", None, "", _("Backups of a database server are made on the server."))
    data = _read_status(path)
    success, failure = data.get("last_success") or {}, data.get("last_failure") or {}
    good_at = _instant(success.get("at"))
    failed_at = _instant(failure.get("at"))
    warning = ""
    if not settings.folder:
        warning = _("No backup folder is set: this store is not backed up.")
    elif failed_at is not None and (good_at is None or failed_at > good_at):
        warning = _("The last backup failed: %(reason)s") % {"reason": failure.get("message", "")}
    elif good_at is None:
        warning = _("No backup has been made yet.")
    elif now - good_at > dt.timedelta(days=settings.max_age_days):
        warning = ngettext("The last good backup is %(days)d day old.", "The last good backup is %(days)d days old.",
                           (now - good_at).days) % {"days": (now - good_at).days}
    return BackupHealth(bool(settings.folder), good_at, str(success.get("file", "")), failed_at,
                        str(failure.get("message", "")), warning)


def _instant(text: object) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
