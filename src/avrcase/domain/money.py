"""Money: a ``Decimal`` amount in one ISO 4217 currency, rounded to the currency's minor units.

Arithmetic is allowed only within one currency; a float is refused outright, because a binary
fraction cannot hold 0.10 exactly and finance officers reconcile to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache, total_ordering

from babel.numbers import get_currency_precision, is_currency

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.i18n.format import format_money


class CurrencyMismatchError(AvrcaseError, ValueError):
    """Two amounts in different currencies were added, compared or checked against each other."""


@lru_cache(maxsize=64)
def currency_exponent(currency: str) -> Decimal:
    """The quantum of a currency's minor unit: ``Decimal("0.01")`` for EUR, ``Decimal("1")`` for JPY."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def check_currency(currency: object) -> str:
    """Return ``currency`` when it is an ISO 4217 code Babel knows; raise ``ValueError`` otherwise."""
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isupper() or not is_currency(currency):
        raise ValueError(_("“%(currency)s” is not an ISO 4217 currency code.") % {"currency": currency})
    return currency


def _to_decimal(value: object) -> Decimal:
    # bool is an int subclass; True euros is a bug, not an amount.
    if isinstance(value, (float, bool)) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(
            f"Money takes a Decimal, an int or a decimal string, not {type(value).__name__}; "
            "floats are refused because they cannot hold cents exactly."
        )
    try:
        amount = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value}) from None
    if not amount.is_finite():
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    return amount


@total_ordering
@dataclass(frozen=True, slots=True, eq=True)
class Money:
    """An amount of one currency; construct with a ``Decimal``, an ``int`` or a decimal string."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        currency = check_currency(self.currency)
        amount = _to_decimal(self.amount).quantize(currency_exponent(currency), rounding=ROUND_HALF_UP)
        if amount.is_zero():
            amount = abs(amount)  # no "-0.00" on a receipt
        object.__setattr__(self, "amount", amount)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Nothing, in ``currency``."""
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> Money:
        """The amount of ``units`` cents (or the currency's minor unit), as a store keeps it."""
        if not isinstance(units, int) or isinstance(units, bool):
            raise TypeError("minor units are a whole number")
        return cls(Decimal(units).scaleb(-get_currency_precision(check_currency(currency))), currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The sum of ``amounts`` (all in ``currency``); zero when there are none."""
        result = cls.zero(currency)
        for amount in amounts:
            result = result + amount
        return result

    def to_minor_units(self) -> int:
        """The amount as a whole number of minor units (cents), exact."""
        return int(self.amount.scaleb(get_currency_precision(self.currency)))

    def _same(self, other: object, operation: str) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot {operation} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                _("Amounts in %(first)s and %(second)s cannot be combined; convert them first.")
                % {"first": self.currency, "second": other.currency}
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other, "add").amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other, "subtract").amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, (float, bool)) or not isinstance(factor, (int, Decimal)):
            return NotImplemented
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __bool__(self) -> bool:
        return not self.amount.is_zero()

    @property
    def is_negative(self) -> bool:
        """True below zero (a reversal, an overdrawn line)."""
        return self.amount < 0

    def min(self, other: Money) -> Money:
        """The smaller of two amounts in the same currency."""
        return self if self <= other else other

    def format(self, locale: str | None = None) -> str:
        """The amount as the locale writes it, for example ``1 250,00 €`` in Lithuanian."""
        return format_money(self.amount, self.currency, locale)

    def __str__(self) -> str:
        # Locale-neutral, for logs and CSV; people see format().
        return f"{self.amount} {self.currency}"
