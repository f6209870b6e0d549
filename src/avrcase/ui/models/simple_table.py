"""A read-only table of already formatted text, for short lists (a case's history, duplicates)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class TextTableModel(QAbstractTableModel):
    """Rows of strings under translated headers; ``UserRole`` carries one payload per row (an id)."""

    PayloadRole = Qt.ItemDataRole.UserRole

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[list[str]] = []
        self._payloads: list[Any] = []
        self._tips: dict[tuple[int, int], str] = {}

    def set_rows(self, rows: Sequence[Sequence[str]], payloads: Sequence[Any] | None = None,
                 tooltips: dict[tuple[int, int], str] | None = None) -> None:
        """Replace every row; ``payloads`` has one entry per row; ``tooltips`` by (row, column) where a cell shows
        less than it holds (the tooltip is the cell's text elsewhere)."""
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._payloads = list(payloads) if payloads is not None else [None] * len(self._rows)
        self._tips = dict(tooltips or {})
        self.endResetModel()

    def payload(self, row: int) -> Any:
        """The payload given for ``row``."""
        return self._payloads[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips.get((index.row(), index.column()), self._rows[index.row()][index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == self.PayloadRole:
            return self._payloads[index.row()]
        return None
