"""A table model over a short list of row DTOs, its columns described once: header, text, sort key, colour.

The finance and reintegration screens (payments ledger, plan items, monitoring, work lists, budget)
show lists of at most a few hundred rows that the services return whole; each screen declares its
columns as ``Column``s instead of writing a model of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from avrcase.i18n import _
from avrcase.ui import palette

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

#: Text colours a column may ask for: a warning (overdue, overdrawn, refused) and a row that no longer counts.
WARNING = QColor(palette.ERROR)
MUTED = QColor(palette.INACTIVE)


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: ``header`` (marked with ``N_``, translated at use), the cell text, and optionally its
    sort key (raw value; the text when None), a colour, right alignment for amounts and a tooltip."""

    header: str
    text: Callable[[Row], str]
    sort: Callable[[Row], Any] | None = None
    colour: Callable[[Row], QColor | None] | None = None
    numeric: bool = False
    tooltip: Callable[[Row], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of one DTO type under ``columns``; ``SortRole`` gives raw values for a sort proxy."""

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, columns: Sequence[Column[Row]], parent=None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> Row:
        """The DTO shown in ``row``."""
        return self._rows[row]

    @property
    def rows(self) -> tuple[Row, ...]:
        """Every DTO shown, in the model's order."""
        return tuple(self._rows)

    def headers(self) -> list[str]:
        """The translated column headers (for an export of what is shown)."""
        return [_(column.header) for column in self.columns]

    def texts(self, row: int) -> list[str]:
        """The cells of ``row`` as shown."""
        return [column.text(self._rows[row]) for column in self.columns]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        item, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == self.SortRole:
            return column.sort(item) if column.sort is not None else column.text(item)
        if role == self.RowRole:
            return index.row()
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(item)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(item) if column.tooltip is not None else column.text(item)
        return None
