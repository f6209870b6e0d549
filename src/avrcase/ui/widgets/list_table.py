"""A read-only, sortable table over a ``RowTableModel``, with the house look and the selected row's DTO."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from avrcase.ui.models.row_table import RowTableModel


class ListTable(QTableView):
    """Shows ``model`` sorted by clicking a header (by raw values); ``selected()`` is the chosen DTO."""

    def __init__(self, model: RowTableModel, parent: QWidget | None = None, *,
                 widths: Sequence[int] = (), stretch: int | None = None, sortable: bool = True):
        super().__init__(parent)
        self.source = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(RowTableModel.SortRole)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Rows are chosen with the arrow keys; Tab leaves the list (moving cell by cell it never left it).
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(sortable)
        if sortable:
            self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order until a header is clicked
        self.horizontalHeader().setHighlightSections(False)
        for column, width in enumerate(widths):
            if width:  # never narrower than the header: a longer translation must not be cut off
                self.setColumnWidth(column, max(width, self.horizontalHeader().sectionSizeHint(column)))
        if stretch is not None:
            self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def fit_to_contents(self, most: Mapping[int, int] | None = None) -> None:
        """Each column as wide as its cells or its header, the stretched one taking the rest: a short method
        ("Cash at departure") no longer keeps the width of the longest, and the note beside it reads whole.
        ``most`` caps some columns (in pixels, never below the header): with ``wrap_rows`` they wrap instead."""
        header = self.horizontalHeader()
        for column in range(header.count()):
            if header.sectionResizeMode(column) is not QHeaderView.ResizeMode.Stretch:
                width = self.sizeHintForColumn(column)
                if most and column in most:
                    width = min(width, most[column])
                header.resizeSection(column, max(width, header.sectionSizeHint(column)))

    def wrap_rows(self) -> None:
        """Long cells wrap onto more lines, each row as tall as its text, instead of ending in "…" (for short
        lists: every row is measured)."""
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def selected_source_row(self) -> int | None:
        """The model row of the selected line, or None when nothing is selected."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.mapToSource(rows[0]).row()

    def selected(self):
        """The DTO of the selected line, or None."""
        row = self.selected_source_row()
        return self.source.row(row) if row is not None else None

    def select_where(self, predicate) -> bool:
        """Select the first line whose DTO satisfies ``predicate``; False when there is none."""
        for row in range(self.source.rowCount()):
            if predicate(self.source.row(row)):
                self.selectRow(self.proxy.mapFromSource(self.source.index(row, 0)).row())
                return True
        return False
