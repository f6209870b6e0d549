"""The finance services on PostgreSQL: a payment against the entitlement and budget line, a plan approved,
budget sums computed in SQL, and a stale plan save refused."""

from __future__ import annotations


import pytest

from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError, ValidationError
from avrcase.domain.reintegration import ItemCategory, ItemStatus
from avrcase.services import allowances, cases, projects, reintegration, users
from avrcase.services.finance_dto import PaymentForm, PlanItemForm
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form
from tests.support.finance import eur, project_form
from tests.support.clock import FIXED_TODAY

TODAY = FIXED_TODAY


def test_payment_and_plan_on_postgres(pg_engine):
    with unit_of_work(pg_engine) as session:
        staff = {role: users.actor_by_id(session, users.add_user(session, None, role.value.replace("_", "-"),
                                                                 role.label, role).id)
                 for role in (StaffRole.COUNSELLOR, StaffRole.FINANCE_OFFICER, StaffRole.MANAGER,
                              StaffRole.REINTEGRATION_OFFICER)}
        project = projects.create_project(session, staff[StaffRole.MANAGER], project_form())
        case = cases.register_case(session, staff[StaffRole.COUNSELLOR], make_case_form(members=1))
        projects.assign_case(session, staff[StaffRole.MANAGER], case.id, project.id)
    finance, manager = staff[StaffRole.FINANCE_OFFICER], staff[StaffRole.MANAGER]
    officer = staff[StaffRole.REINTEGRATION_OFFICER]
    with unit_of_work(pg_engine) as session:
        paid = allowances.record_payment(session, finance, case.id, PaymentForm(
            eur("500.10"), PaymentMethod.CASH_AT_DEPARTURE, TODAY), paid_on=TODAY, receipt_signed=True)
    with pytest.raises(ValidationError, match="remains of the entitlement"), unit_of_work(pg_engine) as session:
        allowances.plan_payment(session, finance, case.id, PaymentForm(eur(250), PaymentMethod.TRANSFER, TODAY))
    with unit_of_work(pg_engine) as session:
        plan = reintegration.draft_plan(session, officer, case.id, [
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Bakery oven", eur("1999.99"))])
        plan = reintegration.approve_plan(session, manager, plan.id, plan.version)
        plan = reintegration.move_item(session, officer, plan.id, plan.version, "i1", ItemStatus.DELIVERED,
                                       actual_cost=eur("1950.00"))
    with pytest.raises(ConflictError), unit_of_work(pg_engine) as session:
        reintegration.move_item(session, officer, plan.id, plan.version - 1, "i1", ItemStatus.CANCELLED)
    with unit_of_work(pg_engine, write=False) as session:
        detail = allowances.get_allowance(session, finance, case.id)
        lines = projects.budget_lines(session, manager, project_id=project.id)
    assert detail.payments[0].amount == paid.amount == eur("500.10")
    assert detail.position.remaining == eur("249.90")  # 500 + 250 for the child, less 500.10
    assert [(line.spent, line.remaining) for line in lines] == [(eur("500.10"), eur("9499.90")),
                                                                (eur(1950), eur(48050))]


def test_after_a_demo_on_postgres_new_payments_and_plans_get_fresh_ids(pg_engine):
    from sqlalchemy import select

    from avrcase.services import demo
    from avrcase.store.models import AllowancePayment, ProjectCase, ReintegrationPlanRecord

    with unit_of_work(pg_engine) as session:
        demo.generate_demo(session, cases=60, seed=4, today=TODAY)
    with unit_of_work(pg_engine) as session:
        finance, officer = users.get_actor(session, "finance"), users.get_actor(session, "reintegration")
        taken = set(session.scalars(select(ReintegrationPlanRecord.case_id)))
        taken |= set(session.scalars(select(AllowancePayment.case_id)))
        case_id = session.scalar(select(ProjectCase.case_id).where(ProjectCase.case_id.not_in(taken))
                                 .order_by(ProjectCase.case_id).limit(1))
        paid = allowances.record_payment(session, finance, case_id, PaymentForm(
            eur(100), PaymentMethod.TRANSFER, TODAY), paid_on=TODAY)
        plan = reintegration.draft_plan(session, officer, case_id, [
            PlanItemForm(ItemCategory.HOUSING, "Rent", eur(300))])
    assert paid.id > 1 and plan.items[0].status is ItemStatus.PLANNED
