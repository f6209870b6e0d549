"""An upgrade of a store's schema is on the audit trail: one entry by the system, from which schema to which, with
which avrcase version, in words in the viewer and on ``avrcase audit list``; the chain and its seals still verify.
A store made new at the newest schema has no such entry (it had no data to change)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from avrcase import __version__
from avrcase.domain.codes import StaffRole
from avrcase.services import audit
from avrcase.services.accounts import users
from avrcase.services.data_protection import audit_trail
from avrcase.services.data_protection.audit_labels import action_label, field_label, record_label
from avrcase.services.dto import Actor
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from avrcase.store.schema import SCHEMA_HEAD, open_store
from tests.cli.test_cli_accounts import ADMIN_PASSWORD, own_password, run

STORES = Path(__file__).resolve().parents[1] / "data" / "stores"


def _old_store(tmp_path, revision="0022") -> Path:
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(STORES / f"store-{revision}.sqlite", copy)
    return copy


def _admin(engine) -> Actor:
    with unit_of_work(engine) as session:
        row = users.add_user(session, SYSTEM, "aiste", "Aistė Admin", StaffRole.ADMINISTRATOR)
    return Actor(id=row.id, username="aiste", display_name="Aistė Admin", role=StaffRole.ADMINISTRATOR)


def test_an_upgrade_writes_one_entry_in_words_and_the_chain_and_seals_verify(tmp_path):
    engine = open_store(f"sqlite:///{_old_store(tmp_path)}")
    try:
        admin = _admin(engine)
        with unit_of_work(engine, write=False) as session:
            rows = audit_trail.list_entries(session, admin, audit_trail.AuditQuery(action="store_upgraded"))
            check = audit.verify(session, admin)
        (row,) = rows
        assert row.username == "system" and row.seq == 1  # before anyone signed in, first on the trail
        details = dict(row.details)
        backup = details.pop("backup")  # the copy made before the update (session 28: the store's own note of it)
        assert backup["file"] == "old.before-0022-copy.sqlite" and len(backup["sha256"]) == 64 and backup["size"] > 0
        assert details == {"from_schema": "0022", "to_schema": SCHEMA_HEAD, "version": __version__}
        assert (action_label(row.action), record_label(row.entity)) == ("Store upgraded", "Store")
        # In words: the backup by its file, never as the record it is stored as.
        assert row.described(field_label) == (f"Backup copy: old.before-0022-copy.sqlite; From schema: 0022; "
                                              f"To schema: {SCHEMA_HEAD}; Version: {__version__}")
        assert check.ok and check.entries == 2 and check.seals is not None and check.seals.checked >= 1
    finally:
        engine.dispose()
    again = open_store(f"sqlite:///{tmp_path / 'old.sqlite'}")  # at the newest schema now: nothing more
    try:
        with unit_of_work(again, write=False) as session:
            assert session.scalar(select(AuditEntry.action).order_by(AuditEntry.seq.desc()).limit(1)) != "store_upgraded"
            assert len(session.scalars(select(AuditEntry).where(AuditEntry.action == "store_upgraded")).all()) == 1
    finally:
        again.dispose()


def test_a_new_store_has_no_upgrade_entry(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'new.sqlite'}")
    try:
        with unit_of_work(engine, write=False) as session:
            assert "store_upgraded" not in session.scalars(select(AuditEntry.action)).all()
    finally:
        engine.dispose()


def test_db_upgrade_on_the_command_line_then_audit_list_and_verify(capsys, monkeypatch, tmp_path):
    path = _old_store(tmp_path, "0019")
    assert run(capsys, "db", "upgrade", "--db", str(path))[0] == 0
    for name in ("AVRCASE_NEW_PASSWORD", "AVRCASE_PASSWORD"):
        monkeypatch.setenv(name, ADMIN_PASSWORD)
    assert run(capsys, "user", "add", "aiste", "--name", "Aistė Admin", "--role", "administrator",
               "--db", str(path))[0] == 0
    own_password(path, "aiste")
    code, out, err = run(capsys, "--user", "aiste", "audit", "list", "--action", "store_upgraded", "--db", str(path))
    assert code == 0, err
    (line,) = out.splitlines()
    assert line.split("\t")[2:5] == ["system", "store_upgraded", "store"]
    assert line.endswith(f"from_schema: 0019; to_schema: {SCHEMA_HEAD}; version: {__version__}")
    code, out, err = run(capsys, "--user", "aiste", "audit", "verify", "--db", str(path))
    assert code == 0 and "The audit trail is intact" in out, err


def test_an_encrypted_store_keys_its_upgrade_entry(tmp_path):
    from avrcase.store.encryption import StoreKey
    from avrcase.store.schema import export_sqlcipher

    key = StoreKey.generate()
    locked = export_sqlcipher(_old_store(tmp_path), tmp_path / "locked.sqlite", source_key=None, target_key=key)
    engine = open_store(f"sqlite:///{locked}", key=key)
    try:
        admin = _admin(engine)
        with unit_of_work(engine, write=False) as session:
            check = audit.verify(session, admin)
        assert check.ok and check.keyed and check.entries == 2  # the upgrade, then the account
    finally:
        engine.dispose()
