"""The frame the finance and reintegration dialogs share: a field grid, a summary, Save/Cancel, and
one way to show a refusal (beside the fields, the rest under them) without saving anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDateEdit, QDialog, QLabel, QLayout, QPlainTextEdit, QVBoxLayout, QWidget

from avrcase.i18n import _
from avrcase.ui import palette
from avrcase.ui.ops import UNSAVED, save_or_explain
from avrcase.ui.widgets.date_edit import make_date_edit
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding


#: Width of a date field: a date does not need the whole row.
DATE_WIDTH = 170


def date_field(today: dt.date, value: dt.date | None = None) -> QDateEdit:
    """A required date (``today``, the office's day, by default) of a sensible width.

    Any date can be typed: a day in the future for something that happened is refused by the service with
    its message. A field capped at today turned a typed "12/20/2026" into Dec 2 and "1/15/2027" into
    Jan 15, 2026 without a word (Qt drops a keystroke that would pass the cap).
    """
    edit = make_date_edit(value=value or today)
    edit.setMaximumWidth(DATE_WIDTH)
    return edit


class FormDialog(AsksBeforeDiscarding, QDialog):
    """Fill ``self.grid`` (one column of labelled fields), then call ``finish``; ``save`` is the subclass's."""

    def __init__(self, parent: QWidget | None = None, *, columns: int = 1):
        super().__init__(parent)
        self.errors = FieldErrors()
        self.grid = FieldGrid(self.errors, columns=columns)
        self.summary = ErrorLabel()

    def finish(self, *, above: QWidget | None = None, below: QWidget | QLayout | None = None,
               save_text: str | None = None, grow_below: bool = False) -> None:
        """Lay out ``above``, the grid, ``below`` (taking the spare height when ``grow_below``), the summary and
        the buttons; Enter saves."""
        self.buttons, self.save_button = save_cancel_buttons(self, self.save, save_text)
        layout = QVBoxLayout(self)
        if above is not None:
            layout.addWidget(above)
        layout.addLayout(self.grid)
        if isinstance(below, QLayout):
            layout.addLayout(below)
        elif below is not None:
            layout.addWidget(below, 1 if grow_below else 0)
        layout.addWidget(self.summary)
        if not grow_below:
            layout.addStretch(1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)

    def save(self) -> None:  # pragma: no cover - every dialog defines it
        """Check and store what was entered."""
        raise NotImplementedError

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field and focus the first; messages no field claims go underneath."""
        left = self.errors.show(errors)
        self.summary.show_message("\n".join(left.values()))
        first = self.errors.first_invalid()
        if first is not None:
            first.setFocus()

    def attempt(self, action: Callable[[], Any]) -> bool:
        """Run ``action`` (a service call); on a refusal show it and return False, else close and return True."""
        if save_or_explain(self, action, show_errors=self.show_errors) is UNSAVED:
            return False
        self.accept()
        return True


def info_label(text: str) -> QLabel:
    """A shaded explanation above a dialog's fields (what the action will do)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(palette.INFO_BOX_STYLE)
    return label


def text_box(height: int, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line text field of fixed height where Tab moves on instead of typing a tab."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    box.setPlaceholderText(placeholder)
    return box


class ReasonDialog(FormDialog):
    """Asks why before an action that is kept in the history (a reversal, a revision); ``on_save(reason)``."""

    def __init__(self, title: str, about: str, placeholder: str, save_text: str,
                 on_save: Callable[[str], object], parent: QWidget | None = None):
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(title)
        self.reason = text_box(80, placeholder)
        self.grid.add(_("Why:"), self.reason, "reason")
        self.finish(above=info_label(about), save_text=save_text)
        self.reason.setFocus()
        fit_to_screen(self, 560, 280)

    def save(self) -> None:
        """Run the action with the reason typed."""
        reason = self.reason.toPlainText().strip()
        self.attempt(lambda: self._on_save(reason))
