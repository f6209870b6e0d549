"""Seals on a plain store's audit trail (issue #21, item 1): a key the store does not hold proves the chain.

Each computer seals the last entry of every transaction it commits with its own audit key and notes that
entry outside the store; whoever recomputes the chain without the key, strips the seals or cuts entries off
is caught on a computer that holds the key. Nothing ever refuses a write for want of a key.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ValidationError
from avrcase.services import audit, audit_explain, audit_seals
from avrcase.services.data_protection import audit_keys
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry


@pytest.fixture
def manager(actor_as):
    return actor_as(StaffRole.MANAGER, "manager")


@pytest.fixture(autouse=True)
def _desk_1(monkeypatch, tmp_path):
    """Everything, the fixtures' own entries too, happens on computer "desk-1" unless a test switches."""
    monkeypatch.setenv(audit_seals.ENV_KEY_FILE, str(tmp_path / "computers" / "desk-1" / "audit-keys.json"))


@pytest.fixture
def computer(monkeypatch, tmp_path):
    """Switch to the computer named ``name``: its own data folder, so its own audit keys."""
    def switch(name: str) -> Path:
        path = tmp_path / "computers" / name / "audit-keys.json"
        monkeypatch.setenv(audit_seals.ENV_KEY_FILE, str(path))
        return path
    return switch


def _act(engine, manager, n=4, what="table"):
    for i in range(n):
        with unit_of_work(engine) as session:
            audit.record(session, manager, audit.Action.EXPORT, entity="statistics_table", title=f"{what} {i}")


def _verify(engine, manager):
    with unit_of_work(engine, write=False) as session:
        return audit.verify(session, manager)


def _recompute_from(engine, seq, *, strip_seals=False):
    """What someone who can write to the store but holds no key does: edit entry ``seq``, rehash the rest."""
    with unit_of_work(engine) as session:
        prev = audit.GENESIS
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all():
            if entry.seq == seq:
                entry.username = "someone-else"
            if entry.seq >= seq:
                entry.prev_hash = prev
                entry.hash = audit.entry_hash(prev, entry, None)
                if strip_seals:
                    entry.seal = entry.seal_key = None
            prev = entry.hash


def test_each_transaction_ends_with_a_sealed_entry_under_a_private_key(engine, manager, computer):
    keys = computer("desk-1")
    _act(engine, manager)
    with engine.connect() as connection:
        rows = connection.execute(select(AuditEntry.seq, AuditEntry.hash, AuditEntry.seal, AuditEntry.seal_key)
                                  .order_by(AuditEntry.seq)).all()
    sealed = [r for r in rows if r.seal]
    assert len(sealed) >= 4 and rows[-1].seal
    ring = audit_seals.KeyRing.load(keys)
    assert {r.seal_key for r in sealed} == {audit_seals.key_id(ring.sealing_key)}
    assert all(r.seal == audit_seals.seal_of(ring.sealing_key, r.seq, r.hash) for r in sealed)
    assert stat.S_IMODE(os.stat(keys).st_mode) == 0o600
    check = _verify(engine, manager)
    assert check.ok and check.seals.checked == len(sealed) and check.seals.noted == rows[-1].seq
    text = "\n".join(audit_explain.explain(check))
    assert "Proved with this computer's audit key" in text and f"entry {rows[-1].seq}, the last this computer sealed" in text


def test_a_chain_recomputed_without_the_key_is_caught_where_the_key_is(engine, manager, computer):
    computer("desk-1")
    _act(engine, manager)
    _recompute_from(engine, 2)
    check = _verify(engine, manager)
    assert not check.ok and "does not match its seal" in check.problem
    computer("laptop-without-the-key")  # elsewhere the chain alone cannot tell, and says what it did not prove
    check = _verify(engine, manager)
    assert check.ok and not check.seals.checked
    text = "\n".join(audit_explain.explain(check))
    assert "Not checked here: seals made with the audit keys of other computers" in text
    assert "could rewrite entries and recompute every hash" in text


def test_stripping_the_seals_or_cutting_entries_off_is_caught(engine, manager, computer):
    computer("desk-1")
    _act(engine, manager)
    _recompute_from(engine, 3, strip_seals=True)
    check = _verify(engine, manager)
    assert not check.ok and "no longer has the hash it had: the chain was recomputed" in check.problem

    computer("desk-2")
    _act(engine, manager, what="again")
    last = _verify(engine, manager).seals.noted
    with unit_of_work(engine) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq >= last))
    check = _verify(engine, manager)
    assert not check.ok and check.broken_at == last and "cut off the end" in check.problem


def test_the_last_entries_cut_off_stay_caught_when_later_entries_take_their_numbers(engine, manager, actor_as):
    """Deleting the last entry with sqlite3 passed as intact once anything was written after it (the verify
    command's own sign-in): the new entry took the deleted one's number and this computer's note moved onto it."""
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    _act(engine, manager)
    head = _verify(engine, manager).seals.noted
    with engine.begin() as connection:  # what sqlite3 does: no unit of work, nothing on record
        connection.execute(delete(AuditEntry).where(AuditEntry.seq == head))
    _act(engine, manager, 2, what="after")
    check = _verify(engine, manager)
    assert not check.ok and check.broken_at == head
    assert "cut off the end and new ones written in their place" in check.problem
    _act(engine, manager, 3, what="later")  # however much is written since
    assert _verify(engine, manager).broken_at == head
    with unit_of_work(engine) as session:  # on purpose: an administrator takes the trail as it is now
        audit_keys.accept_restore(session, admin)
    _act(engine, manager, 1, what="accepted")
    assert _verify(engine, manager).ok


def test_a_computer_without_the_key_works_and_an_imported_key_checks_its_seals(engine, manager, actor_as, computer,
                                                                             tmp_path):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    computer("desk-1")
    _act(engine, manager, 2)
    computer("desk-2")  # a second computer of the office: no key yet, nothing refused
    _act(engine, manager, 2, what="desk-2")
    check = _verify(engine, manager)
    assert check.ok and check.seals.checked >= 2 and len(check.seals.other_keys) == 1
    with unit_of_work(engine) as session:
        exported = audit_keys.export_key(session, admin, tmp_path / "desk-2.key")
    assert stat.S_IMODE(os.stat(tmp_path / "desk-2.key").st_mode) == 0o600
    computer("desk-1")
    assert _verify(engine, manager).seals.other_keys == (exported,)
    with unit_of_work(engine) as session:
        assert audit_keys.import_key(session, admin, tmp_path / "desk-2.key", seal_with=True) == exported
    check = _verify(engine, manager)
    assert check.ok and not check.seals.other_keys and check.seals.key_id == exported
    with unit_of_work(engine, write=False) as session:
        shown = audit_keys.show_keys(session, manager)
    assert shown.sealing == exported and len(shown.others) == 1
    with engine.connect() as connection:
        actions = connection.execute(select(AuditEntry.action, AuditEntry.entity).where(
            AuditEntry.entity == "audit_key")).all()
    assert sorted(a for a, _e in actions) == ["export", "import"]


def test_a_damaged_key_file_never_stops_work_and_verify_says_so(engine, manager, computer):
    keys = computer("desk-3")
    keys.parent.mkdir(parents=True)
    keys.write_text("{not json")
    _act(engine, manager, 2)
    with engine.connect() as connection:
        assert connection.scalar(select(AuditEntry.seal).order_by(AuditEntry.seq.desc()).limit(1)) is None
    check = _verify(engine, manager)
    assert check.ok and "is damaged" in check.seals.problem
    assert any(line.startswith("Seals not checked:") for line in audit_explain.explain(check))


def test_a_foreign_file_is_not_imported_as_a_key(engine, actor_as, computer, tmp_path):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    computer("desk-4")
    for text in ("", "avrcase audit key 0123456789abcdef\n" + "ab" * 32, "hello world"):
        (tmp_path / "k").write_text(text)
        with pytest.raises(ValidationError, match="not an audit key"), unit_of_work(engine) as session:
            audit_keys.import_key(session, admin, tmp_path / "k", seal_with=False)
    assert audit_seals.key_ids() == (None, ())


def test_a_counsellor_may_not_export_the_key(engine, actor, computer, tmp_path):
    from avrcase.domain.errors import PermissionDeniedError

    computer("desk-1")
    with pytest.raises(PermissionDeniedError), unit_of_work(engine) as session:
        audit_keys.export_key(session, actor, tmp_path / "k")
    assert not (tmp_path / "k").exists()


def test_an_entry_edited_after_sealing_is_named(engine, manager, computer):
    computer("desk-1")
    _act(engine, manager)
    with engine.begin() as connection:
        connection.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(username="x"))
    check = _verify(engine, manager)
    assert not check.ok and check.broken_at == 2 and "edited" in check.problem


def test_after_a_restore_with_other_tools_an_administrator_accepts_the_restored_trail(engine, manager, actor_as):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    _act(engine, manager)
    head = _verify(engine, manager).seals.noted
    with unit_of_work(engine) as session:  # what restoring an older PostgreSQL dump does to the trail
        session.execute(delete(AuditEntry).where(AuditEntry.seq > head - 3))
    check = _verify(engine, manager)
    assert not check.ok and "accept-restore" in check.problem
    with unit_of_work(engine) as session:
        audit_keys.accept_restore(session, admin)
    check = _verify(engine, manager)
    assert check.ok and check.seals.noted == head - 2


def test_a_copy_of_the_store_elsewhere_is_not_held_to_what_was_noted_for_the_original(engine, manager, db_path, tmp_path):
    import shutil

    from avrcase.store.schema import open_store

    _act(engine, manager)
    engine.dispose()
    copy = tmp_path / "drill" / "copy.sqlite"
    copy.parent.mkdir()
    shutil.copy(db_path, copy)
    _act(engine, manager, 2, what="after the copy")  # the original moves on; the copy is now older
    drill = open_store(f"sqlite:///{copy}")
    try:
        check = _verify(drill, manager)
        assert check.ok and check.seals.checked and check.seals.noted is None
    finally:
        drill.dispose()
    assert _verify(engine, manager).ok


def test_entries_after_the_last_seal_are_named_as_resting_on_the_chain_alone(engine, manager, computer):
    _act(engine, manager, 2)
    computer("laptop-without-the-key-file-yet")  # another computer writes: its entries carry its own seal
    _act(engine, manager, 1, what="elsewhere")
    computer("desk-1")
    check = _verify(engine, manager)
    text = "\n".join(audit_explain.explain(check))
    assert check.ok and check.seals.last_sealed < check.entries
    assert f"Not proved: entries after entry {check.seals.last_sealed}" in text


def test_an_audited_write_only_ever_inserts_into_the_trail_and_its_last_entry_is_sealed_as_it_is_written(
        engine, actor, manager, make_case):
    """The trail is append-only as written: each unit of work inserts its entries, the last one already sealed,
    and never updates or deletes one (it used to insert the last entry and then update its seal)."""
    from avrcase.services.cases import case_file
    from tests.support.statements import recorded

    case = make_case()
    with recorded(engine) as statements:
        with unit_of_work(engine, write=False) as session:
            case_file.get_case(session, actor, case.id)  # one entry: the case file opened
        make_case()  # several entries in one unit of work
    touching = [s for s in statements if "AUDIT_ENTRIES" in s and not s.startswith("SELECT")]
    assert touching and all(s.startswith("INSERT INTO AUDIT_ENTRIES") for s in touching)
    with unit_of_work(engine, write=False) as session:
        last_seal = session.scalar(select(AuditEntry.seal).order_by(AuditEntry.seq.desc()).limit(1))
        check = audit.verify(session, manager)
    assert last_seal and check.ok and check.seals is not None
    assert check.seals.broken_at is None and check.seals.last_sealed == check.entries == check.seals.noted


def test_an_emptied_trail_is_caught_though_new_entries_were_written_and_sealed_since(engine, manager, actor_as):
    """Emptying ``audit_entries`` left a chain the verifying session's own sign-in began again: a new first
    entry, so a note of its own, and the old store's note was never compared (it passed as intact)."""
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    _act(engine, manager)
    head = _verify(engine, manager).seals.noted
    with unit_of_work(engine) as session:
        session.execute(delete(AuditEntry))
    _act(engine, manager, 2, what="after")  # what the verify command's own sign-in does: new entries, sealed
    check = _verify(engine, manager)
    assert not check.ok and check.broken_at == head
    assert "emptied or replaced" in check.problem and "accept-restore" in check.problem
    with unit_of_work(engine) as session:
        session.execute(delete(AuditEntry))  # and with nothing written since: an empty trail
    assert "emptied or replaced" in _verify(engine, manager).problem
    with unit_of_work(engine) as session:  # on purpose: an administrator takes the trail as it is now
        audit_keys.accept_restore(session, admin)
    check = _verify(engine, manager)
    assert check.ok and check.seals.noted == 1
    _act(engine, manager, 1, what="later")
    assert _verify(engine, manager).ok


def test_a_store_avrcase_made_anew_is_its_own_but_a_file_put_in_its_place_is_reported(db_path, clock, tmp_path):
    """avrcase making a new store where another was (``demo``, a first administrator) starts the record again; a
    store file put there by other means looks just like a replaced trail: reported, with the way to take it as it
    is when it was meant."""
    import shutil

    from avrcase.services.accounts import users
    from avrcase.services.permissions import SYSTEM
    from avrcase.store.schema import open_store

    def new_store(path):
        engine = open_store(f"sqlite:///{path}", clock=clock)
        with unit_of_work(engine) as session:
            row = users.add_user(session, SYSTEM, "aiste", "Aistė Admin", StaffRole.ADMINISTRATOR)
            return engine, users.actor_by_id(session, row.id)

    def remove(path):
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)

    engine, admin = new_store(db_path)
    _act(engine, admin)
    engine.dispose()
    remove(db_path)
    clock.advance(dt.timedelta(days=1))  # made at another time, so its first entry is not the old one's
    engine, admin = new_store(db_path)  # made anew by avrcase: its own trail
    _act(engine, admin, 1, what="new store")
    assert _verify(engine, admin).ok
    engine.dispose()

    elsewhere = tmp_path / "elsewhere" / "store.sqlite"
    elsewhere.parent.mkdir()
    clock.advance(dt.timedelta(days=1))
    other, other_admin = new_store(elsewhere)
    _act(other, other_admin, 1, what="another office")
    other.dispose()
    remove(db_path)
    shutil.copyfile(elsewhere, db_path)  # put in its place with other tools
    engine = open_store(f"sqlite:///{db_path}", clock=clock)
    try:
        check = _verify(engine, admin)
        assert not check.ok and "emptied or replaced" in check.problem and "accept-restore" in check.problem
        with unit_of_work(engine) as session:
            audit_keys.accept_restore(session, admin)
        assert _verify(engine, admin).ok
    finally:
        engine.dispose()


def test_a_key_file_that_went_missing_is_said_plainly_not_taken_for_another_computers(engine, manager, actor_as,
                                                                                    computer, tmp_path):
    """A deleted ``audit-keys.json`` was quietly made anew: verify passed with "Proved …" lines and called the old
    key's seals those of other computers."""
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    keys = computer("desk-1")
    _act(engine, manager)
    with unit_of_work(engine) as session:  # kept aside, as an office that shares its key has it
        old = audit_keys.export_key(session, admin, tmp_path / "old.key")
    computer("desk-2")  # a computer's first key is no loss: nothing to warn about
    _act(engine, manager, 1, what="desk-2")
    assert not _verify(engine, manager).seals.lost_keys
    computer("desk-1")
    keys.unlink()
    _act(engine, manager, 2, what="after")  # a new key is made, as before, and nothing is refused
    check = _verify(engine, manager)
    assert check.ok and check.seals.lost_keys == (old,) and old not in check.seals.other_keys
    assert len(check.seals.other_keys) == 1  # desk-2's key is still another computer's
    text = "\n".join(audit_explain.explain(check))
    assert f"audit key file ({keys}) was missing or replaced, and a new key was made" in text
    assert f"sealed with before ({old})" in text and "cannot be checked" in text
    with unit_of_work(engine) as session:
        audit_keys.import_key(session, admin, tmp_path / "old.key", seal_with=False)
    check = _verify(engine, manager)
    assert check.ok and not check.seals.lost_keys and "Warning" not in "\n".join(audit_explain.explain(check))


def test_a_write_reads_the_trail_once_where_this_computer_sealed_its_last_entry(engine, manager, computer):
    """Writing entries reads the chain's last entry and its first in one statement, and the entry this computer
    noted last is that last one, compared as read, not asked for again (#14: two trips to the server fewer for
    each change). A trail cut short is still caught (the tests above)."""
    from sqlalchemy import event

    computer("desk-1")
    _act(engine, manager, n=2)
    read: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "audit_entries" in statement:
            read.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        _act(engine, manager, n=1)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len(read) == 1
    assert _verify(engine, manager).ok
