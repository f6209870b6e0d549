"""The keyed, anchored audit chain (issue #21, item 1): what recomputation and truncation an anchor catches."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from avrcase.domain.codes import StaffRole
from avrcase.services import audit
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry


@pytest.fixture
def manager(actor_as):
    return actor_as(StaffRole.MANAGER, "manager")


@pytest.fixture
def elsewhere(monkeypatch, tmp_path):
    """Verify as another computer would: one that holds none of the keys that sealed the entries."""
    def switch():
        monkeypatch.setenv("AVRCASE_AUDIT_KEY_FILE", str(tmp_path / "another-computer" / "audit-keys.json"))
    return switch


def _entries(engine, manager, n=6):
    for i in range(n):
        with unit_of_work(engine) as session:
            audit.record(session, manager, audit.Action.EXPORT, entity="statistics_table", title=f"table {i}")


def _verify(engine, manager, anchor=None):
    with unit_of_work(engine, write=False) as session:
        return audit.verify(session, manager, anchor)


def _recompute_from(engine, seq, key=None):
    """What someone who can write to the store does: edit entry ``seq`` and rehash every entry after it."""
    with unit_of_work(engine) as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        prev = audit.GENESIS
        for entry in entries:
            if entry.seq == seq:
                entry.username = "someone-else"
            if entry.seq >= seq:
                entry.prev_hash = prev
                entry.hash = audit.entry_hash(prev, entry, key)
            prev = entry.hash


def test_an_anchor_catches_entries_cut_off_the_end(engine, manager, elsewhere):
    _entries(engine, manager)
    anchor = audit.parse_anchor(_verify(engine, manager).anchor)
    with unit_of_work(engine) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq >= anchor[0] - 1))
    assert not _verify(engine, manager).ok  # the computer that sealed the entries notices (test_audit_seals.py)
    elsewhere()
    assert _verify(engine, manager).ok  # elsewhere, a shorter chain is still a chain
    check = _verify(engine, manager, anchor)
    assert not check.ok and check.broken_at == anchor[0] and "cut off" in check.problem


def test_an_anchor_catches_a_recomputed_chain(engine, manager, elsewhere):
    _entries(engine, manager)
    anchor = audit.parse_anchor(_verify(engine, manager).anchor)
    _recompute_from(engine, 3)
    elsewhere()
    unkeyed = _verify(engine, manager)
    assert unkeyed.ok and not unkeyed.keyed  # a plain store's chain can be recomputed: the anchor tells
    check = _verify(engine, manager, anchor)
    assert not check.ok and "recomputed" in check.problem


def test_an_anchor_is_parsed_strictly():
    assert audit.parse_anchor(f"12:{'a' * 64}") == (12, "a" * 64)
    for bad in ("", "12", f"0:{'a' * 64}", f"x:{'a' * 64}", "12:abc", f"12:{'A' * 64}"):
        with pytest.raises(ValueError):
            audit.parse_anchor(bad)


def test_an_encrypted_store_keys_its_chain_and_refuses_an_unkeyed_recomputation(engine, db_path, actor, actor_as,
                                                                                  make_case):
    from avrcase.services.accounts import encryption
    from avrcase.store.schema import open_store
    from tests.conftest import TEST_PASSWORD

    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    make_case()
    with unit_of_work(engine) as session:
        encryption.encrypt_store(session, admin, TEST_PASSWORD)
    engine.dispose()
    keyed = open_store(f"sqlite:///{db_path}", key=encryption.unlock(db_path, "aiste", TEST_PASSWORD))
    try:
        _entries(keyed, admin, 2)
        check = _verify(keyed, admin)
        assert check.ok and check.keyed
        _recompute_from(keyed, check.entries)  # the last entry edited and rehashed without the key
        check = _verify(keyed, admin)
        assert not check.ok and "edited" in check.problem
    finally:
        keyed.dispose()


def test_the_cli_explains_what_verify_proves(capsys, engine, actor_as, db_path, monkeypatch):
    from avrcase.cli.main import main

    actor_as(StaffRole.ADMINISTRATOR, "admin")
    monkeypatch.setenv("AVRCASE_USER", "admin")
    assert main(["audit", "verify", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Anchor: " in out and "Proved:" in out and "Not proved:" in out
    anchor = out.split("Anchor: ")[1].split()[0]
    assert main(["audit", "verify", "--anchor", anchor, "--db", str(db_path)]) == 0
    assert "The anchor is in the chain" in capsys.readouterr().out
    assert main(["audit", "verify", "--anchor", f"9999:{'0' * 64}", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("avrcase: the audit trail is broken: entry 9999") and err.count("\n") == 1


def test_a_backup_manifest_carries_the_anchor_that_catches_a_later_cut(engine, actor_as, make_case, tmp_path):
    import datetime as dt

    from avrcase.services.backup import backups
    from avrcase.services.backup.copies import read_manifest

    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    make_case()
    out = tmp_path / "copy.sqlite"
    with unit_of_work(engine) as session:
        backups.back_up_store(session, admin, out, now=dt.datetime(2026, 12, 4, 15, tzinfo=dt.timezone.utc))
    anchor = audit.parse_anchor(read_manifest(out).audit_anchor)
    assert _verify(engine, admin, anchor).ok
    with unit_of_work(engine) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq >= anchor[0]))
    check = _verify(engine, admin, anchor)
    assert not check.ok and "cut off" in check.problem
