"""Follow-up actions promised in a consultation: one row each, with a due date and who does it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from avrcase.i18n import _
from avrcase.services.dto import FollowUpForm, UserRow
from avrcase.ui.widgets.combos import UserCombo
from avrcase.ui.widgets.date_edit import make_date_edit
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors, errors_by_index

#: A new follow-up is due a week after the consultation unless the counsellor says otherwise.
DEFAULT_DAYS = 7


class FollowUpRowEdit(QWidget):
    """One follow-up: what, by when, by whom, and a button to drop it."""

    def __init__(self, users: Sequence[UserRow], due_on: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.errors = FieldErrors()
        self.action = QLineEdit()
        self.action.setPlaceholderText(_("What is to be done, e.g. ask the embassy for a travel document"))
        self.due_on = make_date_edit(value=due_on)
        self.due_on.setToolTip(_("Due on"))
        self.assigned_to = UserCombo(users, empty_text=_("the counsellor"))
        self.assigned_to.setToolTip(_("Who does it"))
        self.remove_button = QToolButton()
        self.remove_button.setText("×")
        self.remove_button.setToolTip(_("Remove this follow-up"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        for column, widget in enumerate((self.action, self.due_on, self.assigned_to, self.remove_button)):
            grid.addWidget(widget, 0, column)
        for column, (path, field) in enumerate((("action", self.action), ("due_on", self.due_on))):
            grid.addWidget(self.errors.add(path, ErrorLabel(), field), 1, column)
        self._first_due_on = due_on

    def is_blank(self) -> bool:
        """Nothing entered: no action, and the due date and who does it as the row came."""
        return (not self.action.text().strip() and self.due_on.date().toPython() == self._first_due_on
                and self.assigned_to.user_id() is None)

    def form(self) -> FollowUpForm:
        """The follow-up as entered."""
        return FollowUpForm(self.action.text().strip(), self.due_on.date().toPython(), self.assigned_to.user_id())


class FollowUpsEdit(QWidget):
    """Several follow-ups; error paths are ``follow_ups.N.field`` as the domain names them."""

    def __init__(self, users: Sequence[UserRow], start: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self._users = users
        #: The day new rows count from (the consultation's date).
        self.start = start
        self.rows: list[FollowUpRowEdit] = []
        self.add_button = QPushButton(_("Add &follow-up"))
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self._on_add_button_clicked)

    def add_row(self, action: str = "", due_on: dt.date | None = None) -> FollowUpRowEdit:
        """Append a row (due a week after ``start`` unless given) and return it."""
        row = FollowUpRowEdit(self._users, due_on or self.start + dt.timedelta(days=DEFAULT_DAYS))
        row.action.setText(action)
        row.remove_button.clicked.connect(lambda: self.remove_row(row))
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        # Keep the tab order of the rows as they appear, before the "add" button.
        previous = self.rows[-2].remove_button if len(self.rows) > 1 else None
        if previous is not None:
            QWidget.setTabOrder(previous, row.action)
        QWidget.setTabOrder(row.remove_button, self.add_button)
        return row

    def remove_row(self, row: FollowUpRowEdit) -> None:
        """Drop a row."""
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.deleteLater()
        self.add_button.setFocus()

    def forms(self) -> tuple[FollowUpForm, ...]:
        """Every follow-up entered; rows left completely empty are ignored. A row with a date or a person
        but no action is a follow-up still to be described (the rule asks for it), not dropped unsaid."""
        return tuple(row.form() for row in self._filled())

    def _filled(self) -> list[FollowUpRowEdit]:
        return [row for row in self.rows if not row.is_blank()]

    def show_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Show ``follow_ups.N.field`` messages on their rows; return the others."""
        by_row, others = errors_by_index(errors, "follow_ups")
        for row in self.rows:
            row.errors.clear()
        for index, row in enumerate(self._filled()):
            left = row.errors.show(by_row.get(index, {}))
            others.update({f"follow_ups.{index}.{key}": message for key, message in left.items()})
        return others

    def first_invalid(self) -> QWidget | None:
        """The first field with a message."""
        for row in self.rows:
            field = row.errors.first_invalid()
            if field is not None:
                return field
        return None

    def _on_add_button_clicked(self) -> None:
        self.add_row().action.setFocus()
