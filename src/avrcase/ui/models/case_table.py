"""The case list as a Qt model: a window of ``CaseRow``s paged from SQL, sorted and filtered in SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import operator
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import N_, _
from avrcase.i18n.format import country_name, format_date, format_number
from avrcase.services.cases import search as cases  # the list's reads; not register's name rules (#14)
from avrcase.services.dto import CaseQuery, CaseRow, Stage
from avrcase.services.permissions import Permission

Index = QModelIndex | QPersistentModelIndex
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
VULNERABLE_MARK = "⚠"


class _Page(NamedTuple):
    """A page of the list as one tuple per ``CaseRow`` field (``sort_key``: the sort values alone, or ``None`` where
    the page has no key set).

    Two hundred ``CaseRow``s and their key tuples were 400 objects the cyclic collector tracks, and a page let go
    freed as many old ones: the collector's count of new objects stood still while its youngest generation grew by
    400 a page, so when a collection came at last it walked 21,000 objects inside one page scrolled: the list's
    worst pages (#14). A page is now a dozen tuples of strings, numbers and dates.
    """

    id: tuple[int, ...]
    case_number: tuple[str, ...]
    stage: tuple[Stage, ...]
    principal_name: tuple[str, ...]
    citizenship: tuple[str, ...]
    country_of_return: tuple[str, ...]
    household_size: tuple[int, ...]
    registered_on: tuple[dt.date, ...]
    counsellor_name: tuple[str, ...]
    vulnerable: tuple[bool, ...]
    sort_key: tuple[Any, ...] | None

    def row(self, at: int) -> CaseRow:
        """The ``CaseRow`` of the page's row ``at``."""
        keys = self.sort_key
        return CaseRow(self.id[at], self.case_number[at], self.stage[at], self.principal_name[at], self.citizenship[at],
                       self.country_of_return[at], self.household_size[at], self.registered_on[at],
                       self.counsellor_name[at], self.vulnerable[at], None if keys is None else (keys[at], self.id[at]))

    def last_key(self) -> tuple[Any, int] | None:
        """The key set the next page starts after (``None``: paged by position)."""
        return None if self.sort_key is None or not self.id else (self.sort_key[-1], self.id[-1])

    def index_of(self, case_id: int) -> int | None:
        """Where the case is in the page, if it is."""
        return self.id.index(case_id) if case_id in self.id else None


assert tuple(field.name for field in dataclasses.fields(CaseRow)) == _Page._fields
_EMPTY = _Page((), (), (), (), (), (), (), (), (), (), None)
#: A row's fields but its key set, as one tuple (turned into columns by ``zip``).
_FIELDS = operator.attrgetter(*_Page._fields[:-1])


def _page_of(rows: Sequence[CaseRow]) -> _Page:
    """The page of ``rows`` as columns."""
    if not rows:
        return _EMPTY
    keys = [row.sort_key for row in rows]
    return _Page(*zip(*map(_FIELDS, rows)),  # type: ignore[call-arg]
                 None if None in keys else tuple(key[0] for key in keys))  # type: ignore[index]


#: A cell's text, column by column (the page, the row in it): a cell asked for formats only its own value (it
#: formatted the whole row's countries, number and date for each cell, nine times a row at every paint; #14).
_SHOWN: tuple[Callable[[_Page, int], str], ...] = (
    lambda page, at: page.case_number[at],
    lambda page, at: page.principal_name[at],
    lambda page, at: country_name(page.citizenship[at]),
    lambda page, at: country_name(page.country_of_return[at]),
    lambda page, at: format_number(page.household_size[at]),
    lambda page, at: page.stage[at].label,
    lambda page, at: page.counsellor_name[at],
    lambda page, at: format_date(page.registered_on[at]),
    lambda page, at: VULNERABLE_MARK if page.vulnerable[at] else "",
)
#: The roles ``CaseTableModel.data`` answers.
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                             Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2})
#: A cell's raw value (the sort role), column by column.
_RAW: tuple[Callable[[_Page, int], Any], ...] = (
    lambda page, at: page.case_number[at],
    lambda page, at: page.principal_name[at],
    lambda page, at: page.citizenship[at],
    lambda page, at: page.country_of_return[at],
    lambda page, at: page.household_size[at],
    lambda page, at: page.stage[at].value,
    lambda page, at: page.counsellor_name[at],
    lambda page, at: page.registered_on[at].isoformat(),
    lambda page, at: page.vulnerable[at],
)
#: Columns whose text a narrow window elides (the whole of it in the tooltip).
ELIDED_COLUMNS = (COL_CITIZENSHIP, COL_RETURN, COL_STAGE, COL_COUNSELLOR)


#: How long the list stands still after it was read before the next page is read ahead (once the window is up;
#: a keystroke or a sort within it puts it off).
READ_AHEAD_MS = 400
#: Pages of rows the list keeps in memory at most; the least recently read go first and are read again when
#: shown. Scrolling to the end of 100,000 cases holds 10,000 rows at most, not 100,000 (#14).
MAX_PAGES = 50


class CaseTableModel(QAbstractTableModel):
    """A window of pages of ``CaseRow``s: ``fetchMore`` asks the store for the next page of ``page_size``, at
    most ``max_pages`` pages stay in memory, and a page let go is read again (by key set where it can) when
    the view shows one of its rows."""

    SortRole = Qt.ItemDataRole.UserRole + 1
    CaseIdRole = Qt.ItemDataRole.UserRole + 2

    total_changed = Signal(int)

    def __init__(self, ops, parent=None, *, page_size: int = 200, max_pages: int = MAX_PAGES):
        super().__init__(parent)
        self._ops = ops
        self._page_size = page_size
        self._max_pages = max(2, max_pages)
        self._query = CaseQuery(limit=page_size)
        self._pages: OrderedDict[int, _Page] = OrderedDict()  # page number → its rows, least recent first
        self._starts: dict[int, tuple[Any, int]] = {}  # page number → the key set it starts after (when known)
        self._count = 0  # rows in the list so far (fetched, whether kept in memory or not)
        self._total = 0
        self._capped = False
        self._read_once = False  # the store was asked at least once (refresh)
        self._header_texts: dict[int, str] = {}
        self._read_ahead = QTimer(self)
        self._read_ahead.setSingleShot(True)
        self._read_ahead.setInterval(READ_AHEAD_MS)
        self._read_ahead.timeout.connect(self._on_read_ahead_timeout)
        self._read_ahead_for: set[CaseQuery] = set()  # the queries whose second page was read ahead once

    def set_header_texts(self, texts: dict[int, str]) -> None:
        """Headers shown otherwise than whole on one line (on two lines, cut short, in a narrow window); the
        tooltips keep them whole."""
        if texts != self._header_texts:
            self._header_texts = dict(texts)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HEADERS) - 1)

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
        """True when the count stopped at ``count_cap`` (more cases match; shown as "200+")."""
        return self._capped

    @property
    def count_cap(self) -> int | None:
        """Where the count of the query shown stops (``cases.count_cap``)."""
        return cases.count_cap(self._query)

    @property
    def rows_in_memory(self) -> int:
        """How many rows the model holds now (at most ``max_pages`` pages)."""
        return sum(len(page.id) for page in self._pages.values())

    def set_query(self, query: CaseQuery) -> None:
        """Show the cases matching ``query`` from its first page."""
        self._query = dataclasses.replace(query, offset=0, limit=self._page_size)
        self._count = 0
        self.refresh()

    def refresh(self) -> None:
        """Re-query the store, keeping as many rows in the list as before (at least one page).

        Only the first page is read now; the others are read when shown, by position (the rows may have moved
        since), and by key set again once the page before has been read.
        """
        wanted = max(self._count, self._page_size)
        pages: list[_Page] = []
        # Read first: if the store fails, the model keeps showing what it had.
        if self._ops.may(Permission.CASE_READ):
            # One read for the count and the first page (the search words are looked up once). A search counts
            # up to a cap ("200+" for one or two letters, "2,000+" for others): past it the number only says the
            # word is common. A capped count does not say how many rows there are: those shown before are read
            # at once.
            listing = self._ops.read(cases.list_with_count, self._query, wanted=wanted)
            total, capped, rows = listing.total, listing.capped, listing.rows
            pages = [_page_of(rows[i:i + self._page_size]) for i in range(0, len(rows), self._page_size)] or [_EMPTY]
            count = len(rows) if capped else min(wanted, total)
        else:  # an administrator's window: no case list
            total, capped, count = 0, False, 0
        self.beginResetModel()
        self._read_once = True
        self._total, self._capped, self._count = total, capped, count
        self._pages.clear()
        self._starts.clear()
        for number, page in enumerate(pages):
            self._keep(number, page)
        self.endResetModel()
        self.total_changed.emit(self._total)
        # Once a query (its statement is then cached): after a change the first scroll reads its page as any other.
        if (self.canFetchMore() and self._count // self._page_size in self._starts  # paged by key set: no search
                and self._query not in self._read_ahead_for):
            self._read_ahead.start()
        else:
            self._read_ahead.stop()

    def _on_read_ahead_timeout(self) -> None:
        """Read the page the first scroll shows, while the person looks at the first.

        The first page after a key set is a statement of its own (the first page is read with the count), and its
        first reading in a sort order made it and cached it: 2-3 ms more than any later page, the list's worst page
        on SQLite (#14). Every later page of the order is that same statement.
        """
        if not self.canFetchMore() or self._count % self._page_size:
            return
        self._read_ahead_for.add(self._query)
        try:
            self._page(self._count // self._page_size)
        except AvrcaseError as exc:  # read again when scrolled to (and said then, if it fails again)
            log.warning("the next page of the case list could not be read ahead: %s", type(exc).__name__)

    def _keep(self, number: int, page: _Page) -> None:
        self._pages[number] = page
        self._pages.move_to_end(number)
        start = page.last_key()
        if start is not None:
            self._starts[number + 1] = start
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)

    def _page(self, number: int) -> _Page:
        """The rows of page ``number``, read from the store unless kept."""
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        start = self._starts.get(number)
        # Key set where the service offers one (no search) and the page before was read: page 500 costs what
        # page 1 costs. Otherwise by position.
        query = (dataclasses.replace(self._query, offset=0, after=start) if start is not None or number == 0
                 else dataclasses.replace(self._query, offset=number * self._page_size))
        page = _page_of(self._ops.read_page(cases.list_cases, query))
        self._keep(number, page)
        return page

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and (self._count < self._total or self._capped)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        number = self._count // self._page_size
        if self._count % self._page_size:  # the last page was short: read it again (a whole one is read ahead)
            self._pages.pop(number, None)
        page = self._page(number)
        end = number * self._page_size + len(page.id)
        if end <= self._count:
            # Cases were removed meanwhile (or a capped count ran out): stop asking until the next refresh.
            self._total, self._capped = self._count, False
            return
        self.beginInsertRows(QModelIndex(), self._count, end - 1)
        self._count = end
        self.endInsertRows()
        if self._capped:
            if len(page.id) < self._page_size:
                self._capped = False
            self._total = self._count if not self._capped else max(self._total, self._count)

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
        self.refresh()

    # ------------------------------------------------------------ reading

    def case_row(self, row: int) -> CaseRow:
        """The row's DTO (its page read again if it was let go)."""
        return self._page(row // self._page_size).row(row % self._page_size)

    def row_of_case(self, case_id: int) -> int | None:
        """The list row of the case, if its page is in memory (the page shown is)."""
        for number, page in self._pages.items():
            at = page.index_of(case_id)
            if at is not None:
                return number * self._page_size + at
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

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
        number, at = divmod(index.row(), self._page_size)
        if not 0 <= index.row() < self._count:
            return None
        try:
            page = self._page(number)
        except AvrcaseError as exc:  # a page read while painting: the row stays empty, the painting goes on
            log.warning("a page of the case list could not be read: %s", type(exc).__name__)
            return None
        if at >= len(page.id):  # cases removed since the count
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _SHOWN[column](page, at)
        if role == self.SortRole:
            return _RAW[column](page, at)
        if role == self.CaseIdRole:
            return page.id[at]
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_PRINCIPAL:  # the whole name (or damage) when cut short
            return page.principal_name[at]
        if role == Qt.ItemDataRole.ToolTipRole and column in ELIDED_COLUMNS:  # whole where a narrow window cut it
            return _SHOWN[column](page, at)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_VULNERABLE and page.vulnerable[at]:
            return _("The case has vulnerabilities; see the case file.")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_HOUSEHOLD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_VULNERABLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
