"""Work lists: allowances due before departures, plan items overdue, monitoring due, the budget view and CSV."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from sqlalchemy import update

from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.domain.reintegration import ItemCategory, ItemStatus
from avrcase.domain.finance_codes import ContactMethod, LineKind
from avrcase.services.finance import allowances, projects, work_lists
from avrcase.services.finance.dto import (
    BudgetLineRow,
    MonitoringContactForm,
    MonitoringDueRow,
    PaymentForm,
    PlanItemForm,
)
from avrcase.services.reintegration import monitoring
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, Itinerary, StageChange
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project, walk_to_departed

TODAY = FIXED_TODAY


@pytest.fixture
def project(engine, manager):
    return make_project(engine, manager)


def _scheduled(engine, make_case, manager, project, days_ahead, **kwargs):
    """A case in travel preparation with a booked departure ``days_ahead`` days from today."""
    case = make_case(**kwargs)
    assign(engine, manager, case.id, project.id)
    with unit_of_work(engine) as session:
        session.add(Itinerary(case_id=case.id, departure_date=TODAY + dt.timedelta(days=days_ahead)))
        session.execute(update(Case).where(Case.id == case.id).values(stage="travel_preparation"))
    return case


def test_allowances_due_lists_departures_soon_without_an_allowance(engine, make_case, manager, project, actor_as):
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    soon = _scheduled(engine, make_case, manager, project, 3)
    paid = _scheduled(engine, make_case, manager, project, 5)
    _scheduled(engine, make_case, manager, project, 40)
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, paid.id, PaymentForm(eur(500), PaymentMethod.CASH_AT_DEPARTURE,
                                                                         TODAY), paid_on=TODAY)
    with unit_of_work(engine, write=False) as session:
        due = work_lists.allowances_due(session, finance, days=14)
        georgia = work_lists.allowances_due(session, finance, days=14, country="ua")
    assert [(r.case_number, r.departure_on, r.project_name) for r in due] == [
        (soon.case_number, TODAY + dt.timedelta(days=3), "Return Home")]
    assert georgia == []


def test_overdue_items_are_late_deliveries_and_late_verifications(engine, make_case, manager, project, actor_as):
    officer = actor_as(StaffRole.REINTEGRATION_OFFICER)
    case = make_case()
    assign(engine, manager, case.id, project.id)
    long_ago = TODAY - dt.timedelta(days=60)
    with unit_of_work(engine) as session:  # registered before its plan: nothing is due before the registration
        session.execute(update(Case).where(Case.id == case.id).values(registered_on=long_ago - dt.timedelta(days=30)))
    with unit_of_work(engine) as session:
        plan = reintegration.draft_plan(session, officer, case.id, [
            PlanItemForm(ItemCategory.HOUSING, "Rent for 3 months", eur(600), due_on=TODAY - dt.timedelta(days=10)),
            PlanItemForm(ItemCategory.MICRO_BUSINESS, "Tools", eur(400), due_on=TODAY + dt.timedelta(days=10)),
            PlanItemForm(ItemCategory.EDUCATION, "Course", eur(300), due_on=long_ago)], on=long_ago)
        plan = reintegration.approve_plan(session, manager, plan.id, plan.version, on=long_ago)
        reintegration.move_item(session, officer, plan.id, plan.version, "i3", ItemStatus.DELIVERED,
                                on=long_ago + dt.timedelta(days=5), actual_cost=eur(300))
    with unit_of_work(engine, write=False) as session:
        rows = work_lists.overdue_items(session, officer)
        housing = work_lists.overdue_items(session, officer, category=ItemCategory.HOUSING)
    assert [(r.item_key, r.status, r.days_overdue) for r in rows] == [
        ("i3", ItemStatus.DELIVERED, 25), ("i1", ItemStatus.APPROVED, 10)]
    assert [r.description for r in housing] == ["Rent for 3 months"]


def test_monitoring_due_by_months_since_return(engine, make_case, manager, project, actor, actor_as):
    officer = actor_as(StaffRole.REINTEGRATION_OFFICER)
    cases = [make_case() for _ in range(3)]
    returned = [TODAY - dt.timedelta(days=100), TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=20)]
    for case, day in zip(cases, returned, strict=True):
        walk_to_departed(engine, actor, case.id)
        with unit_of_work(engine) as session:
            session.execute(update(StageChange).where(StageChange.case_id == case.id, StageChange.to_stage == "departed")
                            .values(changed_at=dt.datetime.combine(day, dt.time(10), dt.timezone.utc)))
    with unit_of_work(engine) as session:  # the 200-day case was seen after its 6-month checkpoint
        monitoring.record_contact(session, officer, cases[1].id, MonitoringContactForm(
            TODAY - dt.timedelta(days=5), ContactMethod.HOME_VISIT, "Partner"))
    with unit_of_work(engine, write=False) as session:
        due = work_lists.monitoring_due(session, officer)
        later = work_lists.monitoring_due(session, officer, min_months=4)
    assert [(r.case_number, r.checkpoint_months, r.months_since_return) for r in due] == [
        (cases[0].case_number, 3, 3)]
    assert later == []


def test_budget_view_and_csv_export(engine, make_case, manager, project, actor_as):
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    case = make_case()
    assign(engine, manager, case.id, project.id)
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, case.id, PaymentForm(eur(300), PaymentMethod.TRANSFER, TODAY),
                                  paid_on=TODAY)
        allowances.plan_payment(session, finance, case.id, PaymentForm(eur(200), PaymentMethod.TRANSFER, TODAY))
        lines = projects.budget_lines(session, manager, kind=LineKind.ALLOWANCE)
    assert [(r.amount, r.committed, r.spent, r.remaining) for r in lines] == [(eur(10000), eur(500), eur(300),
                                                                             eur(9500))]
    out = io.StringIO()
    assert work_lists.write_csv(out, lines, BudgetLineRow) == 1
    assert out.getvalue().splitlines() == [
        "project,budget_line,kind,currency,budget,committed,spent,remaining",
        "Return Home,Reinstallation allowances,allowance,EUR,10000.00,500.00,300.00,9500.00"]


def test_csv_cells_cannot_run_as_formulas():
    row = MonitoringDueRow(1, "VNO-2026-00001", "=HYPERLINK(\"x\")", "GE", TODAY, 3, None, TODAY, 3)
    out = io.StringIO()
    work_lists.write_csv(out, [row], MonitoringDueRow)
    assert "'=HYPERLINK" in out.getvalue()


def test_administrators_do_not_see_the_reintegration_lists(engine, actor_as):
    with pytest.raises(PermissionDeniedError), unit_of_work(engine, write=False) as session:
        work_lists.overdue_items(session, actor_as(StaffRole.ADMINISTRATOR))


def test_managers_see_the_plans_and_overrides_waiting_for_their_approval(engine, make_case, manager, project,
                                                                          actor_as):
    officer, finance = actor_as(StaffRole.REINTEGRATION_OFFICER), actor_as(StaffRole.FINANCE_OFFICER)
    draft, approved, override, declined = (make_case() for _ in range(4))
    for case in (draft, approved, override, declined):
        assign(engine, manager, case.id, project.id)
    with unit_of_work(engine) as session:
        reintegration.draft_plan(session, officer, draft.id, [
            PlanItemForm(ItemCategory.HOUSING, "Rent", eur(600)), PlanItemForm(ItemCategory.EDUCATION, "Course", eur(300))])
        done = reintegration.draft_plan(session, officer, approved.id, [PlanItemForm(ItemCategory.HOUSING, "Rent", eur(100))])
        reintegration.approve_plan(session, manager, done.id, done.version)
        allowances.request_override(session, finance, override.id, eur(900), "Large family, winter")
        asked = allowances.request_override(session, finance, declined.id, eur(800), "Second request")
        allowances.decide_override(session, manager, asked.id, asked.version, approve=False)
    with unit_of_work(engine, write=False) as session:
        rows = work_lists.awaiting_approval(session, manager)
        with pytest.raises(PermissionDeniedError):
            work_lists.awaiting_approval(session, officer)
    assert sorted((r.case_number, r.kind, r.amount) for r in rows) == sorted([
        (draft.case_number, "plan", eur(900)), (override.case_number, "override", eur(900))])
    plan_row = next(r for r in rows if r.kind == "plan")
    assert plan_row.detail == "Revision 1, 2 items" and plan_row.requested_by == officer.display_name
    assert next(r for r in rows if r.kind == "override").detail == "Large family, winter"
    stream = io.StringIO()
    assert work_lists.write_csv(stream, rows, type(rows[0])) == 2
    assert stream.getvalue().splitlines()[0].startswith("case_number,name,kind,currency,amount")


def test_an_allowance_due_of_a_case_missing_its_principal_stays_in_the_work_list_marked_damaged(
        engine, db_path, make_case, manager, project, actor_as):
    """The work list joined the principal applicant: a departure in three days with no allowance vanished from it when
    the principal's row had been deleted by hand (foreign keys off), so nobody was reminded to pay."""
    import sqlite3

    finance = actor_as(StaffRole.FINANCE_OFFICER)
    soon = _scheduled(engine, make_case, manager, project, 3, members=1)
    engine.dispose()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM persons WHERE id = ?", (soon.principal.id,))
    connection.close()
    with unit_of_work(engine, write=False) as session:
        due = work_lists.allowances_due(session, finance, days=14)
    assert [(r.case_number, r.name) for r in due] == [
        (soon.case_number, "(damaged: principal applicant missing)")]
