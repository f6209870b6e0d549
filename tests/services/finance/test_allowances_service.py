"""Allowances: entitlement from the project's rates and the household, payments against the entitlement and
the budget line, reversals, overrides approved by a manager, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.allowances import LineKind as StepKind
from avrcase.domain.allowances import PaymentMethod, PaymentStatus
from avrcase.domain.codes import Vulnerability
from avrcase.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from avrcase.domain.finance_codes import LineKind
from avrcase.domain.forms import VulnerabilityForm
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import BudgetLineForm, PaymentForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AllowancePayment, Itinerary, Person
from tests.support.clock import FIXED_TODAY
from tests.support.finance import assign, eur, make_project

TODAY = FIXED_TODAY


@pytest.fixture
def household(engine, make_case, manager):
    """A mother with two children (born 2015 and 2016), one vulnerability, in Return Home."""
    project = make_project(engine, manager)
    case = make_case(members=2, vulnerabilities=(VulnerabilityForm(Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY, ""),))
    assign(engine, manager, case.id, project.id)
    return case


def _detail(engine, actor, case_id):
    with unit_of_work(engine, write=False) as session:
        return allowances.get_allowance(session, actor, case_id)


def _plan(engine, actor, case_id, amount, **kwargs):
    with unit_of_work(engine) as session:
        return allowances.plan_payment(session, actor, case_id, PaymentForm(
            eur(amount), kwargs.pop("method", PaymentMethod.CASH_AT_DEPARTURE), kwargs.pop("on", TODAY), **kwargs))


def test_entitlement_counts_adults_children_and_vulnerable_persons_up_to_the_cap(engine, finance, household):
    detail = _detail(engine, finance, household.id)
    assert (detail.household.adults, detail.household.children, detail.household.vulnerable) == (1, 2, 1)
    # 500 + 2 × 250 + 200 = 1,200, below the cap of 1,500
    assert detail.entitlement.amount == eur(1200)
    assert [line.kind for line in detail.entitlement.lines] == [StepKind.ADULTS, StepKind.CHILDREN, StepKind.VULNERABLE]
    assert detail.entitlement.lines[1].description == "2 children × €250.00"
    assert detail.position.remaining == eur(1200)


def test_a_large_household_is_reduced_to_the_cap(engine, finance, manager, make_case):
    project = make_project(engine, manager)
    case = make_case(members=5)
    assign(engine, manager, case.id, project.id)
    detail = _detail(engine, finance, case.id)
    # 500 + 5 × 250 = 1,750, reduced by 250 to the cap
    assert detail.entitlement.computed == eur(1500)
    assert detail.entitlement.capped
    assert detail.entitlement.lines[-1].amount == eur(-250)


def test_payments_above_what_remains_are_refused_with_the_numbers(engine, finance, household):
    _plan(engine, finance, household.id, 1000)
    with pytest.raises(ValidationError) as refused:
        _plan(engine, finance, household.id, "200.01")
    message = refused.value.errors["amount"]
    assert "€200.01" in message and "€200.00" in message and "€1,200.00" in message
    assert _plan(engine, finance, household.id, 200).status is PaymentStatus.PLANNED
    with unit_of_work(engine, write=False) as session:
        assert session.query(AllowancePayment).count() == 2


def test_a_payment_above_the_budget_line_is_refused(engine, finance, manager, make_case):
    project = make_project(engine, manager, name="Small", lines=(
        BudgetLineForm(LineKind.ALLOWANCE, "Allowances", eur(700)),))
    first, second = make_case(), make_case()
    for case in (first, second):
        assign(engine, manager, case.id, project.id)
    _plan(engine, finance, first.id, 500)
    with pytest.raises(ValidationError, match="budget line: €200.00 of €700.00"):
        _plan(engine, finance, second.id, 300)


def test_pay_then_reverse_keeps_both_entries_and_frees_the_entitlement(engine, finance, household):
    planned = _plan(engine, finance, household.id, 1200)
    with unit_of_work(engine) as session:
        paid = allowances.pay_payment(session, finance, planned.id, planned.version, paid_on=TODAY,
                                      receipt_signed=True)
    assert paid.status is PaymentStatus.PAID and paid.paid_by == "Test Finance officer" and paid.receipt_signed
    with pytest.raises(ValidationError, match="reversing entry"), unit_of_work(engine) as session:
        allowances.set_payment_status(session, finance, paid.id, paid.version, PaymentStatus.REFUSED)
    with unit_of_work(engine) as session:
        reversal = allowances.reverse_payment(session, finance, paid.id, "Paid to the wrong card")
    detail = _detail(engine, finance, household.id)
    assert [p.amount for p in detail.payments] == [eur(1200), eur(1200)]
    assert detail.payments[0].reversed_by_id == reversal.id and reversal.reverses_id == paid.id
    assert detail.position.paid == eur(0) and detail.position.remaining == eur(1200)
    with pytest.raises(ValidationError, match="already been reversed"), unit_of_work(engine) as session:
        allowances.reverse_payment(session, finance, paid.id, "again")


def test_paying_a_planned_payment_does_not_count_it_twice(engine, finance, household):
    planned = _plan(engine, finance, household.id, 1200)
    with unit_of_work(engine) as session:
        paid = allowances.pay_payment(session, finance, planned.id, planned.version, paid_on=TODAY)
    assert _detail(engine, finance, household.id).position.paid == eur(1200) == paid.amount


def test_a_stale_payment_change_is_a_conflict(engine, finance, household):
    planned = _plan(engine, finance, household.id, 100)
    with unit_of_work(engine) as session:
        allowances.set_payment_status(session, finance, planned.id, planned.version, PaymentStatus.MISSED)
    with pytest.raises(ConflictError), unit_of_work(engine) as session:
        allowances.pay_payment(session, finance, planned.id, planned.version, paid_on=TODAY)


def test_override_needs_a_reason_and_a_managers_approval(engine, finance, manager, household):
    with pytest.raises(ValidationError, match="why"), unit_of_work(engine) as session:
        allowances.request_override(session, finance, household.id, eur(2000), " ")
    with unit_of_work(engine) as session:
        request = allowances.request_override(session, finance, household.id, eur(2000), "Medical costs on arrival")
    assert _detail(engine, finance, household.id).entitlement.amount == eur(1200)
    with pytest.raises(PermissionDeniedError), unit_of_work(engine) as session:
        allowances.decide_override(session, finance, request.id, request.version, approve=True)
    with unit_of_work(engine) as session:
        allowances.decide_override(session, manager, request.id, request.version, approve=True)
    detail = _detail(engine, finance, household.id)
    assert detail.entitlement.amount == eur(2000)
    assert detail.entitlement.lines[-1].description == "Override approved by a manager: Medical costs on arrival"
    assert detail.overrides[0].decided_by == "Test Manager"


def test_allowance_prepared_follows_planned_paid_and_reversed(engine, finance, household):
    def prepared():
        with unit_of_work(engine, write=False) as session:
            return allowances.allowance_prepared(session, household.id)

    assert not prepared()
    with unit_of_work(engine) as session:
        paid = allowances.record_payment(session, finance, household.id, PaymentForm(
            eur(600), PaymentMethod.PREPAID_CARD, TODAY), paid_on=TODAY)
    assert prepared()
    with unit_of_work(engine) as session:
        allowances.reverse_payment(session, finance, paid.id, "Card not activated")
    assert not prepared()


def test_counsellors_see_allowances_but_do_not_pay(engine, actor, household):
    assert _detail(engine, actor, household.id).entitlement.amount == eur(1200)
    with pytest.raises(PermissionDeniedError):
        _plan(engine, actor, household.id, 100)


def test_a_case_without_a_project_has_no_entitlement(engine, finance, make_case):
    case = make_case()
    with pytest.raises(ValidationError, match="no project"):
        _detail(engine, finance, case.id)


def test_the_travel_checklist_shows_the_allowance_only_for_cases_in_a_project(engine, finance, household, make_case):
    from avrcase.services.travel.read import allowance_status

    outside = make_case()
    with unit_of_work(engine, write=False) as session:
        assert allowance_status(session, outside.id) is None
        assert allowance_status(session, household.id) is False
    _plan(engine, finance, household.id, 600)
    with unit_of_work(engine, write=False) as session:
        assert allowance_status(session, household.id) is True


def test_the_household_is_counted_on_the_departure_day(engine, finance, manager, make_case):
    project = make_project(engine, manager)
    five_days_ago = TODAY - dt.timedelta(days=5)
    born = dt.date(five_days_ago.year - 18, five_days_ago.month, min(five_days_ago.day, 28))  # 18 since then
    case = make_case(members=1)
    assign(engine, manager, case.id, project.id)
    with unit_of_work(engine) as session:
        session.get(Person, case.members[1].person.id).date_of_birth = born
    assert _detail(engine, finance, case.id).household.adults == 2
    with unit_of_work(engine) as session:  # departed ten days ago, when the child was still 17
        session.add(Itinerary(case_id=case.id, departure_date=TODAY - dt.timedelta(days=10)))
    detail = _detail(engine, finance, case.id)
    assert (detail.household.adults, detail.household.children) == (1, 1)
    assert detail.entitlement.amount == eur(750)
