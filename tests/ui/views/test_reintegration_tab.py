"""The Reintegration tab: needs assessment, a plan drafted item by item, approved by a manager (the case
moves to reintegration), progress and revisions; monitoring contacts and surveys with their trend."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import update

from avrcase.domain.codes import ClosureReason
from avrcase.domain.finance_codes import ContactMethod, NeedLevel, Referral, SurveyKind
from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality
from avrcase.domain.stages import Stage
from avrcase.services.cases import case_file
from avrcase.services.documents import register as documents
from avrcase.services.finance.dto import PlanItemForm, SurveyForm
from avrcase.services.reintegration import monitoring
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, StageChange
from avrcase.ui.views import reintegration_tab
from avrcase.ui.views.reintegration_tab import ReintegrationTab
from tests.support.clock import FIXED_TODAY
from tests.support.finance import eur
from tests.support.keyboard import answer_box
from tests.ui.finance_setup import manager, officer, project, returnee  # noqa: F401 - fixtures

TODAY = FIXED_TODAY


def make_tab(qtbot, ops, bus, case) -> ReintegrationTab:
    tab = ReintegrationTab(ops, bus, case.id, case.case_number)
    qtbot.addWidget(tab)
    tab.resize(1000, 640)
    tab.show()
    return tab


def add_item(qtbot, panel, category, description, cost):
    dialog = panel.add_item()
    dialog.category.set_code(category.value)
    qtbot.keyClicks(dialog.description, description)
    qtbot.keyClicks(dialog.provider, "Partner NGO Tbilisi")
    qtbot.keyClicks(dialog.estimated_cost.line_edit, cost)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def test_officer_assesses_needs_and_drafts_a_plan_item_by_item(qtbot, returnee, ops, officer, bus):
    ops.actor = officer
    tab = make_tab(qtbot, ops, bus, returnee)
    panel = tab.plan_panel
    assert "No plan yet" in panel.state.text()

    dialog = panel.assess_needs()
    dialog.levels["economic"].set_code(NeedLevel.HIGH.value)
    qtbot.keyClicks(dialog.skills, "Tailor, 10 years")
    dialog.referral_needs.set_values([Referral.EMPLOYMENT])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = ops.read(reintegration.get_needs_assessment, returnee.id).form
    assert (saved.economic_need, saved.skills, saved.referral_needs) == (
        NeedLevel.HIGH, "Tailor, 10 years", (Referral.EMPLOYMENT,))
    assert "Tailor, 10 years" in panel.needs.text() and panel.assess_button.text().replace("&", "") == "Change assessment…"

    add_item(qtbot, panel, ItemCategory.MICRO_BUSINESS, "Sewing machine and fabric", "1200")
    add_item(qtbot, panel, ItemCategory.VOCATIONAL_TRAINING, "Accounting course", "300")
    plan = ops.read(reintegration.get_plan, returnee.id)
    assert [(i.description, i.estimated_cost, i.status) for i in plan.items] == [
        ("Sewing machine and fabric", eur(1200), ItemStatus.PLANNED), ("Accounting course", eur(300), ItemStatus.PLANNED)]
    assert panel.items.rowCount() == 2
    assert "Total €1,500.00 of the cap of €2,000.00 for 1 person" in panel.state.text()
    # The officer may not approve: the button says why.
    assert not panel.approve_button.isEnabled()
    assert panel.approve_button.toolTip() == \
        "Your role (Reintegration officer) does not allow you to approve reintegration plans."

    panel.table.selectRow(1)
    dialog = panel.change_item()
    dialog.estimated_cost.line_edit.setText("450")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ops.read(reintegration.get_plan, returnee.id).total == eur(1650)


def test_a_manager_approves_the_plan_and_the_case_moves_to_reintegration(qtbot, returnee, ops, officer, manager, bus,
                                                                         qtmodeltester):
    ops.actor = officer
    ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.HOUSING, "Three months' rent", eur(900), Modality.CASH, "Landlord")])
    ops.actor = manager
    tab = make_tab(qtbot, ops, bus, returnee)
    panel = tab.plan_panel
    qtmodeltester.check(panel.items)
    assert panel.approve_button.isEnabled() and not panel.add_button.isEnabled()  # managers approve, officers edit
    asked = []
    answer_box("Cancel", answered=asked)
    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    assert "commits €900.00 for 1 item of case" in asked[0]
    assert not ops.read(reintegration.get_plan, returnee.id).is_approved  # one click commits nothing
    answer_box("Approve plan")
    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    plan = ops.read(reintegration.get_plan, returnee.id)
    assert plan.is_approved and plan.items[0].status is ItemStatus.APPROVED
    assert ops.read(case_file.get_case, returnee.id).stage is Stage.REINTEGRATION
    assert "approved on" in panel.state.text() and not panel.approve_button.isEnabled()


def test_a_plan_above_its_cap_is_not_approved_and_says_by_how_much(qtbot, returnee, ops, officer, manager, bus,
                                                                    monkeypatch):
    """Said when Approve is pressed: the manager was first asked to confirm "Approving commits €2,500.00 …"."""
    ops.actor = officer
    ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.MICRO_BUSINESS, "Taxi car", eur(2500), Modality.IN_KIND, "Car dealer")])
    ops.actor = manager
    tab = make_tab(qtbot, ops, bus, returnee)
    assert "color:#b00020" in tab.plan_panel.state.text()  # the total shows red above the cap
    asked = []  # (no box armed to answer: one never shown would answer another test's question)
    monkeypatch.setattr(reintegration_tab, "confirm", lambda *args: asked.append(args) or True)
    qtbot.mouseClick(tab.plan_panel.approve_button, Qt.MouseButton.LeftButton)
    assert asked == []  # never asked
    assert "€500.00 above its cap of €2,000.00" in tab.plan_panel.refusal.message
    assert not ops.read(reintegration.get_plan, returnee.id).is_approved
    assert ops.read(case_file.get_case, returnee.id).stage is Stage.DEPARTED


def test_an_empty_needs_assessment_is_not_saved(qtbot, returnee, ops, officer, bus):
    """Save on an untouched form recorded "Assessed on … by …" with nothing in it."""
    ops.actor = officer
    tab = make_tab(qtbot, ops, bus, returnee)
    dialog = tab.plan_panel.assess_needs()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.errors.message("needs") == (
        "Nothing was assessed: choose the need for support in at least one area, or write what was found.")
    assert ops.read(reintegration.get_needs_assessment, returnee.id) is None
    qtbot.keyClicks(dialog.notes["social"], "Lives with her sister; no other family nearby")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert ops.read(reintegration.get_needs_assessment, returnee.id).form.social_notes.startswith("Lives with")


def test_approving_warns_of_delivery_dates_already_past(qtbot, returnee, ops, officer, manager, bus, engine):
    from sqlalchemy import update

    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import Case

    with unit_of_work(engine) as session:  # registered a while ago: a delivery date before it is refused
        session.execute(update(Case).where(Case.id == returnee.id).values(registered_on=TODAY - dt.timedelta(days=60)))
    ops.actor = officer
    ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.HOUSING, "Three months' rent", eur(900), Modality.CASH, "Landlord",
                     TODAY - dt.timedelta(days=3)),
        PlanItemForm(ItemCategory.EDUCATION, "School fees", eur(400), Modality.CASH, "School", TODAY + dt.timedelta(days=30))])
    ops.actor = manager
    tab = make_tab(qtbot, ops, bus, returnee)
    asked = []
    answer_box("Cancel", answered=asked)
    qtbot.mouseClick(tab.plan_panel.approve_button, Qt.MouseButton.LeftButton)
    assert "commits €1,300.00 for 2 items" in asked[0]
    assert "The delivery date of 1 item is already past: Three months' rent" in asked[0]
    assert "School fees" not in asked[0]
    assert not ops.read(reintegration.get_plan, returnee.id).is_approved


def test_approving_a_plan_with_no_needs_assessment_says_so(qtbot, returnee, ops, officer, manager, bus):
    """Seen on the walk: a manager approved a plan with "No needs assessment yet." above it, and the printout
    went on saying the plan was drawn up "on the basis of the needs assessment"."""
    ops.actor = officer
    ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.HOUSING, "Three months' rent", eur(900), Modality.CASH, "Landlord")])
    ops.actor = manager
    tab = make_tab(qtbot, ops, bus, returnee)
    asked = []
    answer_box("Cancel", answered=asked)
    qtbot.mouseClick(tab.plan_panel.approve_button, Qt.MouseButton.LeftButton)
    assert "No needs assessment is recorded for this case" in asked[0]
    assert not ops.read(reintegration.get_plan, returnee.id).is_approved
    ops.actor = officer
    tab.plan_panel.assessment = None
    dialog = tab.plan_panel.assess_needs()
    qtbot.keyClicks(dialog.notes["economic"], "No income since return")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ops.actor = manager
    tab.reload()
    answer_box("Cancel", answered=asked)
    qtbot.mouseClick(tab.plan_panel.approve_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 and "needs assessment" not in asked[1]


def test_progress_and_revision_keep_the_history(qtbot, returnee, ops, officer, manager, bus):
    ops.actor = officer
    plan = ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.EDUCATION, "School fees", eur(400), Modality.CASH, "School No. 5")])
    ops.actor = manager
    ops.write(reintegration.approve_plan, plan.id, plan.version)
    ops.actor = officer
    tab = make_tab(qtbot, ops, bus, returnee)
    panel = tab.plan_panel
    assert not panel.add_button.isEnabled() and "revise it" in panel.add_button.toolTip()
    panel.table.selectRow(0)
    dialog = panel.record_progress()
    assert dialog.to.value() is ItemStatus.DELIVERED
    dialog.actual_cost.line_edit.setText("380")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    item = ops.read(reintegration.get_plan, returnee.id).items[0]
    assert (item.status, item.actual_cost) == (ItemStatus.DELIVERED, eur(380))

    dialog = panel.revise()
    qtbot.keyClicks(dialog.reason, "Add a vocational course")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    plan = ops.read(reintegration.get_plan, returnee.id)
    assert [r.number for r in plan.revisions] == [1, 2] and not plan.is_approved
    assert panel.revision.isVisibleTo(panel) and panel.revision.count() == 2
    assert panel.add_button.isEnabled()
    panel.revision.setCurrentIndex(1)  # the approved revision 1, read-only
    assert not panel.add_button.isEnabled() and "earlier revision" in panel.add_button.toolTip()


def test_an_item_is_verified_with_a_file_attached_to_the_case_as_proof(qtbot, returnee, ops, officer, manager, bus,
                                                                      actor):
    scan = ops.write(documents.attach_scan, returnee.id, "delivery-note.pdf", b"%PDF-1.4\n%synthetic\n%%EOF\n",
                     "Delivery note No. 17")
    ops.actor = officer
    plan = ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(300), Modality.IN_KIND, "Partner NGO")])
    ops.actor = manager
    plan = ops.write(reintegration.approve_plan, plan.id, plan.version)
    ops.actor = officer
    plan = ops.write(reintegration.move_item, plan.id, plan.version, plan.items[0].key, ItemStatus.DELIVERED,
                     actual_cost=eur(290))
    tab = make_tab(qtbot, ops, bus, returnee)
    tab.plan_panel.table.selectRow(0)
    dialog = tab.plan_panel.record_progress()
    assert dialog.to.value() is ItemStatus.VERIFIED
    assert dialog.proof_file.itemText(1) == "delivery-note.pdf — Delivery note No. 17"
    dialog.proof_file.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    item = ops.read(reintegration.get_plan, returnee.id).items[0]
    assert (item.status, item.proof_attachment_id) == (ItemStatus.VERIFIED, scan.id)


def test_monitoring_contact_and_surveys_show_the_trend(qtbot, returnee, ops, officer, bus, qtmodeltester):
    ops.actor = officer
    tab = make_tab(qtbot, ops, bus, returnee)
    page = tab.monitoring
    dialog = page.record_contact()
    dialog.method.set_code(ContactMethod.PHONE.value)
    qtbot.keyClicks(dialog.findings, "Workshop opened; first customers.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [contact] = ops.read(monitoring.list_contacts, returnee.id)
    assert (contact.method, contact.findings, contact.conducted_by) == (
        ContactMethod.PHONE, "Workshop opened; first customers.", "Test Reintegration officer")
    assert page.contacts.rowCount() == 1

    dialog = page.record_survey()
    assert dialog.kind.value() is SurveyKind.BASELINE
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # nothing answered: refused
    assert "answers" in dialog.errors.message("answers") and ops.read(monitoring.list_surveys, returnee.id) == []
    for picker in dialog.questions.pickers.values():
        picker.setCurrentIndex(2)  # the second answer of every indicator (middle of the scale)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [survey] = ops.read(monitoring.list_surveys, returnee.id)
    assert survey.kind is SurveyKind.BASELINE and survey.composite is not None
    assert page.surveys.rowCount() == 1 and page.chart.chart is not None
    assert page.chart.chart.values[3] == (round(survey.composite * 100),)
    assert page.record_survey().kind.value() is SurveyKind.FOLLOW_UP
    qtmodeltester.check(page.surveys)
    qtmodeltester.check(page.contacts)


def test_a_contact_recorded_wrongly_is_corrected_or_removed(qtbot, returnee, ops, officer, bus, engine):
    """Only "Record contact…" existed: a contact with a wrong day or empty findings stayed for good."""
    from avrcase.services.finance.dto import MonitoringContactForm
    from avrcase.store.models import AuditEntry
    from avrcase.ui.dialogs.monitoring_dialog import MonitoringDialog

    ops.actor = officer
    ops.write(monitoring.record_contact, returnee.id, MonitoringContactForm(TODAY, ContactMethod.PHONE, "Ana", ""))
    tab = make_tab(qtbot, ops, bus, returnee)
    page = tab.monitoring
    assert not page.correct_button.isEnabled() and not page.remove_button.isEnabled()  # nothing chosen yet
    page.contact_table.selectRow(0)
    assert page.correct_button.isEnabled() and page.remove_button.isEnabled()
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    [dialog] = [d for d in page.findChildren(MonitoringDialog) if d.isVisible()]
    assert dialog.windowTitle().startswith("Correct monitoring contact")
    assert dialog.conducted_by.text() == "Ana" and dialog.method.value() is ContactMethod.PHONE
    qtbot.keyClicks(dialog.findings, "Shop rented; equipment delivered.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [contact] = ops.read(monitoring.list_contacts, returnee.id)
    assert contact.findings == "Shop rented; equipment delivered." and contact.conducted_by == "Ana"

    page.contact_table.selectRow(0)
    answer_box("Remove contact", answered=[])
    assert page.remove_contact()
    assert ops.read(monitoring.list_contacts, returnee.id) == [] and page.contacts.rowCount() == 0
    with unit_of_work(engine, write=False) as session:
        removed = session.query(AuditEntry).filter_by(entity="monitoring_contacts", action="delete").one().details
    assert "Shop rented" in removed  # the trail keeps what it said


def test_a_contact_changed_meanwhile_is_not_overwritten(returnee, ops, officer):
    from avrcase.domain.errors import ConflictError
    from avrcase.services.finance.dto import MonitoringContactForm

    ops.actor = officer
    opened = ops.write(monitoring.record_contact, returnee.id,
                       MonitoringContactForm(TODAY, ContactMethod.PHONE, "Ana", "First call"))
    ops.write(monitoring.correct_contact, opened, MonitoringContactForm(TODAY, ContactMethod.HOME_VISIT, "Ana", "Visit"))
    with pytest.raises(ConflictError):
        ops.write(monitoring.correct_contact, opened, MonitoringContactForm(TODAY, ContactMethod.PHONE, "Ana", "Mine"))
    with pytest.raises(ConflictError):
        ops.write(monitoring.remove_contact, opened)
    assert [c.findings for c in ops.read(monitoring.list_contacts, returnee.id)] == ["Visit"]


def test_a_counsellor_reads_but_cannot_change(qtbot, returnee, ops, bus):
    tab = make_tab(qtbot, ops, bus, returnee)  # ops acts as a counsellor
    for button in (tab.plan_panel.add_button, tab.plan_panel.assess_button, tab.monitoring.survey_button):
        assert not button.isEnabled()
        assert "does not allow you to assess needs, plan reintegration and record monitoring" in button.toolTip()


def test_closing_as_reintegrated_waits_for_a_verified_plan_and_the_follow_up(qtbot, engine, returnee, ops, officer,
                                                                              manager, bus):
    returned = TODAY - dt.timedelta(days=400)
    with unit_of_work(engine) as session:
        at = dt.datetime.combine(returned, dt.time(9), dt.timezone.utc)
        session.execute(update(StageChange).where(StageChange.to_stage == "departed").values(changed_at=at))
    ops.actor = officer
    plan = ops.write(reintegration.draft_plan, returnee.id, [
        PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(900))], on=returned)
    ops.actor = manager
    plan = ops.write(reintegration.approve_plan, plan.id, plan.version, on=returned)
    ops.actor = officer
    tab = make_tab(qtbot, ops, bus, returnee)
    page = tab.monitoring
    assert not page.close_button.isEnabled()
    assert "not approved with every item verified" in page.close_button.toolTip()
    assert "follow-up survey at least 12 months" in page.close_button.toolTip()

    key = plan.items[0].key
    plan = ops.write(reintegration.move_item, plan.id, plan.version, key, ItemStatus.DELIVERED,
                     on=returned + dt.timedelta(days=30), actual_cost=eur(880))
    ops.write(reintegration.move_item, plan.id, plan.version, key, ItemStatus.VERIFIED,
              on=returned + dt.timedelta(days=40), proof_note="Visit report")
    answers = tuple((indicator.key, indicator.answers[0].key) for indicator in monitoring.survey_definition().indicators)
    ops.write(monitoring.record_survey, returnee.id, SurveyForm(SurveyKind.FOLLOW_UP, TODAY, answers))
    tab.reload()
    assert page.close_button.isEnabled()
    dialog = page.close_case()
    qtbot.keyClicks(dialog.reason, "Workshop running for a year")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    case = ops.read(case_file.get_case, returnee.id)
    assert (case.stage, case.closure_reason) == (Stage.CLOSED, ClosureReason.RETURNED_AND_REINTEGRATED)
    assert not page.close_button.isEnabled()


def test_double_clicking_a_draft_item_opens_it_for_editing(qtbot, returnee, ops, officer, bus):
    """#19: a double click on a plan item did nothing."""
    from PySide6.QtWidgets import QApplication

    from avrcase.ui.dialogs.plan_item_dialog import PlanItemDialog

    ops.actor = officer
    tab = make_tab(qtbot, ops, bus, returnee)
    panel = tab.plan_panel
    add_item(qtbot, panel, ItemCategory.MICRO_BUSINESS, "Sewing machine and fabric", "1200")
    table = panel.table
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, PlanItemDialog) and w.isVisible()]
    assert len(opened) == 1 and opened[0].description.toPlainText() == "Sewing machine and fabric"
    opened[0].reject()


def test_a_plan_s_item_reached_with_tab_is_chosen_and_its_progress_can_be_recorded(qtbot, returnee, ops, officer,
                                                                                   manager, bus):
    """Tab into a plan of one item drew the focus frame on it, yet nothing was chosen: "Record progress…" stayed
    grey and no arrow key could choose it."""
    from tests.ui.views.test_plan_progress_errors import approved_item

    approved_item(ops, returnee, officer, manager)
    tab = make_tab(qtbot, ops, bus, returnee)
    panel = tab.plan_panel
    assert not panel.progress_button.isEnabled()
    with qtbot.waitActive(tab):
        tab.activateWindow()
    panel.assess_button.setFocus()
    qtbot.keyClick(panel.assess_button, Qt.Key.Key_Tab)
    assert panel.table.hasFocus()
    assert panel.table.selected() is not None and panel.progress_button.isEnabled()


def test_nothing_assessed_goes_with_the_first_answer(qtbot, returnee, ops, officer, bus):
    """"Nothing was assessed: choose the need for support…" stood under the needs after a need was chosen and the
    skills written, as if nothing were."""
    ops.actor = officer
    tab = make_tab(qtbot, ops, bus, returnee)
    dialog = tab.plan_panel.assess_needs()
    dialog.show()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("needs").startswith("Nothing was assessed")
    assert dialog.focusWidget() is dialog.levels["economic"]
    dialog.levels["social"].set_code(NeedLevel.HIGH.value)
    assert dialog.errors.message("needs") == ""
    assert ops.read(reintegration.get_needs_assessment, returnee.id) is None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ops.read(reintegration.get_needs_assessment, returnee.id).form.social_need is NeedLevel.HIGH


def test_a_follow_up_survey_before_the_baseline_is_refused_beside_its_day(qtbot, returnee, ops, officer, bus, engine):
    """A follow-up dated before the baseline was saved: the trend began with a follow-up."""
    returned = FIXED_TODAY - dt.timedelta(days=100)
    with unit_of_work(engine) as session:
        at = dt.datetime.combine(returned, dt.time(9), dt.timezone.utc)
        session.execute(update(StageChange).where(StageChange.case_id == returnee.id,
                                                  StageChange.to_stage == "departed").values(changed_at=at))
        session.execute(update(Case).where(Case.id == returnee.id).values(registered_on=returned - dt.timedelta(days=60)))
    ops.actor = officer
    answers = (("econ_income", "regular"),)
    ops.write(monitoring.record_survey, returnee.id, SurveyForm(SurveyKind.BASELINE, returned + dt.timedelta(days=30),
                                                                 answers))
    tab = make_tab(qtbot, ops, bus, returnee)
    dialog = tab.monitoring.record_survey()
    assert dialog.kind.value() is SurveyKind.FOLLOW_UP
    dialog.surveyed_on.setDate(returned + dt.timedelta(days=10))
    next(iter(dialog.questions.pickers.values())).setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    baseline = returned + dt.timedelta(days=30)
    assert dialog.errors.message("surveyed_on") == (
        f"A follow-up survey cannot be dated before the baseline survey ({baseline:%b} {baseline.day}, "
        f"{baseline.year}).")
    assert len(ops.read(monitoring.list_surveys, returnee.id)) == 1
    dialog.reject()  # an open window would keep the keyboard from the tests after this one
