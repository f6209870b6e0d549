"""Reinstallation allowances: rates, the entitlement of a household and how it was computed.

The entitlement is the sum of a rate per adult, a rate per child and a supplement per vulnerable
person, limited by a cap per household. Every step is kept as a line so the finance officer and the
returnee can see the arithmetic. A manager may override the result, with a reason.

Payments form a ledger: a payment is planned, then paid, refused or missed; a paid payment is never
edited but corrected by a reversing entry. ``ledger_position`` computes what is paid, planned and
remaining of a limit (an entitlement or a budget line); ``check_payment`` refuses a payment above
what remains of either, with the numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from avrcase.domain.codes import Vocabulary
from avrcase.domain.errors import ValidationError
from avrcase.domain.money import Money
from avrcase.domain.validation import ADULT_AGE, age_on
from avrcase.i18n import N_, _, load_translations, ngettext


@dataclass(frozen=True)
class AllowanceRates:
    """A project's allowance rates, all in the project's currency; ``household_cap`` None means no cap."""

    per_adult: Money
    per_child: Money
    per_vulnerable: Money
    household_cap: Money | None = None

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        currency = self.per_adult.currency
        amounts = {"per_adult": self.per_adult, "per_child": self.per_child, "per_vulnerable": self.per_vulnerable}
        if self.household_cap is not None:
            amounts["household_cap"] = self.household_cap
        for field, amount in amounts.items():
            if amount.currency != currency:
                errors[field] = _("All rates of a project are in one currency (%(currency)s).") % {
                    "currency": currency
                }
            elif amount.is_negative:
                errors[field] = _("A rate cannot be negative (%(amount)s).") % {"amount": amount.format()}
        if errors:
            raise ValidationError(errors)

    @property
    def currency(self) -> str:
        """The ISO 4217 code every rate is in."""
        return self.per_adult.currency


@dataclass(frozen=True)
class Household:
    """Who returns together: adults, children, and how many of them are vulnerable."""

    adults: int
    children: int = 0
    vulnerable: int = 0

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        for field in ("adults", "children", "vulnerable"):
            if getattr(self, field) < 0:
                errors[field] = _("A number of people cannot be negative.")
        if not errors and self.size == 0:
            errors["adults"] = _("A household has at least one person.")
        if not errors and self.vulnerable > self.size:
            errors["vulnerable"] = _(
                "%(vulnerable)d vulnerable persons cannot be more than the %(size)d people in the household."
            ) % {"vulnerable": self.vulnerable, "size": self.size}
        if errors:
            raise ValidationError(errors)

    @property
    def size(self) -> int:
        """Everyone in the household."""
        return self.adults + self.children

    @classmethod
    def from_people(cls, people: Iterable[tuple[dt.date, bool]], on: dt.date) -> Household:
        """Count adults, children and vulnerable persons from (date of birth, vulnerable) pairs on a day."""
        adults = children = vulnerable = 0
        for date_of_birth, is_vulnerable in people:
            if age_on(date_of_birth, on) >= ADULT_AGE:
                adults += 1
            else:
                children += 1
            vulnerable += bool(is_vulnerable)
        return cls(adults, children, vulnerable)


class LineKind(StrEnum):
    """What a line of the computation stands for."""

    ADULTS = "adults"
    CHILDREN = "children"
    VULNERABLE = "vulnerable"
    CAP = "cap"
    OVERRIDE = "override"


@dataclass(frozen=True)
class EntitlementLine:
    """One step of the computation: what it is, how many at what rate, and its amount (may be negative)."""

    kind: LineKind
    amount: Money
    count: int = 0
    rate: Money | None = None
    note: str = ""

    @property
    def description(self) -> str:
        """The step in the current language, for example “2 adults × €500.00”."""
        return self.describe()

    def describe(self, locale: str | None = None) -> str:
        """The step in ``locale`` (the current one by default), for the second language of a document."""
        if locale is None:
            gettext_, ngettext_ = _, ngettext
        else:
            translations = load_translations(locale)
            gettext_, ngettext_ = translations.gettext, translations.ngettext
        rate = self.rate.format(locale) if self.rate is not None else ""
        values = {"n": self.count, "rate": rate, "note": self.note}
        if self.kind is LineKind.ADULTS:
            return ngettext_("%(n)d adult × %(rate)s", "%(n)d adults × %(rate)s", self.count) % values
        if self.kind is LineKind.CHILDREN:
            return ngettext_("%(n)d child × %(rate)s", "%(n)d children × %(rate)s", self.count) % values
        if self.kind is LineKind.VULNERABLE:
            return ngettext_(
                "Supplement for %(n)d vulnerable person × %(rate)s",
                "Supplement for %(n)d vulnerable persons × %(rate)s",
                self.count,
            ) % values
        if self.kind is LineKind.CAP:
            return gettext_("Reduced to the household cap of %(rate)s") % values
        return gettext_("Override approved by a manager: %(note)s") % values


@dataclass(frozen=True)
class EntitlementOverride:
    """A manager's decision to set the entitlement to another amount, and why."""

    amount: Money
    reason: str
    approved_by_manager: bool


@dataclass(frozen=True)
class Entitlement:
    """What a household is entitled to, with the lines that add up to it."""

    computed: Money
    lines: tuple[EntitlementLine, ...]
    capped: bool = False
    override: EntitlementOverride | None = None

    @property
    def amount(self) -> Money:
        """The amount that payments are checked against: the override when there is one."""
        return self.override.amount if self.override is not None else self.computed

    @property
    def currency(self) -> str:
        """The ISO 4217 code of the entitlement."""
        return self.computed.currency


def compute_entitlement(rates: AllowanceRates, household: Household) -> Entitlement:
    """The household's entitlement under ``rates``; its lines always add up to the amount."""
    lines = []
    for kind, count, rate in (
        (LineKind.ADULTS, household.adults, rates.per_adult),
        (LineKind.CHILDREN, household.children, rates.per_child),
        (LineKind.VULNERABLE, household.vulnerable, rates.per_vulnerable),
    ):
        if count:
            lines.append(EntitlementLine(kind, rate * count, count, rate))
    subtotal = Money.total((line.amount for line in lines), rates.currency)
    cap = rates.household_cap
    capped = cap is not None and subtotal > cap
    if capped:
        assert cap is not None
        lines.append(EntitlementLine(LineKind.CAP, cap - subtotal, rate=cap))
    total = Money.total((line.amount for line in lines), rates.currency)
    return Entitlement(total, tuple(lines), capped)


def override_entitlement(entitlement: Entitlement, override: EntitlementOverride) -> Entitlement:
    """The entitlement set to a manager's amount; refused without a reason or without approval."""
    errors: dict[str, str] = {}
    if not override.reason.strip():
        errors["override.reason"] = _("Please say why the entitlement is changed.")
    if not override.approved_by_manager:
        errors["override.approved_by_manager"] = _("A change of the entitlement needs a manager's approval.")
    if override.amount.currency != entitlement.currency:
        errors["override.amount"] = _("The entitlement is in %(currency)s; enter the amount in %(currency)s.") % {
            "currency": entitlement.currency
        }
    elif override.amount.is_negative:
        errors["override.amount"] = _("An entitlement cannot be negative (%(amount)s).") % {
            "amount": override.amount.format()
        }
    if errors:
        raise ValidationError(errors)
    change = EntitlementLine(LineKind.OVERRIDE, override.amount - entitlement.computed, note=override.reason.strip())
    return Entitlement(entitlement.computed, (*entitlement.lines, change), entitlement.capped, override)


class PaymentStatus(Vocabulary):
    """Where a payment stands; only a paid payment has moved money."""

    PLANNED = "planned"
    PAID = "paid"
    REFUSED = "refused"
    MISSED = "missed"

    @classmethod
    def _labels(cls):
        return {"planned": N_("Planned"), "paid": N_("Paid"), "refused": N_("Refused"), "missed": N_("Missed")}


class PaymentMethod(Vocabulary):
    """How the allowance reaches the returnee."""

    CASH_AT_DEPARTURE = "cash_at_departure"
    PREPAID_CARD = "prepaid_card"
    TRANSFER = "transfer"
    THROUGH_PARTNER = "through_partner"

    @classmethod
    def _labels(cls):
        return {
            "cash_at_departure": N_("Cash at departure"),
            "prepaid_card": N_("Prepaid card"),
            "transfer": N_("Bank or money transfer"),
            "through_partner": N_("Through a partner after arrival"),
        }


#: Status changes a payment may make. A paid payment is final: it is corrected by a reversing entry.
PAYMENT_TRANSITIONS: dict[PaymentStatus, tuple[PaymentStatus, ...]] = {
    PaymentStatus.PLANNED: (PaymentStatus.PAID, PaymentStatus.REFUSED, PaymentStatus.MISSED),
    PaymentStatus.MISSED: (PaymentStatus.PLANNED,),
    PaymentStatus.REFUSED: (),
    PaymentStatus.PAID: (),
}


def check_status_change(current: PaymentStatus, new: PaymentStatus) -> None:
    """Raise ``ValidationError`` when a payment may not move from ``current`` to ``new``."""
    if new in PAYMENT_TRANSITIONS[current]:
        return
    if current is PaymentStatus.PAID:
        message = _("A paid payment cannot be changed; record a reversing entry instead.")
    else:
        message = _("A payment that is “%(current)s” cannot become “%(new)s”.") % {
            "current": current.label,
            "new": new.label,
        }
    raise ValidationError({"status": message})


@dataclass(frozen=True)
class LedgerEntry:
    """A payment (positive amount) or, when ``reverses`` names a paid payment, its reversal."""

    key: int | str
    amount: Money
    status: PaymentStatus = PaymentStatus.PLANNED
    reverses: int | str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        # Integrity of stored data, not user input: a sign error here would silently move money.
        if self.amount.is_negative or not self.amount:
            raise ValueError("a ledger entry's amount is above zero; a reversal is marked by `reverses`")
        if self.reverses is not None and self.status is not PaymentStatus.PAID:
            raise ValueError("a reversing entry takes effect at once: its status is paid")

    @property
    def is_reversal(self) -> bool:
        """True for an entry that cancels a paid payment."""
        return self.reverses is not None


@dataclass(frozen=True)
class LedgerPosition:
    """Paid and planned against a limit (an entitlement or a budget line)."""

    limit: Money
    paid: Money
    planned: Money

    @property
    def committed(self) -> Money:
        """Paid plus planned: what is no longer free to promise."""
        return self.paid + self.planned

    @property
    def remaining(self) -> Money:
        """What may still be planned or paid; never below zero."""
        free = self.limit - self.committed
        return free if not free.is_negative else Money.zero(free.currency)

    @property
    def overdrawn(self) -> Money:
        """How far the commitments exceed the limit (for example after a lowered override)."""
        excess = self.committed - self.limit
        return excess if not excess.is_negative else Money.zero(excess.currency)


def ledger_position(
    limit: Money, entries: Iterable[LedgerEntry], *, excluding: int | str | None = None
) -> LedgerPosition:
    """Sum ``entries`` against ``limit``; ``excluding`` leaves out the planned entry about to be paid."""
    paid = planned = Money.zero(limit.currency)
    for entry in entries:
        if entry.key == excluding:
            continue
        if entry.is_reversal:
            paid = paid - entry.amount
        elif entry.status is PaymentStatus.PAID:
            paid = paid + entry.amount
        elif entry.status is PaymentStatus.PLANNED:
            planned = planned + entry.amount
    return LedgerPosition(limit, paid, planned)


def check_payment(amount: Money, entitlement: LedgerPosition, budget: LedgerPosition | None = None) -> None:
    """Refuse a payment (planned or paid) that is not positive or exceeds what remains, naming the numbers.

    When a planned payment is being paid, compute both positions with ``excluding=`` its key, so it is
    not counted twice.
    """
    errors: dict[str, str] = {}
    if amount.currency != entitlement.limit.currency:
        errors["amount"] = _("The entitlement is in %(currency)s; enter the payment in %(currency)s.") % {
            "currency": entitlement.limit.currency
        }
    elif amount.is_negative or not amount:
        errors["amount"] = _("A payment must be more than zero.")
    elif amount > entitlement.remaining:
        errors["amount"] = _(
            "The payment of %(amount)s is more than what remains of the entitlement: %(remaining)s "
            "of %(limit)s (paid %(paid)s, planned %(planned)s)."
        ) % _numbers(amount, entitlement)
    elif budget is not None and amount > budget.remaining:
        errors["amount"] = _(
            "The payment of %(amount)s is more than what remains on the budget line: %(remaining)s "
            "of %(limit)s (paid %(paid)s, planned %(planned)s)."
        ) % _numbers(amount, budget)
    if errors:
        raise ValidationError(errors)


def _numbers(amount: Money, position: LedgerPosition) -> dict[str, str]:
    return {
        "amount": amount.format(),
        "remaining": position.remaining.format(),
        "limit": position.limit.format(),
        "paid": position.paid.format(),
        "planned": position.planned.format(),
    }


def reverse_payment(entries: Iterable[LedgerEntry], key: int | str, new_key: int | str, reason: str) -> LedgerEntry:
    """The entry that cancels paid payment ``key`` in full; refused for anything but a paid, unreversed payment."""
    entries = tuple(entries)
    target = next((entry for entry in entries if entry.key == key and not entry.is_reversal), None)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Please say why the payment is reversed.")
    if target is None:
        errors["payment"] = _("There is no payment to reverse.")
    elif target.status is not PaymentStatus.PAID:
        errors["payment"] = _(
            "Only a paid payment is reversed; a payment that is “%(status)s” is changed instead."
        ) % {"status": target.status.label}
    elif any(entry.reverses == key for entry in entries):
        errors["payment"] = _("This payment has already been reversed.")
    if errors:
        raise ValidationError(errors)
    assert target is not None
    return LedgerEntry(new_key, target.amount, PaymentStatus.PAID, reverses=key, note=reason.strip())

