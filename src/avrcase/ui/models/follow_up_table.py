"""Follow-ups due as the row-table model, with overdue ones highlighted (in words too: "(overdue)")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from avrcase.i18n import N_, _
from avrcase.i18n.format import format_date
from avrcase.services.dto import FollowUpRow
from avrcase.ui import palette
from avrcase.ui.models.row_table import Column, Index, RowTableModel

COL_DUE, COL_CASE, COL_PERSON, COL_ACTION, COL_ASSIGNED = range(5)
_OVERDUE = QColor(palette.ERROR)


class FollowUpTableModel(RowTableModel[FollowUpRow]):
    """The follow-ups one counsellor has to do; short lists (the service caps them), loaded at once."""

    def __init__(self, parent=None):
        self.today: dt.date | None = None  # no rows, nothing overdue until set_rows says which day it is
        colour = self._colour
        super().__init__((
            Column(N_("Due"), self._due, sort=lambda f: f.due_on.isoformat(), colour=colour),
            Column(N_("Case number"), lambda f: f.case_number, colour=colour),
            Column(N_("Principal applicant"), lambda f: f.principal_name, colour=colour),
            Column(N_("Action"), lambda f: f.action, colour=colour),
            Column(N_("Assigned to"), lambda f: f.assigned_to, colour=colour),
        ), parent)

    def set_rows(self, rows: Sequence[FollowUpRow], today: dt.date | None = None) -> None:
        """Show ``rows`` (due dates compared with ``today``, the office's day from the app's clock)."""
        self.today = today
        super().set_rows(rows)

    def follow_up(self, row: int) -> FollowUpRow:
        """The row DTO."""
        return self.row(row)

    def _overdue(self, item: FollowUpRow) -> bool:
        return item.done_on is None and self.today is not None and item.due_on < self.today

    def is_overdue(self, row: int) -> bool:
        """True when the follow-up is not done and its day has passed."""
        return self._overdue(self.row(row))

    def _due(self, item: FollowUpRow) -> str:
        due = format_date(item.due_on)
        return _("%(date)s (overdue)") % {"date": due} if self._overdue(item) else due

    def _colour(self, item: FollowUpRow) -> QColor | None:
        return _OVERDUE if self._overdue(item) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.column() == COL_DUE \
                and 0 <= index.row() < self.rowCount() and self.is_overdue(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)
