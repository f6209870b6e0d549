"""A read-only, sortable table over a ``RowTableModel``, with the house look and the selected row's DTO."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from avrcase.ui.models.row_table import RowTableModel
from avrcase.ui.widgets.header_fit import header_width

#: The narrowest the stretched column gets while others can give way (in widths of "M").
STRETCHED_EMS = 12
#: The narrowest a column giving way gets (besides its header), in widths of "M": it wraps below that.
GIVE_WAY_EMS = 5


class KeyboardTable(QTableView):
    """A table whose rows are chosen with the keys: reached from the keyboard with nothing chosen, the line under
    the focus frame is chosen (a plan's one item showed the frame, yet "Record progress…" stayed grey, and on the
    Documents tab Preview and Print stayed grey until an arrow key was pressed)."""

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Tab, Shift+Tab or a shortcut into the list with nothing selected selects the current (or first) row."""
        super().focusInEvent(event)
        keyboard = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                                      Qt.FocusReason.ShortcutFocusReason)
        model = self.model()
        if keyboard and model is not None and not self.selectionModel().hasSelection() and model.rowCount() > 0:
            self.selectRow(max(self.currentIndex().row(), 0))


class ListTable(KeyboardTable):
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
        self.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator_changed)  # the arrow takes room

    def fit_to_contents(self, most: Mapping[int, int] | None = None, *, give_way: Sequence[int] = ()) -> None:
        """Each column as wide as its cells or its header, the stretched one taking the rest: a short method
        ("Cash at departure") no longer keeps the width of the longest, and the note beside it reads whole.
        ``most`` caps some columns (in pixels, never below the header): with ``wrap_rows`` they wrap instead.
        ``give_way`` columns narrow (wrapping) while the stretched one has less than its header or a few words:
        in Russian "Профессиональное обучение" and "В натуральной форме" left "Поддержка" 70 pixels, its header
        cut and "Sewing machine and overlocker" on four lines."""
        self._fitted = (dict(most or {}), tuple(give_way))
        header = self.horizontalHeader()
        for column in range(header.count()):
            if header.sectionResizeMode(column) is not QHeaderView.ResizeMode.Stretch:
                width = self.sizeHintForColumn(column)
                if most and column in most:
                    width = min(width, most[column])
                # Its header's width, the sort arrow's room only where it is drawn: Qt's own hint keeps that room in
                # every column, and in Russian the case file's composite score was behind a horizontal scroll bar.
                header.resizeSection(column, max(width, header_width(header, column)))
        if give_way:
            self._make_room(give_way)

    def _on_sort_indicator_changed(self, *_args) -> None:
        fitted = getattr(self, "_fitted", None)
        if fitted is not None:
            self.fit_to_contents(fitted[0], give_way=fitted[1])
            self.updateGeometry()  # a table sized to its columns asks for its new width

    def _make_room(self, give_way: Sequence[int]) -> None:
        header = self.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        stretched = [c for c in shown if header.sectionResizeMode(c) is QHeaderView.ResizeMode.Stretch]
        if len(stretched) != 1 or self.viewport().width() <= 0:
            return
        em = self.fontMetrics().horizontalAdvance("M")
        sorting = self.isSortingEnabled()
        floor = max(STRETCHED_EMS * em, header_width(header, stretched[0], any_sorted=sorting))
        excess = sum(header.sectionSize(c) for c in shown if c != stretched[0]) + floor - self.viewport().width()
        # Those giving way keep their headers, with the arrow's room only where it is drawn (as in fit_to_contents).
        spare = {c: header.sectionSize(c) - max(GIVE_WAY_EMS * em, header_width(header, c))
                 for c in give_way if c in shown}
        spare = {c: room for c, room in spare.items() if room > 0}
        room = sum(spare.values())
        if excess <= 0 or room <= 0:
            return
        taken = min(excess, room)
        cuts = {column: taken * own // room for column, own in spare.items()}
        for column in sorted(spare, key=spare.__getitem__, reverse=True)[:taken - sum(cuts.values())]:
            cuts[column] += 1  # the pixels rounding left over: "Support" was a pixel short of its least
        for column, cut in cuts.items():
            header.resizeSection(column, header.sectionSize(column) - cut)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Fitted columns are fitted again to the new width (a tab first laid out while hidden had none)."""
        super().resizeEvent(event)
        fitted = getattr(self, "_fitted", None)
        if fitted is not None and fitted[1]:
            self.fit_to_contents(fitted[0], give_way=fitted[1])

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
