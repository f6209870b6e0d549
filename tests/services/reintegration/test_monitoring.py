"""Monitoring: contacts, surveys scored into dimensions and a composite (hand-worked), the trend kept, and
closing a case only once the plan is verified and a follow-up survey 12 months after return is in."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.domain.finance_codes import ContactMethod, SurveyKind
from avrcase.domain.reintegration import ItemCategory, ItemStatus
from avrcase.services.cases import case_file
from avrcase.services.finance.dto import MonitoringContactForm, PlanItemForm, SurveyForm
from avrcase.services.reintegration import monitoring
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, StageChange, SustainabilitySurvey
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project, walk_to_departed

TODAY = FIXED_TODAY
RETURNED = TODAY - dt.timedelta(days=400)
#: economic 3.5/5 = 0.7; social 2.5/4 = 0.625 (education does not apply); psychosocial 3.25/5 = 0.65
ANSWERS = (
    ("econ_income", "regular"), ("econ_debt", "none"), ("econ_food", "never"), ("econ_satisfaction", "neutral"),
    ("econ_assets", "neither"),
    ("soc_housing", "adequate"), ("soc_health", "limited"), ("soc_education", "not_applicable"),
    ("soc_documents", "all"), ("soc_services", "none"),
    ("psy_participation", "often"), ("psy_support", "few"), ("psy_belonging", "agree"),
    ("psy_discrimination", "never"), ("psy_wellbeing", "often"),
)


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.REINTEGRATION_OFFICER)


@pytest.fixture
def returnee(engine, make_case, actor, actor_as):
    """A case that departed 400 days ago and is in Return Home."""
    manager = actor_as(StaffRole.MANAGER)
    project = make_project(engine, manager)
    case = make_case()
    assign(engine, manager, case.id, project.id)
    walk_to_departed(engine, actor, case.id)
    with unit_of_work(engine) as session:
        at = dt.datetime.combine(RETURNED, dt.time(9), dt.timezone.utc)
        session.execute(update(StageChange).where(StageChange.to_stage == "departed").values(changed_at=at))
        session.execute(update(Case).where(Case.id == case.id).values(registered_on=RETURNED - dt.timedelta(days=90)))
    return case


def _survey(engine, officer, case_id, kind, day, answers=ANSWERS):
    with unit_of_work(engine) as session:
        return monitoring.record_survey(session, officer, case_id, SurveyForm(kind, day, answers))


def test_survey_scores_match_a_hand_worked_example(engine, officer, returnee):
    row = _survey(engine, officer, returnee.id, SurveyKind.BASELINE, RETURNED + dt.timedelta(days=40))
    assert row.economic == pytest.approx(0.7)
    assert row.social == pytest.approx(0.625)
    assert row.psychosocial == pytest.approx(0.65)
    assert row.composite == pytest.approx((0.7 + 0.625 + 0.65) / 3)
    assert row.months_after_return == 1
    with unit_of_work(engine, write=False) as session:
        stored = session.get(SustainabilitySurvey, row.id)
        assert {a.indicator: a.answer for a in stored.answers}["soc_education"] == "not_applicable"


def test_the_trend_shows_baseline_then_follow_ups(engine, officer, returnee):
    _survey(engine, officer, returnee.id, SurveyKind.BASELINE, RETURNED + dt.timedelta(days=20))
    better = tuple((k, "regular" if k == "econ_income" else "both" if k == "econ_assets" else v) for k, v in ANSWERS)
    _survey(engine, officer, returnee.id, SurveyKind.FOLLOW_UP, RETURNED + dt.timedelta(days=200), better)
    with pytest.raises(ValidationError, match="already has a baseline"):
        _survey(engine, officer, returnee.id, SurveyKind.BASELINE, TODAY)
    with unit_of_work(engine, write=False) as session:
        surveys = monitoring.list_surveys(session, officer, returnee.id)
    assert [s.kind for s in surveys] == [SurveyKind.BASELINE, SurveyKind.FOLLOW_UP]
    assert [s.economic for s in surveys] == [pytest.approx(0.7), pytest.approx(0.9)]


def test_an_unknown_answer_is_refused(engine, officer, returnee):
    with pytest.raises(ValidationError, match="is not an answer"):
        _survey(engine, officer, returnee.id, SurveyKind.BASELINE, TODAY, (("econ_income", "lottery"),))


def test_contacts_are_recorded_and_listed(engine, officer, returnee):
    with unit_of_work(engine) as session:
        monitoring.record_contact(session, officer, returnee.id, MonitoringContactForm(
            RETURNED + dt.timedelta(days=90), ContactMethod.PHONE, "Partner caseworker", "Shop opened"))
    with pytest.raises(ValidationError, match="who made the contact"), unit_of_work(engine) as session:
        monitoring.record_contact(session, officer, returnee.id, MonitoringContactForm(TODAY, ContactMethod.PHONE, ""))
    with unit_of_work(engine, write=False) as session:
        rows = monitoring.list_contacts(session, officer, returnee.id)
    assert [(r.method, r.findings, r.recorded_by) for r in rows] == [
        (ContactMethod.PHONE, "Shop opened", "Test Reintegration officer")]


def test_closing_needs_a_verified_plan_and_a_follow_up_after_twelve_months(engine, officer, returnee, actor_as):
    manager = actor_as(StaffRole.MANAGER)
    with unit_of_work(engine) as session:
        plan = reintegration.draft_plan(session, officer, returnee.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(900))], on=RETURNED)
    with unit_of_work(engine) as session:
        plan = reintegration.approve_plan(session, manager, plan.id, plan.version, on=RETURNED)
        plan = reintegration.move_item(session, officer, plan.id, plan.version, "i1", ItemStatus.DELIVERED,
                                       on=RETURNED + dt.timedelta(days=60), actual_cost=eur(880))

    def close():
        with unit_of_work(engine) as session:
            version = case_file.get_case(session, officer, returnee.id).version
            return monitoring.close_reintegrated_case(session, officer, returnee.id, version, "Plan complete")

    with unit_of_work(engine, write=False) as session:
        assert len(monitoring.closing_blockers(session, officer, returnee.id)) == 2
    with unit_of_work(engine) as session:
        reintegration.move_item(session, officer, plan.id, plan.version, "i1", ItemStatus.VERIFIED,
                                on=RETURNED + dt.timedelta(days=70), proof_note="Visit report 12")
    _survey(engine, officer, returnee.id, SurveyKind.FOLLOW_UP, RETURNED + dt.timedelta(days=300))
    with pytest.raises(ValidationError, match="12 months"):
        close()
    _survey(engine, officer, returnee.id, SurveyKind.FOLLOW_UP, RETURNED + dt.timedelta(days=370))
    closed = close()
    assert closed.stage == "closed" and closed.closure_reason == "returned_reintegrated"


def test_finance_officers_do_not_record_monitoring(engine, actor_as, returnee):
    with pytest.raises(PermissionDeniedError), unit_of_work(engine) as session:
        monitoring.record_contact(session, actor_as(StaffRole.FINANCE_OFFICER), returnee.id,
                                  MonitoringContactForm(TODAY, ContactMethod.PHONE, "Me"))


def test_months_between_counts_whole_months():
    assert monitoring.months_between(dt.date(2025, 1, 31), dt.date(2026, 1, 30)) == 11
    assert monitoring.months_between(dt.date(2025, 1, 31), dt.date(2026, 1, 31)) == 12


def test_nothing_is_dated_before_the_return_or_the_registration(engine, officer, returnee):
    """A survey dated before the return showed "−11 months after return"; an assessment of 2020 and a delivery
    date of 2019 were saved for a case registered in 2025: each is refused beside its field, nothing saved."""
    from avrcase.services.finance.dto import NeedsAssessmentForm

    registered = RETURNED - dt.timedelta(days=90)
    early = RETURNED - dt.timedelta(days=1)
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as refused:
        monitoring.record_contact(session, officer, returnee.id, MonitoringContactForm(
            early, ContactMethod.PHONE, "Partner caseworker", "Shop opened"))
    assert refused.value.errors == {"contacted_on": "A monitoring contact cannot be dated before the return "
                                                    f"({RETURNED:%b} {RETURNED.day}, {RETURNED.year})."}
    with pytest.raises(ValidationError) as refused:
        _survey(engine, officer, returnee.id, SurveyKind.FOLLOW_UP, early)
    assert list(refused.value.errors) == ["surveyed_on"] and "before the return" in refused.value.errors["surveyed_on"]
    with pytest.raises(ValidationError) as refused:
        _survey(engine, officer, returnee.id, SurveyKind.BASELINE, registered - dt.timedelta(days=1))
    assert "before the case was registered" in refused.value.errors["surveyed_on"]
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as refused:
        reintegration.save_needs_assessment(session, officer, returnee.id, NeedsAssessmentForm(dt.date(2020, 1, 1)))
    assert "before the case was registered" in refused.value.errors["assessed_on"]
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as refused:
        reintegration.draft_plan(session, officer, returnee.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Sewing machine", eur(900), due_on=dt.date(2019, 1, 1))])
    assert refused.value.errors == {"items.0.due_on": "The delivery date cannot be before the case was registered "
                                                      f"({registered:%b} {registered.day}, {registered.year})."}
    with unit_of_work(engine, write=False) as session:
        assert monitoring.list_contacts(session, officer, returnee.id) == []
        assert reintegration.get_plan(session, officer, returnee.id) is None
        assert reintegration.get_needs_assessment(session, officer, returnee.id) is None
    # the day of the return itself is fine
    _survey(engine, officer, returnee.id, SurveyKind.BASELINE, registered)
    _survey(engine, officer, returnee.id, SurveyKind.FOLLOW_UP, RETURNED)


def test_findings_with_a_direction_override_are_refused_beside_them(engine, officer, returnee):
    """"Shop opened" with U+202E would read reversed in the list: refused, nothing saved."""
    with pytest.raises(ValidationError) as raised, unit_of_work(engine) as session:
        monitoring.record_contact(session, officer, returnee.id, MonitoringContactForm(
            RETURNED + dt.timedelta(days=90), ContactMethod.PHONE, "Partner caseworker", "Shop \u202edenepo"))
    assert "invisible direction controls" in raised.value.errors["findings"]
    with unit_of_work(engine, write=False) as session:
        assert monitoring.list_contacts(session, officer, returnee.id) == []


def test_a_baseline_after_a_follow_up_is_refused(engine, officer, returnee):
    first = RETURNED + dt.timedelta(days=200)
    _survey(engine, officer, returnee.id, SurveyKind.FOLLOW_UP, first)
    with pytest.raises(ValidationError) as refused:
        _survey(engine, officer, returnee.id, SurveyKind.BASELINE, first + dt.timedelta(days=1))
    assert refused.value.errors == {"surveyed_on": "The baseline survey cannot be dated after the first follow-up "
                                                   f"survey ({first:%b} {first.day}, {first.year})."}
    _survey(engine, officer, returnee.id, SurveyKind.BASELINE, first)  # the same day is fine
