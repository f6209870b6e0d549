"""Each role's main job done with the keyboard alone (#19): only key events reach the app (QTest), no method
is called to do the work; the store is checked afterwards. Set-up that is not the job (a case at the right
stage, a project) is made through the services, as in the other UI tests."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from avrcase.domain.codes import StaffRole
from avrcase.services.cases import case_file
from avrcase.services.dto import CaseQuery
from avrcase.services.cases import register as cases
from avrcase.ui.dialogs.case_dialog import CaseDialog
from avrcase.ui.dialogs.consultation_dialog import ConsultationDialog
from avrcase.ui.main_window import MainWindow
from avrcase.ui.ops import Ops
from avrcase.ui.widgets import file_dialogs
from tests.support.keyboard import choose, press, tab_to, type_into, type_text

# WORKAROUND: the offscreen platform cannot raise windows (a case file raises itself when opened).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window_as(qtbot, engine, bus, tmp_path, actor_as):
    """The main window of someone with ``role``, active, as after signing in."""
    opened = []

    def _make(role: StaffRole) -> MainWindow:
        ops = Ops(engine, actor_as(role))
        window = MainWindow(ops, bus, QSettings(str(tmp_path / f"{role.value}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        opened.append(ops)
        return window

    yield _make
    for ops in opened:
        ops.wait_for_background()


def _visible(kind):
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def test_a_counsellor_registers_a_case_and_logs_a_consultation_with_the_keyboard(qtbot, window_as):
    window = window_as(StaffRole.COUNSELLOR)
    press(Qt.Key.Key_N, CTRL)
    dialog = _visible(CaseDialog)
    p = dialog.principal
    type_into(p.family_name, "Beridze")
    type_into(p.given_names, "Nino")
    choose(p.sex, "Female")
    tab_to(p.date_of_birth)
    type_text("5/17/1988")
    choose(p.citizenship, "Georgia")
    choose(p.document_type, "No document")
    press(Qt.Key.Key_T, ALT)  # the "Return and case" tab
    f = dialog.facts
    choose(f.legal_status, f.legal_status.itemText(1))
    choose(f.referral_source, f.referral_source.itemText(1))
    choose(f.country_of_return, "Georgia")
    tab_to(dialog.save_button)
    press(Qt.Key.Key_Space)
    saved = window.ops.read(cases.list_cases, CaseQuery(search="Beridze"))
    assert len(saved) == 1
    case = window.ops.read(case_file.get_case, saved[0].id)
    assert (case.principal.given_names, case.principal.date_of_birth, case.country_of_return) == (
        "Nino", dt.date(1988, 5, 17), "GE")
    view = window.case_files[case.id]  # the saved case opened in its file

    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    press(Qt.Key.Key_L, CTRL)
    consultation = _visible(ConsultationDialog)
    type_into(consultation.notes, "Explained the programme and the travel documents.")
    tab_to(consultation.save_button)
    press(Qt.Key.Key_Space)
    case = window.ops.read(case_file.get_case, case.id)
    assert [c.notes for c in case.consultations] == ["Explained the programme and the travel documents."]


def open_case_by_keyboard(qtbot, window, case_number: str):
    """Ctrl+F, the case number, Enter: the case file opens; returns it once it has the keyboard."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(Qt.Key.Key_F, CTRL)
    type_text(case_number)
    press(Qt.Key.Key_Return)
    [view] = window.case_files.values()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    return view


def to_tab(tabs, title: str) -> None:
    """Tab to the tab bar and walk it with the arrow keys to ``title``."""
    tab_to(tabs.tabBar())
    for _ in range(tabs.count()):
        if tabs.tabText(tabs.currentIndex()).replace("&", "") == title:  # without its Alt letter
            return
        press(Qt.Key.Key_Right)
    assert tabs.tabText(tabs.currentIndex()).replace("&", "") == title


@pytest.fixture
def departed(engine, make_case, actor, actor_as):
    """A departed returnee in a project (Return Home: €500 for an adult)."""
    from tests.support.finance import assign, make_project, walk_to_departed

    manager = actor_as(StaffRole.MANAGER)
    project = make_project(engine, manager)
    case = make_case()
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor, case.id)
    return case


def test_a_finance_officer_pays_an_allowance_with_the_keyboard(qtbot, window_as, departed):
    from avrcase.domain.allowances import PaymentStatus
    from avrcase.services.finance import allowances
    from avrcase.ui.dialogs.payment_dialog import PaymentDialog

    window = window_as(StaffRole.FINANCE_OFFICER)
    view = open_case_by_keyboard(qtbot, window, departed.case_number)
    to_tab(view.tabs, "Allowance")
    tab_to(view.allowance_tab.record_button)
    press(Qt.Key.Key_Space)
    dialog = _visible(PaymentDialog)
    type_into(dialog.amount.line_edit, "300")
    choose(dialog.method, "Cash at departure")
    tab_to(dialog.paid_now)
    press(Qt.Key.Key_Space)
    tab_to(dialog.save_button)
    press(Qt.Key.Key_Space)
    [payment] = window.ops.read(allowances.get_allowance, departed.id).payments
    assert (payment.amount.amount, payment.status) == (300, PaymentStatus.PAID)


def test_a_manager_agrees_a_plan_with_the_keyboard(qtbot, window_as, departed, actor_as):
    from avrcase.domain.reintegration import ItemCategory
    from avrcase.services.finance.dto import PlanItemForm
    from avrcase.services.reintegration import plans as reintegration
    from avrcase.services.uow import unit_of_work
    from tests.support.finance import eur
    from tests.support.keyboard import answer_box

    window = window_as(StaffRole.MANAGER)
    with unit_of_work(window.ops.engine) as session:
        reintegration.draft_plan(session, actor_as(StaffRole.REINTEGRATION_OFFICER), departed.id,
                                 [PlanItemForm(ItemCategory.HOUSING, "Three months' rent", eur(900))])
    view = open_case_by_keyboard(qtbot, window, departed.case_number)
    to_tab(view.tabs, "Reintegration")
    panel = view.reintegration_tab.plan_panel
    tab_to(panel.approve_button)
    asked = []
    answer_box("Approve plan", answered=asked)
    press(Qt.Key.Key_Space)
    assert "€900.00" in asked[0]
    assert window.ops.read(reintegration.get_plan, departed.id).is_approved


@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard")
def test_a_travel_officer_books_an_itinerary_with_the_keyboard(qtbot, engine, window_as, make_case, actor, actor_as):
    from avrcase.services.travel import arrangements as travel
    from avrcase.ui.dialogs.itinerary_dialog import ItineraryDialog
    from tests.support.travel import advance, give_documents

    case = make_case()
    advance(engine, actor, case.id)
    give_documents(engine, actor_as(StaffRole.TRAVEL_OFFICER), [m.person.id for m in case.members])
    window = window_as(StaffRole.TRAVEL_OFFICER)
    view = open_case_by_keyboard(qtbot, window, case.case_number)
    to_tab(view.tabs, "Travel")
    tab_to(view.travel_tab.itinerary_button)
    press(Qt.Key.Key_Space)
    dialog = _visible(ItineraryDialog)
    card = dialog.segments.cards[0]
    for field, text in ((card.origin, "VNO"), (card.destination, "TBS"), (card.carrier, "Turkish Airlines"),
                        (card.service_number, "TK 1410"), (card.booking_reference, "X7K2QP")):
        type_into(field, text)
    tab_to(card.arrival)  # the timetable's arrival, in Tbilisi time
    departs = card.departure.local()
    type_text(f"{departs.month}/{departs.day}/{departs.year} 15:30")
    for ticket in card.tickets.values():
        type_into(ticket, "235-1111111111")
    tab_to(dialog.save_button)
    press(Qt.Key.Key_Space)
    stored = window.ops.read(travel.get_travel, case.id)
    assert [(s.origin, s.destination, s.service_number) for s in stored.segments] == [("VNO", "TBS", "TK 1410")]
    assert stored.segments[0].arrival == dt.datetime.combine(departs.date(), dt.time(15, 30))


def test_a_manager_exports_statistics_with_the_keyboard(qtbot, window_as, make_case, tmp_path, monkeypatch):

    make_case()
    target = tmp_path / "statistics.pdf"
    # The file chooser is the platform's own window; answering it is not the job under test.
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    window = window_as(StaffRole.MANAGER)
    press(Qt.Key.Key_4, CTRL)  # Go ▸ Dashboard
    dashboard = window.dashboard
    assert window.pages.currentWidget() is dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=20_000)
    tab_to(dashboard.export_report_button)
    with qtbot.waitSignal(dashboard.exported, timeout=20_000):
        press(Qt.Key.Key_Space)
    assert target.read_bytes().startswith(b"%PDF")
