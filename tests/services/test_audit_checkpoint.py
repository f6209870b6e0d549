"""Sign-in looked nowhere at the audit trail's chain (only ``audit verify`` did): an entry edited or removed went
unnoticed until someone thought of verifying. Now a full verify notes a checkpoint on this computer, and a manager's
or administrator's sign-in checks the entries written since and warns."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from avrcase.domain.codes import StaffRole
from avrcase.services import audit_checkpoint
from avrcase.services.accounts import accounts
from avrcase.services.uow import unit_of_work
from tests.conftest import TEST_PASSWORD


def _sign_in(engine, username: str) -> accounts.SignInOutcome:
    with unit_of_work(engine) as session:
        outcome = accounts.authenticate(session, username, TEST_PASSWORD)
    assert outcome.ok
    return outcome


def _verify(engine, manager) -> None:
    with unit_of_work(engine, write=False) as session:
        assert audit_checkpoint.verify_and_note(session, manager).ok


def _last_seq(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT max(seq) FROM audit_entries")).scalar_one()


def _noted_seq() -> int:
    (noted,) = audit_checkpoint._load().values()
    return noted["seq"]


@pytest.fixture
def verified(engine, actor_as, make_case):
    """A trail verified on this computer, then written on (a case, a sign-in): the manager's account."""
    manager = actor_as(StaffRole.MANAGER)
    _verify(engine, manager)
    make_case()
    assert _sign_in(engine, manager.username).trail_warning == ""  # checked up to the entry before its own
    return manager


@pytest.mark.parametrize(("tamper", "said"), [
    ("UPDATE audit_entries SET username = 'mallory' WHERE seq = :last", "entry {last} does not match its hash: it was edited"),
    ("DELETE FROM audit_entries WHERE seq = :last - 1", "entries after entry {before} were removed"),
    ("DELETE FROM audit_entries WHERE seq >= :verified", "entry {verified}, intact when the trail was last verified on "
                                                          "this computer, was changed or removed"),
])
def test_a_managers_sign_in_warns_of_entries_edited_since_the_last_verify(engine, actor, verified, tamper, said):
    manager, last = verified, _last_seq(engine)
    checkpoint = _noted_seq()
    with engine.begin() as connection:
        connection.execute(text(tamper), {"last": last, "verified": checkpoint})
    warning = _sign_in(engine, manager.username).trail_warning
    assert warning.startswith("Warning: the audit trail was tampered with since it was last verified on this computer: ")
    assert said.format(last=last, before=last - 2, verified=checkpoint) in warning
    assert "avrcase audit verify" in warning
    assert _sign_in(engine, actor.username).trail_warning == ""  # a counsellor does not see the trail: not asked


def test_each_sign_in_checks_only_what_is_new_and_no_warning_without_a_verify(engine, actor_as):
    manager = actor_as(StaffRole.MANAGER)
    assert _sign_in(engine, manager.username).trail_warning == ""  # never verified here: nothing to compare with
    _verify(engine, manager)
    for _ in range(3):
        assert _sign_in(engine, manager.username).trail_warning == ""
    assert _noted_seq() == _last_seq(engine) - 1  # the last sign-in's own entry is checked by the next one


def test_far_behind_the_checkpoint_the_newest_entries_are_checked_all_the_same(monkeypatch, engine, verified,
                                                                                make_case):
    """More entries since the checkpoint than a sign-in checks: an entry just written and edited is found at once."""
    monkeypatch.setattr(audit_checkpoint, "CHECKED_AT_SIGN_IN", 2)
    make_case()
    make_case()
    last = _last_seq(engine)
    assert _noted_seq() + audit_checkpoint.CHECKED_AT_SIGN_IN < last  # past what the next sign-in checks after it
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET username = 'mallory' WHERE seq = :seq"), {"seq": last})
    assert f"entry {last} does not match its hash" in _sign_in(engine, verified.username).trail_warning


def test_the_command_line_and_the_window_warn_at_sign_in(capsys, monkeypatch, qtbot, db_path, engine, actor_as):
    """``audit verify`` notes the checkpoint; after an entry is edited the next command of a manager still runs and
    says so in one line on stderr, and the window's sign-in shows it in a box before the main window."""
    from avrcase.cli.main import main
    from avrcase.ui.dialogs.sign_in_dialog import SignInDialog
    from avrcase.ui.ops import Ops

    manager = actor_as(StaffRole.MANAGER)
    monkeypatch.setenv("AVRCASE_USER", manager.username)
    assert main(["audit", "verify", "--db", str(db_path)]) == 0
    assert capsys.readouterr().err == ""
    _edit_the_last_entry(engine)
    assert main(["audit", "list", "--db", str(db_path)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("avrcase: Warning: the audit trail was tampered with") and err.count("\n") == 1

    dialog = SignInDialog(Ops(engine), username=manager.username)
    _warned_in_a_box(qtbot, dialog, dialog.sign_in)


def test_unlocking_after_the_idle_lock_warns_as_signing_in_does(qtbot, engine, verified):
    """The unlock checked the trail as a sign-in does but kept what it found to itself: a manager back at the desk
    after an entry was edited unlocked without a word."""
    from avrcase.ui.dialogs.sign_in_dialog import UnlockDialog
    from avrcase.ui.ops import Ops

    _edit_the_last_entry(engine)
    ops = Ops(engine)
    ops.actor = verified
    dialog = UnlockDialog(ops)
    _warned_in_a_box(qtbot, dialog, dialog.unlock)


def _edit_the_last_entry(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET username = 'mallory' WHERE seq = :seq"),
                           {"seq": _last_seq(engine)})


def _warned_in_a_box(qtbot, dialog, press) -> None:
    """The password typed into ``dialog`` and ``press`` run: it lets the person in, after one box saying the trail was
    tampered with."""
    from tests.support.keyboard import answer_box

    qtbot.addWidget(dialog)
    dialog.password.setText(TEST_PASSWORD)
    shown: list[str] = []
    answer_box("OK", answered=shown)
    assert press()
    assert len(shown) == 1 and shown[0].startswith("Warning: the audit trail was tampered with")


def test_entries_cut_off_the_end_past_the_checkpoint_are_found_at_sign_in(engine, verified, make_case):
    """The last entries deleted by hand left an intact chain after the checkpoint, and the sign-in said nothing
    (only ``audit verify`` compared the entry this computer sealed last); now the sign-in compares it too."""
    manager = verified
    for _ in range(3):
        make_case()
    last, checkpoint = _last_seq(engine), _noted_seq()
    assert last - 3 > checkpoint
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries WHERE seq > :kept"), {"kept": last - 3})
    warning = _sign_in(engine, manager.username).trail_warning
    assert warning.startswith("Warning: the audit trail was tampered with: ")
    assert f"entry {last}, the last this computer sealed, is missing: entries were cut off the end" in warning
    assert f"entry {last}, the last this computer sealed" in _sign_in(engine, manager.username).trail_warning


def test_after_accept_restore_the_sign_in_no_longer_warns_of_the_entries_the_restore_took_back(engine, verified,
                                                                                              actor_as, make_case):
    """A store put back with other tools and taken as it is (``audit key accept-restore``) kept the checkpoint of the
    trail it replaced: every manager's sign-in warned of tampering until someone verified the whole trail."""
    from avrcase.services.data_protection import audit_keys

    manager, admin = verified, actor_as(StaffRole.ADMINISTRATOR, "aiste")
    for _ in range(3):
        make_case()
    _verify(engine, manager)
    with engine.begin() as connection:  # what copying an older store file back in does to its trail
        connection.execute(text("DELETE FROM audit_entries WHERE seq > :kept"), {"kept": _noted_seq() - 6})
    assert _sign_in(engine, manager.username).trail_warning.startswith("Warning: the audit trail was tampered with")
    with unit_of_work(engine) as session:
        audit_keys.accept_restore(session, admin)
    assert _sign_in(engine, manager.username).trail_warning == ""
    assert _sign_in(engine, manager.username).trail_warning == ""
