"""The case list as a Qt model: a window of ``CaseRow``s paged from SQL, sorted and filtered in SQL."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import N_, _
from avrcase.services.cases import search as cases  # the list's reads; not register's name rules (#14)
from avrcase.ui.models.case_pages import RAW, SHOWN, VULNERABLE_MARK
from avrcase.ui.models.case_paging import MAX_PAGES, Index, PagedCaseModel
from avrcase.ui.models.case_paging import READ_AHEAD_MS as READ_AHEAD_MS  # (tests wait for it)

log = logging.getLogger(__name__)

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


#: The roles ``CaseTableModel.data`` answers.
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                             Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2})
#: Columns whose text a narrow window elides (the whole of it in the tooltip).
ELIDED_COLUMNS = (COL_CITIZENSHIP, COL_RETURN, COL_STAGE, COL_COUNSELLOR)


class CaseTableModel(PagedCaseModel):
    """The case list's columns over its pages of rows (``PagedCaseModel``)."""

    SortRole = Qt.ItemDataRole.UserRole + 1
    CaseIdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, ops, parent=None, *, page_size: int = 200, max_pages: int = MAX_PAGES):
        super().__init__(ops, parent, page_size=page_size, max_pages=max_pages)
        self._header_texts: dict[int, str] = {}

    def set_header_texts(self, texts: dict[int, str]) -> None:
        """Headers shown otherwise than whole on one line (on two lines, cut short, in a narrow window); the
        tooltips keep them whole."""
        if texts != self._header_texts:
            self._header_texts = dict(texts)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HEADERS) - 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEY_BY_COLUMN.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        # The order shown already, or the view's first sort before anything was read (the list's first read
        # follows: it is not read twice when the window is built, #14).
        if (key, descending) == (self._query.sort, self._query.descending) and (self._count or not self._read_once):
            return
        self._query = dataclasses.replace(self._query, sort=key, descending=descending)
        # From the new order's first page: its rows deep down were read by position when dragged to (284 ms, #14).
        self._count = 0
        self.refresh()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                if section == COL_VULNERABLE:
                    return VULNERABLE_MARK
                return self._header_texts.get(section, _(_HEADERS[section]))
            if role == Qt.ItemDataRole.ToolTipRole:
                return _(_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks each cell painted for seven roles or more (font, colours, decoration, check state…) and this
        # model answers five: the others are turned away before the page is looked up (#14).
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        if not 0 <= index.row() < self._count or self._moving:
            return None
        number, at = self._grid.locate(index.row())
        try:
            page = self._page(number, may_shift=False)
        except AvrcaseError as exc:  # a page read while painting: the row stays empty, the painting goes on
            log.warning("a page of the case list could not be read: %s", type(exc).__name__)
            return None
        if at >= len(page.id):  # cases removed since the count
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return SHOWN[column](page, at)
        if role == self.SortRole:
            return RAW[column](page, at)
        if role == self.CaseIdRole:
            return page.id[at]
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_PRINCIPAL:  # the whole name (or damage) when cut short
            return page.principal_name[at]
        if role == Qt.ItemDataRole.ToolTipRole and column in ELIDED_COLUMNS:  # whole where a narrow window cut it
            return SHOWN[column](page, at)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_VULNERABLE and page.vulnerable[at]:
            return _("The case has vulnerabilities; see the case file.")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_HOUSEHOLD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_VULNERABLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
