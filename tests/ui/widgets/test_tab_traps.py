"""Tab leaves an empty date field and a list (found by the keyboard-only walk of #19: both kept the keyboard
for ever)."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from avrcase.ui.widgets.date_edit import OptionalDateEdit
from tests.support.keyboard import press


def _between_two_fields(qtbot, field):
    """A shown dialog that has the keyboard, and ``field`` in it between two text fields, the cursor in ``field``."""
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    before, after = QLineEdit(), QLineEdit()
    for widget in (before, field, after):
        layout.addWidget(widget)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    field.setFocus()
    return dialog, before, field, after


def test_tab_and_shift_tab_leave_an_empty_date_field(qtbot):
    _dialog, before, field, after = _between_two_fields(qtbot, OptionalDateEdit(today=dt.date(2026, 12, 4)))
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    field.setFocus()
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is before
    assert field.date() is None


def test_tab_leaves_a_list_instead_of_walking_its_cells(qtbot):
    from avrcase.ui.models.row_table import Column, RowTableModel
    from avrcase.ui.widgets.list_table import ListTable

    model = RowTableModel([Column("A", lambda r: r), Column("B", lambda r: r)])
    model.set_rows(["x", "y"])
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    table, after = ListTable(model), QLineEdit()
    layout.addWidget(table)
    layout.addWidget(after)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    table.setFocus()
    table.selectRow(0)
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after


def test_tab_leaves_a_date_field_with_a_date_instead_of_walking_its_parts(qtbot):
    """Tab from "Assessed on: 07/12/2026" went to the month, then to the year: a keyboard walk typed the next
    field's note after one Tab and it landed in the year (07/11/2000). Tab now leaves, as from any field."""
    from avrcase.ui.widgets.date_edit import make_date_edit

    day = dt.date(2026, 12, 7)
    _dialog, before, field, after = _between_two_fields(qtbot, make_date_edit(value=day))
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    qtbot.keyClicks(after, "2000")
    field.setFocus()
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is before
    assert field.date().toPython() == day and after.text() == "2000"
