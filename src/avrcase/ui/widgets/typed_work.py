"""Closing a dialog does not throw away what was typed in it unasked.

Cancel, Esc and the window's close button all reject a dialog; in "Change item…" they discarded a changed cost
without a word. A dialog that mixes ``AsksBeforeDiscarding`` in (before ``QDialog``) notes what its fields show
when it is first shown and, when it is rejected with anything changed, asks first (the safe answer keeps it open).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from avrcase.i18n import _
from avrcase.ui.widgets.dialog_buttons import confirm_discard


def typed_values(dialog: QWidget) -> tuple[Any, ...]:
    """What the dialog's fields show: texts, choices, ticks, dates and numbers, in the fields' order."""
    values: list[Any] = []
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append(widget.currentText())
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
    return tuple(values)


class AsksBeforeDiscarding:
    """Mix into a ``QDialog`` (listed first): rejecting it with changed fields asks before discarding them."""

    #: Closing for a shutdown discards what was typed without the question (``ui.shutdown``); so do the case,
    #: consultation and office languages dialogs, which ask in their own words.
    asks_before_discarding = True
    _as_opened: tuple[Any, ...] | None = None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[misc]
        if self._as_opened is None:
            self._as_opened = typed_values(self)  # type: ignore[arg-type]

    def reject(self) -> None:
        if self._as_opened is not None and typed_values(self) != self._as_opened and not confirm_discard(  # type: ignore[arg-type]
                self, _("Discard what was typed?"),  # type: ignore[arg-type]
                _("What was typed here has not been saved and will be lost.")):
            return
        super().reject()  # type: ignore[misc]
