"""The case list's pages without Qt: a page's rows as columns, which rows each page holds, the pages kept, and the
key sets the pages around them are read from (``CaseTableModel``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from avrcase.i18n.format import country_name, format_date, format_number
from avrcase.services.dto import CaseRow, Stage, UnknownStage

#: A row's place in its order (``CaseRow.sort_key``): the sort value and the case id.
Key = tuple[Any, int]


class Page(NamedTuple):
    """A page of the list as one tuple per ``CaseRow`` field (``sort_key``: the sort values alone, or ``None`` where
    the page has no key set).

    Two hundred ``CaseRow``s and their key tuples were 400 objects the cyclic collector tracks, and a page let go
    freed as many old ones: the collector's count of new objects stood still while its youngest generation grew by
    400 a page, so when a collection came at last it walked 21,000 objects inside one page scrolled: the list's
    worst pages (#14). A page is now a dozen tuples of strings, numbers and dates.
    """

    id: tuple[int, ...]
    case_number: tuple[str, ...]
    stage: tuple[Stage | UnknownStage, ...]
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

    def key(self, at: int) -> Key | None:
        """The key set of the page's row ``at`` (``None``: paged by position, or no such row)."""
        return None if self.sort_key is None or not 0 <= at < len(self.id) else (self.sort_key[at], self.id[at])

    def last_key(self) -> Key | None:
        """The key set the next page starts after (``None``: paged by position)."""
        return self.key(len(self.id) - 1)

    def index_of(self, case_id: int) -> int | None:
        """Where the case is in the page, if it is."""
        return self.id.index(case_id) if case_id in self.id else None


assert tuple(field.name for field in dataclasses.fields(CaseRow)) == Page._fields
EMPTY = Page((), (), (), (), (), (), (), (), (), (), None)
#: A row's fields but its key set, as one tuple (turned into columns by ``zip``).
_FIELDS = operator.attrgetter(*Page._fields[:-1])


def page_of(rows: Sequence[CaseRow]) -> Page:
    """The page of ``rows`` as columns."""
    if not rows:
        return EMPTY
    keys = [row.sort_key for row in rows]
    return Page(*zip(*map(_FIELDS, rows)),  # type: ignore[call-arg]
                None if None in keys else tuple(key[0] for key in keys))  # type: ignore[index]


VULNERABLE_MARK = "⚠"
#: A cell's text, column by column (the page, the row in it): a cell asked for formats only its own value (it
#: formatted the whole row's countries, number and date for each cell, nine times a row at every paint; #14).
SHOWN: tuple[Callable[[Page, int], str], ...] = (
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
#: A cell's raw value (the sort role), column by column.
RAW: tuple[Callable[[Page, int], Any], ...] = (
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


class PageGrid:
    """Which rows each page holds, the pages in memory and the key sets between pages.

    Page ``n`` holds the rows from ``n * size - phase`` (page 0 from row 0) to ``(n + 1) * size - phase``: a list read
    again from the case at the top of the view starts a page there (``phase``), whatever its row. At most
    ``max_pages`` pages stay in memory, the least recently used going first; the key set a page starts after
    (``starts``) or ends before (``ends``) is kept when the page is let go, so a page beside one read before is read
    by key set, forward or backward.
    """

    def __init__(self, size: int, max_pages: int):
        self.size = size
        self.max_pages = max(2, max_pages)
        self.phase = 0
        self.pages: OrderedDict[int, Page] = OrderedDict()  # page number → its rows, least recent first
        self.starts: dict[int, Key] = {}  # page number → the key set it starts after
        self.ends: dict[int, Key] = {}  # page number → the key set it ends before
        # Read again from a row deep in the list (``anchor``): the pages from ``lower`` on are read from it and are
        # where they were, the pages before ``upper`` are read from the top and are where a count puts them; until
        # the two meet (or a count says where the first are), what lies between is not known.
        self.anchored = False
        self.upper = self.lower = 0

    def clear(self, phase: int = 0) -> None:
        """Forget every page and key set; pages start ``phase`` rows before a multiple of ``size``."""
        self.pages.clear()
        self.starts.clear()
        self.ends.clear()
        self.phase = phase % self.size
        self.anchored = False

    def anchor(self, row: int, after: Key, page: Page) -> None:
        """Forget every page; ``page`` is the rows after the key set ``after`` and starts at ``row`` (> 0)."""
        self.clear(-row)
        self.anchored, self.upper, self.lower = True, 0, self.locate(row)[0]
        self.starts[self.lower] = after
        self.keep(self.lower, page)

    def key_above(self, row: int) -> Key | None:
        """The key set of the row above ``row``, if it is known (its page in memory, or ``row`` starts a page)."""
        number, at = self.locate(row - 1)
        page = self.pages.get(number)
        key = page.key(at) if page is not None else None
        return key if key is not None or self.locate(row)[1] else self.starts.get(number + 1)

    def source(self, number: int) -> tuple[str, Key | None]:
        """Where page ``number`` is read from: ``after`` a key set (``None``: the top), ``before`` one, ``meet`` (before
        one, where the rows read from the top and from the anchor meet), at its ``offset``, or ``count`` first."""
        if self.anchored and number < self.lower:
            if number < self.upper or (number == self.upper and number < self.lower - 1):
                return "after", self.starts.get(number)  # from the top
            if number == self.lower - 1 and number in self.ends:
                return ("meet" if number == self.upper else "before"), self.ends[number]
            return "count", None
        if number in self.starts or (number == 0 and not self.anchored):
            return "after", self.starts.get(number)
        if number in self.ends:
            return "before", self.ends[number]
        return ("count" if self.anchored else "offset"), None

    def start(self, number: int) -> int:
        """The first row of page ``number``."""
        return max(0, number * self.size - self.phase)

    def end(self, number: int) -> int:
        """The row after the last of page ``number``."""
        return (number + 1) * self.size - self.phase

    def locate(self, row: int) -> tuple[int, int]:
        """The page holding ``row`` and the row's place in it."""
        number = (row + self.phase) // self.size
        return number, row - self.start(number)

    def get(self, number: int) -> Page | None:
        """Page ``number`` if it is in memory (then the most recently used)."""
        page = self.pages.get(number)
        if page is not None:
            self.pages.move_to_end(number)
        return page

    def keep(self, number: int, page: Page) -> None:
        """Keep page ``number`` (letting the least recently used go) and the key sets of the pages beside it."""
        self.pages[number] = page
        self.pages.move_to_end(number)
        last, first = page.last_key(), page.key(0)
        if last is not None:
            self.starts[number + 1] = last
        if first is not None and number > 0:
            self.ends[number - 1] = first
        while len(self.pages) > self.max_pages:
            self.pages.popitem(last=False)

    def row_of(self, case_id: int) -> int | None:
        """The row of the case, if its page is in memory."""
        for number, page in self.pages.items():
            at = page.index_of(case_id)
            if at is not None:
                return self.start(number) + at
        return None

    def rows(self) -> int:
        """How many rows the pages in memory hold."""
        return sum(len(page.id) for page in self.pages.values())

    def shift(self, by: int) -> None:
        """Move every row kept (read from the anchor) ``by`` rows down (up when negative): more (fewer) cases were
        found before them. Pages keep their rows and key sets; a first page shorter than the others is let go."""
        if self.anchored:  # the pages read from the top are where they should be: not among those that move
            self.pages = OrderedDict((n, page) for n, page in self.pages.items() if n >= self.lower)
            self.starts = {n: key for n, key in self.starts.items() if n >= self.lower}
            self.ends = {n: key for n, key in self.ends.items() if n >= self.lower - 1}
            self.anchored = False
        phase = (self.phase - by) % self.size
        moved = (by - self.phase + phase) // self.size  # what page numbers move by
        first_whole = self.phase == 0
        self.pages = OrderedDict((number + moved, page) for number, page in self.pages.items()
                                 if number + moved >= 0 and (number or first_whole))
        self.starts = {number + moved: key for number, key in self.starts.items() if number + moved > 0}
        self.ends = {number + moved: key for number, key in self.ends.items() if number + moved >= 0}
        self.phase = phase
