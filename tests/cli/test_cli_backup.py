"""``avrcase db backup``, ``db backups``, ``db backup-settings`` and ``db restore`` on the command line."""

import sqlite3
import stat

import pytest

from avrcase.domain.codes import StaffRole

from tests.cli.test_cli_accounts import ADMIN_PASSWORD, own_password, run


@pytest.fixture
def store(db_path, capsys, monkeypatch):
    """A plain store with its administrator ``aiste`` and a counsellor ``ruta``, made on the command line."""
    for name, value in (("AVRCASE_NEW_PASSWORD", ADMIN_PASSWORD), ("AVRCASE_PASSWORD", ADMIN_PASSWORD)):
        monkeypatch.setenv(name, value)
    assert run(capsys, "user", "add", "aiste", "--name", "Aistė Admin", "--role", "administrator", "--db", str(db_path))[0] == 0
    monkeypatch.setenv("AVRCASE_USER", "aiste")
    return db_path


def _users(path):
    connection = sqlite3.connect(path)
    try:
        return [r[0] for r in connection.execute("SELECT username FROM users ORDER BY id")]
    finally:
        connection.close()


def test_backup_to_a_file_then_restore_it(store, capsys, tmp_path, monkeypatch):
    out = tmp_path / "copy.sqlite"
    code, text, err = run(capsys, "db", "backup", "--out", str(out), "--db", str(store))
    assert code == 0, err
    assert f"Backup written to {out}" in text and "checked" in text and text.splitlines()[1].startswith("sha256 ")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "another passphrase")
    assert run(capsys, "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", str(store))[0] == 0
    assert _users(store) == ["aiste", "ruta"]
    # Without --yes and without a terminal, nothing changes.
    code, text, err = run(capsys, "db", "restore", str(out), "--db", str(store))
    assert code == 1 and err == "avrcase: Add --yes to restore without a question; nothing was changed.\n"
    assert "Backup copy.sqlite: 0 cases" in text and _users(store) == ["aiste", "ruta"]
    from avrcase.services.backup import restore

    checked_whole = []
    check_copy = restore.check_copy
    monkeypatch.setattr(restore, "check_copy", lambda *a, **k: checked_whole.append(k.get("full")) or check_copy(*a, **k))
    code, text, err = run(capsys, "db", "restore", str(out), "--yes", "--db", str(store))
    assert code == 0, err
    assert checked_whole == [True]  # the backup is checked whole once (it was twice)
    assert _users(store) == ["aiste"] and "The previous store was kept as" in text
    safety = next(tmp_path.glob("store.before-restore-*.sqlite"))
    assert _users(safety) == ["aiste", "ruta"]
    # The restored store opens and shows the restore on its audit trail.
    code, text, err = run(capsys, "audit", "verify", "--db", str(store))
    assert code == 0, err


def test_scheduled_backup_needs_a_folder_then_lists_with_status(store, capsys, tmp_path):
    code, text, err = run(capsys, "db", "backup", "--db", str(store))
    assert code == 1 and err.startswith("avrcase: No backup folder is set")
    folder = tmp_path / "usb"
    folder.mkdir()
    code, text, err = run(capsys, "db", "backup-settings", "--folder", str(folder), "--keep-daily", "3", "--db", str(store))
    assert code == 0 and f"Backup folder: {folder}" in text and "Kept: 3 daily, 4 weekly, 12 monthly" in text
    assert run(capsys, "db", "backup", "--db", str(store))[0] == 0
    code, text, err = run(capsys, "db", "backups", "--db", str(store))
    assert code == 0, err
    lines = text.splitlines()
    assert lines[0].split() == ["file", "made_at", "kind", "made_by", "cases", "schema", "encrypted", "status"]
    assert lines[1].startswith("store-backup-") and lines[1].split()[-1] == "ok" and "scheduled" in lines[1]
    assert lines[-1] == f"1 backup in {folder}"
    damaged = next(folder.glob("store-backup-*.sqlite"))
    damaged.write_bytes(damaged.read_bytes()[:5000])  # cut short on a USB stick pulled out too early
    code, text, err = run(capsys, "db", "backups", "--db", str(store))
    assert code == 1 and err == f"avrcase: 1 backup did not check out: {damaged.name}.\n"  # exit 1 said nothing
    code, text, err = run(capsys, "db", "backup-settings", "--keep-daily", "0", "--db", str(store))
    assert code == 1 and err.startswith("avrcase: Give a number from 1 to 366")


def test_restore_refuses_a_file_that_is_not_a_backup(store, capsys, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = store.read_bytes()
    code, text, err = run(capsys, "db", "restore", str(junk), "--yes", "--db", str(store))
    assert code == 1 and err.startswith("avrcase: ") and len(err.splitlines()) == 1
    assert store.read_bytes() == before
    code, text, err = run(capsys, "db", "restore", str(tmp_path / "missing.sqlite"), "--yes", "--db", str(store))
    assert code == 1 and err == f"avrcase: There is no backup file {tmp_path / 'missing.sqlite'}.\n"


def test_restore_when_the_store_is_lost_signs_in_against_the_backup(store, capsys, tmp_path, monkeypatch):
    out = tmp_path / "copy.sqlite"
    assert run(capsys, "db", "backup", "--out", str(out), "--db", str(store))[0] == 0
    store.write_bytes(b"the disk went bad" * 100)
    monkeypatch.setenv("AVRCASE_PASSWORD", "not the passphrase")
    code, text, err = run(capsys, "db", "restore", str(out), "--yes", "--db", str(store))
    assert code == 1 and err.splitlines()[-1] == "avrcase: The user name or password is wrong."
    assert store.read_bytes() == b"the disk went bad" * 100
    monkeypatch.setenv("AVRCASE_PASSWORD", ADMIN_PASSWORD)
    code, text, err = run(capsys, "db", "restore", str(out), "--yes", "--db", str(store))
    assert code == 0, err
    assert _users(store) == ["aiste"]
    assert next(tmp_path.glob("store.damaged-*.sqlite")).read_bytes() == b"the disk went bad" * 100


def test_the_store_is_not_restored_from_itself(store, capsys):
    """``db restore STORE --db STORE`` was accepted: a "restore" that kept the store aside and swapped it with itself."""
    before = store.read_bytes()
    code, text, err = run(capsys, "db", "restore", str(store), "--yes", "--db", str(store))
    assert (code, text) == (1, "") and err == f"avrcase: {store.name} is the store itself, not a backup of it; choose a backup.\n"
    assert store.read_bytes() == before and not list(store.parent.glob("*before-restore*"))


def test_restore_by_a_role_that_may_not_is_one_line_and_shows_nothing_of_the_backup(store, capsys, tmp_path,
                                                                                     monkeypatch):
    """A counsellor's restore printed what the backup holds (cases, who made it, the last change on its trail and
    who made it), then the refusal."""
    out = tmp_path / "copy.sqlite"
    assert run(capsys, "db", "backup", "--out", str(out), "--db", str(store))[0] == 0
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "another passphrase")
    assert run(capsys, "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", str(store))[0] == 0
    own_password(store, "ruta")
    monkeypatch.setenv("AVRCASE_USER", "ruta")
    monkeypatch.setenv("AVRCASE_PASSWORD", "another passphrase")
    before = _users(store)
    code, text, err = run(capsys, "db", "restore", str(out), "--yes", "--db", str(store))
    assert (code, text) == (1, "") and err == "avrcase: Your role (Counsellor) does not allow you to maintain the store.\n"
    assert _users(store) == before and not list(tmp_path.glob("store.before-restore-*"))


@pytest.mark.skipif(__import__("os").name == "nt", reason="Windows allows no ? in a file name")
def test_a_store_in_a_folder_named_with_percent_and_question_marks_is_made_backed_up_and_restored(capsys, tmp_path,
                                                                                                   monkeypatch):
    """``--db "Bylos 100%20/s.sqlite"`` opened "Bylos 100 /s.sqlite" (no store there) and ``--db "Kas?/s.sqlite"``
    the file "Kas": the path went into the store's URL unescaped."""
    folder = tmp_path / "Dokumentai 100%20 Kas? #1"
    folder.mkdir()
    path = folder / "Bylų saugykla ąčę.sqlite"
    for name, value in (("AVRCASE_NEW_PASSWORD", ADMIN_PASSWORD), ("AVRCASE_PASSWORD", ADMIN_PASSWORD),
                        ("AVRCASE_USER", "aiste")):
        monkeypatch.setenv(name, value)
    code, text, err = run(capsys, "user", "add", "aiste", "--name", "Aistė Admin", "--role", "administrator",
                          "--db", str(path))
    assert code == 0, err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("Dokumentai") and p != folder]  # nor beside it
    code, text, err = run(capsys, "db", "check", "--db", str(path))
    assert code == 0 and text.splitlines()[0] == f"Store checked, no damage found: sqlite:///{path}", err
    copy = folder / "copy 50%25?.sqlite"
    assert run(capsys, "db", "backup", "--out", str(copy), "--db", str(path))[0] == 0
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "another passphrase")
    assert run(capsys, "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", str(path))[0] == 0
    code, text, err = run(capsys, "db", "restore", str(copy), "--yes", "--db", str(path))
    assert code == 0, err
    assert _users(path) == ["aiste"] and list(folder.glob("Bylų saugykla ąčę.before-restore-*.sqlite"))


def test_a_backup_with_a_broken_audit_trail_is_restored_only_at_an_administrators_word(store, capsys, tmp_path):
    """Refusing a backup whose trail does not verify is right for an edited copy, but it may be the office's last copy
    of years of casework: ``--accept-broken-trail`` restores it, and the restore's own audit entry says what was
    broken."""
    import hashlib
    import json

    from avrcase.services.backup.copies import manifest_path

    out = tmp_path / "copy.sqlite"
    assert run(capsys, "db", "backup", "--out", str(out), "--db", str(store))[0] == 0
    with sqlite3.connect(out) as c:
        c.execute("UPDATE audit_entries SET details = '{}' WHERE seq = 1")
    c.close()
    manifest = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    manifest.update(sha256=hashlib.sha256(out.read_bytes()).hexdigest(), size=out.stat().st_size)
    manifest_path(out).write_text(json.dumps(manifest), encoding="utf-8")
    code, _, err = run(capsys, "db", "restore", str(out), "--yes", "--db", str(store))
    assert code == 1 and "it was not restored" in err and "--accept-broken-trail" in err
    code, text, err = run(capsys, "db", "restore", str(out), "--yes", "--accept-broken-trail", "--db", str(store))
    assert code == 0, err
    assert "The store was restored from copy.sqlite." in text
    with sqlite3.connect(store) as c:
        details = c.execute("SELECT details FROM audit_entries WHERE action = 'restore' ORDER BY seq DESC").fetchone()[0]
    c.close()
    assert "entry 1 does not match its hash" in json.loads(details)["audit_trail_broken"]


def test_restoring_a_backup_of_an_older_avrcase_says_it_is_updated(store, capsys, tmp_path):
    """The working copy of an older backup was migrated in silence (minutes at a large office's size)."""
    import shutil
    from pathlib import Path

    old = tmp_path / "old-backup.sqlite"
    shutil.copyfile(Path(__file__).parents[1] / "data" / "stores" / "store-0016.sqlite", old)
    code, text, err = run(capsys, "db", "restore", str(old), "--yes", "--db", str(store))
    assert code == 0 and "(older: it will be upgraded)" in text and "The store was restored from old-backup.sqlite." in text
    assert "avrcase: updating the store for this version (once; can take a few minutes)…\n" in err
    assert err.endswith("avrcase: the store is updated for this version.\n")


def test_a_backup_of_another_store_is_restored_only_with_from_another_store(capsys, db_path, engine, actor_as,
                                                                            make_case, clock, _migrated_store,
                                                                            tmp_path, monkeypatch):
    from tests.services.backup.test_restore import backup_of_another_office

    make_case()
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.ADMINISTRATOR, "aiste").username)
    foreign = backup_of_another_office(tmp_path, clock, _migrated_store)
    engine.dispose()
    code, text, err = run(capsys, "db", "restore", str(foreign), "--yes", "--db", str(db_path))
    assert code == 1 and err == (
        "avrcase: kaunas-backup.sqlite is a backup of another store (Kaunas office, 1 case), not of this one (IOM "
        "Vilnius Office, 1 case): restoring it replaces this office's records with that store's. Nothing was changed; "
        "add --from-another-store if that is what you mean.\n")
    assert not list(tmp_path.glob("store.before-restore-*"))
    code, text, err = run(capsys, "db", "restore", str(foreign), "--yes", "--from-another-store", "--db", str(db_path))
    assert code == 0, err
    assert "is a backup of another store" in text and "The store was restored from kaunas-backup.sqlite." in text


def test_a_backup_made_here_with_its_trail_end_cut_is_refused_before_the_question(store, capsys, tmp_path):
    """Entries cut off the end of a backup's trail and its manifest recomputed restored without a word; the trail end
    noted on this computer when the backup was made now refuses it, nothing changed, in one line."""
    from tests.services.backup.test_restore_trail_anchor import _cut_and_recompute

    out = tmp_path / "copy.sqlite"
    assert run(capsys, "db", "backup", "--out", str(out), "--db", str(store))[0] == 0
    kept = _cut_and_recompute(out, 1)
    code, _, err = run(capsys, "db", "restore", str(out), "--db", str(store))  # refused before it asks
    assert code == 1 and err.count("\n") == 1
    assert f"its audit trail ends at entry {kept}, but it ended at entry {kept + 1} when the backup was made" in err
    with sqlite3.connect(store) as c:
        assert c.execute("SELECT count(*) FROM audit_entries WHERE action = 'restore'").fetchone()[0] == 0
    c.close()
    assert not list(tmp_path.glob("store.before-restore-*"))
    code, text, err = run(capsys, "db", "backups", "--folder", str(tmp_path))  # the listing names it too
    assert code == 1 and err == "avrcase: 1 backup did not check out: copy.sqlite.\n"
    assert f"audit trail changed after the backup was made: its audit trail ends at entry {kept}" in text


def test_a_backup_made_elsewhere_restores_with_a_warning_line(store, capsys, tmp_path):
    import datetime as dt

    from avrcase.services.backup import backup_notes
    from avrcase.services.backup.copies import copy_store

    out = tmp_path / "copy.sqlite"  # made by another computer: neither noted here nor recorded on this store's trail
    copy_store(store, None, out, now=dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.timezone.utc), made_by="aiste",
               kind="manual")
    backup_notes.notes_file().unlink()
    code, text, err = run(capsys, "db", "restore", str(out), "--yes", "--db", str(store))
    assert code == 0, err
    assert err.startswith("Warning: The audit trail of copy.sqlite could not be checked against this computer")
    assert "The store was restored from copy.sqlite." in text
    code, _, err = run(capsys, "db", "restore", str(out), "--yes", "--db", str(store))
    assert code == 0 and "Warning" not in err  # noted once its chain verified at the restore


def test_a_deleted_backup_anchors_file_is_reported_by_db_backups_and_audit_verify(store, capsys, tmp_path):
    """Deleting ``backup-anchors.json`` weakened the check of every backup made here, and nothing said so."""
    from avrcase.services.backup import backup_notes

    folder = tmp_path / "usb"
    folder.mkdir()
    assert run(capsys, "db", "backup-settings", "--folder", str(folder), "--db", str(store))[0] == 0
    assert run(capsys, "db", "backup", "--db", str(store))[0] == 0
    made = next(folder.glob("store-backup-*.sqlite")).name
    assert run(capsys, "db", "backups", "--db", str(store))[0] == 0
    backup_notes.notes_file().unlink()
    code, text, err = run(capsys, "db", "backups", "--db", str(store))
    assert code == 1 and text.splitlines()[1].split()[-1] == "ok"
    assert err == (f"avrcase: {made}, a backup this computer made, is on the store's audit trail but not in "
                   "backup-anchors.json: that file was deleted or replaced, and only the store's own record now "
                   "shows if a backup was changed after it was made.\n")
    code, text, err = run(capsys, "audit", "verify", "--db", str(store))
    assert code == 0 and "The audit trail is intact" in text and "not in backup-anchors.json" in err
