"""The frame the finance and reintegration dialogs share: a field grid, a summary, Save/Cancel, and
one way to show a refusal (beside the fields, the rest under them) without saving anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QLayout, QVBoxLayout, QWidget

from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.ui.ops import show_error
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid


class FormDialog(QDialog):
    """Fill ``self.grid`` (one column of labelled fields), then call ``finish``; ``save`` is the subclass's."""

    def __init__(self, parent: QWidget | None = None, *, columns: int = 1):
        super().__init__(parent)
        self.errors = FieldErrors()
        self.grid = FieldGrid(self.errors, columns=columns)
        self.summary = ErrorLabel()

    def finish(self, *, above: QWidget | None = None, below: QWidget | QLayout | None = None,
               save_text: str | None = None) -> None:
        """Lay out ``above``, the grid, ``below``, the summary and the buttons; Enter saves."""
        self.buttons, self.save_button = save_cancel_buttons(self, self.save, save_text)
        layout = QVBoxLayout(self)
        if above is not None:
            layout.addWidget(above)
        layout.addLayout(self.grid)
        if isinstance(below, QLayout):
            layout.addLayout(below)
        elif below is not None:
            layout.addWidget(below)
        layout.addWidget(self.summary)
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
        try:
            action()
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.accept()
        return True
