"""The case list read again deep down (a change on the bus, another computer's change): the view stays where it was,
the case at its top stays there and the selected case stays selected; the view had jumped to the first row and the
selection with it, and the page shown was read by position (200 ms at row 80,100 on SQLite, #14)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QApplication

from avrcase.services.cases import register as case_service
from avrcase.services.uow import unit_of_work
from avrcase.ui.models.case_table import COL_NUMBER, CaseTableModel
from avrcase.ui.views import case_list, case_list_columns
from avrcase.ui.views.case_list import CaseListView
from tests.ui.models.test_case_table_refresh import _move, _Statements
from tests.ui.models.test_models import register_many

TOP, SELECTED = 97, 101


def _view(qtbot, ops, monkeypatch, top: int = TOP, selected: int = SELECTED) -> CaseListView:
    """A case list of 20-row pages (at most four kept), scrolled to its end and back to ``top``, ``selected`` chosen."""
    monkeypatch.setattr(case_list, "CaseTableModel", functools.partial(CaseTableModel, page_size=20, max_pages=4))
    monkeypatch.setattr(case_list_columns, "NAME_ROWS", 20)  # the names of the first page size the name column
    view = CaseListView(ops)
    qtbot.addWidget(view)
    view.resize(1000, 520)
    view.apply_filters()
    view.show()
    model, table = view.model, view.table
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    QApplication.processEvents()
    table.scrollTo(model.index(top, COL_NUMBER), QAbstractItemView.ScrollHint.PositionAtTop)
    table.selectRow(selected)
    QApplication.processEvents()
    assert table.rowAt(0) == top and selected < table.rowAt(table.viewport().height() - 1)
    return view


def _fresh(engine, actor, query) -> list[str]:
    with unit_of_work(engine, write=False) as session:
        return [r.case_number for r in case_service.list_cases(session, actor, dataclasses.replace(
            query, offset=0, after=None, limit=10_000))]


def test_a_refresh_deep_down_keeps_the_top_case_and_the_selection_and_reads_no_page_by_position(
        qtbot, ops, engine, actor, monkeypatch):
    register_many(engine, actor, 150)
    view = _view(qtbot, ops, monkeypatch)
    model, table = view.model, view.table
    top_case, selected = model.case_row(TOP).id, view.current_case_id()
    moved = model.case_row(TOP - 30).id
    register_many(engine, actor, 3)  # the newest: above
    _move(engine, [moved], registered_on=dt.date(2020, 1, 1))  # from above to the end
    with _Statements(engine) as sent:
        view.refresh()
        QApplication.processEvents()
    assert model.case_row(table.rowAt(0)).id == top_case and table.rowAt(0) == TOP
    assert view.current_case_id() == selected and table.currentIndex().row() == SELECTED
    assert sent.by_position() == [] and sent.counts_before() == []
    assert model.total == 153  # the moved case is still listed, at the end
    # Scrolled to the first row and then to the end, the rows are those of a fresh read.
    bar = table.verticalScrollBar()
    while bar.value() > 0:
        bar.setValue(bar.value() - 10)
        QApplication.processEvents()
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    expected = _fresh(engine, actor, model.query)
    assert [model.data(model.index(row, COL_NUMBER)) for row in range(model.rowCount())] == expected


def test_when_the_selected_case_is_gone_the_row_it_was_on_stays_selected(qtbot, ops, engine, actor, monkeypatch):
    register_many(engine, actor, 150)
    view = _view(qtbot, ops, monkeypatch)
    model, table = view.model, view.table
    top_case, after_selected = model.case_row(TOP).id, model.case_row(SELECTED + 1).id
    _move(engine, [view.current_case_id()], registered_on=dt.date(2020, 1, 1))  # to the end: out of view
    view.refresh()
    QApplication.processEvents()
    assert table.rowAt(0) == TOP and model.case_row(TOP).id == top_case
    assert table.currentIndex().row() == SELECTED and view.current_case_id() == after_selected


def test_cases_found_before_the_top_row_later_leave_the_rows_in_view_where_they_are(qtbot, ops, engine, actor,
                                                                                    monkeypatch):
    """Near the top, the first page read for the column widths meets the rows read from the top row: three more
    cases come before them, so three rows are inserted above the view, and the view scrolls as many."""
    register_many(engine, actor, 150)
    view = _view(qtbot, ops, monkeypatch, top=30, selected=34)
    model, table = view.model, view.table
    top_case, selected = model.case_row(30).id, view.current_case_id()
    register_many(engine, actor, 3)
    view.refresh()
    qtbot.waitUntil(lambda: model.rowCount() == 153)  # the rows inserted once the painting was done
    assert model.case_row(table.rowAt(0)).id == top_case and table.rowAt(0) == 33
    assert view.current_case_id() == selected
    assert [model.data(model.index(row, COL_NUMBER)) for row in range(model.rowCount())] == _fresh(
        engine, actor, model.query)
