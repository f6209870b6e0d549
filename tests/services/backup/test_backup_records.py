"""Every backup the product makes is noted on this computer and recorded on the store's own audit trail.

Two holes of ``backup-anchors.json`` alone: the copy the store update makes before a migration was not noted (its
restore warned "not made on this computer"), and deleting that one side file turned the refusal of a backup whose
trail was cut into a warning. The entry that says a backup was made now records it (file, size, checksum, trail end),
and a restore looks it up there too; a damaged or missing store does not stand in the way of the restore.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import StoreError
from avrcase.services.backup import backup_notes, backup_records, restore
from avrcase.services.backup.files import sha256_of
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from avrcase.store.schema import alembic_config, head_revision, open_store
from tests.services.backup.test_restore_trail_anchor import LATER, _backup, _cut_and_recompute, _restore_entry


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR, "aiste")


def _details(db_path, action: str) -> dict:
    engine = open_store(f"sqlite:///{db_path}")
    try:
        with unit_of_work(engine, write=False) as session:
            details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == action)
                                     .order_by(AuditEntry.seq.desc()).limit(1))
    finally:
        engine.dispose()
    return json.loads(details)


def test_the_copy_made_before_a_migration_is_noted_and_recorded_so_it_restores_without_the_warning(
        engine, db_path, admin, make_case, clock, tmp_path):
    make_case()
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(head_revision()).down_revision
    config = alembic_config()
    with engine.connect() as connection:  # the store as the previous release left it
        config.attributes["connection"] = connection
        command.downgrade(config, str(previous))
        connection.commit()
    engine.dispose()
    open_store(f"sqlite:///{db_path}", clock=clock).dispose()  # the update: a verified copy first, then migrated
    before = next(tmp_path.glob("store.before-*.sqlite"))
    recorded = _details(db_path, "store_upgraded")["backup"]
    assert recorded["file"] == before.name and recorded["sha256"] == sha256_of(before)
    assert recorded["size"] == before.stat().st_size and recorded["trail_end"].split(":")[0].isdigit()
    contents = restore.inspect_backup(before, None)
    assert contents.trail_warning == ""  # it was made here: "not made on this computer" was wrong
    backup_notes.notes_file().unlink()  # and the store's own record of it says so too
    assert restore.checked_against_store(db_path, None, restore.inspect_backup(before, None), admin).trail_warning == ""
    restore.restore_backup(db_path, before, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert "trail_not_noted_here" not in _restore_entry(db_path)


def test_a_record_changed_without_an_audit_entry_is_refused_by_the_checksum_the_store_recorded(
        engine, db_path, admin, make_case, tmp_path):
    """The backup's own chain is intact (no entry was touched), its manifest recomputed: only the store's record of
    the file's checksum shows that a case in it was changed after it was made."""
    make_case()
    backup = _backup(engine, admin, tmp_path / "b.sqlite")
    with sqlite3.connect(backup) as connection:
        connection.execute("UPDATE users SET display_name = 'Someone Else'")
    connection.close()
    _cut_and_recompute(backup, 0)
    engine.dispose()
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as refused:
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert refused.value.message.startswith("b.sqlite was changed after the backup was made: its checksum is not the "
                                            "one the store's audit trail recorded when the backup was made (entry ")
    assert db_path.read_bytes() == before
    restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER,
                           accept_broken_trail=True)  # the office's last copy, at an administrator's word: on record
    assert "its checksum is not the one" in _restore_entry(db_path)["audit_trail_broken"]


def test_a_damaged_store_does_not_block_the_restore_that_repairs_it(engine, db_path, admin, make_case, tmp_path):
    make_case()
    backup = _backup(engine, admin, tmp_path / "b.sqlite")
    make_case()
    engine.dispose()
    with sqlite3.connect(db_path) as connection:  # the store's trail edited after the backup's entry
        last = connection.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
        connection.execute("UPDATE audit_entries SET details = '{}' WHERE seq = ?", (last,))
    connection.close()
    records = backup_records.read_records(db_path, None, admin)
    assert records.consulted and records.broken_at == last and [r.file for r in records.records] == ["b.sqlite"]
    backup_notes.notes_file().unlink()
    result = restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    entry = _restore_entry(db_path)
    assert "trail_not_noted_here" not in entry and entry["store_trail_checked"] == f"up to entry {last}"
    # The safety copy the restore kept is recorded in its entry, like every backup made here.
    assert entry["safety_copy"]["file"] == result.safety_copy.name
    assert entry["safety_copy"]["sha256"] == sha256_of(result.safety_copy)
    db_path.write_bytes(b"not a store at all" * 100)  # a store that no longer opens is not consulted at all
    assert not backup_records.read_records(db_path, None, admin).consulted
    assert not backup_records.read_records(tmp_path / "nowhere.sqlite", None, admin).consulted


def test_the_backups_this_computer_made_but_the_side_file_lost_are_found(engine, db_path, admin, make_case, tmp_path):
    make_case()
    _backup(engine, admin, tmp_path / "b.sqlite")
    records = backup_records.read_records(db_path, None, admin)
    assert backup_records.missing_notes(records) == []
    backup_notes.notes_file().unlink()
    assert backup_records.missing_notes(records) == ["b.sqlite"]
    assert backup_records.missing_notes_message(["b.sqlite"]).startswith(
        "b.sqlite, a backup this computer made, is on the store's audit trail but not in backup-anchors.json")
    # A backup another computer made (its audit key id) is not this computer's to have noted.
    other = backup_records.StoreRecords(tuple(r.__class__(r.seq, r.file, r.sha256, r.trail_first, r.trail_end,
                                                          "0123456789abcdef") for r in records.records), True)
    assert backup_records.missing_notes(other) == []
