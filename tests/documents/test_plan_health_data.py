"""The reintegration plan and the returnee's health information (GDPR art. 9): the needs assessment's psychosocial
notes, referrals to health services and the referral notes print only for, and open only to, roles that may see
medical details."""

from __future__ import annotations

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.domain.finance_codes import NeedLevel, Referral
from avrcase.domain.reintegration import ItemCategory, Modality
from avrcase.services.documents import register as documents
from avrcase.services.finance.dto import NeedsAssessmentForm, PlanItemForm
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from tests.documents.conftest import page_texts
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project, walk_to_departed

NOTES, WHY = "Stress after return and sleeps badly", "Psychiatrist at the district clinic for insomnia"


@pytest.fixture
def assessed(engine, make_case, actor, actor_as):
    """A departed returnee whose needs assessment holds psychosocial notes and a mental-health referral."""
    manager, officer = actor_as(StaffRole.MANAGER), actor_as(StaffRole.REINTEGRATION_OFFICER)
    case = make_case()
    assign(engine, manager, case.id, make_project(engine, manager).id)
    walk_to_departed(engine, actor, case.id)
    with unit_of_work(engine) as session:
        reintegration.save_needs_assessment(session, officer, case.id, NeedsAssessmentForm(
            FIXED_TODAY, NeedLevel.HIGH, NeedLevel.LOW, NeedLevel.HIGH, economic_notes="No income since return",
            psychosocial_notes=NOTES, referral_needs=(Referral.MENTAL_HEALTH, Referral.EMPLOYMENT),
            referral_notes=WHY))
        reintegration.draft_plan(session, officer, case.id, [PlanItemForm(
            ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(900), Modality.IN_KIND, "Partner NGO")], on=FIXED_TODAY)
    return case


def _issue(engine, actor, case_id):
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "reintegration-plan", case_id, "en")
        return row, "\n".join(page_texts(documents.document_bytes(session, actor, row.id)))


def test_finance_officer_and_manager_neither_print_nor_open_the_returnees_health_notes(engine, actor_as, assessed):
    """Every role that may read plans saw the psychosocial notes ("Stress after return…") and the mental-health
    referral in the plan they printed, and opened the reintegration officer's copy that prints them."""
    officer = actor_as(StaffRole.REINTEGRATION_OFFICER)
    row, text = _issue(engine, officer, assessed.id)
    assert row.sensitive and NOTES in text and WHY in text and "Mental health" in text
    for role in (StaffRole.FINANCE_OFFICER, StaffRole.MANAGER):
        reader = actor_as(role)
        with unit_of_work(engine) as session:
            assessment = reintegration.get_needs_assessment(session, reader, assessed.id)
            assert assessment.health_hidden == {"psychosocial", "referrals"} and assessment.form.psychosocial_notes == ""
            assert assessment.form.referral_needs == (Referral.EMPLOYMENT,)
            with pytest.raises(PermissionDeniedError) as refused:
                documents.document_bytes(session, reader, row.id)
        assert "psychosocial notes" in str(refused.value)
        if role is StaffRole.MANAGER:
            continue  # a manager issues no documents
        own, own_text = _issue(engine, reader, assessed.id)  # their own copy leaves the health notes out
        assert not own.sensitive and "No income since return" in own_text and "Employment services" in own_text
        assert NOTES not in own_text and WHY not in own_text and "Mental health" not in own_text


def test_the_audit_trail_hides_the_health_notes_from_a_manager(engine, actor_as, assessed):
    """A manager read the psychosocial notes as the needs assessment's recorded values in the audit trail."""
    from avrcase.services.data_protection import audit_trail

    with unit_of_work(engine, write=False) as session:
        rows = audit_trail.list_entries(session, actor_as(StaffRole.MANAGER), audit_trail.AuditQuery(limit=1000))
    details = "\n".join(r.summary for r in rows if r.entity == "needs_assessments")
    assert "psychosocial_notes: — → hidden for your role" in details and "No income since return" in details
    assert NOTES not in details and WHY not in details and "mental_health" not in details
