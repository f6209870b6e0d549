"""A refresh deep in the case list (a change on the bus, another computer's change): it reads the page from the case
at the top of the view by key set, never a page by position, and the case stays at that row; the rows around it are
read from it, and once the person scrolls to where the first rows are, every row is where a fresh read puts it (#14).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex
from sqlalchemy import event, text

from avrcase.domain.stages import Stage
from avrcase.services.cases import register as case_service
from avrcase.services.uow import unit_of_work
from avrcase.ui.models.case_table import COL_NUMBER, CaseTableModel
from tests.ui.models.test_models import register_many

PAGE, CASES, TOP = 5, 60, 33


def _numbers(engine, actor, query) -> list[str]:
    with unit_of_work(engine, write=False) as session:
        return [r.case_number for r in case_service.list_cases(session, actor, dataclasses.replace(
            query, offset=0, after=None, limit=10_000))]


class _Statements(list):
    """The SELECTs sent while listening: (SQL, parameters)."""

    def __init__(self, engine):
        super().__init__()
        self.engine = engine

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._note)

    def _note(self, conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            self.append((" ".join(statement.split()), parameters))

    def by_position(self) -> list[str]:
        """Pages read at an offset past the first row (SQLite's ``LIMIT ? OFFSET ?`` takes the offset last)."""
        return [sql for sql, values in self if sql.endswith("OFFSET ?") and values[-1]]

    def counts_before(self) -> list[str]:
        """Counts of the cases before a key set (the position of a row read by key set)."""
        return [sql for sql, _ in self if sql.startswith("SELECT count(*)") and re.search(r"\) [<>] \(", sql)]


def _deep(ops, engine, actor, query=None) -> CaseTableModel:
    """A model scrolled to its end, its rows from ``TOP`` on painted (as a view shows them)."""
    register_many(engine, actor, CASES)
    model = CaseTableModel(ops, page_size=PAGE, max_pages=4)
    model.set_query(query or model.query)
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    _paint(model)
    return model


def _paint(model: CaseTableModel) -> None:
    """The rows a view shows from ``TOP`` (and the one above, partly)."""
    for row in range(TOP - 1, TOP + 8):
        model.data(model.index(row, COL_NUMBER))


def _scroll_up_then_down(model: CaseTableModel, top: int) -> None:
    """What a view asks scrolling from ``top`` to the first row (each row painted, events handled between, so that
    rows put off moving move) and then to the end."""
    row = top
    while row > 0:
        row = min(row, model.rowCount()) - 1
        model.data(model.index(row, COL_NUMBER))
        QCoreApplication.processEvents()
    model.data(model.index(0, COL_NUMBER))
    QCoreApplication.processEvents()
    while model.canFetchMore():
        model.fetchMore(QModelIndex())


def _all(model: CaseTableModel) -> list[str]:
    return [model.data(model.index(row, COL_NUMBER)) for row in range(model.rowCount())]


def _move(engine, ids, **values) -> None:
    """Another computer's change, straight in the store."""
    with engine.begin() as connection:
        for key, value in values.items():
            connection.execute(text(f"UPDATE cases SET {key} = :v WHERE id IN ({','.join(map(str, ids))})"), {"v": value})


def test_a_refresh_deep_down_reads_the_page_from_the_top_row_by_key_set_and_keeps_the_case_there(ops, engine, actor):
    model = _deep(ops, engine, actor)
    shown = [model.case_row(row).id for row in range(TOP, TOP + 8)]
    with _Statements(engine) as sent:
        model.refresh(top=TOP)
        after = [model.case_row(row).id for row in range(TOP, TOP + 8)]
    assert after == shown and model.rowCount() == CASES and model.total == CASES
    assert sent.by_position() == [] and sent.counts_before() == []
    # The page from the top row, the count and the first two pages (a view sizes its columns by them) in one unit of
    # work; the page after the top row's (the rows in view).
    assert len(sent) == 4, sent
    with _Statements(engine) as sent:
        _scroll_up_then_down(model, TOP)
    assert sent.by_position() == [] and sent.counts_before() == []  # nothing moved: the rows met the first page's
    assert _all(model) == _numbers(engine, actor, model.query)


@pytest.mark.parametrize("order", ["newest first", "by name"])
@pytest.mark.parametrize("change", ["added above", "removed above", "moved down", "the top case removed",
                                    "removed below", "many added above"])
def test_rows_changed_around_the_top_row_show_as_a_fresh_read_does(qtmodeltester, ops, engine, actor, change, order):
    """The case at the top of the view stays at its row (the next case takes it when it is gone); the cases added,
    removed or moved above it show once scrolled to, every row then where a fresh read puts it, and the count
    right. Qt's model tester watches the rows inserted or removed at the top meanwhile."""
    query = dataclasses.replace(CaseTableModel(ops).query, stage=Stage.REGISTERED)
    if order == "by name":
        query = dataclasses.replace(query, sort="principal_name", descending=False)
    model = _deep(ops, engine, actor, query)
    ids = [model.case_row(row).id for row in range(CASES)]
    top_id, next_id = ids[TOP], ids[TOP + 1]
    _paint(model)  # the rows in view again
    if change == "added above":
        register_many(engine, actor, 3)
    elif change == "many added above":
        register_many(engine, actor, 2 * PAGE + 3)
    elif change == "removed above":
        _move(engine, ids[4:8] + ids[20:22], stage="counselling")
    elif change == "moved down":  # registered earlier: to the end of the list
        _move(engine, ids[2:5], registered_on=dt.date(2020, 1, 1))
    elif change == "the top case removed":
        _move(engine, [top_id], stage="counselling")
    else:
        _move(engine, ids[45:50], stage="counselling")
    expected = _numbers(engine, actor, model.query)
    with _Statements(engine) as sent:
        model.refresh(top=TOP)
    assert sent.by_position() == [] and sent.counts_before() == []
    assert model.case_row(TOP).id == (next_id if change == "the top case removed" else top_id)
    assert model.total == len(expected)
    qtmodeltester.check(model, force_py=True)  # it reads every row: not what a view reads, so checked after
    _scroll_up_then_down(model, TOP)
    assert _all(model) == expected
    assert model.rowCount() == model.total == len(expected)


def test_a_jump_among_rows_read_from_the_top_row_counts_where_they_are_first(ops, engine, actor):
    """A page with no page read beside it (the scroll bar dragged far) is read by position, as before a refresh; its
    rows are where a count puts them: the rows read from the top row are counted first, once."""
    model = _deep(ops, engine, actor)
    register_many(engine, actor, 2)
    model.refresh(top=TOP)
    with _Statements(engine) as sent:
        numbers = [model.case_row(row).case_number for row in range(15, 20)]  # case_row moves rows at once
    assert len(sent.counts_before()) == 1
    expected = _numbers(engine, actor, model.query)
    assert numbers == expected[15:20]
    assert _all(model) == expected[:model.rowCount()]


def test_a_sort_click_deep_down_shows_the_first_page_of_the_new_order(ops, engine, actor):
    """Sorting kept the length scrolled to, so the first drag to the end read a page by position (284-305 ms of CPU
    24,200 rows deep); the new order starts from its first page, as a new search does."""
    model = _deep(ops, engine, actor)
    with _Statements(engine) as sent:
        model.sort(1)  # by name
        while model.canFetchMore():
            model.fetchMore(QModelIndex())
            model.data(model.index(model.rowCount() - 1, COL_NUMBER))
    assert sent.by_position() == []
    assert _all(model) == _numbers(engine, actor, model.query)
