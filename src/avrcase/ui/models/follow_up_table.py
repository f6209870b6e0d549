"""Follow-ups due as a Qt model, with overdue ones highlighted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from avrcase.i18n import N_, _
from avrcase.i18n.format import format_date
from avrcase.services.dto import FollowUpRow
from avrcase.ui import palette

Index = QModelIndex | QPersistentModelIndex

COL_DUE, COL_CASE, COL_PERSON, COL_ACTION, COL_ASSIGNED = range(5)
_HEADERS = (N_("Due"), N_("Case number"), N_("Principal applicant"), N_("Action"), N_("Assigned to"))
_OVERDUE = QColor(palette.ERROR)


class FollowUpTableModel(QAbstractTableModel):
    """The follow-ups one counsellor has to do; short lists (the service caps them), loaded at once."""

    SortRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[FollowUpRow] = []
        self.today: dt.date | None = None  # no rows, nothing overdue until set_rows says which day it is

    def set_rows(self, rows: list[FollowUpRow], today: dt.date) -> None:
        """Show ``rows`` (due dates compared with ``today``, the office's day from the app's clock)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.today = today
        self.endResetModel()

    def follow_up(self, row: int) -> FollowUpRow:
        """The row DTO."""
        return self._rows[row]

    def is_overdue(self, row: int) -> bool:
        """True when the follow-up is not done and its day has passed."""
        item = self._rows[row]
        return item.done_on is None and self.today is not None and item.due_on < self.today

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(_HEADERS):
            return _(_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item = self._rows[index.row()]
        overdue = self.is_overdue(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            due = format_date(item.due_on)
            if overdue:
                due = _("%(date)s (overdue)") % {"date": due}
            return (due, item.case_number, item.principal_name, item.action, item.assigned_to)[index.column()]
        if role == self.SortRole:
            return (item.due_on.isoformat(), item.case_number, item.principal_name, item.action,
                    item.assigned_to)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return QBrush(_OVERDUE)
        if role == Qt.ItemDataRole.FontRole and overdue and index.column() == COL_DUE:
            font = QFont()
            font.setBold(True)
            return font
        return None
