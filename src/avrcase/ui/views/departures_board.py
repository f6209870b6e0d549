"""The departures board: booked departures of a period, earliest first, with what each case still lacks.

Ready cases stand out (green, "✓ Ready to fly"); the others name what is missing. Double-click (or
"Open case") opens the case file; the board re-reads the store after every change on the bus.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError, PermissionDeniedError, ValidationError
from avrcase.i18n import _, ngettext, pgettext
from avrcase.services.travel import departures
from avrcase.ui.change_bus import CASES, ChangeBus
from avrcase.ui.models.departures_table import (
    COL_FINAL,
    COL_FLIGHT,
    COL_PERSON,
    COL_READY,
    COL_ROUTE,
    DeparturesTableModel,
)
from avrcase.ui.models.travel_text import DONE_SIGN, L_READY_TO_FLY
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.date_edit import make_date_edit
from avrcase.ui.widgets.error_label import ErrorLabel
from avrcase.ui.widgets.header_fit import header_width, text_width
from avrcase.ui.widgets.list_table import KeyboardTable

#: The board shows this many days from today unless the officer chooses another period.
DEFAULT_DAYS = 30
#: Columns that give up width (their text is elided, the whole of it is the tooltip) so that "Ready" (what is
#: missing) stays in view on a narrow window or with longer headers (Lithuanian).
_SHRINKABLE = (COL_FINAL, COL_FLIGHT, COL_ROUTE, COL_PERSON)  # the name last: officers find a case by it
#: Narrowest a shrinkable column becomes, and the least "Ready" keeps for what is missing, in text widths of "M".
_MIN_EMS = 6
_READY_EMS = 12
#: Columns elided in the middle: a name keeps its family name's start and its given name ("TSIKL…Nino"), a route
#: its first and last airport ("VNO → … → TBS").
_ELIDED_IN_THE_MIDDLE = (COL_PERSON, COL_ROUTE)


class _MiddleElision(QStyledItemDelegate):
    """Draws a cell too narrow for its text with the dots in the middle (the whole text is the tooltip)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class _NotReadyFilter(QSortFilterProxyModel):
    """Sorts by the model's raw values and, when asked, hides the cases that are ready."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.only_not_ready = False
        self.setSortRole(DeparturesTableModel.SortRole)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        model = self.sourceModel()
        return not (self.only_not_ready and model.departure(source_row).ready)


class DeparturesBoardView(QWidget):
    """Who leaves when, and whether they are ready; ``open_requested(case_id)`` opens a case file."""

    open_requested = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        today = ops.today()
        self.model = DeparturesTableModel(self)
        self.proxy = _NotReadyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.title = QLabel()
        self.date_from = make_date_edit(value=today)
        self.date_to = make_date_edit(value=today + dt.timedelta(days=DEFAULT_DAYS))
        self.only_not_ready = QCheckBox(_("Only cases not ready"))
        self.error = ErrorLabel()
        self.open_button = QPushButton(_("&Open case"))
        self.table = KeyboardTable()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (rows are chosen with the arrow keys)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_READY, QHeaderView.ResizeMode.Stretch)
        self._middle = _MiddleElision(self.table)
        for column in _ELIDED_IN_THE_MIDDLE:
            self.table.setItemDelegateForColumn(column, self._middle)

        period = QHBoxLayout()
        period.addWidget(QLabel(pgettext("period", "From:")))
        period.addWidget(self.date_from)
        period.addWidget(QLabel(_("to:")))
        period.addWidget(self.date_to)
        period.addSpacing(12)
        period.addWidget(self.only_not_ready)
        period.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(period)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.date_from.dateChanged.connect(self.refresh)
        self.date_to.dateChanged.connect(self.refresh)
        self.only_not_ready.toggled.connect(self._on_only_not_ready_toggled)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.table.activated.connect(self._on_table_double_clicked)  # Enter too, as in the case list
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.fit_columns)  # the arrow takes room
        bus.data_changed.connect(self._on_bus_data_changed)
        # Not loaded here: the board is built on first show (it reads every departure of the month,
        # which should not delay the main window; see issue #14).

    def refresh(self, *_args) -> None:
        """Ask the store again for the departures of the chosen period."""
        self.error.clear_message()
        try:
            rows = self._ops.read(departures.list_departures, self.date_from.date().toPython(),
                                  self.date_to.date().toPython())
        except (ValidationError, PermissionDeniedError) as exc:
            rows = []
            self.error.show_message(exc.message)
        except AvrcaseError as exc:
            show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.fit_columns()
        count, ready = self.model.rowCount(), self.model.ready_count()
        text = ngettext("%(n)d departure", "%(n)d departures", count) % {"n": count}
        if count:
            text += " — " + ngettext("%(n)d ready to fly", "%(n)d ready to fly", ready) % {"n": ready}
        self.title.setText(f"<b>{escape(text)}</b>")
        self._update_buttons()

    def fit_columns(self, *_args) -> None:
        """Size the columns to their contents, then narrow the places (the names last) until "Ready" has room to say
        what is missing."""
        header = self.table.horizontalHeader()
        # Each column as wide as its cells or its header, the sort arrow's room only where it is drawn (Qt's
        # resizeColumnsToContents reserves it in every column: at 1024 px "Ready" was pushed out of view).
        for column in range(self.model.columnCount()):
            header.resizeSection(column, max(self.table.sizeHintForColumn(column), header_width(header, column)))
        em = self.table.fontMetrics().horizontalAdvance("M")
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount()) if c != COL_READY)
        excess = others + self._ready_least(em) - self.table.viewport().width()
        for column in _SHRINKABLE:
            if excess <= 0:
                break
            width = header.sectionSize(column)
            narrower = max(_MIN_EMS * em, header_width(header, column), width - excess)
            header.resizeSection(column, narrower)
            excess -= width - narrower
        # "Ready" takes the rest, but never less than its header and "✓ Ready to fly": rather a horizontal scroll
        # bar than a cut title (a longer language on a small screen).
        least = max(header_width(header, COL_READY), self._ready_whole())
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount()) if c != COL_READY)
        if others + least > self.table.viewport().width():
            header.setSectionResizeMode(COL_READY, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(COL_READY, max(least, header.sectionSize(COL_READY)))
        else:
            header.setSectionResizeMode(COL_READY, QHeaderView.ResizeMode.Stretch)

    def _ready_whole(self) -> int:
        """The width "✓ Ready to fly" needs, in the bold it is drawn in."""
        text = f"{DONE_SIGN} {_(L_READY_TO_FLY)}"
        bold = QFont(self.table.font())
        bold.setBold(True)
        extra = QFontMetrics(bold).horizontalAdvance(text) - self.table.fontMetrics().horizontalAdvance(text)
        return text_width(self.table, text) + extra

    def _ready_least(self, em: int) -> int:
        """The room "Ready" keeps before the names give up theirs: "✓ Ready to fly", or a start of what is missing."""
        return max(self._ready_whole(), _READY_EMS * em, header_width(self.table.horizontalHeader(), COL_READY))

    def case_id_at(self, row: int) -> int:
        """The case shown in ``row`` of the table (as sorted and filtered)."""
        return self.model.departure(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).case_id

    def _update_buttons(self, *_args) -> None:
        self.open_button.setEnabled(self.table.selectionModel().hasSelection())

    def _on_only_not_ready_toggled(self, checked: bool) -> None:
        self.proxy.only_not_ready = checked
        self.proxy.invalidate()

    def _on_open_button_clicked(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_requested.emit(self.case_id_at(index.row()))

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.case_id_at(index.row()))

    def _on_bus_data_changed(self, kind: str, _ids: list) -> None:
        if kind == CASES and self.isVisible():  # a hidden board reloads when shown
            self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        # The acting user or the day may have changed while another page was shown.
        self.refresh()
        super().showEvent(event)
