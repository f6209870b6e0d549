"""Money: exact decimal amounts, one currency at a time, rounded to the currency's minor units."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.money import CurrencyMismatchError, Money
from avrcase.i18n import set_locale

CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "BHD", "GEL", "UAH"])
AMOUNTS = st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, allow_infinity=False, places=3)


def test_float_is_refused():
    with pytest.raises(TypeError, match="floats are refused"):
        Money(0.1, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(Decimal("1"), "EUR") * 1.5  # type: ignore[operator]


def test_amounts_are_rounded_to_the_currency_minor_unit():
    assert Money(Decimal("10.005"), "EUR").amount == Decimal("10.01")
    assert Money("1250.4", "JPY").amount == Decimal("1250")
    assert Money("1.2345", "BHD").amount == Decimal("1.235")
    assert Money(5, "EUR").amount == Decimal("5.00")
    assert str(Money(Decimal("-0.001"), "EUR")) == "0.00 EUR"


def test_unknown_currency_and_non_amounts_are_refused():
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(1, "eur")
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(1, "QQQ")
    with pytest.raises(ValueError, match="not an amount"):
        Money("ten", "EUR")
    with pytest.raises(ValueError, match="not an amount"):
        Money(Decimal("NaN"), "EUR")


def test_arithmetic_within_one_currency():
    a, b = Money("100.10", "EUR"), Money("0.90", "EUR")
    assert a + b == Money(101, "EUR")
    assert a - b == Money("99.20", "EUR")
    assert -a == Money("-100.10", "EUR") and (-a).is_negative
    assert b * 3 == Money("2.70", "EUR") and 3 * b == b * 3
    assert b < a and a.min(b) == b
    assert Money.total([a, b, b], "EUR") == Money("101.90", "EUR")
    assert Money.total([], "USD") == Money.zero("USD") and not Money.zero("USD")


def test_mixing_currencies_is_refused_with_both_codes():
    with pytest.raises(CurrencyMismatchError, match="EUR and USD"):
        Money(1, "EUR") + Money(1, "USD")
    with pytest.raises(CurrencyMismatchError):
        assert Money(1, "EUR") < Money(2, "USD")
    assert Money(1, "EUR") != Money(1, "USD")


def test_format_follows_the_locale():
    amount = Money("1250.5", "EUR")
    assert amount.format("en") == "€1,250.50"
    assert amount.format("lt") == "1\xa0250,50\xa0€"
    set_locale("lt")
    assert amount.format() == "1\xa0250,50\xa0€"


# No deadline: a slow CI machine must not turn a correct example into a failure.
@settings(deadline=None)
@given(AMOUNTS, CURRENCIES)
def test_round_trips_through_minor_units_and_text(amount, currency):
    money = Money(amount, currency)
    assert Money.from_minor_units(money.to_minor_units(), currency) == money
    assert Money(str(money.amount), currency) == money
    assert Money(money.amount, currency) == money  # rounding is idempotent


# No deadline: a slow CI machine must not turn a correct example into a failure.
@settings(deadline=None)
@given(AMOUNTS, AMOUNTS, CURRENCIES)
def test_addition_is_exact_and_subtraction_undoes_it(a, b, currency):
    x, y = Money(a, currency), Money(b, currency)
    assert (x + y) - y == x
    assert x + y == y + x
    assert x - x == Money.zero(currency)
