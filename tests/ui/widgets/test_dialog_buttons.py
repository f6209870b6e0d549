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


def test_confirm_answers_no_on_esc_and_yes_only_on_its_action(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from avrcase.ui.widgets.dialog_buttons import confirm

    def press(choice):
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        if choice == "esc":
            box.reject()
        else:
            next(b for b in box.buttons() if b.text() == choice).click()

    QTimer.singleShot(100, lambda: press("esc"))
    assert confirm(None, "Discard?", "Typed notes will be lost.", "Discard") is False
    QTimer.singleShot(100, lambda: press("Discard"))
    assert confirm(None, "Discard?", "Typed notes will be lost.", "Discard") is True
