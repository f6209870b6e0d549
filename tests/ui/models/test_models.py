"""The list models: they pass Qt's model tester, page from SQL and sort in SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types

from PySide6.QtCore import QModelIndex, Qt

from avrcase.domain.codes import ConsultationMode, Sex
from avrcase.services.cases import counselling
from avrcase.services.cases import register as case_service
from avrcase.services.dto import FollowUpForm
from avrcase.services.uow import unit_of_work
from avrcase.ui.models import case_pages, case_paging, case_table
from avrcase.ui.models.case_table import COL_HOUSEHOLD, COL_NUMBER, COL_PRINCIPAL, COL_STAGE, CaseTableModel
from avrcase.ui.models.follow_up_table import COL_DUE, FollowUpTableModel
from tests.conftest import letters, make_case_form, make_person
from tests.support.clock import FIXED_TODAY
from tests.ui.case_data import consultation_form

SURNAMES = ("Beridze", "Kovalenko", "Nguyễn", "Abashidze", "Zhukova", "Melikov")


def register_many(engine, actor, count: int) -> None:
    """``count`` cases in one unit of work (each with its own document number)."""
    with unit_of_work(engine) as session:
        for i in range(count):
            person = make_person(family_name=SURNAMES[i % len(SURNAMES)], given_names=f"Person {letters(i)}",
                                 document_number=f"P{i:06d}", sex=Sex.MALE if i % 2 else Sex.FEMALE)
            case_service.register_case(session, actor, make_case_form(principal=person))


def test_case_model_passes_the_model_tester(qtmodeltester, ops, make_case):
    make_case(members=2)
    make_case(principal=make_person(family_name="Kovalenko", document_number="UA123"))
    model = CaseTableModel(ops, page_size=1)
    model.refresh()
    assert model.rowCount() == 1 and model.canFetchMore()
    qtmodeltester.check(model)


def test_case_model_shows_labels_not_codes(ops, make_case):
    make_case(members=2)
    model = CaseTableModel(ops)
    model.refresh()
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert "Georgia" in row and "Registered" in row and "registered" not in row
    assert model.data(model.index(0, COL_HOUSEHOLD)) == "3"


def test_a_cell_formats_only_its_own_value(ops, make_case, monkeypatch):
    """Painting and fitting the columns ask for each cell's text: a name or a case number does not format the row's
    countries, persons and date as well (it did, for every cell: nine times a row, #14)."""
    make_case(members=2)
    model = CaseTableModel(ops)
    model.refresh()
    formatted = []
    for name in ("country_name", "format_number", "format_date"):
        real = getattr(case_pages, name)  # where the cells' texts are made
        monkeypatch.setattr(case_pages, name, lambda value, _real=real, _name=name: formatted.append(_name) or _real(value))
    texts = [model.data(model.index(0, column)) for column in (COL_NUMBER, COL_PRINCIPAL, COL_STAGE)]
    assert formatted == [] and all(texts)
    assert model.data(model.index(0, COL_HOUSEHOLD)) == "3" and formatted == ["format_number"]


def test_paging_grows_by_fetch_more_and_never_beyond_what_is_asked(ops, engine, actor):
    register_many(engine, actor, 45)  # two whole pages and part of a third (the sizes are not the point)
    model = CaseTableModel(ops, page_size=20)
    model.refresh()
    assert (model.rowCount(), model.total) == (20, 45)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 40 and model.canFetchMore()
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 45 and not model.canFetchMore()
    numbers = [model.data(model.index(r, COL_NUMBER)) for r in range(model.rowCount())]
    assert len(set(numbers)) == 45


def test_sorting_asks_the_store_in_order(ops, engine, actor):
    register_many(engine, actor, 12)
    model = CaseTableModel(ops, page_size=5)
    model.refresh()
    model.sort(COL_PRINCIPAL, Qt.SortOrder.AscendingOrder)
    names = [model.data(model.index(r, COL_PRINCIPAL)) for r in range(model.rowCount())]
    assert names[0].startswith("ABASHIDZE") and names == sorted(names)
    model.sort(COL_PRINCIPAL, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, COL_PRINCIPAL)).startswith("ZHUKOVA")
    assert model.rowCount() == 5  # still one page, the first of the new order


def test_sorting_by_stage_uses_raw_values_for_sort_role(ops, make_case):
    make_case()
    model = CaseTableModel(ops)
    model.sort(COL_STAGE, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, COL_STAGE), CaseTableModel.SortRole) == "registered"


def test_follow_up_model_passes_the_model_tester_and_marks_overdue(qtmodeltester, ops, make_case):
    case = make_case()
    today = FIXED_TODAY
    form = consultation_form(follow_ups=(FollowUpForm("Call the embassy", today),
                                         FollowUpForm("Book the flight", today + dt.timedelta(days=3))),
                             mode=ConsultationMode.PHONE)
    ops.write(counselling.record_consultation, case.id, form)
    model = FollowUpTableModel()
    model.set_rows(ops.read(counselling.list_follow_ups), today=today + dt.timedelta(days=1))
    qtmodeltester.check(model)
    assert model.is_overdue(0) and not model.is_overdue(1)
    assert "overdue" in model.data(model.index(0, COL_DUE))
    assert model.data(model.index(0, COL_DUE), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(1, COL_DUE), Qt.ItemDataRole.ForegroundRole) is None


def test_a_short_search_counts_to_the_cap_and_still_pages_to_every_match(ops, engine, actor, monkeypatch):
    register_many(engine, actor, 30)
    from avrcase.services.cases import search

    monkeypatch.setattr(search, "SHORT_SEARCH_COUNT_CAP", 10)
    model = CaseTableModel(ops, page_size=8)
    model.set_query(dataclasses.replace(model.query, search="e"))  # every surname or "Person" has an e
    assert model.total_capped and model.rowCount() == 8 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 30 and not model.total_capped and model.total == 30


def test_paging_without_a_search_is_by_key_set_and_matches_offset_paging(ops, engine, actor):
    register_many(engine, actor, 25)
    model = CaseTableModel(ops, page_size=7)
    model.sort(COL_PRINCIPAL, Qt.SortOrder.AscendingOrder)
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    with unit_of_work(engine, write=False) as session:
        expected = [r.case_number for r in case_service.list_cases(
            session, actor, dataclasses.replace(model.query, offset=0, limit=100))]
    assert [model.data(model.index(r, COL_NUMBER)) for r in range(model.rowCount())] == expected


def _numbers(engine, actor, query) -> list[str]:
    with unit_of_work(engine, write=False) as session:
        return [r.case_number for r in case_service.list_cases(session, actor, dataclasses.replace(
            query, offset=0, after=None, limit=10_000))]


def test_scrolling_to_the_end_keeps_a_bounded_window_of_pages_and_shows_every_row_again(ops, engine, actor):
    """#14: the list never holds more than ``max_pages`` pages; a page let go is read again when shown."""
    register_many(engine, actor, 60)
    for search in ("", "person"):  # key-set paging, then paging by position (a search)
        model = CaseTableModel(ops, page_size=5, max_pages=3)
        model.set_query(dataclasses.replace(model.query, search=search))
        model.sort(COL_PRINCIPAL, Qt.SortOrder.AscendingOrder)
        held = []
        while model.canFetchMore():
            model.fetchMore(QModelIndex())
            model.data(model.index(model.rowCount() - 1, COL_NUMBER))  # the view paints the new rows
            held.append(model.rows_in_memory)
        assert model.rowCount() == 60 and max(held) <= 15, held
        expected = _numbers(engine, actor, model.query)
        assert [model.data(model.index(r, COL_NUMBER)) for r in range(60)] == expected  # top to bottom again
        assert [model.data(model.index(r, COL_NUMBER)) for r in reversed(range(60))] == expected[::-1]
        assert model.rows_in_memory <= 15
        assert model.case_row(7).case_number == expected[7]  # a row whose page was let go
        assert model.row_of_case(model.case_row(7).id) == 7


def test_a_refresh_deep_in_the_list_keeps_its_length_and_reads_the_rows_as_they_are_now(ops, engine, actor):
    register_many(engine, actor, 40)
    model = CaseTableModel(ops, page_size=5, max_pages=2)
    model.sort(COL_PRINCIPAL, Qt.SortOrder.AscendingOrder)
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    register_many(engine, actor, 3)  # new cases sort among the others
    model.refresh()
    assert model.rowCount() == 40 and model.rows_in_memory == 5 and model.canFetchMore()
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 43
    assert [model.data(model.index(r, COL_NUMBER)) for r in range(43)] == _numbers(engine, actor, model.query)


def test_on_the_office_server_a_page_scrolled_is_read_outside_a_transaction(pg_engine, monkeypatch):
    """Scrolling the list on the office server: each page is its statement alone, no BEGIN and ROLLBACK around it
    (two trips to the server fewer a page, #14), the same rows in the same order; the connection goes back to the
    pool as it was, so the next action has its transaction again."""
    from avrcase.domain.codes import StaffRole
    from avrcase.services.accounts import users
    from avrcase.services.permissions import SYSTEM
    from avrcase.ui.change_bus import ChangeBus
    from avrcase.ui.ops import Ops

    with unit_of_work(pg_engine) as session:
        ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
    register_many(pg_engine, ruta, 5)
    in_transaction: list[bool] = []
    listed = case_service.list_cases

    def noting(session, actor, query):
        rows = listed(session, actor, query)
        in_transaction.append(session.connection().connection.dbapi_connection.info.transaction_status != 0)  # IDLE
        return rows

    # The model's own reads of the later pages (the first is read with the count, inside the service).
    reads = types.ModuleType("reads")
    reads.__dict__.update(vars(case_table.cases), list_cases=noting)
    monkeypatch.setattr(case_paging, "cases", reads)
    model = CaseTableModel(Ops(pg_engine, ruta, bus=ChangeBus()), page_size=2)
    model.refresh()
    while model.canFetchMore():
        model.fetchMore(QModelIndex())
    assert in_transaction == [False, False]  # the pages after the first (read with the count)
    with unit_of_work(pg_engine, write=False) as session:
        assert [model.case_row(i) for i in range(5)] == listed(session, ruta, dataclasses.replace(model.query, limit=5))
        assert session.connection().connection.dbapi_connection.autocommit is False
