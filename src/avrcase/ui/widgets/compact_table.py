"""A short read-only table sized to its rows, for lists inside a scrolling page (a case file's tabs)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from avrcase.ui.widgets.header_fit import give_way, header_width

#: The narrowest a give-way column gets, in widths of "M".
LEAST_EMS = 6


def compact_table(model: QAbstractItemModel, *, give_way: Sequence[int] = ()) -> QTableView:
    """A row-selecting, read-only table over ``model``, its last column stretched, no scroll bar of its own;
    the ``give_way`` columns narrow (elided) where the last one would otherwise be narrower than its header."""
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the list (rows are chosen with the arrow keys)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if give_way:
        table.viewport().installEventFilter(LastHeaderRoom(table, give_way))
    return table


def fit_height(table: QTableView) -> None:
    """Size the table to its rows (at least one), so the page scrolls as one instead of tables in tables."""
    table.resizeColumnsToContents()
    room = table.findChild(LastHeaderRoom)
    if room is not None:
        room.fit()
    rows = max(table.model().rowCount(), 1)
    table.setFixedHeight(table.horizontalHeader().height() + rows * table.verticalHeader().defaultSectionSize() + 4)


class LastHeaderRoom(QObject):
    """Keeps the stretched last column at least as wide as its header: in Russian at 1024 pixels the itinerary's
    "Стоимость билета" read "тоимость билета" while "Воздушный транспорт" kept its whole width."""

    def __init__(self, table: QTableView, columns: Sequence[int]):
        super().__init__(table)
        self._table, self._columns = table, tuple(columns)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """The give-way columns as wide as their cells, narrowed as much as the last header needs."""
        table = self._table
        header = table.horizontalHeader()
        last = header.count() - 1
        if last < 0 or table.viewport().width() <= 0:
            return
        # As ``resizeColumnsToContents`` sizes them (a resized window gets them back), narrowed only where needed.
        widths = {c: max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in self._columns if c < last}
        for column, width in widths.items():
            header.resizeSection(column, width)
        others = sum(header.sectionSize(c) for c in range(last) if not header.isSectionHidden(c))
        excess = others + header_width(header, last) - table.viewport().width()
        if excess > 0:
            em = table.fontMetrics().horizontalAdvance("M")
            floors = {c: max(LEAST_EMS * em, header_width(header, c)) for c in widths}
            for column, width in give_way(widths, floors, excess).items():
                header.resizeSection(column, width)
