"""Restore: every kind of backup (plain, encrypted, older schema) comes back whole; bad ones change nothing."""

import datetime as dt
import sqlite3

import pytest
from alembic import command
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, StoreError
from avrcase.services.accounts import encryption
from avrcase.services.audit import verify as verify_chain
from avrcase.services.backup import backups, restore
from avrcase.services.backup.copies import copy_store
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from avrcase.store.encryption import keys_path
from avrcase.store.engine import create_store_engine
from avrcase.store.models import AuditEntry
from avrcase.store.schema import alembic_config, head_revision, open_store
from tests.conftest import TEST_PASSWORD

NOW = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.timezone.utc)
LATER = NOW + dt.timedelta(hours=2)


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR, "aiste")


def _rows(connection, skip=("audit_entries", "alembic_version")) -> dict[str, list[tuple]]:
    names = [r[0] for r in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: sorted(map(tuple, connection.execute(f'SELECT * FROM "{n}"').fetchall()), key=repr)
            for n in names if n not in skip}


def _plain_rows_like(path, reference):
    """The rows of ``path`` in the tables and columns ``reference`` has (later migrations add others)."""
    ref, connection = sqlite3.connect(reference), sqlite3.connect(path)
    try:
        tables = [r[0] for r in ref.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        rows = {}
        for name in tables:
            if name in ("audit_entries", "alembic_version"):
                continue
            columns = ", ".join(f'"{r[1]}"' for r in ref.execute(f'PRAGMA table_info("{name}")'))
            rows[name] = sorted(map(tuple, connection.execute(f'SELECT {columns} FROM "{name}"').fetchall()), key=repr)
        return rows
    finally:
        ref.close()
        connection.close()


def _plain_rows(path):
    connection = sqlite3.connect(path)
    try:
        return _rows(connection)
    finally:
        connection.close()


def _filled(engine, actor, make_case):
    make_case()
    case = make_case(members=2)
    with unit_of_work(engine) as session:
        documents.issue_document(session, actor, "case-summary", case.id, "en")
    return case


def test_plain_backup_restores_every_row_and_keeps_the_current_store(engine, db_path, actor, admin, make_case, tmp_path):
    _filled(engine, actor, make_case)
    backup = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=NOW)
    expected = _plain_rows(backup)
    make_case()  # a change after the backup, which the restore takes back
    engine.dispose()
    before = _plain_rows(db_path)
    contents = restore.inspect_backup(backup, None)
    assert (contents.cases, contents.made_by, contents.needs_migration) == (2, "aiste", False)
    assert contents.last_change_by == "ruta"  # the backup's own audit entry comes after the copy
    result = restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert _plain_rows(db_path) == expected
    assert _plain_rows(result.safety_copy) == before
    assert result.safety_copy.name == "store.before-restore-20261204-170000Z.sqlite"
    assert not list(tmp_path.glob(".*restoring*"))
    reopened = open_store(f"sqlite:///{db_path}")
    try:
        with unit_of_work(reopened, write=False) as session:
            last = session.execute(select(AuditEntry.action, AuditEntry.username, AuditEntry.details)
                                   .order_by(AuditEntry.seq.desc()).limit(1)).one()
            assert verify_chain(session, admin).ok
        assert last.action == "restore" and last.username == "aiste" and '"file":"b.sqlite"' in last.details
    finally:
        reopened.dispose()


def test_encrypted_backup_restores_with_its_key_slots(engine, db_path, actor, admin, make_case, tmp_path):
    _filled(engine, actor, make_case)
    with unit_of_work(engine) as session:
        encryption.encrypt_store(session, admin, TEST_PASSWORD)
    engine.dispose()
    url = f"sqlite:///{db_path}"
    opened = encryption.open_unlocked(url, "aiste", TEST_PASSWORD)
    backup = tmp_path / "enc.sqlite"
    with unit_of_work(opened) as session:
        backups.back_up_store(session, admin, backup, now=NOW)
    opened.dispose()
    key = encryption.unlock(backup, "aiste", TEST_PASSWORD)
    connection = encryption.connect_sqlcipher(backup, key)
    expected = _rows(connection)
    connection.close()
    db_path.unlink()  # the laptop's disk died: only the backup is left
    keys_path(db_path).unlink()
    result = restore.restore_backup(db_path, backup, actor=admin, backup_key=key, current_key=None, now=LATER)
    assert result.safety_copy is None and result.contents.encrypted
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    reopened = encryption.open_unlocked(url, "aiste", TEST_PASSWORD)  # the restored key file opens it
    try:
        with reopened.connect() as c:
            raw = c.connection.driver_connection
            assert _rows(raw) == expected
    finally:
        reopened.dispose()


def test_older_backup_is_migrated_on_restore(engine, db_path, actor, admin, make_case, tmp_path):
    _filled(engine, actor, make_case)
    engine.dispose()
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(db_path) as c:
        c.execute("VACUUM INTO ?", (str(old),))
    older = create_store_engine(f"sqlite:///{old}")
    config = alembic_config()
    with older.connect() as connection:  # the store as the previous release left it
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        connection.commit()
    older.dispose()
    backup = tmp_path / "old-backup.sqlite"
    copy_store(old, None, backup, now=NOW, made_by="aiste", kind="manual")
    expected = _plain_rows(backup)
    contents = restore.inspect_backup(backup, None)
    assert contents.schema_revision == "0007" and contents.needs_migration and contents.cases == 2
    restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    restored = _plain_rows_like(db_path, backup)
    # Every row of the older backup is back (in the columns it had); tables the newer schema added are there,
    # empty but for the store's kind, which the upgrade records (a real office store: it had accounts).
    assert {n: r for n, r in restored.items() if n != "office_profile"} == \
        {n: r for n, r in expected.items() if n != "office_profile"}
    assert _plain_rows(db_path)["import_sources"] == []
    assert _plain_rows(db_path)["store_info"] == [(1, 0, None)]
    reopened = open_store(f"sqlite:///{db_path}", upgrade=False)  # already at head: no upgrade needed
    try:
        with reopened.connect() as c:
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
            assert c.exec_driver_sql("SELECT backup_keep_daily FROM office_profile").scalar() == 7
    finally:
        reopened.dispose()


def test_damaged_newer_or_foreign_backups_are_refused_and_nothing_changes(engine, db_path, admin, make_case, tmp_path):
    make_case()
    backup = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=NOW)
    engine.dispose()
    before = db_path.read_bytes()
    damaged = bytearray(backup.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    backup.write_bytes(bytes(damaged))
    with pytest.raises(StoreError, match="does not match the checksum"):
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    newer = tmp_path / "newer.sqlite"
    copy = sqlite3.connect(db_path)
    copy.execute("VACUUM INTO ?", (str(newer),))
    copy.close()
    with sqlite3.connect(newer) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer version of avrcase"):
        restore.restore_backup(db_path, newer, actor=admin, backup_key=None, current_key=None, now=LATER)
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello")
    with pytest.raises(StoreError):
        restore.inspect_backup(foreign, None)
    with pytest.raises(PermissionDeniedError):
        restore.restore_backup(db_path, newer, actor=None, backup_key=None, current_key=None, now=LATER)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("store*")) == ["store.sqlite"]


def test_a_damaged_current_store_is_moved_aside_not_lost(engine, db_path, admin, tmp_path):
    backup = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=NOW)
    engine.dispose()
    db_path.write_bytes(b"garbage" * 1000)
    result = restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert result.safety_copy.name.startswith("store.damaged-") and result.safety_copy.read_bytes() == b"garbage" * 1000
    assert restore.inspect_backup(db_path, None).cases == 0


def _backup_of(engine, admin, make_case, tmp_path):
    make_case()
    backup = tmp_path / "b.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, backup, now=NOW)
    engine.dispose()
    return backup


def test_a_backup_with_unreadable_text_is_refused_with_or_without_its_manifest(engine, db_path, admin, make_case,
                                                                              tmp_path):
    """Bytes overwritten inside a name pass ``integrity_check``: such a backup (its manifest gone) was restored over
    a sound store, which then could not list or export a case (and the error printed part of the name)."""
    from avrcase.services.backup.copies import manifest_path

    backup = _backup_of(engine, admin, make_case, tmp_path)
    manifest_path(backup).unlink()
    with sqlite3.connect(backup) as c:
        c.execute("UPDATE persons SET given_names = CAST(X'416C69616B73FFFE' AS TEXT)")
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as refused:
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert "some text in persons.given_names cannot be read" in refused.value.message
    assert "Aliaks" not in refused.value.message
    assert db_path.read_bytes() == before


def test_a_backup_whose_manifest_cannot_be_read_is_refused(engine, db_path, admin, make_case, tmp_path):
    """A garbled manifest was taken for none at all, so a changed backup went unchecked."""
    from avrcase.services.backup.copies import manifest_path

    backup = _backup_of(engine, admin, make_case, tmp_path)
    manifest_path(backup).write_text("[]", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot be read: it was damaged or changed"):
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)


@pytest.mark.parametrize(("field", "value", "said"), [
    ("made_by_and_created_at", "2020-01-01T00:00:00+00:00",
     "made 2020-01-01 in the manifest, before the file's last change on record (2026-12-04)"),
    ("counts", 5, "5 rows of cases in the manifest, 1 in the file"),
    ("schema_revision", "0001", "schema 0001 in the manifest, {head} in the file"),
])
def test_a_backup_whose_manifest_was_edited_is_refused_naming_what_it_contradicts(engine, db_path, admin, make_case,
                                                                                 tmp_path, field, value, said):
    """Its checksum covers the file, not the manifest: "Made 2020-01-01 by director." was shown before the restore
    (the window's question and the command's), as the backup's own, though the file's trail ended in 2026."""
    import json

    from avrcase.services.backup.copies import manifest_path

    backup = _backup_of(engine, admin, make_case, tmp_path)
    data = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
    if field == "counts":
        data["counts"]["cases"] = value
    elif field == "made_by_and_created_at":
        data["created_at"], data["made_by"] = value, "director"
    else:
        data[field] = value
    manifest_path(backup).write_text(json.dumps(data), encoding="utf-8")
    before = _plain_rows(db_path)
    with pytest.raises(StoreError) as refused:
        restore.inspect_backup(backup, None)
    assert refused.value.message == (
        f"The manifest beside {backup.name} ({backup.name}.manifest.json) does not describe it "
        f"({said.format(head=head_revision())}): it was changed or belongs to another file, so who made the backup "
        "and when cannot be trusted; it was not restored.")
    with pytest.raises(StoreError, match="does not describe it"):
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert _plain_rows(db_path) == before


def test_a_backup_whose_audit_trail_was_edited_is_refused_though_its_manifest_was_recomputed(
        engine, db_path, admin, make_case, tmp_path):
    """The manifest's checksum is anyone's to recompute (or to delete): a backup whose audit trail someone edited
    (a case opened, taken off the record) was restored over the sound store, its broken trail with it."""
    import hashlib
    import json

    from avrcase.services.backup.copies import manifest_path

    backup = _backup_of(engine, admin, make_case, tmp_path)
    with sqlite3.connect(backup) as c:
        c.execute("UPDATE audit_entries SET details = '{}' WHERE seq = 3")
    manifest = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
    manifest.update(sha256=hashlib.sha256(backup.read_bytes()).hexdigest(), size=backup.stat().st_size)
    manifest_path(backup).write_text(json.dumps(manifest), encoding="utf-8")
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as refused:  # the store's trail recorded the backup's checksum when it was made
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert "b.sqlite was changed after the backup was made: its checksum is not the one" in refused.value.message
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("store*")) == ["store.sqlite"]
    elsewhere = tmp_path / "new" / "store.sqlite"  # a new computer's first store: only the backup's own chain tells
    elsewhere.parent.mkdir()
    with pytest.raises(StoreError) as refused:
        restore.restore_backup(elsewhere, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert "audit trail of b.sqlite is broken: entry 3 does not match its hash" in refused.value.message
    assert "it was not restored" in refused.value.message
    assert not elsewhere.exists()


def test_a_store_open_in_another_process_is_not_restored_over(engine, db_path, admin, make_case, tmp_path):
    """The restored file replaced the store under a running window, which went on writing into a deleted file."""
    import subprocess
    import sys

    backup = _backup_of(engine, admin, make_case, tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM cases').fetchone()\n"
         "print('open', flush=True); time.sleep(60)", str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = db_path.read_bytes()
        with pytest.raises(StoreError, match="is open in another avrcase window or command"):
            restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
        assert db_path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)


def test_a_backup_changed_after_it_was_inspected_is_inspected_again(engine, db_path, admin, make_case, tmp_path):
    """The restore takes the inspection the person confirmed only while the backup is still that very file."""
    from avrcase.services.backup.copies import manifest_path

    backup = _backup_of(engine, admin, make_case, tmp_path)
    inspected = restore.inspect_backup(backup, None)
    manifest_path(backup).unlink()
    with sqlite3.connect(backup) as c:  # changed meanwhile: a name's bytes overwritten
        c.execute("UPDATE persons SET given_names = CAST(X'416C69616B73FFFE' AS TEXT)")
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="some text in persons.given_names cannot be read"):
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER,
                               inspected=inspected)
    assert db_path.read_bytes() == before


def test_a_restore_over_the_open_store_reads_the_inspected_backup_once(engine, db_path, admin, make_case, tmp_path,
                                                                     monkeypatch):
    """The window's restore read the whole backup for its checksum twice after the person confirmed
    (``restore_over`` and then ``restore_backup``): a second of a large office's wait, for nothing."""
    backup = _backup_of(engine, admin, make_case, tmp_path)
    inspected = restore.inspect_backup(backup, None)
    read: list = []
    real = restore.sha256_of
    monkeypatch.setattr(restore, "sha256_of", lambda path: read.append(path) or real(path))
    result = restore.restore_over(engine, backup, actor=admin, backup_key=None, now=LATER, inspected=inspected)
    assert read == [backup]
    assert result.contents.sha256 == inspected.sha256
    with sqlite3.connect(db_path) as c:
        assert c.execute("SELECT count(*) FROM audit_entries WHERE action = 'restore'").fetchone()[0] == 1


@pytest.fixture
def other_office_backup(tmp_path, clock, _migrated_store):
    """A backup of another office's store (its own profile, administrator and case)."""
    return backup_of_another_office(tmp_path, clock, _migrated_store)


def backup_of_another_office(tmp_path, clock, migrated):
    """Make another office's store in ``tmp_path`` (its own profile, administrator and case) and back it up."""
    from dataclasses import replace

    from avrcase.services import office
    from avrcase.services.accounts import users
    from avrcase.services.cases import register as cases
    from avrcase.services.permissions import SYSTEM
    from tests.conftest import _with_password, make_case_form

    other = tmp_path / "kaunas.sqlite"
    other.write_bytes(migrated.read_bytes())
    engine = open_store(f"sqlite:///{other}", clock=clock)
    try:
        with unit_of_work(engine) as session:
            office.save_office_profile(session, SYSTEM, replace(office.IOM_VILNIUS, office_name="Kaunas office"))
            them = _with_password(session, users.add_user(session, SYSTEM, "jonas", "Jonas Admin",
                                                           StaffRole.ADMINISTRATOR).id)
            counsellor = users.add_user(session, SYSTEM, "ona", "Ona Counsellor", StaffRole.COUNSELLOR)
        with unit_of_work(engine) as session:
            cases.register_case(session, _with_password(session, counsellor.id), make_case_form())
        with unit_of_work(engine) as session:
            backups.back_up_store(session, them, tmp_path / "kaunas-backup.sqlite", now=NOW)
    finally:
        engine.dispose()
    return tmp_path / "kaunas-backup.sqlite"


def test_a_backup_of_another_store_replaces_one_holding_cases_only_at_an_explicit_word(
        engine, db_path, actor, admin, make_case, tmp_path, other_office_backup):
    """Another office's backup was restored over this office's cases without a word."""
    make_case()
    own_backup = tmp_path / "mine.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, own_backup, now=NOW)
    contents = restore.inspect_backup(other_office_backup, None)
    why = restore.another_store_than_open(engine, contents)
    assert why == ("kaunas-backup.sqlite is a backup of another store (Kaunas office, 1 case), not of this one "
                   "(IOM Vilnius Office, 1 case): restoring it replaces this office's records with that store's.")
    assert restore.another_store_than_open(engine, restore.inspect_backup(own_backup, None)) == ""
    with pytest.raises(StoreError, match="--from-another-store"):
        restore.restore_over(engine, other_office_backup, actor=admin, backup_key=None, now=LATER)
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT office_name FROM office_profile").fetchall() == [("IOM Vilnius Office",)]
    assert not list(tmp_path.glob("store.before-restore-*"))
    restore.restore_over(engine, other_office_backup, actor=admin, backup_key=None, now=LATER,
                         accept_another_store=True)
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT office_name FROM office_profile").fetchall() == [("Kaunas office",)]
        details = connection.execute("SELECT details FROM audit_entries WHERE action = 'restore'").fetchone()[0]
    assert '"from_another_store":"Kaunas office"' in details
    # Restored, it is that store: its own backups come back without the question.
    assert restore.another_store_than_open(engine, contents) == ""


def test_a_store_without_cases_or_that_does_not_open_is_replaced_without_the_question():
    """A new computer's first store (an administrator, no case) takes the office's backup as it did."""
    from avrcase.services.backup.identity import StoreIdentity, another_store

    office, new_laptop = StoreIdentity("a" * 64, "IOM Vilnius Office", 40), StoreIdentity("b" * 64, "", 0)
    assert another_store(new_laptop, office, "b.sqlite") == another_store(None, office, "b.sqlite") == ""
    assert another_store(office, StoreIdentity("a" * 64, "Renamed office", 39), "b.sqlite") == ""
    assert another_store(StoreIdentity("c" * 64, "", 2), office, "b.sqlite").startswith(
        "b.sqlite is a backup of another store (IOM Vilnius Office, 40 cases), not of this one (no office profile, 2 cases)")
