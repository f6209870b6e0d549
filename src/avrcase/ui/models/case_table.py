"""The case list as a Qt model: a window of ``CaseRow``s paged from SQL, sorted and filtered in SQL."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from avrcase.i18n import N_, _
from avrcase.i18n.format import country_name, format_date, format_number
from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery, CaseRow
from avrcase.services.permissions import Permission

Index = QModelIndex | QPersistentModelIndex

COL_NUMBER, COL_PRINCIPAL, COL_CITIZENSHIP, COL_RETURN, COL_HOUSEHOLD, COL_STAGE, COL_COUNSELLOR, \
    COL_REGISTERED, COL_VULNERABLE = range(9)

_HEADERS = {
    COL_NUMBER: N_("Case number"),
    COL_PRINCIPAL: N_("Principal applicant"),
    COL_CITIZENSHIP: N_("Citizenship"),
    COL_RETURN: N_("Country of return"),
    COL_HOUSEHOLD: N_("Persons"),
    COL_STAGE: N_("Stage"),
    COL_COUNSELLOR: N_("Counsellor"),
    COL_REGISTERED: N_("Registered on"),
    COL_VULNERABLE: N_("Vulnerable"),
}
#: Columns the store can sort by; the vulnerability marker has no SQL sort key.
SORT_KEY_BY_COLUMN = {
    COL_NUMBER: "case_number",
    COL_PRINCIPAL: "principal_name",
    COL_CITIZENSHIP: "citizenship",
    COL_RETURN: "country_of_return",
    COL_HOUSEHOLD: "household_size",
    COL_STAGE: "stage",
    COL_COUNSELLOR: "counsellor",
    COL_REGISTERED: "registered_on",
}
assert set(SORT_KEY_BY_COLUMN.values()) <= set(cases.SORT_KEYS)
VULNERABLE_MARK = "⚠"


class CaseTableModel(QAbstractTableModel):
    """Holds only the loaded rows; ``fetchMore`` asks the store for the next page of ``page_size``."""

    SortRole = Qt.ItemDataRole.UserRole + 1
    CaseIdRole = Qt.ItemDataRole.UserRole + 2

    total_changed = Signal(int)

    def __init__(self, ops, parent=None, *, page_size: int = 200):
        super().__init__(parent)
        self._ops = ops
        self._page_size = page_size
        self._query = CaseQuery(limit=page_size)
        self._rows: list[CaseRow] = []
        self._total = 0
        self._capped = False

    # ------------------------------------------------------------ querying

    @property
    def query(self) -> CaseQuery:
        """The filters and sort order now shown."""
        return self._query

    @property
    def total(self) -> int:
        """How many cases match the query in the store (not just the loaded rows)."""
        return self._total

    @property
    def total_capped(self) -> bool:
        """True when the count stopped at ``SHORT_SEARCH_COUNT_CAP`` (more cases match; shown as "200+")."""
        return self._capped

    def set_query(self, query: CaseQuery) -> None:
        """Show the cases matching ``query`` from its first page."""
        self._query = dataclasses.replace(query, offset=0, limit=self._page_size)
        self.refresh()

    def refresh(self) -> None:
        """Re-query the store, keeping as many rows loaded as before (at least one page)."""
        wanted = max(len(self._rows), self._page_size)
        # Read first: if the store fails, the model keeps showing what it had.
        if self._ops.may(Permission.CASE_READ):
            # A one- or two-letter word matches much of the store and no index serves it: count up to a cap.
            cap = cases.SHORT_SEARCH_COUNT_CAP if cases.is_short_search(self._query) else None
            total = self._ops.read(cases.count_cases, self._query, cap=cap)
            self._capped = cap is not None and total > cap
            rows = self._ops.read(cases.list_cases, dataclasses.replace(self._query, offset=0, limit=wanted))
        else:  # an administrator's window: no case list
            total, rows, self._capped = 0, [], False
        self.beginResetModel()
        self._total, self._rows = total, rows
        self.endResetModel()
        self.total_changed.emit(self._total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and (len(self._rows) < self._total or self._capped)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        last = self._rows[-1].sort_key if self._rows else None
        # Key set where the service offers one (no search): page 500 costs what page 1 costs.
        next_page = (dataclasses.replace(self._query, offset=0, after=last) if last is not None
                     else dataclasses.replace(self._query, offset=len(self._rows)))
        page = self._ops.read(cases.list_cases, next_page)
        if not page:
            # Cases were removed meanwhile (or a capped count ran out): stop asking until the next refresh.
            self._total, self._capped = len(self._rows), False
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
        if self._capped:
            if len(page) < self._page_size:
                self._capped = False
            self._total = len(self._rows) if not self._capped else max(self._total, len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEY_BY_COLUMN.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._query.sort, self._query.descending) and self._rows:
            return
        self._query = dataclasses.replace(self._query, sort=key, descending=descending)
        self.refresh()

    # ------------------------------------------------------------ reading

    def case_row(self, row: int) -> CaseRow:
        """The loaded row DTO."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(_HEADERS[section]) if section != COL_VULNERABLE else VULNERABLE_MARK
            if role == Qt.ItemDataRole.ToolTipRole:
                return _(_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == self.SortRole:
            return self._raw(row, column)
        if role == self.CaseIdRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_VULNERABLE and row.vulnerable:
            return _("The case has vulnerabilities; see the case file.")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_HOUSEHOLD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_VULNERABLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _display(row: CaseRow, column: int) -> str:
        return (row.case_number, row.principal_name, country_name(row.citizenship),
                country_name(row.country_of_return), format_number(row.household_size), row.stage.label,
                row.counsellor_name, format_date(row.registered_on),
                VULNERABLE_MARK if row.vulnerable else "")[column]

    @staticmethod
    def _raw(row: CaseRow, column: int) -> Any:
        return (row.case_number, row.principal_name, row.citizenship, row.country_of_return, row.household_size,
                row.stage.value, row.counsellor_name, row.registered_on.isoformat(), row.vulnerable)[column]
