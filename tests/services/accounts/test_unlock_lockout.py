"""Encrypted stores slow down, lock and record wrong passwords too (issue #21, item 3).

A wrong password fails at the key slot before the store can be read: 12 wrong tries in a row were
answered at once and none reached the trail. Now the failures are counted beside the store, with the
same delays and lockout as a plain store's sign-in, and written to the trail by the next unlock.
"""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.services import unlock_failures
from avrcase.services.accounts import encryption
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.conftest import TEST_PASSWORD

T0 = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def encrypted(engine, db_path, actor_as, make_case):
    admin = actor_as(StaffRole.ADMINISTRATOR, "aiste")
    make_case()
    with unit_of_work(engine) as session:
        encryption.encrypt_store(session, admin, TEST_PASSWORD)
    engine.dispose()
    return db_path


class FakeTime:
    def __init__(self, monkeypatch):
        self.now = T0
        monkeypatch.setattr(encryption, "_now", lambda _clock: self.now)

    def advance(self, seconds):
        self.now += dt.timedelta(seconds=seconds)


def test_twelve_wrong_passwords_are_slowed_locked_and_recorded(encrypted, monkeypatch):
    clock = FakeTime(monkeypatch)
    messages = []
    for attempt in range(12):
        with pytest.raises(encryption.WrongPasswordError) as caught:
            encryption.unlock(encrypted, "aiste", "not the passphrase")
        messages.append(caught.value.message)
        clock.advance(1 if attempt < 4 else 20)  # quick tries first (answered with a wait), then patient ones
    assert messages[0] == "The user name or password is wrong."
    assert any("wait" in m for m in messages), messages  # a delay after the third failure
    assert any("locked" in m for m in messages), messages  # locked after the sixth
    # Even the right password is refused while locked …
    with pytest.raises(encryption.WrongPasswordError, match="locked"):
        encryption.unlock(encrypted, "aiste", TEST_PASSWORD)
    side = unlock_failures.side_path(encrypted)
    assert stat.S_IMODE(side.stat().st_mode) == 0o600
    assert TEST_PASSWORD not in side.read_text() and "not the passphrase" not in side.read_text()
    # … and opens after the lock; the failures then reach the audit trail.
    clock.advance(31 * 60)
    engine = encryption.open_unlocked(f"sqlite:///{encrypted}", "aiste", TEST_PASSWORD)
    try:
        with unit_of_work(engine, write=False) as session:
            failed = [json.loads(d) for d in session.scalars(
                select(AuditEntry.details).where(AuditEntry.action == "sign_in_failed"))]
        assert len(failed) >= 7  # every wrong password that was tried, and the tries while locked
        assert all("encrypted store" in d["reason"] for d in failed)
        assert all(d["username"] == "aiste" for d in failed)
    finally:
        engine.dispose()
    assert json.loads(side.read_text())["pending"] == []


def test_a_right_password_resets_the_count(encrypted, monkeypatch):
    clock = FakeTime(monkeypatch)
    for _ in range(2):
        with pytest.raises(encryption.WrongPasswordError):
            encryption.unlock(encrypted, "aiste", "wrong")
        clock.advance(1)
    assert encryption.unlock(encrypted, "aiste", TEST_PASSWORD) is not None
    state = json.loads(unlock_failures.side_path(encrypted).read_text())
    assert "user:aiste" not in state["slots"]


def test_the_cli_answers_a_locked_store_with_one_line(encrypted, monkeypatch, capsys):
    from avrcase.cli.main import main

    clock = FakeTime(monkeypatch)
    monkeypatch.setenv("AVRCASE_USER", "aiste")
    monkeypatch.setenv("AVRCASE_PASSWORD", "not the passphrase")
    codes = []
    for _ in range(8):
        codes.append(main(["case", "list", "--db", str(encrypted)]))
        clock.advance(20)
    err = capsys.readouterr().err.splitlines()
    assert set(codes) == {1} and all(line.startswith("avrcase: ") for line in err)
    assert "locked" in err[-1]


@pytest.mark.parametrize("damage", [
    lambda slot: slot.pop("nonce"),
    lambda slot: slot.update(wrapped="not base64 at all!"),
    lambda slot: slot.update(salt=12345),
    lambda slot: slot.update(wrapped=slot["wrapped"][:20]),
])
def test_a_damaged_key_slot_is_said_so_and_is_no_failed_attempt(encrypted, monkeypatch, capsys, damage):
    """A slot that could not be read counted as a wrong password ("The user name or password is wrong."), so
    whoever tried it a few times was locked out of a store no password could open."""
    from avrcase.cli.main import main
    from avrcase.store.encryption import keys_path

    clock = FakeTime(monkeypatch)
    keys = keys_path(encrypted)
    data = json.loads(keys.read_text())
    damage(data["slots"]["user:aiste"])
    keys.write_text(json.dumps(data))
    monkeypatch.setenv("AVRCASE_USER", "aiste")
    monkeypatch.setenv("AVRCASE_PASSWORD", TEST_PASSWORD)
    for _ in range(8):
        assert main(["case", "list", "--db", str(encrypted)]) == 1
        clock.advance(1)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 8 and set(err) == {
        "avrcase: The key slot “user:aiste” is damaged (restore the key file from a backup)."}
    state = json.loads(unlock_failures.side_path(encrypted).read_text()) if unlock_failures.side_path(encrypted).exists() else {}
    assert "user:aiste" not in state.get("slots", {})
