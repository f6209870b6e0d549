"""The case list: typing finds cases, filters narrow them, Enter opens, an empty store invites."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from avrcase.domain.codes import Vulnerability
from avrcase.domain.errors import StoreError
from avrcase.services.accounts import users
from avrcase.services.cases import stages as case_stages
from avrcase.services.dto import Stage, StageMove, VulnerabilityForm
from avrcase.ui.models import case_table
from avrcase.ui.models.case_table import COL_NUMBER, COL_PRINCIPAL
from avrcase.ui.views.case_list import CaseListView
from avrcase.services.permissions import SYSTEM
from tests.conftest import make_person

UKRAINIAN = dict(family_name="Kovalenko", given_names="Oleksandr", family_name_original="Коваленко",
                 given_names_original="Олександр", citizenship="UA", document_number="FE 123456",
                 document_issuing_country="UA")
VIETNAMESE = dict(family_name="Nguyễn", given_names="Thị Hương", family_name_original="", given_names_original="",
                  citizenship="VN", document_number="C1234567", document_issuing_country="VN")


@pytest.fixture
def three_cases(make_case):
    """A Georgian household, a Ukrainian and a Vietnamese woman returning to their countries."""
    georgian = make_case(members=1)
    ukrainian = make_case(principal=make_person(**UKRAINIAN), country_of_return="UA",
                          vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION, "Diabetes"),))
    vietnamese = make_case(principal=make_person(**VIETNAMESE), country_of_return="VN")
    return georgian, ukrainian, vietnamese


@pytest.fixture
def view(qtbot, ops):
    widget = CaseListView(ops)
    qtbot.addWidget(widget)
    widget.set_users(ops.read(users.list_users))
    widget.apply_filters()
    widget.show()
    return widget


def shown_numbers(view: CaseListView) -> list[str]:
    model = view.model
    return [model.data(model.index(r, COL_NUMBER)) for r in range(model.rowCount())]


def type_search(qtbot, view: CaseListView, text: str) -> None:
    view.search.clear()
    if text.isascii():
        qtbot.keyClicks(view.search, text)
    else:
        # WORKAROUND: QTest.keyClicks aborts the process on characters without a Qt key code
        # (Cyrillic, Vietnamese); insert the text as a paste or an input method would.
        view.search.insert(text)


@pytest.mark.parametrize("typed, who", [
    ("kovalen", 1),          # part of a Latin name, any case
    ("Ковал", 1),            # the original Cyrillic script
    ("nguyen huong", 2),     # without the Vietnamese diacritics
    ("Nguyễn", 2),           # with them
    ("fe123456", 1),         # a document number typed without its space
    ("BERIDZE", 0),
])
def test_typing_finds_the_case(qtbot, three_cases, view, typed, who):
    assert len(shown_numbers(view)) == 3
    type_search(qtbot, view, typed)
    qtbot.waitUntil(lambda: shown_numbers(view) == [three_cases[who].case_number])
    assert view.model.data(view.model.index(0, COL_PRINCIPAL)).startswith(
        three_cases[who].principal.family_name.upper())


def test_typing_a_case_number_finds_it(qtbot, three_cases, view):
    number = three_cases[2].case_number
    type_search(qtbot, view, number.lower())
    qtbot.waitUntil(lambda: shown_numbers(view) == [number])


def test_no_match_says_so_and_keeps_the_table(qtbot, three_cases, view):
    type_search(qtbot, view, "nobody-by-this-name")
    qtbot.waitUntil(lambda: view.no_match.isVisible())
    assert view.pages.currentWidget() is not view.empty_panel
    view.search.clear()
    qtbot.waitUntil(lambda: len(shown_numbers(view)) == 3)
    assert not view.no_match.isVisible()


def test_filters_narrow_the_rows(qtbot, ops, three_cases, view, engine):
    georgian, ukrainian, vietnamese = three_cases
    view.country_filter.set_code("VN")
    assert shown_numbers(view) == [vietnamese.case_number]
    view.country_filter.set_code("")
    view.vulnerability_filter.set_code(Vulnerability.MEDICAL_CONDITION.value)
    assert shown_numbers(view) == [ukrainian.case_number]
    view.vulnerability_filter.set_code("")
    ops.write(case_stages.change_stage, georgian.id, georgian.version, StageMove(Stage.NO_SHOW, "Did not come"))
    view.refresh()
    view.stage_filter.set_code(Stage.NO_SHOW.value)
    assert shown_numbers(view) == [georgian.case_number]
    view.stage_filter.set_code("")
    assert len(shown_numbers(view)) == 3


def test_counsellor_filter(qtbot, ops, three_cases, view):
    other = ops.write(lambda session, actor: users.add_user(session, SYSTEM, "jonas", "Jonas K.",
                                                            users.StaffRole.COUNSELLOR))
    view.set_users(ops.read(users.list_users))
    index = view.counsellor_filter.findData(other.id)
    view.counsellor_filter.setCurrentIndex(index)
    assert shown_numbers(view) == []
    view.counsellor_filter.set_user_id(ops.actor.id)
    assert len(shown_numbers(view)) == 3


def test_enter_and_double_click_open_the_case(qtbot, three_cases, view):
    view.table.setFocus()
    view.select_case(three_cases[1].id)
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [three_cases[1].id]
    rect = view.table.visualRect(view.model.index(2, COL_PRINCIPAL))
    # A real double-click is press, release, then the double-click; the view checks the pressed row.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [view.model.case_row(2).id]


def test_refresh_keeps_the_selected_case(ops, three_cases, view, make_case):
    chosen = three_cases[0].id
    assert view.select_case(chosen)
    make_case(principal=make_person(family_name="Aliyev", document_number="AZ777"))
    view.refresh()
    assert len(shown_numbers(view)) == 4
    assert view.current_case_id() == chosen


def test_clicking_the_vulnerability_column_keeps_the_order(qtbot, three_cases, view):
    before = shown_numbers(view)
    view.table.horizontalHeader().setSortIndicator(8, Qt.SortOrder.AscendingOrder)
    assert view.table.horizontalHeader().sortIndicatorSection() != 8
    assert shown_numbers(view) == before


def test_the_empty_store_invites_to_start(view):
    assert view.pages.currentWidget() is view.empty_panel
    assert view.new_case_button.text().replace("&", "").startswith("Register")
    assert view.load_demo_button.isVisible()


def test_a_store_failure_is_explained_and_the_rows_stay(three_cases, view, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))

    def locked(*_args, **_kwargs):
        raise StoreError("The store is locked by another program; try again in a moment.")

    for reader in ("list_with_count", "count_cases", "list_cases"):  # whichever the list reads through
        monkeypatch.setattr(case_table.cases, reader, locked)
    view.refresh()
    assert shown == ["The store is locked by another program; try again in a moment."]
    assert len(shown_numbers(view)) == 3


def test_clicking_a_column_header_sorts_by_it(qtbot, three_cases, view):
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_PRINCIPAL) + header.sectionSize(COL_PRINCIPAL) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    names = [view.model.index(r, COL_PRINCIPAL).data() for r in range(view.model.rowCount())]
    assert names == sorted(names) and names[0].startswith("BERIDZE")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    names = [view.model.index(r, COL_PRINCIPAL).data() for r in range(view.model.rowCount())]
    assert names[0].startswith("NGUY")


def test_the_list_is_read_once_when_it_is_built_and_shown(qtbot, ops, make_case, monkeypatch):
    """The view's first sort (the default order) does not read the list before its first read (#14)."""
    make_case()
    reads = []
    original = case_table.cases.list_with_count
    monkeypatch.setattr(case_table.cases, "list_with_count", lambda *a, **k: reads.append(1) or original(*a, **k))
    widget = CaseListView(ops)
    qtbot.addWidget(widget)
    assert reads == [] and widget.model.rowCount() == 0
    widget.apply_filters()
    assert len(reads) == 1 and widget.model.rowCount() == 1
    widget.table.sortByColumn(COL_PRINCIPAL, Qt.SortOrder.AscendingOrder)  # another order: read again
    assert len(reads) == 2 and widget.model.query.sort == "principal_name"
