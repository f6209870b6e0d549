"""The demo's finance data: projects, memberships, allowances, plans, monitoring and surveys that the services
read back consistently (entitlements match payments, approved plans fit their caps, lists are not empty)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from avrcase.domain.finance_codes import SurveyKind
from avrcase.services.accounts import users
from avrcase.services.demo import generate as demo
from avrcase.services.finance import allowances, projects, work_lists
from avrcase.services.reintegration import monitoring
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from avrcase.store.models import (
    AllowancePayment,
    Case,
    PlanItemRecord,
    ProjectCase,
    ReintegrationPlanRecord,
    SustainabilitySurvey,
)
from avrcase.store.schema import open_store
from avrcase.services.permissions import SYSTEM
from tests.support.clock import FIXED_TODAY

TODAY = FIXED_TODAY


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    eng = open_store(f"sqlite:///{tmp_path_factory.mktemp('finance-demo') / 'demo.sqlite'}")
    with unit_of_work(eng) as session:
        demo.generate_demo(session, cases=400, seed=2, today=TODAY, actor=SYSTEM)
    with unit_of_work(eng, write=False) as session:
        staff = {name: users.get_actor(session, name) for name in ("finance", "reintegration", "manager")}
    yield eng, staff
    eng.dispose()


def test_three_projects_hold_every_case_and_no_line_is_overdrawn(store):
    engine, staff = store
    with unit_of_work(engine, write=False) as session:
        names = [p.name for p in projects.list_projects(session, staff["manager"])]
        members = session.scalar(select(func.count()).select_from(ProjectCase))
        cases = session.scalar(select(func.count()).select_from(Case))
        labels = set(session.scalars(select(Case.project)))
        lines = projects.budget_lines(session, staff["manager"])
    assert sorted(names) == ["Assisted Voluntary Return for Vulnerable Persons",
                             "Reintegration: A Future in Homeland", "Return Home"]
    assert members == cases == 400 and labels <= set(names)
    assert all(line.committed.amount > 0 and not line.overdrawn for line in lines)


def test_demo_payments_match_the_entitlement_the_service_computes(store):
    engine, staff = store
    with unit_of_work(engine, write=False) as session:
        paid = session.execute(select(AllowancePayment.case_id, AllowancePayment.planned_on)
                               .where(AllowancePayment.reverses_id.is_(None))).all()
        statuses = Counter(session.scalars(select(AllowancePayment.status)))
        reversals = session.scalar(select(func.count()).where(AllowancePayment.reverses_id.is_not(None)))
        details = [allowances.get_allowance(session, staff["finance"], case_id, on=day) for case_id, day in paid[:60]]
    assert statuses["paid"] > 50 and statuses["planned"] > 0 and reversals >= 1
    for detail in details:
        assert detail.position.committed <= detail.entitlement.amount
        assert not detail.position.overdrawn
    simple = [d for d in details if not d.overrides and [p.status.value for p in d.payments] == ["paid"]]
    assert simple and all(d.payments[0].amount == d.entitlement.amount for d in simple)


def test_plans_have_items_in_every_status_and_approved_ones_fit_their_cap(store):
    engine, staff = store
    with unit_of_work(engine, write=False) as session:
        statuses = set(session.scalars(select(PlanItemRecord.status)))
        case_ids = session.scalars(select(ReintegrationPlanRecord.case_id)).all()
        plans = [reintegration.get_plan(session, staff["reintegration"], case_id) for case_id in case_ids]
        revised = [p for p in plans if len(p.revisions) > 1]
        overdue = work_lists.overdue_items(session, staff["reintegration"])
    assert statuses == {"planned", "approved", "delivered", "verified", "cancelled"}
    for plan in plans:
        first = plan.revisions[0]
        if first.approved_on is not None:
            assert sum(i.estimated_cost.amount for i in first.items if i.status.value != "cancelled") <= plan.cap.amount
    assert revised and overdue


def test_returned_cases_have_contacts_and_improving_surveys(store):
    engine, staff = store
    with unit_of_work(engine, write=False) as session:
        case_id = session.scalar(select(SustainabilitySurvey.case_id).where(SustainabilitySurvey.kind == "follow_up")
                                 .order_by(SustainabilitySurvey.case_id).limit(1))
        surveys = monitoring.list_surveys(session, staff["reintegration"], case_id)
        contacts = monitoring.list_contacts(session, staff["reintegration"], case_id)
        due = work_lists.allowances_due(session, staff["finance"], days=60)
        monitoring_due = work_lists.monitoring_due(session, staff["reintegration"])
    assert surveys[0].kind is SurveyKind.BASELINE and surveys[-1].kind is SurveyKind.FOLLOW_UP
    assert all(0 <= s.composite <= 1 for s in surveys if s.composite is not None)
    assert contacts and due and monitoring_due



def test_every_demo_payment_names_the_principal_applicant_it_was_paid_to(store):
    engine, _staff = store
    with unit_of_work(engine, write=False) as session:
        rows = session.execute(select(AllowancePayment.paid_to_id, Case.principal_id)
                               .join(Case, Case.id == AllowancePayment.case_id)).all()
    assert rows and all(paid_to == principal for paid_to, principal in rows)
