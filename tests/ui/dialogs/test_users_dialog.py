"""The users dialog reads as a list of people: one line each, no row numbers, actions for the selected one."""

from __future__ import annotations

from avrcase.domain.codes import StaffRole
from avrcase.ui.dialogs.users_dialog import UsersDialog
from avrcase.ui.ops import Ops


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
    assert dialog.deactivate()
    dialog.table.selectRow(next(i for i, row in enumerate(dialog.rows) if not row.active))
    assert not dialog.deactivate_button.isEnabled()  # already deactivated
