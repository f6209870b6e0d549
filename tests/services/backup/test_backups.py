"""Backups: a verified copy with its manifest, the office folder and its rotation, the health shown to people."""

import datetime as dt
import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, StoreError, ValidationError
from avrcase.services.accounts import encryption
from avrcase.services.backup import backups
from avrcase.services.backup.copies import check_copy, manifest_path, read_manifest
from avrcase.services.backup.rotation import Rotation, kept
from avrcase.services.uow import unit_of_work
from avrcase.store.encryption import keys_path
from avrcase.store.schema import head_revision
from avrcase.services.permissions import SYSTEM
from tests.conftest import TEST_PASSWORD

NOW = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR, "aiste")


def test_backup_is_a_verified_private_copy_with_a_manifest(engine, admin, make_case, tmp_path):
    make_case()
    make_case(members=2)
    out = tmp_path / "copy.sqlite"
    with unit_of_work(engine) as session:
        manifest = backups.back_up_store(session, admin, out, now=NOW)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(manifest_path(out).stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*part"))
    on_disk = read_manifest(out)
    assert on_disk == manifest
    assert manifest.counts["cases"] == 2 and manifest.counts["persons"] == 4
    assert manifest.schema_revision == head_revision() and not manifest.encrypted and manifest.made_by == "aiste"
    data = json.loads(manifest_path(out).read_text())
    assert data["created_at"] == "2026-12-04T15:00:00+00:00" and len(data["sha256"]) == 64
    # A self-contained SQLite file (no -wal beside it) holding every case.
    assert not (tmp_path / "copy.sqlite-wal").exists()
    assert sqlite3.connect(out).execute("SELECT count(*) FROM cases").fetchone()[0] == 2
    assert check_copy(out, None, full=True).ok


def test_backup_is_on_the_audit_trail(engine, admin, tmp_path):
    from sqlalchemy import select

    from avrcase.store.models import AuditEntry

    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, tmp_path / "b.sqlite", now=NOW)
    with unit_of_work(engine, write=False) as session:
        entry = session.execute(select(AuditEntry.username, AuditEntry.details).where(AuditEntry.action == "backup")).one()
    assert entry.username == "aiste" and '"file":"b.sqlite"' in entry.details


def test_only_administrators_back_up_and_an_existing_file_is_not_replaced(engine, actor, admin, tmp_path):
    with pytest.raises(PermissionDeniedError):
        with unit_of_work(engine) as session:
            backups.back_up_store(session, actor, tmp_path / "x.sqlite", now=NOW)
    (tmp_path / "taken.sqlite").write_text("mine")
    with pytest.raises(StoreError, match="already exists"):
        with unit_of_work(engine) as session:
            backups.back_up_store(session, admin, tmp_path / "taken.sqlite", now=NOW)
    assert (tmp_path / "taken.sqlite").read_text() == "mine"
    with pytest.raises(StoreError, match="does not exist"):
        with unit_of_work(engine) as session:
            backups.back_up_store(session, admin, tmp_path / "nowhere" / "x.sqlite", now=NOW)


def test_encrypted_store_backup_stays_encrypted_and_carries_its_key_slots(engine, db_path, admin, make_case, tmp_path):
    make_case()
    with unit_of_work(engine) as session:
        encryption.encrypt_store(session, admin, TEST_PASSWORD)
    engine.dispose()
    opened = encryption.open_unlocked(f"sqlite:///{db_path}", "aiste", TEST_PASSWORD)
    try:
        out = tmp_path / "enc-copy.sqlite"
        with unit_of_work(opened) as session:
            manifest = backups.back_up_store(session, admin, out, now=NOW)
    finally:
        opened.dispose()
    assert manifest.encrypted and not out.read_bytes().startswith(b"SQLite format 3")
    assert b"Beridze" not in out.read_bytes()
    assert keys_path(out).read_bytes() == keys_path(db_path).read_bytes()
    assert stat.S_IMODE(keys_path(out).stat().st_mode) == 0o600
    # The backup's own key file opens it with the same password.
    key = encryption.unlock(out, "aiste", TEST_PASSWORD)
    check = check_copy(out, key)
    assert check.ok and check.counts["cases"] == 1


def test_rotation_keeps_newest_per_day_week_and_month():
    start = dt.datetime(2025, 1, 1, 18, tzinfo=dt.timezone.utc)
    times = [start + dt.timedelta(days=d, hours=h) for d in range(400) for h in (0, 3)]
    keep = kept(times, Rotation(7, 4, 12))
    newest = max(times)
    assert newest in keep
    days = {t.date() for t in keep}
    # 7 daily, plus at most 4 weekly and 12 monthly beyond them: never more than 23 copies.
    assert len(keep) <= 23 and len(keep) == len(days)
    assert all(newest.date() - dt.timedelta(days=i) in days for i in range(7))
    months = {(t.year, t.month) for t in keep}
    assert len(months) == 12
    # The copy kept for a day is that day's newest.
    assert all(t.hour == 21 for t in keep)


def test_scheduled_backups_rotate_the_office_folder(engine, admin, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "someone-elses-file.sqlite").write_text("not ours")
    with unit_of_work(engine) as session:
        backups.save_backup_settings(session, admin, backups.BackupSettings(str(folder), 2, 1, 1, 2))
    for day in range(10):
        with unit_of_work(engine) as session:
            backups.run_scheduled_backup(session, admin, now=NOW + dt.timedelta(days=day))
    rows = backups.list_backups(folder)
    # 2 daily (days 9 and 8), the week's newest is day 9, the month's newest is day 9 (December: days 4..13).
    assert [r.created_at.day for r in rows] == [13, 12]
    assert all(r.ok and r.kind == "scheduled" for r in rows)
    assert (folder / "someone-elses-file.sqlite").read_text() == "not ours"


def test_health_warns_when_old_missing_or_failed(engine, admin, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    with unit_of_work(engine, write=False) as session:
        settings = backups.get_backup_settings(session, admin)
    assert "No backup folder" in backups.backup_health(engine, settings, now=NOW).warning
    with unit_of_work(engine) as session:
        settings = backups.save_backup_settings(session, admin, backups.BackupSettings(str(folder), max_age_days=2))
    health = backups.backup_health(engine, settings, now=NOW)
    assert health.warning == "No backup has been made yet." and health.due(NOW)
    with unit_of_work(engine) as session:
        backups.run_scheduled_backup(session, admin, now=NOW)
    health = backups.backup_health(engine, settings, now=NOW + dt.timedelta(hours=5))
    assert health.warning == "" and health.last_good_at == NOW and not health.due(NOW + dt.timedelta(hours=5))
    assert health.due(NOW + dt.timedelta(days=1))
    assert backups.backup_health(engine, settings, now=NOW + dt.timedelta(days=3)).warning == \
        "The last good backup is 3 days old."
    shutil.rmtree(folder)  # the USB disk was unplugged
    with pytest.raises(StoreError):
        with unit_of_work(engine) as session:
            backups.run_scheduled_backup(session, admin, now=NOW + dt.timedelta(days=1))
    health = backups.backup_health(engine, settings, now=NOW + dt.timedelta(days=1))
    assert health.warning.startswith("The last backup failed: The backup folder") and health.last_good_at == NOW


def test_listing_spots_a_damaged_backup(engine, admin, tmp_path):
    out = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, out, now=NOW)
    assert backups.list_backups(tmp_path)[0].ok
    data = bytearray(out.read_bytes())
    data[5000] ^= 0xFF
    out.write_bytes(bytes(data))
    assert backups.list_backups(tmp_path)[0].status == "damaged: the file does not match its checksum"


@pytest.mark.parametrize("edit", ["made by", "cases", "made at", "schema", "size", "garbled"])
def test_listing_names_a_manifest_edited_by_hand(engine, admin, make_case, tmp_path, edit):
    """The manifest's checksum covers the file, not itself: a changed "made by", count or date was listed as ok."""
    make_case()
    out = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, out, now=NOW)
    path = manifest_path(out)
    data = json.loads(path.read_text())
    if edit == "made by":  # the made-by alone is not checkable; with it the count says the file is another's
        data["made_by"], data["counts"]["cases"] = "someone else", 7
    elif edit == "cases":
        data["counts"]["cases"] = 7
    elif edit == "made at":
        data["created_at"] = "2020-01-01T00:00:00+00:00"
    elif edit == "schema":
        data["schema_revision"] = "0001"
    else:
        data["size"] = data["size"] + 1
    path.write_text("{ not json" if edit == "garbled" else json.dumps(data))
    row = backups.list_backups(tmp_path)[0]
    assert not row.ok
    if edit == "garbled":
        assert row.status == "unreadable manifest"
    else:
        assert row.status.startswith("manifest changed: it does not describe the file (")


@pytest.mark.skipif(__import__("os").name == "nt", reason="no named pipes in the file system")
def test_listing_does_not_wait_on_a_manifest_that_is_a_pipe(engine, admin, tmp_path):
    """A named pipe put in place of a manifest made ``db backups`` wait for ever (and a huge file filled memory)."""
    import os

    out = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, out, now=NOW)
    manifest_path(out).unlink()
    os.mkfifo(manifest_path(out))
    assert backups.list_backups(tmp_path)[0].status == "unreadable manifest"


def test_listing_names_a_file_swapped_under_its_manifest(engine, admin, make_case, tmp_path):
    """Another backup of the same store put in its place, its checksum copied into the manifest: the counts and the
    last audit entry tell."""
    first, second = tmp_path / "a.sqlite", tmp_path / "later.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, first, now=NOW)
    make_case()
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, second, now=NOW)
    shutil.copyfile(second, first)
    data = json.loads(manifest_path(first).read_text())
    data["sha256"], data["size"] = json.loads(manifest_path(second).read_text())["sha256"], second.stat().st_size
    manifest_path(first).write_text(json.dumps(data))
    rows = {row.path.name: row for row in backups.list_backups(tmp_path)}
    assert rows["later.sqlite"].ok
    assert rows["a.sqlite"].status.startswith("manifest changed: it does not describe the file (")


def test_settings_are_checked(engine, admin, tmp_path):
    with pytest.raises(ValidationError) as info:
        with unit_of_work(engine) as session:
            backups.save_backup_settings(session, admin, backups.BackupSettings("relative/path", 0, 4, 12, 2))
    assert set(info.value.errors) == {"folder", "keep_daily"}


def test_postgres_store_points_to_server_backups(pg_engine, tmp_path):
    from avrcase.services.accounts import users

    with unit_of_work(pg_engine) as session:
        row = users.add_user(session, SYSTEM, "aiste", "Aiste Admin", StaffRole.ADMINISTRATOR)
        admin = users.actor_by_id(session, row.id)
    with pytest.raises(StoreError, match="server's own backups"):
        with unit_of_work(pg_engine) as session:
            backups.back_up_store(session, admin, tmp_path / "x.sqlite", now=NOW)


def test_a_backup_killed_half_way_leaves_no_copy_behind_after_the_next(engine, admin, tmp_path):
    """kill -9 during a scheduled backup left '.avrcase-backup-<time>.sqlite.part' in the office's folder: a whole
    copy of the store that nothing listed, rotated or deleted; the next backup now removes it."""
    import os

    folder = tmp_path / "usb"
    folder.mkdir()
    with unit_of_work(engine) as session:
        backups.save_backup_settings(session, admin, backups.BackupSettings(str(folder)))
    stem = engine.url.database.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    killed = folder / f".{stem}-backup-20261203-101500Z.sqlite.part"
    # and the journal SQLite left beside a copy that the disk filled up under
    journal = folder / f".{stem}-backup-20261203-101500Z.sqlite.part-journal"
    writing = folder / f".{stem}-backup-20261204-145500Z.sqlite.part"  # another computer's, still being written
    theirs = folder / ".notes.part"
    for path in (killed, writing, theirs, journal):
        path.write_bytes(b"SQLite format 3\0")
    os.utime(journal, (NOW.timestamp() - 86400, NOW.timestamp() - 86400))
    os.utime(killed, (NOW.timestamp() - 86400, NOW.timestamp() - 86400))
    os.utime(writing, (NOW.timestamp() - 60, NOW.timestamp() - 60))
    os.utime(theirs, (NOW.timestamp() - 86400, NOW.timestamp() - 86400))
    with unit_of_work(engine) as session:
        backups.run_scheduled_backup(session, admin, now=NOW)
    assert not killed.exists() and not journal.exists() and writing.exists() and theirs.exists()


class _DiskFullUnderTheCopy:
    """The store's connection, whose copy fails as SQLite's does when the backup's disk fills up: the copy's
    rollback journal is left beside it (seen on a 300 kB tmpfs: ``.b.sqlite.part-journal``)."""

    def __init__(self, connection):
        object.__setattr__(self, "_connection", connection)

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def __setattr__(self, name, value):
        setattr(self._connection, name, value)

    def backup(self, target):
        import sqlite3

        (target_path,) = [row[2] for row in target.execute("PRAGMA database_list") if row[1] == "main"]
        Path(f"{target_path}-journal").write_bytes(b"\0" * 512)
        raise sqlite3.OperationalError("database or disk is full")


def test_a_backup_that_fills_the_disk_leaves_nothing_behind(engine, admin, tmp_path, monkeypatch):
    from avrcase.services.backup import copies

    real = copies.connect
    monkeypatch.setattr(copies, "connect", lambda path, key: _DiskFullUnderTheCopy(real(path, key))
                        if not str(path).endswith(".part") else real(path, key))
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(StoreError, match="database or disk is full"):
        with unit_of_work(engine) as session:
            backups.back_up_store(session, admin, folder / "b.sqlite", now=NOW)
    assert list(folder.iterdir()) == []



def test_a_read_only_backup_folder_is_a_failure_the_status_bar_warns_of_not_an_internal_error(engine, admin,
                                                                                          tmp_path, monkeypatch):
    """On a read-only folder (a write-protected USB stick; seen on a tmpfs mounted ``ro``) even removing a file that is
    not there fails with EROFS: the cleanup's error escaped as "internal error (OSError …)", and the scheduled backup's
    failure was never noted, so the window went on saying the last backup was fine. Root ignores the folder's mode,
    so the read-only file system is played by the calls that touch it."""
    import errno
    import os

    folder = tmp_path / "usb"
    folder.mkdir()
    with unit_of_work(engine) as session:
        backups.save_backup_settings(session, admin, backups.BackupSettings(folder=str(folder)))

    def read_only(path, *args, **kwargs):
        if Path(path).parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, *args, **kwargs)

    def unlink(self, missing_ok=False):
        if self.parent == folder:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_unlink(self, missing_ok=missing_ok)

    real_open, real_unlink = os.open, Path.unlink
    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(StoreError, match="could not be written to .*Read-only file system"):
        with unit_of_work(engine) as session:
            backups.run_scheduled_backup(session, admin, now=NOW)
    monkeypatch.undo()
    status = json.loads(backups.status_path(Path(engine.url.database)).read_text(encoding="utf-8"))
    assert "Read-only file system" in status["last_failure"]["message"] and list(folder.iterdir()) == []


def test_rotation_leaves_another_stores_backups_of_the_same_name_alone(engine, admin, tmp_path):
    """Two computers of an office each keep their store under the same default name and back up to one shared folder
    (a network share, a synced folder): the rotation of one deleted the other's copies as its own, since both are
    ``<store>-backup-<time>.sqlite`` (session 30's attack). A copy counts as this store's only when its audit trail
    begins with this store's first entry, as a restore tells another store's backup (``backups.identity``)."""
    from avrcase.services.accounts import users
    from avrcase.store.schema import open_store

    folder = tmp_path / "share"
    folder.mkdir()
    other_path = tmp_path / "laptop2" / "store.sqlite"  # the same file name as this test's store
    other_path.parent.mkdir()
    other = open_store(f"sqlite:///{other_path}")
    with unit_of_work(other) as session:
        users.add_user(session, SYSTEM, "rasa", "Rasa Admin", StaffRole.ADMINISTRATOR)
    other.dispose()
    theirs = []
    for day in range(10):  # the other laptop's daily copies, in the evening
        when = NOW + dt.timedelta(days=day, hours=4)
        target = folder / f"store-backup-{when.strftime('%Y%m%d-%H%M%S')}Z.sqlite"
        backups.copy_store(other_path, None, target, now=when, made_by="rasa", kind="scheduled")
        theirs.append(target)
    with unit_of_work(engine) as session:
        backups.save_backup_settings(session, admin, backups.BackupSettings(str(folder), 2, 1, 1, 2))
    for day in range(10):
        with unit_of_work(engine) as session:
            backups.run_scheduled_backup(session, admin, now=NOW + dt.timedelta(days=day))
    assert all(path.exists() and manifest_path(path).exists() for path in theirs)  # all ten of the other laptop's
    ours = sorted(p.name for p in folder.glob("store-backup-*Z.sqlite") if p not in theirs)
    assert ours == ["store-backup-20261212-150000Z.sqlite", "store-backup-20261213-150000Z.sqlite"]
