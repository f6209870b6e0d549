"""The users dialog reads as a list of people: one line each, no row numbers, actions for the selected one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.codes import StaffRole
from avrcase.services.accounts import accounts
from avrcase.services.uow import unit_of_work
from avrcase.ui.dialogs.users_dialog import UsersDialog
from avrcase.ui.ops import Ops
from tests.support.keyboard import answer_box, type_text


def _dialog(qtbot, engine, actor_as) -> UsersDialog:
    actor_as(StaffRole.COUNSELLOR, "lina.paulauskiene.long.name")
    dialog = UsersDialog(Ops(engine, actor_as(StaffRole.ADMINISTRATOR)))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_names_are_whole_on_one_line_without_row_numbers(qtbot, engine, actor_as):
    dialog = _dialog(qtbot, engine, actor_as)
    assert not dialog.table.verticalHeader().isVisible()
    metrics = dialog.table.fontMetrics()
    widest = max(metrics.horizontalAdvance(row.username) for row in dialog.rows)
    assert dialog.table.columnWidth(0) > widest


def test_account_actions_wait_for_a_selected_account(qtbot, engine, actor_as):
    dialog = _dialog(qtbot, engine, actor_as)
    assert not dialog.reset_button.isEnabled() and not dialog.deactivate_button.isEnabled()
    dialog.table.selectRow(next(i for i, row in enumerate(dialog.rows) if row.username.startswith("lina")))
    assert dialog.reset_button.isEnabled() and dialog.deactivate_button.isEnabled()
    answer_box("Deactivate")
    assert dialog.deactivate()
    dialog.table.selectRow(next(i for i, row in enumerate(dialog.rows) if not row.active))
    assert not dialog.deactivate_button.isEnabled()  # already deactivated


def _select(dialog, username: str) -> None:
    dialog.table.selectRow(next(i for i, row in enumerate(dialog.rows) if row.username.startswith(username)))


def _row(dialog, username: str):
    return next(row for row in dialog.rows if row.username.startswith(username))


def test_deactivating_asks_first_and_cancel_keeps_the_account(qtbot, engine, actor_as):
    dialog = _dialog(qtbot, engine, actor_as)
    _select(dialog, "lina")
    asked = []
    answer_box("Cancel", answered=asked)
    qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    assert "will no longer be able to sign in" in asked[0]
    assert _row(dialog, "lina").active
    answer_box("Deactivate")
    qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    assert not _row(dialog, "lina").active


def test_a_deactivated_account_is_reactivated_with_a_new_password(qtbot, engine, actor_as):
    dialog = _dialog(qtbot, engine, actor_as)
    _select(dialog, "lina")
    answer_box("Deactivate")
    qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    _select(dialog, "lina")
    assert dialog.reactivate_button.isEnabled() and not dialog.deactivate_button.isEnabled()
    again = dialog.reactivate()
    qtbot.waitExposed(again)
    type_text("a new given passphrase", again.password)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert _row(dialog, "lina").active
    with unit_of_work(engine) as session:
        outcome = accounts.authenticate(session, _row(dialog, "lina").username, "a new given passphrase")
    assert outcome.ok and outcome.must_change_password


def test_the_role_is_changed_from_the_list_but_not_ones_own(qtbot, engine, actor_as):
    dialog = _dialog(qtbot, engine, actor_as)
    _select(dialog, dialog._ops.actor.username)
    assert not dialog.role_button.isEnabled() and not dialog.deactivate_button.isEnabled()
    _select(dialog, "lina")
    change = dialog.change_role()
    change.role.set_code(StaffRole.MANAGER.value)
    qtbot.mouseClick(change.save_button, Qt.MouseButton.LeftButton)
    assert _row(dialog, "lina").role is StaffRole.MANAGER
    assert dialog.model.texts(dialog.rows.index(_row(dialog, "lina")))[2] == StaffRole.MANAGER.label


def test_the_list_shows_the_last_sign_in_and_closes(qtbot, engine, actor_as):
    dialog = _dialog(qtbot, engine, actor_as)
    headers = dialog.model.headers()
    assert headers[-1] == "Last sign-in"
    assert dialog.model.texts(dialog.rows.index(_row(dialog, "lina")))[4] == "never"
    assert dialog.close_button.isVisible() and dialog.close_button.text() == "Close"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_first_password_holding_the_new_persons_name_is_refused_without_blaming_the_administrator(
        qtbot, engine, actor_as):
    """Adding Jonas Jonaitis with "jonas-long-password-1" said "must not contain your user name or your name" to
    the administrator, whose name it was not."""
    dialog = _dialog(qtbot, engine, actor_as)
    adding = dialog.add_account()
    qtbot.waitExposed(adding)
    type_text("jonas.jonaitis", adding.username)
    type_text("Jonas Jonaitis", adding.display_name)
    type_text("jonas-long-password-1", adding.password)
    qtbot.mouseClick(adding.save_button, Qt.MouseButton.LeftButton)
    message = adding.errors.message("password")
    assert message == "A password must not contain the user name or the name of the person who signs in with it."
    assert "your" not in message
    assert not any(row.username == "jonas.jonaitis" for row in dialog.rows)

    adding.reject()
    _select(dialog, "lina")  # a reset by the administrator speaks of that person too
    resetting = dialog.reset_password()
    qtbot.waitExposed(resetting)
    type_text(_row(dialog, "lina").username + "-2026", resetting.password)
    qtbot.mouseClick(resetting.save_button, Qt.MouseButton.LeftButton)
    assert resetting.errors.message("password") == message


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_the_new_account_form_has_its_captions_beside_their_fields(qtbot, engine, actor_as, locale):
    """Walk 13: each caption stood at the form's left edge, "Role:" a third of the dialog away from its field behind
    the long "First password (12 characters or more):"; they end together now, right beside the fields, and the
    fields start together."""
    from PySide6.QtWidgets import QLabel

    from avrcase.i18n import set_locale
    from avrcase.ui.dialogs.users_dialog import AccountDialog

    set_locale(locale)
    dialog = AccountDialog(Ops(engine, actor_as(StaffRole.ADMINISTRATOR)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = (dialog.username, dialog.display_name, dialog.role, dialog.password)
    captions = {label.buddy(): label for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    ends, starts = set(), {field.geometry().left() for field in fields}
    for field in fields:
        caption = captions[field]
        text = caption.fontMetrics().horizontalAdvance(caption.text())
        box = caption.geometry().adjusted(caption.contentsMargins().left(), 0, -caption.contentsMargins().right(), 0)
        end = box.right() if caption.alignment() & Qt.AlignmentFlag.AlignRight else box.left() + text
        ends.add(end)
        assert 0 < field.geometry().left() - end <= 20, caption.text()  # beside its field
        assert abs(caption.geometry().top() - field.geometry().top()) <= 6, caption.text()  # on its field's line
    assert len(starts) == 1 and max(ends) - min(ends) <= 1
