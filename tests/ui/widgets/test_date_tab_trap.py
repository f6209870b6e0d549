"""Tab leaves an empty date field (found by the keyboard-only walk of #19: it kept the keyboard for ever)."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from avrcase.ui.widgets.date_edit import OptionalDateEdit
from tests.support.keyboard import press


def test_tab_and_shift_tab_leave_an_empty_date_field(qtbot):
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    before, field, after = QLineEdit(), OptionalDateEdit(today=dt.date(2026, 12, 4)), QLineEdit()
    for widget in (before, field, after):
        layout.addWidget(widget)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    field.setFocus()
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    field.setFocus()
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is before
    assert field.date() is None
