"""An edit dialog whose record another user saves meanwhile says so before anyone saves, and a stale save is
refused with the conflict message.

Each test opens a dialog, lets a second user commit in their own unit of work (another desk), then sends
the note the office server's live refresh would bring (``bus.cases_changed``); the PostgreSQL round trip
itself is tested in ``tests/ui/test_live_refresh.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import StaffRole
from avrcase.domain.reintegration import ItemCategory, Modality
from avrcase.i18n.format import format_datetime
from avrcase.services.cases import case_file
from avrcase.services.cases import register as cases
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import PaymentForm, PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.travel import arrangements as travel
from avrcase.ui.dialogs.case_dialog import CaseDialog
from avrcase.ui.ops import Ops
from avrcase.ui.views.allowance_tab import AllowanceTab
from avrcase.ui.views.reintegration_tab import ReintegrationTab
from avrcase.ui.views.travel_tab import TravelTab
from tests.conftest import make_case_form
from tests.support.clock import FIXED_TODAY
from tests.support.finance import eur
from tests.ui.finance_setup import household, manager, officer, project, returnee  # noqa: F401 - fixtures
from tests.ui.travel_data import book, give_passports, prepare_for_travel, travel_ops  # noqa: F401 - fixture



def is_conflict(text: str) -> bool:
    """The conflict message (the wording differs a little between areas)."""
    return "someone else" in text.lower() and "nothing was saved" in text.lower()


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def _heard(qtbot, bus, dialog, case_id: int) -> str:
    """The other desk's note arrives; the dialog's banner says so (and when)."""
    bus.cases_changed(case_id)
    qtbot.waitUntil(lambda: dialog.changed_banner.message != "", timeout=2000)
    return dialog.changed_banner.message


@pytest.fixture
def errors_shown(monkeypatch):
    """Messages the dialogs would show in a box (a modal box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr("avrcase.ui.ops.show_error", lambda _parent, exc: shown.append(exc.message))
    return shown


def test_case_dialog_household_change_by_another_user(qtbot, ops, bus, engine, actor_as, make_case, clock):
    case = make_case(members=1)
    dialog = _shown(qtbot, CaseDialog(ops, bus, case))
    assert dialog.changed_banner.message == ""
    # Another counsellor adds a child to the household at their desk.
    other = Ops(engine, actor_as(StaffRole.COUNSELLOR, "jonas"))
    other.write(cases.update_case, case.id, case.version, make_case_form(members=2))

    message = _heard(qtbot, bus, dialog, case.id)
    assert message.startswith("Changed by another user at ")
    assert format_datetime(clock.now(), "short", tz=ops.clock().zone) in message
    # Keep editing hides the note; saving the stale household is still refused, nothing overwritten.
    qtbot.mouseClick(dialog.changed_banner.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.changed_banner.message == ""
    with qtbot.assertNotEmitted(dialog.case_saved):
        dialog.save()
    assert dialog.conflict_box is not None and "changed by someone else" in dialog.conflict_box.text()
    dialog.conflict_box.close()
    assert len(ops.read(case_file.get_case, case.id).members) == 3
    # Reload from the banner shows the household as it is now, and the next save goes through.
    assert dialog.changed_banner.check()
    qtbot.mouseClick(dialog.changed_banner.reload_button, Qt.MouseButton.LeftButton)
    assert dialog.changed_banner.message == "" and len(dialog.household.member_pages()) == 2
    with qtbot.waitSignal(dialog.case_saved):
        dialog.save()


def test_a_note_about_another_case_or_an_unchanged_record_shows_nothing(qtbot, ops, bus, make_case):
    case, other_case = make_case(), make_case()
    dialog = _shown(qtbot, CaseDialog(ops, bus, case))
    ops.write(cases.update_case, other_case.id, other_case.version, make_case_form(notes="elsewhere"))
    bus.cases_changed(other_case.id)
    bus.cases_changed(case.id)  # a note for this case, but nothing about it changed (e.g. a document issued)
    qtbot.wait(50)
    assert dialog.changed_banner.message == ""


def test_own_save_never_shows_the_banner(qtbot, ops, bus, make_case):
    case = make_case()
    dialog = _shown(qtbot, CaseDialog(ops, bus, case))
    with qtbot.waitSignal(dialog.case_saved):
        dialog.save()  # the dialog's own save announces the case on the bus, then closes
    qtbot.wait(50)
    assert dialog.changed_banner.message == ""


def test_itinerary_dialog_changed_by_another_travel_officer(qtbot, travel_ops, bus, engine, actor_as, make_case):
    case = make_case(members=1)
    give_passports(travel_ops, case)
    prepare_for_travel(travel_ops, case.id)
    book(travel_ops, case.id, FIXED_TODAY)
    tab = _shown(qtbot, TravelTab(travel_ops, bus, case.id))
    dialog = tab.edit_itinerary()
    other = Ops(engine, actor_as(StaffRole.TRAVEL_OFFICER, "ona"))
    book(other, case.id, FIXED_TODAY + dt.timedelta(days=2))  # Ona rebooks two days later

    assert _heard(qtbot, bus, dialog, case.id).startswith("Changed by another user at ")
    before = travel_ops.read(travel.get_travel, case.id).version
    dialog.save()
    assert is_conflict(dialog.summary.message) and dialog.isVisible()
    assert travel_ops.read(travel.get_travel, case.id).version == before
    # Reload closes the dialog and opens it again on the itinerary as it is now.
    qtbot.mouseClick(dialog.changed_banner.reload_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    reopened = [w for w in tab.findChildren(type(dialog)) if w.isVisible()]
    assert len(reopened) == 1 and reopened[0].detail.version == before


def test_plan_item_dialog_changed_by_another_officer(qtbot, returnee, ops, officer, bus, engine, actor_as,
                                                    errors_shown):
    ops.actor = officer
    item = PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(900), Modality.IN_KIND, "Partner NGO")
    ops.write(reintegration.draft_plan, returnee.id, [item])
    tab = _shown(qtbot, ReintegrationTab(ops, bus, returnee.id, returnee.case_number))
    panel = tab.plan_panel
    panel.table.selectRow(0)
    dialog = panel.change_item()
    # A second reintegration officer adds an item meanwhile.
    other = Ops(engine, actor_as(StaffRole.REINTEGRATION_OFFICER, "ieva"))
    plan = other.read(reintegration.get_plan, returnee.id)
    other.write(reintegration.edit_plan, plan.id, plan.version, [
        *[i.as_form() for i in plan.items],
        PlanItemForm(ItemCategory.VOCATIONAL_TRAINING, "Course", eur(300), Modality.IN_KIND, "College")])

    assert _heard(qtbot, bus, dialog, returnee.id).startswith("Changed by another user at ")
    dialog.estimated_cost.line_edit.setText("950")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert errors_shown and is_conflict(errors_shown[-1])
    stored = ops.read(reintegration.get_plan, returnee.id)
    assert [(i.description, i.estimated_cost) for i in stored.items] == [
        ("Sewing machine", eur(900)), ("Course", eur(300))]  # Ieva's item kept, nothing overwritten


def test_needs_assessment_dialog_changed_meanwhile(qtbot, returnee, ops, officer, bus, engine, actor_as, errors_shown):
    ops.actor = officer
    tab = _shown(qtbot, ReintegrationTab(ops, bus, returnee.id, returnee.case_number))
    dialog = tab.plan_panel.assess_needs()
    other = Ops(engine, actor_as(StaffRole.REINTEGRATION_OFFICER, "ieva"))
    from avrcase.services.finance.dto import NeedsAssessmentForm

    other.write(reintegration.save_needs_assessment, returnee.id, NeedsAssessmentForm(FIXED_TODAY, skills="Baker"), None)
    assert _heard(qtbot, bus, dialog, returnee.id).startswith("Changed by another user at ")
    qtbot.keyClicks(dialog.skills, "Tailor")  # an untouched form is refused for being empty before anything else
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert errors_shown and is_conflict(errors_shown[-1])
    assert ops.read(reintegration.get_needs_assessment, returnee.id).form.skills == "Baker"


def test_mark_paid_dialog_changed_by_another_finance_officer(qtbot, household, ops, bus, engine, actor_as,
                                                            errors_shown):
    ops.actor = actor_as(StaffRole.FINANCE_OFFICER)
    ops.write(allowances.plan_payment, household.id,
              PaymentForm(eur(600), PaymentMethod.CASH_AT_DEPARTURE, FIXED_TODAY))
    tab = _shown(qtbot, AllowanceTab(ops, bus, household.id))
    tab.table.selectRow(0)
    dialog = tab.mark_paid()
    payment = ops.read(allowances.get_allowance, household.id).payments[0]
    other = Ops(engine, actor_as(StaffRole.FINANCE_OFFICER, "asta"))
    other.write(allowances.pay_payment, payment.id, payment.version, paid_on=FIXED_TODAY, receipt_signed=True)

    assert _heard(qtbot, bus, dialog, household.id).startswith("Changed by another user at ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert errors_shown and is_conflict(errors_shown[-1])
    assert len(ops.read(allowances.get_allowance, household.id).payments) == 1


def test_travel_document_dialog_changed_by_another_travel_officer(qtbot, travel_ops, bus, engine, actor_as,
                                                                  make_case):
    from avrcase.domain.travel_documents import TravelDocumentStatus
    from avrcase.services.travel import documents as travel_documents

    case = make_case()
    give_passports(travel_ops, case)
    tab = _shown(qtbot, TravelTab(travel_ops, bus, case.id))
    tab.documents.table.selectRow(0)
    dialog = tab.documents.edit_selected()
    document = dialog.document
    other = Ops(engine, actor_as(StaffRole.TRAVEL_OFFICER, "ona"))
    other.write(travel_documents.move_travel_document_status, document.id, document.version,
                TravelDocumentStatus.HANDED_OVER)

    assert _heard(qtbot, bus, dialog, case.id).startswith("Changed by another user at ")
    dialog.save()
    assert is_conflict(dialog.summary.message) and dialog.isVisible()
    traveller = travel_ops.read(travel.get_travel, case.id).travellers[0]
    assert traveller.documents[0].status is TravelDocumentStatus.HANDED_OVER
