"""A backup's audit-trail end cut off and its manifest recomputed restored without a word: the chain left behind is
intact and the manifest's checksum is anyone's to recompute. Each backup's trail end is now noted on this computer
when it is made, and a restore compares it; a backup from elsewhere restores with a warning."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import StoreError
from avrcase.services import audit_checkpoint
from avrcase.services.accounts import accounts
from avrcase.services.backup import backup_notes, backups, restore
from avrcase.services.backup.copies import copy_store, facts_of, manifest_path, read_manifest
from avrcase.services.backup.files import sha256_of
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from avrcase.store.schema import open_store
from tests.conftest import TEST_PASSWORD

NOW = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.timezone.utc)
LATER = NOW + dt.timedelta(hours=2)


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR, "aiste")


def _backup(engine, admin, path):
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, path, now=NOW)
    return path


def _cut_and_recompute(backup, entries: int) -> int:
    """What the attacker does: the last ``entries`` audit entries deleted in the file, the manifest recomputed."""
    connection = sqlite3.connect(backup)
    last = connection.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
    connection.execute("DELETE FROM audit_entries WHERE seq > ?", (last - entries,))
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    old = read_manifest(backup)
    revision, counts, _at, anchor = facts_of(backup)
    forged = dataclasses.replace(old, sha256=sha256_of(backup), size=backup.stat().st_size, counts=counts,
                                 audit_anchor=anchor, schema_revision=revision)
    manifest_path(backup).write_text(forged.to_json(), encoding="utf-8")
    return last - entries


def _restore_entry(db_path) -> dict:
    engine = open_store(f"sqlite:///{db_path}")
    try:
        with unit_of_work(engine, write=False) as session:
            details = session.scalar(select(AuditEntry.details).where(AuditEntry.action == "restore")
                                     .order_by(AuditEntry.seq.desc()).limit(1))
    finally:
        engine.dispose()
    return json.loads(details)


@pytest.mark.parametrize("notes_deleted", [False, True], ids=["noted", "backup-anchors.json deleted"])
def test_a_backup_made_here_whose_trail_end_was_cut_is_refused(engine, db_path, actor, admin, make_case, tmp_path,
                                                               notes_deleted):
    """Deleting the side file no longer turns the refusal into a warning: the store's trail recorded the backup."""
    make_case()
    make_case()
    backup = _backup(engine, admin, tmp_path / "b.sqlite")
    kept = _cut_and_recompute(backup, 2)
    if notes_deleted:
        backup_notes.notes_file().unlink()
    engine.dispose()
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as refused:
        restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert "its audit trail ends at entry %d" % kept in refused.value.message
    assert "--accept-broken-trail" in refused.value.message
    assert db_path.read_bytes() == before and not list(tmp_path.glob("*.before-restore-*"))


def test_the_office_restores_a_cut_backup_all_the_same_at_its_word_and_the_trail_says_so(engine, db_path, actor, admin,
                                                                                      make_case, tmp_path):
    make_case()
    backup = _backup(engine, admin, tmp_path / "b.sqlite")
    kept = _cut_and_recompute(backup, 1)
    engine.dispose()
    restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER,
                           accept_broken_trail=True)
    assert "its audit trail ends at entry %d" % kept in _restore_entry(db_path)["audit_trail_broken"]


def test_a_backup_made_elsewhere_restores_with_a_warning_and_one_made_here_without(engine, db_path, actor, admin,
                                                                                 make_case, tmp_path):
    make_case()
    here = _backup(engine, admin, tmp_path / "here.sqlite")
    elsewhere = tmp_path / "elsewhere.sqlite"  # a copy made by another computer: no entry of this store records it
    copy_store(db_path, None, elsewhere, now=NOW, made_by="aiste", kind="manual")
    backup_notes.notes_file().unlink()  # ... nor does this computer note it
    make_case()
    _backup(engine, admin, tmp_path / "later.sqlite")  # notes the file anew, without ``elsewhere``
    engine.dispose()
    assert restore.inspect_backup(here, None).trail_warning != ""  # its note went with the file, but the store
    assert restore.checked_against_store(db_path, None, restore.inspect_backup(here, None), admin).trail_warning == ""  # recorded it
    contents = restore.inspect_backup(elsewhere, None)
    assert contents.trail_warning.startswith("The audit trail of elsewhere.sqlite could not be checked against "
                                             "this computer")
    assert "avrcase audit verify" in contents.trail_warning
    restore.restore_backup(db_path, elsewhere, actor=admin, backup_key=None, current_key=None, now=LATER)
    assert _restore_entry(db_path)["trail_not_noted_here"] is True
    assert restore.inspect_backup(tmp_path / "later.sqlite", None).trail_warning == ""


def test_after_restoring_an_older_backup_the_sign_in_checkpoint_neither_warns_nor_locks_out(engine, db_path, actor,
                                                                                          admin, make_case, tmp_path):
    make_case()
    backup = _backup(engine, admin, tmp_path / "b.sqlite")
    for _ in range(3):
        make_case()
    with unit_of_work(engine, write=False) as session:
        assert audit_checkpoint.verify_and_note(session, admin).ok  # noted past the backup's end
    engine.dispose()
    restore.restore_backup(db_path, backup, actor=admin, backup_key=None, current_key=None, now=LATER)
    reopened = open_store(f"sqlite:///{db_path}")
    try:
        for _ in range(2):
            with unit_of_work(reopened) as session:
                outcome = accounts.authenticate(session, admin.username, TEST_PASSWORD)
            assert outcome.ok and outcome.trail_warning == ""
    finally:
        reopened.dispose()
