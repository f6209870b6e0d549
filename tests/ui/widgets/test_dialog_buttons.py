"""Dialog buttons speak the app's language even where Qt has no translation of its own (Lithuanian)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from avrcase.i18n import set_locale
from avrcase.ui.widgets.dialog_buttons import save_cancel_buttons


def test_save_and_cancel_are_in_lithuanian(qtbot):
    set_locale("lt")
    dialog = QDialog()
    qtbot.addWidget(dialog)
    buttons, save = save_cancel_buttons(dialog, dialog.accept)
    assert save.text() == "Iš&saugoti"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Atšaukti"


def test_save_and_cancel_in_english(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    buttons, save = save_cancel_buttons(dialog, dialog.accept)
    assert save.text() == "&Save"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
