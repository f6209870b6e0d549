"""The Save/Cancel row every editing dialog ends with, and the one way to make a button the default."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

from avrcase.i18n import _


def save_cancel_buttons(dialog: QDialog, on_save: Callable[[], object],
                        save_text: str | None = None) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box with Save (or ``save_text``) and Cancel wired to ``on_save`` and ``dialog.reject``.

    Add the box to the dialog's layout, then call ``make_default`` on the returned save button.
    """
    if save_text is None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
    else:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        save_button = buttons.addButton(save_text, QDialogButtonBox.ButtonRole.AcceptRole)
    speak_our_language(buttons)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save_button


def confirm(parent: QWidget, title: str, text: str, action: str, *, safe: str | None = None) -> bool:
    """Ask before something that cannot be taken back; True only when the person chose ``action``.

    The question names what happens ("Discard the notes"), and the safe answer (Cancel, or ``safe``) is the
    default, so Enter or Esc never does it by accident.
    """
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(QMessageBox.StandardButton.Cancel)
    stay.setText(safe or _("Cancel"))
    if safe:
        stay.setIcon(QIcon())  # the style's red cross of Cancel said "cancel" beside "Keep editing"
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    return box.clickedButton() is go


def confirm_discard(parent: QWidget, title: str, text: str) -> bool:
    """Ask before typed work is thrown away: "Discard" or "Keep editing" (the default, and Esc's answer).

    The safe answer was "Cancel", asked of someone who had just pressed Cancel: a newcomer took it for "yes,
    cancel" (the walk of session 30) and could not tell which button kept the typing."""
    return confirm(parent, title, text, _("Discard"), safe=_("&Keep editing"))


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A yes-or-no question before a change the dialog has no undo for; True only when the person chose Yes.

    No is the default and Escape's answer, so Enter or Esc never makes the change by accident.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def make_default(button: QPushButton) -> None:
    """Make ``button`` the one Enter presses; call it after the button is in the dialog's layout.

    WORKAROUND: QDialog ignores a ``setDefault`` made before the button is inside the dialog and, when
    shown, makes the first auto-default button (usually Cancel) the default instead.

    The box's buttons are also put in the Tab order they are seen in: a button added to a box after its
    Cancel came after Cancel, so Tab from the last field then Enter cancelled a sign-in instead of signing in.
    """
    button.setDefault(True)
    box = button.parentWidget()
    if isinstance(box, QDialogButtonBox):
        tab_in_visual_order(box)


def tab_in_visual_order(box: QDialogButtonBox) -> None:
    """Tab through ``box``'s buttons left to right as this platform lays them out (its layout holds them in
    that order), not in the order they were added."""
    layout = box.layout()
    seen = [layout.itemAt(index).widget() for index in range(layout.count())]
    shown = [widget for widget in seen if isinstance(widget, QAbstractButton)]
    for before, after in zip(shown, shown[1:], strict=False):
        QWidget.setTabOrder(before, after)


def speak_our_language(buttons: QDialogButtonBox) -> QDialogButtonBox:
    """Label the box's standard buttons from our catalogs.

    Qt ships no translation of its own buttons for some of our languages (Lithuanian among them), so a
    Lithuanian dialog said "Save" and "Cancel" in English.
    """
    texts = {QDialogButtonBox.StandardButton.Save: _("&Save"),
             QDialogButtonBox.StandardButton.Cancel: _("Cancel"),
             QDialogButtonBox.StandardButton.Close: _("Close")}
    for which, text in texts.items():
        button = buttons.button(which)
        if button is not None:
            button.setText(text)
    return buttons
