"""Scrolling the case list deep: what each page leaves behind for the cyclic collector (#14)."""

from __future__ import annotations

import dataclasses
import gc

from PySide6.QtCore import QModelIndex
from sqlalchemy import event

from avrcase.domain.stages import Stage
from avrcase.services.cases import register as case_service
from avrcase.services.uow import unit_of_work
from avrcase.ui.models.case_table import COL_NUMBER, READ_AHEAD_MS, CaseTableModel
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


def test_the_page_the_first_scroll_shows_is_read_ahead_once_the_list_stands_still(qtbot, ops, engine, actor):
    """The first page after a key set was the one page of each order whose statement was made and cached when the
    person scrolled (2-3 ms more than any other page, the list's worst on SQLite). It is read while the list stands
    still after being read; the scroll shows it without asking the store, and every later page of the order finds
    its statement cached. A list read again in an order read ahead before (after a change), or a search (paged by
    position), reads nothing ahead."""
    register_many(engine, actor, 30)
    executed: list[object] = []

    def noted(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            executed.append(context.cache_hit)

    event.listen(engine, "after_cursor_execute", noted)
    model = CaseTableModel(ops, page_size=10)
    try:
        for query in (model.query, dataclasses.replace(model.query, sort="principal_name", descending=False),
                      dataclasses.replace(model.query, stage=Stage.REGISTERED)):
            model.set_query(query)
            qtbot.waitUntil(lambda: model.rows_in_memory > model.rowCount(), timeout=2000)
            rows = model.rowCount()
            executed.clear()
            model.fetchMore(QModelIndex())
            assert model.rowCount() > rows and executed == []  # shown from the page read ahead
            if model.canFetchMore():
                model.fetchMore(QModelIndex())
                assert executed and all(hit == engine.dialect.CACHE_HIT for hit in executed), executed
            expected = [r.case_number for r in _listed(engine, actor, model.query)][:model.rowCount()]
            assert [model.data(model.index(r, COL_NUMBER)) for r in range(model.rowCount())] == expected
        for query in (dataclasses.replace(model.query, stage=None),  # read ahead before: its statement is cached
                      dataclasses.replace(model.query, stage=None, search="person")):
            model.set_query(query)
            qtbot.wait(READ_AHEAD_MS * 2)
            assert model.rows_in_memory == model.rowCount() == 10
    finally:
        event.remove(engine, "after_cursor_execute", noted)


def _listed(engine, actor, query):
    with unit_of_work(engine, write=False) as session:
        return case_service.list_cases(session, actor, dataclasses.replace(query, offset=0, after=None, limit=1000))
