"""A short read-only table sized to its rows, for lists inside a scrolling page (a case file's tabs)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView


def compact_table(model: QAbstractItemModel) -> QTableView:
    """A row-selecting, read-only table over ``model``, its last column stretched, no scroll bar of its own."""
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
    return table


def fit_height(table: QTableView) -> None:
    """Size the table to its rows (at least one), so the page scrolls as one instead of tables in tables."""
    table.resizeColumnsToContents()
    rows = max(table.model().rowCount(), 1)
    table.setFixedHeight(table.horizontalHeader().height() + rows * table.verticalHeader().defaultSectionSize() + 4)
