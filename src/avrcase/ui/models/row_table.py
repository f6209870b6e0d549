"""The one table model for short lists: rows of DTOs, or of formatted text, under columns described once.

Every list of at most a few thousand rows that a service returns whole (payments, plan items, monitoring,
work lists, budget, accounts, audit entries, duplicates, retention, shortcuts, a case's history and
documents, an itinerary's segments) is a ``RowTableModel`` whose screen declares its ``Column``s (header,
text, sort key, colour, tooltip) instead of writing a model of its own; ``TextTableModel`` is the same model
for rows formatted where they are read. Shown in a ``widgets.list_table.ListTable`` (sortable) or a
``compact_table``. The case list (``case_table.py``: 100,000 cases fetched page by page), the departures board
and the follow-ups due (grouped and coloured by day) keep models of their own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
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
    #: Read whole, never narrowed to make room (a case number or a date: "VNO-2025-000…" and "23 фев…" named
    #: neither the case nor the day).
    whole: bool = False


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of one DTO type under ``columns``; ``SortRole`` gives raw values for a sort proxy."""

    SortRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    #: Headers are ``N_``-marked and translated when shown (``TextTableModel``'s come translated).
    translate_headers = True

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
        return [self._header(column) for column in self.columns]

    def _header(self, column: Column[Row]) -> str:
        return _(column.header) if self.translate_headers else column.header

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
            return self._header(self.columns[section])
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


@dataclass(frozen=True)
class TextRow:
    """A row of already formatted text (``TextTableModel``): the cells, one payload (an id), tooltips by column
    where a cell shows less than it holds."""

    cells: tuple[str, ...]
    payload: Any = None
    tips: Mapping[int, str] = field(default_factory=dict)


class TextTableModel(RowTableModel[TextRow]):
    """The row-table model for lists whose rows are formatted where they are read (a case's history, its
    documents, an itinerary's segments): one column per translated header; ``PayloadRole`` gives a row's payload."""

    PayloadRole = Qt.ItemDataRole.UserRole
    translate_headers = False

    def __init__(self, headers: Sequence[str], parent=None):
        super().__init__([Column(header, functools.partial(_cell, i), tooltip=functools.partial(_tip, i))
                          for i, header in enumerate(headers)], parent)

    def set_rows(self, rows: Sequence[Any], payloads: Sequence[Any] | None = None,
                 tooltips: Mapping[tuple[int, int], str] | None = None) -> None:
        """Replace every row: ``TextRow``s, or lists of cell texts with one payload each and tooltips by (row, column)."""
        given = list(payloads) if payloads is not None else [None] * len(rows)
        tips = tooltips or {}
        super().set_rows([row if isinstance(row, TextRow) else
                          TextRow(tuple(row), given[r], {c: t for (tr, c), t in tips.items() if tr == r})
                          for r, row in enumerate(rows)])

    def payload(self, row: int) -> Any:
        """The payload given for ``row``."""
        return self.row(row).payload

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.PayloadRole and index.isValid() and 0 <= index.row() < self.rowCount():
            return self.row(index.row()).payload
        return super().data(index, role)


def _cell(column: int, row: TextRow) -> str:
    return row.cells[column]


def _tip(column: int, row: TextRow) -> str:
    return row.tips.get(column, row.cells[column])
