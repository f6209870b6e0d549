"""Reinstallation allowances: entitlement from the household, overrides, payments and reversals."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.allowances import (
    AllowanceRates,
    EntitlementOverride,
    Household,
    LedgerEntry,
    PaymentStatus,
    check_payment,
    check_status_change,
    compute_entitlement,
    ledger_position,
    override_entitlement,
    reverse_payment,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.money import Money


def eur(value) -> Money:
    return Money(str(value), "EUR")


RATES = AllowanceRates(per_adult=eur(500), per_child=eur(250), per_vulnerable=eur(100), household_cap=eur(1500))


def test_entitlement_is_shown_line_by_line_and_lines_add_up():
    entitlement = compute_entitlement(RATES, Household(adults=1, children=2, vulnerable=1))
    assert entitlement.amount == eur(1100) and not entitlement.capped
    assert [line.description for line in entitlement.lines] == [
        "1 adult × €500.00",
        "2 children × €250.00",
        "Supplement for 1 vulnerable person × €100.00",
    ]
    assert [line.amount for line in entitlement.lines] == [eur(500), eur(500), eur(100)]


def test_lines_can_be_described_in_a_second_language_for_bilingual_documents():
    line = compute_entitlement(RATES, Household(adults=2)).lines[0]
    described = line.describe("lt")  # in Lithuanian, the rate as Lithuanian writes it, whatever the current language
    assert described == "2 suaugę × 500,00\xa0€"
    assert line.description == "2 adults × €500.00"
    household = compute_entitlement(RATES, Household(adults=1, children=5, vulnerable=2)).lines
    assert [x.describe("ru") for x in household] == [
        "1 взрослый × 500,00\xa0€", "5 детей × 250,00\xa0€", "Надбавка на 2 уязвимых человека × 100,00\xa0€",
        "Уменьшено до предела для семьи 1\xa0500,00\xa0€"]
    assert "Sumažinta iki namų ūkio ribos" in compute_entitlement(RATES, Household(adults=4)).lines[-1].describe("lt")


def test_household_cap_limits_the_entitlement_and_says_so():
    entitlement = compute_entitlement(RATES, Household(adults=2, children=3, vulnerable=2))
    assert entitlement.capped and entitlement.amount == eur(1500)
    cap_line = entitlement.lines[-1]
    assert cap_line.description == "Reduced to the household cap of €1,500.00"
    assert cap_line.amount == eur(-450)  # 1000 + 750 + 200 = 1950
    assert Money.total((line.amount for line in entitlement.lines), "EUR") == eur(1500)


def test_no_cap_means_no_limit():
    rates = AllowanceRates(eur(500), eur(250), eur(100))
    assert compute_entitlement(rates, Household(adults=4, children=4)).amount == eur(3000)


def test_household_counts_from_dates_of_birth_on_the_day():
    on = dt.date(2026, 11, 23)
    people = [(dt.date(1990, 1, 1), False), (dt.date(2008, 11, 23), False), (dt.date(2008, 11, 24), True)]
    assert Household.from_people(people, on) == Household(adults=2, children=1, vulnerable=1)


def test_impossible_households_and_rates_are_refused():
    with pytest.raises(ValidationError) as err:
        Household(adults=1, children=0, vulnerable=2)
    assert "cannot be more than the 1 people" in err.value.errors["vulnerable"]
    with pytest.raises(ValidationError):
        Household(adults=0, children=0)
    with pytest.raises(ValidationError) as err:
        AllowanceRates(eur(500), Money(250, "USD"), eur(-1))
    assert set(err.value.errors) == {"per_child", "per_vulnerable"}


def test_override_needs_reason_and_manager_approval_and_is_shown_as_a_line():
    entitlement = compute_entitlement(RATES, Household(adults=1))
    with pytest.raises(ValidationError) as err:
        override_entitlement(entitlement, EntitlementOverride(eur(800), " ", approved_by_manager=False))
    assert set(err.value.errors) == {"override.reason", "override.approved_by_manager"}
    changed = override_entitlement(entitlement, EntitlementOverride(eur(800), "medical needs", True))
    assert changed.amount == eur(800) and changed.computed == eur(500)
    assert changed.lines[-1].amount == eur(300)
    assert changed.lines[-1].description == "Override approved by a manager: medical needs"


def test_payment_above_what_remains_is_refused_with_the_numbers():
    entries = [LedgerEntry(1, eur(300), PaymentStatus.PAID), LedgerEntry(2, eur(100), PaymentStatus.PLANNED)]
    position = ledger_position(eur(500), entries)
    assert (position.paid, position.planned, position.remaining) == (eur(300), eur(100), eur(100))
    with pytest.raises(ValidationError) as err:
        check_payment(eur("100.01"), position)
    assert err.value.errors["amount"] == (
        "The payment of €100.01 is more than what remains of the entitlement: €100.00 of €500.00 "
        "(paid €300.00, planned €100.00)."
    )
    check_payment(eur(100), position)


def test_paying_a_planned_payment_does_not_count_it_twice():
    entries = [LedgerEntry(1, eur(500), PaymentStatus.PLANNED)]
    with pytest.raises(ValidationError):
        check_payment(eur(500), ledger_position(eur(500), entries))
    check_payment(eur(500), ledger_position(eur(500), entries, excluding=1))


def test_payment_above_the_budget_line_is_refused():
    budget = ledger_position(eur(10000), [LedgerEntry("a", eur(9800), PaymentStatus.PAID)])
    with pytest.raises(ValidationError, match="remains on the budget line: €200.00 of €10,000.00"):
        check_payment(eur(300), ledger_position(eur(500), []), budget)


def test_zero_negative_and_foreign_currency_payments_are_refused():
    position = ledger_position(eur(500), [])
    for amount in (eur(0), eur(-5), Money(5, "USD")):
        with pytest.raises(ValidationError):
            check_payment(amount, position)


def test_refused_and_missed_payments_commit_nothing():
    entries = [LedgerEntry(1, eur(200), PaymentStatus.REFUSED), LedgerEntry(2, eur(200), PaymentStatus.MISSED)]
    assert ledger_position(eur(500), entries).remaining == eur(500)


def test_a_paid_payment_is_corrected_by_a_reversing_entry():
    paid = LedgerEntry(1, eur(400), PaymentStatus.PAID)
    with pytest.raises(ValidationError, match="record a reversing entry"):
        check_status_change(PaymentStatus.PAID, PaymentStatus.PLANNED)
    reversal = reverse_payment([paid], 1, 2, "wrong amount")
    assert reversal.is_reversal and reversal.amount == eur(400) and reversal.status is PaymentStatus.PAID
    position = ledger_position(eur(500), [paid, reversal])
    assert position.paid == eur(0) and position.remaining == eur(500)
    with pytest.raises(ValidationError, match="already been reversed"):
        reverse_payment([paid, reversal], 1, 3, "again")


def test_only_paid_payments_are_reversed_and_a_reason_is_needed():
    planned = LedgerEntry(1, eur(400))
    with pytest.raises(ValidationError) as err:
        reverse_payment([planned], 1, 2, "")
    assert set(err.value.errors) == {"reason", "payment"}
    assert "“Planned”" in err.value.errors["payment"]
    with pytest.raises(ValidationError, match="no payment"):
        reverse_payment([planned], 9, 2, "typo")


def test_ledger_entries_are_positive_and_reversals_take_effect_at_once():
    with pytest.raises(ValueError):
        LedgerEntry(1, eur(-5), PaymentStatus.PAID)
    with pytest.raises(ValueError):
        LedgerEntry(1, eur(0))
    with pytest.raises(ValueError):
        LedgerEntry(2, eur(5), PaymentStatus.PLANNED, reverses=1)


def test_status_changes():
    check_status_change(PaymentStatus.PLANNED, PaymentStatus.PAID)
    check_status_change(PaymentStatus.MISSED, PaymentStatus.PLANNED)
    with pytest.raises(ValidationError, match="“Refused” cannot become “Paid”"):
        check_status_change(PaymentStatus.REFUSED, PaymentStatus.PAID)


RATE = st.integers(min_value=0, max_value=5000).map(eur)
CAP = st.one_of(st.none(), RATE)


# No deadline: a slow CI machine must not turn a correct example into a failure.
@settings(deadline=None)
@given(RATE, RATE, RATE, CAP, st.integers(0, 8), st.integers(0, 8), st.integers(0, 16), st.data())
def test_entitlement_grows_with_the_household_up_to_the_cap(adult, child, vuln, cap, adults, children, extra, data):
    rates = AllowanceRates(adult, child, vuln, cap)
    size = max(adults + children, 1)
    vulnerable = min(extra, size)
    base = Household(max(adults, 1 if not children else 0), children, vulnerable)
    bigger = data.draw(
        st.sampled_from(
            [
                Household(base.adults + 1, base.children, base.vulnerable),
                Household(base.adults, base.children + 1, base.vulnerable),
                Household(base.adults, base.children, min(base.vulnerable + 1, base.size)),
            ]
        )
    )
    small, large = compute_entitlement(rates, base), compute_entitlement(rates, bigger)
    assert small.amount <= large.amount
    if cap is not None:
        assert large.amount <= cap
    assert Money.total((line.amount for line in large.lines), "EUR") == large.amount


PAYMENTS = st.lists(
    st.tuples(st.sampled_from(["plan", "pay", "reverse"]), st.integers(min_value=1, max_value=300_00)), max_size=25
)


# No deadline: a slow CI machine must not turn a correct example into a failure.
@settings(deadline=None)
@given(st.integers(min_value=0, max_value=2000_00), st.integers(min_value=0, max_value=5000_00), PAYMENTS)
def test_remaining_never_negative_after_accepted_payments(limit_cents, budget_cents, steps):
    limit, budget = Money.from_minor_units(limit_cents, "EUR"), Money.from_minor_units(budget_cents, "EUR")
    entries: list[LedgerEntry] = []
    for number, (action, cents) in enumerate(steps):
        if action == "reverse":
            paid = [e for e in entries if e.status is PaymentStatus.PAID and not e.is_reversal]
            if paid:
                try:
                    entries.append(reverse_payment(entries, paid[0].key, number, "correction"))
                except ValidationError:
                    pass  # already reversed
            continue
        amount = Money.from_minor_units(cents, "EUR")
        status = PaymentStatus.PLANNED if action == "plan" else PaymentStatus.PAID
        try:
            check_payment(amount, ledger_position(limit, entries), ledger_position(budget, entries))
        except ValidationError:
            continue
        entries.append(LedgerEntry(number, amount, status))
    for position in (ledger_position(limit, entries), ledger_position(budget, entries)):
        assert not position.remaining.is_negative
        assert not position.overdrawn
        assert not position.paid.is_negative
