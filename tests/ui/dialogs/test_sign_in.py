"""Signing in to the app: the first run, the sign-in screen (and its demo note), the Account menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from avrcase import app as app_module
from avrcase.domain.codes import StaffRole
from avrcase.services.accounts import accounts
from avrcase.services.demo import generate as demo
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, User
from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
from avrcase.ui.dialogs.sign_in_dialog import ChangePasswordDialog, SignInDialog
from avrcase.ui.ops import Ops
from tests.conftest import TEST_PASSWORD
from tests.support.keyboard import answer_box


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def bare_ops(qapp, engine):
    """Ops before anyone signed in."""
    return Ops(engine)


def actions(engine):
    with unit_of_work(engine, write=False) as session:
        return [a for a in session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq))]


def test_wrong_password_is_refused_and_cleared_then_the_right_one_signs_in(qtbot, bare_ops, engine, actor):
    dialog = SignInDialog(bare_ops, username=actor.username)
    qtbot.addWidget(dialog)
    dialog.password.setText("not my password at all")
    assert not dialog.sign_in()
    assert dialog.message.message == "The user name or password is wrong." and dialog.password.text() == ""
    dialog.password.setText(TEST_PASSWORD)
    dialog.sign_in_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.actor.username == actor.username
    done = actions(engine)
    assert done.count("sign_in_failed") == 1 and done.count("sign_in") == 1


def test_tab_from_the_password_reaches_sign_in_before_cancel_so_enter_signs_in(qtbot, bare_ops, engine, actor):
    """Sign in is drawn left of Cancel but was added after it, so Tab from the password went to Cancel and Enter
    then closed avrcase: the buttons are tabbed through in the order they are drawn."""
    from PySide6.QtCore import Qt

    dialog = SignInDialog(bare_ops, username=actor.username)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password)
    buttons = dialog.sign_in_button.parentWidget().buttons()
    drawn = sorted(buttons, key=lambda button: button.mapTo(dialog, button.rect().topLeft()).x())
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is drawn[0] is dialog.sign_in_button
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is drawn[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.actor.username == actor.username


def test_first_run_creates_the_administrator_with_mistakes_beside_the_fields(qtbot, bare_ops, engine):
    dialog = FirstRunDialog(bare_ops)
    qtbot.addWidget(dialog)
    dialog.encrypt.setChecked(False)  # the encrypted first run: tests/ui/test_encryption_first_run.py
    dialog.username.setText("aiste")
    dialog.display_name.setText("Aistė Admin")
    dialog.password.setText("password1234")
    dialog.again.setText("password1234")
    assert not dialog.create_administrator()
    assert "too common" in dialog.errors.message("password")
    dialog.password.setText("office safe passphrase")
    assert not dialog.create_administrator()
    assert dialog.errors.message("again")
    dialog.again.setText("office safe passphrase")
    dialog.create_button.click()
    assert dialog.actor.role == StaffRole.ADMINISTRATOR
    with unit_of_work(engine, write=False) as session:
        assert not accounts.needs_first_administrator(session)


def _answer_dialogs(steps):
    """Answer the modal dialogs the app opens, one step per dialog class, in order."""
    pending = list(steps)

    def poll():
        widget = QApplication.activeModalWidget()
        if pending and isinstance(widget, pending[0][0]):
            pending.pop(0)[1](widget)
        if pending:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return pending


def test_first_run_with_demo_data_then_sign_in_shows_the_demo_accounts(qtbot, tmp_path, settings, monkeypatch):
    monkeypatch.setattr(app_module, "FirstRunDialog", lambda ops: FirstRunDialog(ops, demo_cases=12))
    notes = []

    def sign_in_as_travel(dialog: SignInDialog):
        notes.append(dialog.demo_label.text())
        dialog.username.setText("travel")
        dialog.password.setText(demo.demo_password("travel"))
        dialog.sign_in_button.click()

    pending = _answer_dialogs([(FirstRunDialog, lambda d: d.demo_button.click()), (SignInDialog, sign_in_as_travel)])
    window = app_module.build_main_window(f"sqlite:///{tmp_path / 'demo.sqlite'}", settings)
    qtbot.addWidget(window)
    assert pending == [] and window is not None
    assert "counsellor-demo-password" in notes[0] and "reintegration" in notes[0]
    assert window.ops.actor.username == "travel" and window.ops.actor.role == StaffRole.TRAVEL_OFFICER
    assert settings.value(app_module.LAST_USER_KEY) == "travel"
    assert not window.account_menu.users_action.isVisible() and not window.account_menu.audit_action.isVisible()
    window.idle_lock.stop()
    window.ops.engine.dispose()


def test_cancelled_sign_in_opens_no_window(qtbot, engine, db_path, settings, actor):
    _answer_dialogs([(SignInDialog, lambda d: d.reject())])
    assert app_module.build_main_window(f"sqlite:///{db_path}", settings) is None


def test_a_reset_password_must_be_changed_at_sign_in(qtbot, engine, db_path, settings, actor_as):
    admin = actor_as(StaffRole.ADMINISTRATOR)
    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas Kazlauskas", StaffRole.COUNSELLOR,
                                   "first given passphrase")

    def sign_in(dialog):
        dialog.username.setText("jonas")
        dialog.password.setText("first given passphrase")
        dialog.sign_in_button.click()

    def change(dialog):
        dialog.current.setText("first given passphrase")
        dialog.new.setText("my very own passphrase")
        dialog.again.setText("my very own passphrase")
        dialog.save_button.click()

    _answer_dialogs([(SignInDialog, sign_in), (ChangePasswordDialog, change)])
    window = app_module.build_main_window(f"sqlite:///{db_path}", settings)
    qtbot.addWidget(window)
    assert window.ops.actor.id == row.id
    with unit_of_work(engine, write=False) as session:
        assert session.get(User, row.id).must_change_password is False
    window.idle_lock.stop()
    window.ops.engine.dispose()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # WORKAROUND: offscreen cannot raise windows
def test_administrator_menu_and_sign_out(qtbot, engine, db_path, settings, actor_as, monkeypatch):
    admin = actor_as(StaffRole.ADMINISTRATOR)
    window = app_module.build_main_window(f"sqlite:///{db_path}", settings, actor=admin)
    qtbot.addWidget(window)
    menu = window.account_menu
    assert menu.users_action.isVisible() and menu.audit_action.isVisible()
    assert window.case_list.model.rowCount() == 0  # no case list for an administrator, and no error either
    users_dialog = menu.show_users()
    qtbot.addWidget(users_dialog)
    add = users_dialog.add_account()
    add.username.setText("ona")
    add.display_name.setText("Ona Petraitė")
    add.password.setText("first given passphrase")
    add.save_button.click()
    assert "ona" in [r.username for r in users_dialog.rows]
    users_dialog.table.selectRow([r.username for r in users_dialog.rows].index("ona"))
    answer_box("Deactivate")
    assert users_dialog.deactivate()
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(User.active).where(User.username == "ona")) is False
    view = menu.show_audit_trail()
    view.user_filter.setText(admin.username)
    view.refresh()
    assert view.model.rowCount() > 0
    assert {view.model.texts(r)[2] for r in range(view.model.rowCount())} == {admin.username}
    assert view.verify() and "intact" in view.verdict.text()
    assert "Anchor: " in view.verdict.text() and "Not proved" in view.verdict.text()
    with qtbot.waitSignal(menu.signed_out):
        menu.sign_out_action.trigger()
    assert actions(engine)[-1] == "sign_out"
    window.ops.engine.dispose()
