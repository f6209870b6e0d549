"""The case list's rows paged from the store as a Qt model (``CaseTableModel`` adds the columns): a window of pages
read by key set where the list has one, a count, and a list read again from the case at the top of the view."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QTimer, Signal

from avrcase.domain.errors import AvrcaseError
from avrcase.services.cases import search as cases  # the list's reads; not register's name rules (#14)
from avrcase.services.dto import CaseQuery, CaseRow
from avrcase.services.permissions import Permission
from avrcase.ui.models.case_pages import EMPTY, Key, Page, PageGrid, page_of

Index = QModelIndex | QPersistentModelIndex
log = logging.getLogger(__name__)

#: How long the list stands still after it was read before the next page is read ahead (once the window is up;
#: a keystroke or a sort within it puts it off).
READ_AHEAD_MS = 400
#: Pages of rows the list keeps in memory at most; the least recently read go first and are read again when
#: shown. Scrolling to the end of 100,000 cases holds 10,000 rows at most, not 100,000 (#14).
MAX_PAGES = 50


def _listed(session, actor, query: CaseQuery, wanted: int, first: int):
    """``cases.list_with_count`` and the list's first ``first`` rows, in one unit of work."""
    listing = cases.list_with_count(session, actor, query, wanted=wanted)
    return listing, cases.list_cases(session, actor, dataclasses.replace(query, after=None, limit=first)) if first else []


class PagedCaseModel(QAbstractTableModel):
    """A window of pages of ``CaseRow``s: ``fetchMore`` asks the store for the next page of ``page_size``, at
    most ``max_pages`` pages stay in memory, and a page let go is read again (by key set where it can) when
    the view shows one of its rows."""

    total_changed = Signal(int)

    def __init__(self, ops, parent=None, *, page_size: int = 200, max_pages: int = MAX_PAGES):
        super().__init__(parent)
        self._ops = ops
        self._page_size = page_size
        self._query = CaseQuery(limit=page_size)
        self._grid = PageGrid(page_size, max_pages)
        self._count = 0  # rows in the list so far (fetched, whether kept in memory or not)
        self._total = 0
        self._capped = False
        self._read_once = False  # the store was asked at least once (refresh)
        self._end: int | None = None  # anchored: the row the list ends at, once a page came short
        self._shifted = (0, 0, 0)  # rows moved so far, the row the last move was at and by how many (``_shift``)
        self._generation = 0  # refreshes so far
        self._settling_later: int | None = None  # the page whose rows move once the painting is done (``_later``)
        self._moving = False  # rows being inserted or removed (``_move_rows``)
        self._read_ahead = QTimer(self)
        self._read_ahead.setSingleShot(True)
        self._read_ahead.setInterval(READ_AHEAD_MS)
        self._read_ahead.timeout.connect(self._on_read_ahead_timeout)
        self._read_ahead_for: set[CaseQuery] = set()  # the queries whose second page was read ahead once

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
        return self._grid.rows()

    def set_query(self, query: CaseQuery) -> None:
        """Show the cases matching ``query`` from its first page."""
        self._query = dataclasses.replace(query, offset=0, limit=self._page_size)
        self._count = 0
        self.refresh()

    def refresh(self, top: int | None = None) -> None:
        """Re-query the store, keeping as many rows in the list as before (at least one page).

        With ``top``, the row at the top of the view, in a list without a search: the page from the case there is
        read by key set (after the row above it) and the case stays at that row; the rows above and below are read
        from it when shown. Read by position, it cost its depth: 200 ms at row 80,100 on SQLite (#14). Otherwise only
        the first page is read now, the others when shown (by key set once the page before has been read).
        """
        wanted = max(self._count, self._page_size)
        anchor = self._anchor(top) if top is not None else None
        pages: list[Page] = []
        # Read first: if the store fails, the model keeps showing what it had.
        if self._ops.may(Permission.CASE_READ):
            # One read for the count and the first page (the search words are looked up once). A search counts up
            # to a cap ("200+", "2,000+"): a capped count does not say how many rows there are, so those shown
            # before are read at once.
            query = self._query if anchor is None else dataclasses.replace(self._query, after=anchor[1])
            # Read from the top row, the first rows too (the view sizes its columns by them): the first two pages.
            first_rows = self._first_rows(anchor[0]) if anchor is not None else 0
            # Without a transaction of its own (``read_page``): on a server, at READ COMMITTED, each statement sees what
            # was committed when it began either way, and a keystroke sends no BEGIN and ROLLBACK (#14).
            listing, first = self._ops.read_page(_listed, query, wanted, first_rows)
            total, capped, rows = listing.total, listing.capped, listing.rows
            pages = [page_of(rows[i:i + self._page_size]) for i in range(0, len(rows), self._page_size)] or [EMPTY]
            count = len(rows) if capped else min(wanted, total)
            if anchor is not None:  # the rows from the top row on; the list ends after them when they are few
                count = wanted if len(rows) == self._page_size else min(wanted, anchor[0] + len(rows))
        else:  # an administrator's window: no case list
            total, capped, count, anchor = 0, False, 0, None
        self.beginResetModel()
        self._read_once = True
        self._total, self._capped, self._count = total, capped, count
        self._end, self._generation, self._settling_later = None, self._generation + 1, None
        if anchor is None:
            self._grid.clear()
            for number, page in enumerate(pages):
                self._grid.keep(number, page)
        else:
            top_row, after = anchor
            self._grid.anchor(top_row, after, pages[0])  # a page starts at the top row
            if first_rows and len(first) == first_rows:  # pages 0 and 1, read from the top
                self._grid.keep(0, page_of(first[:self._grid.end(0)]))
                self._grid.keep(1, page_of(first[self._grid.end(0):]))
                self._grid.upper = 2
            if len(pages[0].id) < self._page_size:
                self._end = top_row + len(pages[0].id)
        self.endResetModel()
        self.total_changed.emit(self._total)
        # Once a query (its statement is then cached): after a change the first scroll reads its page as any other.
        if (anchor is None and self.canFetchMore() and self._grid.locate(self._count)[0] in self._grid.starts
                and self._query not in self._read_ahead_for):  # paged by key set: no search
            self._read_ahead.start()
        else:
            self._read_ahead.stop()

    def _first_rows(self, top: int) -> int:
        """How many rows the first two pages hold when a page starts at ``top`` (0: they reach the pages read from
        ``top``, and are read when shown)."""
        phase = -top % self._page_size
        return 2 * self._page_size - phase if (top + phase) // self._page_size >= 3 else 0

    def _anchor(self, top: int) -> tuple[int, Key] | None:
        """The top row and the key set of the row above it, when the list is read again from there by key set."""
        key = self._grid.key_above(top) if 0 < top < self._count and not self._query.search.strip() else None
        return None if key is None else (top, key)

    def _on_read_ahead_timeout(self) -> None:
        """Read the page the first scroll shows, while the person looks at the first.

        The first page after a key set is a statement of its own (the first page is read with the count), and its
        first reading in a sort order made it and cached it: 2-3 ms more than any later page, the list's worst page
        on SQLite (#14). Every later page of the order is that same statement.
        """
        number, at = self._grid.locate(self._count)
        if not self.canFetchMore() or at:
            return
        self._read_ahead_for.add(self._query)
        try:
            self._page(number)
        except AvrcaseError as exc:  # read again when scrolled to (and said then, if it fails again)
            log.warning("the next page of the case list could not be read ahead: %s", type(exc).__name__)

    def _read(self, **changes: Any) -> list[CaseRow]:
        return self._ops.read_page(cases.list_cases, dataclasses.replace(self._query, **{"offset": 0, **changes}))

    def _page(self, number: int, *, may_shift: bool = True) -> Page:
        """The rows of page ``number``, read from the store unless kept; ``EMPTY`` when the rows moved instead
        (``_shift``: ask again for the row) or, with ``may_shift`` false (painting), will move soon."""
        grid = self._grid
        page = grid.get(number)
        if page is not None or (not may_shift and number == self._settling_later):  # (read once, not each cell)
            return page or EMPTY
        size = grid.end(number) - grid.start(number)
        kind, key = grid.source(number)
        if kind == "after":  # by key set after the page before (page 500 costs what page 1 costs), or the first
            page = page_of(self._read(after=key, limit=size))
            if grid.anchored and number < grid.lower:
                grid.upper = max(grid.upper, number + 1)
            elif grid.anchored and len(page.id) < size:  # the list ends here: the rows after go (painted first)
                self._end = grid.start(number) + len(page.id)
                if self._count > self._end:
                    self._later(number)
        elif kind == "offset":  # by position: the view jumped here
            page = page_of(self._read(offset=grid.start(number), limit=size))
        elif kind == "count":  # jumped among rows read from the anchor: where they are must be known first
            if not may_shift:
                return self._later(number)
            first = grid.ends.get(grid.lower - 1)  # the first row read from the anchor, or the row before it
            position = (self._ops.read(cases.count_before, self._query, first) if first is not None
                        else self._ops.read(cases.count_before, self._query, grid.starts[grid.lower]) + 1)
            self._shift(position - grid.start(grid.lower))
            return EMPTY
        else:  # by key set before the page after (the rows above a list read from its top row)
            meeting = kind == "meet"  # then with the row before: the last of the rows read from the top?
            rows = self._read(after=key, descending=not self._query.descending, limit=size + meeting)[::-1]
            if grid.anchored:
                joint = rows[0].sort_key if len(rows) > size else None
                if meeting and (joint == grid.starts.get(number) if number else len(rows) == size):
                    grid.anchored, rows = False, rows[len(rows) - size:]  # they meet: every row is right
                elif meeting or len(rows) < size:  # the list starts elsewhere than the rows kept say
                    if not may_shift:
                        return self._later(number)
                    if len(rows) > size:  # other cases before: counted (few, this near the top)
                        self._shift(self._ops.read(cases.count_before, self._query, key) - grid.end(number))
                        return EMPTY
                    self._shift(len(rows) - grid.end(number))  # the rows read are the list's first
                    grid.keep(0, page_of(rows))
                    return EMPTY
                else:
                    grid.lower = min(grid.lower, number)
            page = page_of(rows)
        grid.keep(number, page)
        return page

    def _shift(self, by: int) -> None:
        """Move the rows read from the anchor by ``by`` (the cases before them, counted or found, are more or fewer
        than their rows): rows are inserted or removed just above them, and every row is where a count puts it."""
        at = min(self._grid.start(self._grid.lower), self._count)
        by = max(by, -at)
        self._shifted = (self._shifted[0] + 1, at, by)
        self._move_rows(at, by, lambda: self._grid.shift(by))
        self._end = None
        if self._count > self._total:  # the list ends where its count says (a list without a search counts all)
            self._move_rows(self._count, self._total - self._count)

    def _move_rows(self, at: int, by: int, change: Callable[[], None] = lambda: None) -> None:
        """Insert ``by`` rows at ``at`` (remove ``-by`` rows above it) around ``change``. The rows on either side
        were not known until now: a cell asked for meanwhile is empty, and every row is painted again after."""
        self._moving = True
        if by > 0:
            self.beginInsertRows(QModelIndex(), at, at + by - 1)
        elif by < 0:
            self.beginRemoveRows(QModelIndex(), at + by, at - 1)
        change()
        self._count += by
        if by > 0:
            self.endInsertRows()
        elif by < 0:
            self.endRemoveRows()
        self._moving = False
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, self.columnCount() - 1))

    def _later(self, number: int) -> Page:
        """Read page ``number`` and move the rows once the painting is done (no row moves inside ``data``)."""
        if self._settling_later is None:
            self._settling_later = number
            QTimer.singleShot(0, self, lambda generation=self._generation: self._settle_later(generation, number))
        return EMPTY

    def _settle_later(self, generation: int, number: int) -> None:
        if generation != self._generation:  # the list was read again meanwhile
            return
        self._settling_later = None
        try:
            self._page(number)
        except AvrcaseError as exc:
            log.warning("a page of the case list could not be read: %s", type(exc).__name__)
        if self._grid.anchored and self._end is not None and self._count > self._end:
            self._move_rows(self._count, self._end - self._count)
        elif self._count:  # the rows left empty are painted again
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, self.columnCount() - 1))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        if parent.isValid():
            return False
        if self._grid.anchored:  # the end is known once a page came short
            return self._end is None or self._count < self._end
        return self._count < self._total or self._capped

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        number, at = self._grid.locate(self._count)
        if at:  # the last page was short: read it again (a whole one is read ahead)
            self._grid.pages.pop(number, None)
        shifted = self._shifted
        page = self._page(number)
        if self._shifted != shifted:  # the rows moved: from their new end
            self.fetchMore(parent)
            return
        end = self._grid.start(number) + len(page.id)
        if end <= self._count:
            # Cases were removed meanwhile (or a capped count ran out): stop asking until the next refresh.
            if not self._grid.anchored:
                self._total, self._capped = self._count, False
            return
        self.beginInsertRows(QModelIndex(), self._count, end - 1)
        self._count = end
        self.endInsertRows()
        if self._capped:
            if len(page.id) < self._page_size:
                self._capped = False
            self._total = self._count if not self._capped else max(self._total, self._count)

    # ------------------------------------------------------------ reading

    def case_row(self, row: int) -> CaseRow:
        """The row's DTO (its page read again if it was let go)."""
        number, at = self._grid.locate(row)
        shifted = self._shifted
        page = self._page(number)
        if self._shifted != shifted:  # the rows moved: the same row, where it is now
            _, moved_at, by = self._shifted
            return self.case_row(max(moved_at + by, row + by) if row >= moved_at else row)
        return page.row(at)

    def row_of_case(self, case_id: int) -> int | None:
        """The list row of the case, if its page is in memory (the page shown is)."""
        return self._grid.row_of(case_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count
