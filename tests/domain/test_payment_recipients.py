"""The rule of who an allowance may be paid to, on its own: a household member, 18 on the day of payment (the
birthday itself counts), a missing birth date counted as an adult, a child only in an unaccompanied child's case."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.domain.payment_recipients import Recipient, check_recipient

DAY = dt.date(2026, 12, 4)


def _refusal(recipient: Recipient | None, *, unaccompanied: bool = False) -> str | None:
    try:
        check_recipient(recipient, DAY, unaccompanied_child=unaccompanied)
    except ValidationError as refused:
        assert set(refused.errors) == {"paid_to"}
        return refused.errors["paid_to"]
    return None


def test_an_adult_of_the_household_may_be_paid_from_their_18th_birthday():
    assert _refusal(Recipient("BERIDZE Nino", dt.date(2008, 12, 4), True)) is None
    assert _refusal(Recipient("BERIDZE Nino", dt.date(2008, 12, 5), True)) == (
        "BERIDZE Nino is under 18 on the day of the payment: the allowance is paid to an adult of the household, "
        "who signs the receipt.")
    assert _refusal(Recipient("BERIDZE Nino", None, True)) is None  # no birth date: counted as an adult


def test_a_child_may_be_paid_only_in_an_unaccompanied_childs_case():
    child = Recipient("BERIDZE Mari", dt.date(2012, 1, 1), True)
    assert _refusal(child) is not None
    assert _refusal(child, unaccompanied=True) is None


@pytest.mark.parametrize("recipient", [None, Recipient("TSIKLAURI Eka", dt.date(1980, 1, 1), False)])
def test_nobody_outside_the_household_may_be_paid(recipient):
    assert _refusal(recipient, unaccompanied=True).startswith("Choose a person of this case's household")


def test_an_erased_person_may_not_be_paid_even_as_an_adult_of_the_household():
    erased = Recipient("ANONYMISED", dt.date(1980, 1, 1), True, erased=True)
    assert _refusal(erased) == "This person's record has been erased: choose another member of the household."
