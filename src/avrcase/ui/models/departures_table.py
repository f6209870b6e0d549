"""Upcoming departures as a Qt model: ready cases stand out in green with a ✓, others say what is missing.

Colour is never the only sign: the Ready column says "✓ Ready" or "✗ n missing" in words, and the
missing items are named in their own column (all of them in the tooltip).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.travel.dto import DepartureRow
from avrcase.ui import palette
from avrcase.ui.models.travel_text import (
    DONE_SIGN,
    L_READY_TO_FLY,
    MISSING_SIGN,
    clock_time,
)

Index = QModelIndex | QPersistentModelIndex

(COL_DATE, COL_TIME, COL_CASE, COL_PERSON, COL_TRAVELLERS, COL_ROUTE, COL_FLIGHT, COL_FINAL, COL_READY,
 COL_MISSING) = range(10)
#: Columns whose header is set on two lines (names and places: the board narrows them first).
WRAPPED_HEADERS = frozenset({COL_PERSON, COL_FINAL, COL_TIME})
_HEADERS = (N_("Date"), N_("Time (local)"), N_("Case number"), N_("Principal applicant"), N_("Travellers"),
            N_("Route"), N_("Flight"), N_("Final destination"), N_("Ready"), N_("Missing"))
_READY_BACKGROUND = QColor(palette.DONE_BACKGROUND)
_READY_TEXT = QColor(palette.DONE)
_MISSING_TEXT = QColor(palette.ERROR)


class DeparturesTableModel(QAbstractTableModel):
    """Departures of one period (the service limits it to a year), loaded at once, earliest first."""

    SortRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DepartureRow] = []

    def set_rows(self, rows: list[DepartureRow]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def departure(self, row: int) -> DepartureRow:
        """The row DTO."""
        return self._rows[row]

    def ready_count(self) -> int:
        """How many of the listed cases are ready to fly."""
        return sum(1 for row in self._rows if row.ready)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # Two lines where a header is longer than its column needs to be: ten columns fit a laptop.
            text = _(_HEADERS[section])
            return two_lines(text) if section in WRAPPED_HEADERS else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(_HEADERS[section])
        return None

    def _text(self, item: DepartureRow, column: int) -> str:
        if column == COL_READY:
            if item.ready:
                return f"{DONE_SIGN} {_(L_READY_TO_FLY)}"
            n = len(item.missing)
            return f"{MISSING_SIGN} " + ngettext("%(n)d missing", "%(n)d missing", n) % {"n": n}
        return (format_date(item.departure_date), clock_time(item.departure_at, item.origin_tz), item.case_number,
                item.principal_name, str(item.travellers), item.route, item.flight, item.final_destination, "",
                " ".join(item.missing))[column]

    def _sort_key(self, item: DepartureRow, column: int) -> Any:
        if column in (COL_DATE, COL_TIME):
            return item.departure_at.isoformat()
        if column == COL_TRAVELLERS:
            return item.travellers
        if column == COL_READY:
            return len(item.missing)
        return self._text(item, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (COL_READY, COL_MISSING) and item.missing:
                return "\n".join(item.missing)
            return self._text(item, column) or None
        if role == self.SortRole:
            return self._sort_key(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and item.ready:
            return QBrush(_READY_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_READY, COL_MISSING):
            return QBrush(_READY_TEXT if item.ready else _MISSING_TEXT)
        if role == Qt.ItemDataRole.FontRole and column == COL_READY:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_TRAVELLERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle ("Final\ndestination"); one word stays one line."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(2 * i - len(text)))
    return text[:middle] + "\n" + text[middle + 1:]
