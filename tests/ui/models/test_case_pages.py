"""The case list's pages without Qt (``PageGrid``): which rows a page holds when a page starts at the top row of the
view, and where the rows go when more or fewer cases are found before them (#14)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from avrcase.services.dto import CaseRow, Stage
from avrcase.ui.models.case_pages import PageGrid, page_of


def _page(first_id: int, size: int):
    return page_of([CaseRow(i, f"N{i}", Stage.REGISTERED, "A", "GE", "GE", 1, dt.date(2026, 1, 1), "", False,
                            (f"k{i:05d}", i)) for i in range(first_id, first_id + size)])


@given(size=st.integers(2, 12), top=st.integers(1, 200), by=st.integers(-150, 150))
def test_rows_keep_their_pages_and_move_together(size, top, by):
    grid = PageGrid(size, max_pages=100)
    grid.anchor(top, ("k", 0), _page(1000, size))
    lower = grid.locate(top)[0]
    assert grid.locate(top) == (lower, 0) and grid.start(lower) == top and grid.end(lower) == top + size
    assert grid.start(0) == 0 and all(grid.end(n) == grid.start(n + 1) for n in range(lower + 3))
    for n in (lower + 1, lower + 2):
        grid.keep(n, _page(1000 + (n - lower) * size, size))
    grid.keep(0, _page(1, grid.end(0)))  # the first rows, read from the top: they do not move
    by = max(by, -top)
    rows = {grid.start(n) + at: page.id[at] for n, page in grid.pages.items() if n >= lower
            for at in range(len(page.id))}
    grid.shift(by)
    assert not grid.anchored  # the first rows read from the top are let go: they are where they were
    moved = {grid.start(n) + at: page.id[at] for n, page in grid.pages.items() for at in range(len(page.id))}
    assert moved == {row + by: case for row, case in rows.items()}
    assert all(len(page.id) == grid.end(n) - grid.start(n) for n, page in grid.pages.items())
    assert all(grid.starts[n] == (f"k{grid.pages[n - 1].id[-1]:05d}", grid.pages[n - 1].id[-1])
               for n in grid.starts if n - 1 in grid.pages)
