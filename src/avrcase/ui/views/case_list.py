"""The case register: search-as-you-type, filters, and a paged table; an invitation when it is empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.codes import Vulnerability
from avrcase.domain.errors import AvrcaseError, PermissionDeniedError
from avrcase.i18n import _
from avrcase.i18n.format import format_date
from avrcase.services.dto import CaseQuery, Stage, UserRow
from avrcase.services.permissions import Permission, require
from avrcase.ui.models.case_table import COL_REGISTERED, COL_VULNERABLE, SORT_KEY_BY_COLUMN, CaseTableModel
from avrcase.ui.views.case_list_columns import CaseColumnFit
from avrcase.ui.ops import show_error
from avrcase.ui.widgets.combos import CountryCombo, UserCombo, VocabularyCombo
from avrcase.ui.widgets.filter_row import FilterRow
from avrcase.ui.widgets.header_fit import text_width, widen_to_headers

SEARCH_DELAY_MS = 250
#: A date whose text is as long as dates get (two-digit day, a long month name), to size date columns.
LONGEST_DATE = dt.date(2026, 9, 28)


class CaseListView(QWidget):
    """Lists cases page by page from the store; emits ``open_requested(case_id)`` on double-click or Enter."""

    open_requested = Signal(int)
    new_case_requested = Signal()
    load_demo_requested = Signal()

    def __init__(self, ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.model = CaseTableModel(ops, self)
        self._keeping_place = False  # a refresh puts the view back where it was (``refresh``)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name (any script), case number or document number"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self.stage_filter = VocabularyCombo(Stage, empty_text=_("All stages"))
        self.stage_filter.setToolTip(_("Show only cases at this stage"))
        self.counsellor_filter = UserCombo([], empty_text=_("All counsellors"))
        self.counsellor_filter.setToolTip(_("Show only the cases of this counsellor"))
        self.country_filter = CountryCombo(empty_text=_("All countries of return"))
        self.country_filter.setToolTip(_("Show only cases returning to this country"))
        self.vulnerability_filter = VocabularyCombo(Vulnerability, empty_text=_("With or without vulnerabilities"))
        self.vulnerability_filter.setToolTip(_("Show only cases with this vulnerability"))
        for combo in self._filter_combos():
            # Narrow at the least, so a small window still fits; the row shows the whole "all" entry where it can.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.filter_row = filters = FilterRow(self.search, self._filter_combos())

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (rows are chosen with the arrow keys)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never measures 100,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSortIndicator(COL_REGISTERED, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate((130, 200, 110, 130, 64, 150, 150, 110, 36)):
            self.table.setColumnWidth(column, width)
        # A date column shows the longest date whole ("Dec 28, 2026", not "Dec 4, 202").
        self.table.setColumnWidth(COL_REGISTERED, max(self.table.columnWidth(COL_REGISTERED),
                                                      text_width(self.table, format_date(LONGEST_DATE))))
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header.setSectionResizeMode(COL_VULNERABLE, QHeaderView.ResizeMode.Fixed)
        # The vulnerability mark beside the case number: in view on any window width, never scrolled off.
        header.moveSection(header.visualIndex(COL_VULNERABLE), 1)
        self.table.setSortingEnabled(True)
        widen_to_headers(self.table)  # no header is cut in a longer language, nor by the sort arrow
        # A narrow window narrows the columns (the name last) rather than scrolling the list sideways.
        self.column_fit = CaseColumnFit(self.table, self.model, format_date(LONGEST_DATE))
        self.column_fit.remember()

        self.no_match = QLabel(_("No case matches the search and filters."))
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.setVisible(False)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table)
        table_layout.addWidget(self.no_match)

        self.empty_panel = self._make_empty_panel()
        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(self.empty_panel)

        layout = QVBoxLayout(self)
        layout.addWidget(filters)
        layout.addWidget(self.pages, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        for combo in self._filter_combos():
            combo.currentIndexChanged.connect(self.apply_filters)
        # ``activated`` is Enter/Return, and a double-click (or a single one where the platform says so).
        self.table.activated.connect(self._on_table_activated)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)
        self.model.total_changed.connect(self._on_model_total_changed)
        self.model.modelReset.connect(self._select_first_row)
        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.model.rowsRemoved.connect(self._on_model_rows_removed)
        self.model.modelReset.connect(self.column_fit.fit)  # the case number's width is known once there are rows

    def _filter_combos(self):
        return (self.stage_filter, self.counsellor_filter, self.country_filter, self.vulnerability_filter)

    def _make_empty_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        self.empty_title = title = QLabel()
        self.empty_text = text = QLabel()
        text.setWordWrap(True)
        self.new_case_button = QPushButton(_("&Register the first case…"))
        self.load_demo_button = QPushButton(_("Load &demo data…"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_case_button)
        buttons.addWidget(self.load_demo_button)
        buttons.addStretch(1)
        for label in (title, text):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.new_case_button.clicked.connect(self.new_case_requested)
        self.load_demo_button.clicked.connect(self.load_demo_requested)
        return panel

    # ------------------------------------------------------------ state

    def current_query(self) -> CaseQuery:
        """The query the search box and filters describe (sorting kept from the model)."""
        return CaseQuery(
            search=self.search.text().strip(),
            stage=self.stage_filter.value(),
            counsellor_id=self.counsellor_filter.user_id(),
            country_of_return=self.country_filter.code(),
            vulnerability=self.vulnerability_filter.value(),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
        )

    def apply_filters(self) -> None:
        """Re-query with the search text and filters now entered."""
        self._search_timer.stop()
        try:
            self.model.set_query(self.current_query())
        except AvrcaseError as exc:
            show_error(self, exc)

    def refresh(self) -> None:
        """Re-query the store with the same filters (after a change elsewhere): the case at the top of the view stays
        there and the selected case stays selected; when it is gone, the row it was on is (when in view).

        The view jumped to the first row and the selection went with it (#14)."""
        selected, selected_row = self.current_case_id(), self.table.currentIndex().row()
        top, scrolled = self.table.rowAt(0), self.table.verticalScrollBar().value()
        self._keeping_place = True
        try:
            self.model.refresh(top=top if top > 0 else None)
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        finally:
            self._keeping_place = False
        self.table.doItemsLayout()  # the scroll bar's range for the rows now there
        self.table.verticalScrollBar().setValue(scrolled)
        shown = range(max(top, 0), self.table.rowAt(self.table.viewport().height() - 1) + 1 or self.model.rowCount())
        row = self.model.row_of_case(selected) if selected is not None else None
        if row is None and selected_row in shown and selected_row < self.model.rowCount():
            row = selected_row
        if row is not None:
            scrolling = self.table.hasAutoScroll()
            self.table.setAutoScroll(False)  # selected where it is: the view stays where it was
            try:
                self.table.selectRow(row)
            finally:
                self.table.setAutoScroll(scrolling)

    def select_case(self, case_id: int) -> bool:
        """Select the case's row if it is loaded; False when it is not in the list."""
        row = self.model.row_of_case(case_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def set_users(self, users: Sequence[UserRow]) -> None:
        """The staff offered in the counsellor filter."""
        self.counsellor_filter.set_users(users)

    def current_case_id(self) -> int | None:
        """The selected case, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.case_row(index.row()).id

    def focus_search(self) -> None:
        """Put the cursor in the search box, text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def header_state(self) -> QByteArray:
        """Column order and widths, to remember between sessions."""
        return self.column_fit.saved_state()

    def restore_header_state(self, state: QByteArray) -> None:
        """Put back remembered column order and widths."""
        if state:
            self.table.horizontalHeader().restoreState(state)
            # Remembered in another language (Russian "Люди" is narrower than Lithuanian "Asmenys"): never cut.
            self.model.set_header_texts({})
            widen_to_headers(self.table)
            self.column_fit.remember()
            self.column_fit.fit()

    # ------------------------------------------------------------ slots

    def _on_search_return_pressed(self) -> None:
        """Enter in the search box searches now and opens the selected case, or the first one found."""
        if self._search_timer.isActive() or self.current_query().search != self.model.query.search:
            self.apply_filters()
        if self.model.rowCount() == 0:
            return
        case_id = self.current_case_id()
        self.open_requested.emit(case_id if case_id is not None else self.model.case_row(0).id)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.case_row(index.row()).id)

    def _on_model_total_changed(self, total: int) -> None:
        query = self.model.query
        unfiltered = not (query.search or query.stage or query.counsellor_id or query.country_of_return
                          or query.vulnerability)
        allowed = self._ops.may(Permission.CASE_READ)
        self._explain_empty(allowed)
        self.pages.setCurrentWidget(self.empty_panel if total == 0 and (unfiltered or not allowed)
                                    else self.pages.widget(0))
        self.no_match.setVisible(total == 0 and not unfiltered)
        # A role without the case list (an administrator) is not offered a search and filters that find nothing.
        self.filter_row.setVisible(allowed)

    def _explain_empty(self, allowed: bool) -> None:
        """An empty store invites to register or load demo data; a role that may not see cases is told so."""
        if allowed:
            self.empty_title.setText(_("<h2>No cases yet</h2>"))
            self.empty_text.setText(_("Register the first case, or load synthetic demo data to try avrcase out."))
        else:
            self.empty_title.setText(_("<h2>No case list for your role</h2>"))
            try:
                require(self._ops.actor, Permission.CASE_READ)
            except PermissionDeniedError as refusal:  # the same words the service uses
                self.empty_text.setText(refusal.message)
        self.new_case_button.setVisible(allowed)
        self.load_demo_button.setVisible(allowed)

    def _on_header_sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in SORT_KEY_BY_COLUMN:
            # The store cannot sort by this column: put the indicator back on the order shown.
            query = self.model.query
            key_column = next(c for c, k in SORT_KEY_BY_COLUMN.items() if k == query.sort)
            order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            self.table.horizontalHeader().setSortIndicator(key_column, order)

    def _on_model_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._keep_top(first, last - first + 1)

    def _on_model_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._keep_top(first, -(last - first + 1))

    def _keep_top(self, first: int, by: int) -> None:
        """Rows inserted (removed) above the top of the view: it scrolls as many, so that the rows under the eyes stay
        there (a list read again from its top row learns later how many cases come before it, #14)."""
        bar = self.table.verticalScrollBar()
        per_item = self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
        top = bar.value() if per_item else bar.value() // max(1, self.table.verticalHeader().defaultSectionSize())
        if first < top or (by > 0 and first == top):
            moved = max(by, first - top)  # a removal reaching into the view moves it to the first row after
            bar.setValue(bar.value() + moved * (1 if per_item else self.table.verticalHeader().defaultSectionSize()))

    def _select_first_row(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid() and not self._keeping_place:
            self.table.selectRow(0)
