"""Scrolling the case list deep: what each page leaves behind for the cyclic collector (#14)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QModelIndex

from avrcase.ui.models.case_table import COL_NUMBER, CaseTableModel
from tests.ui.models.test_models import register_many


def _scroll_to_the_end(model: CaseTableModel) -> int:
    pages = 0
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
        model.data(model.index(model.rowCount() - 1, COL_NUMBER))  # the view paints the new rows
        pages += 1
    return pages


def test_pages_scrolled_past_leave_the_youngest_generation_small(ops, engine, actor):
    """A page kept and a page let go balanced the collector's count of new objects, so its youngest generation grew
    by two objects a row unseen until a collection walked them all inside one page (5-10 ms at 100,000 cases). The
    rows of a page are now a few tuples of plain values: the youngest generation grows by a handful a page."""
    register_many(engine, actor, 100)
    model = CaseTableModel(ops, page_size=20, max_pages=5)
    model.refresh()
    _scroll_to_the_end(model)  # every statement made and cached once
    model.set_query(model.query)
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        young = len(gc.get_objects(0))
        pages = _scroll_to_the_end(model)
        grown = len(gc.get_objects(0)) - young
    finally:
        if enabled:
            gc.enable()
    assert model.rowCount() == 100 and pages == 4
    assert grown < 20 * pages, grown  # two objects a row before (174 here), 62 now
