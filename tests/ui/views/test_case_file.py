"""The case file window: household, counselling and history, refreshed after every committed change."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.codes import ClosureReason, Vulnerability
from avrcase.services.cases import counselling
from avrcase.services.cases import stages as case_stages
from avrcase.services.dto import FollowUpForm, Stage, StageMove, VulnerabilityForm
from avrcase.ui.views.case_file import CaseFileView
from tests.conftest import make_person
from tests.support.clock import FIXED_TODAY
from tests.ui.case_data import consultation_form
from tests.ui.travel_data import travel_ops  # noqa: F401 - fixture


@pytest.fixture
def open_file(qtbot, ops, bus):
    def _open(case_id: int) -> CaseFileView:
        view = CaseFileView(ops, bus, case_id)
        qtbot.addWidget(view)
        view.show()
        return view

    return _open


def test_shows_the_household_with_labels(open_file, make_case):
    case = make_case(members=2, vulnerabilities=(VulnerabilityForm(Vulnerability.PREGNANT, "Seventh month"),))
    view = open_file(case.id)
    text = view.household_tab.toPlainText()
    assert "BERIDZE Nino" in text and "BERIDZE Child One" in text and "BERIDZE Child Two" in text
    assert "ბერიძე ნინო" in text  # the name in its original script
    assert "Principal applicant" in text and "Child" in text
    assert "Georgia" in text and "Rejected asylum seeker" in text
    assert "Pregnant woman" in text and "Seventh month" in text
    assert "rejected_asylum_seeker" not in text and "pregnant" not in text
    assert case.case_number in view.windowTitle()
    assert "3\u00a0persons" in view.header.text()  # a count and a date are never split across lines
    from avrcase.i18n.format import format_date

    day = format_date(case.registered_on)
    assert " " in day and "Registered on " + day.replace(" ", "\u00a0") in view.header.text()


def test_history_lists_every_stage_change_newest_first(open_file, make_case, ops):
    case = make_case()
    ops.write(case_stages.change_stage, case.id, case.version, StageMove(Stage.NO_SHOW, "Did not come twice"))
    view = open_file(case.id)
    model = view.history_tab.model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert len(rows) == 2
    assert rows[0][1:5] == ["Registered", "No-show", "Rūta Counsellor", "Did not come twice"]
    assert view.history_tab.isColumnHidden(5)  # no closure reason yet: the reasons get the room
    assert rows[1][2] == "Registered"


def test_a_committed_change_elsewhere_refreshes_the_open_file(open_file, make_case, ops, bus):
    case = make_case()
    view = open_file(case.id)
    assert "Stage: Registered" in view.header.text()
    ops.write(counselling.record_consultation, case.id, consultation_form())
    bus.cases_changed(case.id)
    assert "Stage: Counselling" in view.header.text()
    assert view.history_tab.model().rowCount() == 2
    view.tabs.setCurrentWidget(view.counselling_tab)  # laid out when shown
    assert "Explained the programme." in "".join(
        label.text() for label in view.counselling_tab.widget().findChildren(type(view.header)))


def test_a_change_to_another_case_does_not_reload(open_file, make_case, ops, bus):
    mine, other = make_case(), make_case(principal=make_person(document_number="OTHER1"))
    view = open_file(mine.id)
    ops.write(counselling.record_consultation, mine.id, consultation_form())
    bus.cases_changed(other.id)
    assert "Stage: Registered" in view.header.text()  # not re-read: the change was not about it


def test_marking_a_follow_up_done_in_the_counselling_tab_saves_it(qtbot, open_file, make_case, ops):
    case = make_case()
    ops.write(counselling.record_consultation, case.id,
              consultation_form(follow_ups=(FollowUpForm("Ask the embassy for a passport", FIXED_TODAY),)))
    view = open_file(case.id)
    [(follow_up_id, button)] = view.counselling_tab.mark_done_buttons.items()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert ops.read(counselling.list_follow_ups) == []
    done = ops.read(counselling.list_follow_ups, include_done=True)
    assert [(f.id, f.done_on) for f in done] == [(follow_up_id, FIXED_TODAY)]
    assert view.counselling_tab.mark_done_buttons == {}  # the file re-read the case: nothing left to mark


def test_a_closed_case_cannot_get_a_consultation(open_file, make_case, ops):
    case = make_case()
    case = ops.write(case_stages.change_stage, case.id, case.version, StageMove(Stage.WITHDRAWN, "Changed mind"))
    ops.write(case_stages.change_stage, case.id, case.version,
              StageMove(Stage.CLOSED, "Withdrew", ClosureReason.WITHDREW))
    view = open_file(case.id)
    assert not view.consultation_button.isEnabled()
    assert "Stage: Closed (Withdrew" in view.header.text()
    assert "Withdrew" in view.history_tab.model().index(0, 5).data()
    assert not view.history_tab.isColumnHidden(5)



def test_opening_a_case_file_puts_one_opening_on_record(open_file, make_case, engine):
    from sqlalchemy import func, select

    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import AuditEntry

    case = make_case()
    view = open_file(case.id)
    view.show()
    with unit_of_work(engine, write=False) as session:
        opened = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "case_opened", AuditEntry.case_id == case.id))
    assert opened == 1


def test_an_expired_passport_is_flagged_in_the_case_file(open_file, make_case):
    import datetime as dt

    expired = make_case(principal=make_person(document_number="GE0000001",
                                              document_expiry=FIXED_TODAY - dt.timedelta(days=1)))
    view = open_file(expired.id)
    assert "GE0000001" in view.warning.message and "expired on" in view.warning.message
    valid = make_case(principal=make_person(family_name="Valid", document_number="GE0000002",
                                            document_expiry=FIXED_TODAY + dt.timedelta(days=1)))
    assert open_file(valid.id).warning.message == ""


def test_an_expired_passport_replaced_by_a_new_one_in_hand_is_not_flagged(open_file, make_case, travel_ops):
    """Her old passport expired, her new one is received and is the one she travels on: no warning (the walk
    saw "⚠ Passport A7658587 of VŨ Thị Ngọc expired on …" above a case whose new passport was in hand)."""
    import datetime as dt

    from avrcase.domain.travel_documents import TravelDocument, TravelDocumentKind, TravelDocumentStatus
    from avrcase.services.travel import documents as travel_documents

    case = make_case(members=1, principal=make_person(
        family_name="Vũ", given_names="Thị Ngọc", citizenship="VN", family_name_original="", given_names_original="",
        document_number="A7658587", document_expiry=FIXED_TODAY - dt.timedelta(days=300)))
    principal, child = (m.person.id for m in case.members)

    def record(person_id, number, status, expiry):
        travel_ops.write(travel_documents.save_travel_document, person_id, TravelDocument(
            TravelDocumentKind.PASSPORT, status, number if status.rank >= TravelDocumentStatus.ISSUED.rank else "",
            "", None, expiry), changed=case.id)

    view = open_file(case.id)
    record(principal, "", TravelDocumentStatus.REQUESTED, None)  # asked for, not in hand: still warned
    assert "A7658587" in view.warning.message
    record(principal, "VN4140101", TravelDocumentStatus.RECEIVED, FIXED_TODAY + dt.timedelta(days=3650))
    assert "A7658587" not in view.warning.message and view.warning.message == ""
    assert open_file(case.id).warning.message == ""
    # the expired passport itself recorded as her travel document (nothing better): warned
    other = make_case(principal=make_person(family_name="Old", document_number="B1111111",
                                            document_expiry=FIXED_TODAY - dt.timedelta(days=3)))
    record(other.principal.id, "B1111111", TravelDocumentStatus.RECEIVED, FIXED_TODAY - dt.timedelta(days=3))
    assert "B1111111" in open_file(other.id).warning.message


def _lines_of(document) -> list[str]:
    """Every word piece as laid out on its lines (a word broken across two lines gives two pieces)."""
    document.size()  # lays the document out
    pieces, block = [], document.begin()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            pieces += block.text()[line.textStart():line.textStart() + line.textLength()].split()
        block = block.next()
    return pieces


@pytest.mark.parametrize("width", [560, 760, 980, 1400])
def test_the_person_and_household_tab_never_breaks_a_word(qtbot, make_case, width):
    """#19/#15: a narrow case file cut Russian headers and names letter by letter ("Гражданств" / "о");
    in a narrow window the case facts go below the household instead."""
    from avrcase.i18n import set_locale
    from avrcase.ui.views.case_file_tabs import HouseholdTab

    detail = make_case(principal=make_person(family_name="Khutsishvili-Gabunia", given_names="Nino Mariam"),
                       members=2)
    set_locale("ru")
    tab = HouseholdTab()
    qtbot.addWidget(tab)
    tab.resize(width, 600)
    tab.show()
    tab.show_case(detail)
    document = tab.document()
    words = set(document.toPlainText().split())
    pieces = _lines_of(document)
    assert {"Гражданство", "KHUTSISHVILI-GABUNIA", "Согласие"} <= words
    assert pieces and [p for p in pieces if p not in words] == []
    tab.resize(1400 if width < 980 else 560, 600)  # the window resized: laid out again, still whole words
    qtbot.wait(10)
    assert [p for p in _lines_of(tab.document()) if p not in set(tab.document().toPlainText().split())] == []


def test_the_household_is_shown_once_after_a_reload_at_any_width(open_file, make_case, ops, bus):
    """In Russian at 1000 px the case facts fitted beside the household only while no scroll bar was shown: after
    a reload the choice flipped as the bar came and went, and the household table was put in twice."""
    from avrcase.i18n import set_locale
    from avrcase.ui import palette
    from avrcase.ui.views.case_file_tabs import FACTS_MIN_WIDTH

    set_locale("ru")
    case = make_case(members=2)
    view = open_file(case.id)
    tab = view.household_tab
    ops.write(counselling.record_consultation, case.id, consultation_form())
    # every window width around the one where the facts just fit beside the household
    needed = int(tab._table_width) + FACTS_MIN_WIDTH + palette.COLUMN_GAP + view.width() - tab.viewport().width()
    for width in range(needed - 10, needed + 30, 2):
        view.resize(width, 700)
        bus.cases_changed(case.id)
        text = tab.toPlainText()
        assert text.count("Родство") == 1, width  # the household table's heading
        assert text.count("BERIDZE Child One") == 2, width  # in the table, and as the heading of her details
        assert "Этап: Консультирование" in view.header.text()


def test_the_tabs_not_shown_are_built_when_first_shown_or_asked_for(open_file, make_case, engine):
    """#14: the window opens with the case's own tabs; documents, travel, allowance and reintegration, which read
    the store, are built when the counsellor opens them (or code asks for them), once, in the same place."""
    from sqlalchemy import event

    from avrcase.ui.views.travel_tab import TravelTab

    case = make_case()
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    view = open_file(case.id)
    titles = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    assert titles[3:] == ["Documents", "Travel", "Allowance", "Reintegration"]
    assert all(view.built_tab(name) is None for name in ("documents_tab", "travel_tab", "allowance_tab",
                                                         "reintegration_tab"))
    opened = len(statements)
    view.tabs.setCurrentIndex(titles.index("Travel"))
    assert isinstance(view.tabs.currentWidget(), TravelTab) and view.built_tab("travel_tab") is view.tabs.currentWidget()
    assert len(statements) > opened  # it read the store now
    assert view.tabs.tabText(view.tabs.currentIndex()).replace("&", "") == "Travel" and view.tabs.count() == len(titles)
    allowance = view.allowance_tab  # asked for: built where its tab is, the travel tab still shown
    assert view.tabs.widget(titles.index("Allowance")) is allowance and view.allowance_tab is allowance
    assert view.tabs.tabText(view.tabs.currentIndex()).replace("&", "") == "Travel"
    view.tabs.setCurrentIndex(titles.index("Allowance"))
    assert view.tabs.currentWidget() is allowance  # not built twice


def test_the_consultations_are_laid_out_when_their_tab_is_shown_and_stay_current(open_file, make_case, ops, bus):
    """#14: the counselling tab builds its boxes with the case and lays them out when first shown."""
    case = make_case()
    ops.write(counselling.record_consultation, case.id, consultation_form())
    view = open_file(case.id)
    assert view.tabs.currentWidget() is view.household_tab
    second = dataclasses.replace(consultation_form(), notes="Second visit.")
    ops.write(counselling.record_consultation, case.id, second)
    bus.cases_changed(case.id)  # reloaded while hidden
    view.tabs.setCurrentWidget(view.counselling_tab)
    texts = "".join(label.text() for label in view.counselling_tab.widget().findChildren(type(view.header)))
    assert "Explained the programme." in texts and "Second visit." in texts


def test_opening_a_case_file_reads_the_store_in_one_unit_of_work(open_file, make_case, engine):
    """#14: the case and the office's day (for the expired-documents warning) come from one trip to the store;
    the day was read in a unit of work of its own (on the office server: a connection, a transaction and the
    time zone once more)."""
    from tests.support.statements import recorded

    case = make_case()
    with recorded(engine) as statements:
        view = open_file(case.id)
    assert view.case.case_number == case.case_number
    assert len([s for s in statements if "OFFICE_PROFILE.TIME_ZONE" in s]) == 1
    assert len([s for s in statements if s.startswith("BEGIN") and "IMMEDIATE" not in s]) == 1


def _ink_rows(label) -> list[int]:
    """The rows of ``label``'s picture where something darker than the background is drawn."""
    image = label.grab().toImage()
    return [y for y in range(image.height())
            if any(image.pixelColor(x, y).lightness() < 128 for x in range(image.width()))]


def test_a_vietnamese_family_name_keeps_its_marks_in_the_case_file_title(open_file, make_case):
    """Seen on the walk: the case file of NGUYỄN Thị Minh Khai was headed "NGUYÊN Thị Minh Khai", the tilde above the
    circumflex cut off (another name); now every mark of the capitals is drawn inside the title."""
    def title_ink(family: str) -> list[int]:
        view = open_file(make_case(principal=make_person(family_name=family, given_names="Thị Minh Khai",
                                                         citizenship="VN", given_names_original="")).id)
        view.resize(1000, 700)  # the title on one line, as on a laptop
        assert f"{family.upper()} Thị Minh Khai" in view.title.text()
        return _ink_rows(view.title)

    tilde, circumflex = title_ink("Nguyễn"), title_ink("Nguyên")
    assert tilde[0] > 0  # nothing touches the label's top edge
    assert tilde[0] <= circumflex[0] - 2  # the tilde is drawn above the circumflex (cut off, Ễ looked like Ê)


def test_the_history_shows_each_change_s_time_whole(open_file, make_case, large_font):
    """The X11 walk read "Dec 7, 2026, 10:43 …": the column had a fixed width too narrow for the time."""
    view = open_file(make_case().id)
    history = view.history_tab
    assert history.columnWidth(0) >= history.sizeHintForColumn(0)
