"""Reintegration: needs assessment, plan drafted, approved by a manager within the cap and the budget line,
revised with its history kept, items delivered and verified with proof; the case moves to "reintegration"."""

from __future__ import annotations

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality
from avrcase.domain.finance_codes import LineKind, NeedLevel, Referral
from avrcase.services.cases import case_file
from avrcase.services.documents import register as documents
from avrcase.services.finance.dto import (
    BudgetLineForm,
    NeedsAssessmentForm,
    PlanItemForm,
)
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from avrcase.store.models import PlanItemRecord, PlanRevisionRecord
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project, walk_to_departed

TODAY = FIXED_TODAY
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.REINTEGRATION_OFFICER)


@pytest.fixture
def manager(actor_as):
    return actor_as(StaffRole.MANAGER)


@pytest.fixture
def returnee(engine, make_case, manager, actor):
    """A departed individual in Return Home (cap 2,000 per person)."""
    project = make_project(engine, manager)
    case = make_case()
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor, case.id)
    return case


def _items(*costs, due_on=None):
    categories = [ItemCategory.MICRO_BUSINESS, ItemCategory.VOCATIONAL_TRAINING, ItemCategory.HOUSING]
    return [PlanItemForm(categories[i % 3], f"Item {i + 1}", eur(cost), Modality.IN_KIND, "Partner NGO", due_on)
            for i, cost in enumerate(costs)]


def _draft(engine, officer, case_id, *costs):
    with unit_of_work(engine) as session:
        return reintegration.draft_plan(session, officer, case_id, _items(*costs), on=TODAY)


def _approve(engine, manager, plan):
    with unit_of_work(engine) as session:
        return reintegration.approve_plan(session, manager, plan.id, plan.version, on=TODAY)


def test_needs_assessment_is_saved_and_read_back(engine, officer, returnee):
    form = NeedsAssessmentForm(TODAY, NeedLevel.HIGH, NeedLevel.LOW, NeedLevel.MEDIUM, economic_notes="No income",
                               skills="Carpenter", plans="Open a workshop", referral_needs=(Referral.HEALTH,))
    with unit_of_work(engine) as session:
        saved = reintegration.save_needs_assessment(session, officer, returnee.id, form)
    with unit_of_work(engine) as session:
        reintegration.save_needs_assessment(session, officer, returnee.id,
                                            NeedsAssessmentForm(TODAY, skills="Carpenter, driver"), saved.version)
    with pytest.raises(ConflictError), unit_of_work(engine) as session:
        reintegration.save_needs_assessment(session, officer, returnee.id, form, saved.version)
    with unit_of_work(engine, write=False) as session:
        loaded = reintegration.get_needs_assessment(session, officer, returnee.id)
    assert loaded.form.skills == "Carpenter, driver" and loaded.assessed_by == "Test Reintegration officer"


def test_approval_moves_the_case_to_reintegration_and_approves_every_item(engine, officer, manager, returnee, actor):
    plan = _draft(engine, officer, returnee.id, 1200, 500)
    assert plan.total == eur(1700) and plan.cap == eur(2000) and not plan.is_approved
    with pytest.raises(PermissionDeniedError):
        _approve(engine, officer, plan)
    approved = _approve(engine, manager, plan)
    assert approved.is_approved and approved.current.approved_by == "Test Manager"
    assert {item.status for item in approved.items} == {ItemStatus.APPROVED}
    with unit_of_work(engine, write=False) as session:
        case = case_file.get_case(session, actor, returnee.id)
    assert case.stage == "reintegration"


def test_a_plan_above_the_cap_is_refused_with_the_numbers(engine, officer, manager, returnee):
    plan = _draft(engine, officer, returnee.id, 1500, 600)
    with pytest.raises(ValidationError) as refused:
        _approve(engine, manager, plan)
    assert "€2,100.00 is €100.00 above its cap of €2,000.00" in str(refused.value)


def test_a_plan_above_the_budget_line_is_refused(engine, officer, manager, make_case):
    project = make_project(engine, manager, name="Small", lines=(
        BudgetLineForm(LineKind.REINTEGRATION, "Support", eur(1000)),))
    case = make_case()
    assign(engine, manager, case.id, project.id)
    plan = _draft(engine, officer, case.id, 1200)
    with pytest.raises(ValidationError, match="budget line “Support”: €1,000.00 of €1,000.00"):
        _approve(engine, manager, plan)


def test_revision_keeps_what_was_agreed_and_delivered_items_stay(engine, officer, manager, returnee):
    plan = _approve(engine, manager, _draft(engine, officer, returnee.id, 1200, 500))
    with unit_of_work(engine) as session:
        plan = reintegration.move_item(session, officer, plan.id, plan.version, "i1", ItemStatus.DELIVERED,
                                       on=TODAY, actual_cost=eur(1150))
    forms = [item.as_form() for item in plan.items]
    forms[1] = PlanItemForm(ItemCategory.EDUCATION, "Evening school", eur(600))
    with pytest.raises(ValidationError, match="why the plan is revised"), unit_of_work(engine) as session:
        reintegration.revise_plan(session, officer, plan.id, plan.version, forms, " ")
    with unit_of_work(engine) as session:
        revised = reintegration.revise_plan(session, officer, plan.id, plan.version, forms, "Training moved online")
    assert [rev.number for rev in revised.revisions] == [1, 2]
    assert [i.description for i in revised.revisions[0].items] == ["Item 1", "Item 2"]
    assert [(i.key, i.status) for i in revised.items] == [("i1", ItemStatus.DELIVERED), ("i3", ItemStatus.PLANNED)]
    assert revised.total == eur(1750) and not revised.is_approved
    removed = [f for f in forms if f.key != "i1"]
    with pytest.raises(ValidationError, match="already delivered"), unit_of_work(engine) as session:
        reintegration.edit_plan(session, officer, revised.id, revised.version, removed)


def test_items_are_verified_with_an_attached_proof(engine, officer, manager, returnee, actor):
    plan = _approve(engine, manager, _draft(engine, officer, returnee.id, 800))
    with unit_of_work(engine) as session:
        attachment = documents.attach_scan(session, actor, returnee.id, "invoice.pdf", PDF)
        plan = reintegration.move_item(session, officer, plan.id, plan.version, "i1", ItemStatus.DELIVERED,
                                       on=TODAY, actual_cost=eur(790))
    with pytest.raises(ValidationError, match="proof"), unit_of_work(engine) as session:
        reintegration.move_item(session, officer, plan.id, plan.version, "i1", ItemStatus.VERIFIED, on=TODAY)
    with unit_of_work(engine) as session:
        verified = reintegration.move_item(session, officer, plan.id, plan.version, "i1", ItemStatus.VERIFIED,
                                           on=TODAY, proof_attachment_id=attachment.id)
    item = verified.items[0]
    assert (item.status, item.actual_cost, item.proof_attachment_id) == (ItemStatus.VERIFIED, eur(790), attachment.id)
    assert verified.is_verified
    with unit_of_work(engine, write=False) as session:
        assert reintegration.plan_is_verified(session, returnee.id)


def test_a_stale_plan_save_is_a_conflict(engine, officer, returnee):
    plan = _draft(engine, officer, returnee.id, 100)
    with unit_of_work(engine) as session:
        reintegration.edit_plan(session, officer, plan.id, plan.version, _items(200))
    with pytest.raises(ConflictError), unit_of_work(engine) as session:
        reintegration.edit_plan(session, officer, plan.id, plan.version, _items(300))
    with unit_of_work(engine, write=False) as session:
        assert session.query(PlanRevisionRecord).count() == 1
        assert [i.estimated_minor for i in session.query(PlanItemRecord)] == [20000]


def test_finance_officers_read_plans_but_do_not_draft(engine, actor_as, returnee):
    with pytest.raises(PermissionDeniedError):
        _draft(engine, actor_as(StaffRole.FINANCE_OFFICER), returnee.id, 100)


def test_assessment_notes_with_a_direction_override_are_refused_beside_them(engine, officer, returnee):
    form = NeedsAssessmentForm(TODAY, NeedLevel.HIGH, skills="Carpenter", plans="Open a \u202epohskrow")
    with pytest.raises(ValidationError) as raised, unit_of_work(engine) as session:
        reintegration.save_needs_assessment(session, officer, returnee.id, form)
    assert list(raised.value.errors) == ["plans"] and "invisible direction controls" in raised.value.errors["plans"]
