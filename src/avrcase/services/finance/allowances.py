"""Reinstallation allowances: a case's entitlement, its payments (a ledger with reversals) and overrides.

Services (each takes ``session, actor`` first):
``get_allowance(case_id) -> AllowanceDetail`` (household, ``Entitlement`` with lines, ``LedgerPosition``,
``PaymentRow``s, ``OverrideRow``s); ``plan_payment(case_id, PaymentForm) -> PaymentRow``;
``record_payment(case_id, PaymentForm, paid_on=, receipt_signed=)`` (plan and pay at once);
``pay_payment(payment_id, version, paid_on=, receipt_signed=, paid_to_id=)``; ``set_payment_status(payment_id, version,
PaymentStatus)`` (refused, missed, planned again); ``mark_receipt_signed(payment_id, version)``;
``reverse_payment(payment_id, reason, on=)`` (the reversal keeps the original's recipient);
``request_override(case_id, Money, reason) -> OverrideRow``;
``decide_override(override_id, version, approve=)`` (managers); ``get_payment(payment_id) -> PaymentRow``.
``allowance_prepared(session, case_id) -> bool`` says whether an allowance is planned or paid;
``allowance_status(session, case_id) -> bool | None`` is what the travel checklist shows (None: no project).
DTOs (``AllowanceDetail``, ``PaymentForm``, ``PaymentRow``, ``OverrideRow``) live in ``services.finance.dto``.

The household is counted from the case's members on the day of the booked departure, else today (adults
from 18); vulnerable persons are the case's recorded vulnerabilities, at most one per member (the register
keeps vulnerabilities per case, not per person). A payment above what remains of the entitlement or of its
budget line is refused with the numbers; a paid payment is corrected only by a reversing entry.

Every payment is paid to one person of the household (``PaymentForm.paid_to_id``, default the principal applicant):
an adult on the day of payment, or the child in an unaccompanied or separated child's case, never a person erased
(``domain.payment_recipients``, checked in ``services.finance.recipients``); planning checks the planned day,
paying checks the day paid again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from avrcase.domain.allowances import (
    Entitlement,
    Household,
    LedgerEntry,
    PaymentMethod,
    PaymentStatus,
    check_payment,
    check_status_change,
    compute_entitlement,
    ledger_position,
    override_entitlement,
)
from avrcase.domain.allowances import (
    EntitlementOverride as DomainOverride,
)
from avrcase.domain.allowances import (
    reverse_payment as domain_reverse,
)
from avrcase.domain.errors import NotFoundError, ValidationError
from avrcase.domain.finance_codes import LineKind
from avrcase.domain.money import Money
from avrcase.i18n import _
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.finance.dto import AllowanceDetail, OverrideRow, PaymentForm, PaymentRow
from avrcase.services.finance.projects import (
    case_project_id,
    check_version,
    default_line,
    line_position,
    load_case,
    money,
    rates_of,
    require_case_project,
    user_names,
)
from avrcase.services.finance.recipients import paid_to_checked, person_names, recipients_of
from avrcase.services.permissions import Permission, require
from avrcase.store.models import (
    AllowancePayment,
    BudgetLine,
    CaseMember,
    CaseVulnerability,
    EntitlementOverride,
    Itinerary,
    Person,
    Project,
    ProjectCase,
)

MAX_NOTE = 2000


def household_of(session: Session, case_id: int, on: dt.date) -> Household:
    """Adults, children and vulnerable persons of the case on day ``on``."""
    births = session.scalars(select(Person.date_of_birth).join(CaseMember, CaseMember.person_id == Person.id)
                             .where(CaseMember.case_id == case_id)).all()
    size = max(1, len(births))
    # Vulnerable persons, not vulnerabilities: a mother who is pregnant and ill is one vulnerable person.
    vulnerable = min(size, session.scalar(select(func.count(CaseVulnerability.person_id.distinct()))
                                          .where(CaseVulnerability.case_id == case_id)) or 0)
    # An unknown date of birth counts as an adult: the register requires one for children.
    people = [(born or dt.date(1900, 1, 1), False) for born in births] or [(dt.date(1900, 1, 1), False)]
    counted = Household.from_people(people, on)
    return Household(counted.adults, counted.children, vulnerable)


def _ledger(rows: list[AllowancePayment], currency: str) -> list[LedgerEntry]:
    return [LedgerEntry(r.id, money(r.amount_minor, currency), PaymentStatus(r.status), r.reverses_id, r.note)
            for r in rows]


def _payments(session: Session, case_id: int) -> list[AllowancePayment]:
    return list(session.scalars(select(AllowancePayment).where(AllowancePayment.case_id == case_id)
                                .order_by(AllowancePayment.planned_on, AllowancePayment.id)))


def _overrides(session: Session, case_id: int) -> list[EntitlementOverride]:
    return list(session.scalars(select(EntitlementOverride).where(EntitlementOverride.case_id == case_id)
                                .order_by(EntitlementOverride.requested_at, EntitlementOverride.id)))


def counting_day(session: Session, case_id: int, fallback: dt.date | None = None) -> dt.date:
    """The day the household is counted on: the booked departure when there is one, else ``fallback``
    (default today), so a child's birthday after the return does not change what was paid."""
    departure = session.scalar(select(Itinerary.departure_date).where(Itinerary.case_id == case_id))
    return departure or fallback or clock_of(session).today()


def _entitlement(session: Session, project: Project, case_id: int, on: dt.date | None = None
                 ) -> tuple[Household, Entitlement]:
    household = household_of(session, case_id, on or counting_day(session, case_id))
    entitlement = compute_entitlement(rates_of(project), household)
    approved = [o for o in _overrides(session, case_id) if o.approved]
    if approved:
        latest = max(approved, key=lambda o: (o.decided_at, o.id))
        entitlement = override_entitlement(entitlement, DomainOverride(
            money(latest.amount_minor, latest.currency), latest.reason, approved_by_manager=True))
    return household, entitlement


def _payment_rows(session: Session, rows: list[AllowancePayment]) -> list[PaymentRow]:
    names = user_names(session, {r.paid_by_id for r in rows})
    people = person_names(session, {r.paid_to_id for r in rows})
    reversed_by = {r.reverses_id: r.id for r in rows if r.reverses_id is not None}
    return [PaymentRow(r.id, r.case_id, money(r.amount_minor, r.currency), PaymentMethod(r.method),
                       PaymentStatus(r.status), r.planned_on, r.paid_on, names.get(r.paid_by_id, ""), r.receipt_signed,
                       r.reverses_id, reversed_by.get(r.id), r.note, r.budget_line_id, r.version, r.paid_to_id,
                       people.get(r.paid_to_id, "") if r.paid_to_id is not None else "") for r in rows]


def _override_row(o: EntitlementOverride, names: dict[int, str]) -> OverrideRow:
    return OverrideRow(o.id, money(o.amount_minor, o.currency), o.reason, names.get(o.requested_by_id, ""),
                       o.requested_at, o.approved, names.get(o.decided_by_id, ""), o.decided_at, o.version)


def get_allowance(session: Session, actor: Actor | None, case_id: int, *, on: dt.date | None = None
                  ) -> AllowanceDetail:
    """The case's entitlement (household counted on ``on``, default ``counting_day``), payments and overrides."""
    require(actor, Permission.ALLOWANCE_READ)
    case = load_case(session, case_id)
    project = require_case_project(session, case_id)
    household, entitlement = _entitlement(session, project, case_id, on)
    rows = _payments(session, case_id)
    overrides = _overrides(session, case_id)
    names = user_names(session, {o.requested_by_id for o in overrides} | {o.decided_by_id for o in overrides})
    position = ledger_position(entitlement.amount, _ledger(rows, project.currency))
    return AllowanceDetail(case.id, case.case_number, project.id, project.name, household, entitlement, position,
                           tuple(_payment_rows(session, rows)), tuple(_override_row(o, names) for o in overrides),
                           recipients_of(session, case_id))


def get_payment(session: Session, actor: Actor | None, payment_id: int) -> PaymentRow:
    """One ledger entry."""
    require(actor, Permission.ALLOWANCE_READ)
    payment = _payment(session, payment_id)
    rows = _payments(session, payment.case_id)
    return next(row for row in _payment_rows(session, rows) if row.id == payment_id)


def allowance_status(session: Session, case_id: int) -> bool | None:
    """For the travel checklist: None when no allowance applies (the case is in no project), else prepared."""
    if case_project_id(session, case_id) is None:
        return None
    return allowance_prepared(session, case_id)


def allowance_statuses(session: Session, case_ids: Iterable[int]) -> dict[int, bool | None]:
    """``allowance_status`` for many cases in two queries (the departures board lists hundreds)."""
    ids = sorted(set(case_ids))
    in_project = set(session.scalars(select(ProjectCase.case_id).where(ProjectCase.case_id.in_(ids))))
    payments: dict[int, list[AllowancePayment]] = {case_id: [] for case_id in in_project}
    for row in session.scalars(select(AllowancePayment).where(AllowancePayment.case_id.in_(in_project))
                               .order_by(AllowancePayment.planned_on, AllowancePayment.id)):
        payments[row.case_id].append(row)
    return {case_id: _prepared(payments[case_id]) if case_id in in_project else None for case_id in ids}


def _prepared(rows: Sequence[AllowancePayment]) -> bool:
    reversed_ids = {r.reverses_id for r in rows if r.reverses_id is not None}
    return any(r.reverses_id is None and r.id not in reversed_ids and r.status in ("planned", "paid") for r in rows)


def allowance_prepared(session: Session, case_id: int) -> bool:
    """True when an allowance payment is planned or paid (and not reversed) for the case."""
    return _prepared(_payments(session, case_id))


# ---------------------------------------------------------------- checks

def _line_for(session: Session, project: Project, line_id: int | None) -> BudgetLine | None:
    if line_id is None:
        return default_line(project, LineKind.ALLOWANCE)
    line = session.get(BudgetLine, line_id)
    if line is None or line.project_id != project.id or line.kind != LineKind.ALLOWANCE:
        raise ValidationError({"budget_line_id": _("Choose an allowance budget line of the case's project.")})
    return line


def _check(session: Session, project: Project, case_id: int, amount: Money, line: BudgetLine | None, *,
           excluding: int | None = None) -> None:
    _household, entitlement = _entitlement(session, project, case_id)
    position = ledger_position(entitlement.amount, _ledger(_payments(session, case_id), project.currency),
                               excluding=excluding)
    budget = None if line is None else line_position(session, line, project.currency, exclude_payment=excluding)
    check_payment(amount, position, budget)


def _check_note(note: str, field: str = "note") -> None:
    if len(note) > MAX_NOTE:
        raise ValidationError({field: _("The note is too long (at most %(n)d characters).") % {"n": MAX_NOTE}})


def _check_paid_on(paid_on: dt.date, today: dt.date) -> None:
    if paid_on > today:
        raise ValidationError({"paid_on": _("A payment cannot be recorded as paid in the future.")})


# ---------------------------------------------------------------- payments

def plan_payment(session: Session, actor: Actor | None, case_id: int, form: PaymentForm) -> PaymentRow:
    """Plan a payment; refused above what remains of the entitlement or of the budget line."""
    require(actor, Permission.ALLOWANCE_PAY)
    load_case(session, case_id)
    project = require_case_project(session, case_id)
    line = _line_for(session, project, form.budget_line_id)
    _check_note(form.note)
    paid_to_id = paid_to_checked(session, case_id, form.paid_to_id, form.planned_on)
    _check(session, project, case_id, form.amount, line)
    payment = AllowancePayment(
        case_id=case_id, project_id=project.id, budget_line_id=line.id if line else None, paid_to_id=paid_to_id,
        amount_minor=form.amount.to_minor_units(), currency=form.amount.currency, method=form.method.value,
        status=PaymentStatus.PLANNED.value, planned_on=form.planned_on, note=form.note.strip(),
        created_by_id=actor.id if actor else None,
    )
    session.add(payment)
    session.flush()
    return get_payment(session, actor, payment.id)


def record_payment(session: Session, actor: Actor | None, case_id: int, form: PaymentForm, *,
                   paid_on: dt.date, receipt_signed: bool = False) -> PaymentRow:
    """Plan and pay at once (cash handed over at departure, for example); the recipient is checked on ``paid_on``."""
    require(actor, Permission.ALLOWANCE_PAY)
    load_case(session, case_id)
    paid_to_checked(session, case_id, form.paid_to_id, paid_on)  # before anything is planned: a refusal writes nothing
    planned = plan_payment(session, actor, case_id, form)
    return pay_payment(session, actor, planned.id, planned.version, paid_on=paid_on, receipt_signed=receipt_signed)


def _payment(session: Session, payment_id: int) -> AllowancePayment:
    payment = session.get(AllowancePayment, payment_id)
    if payment is None:
        raise NotFoundError(_("There is no such payment."))
    return payment


def _open_payment(session: Session, payment_id: int, version: int) -> AllowancePayment:
    payment = _payment(session, payment_id)
    check_version(payment.version, version)
    if payment.reverses_id is not None:
        raise ValidationError({"payment": _("A reversing entry cannot be changed.")})
    return payment


def pay_payment(session: Session, actor: Actor | None, payment_id: int, version: int, *, paid_on: dt.date,
                receipt_signed: bool = False, paid_to_id: int | None = None) -> PaymentRow:
    """Mark a planned payment paid on ``paid_on`` by the actor, checked again against what remains now; to
    ``paid_to_id`` when given (the money went to another adult of the household), else to whom it was planned for."""
    require(actor, Permission.ALLOWANCE_PAY)
    payment = _open_payment(session, payment_id, version)
    check_status_change(PaymentStatus(payment.status), PaymentStatus.PAID)
    _check_paid_on(paid_on, clock_of(session).today())
    paid_to = paid_to_checked(session, payment.case_id,
                              paid_to_id if paid_to_id is not None else payment.paid_to_id, paid_on)
    project = session.get(Project, payment.project_id)
    line = session.get(BudgetLine, payment.budget_line_id) if payment.budget_line_id else None
    _check(session, project, payment.case_id, money(payment.amount_minor, payment.currency), line,
           excluding=payment.id)
    payment.status = PaymentStatus.PAID.value
    payment.paid_to_id = paid_to
    payment.paid_on = paid_on
    payment.paid_by_id = actor.id if actor else None
    payment.receipt_signed = receipt_signed
    session.flush()
    return get_payment(session, actor, payment.id)


def set_payment_status(session: Session, actor: Actor | None, payment_id: int, version: int,
                       status: PaymentStatus, *, note: str = "") -> PaymentRow:
    """Mark a planned payment refused or missed, or plan a missed one again (paid goes through ``pay_payment``)."""
    require(actor, Permission.ALLOWANCE_PAY)
    if status is PaymentStatus.PAID:
        raise ValidationError({"status": _("Record the payment as paid with its date.")})
    payment = _open_payment(session, payment_id, version)
    check_status_change(PaymentStatus(payment.status), status)
    _check_note(note)
    if status is PaymentStatus.PLANNED:
        project = session.get(Project, payment.project_id)
        line = session.get(BudgetLine, payment.budget_line_id) if payment.budget_line_id else None
        _check(session, project, payment.case_id, money(payment.amount_minor, payment.currency), line,
               excluding=payment.id)
    payment.status = status.value
    if note.strip():
        payment.note = "\n".join(filter(None, (payment.note, note.strip())))
    session.flush()
    return get_payment(session, actor, payment.id)


def mark_receipt_signed(session: Session, actor: Actor | None, payment_id: int, version: int) -> PaymentRow:
    """Record that the returnee signed the receipt of a paid payment."""
    require(actor, Permission.ALLOWANCE_PAY)
    payment = _open_payment(session, payment_id, version)
    if payment.status != PaymentStatus.PAID:
        raise ValidationError({"receipt_signed": _("Only a paid payment has a receipt to sign.")})
    payment.receipt_signed = True
    session.flush()
    return get_payment(session, actor, payment.id)


def reverse_payment(session: Session, actor: Actor | None, payment_id: int, reason: str, *,
                    on: dt.date | None = None) -> PaymentRow:
    """Cancel a paid payment in full with a reversing entry on ``on`` (default today); returns the reversal."""
    require(actor, Permission.ALLOWANCE_PAY)
    payment = _payment(session, payment_id)
    _check_note(reason, "reason")
    rows = _payments(session, payment.case_id)
    entry = domain_reverse(_ledger(rows, payment.currency), payment.id, "new", reason)
    on = on or clock_of(session).today()
    reversal = AllowancePayment(
        case_id=payment.case_id, project_id=payment.project_id, budget_line_id=payment.budget_line_id,
        amount_minor=entry.amount.to_minor_units(), currency=payment.currency, method=payment.method,
        status=PaymentStatus.PAID.value, planned_on=on, paid_on=on, paid_by_id=actor.id if actor else None,
        paid_to_id=payment.paid_to_id, reverses_id=payment.id, note=entry.note, created_by_id=actor.id if actor else None,
    )
    session.add(reversal)
    session.flush()
    return get_payment(session, actor, reversal.id)


# ---------------------------------------------------------------- overrides

def request_override(session: Session, actor: Actor | None, case_id: int, amount: Money, reason: str
                     ) -> OverrideRow:
    """Ask a manager to set the case's entitlement to ``amount``, saying why; one request waits at a time."""
    require(actor, Permission.ALLOWANCE_PAY)
    load_case(session, case_id)
    project = require_case_project(session, case_id)
    _check_note(reason, "reason")
    _household, entitlement = _entitlement(session, project, case_id)
    # The domain checks the reason, currency and sign; approval is what the manager adds later.
    override_entitlement(entitlement, DomainOverride(amount, reason, approved_by_manager=True))
    if any(o.approved is None for o in _overrides(session, case_id)):
        raise ValidationError({"override": _("A change of the entitlement already waits for a manager's "
                                             "decision.")})
    row = EntitlementOverride(case_id=case_id, amount_minor=amount.to_minor_units(), currency=amount.currency,
                              reason=reason.strip(), requested_by_id=actor.id if actor else None)
    session.add(row)
    session.flush()
    return _override_row(row, user_names(session, {row.requested_by_id}))


def decide_override(session: Session, actor: Actor | None, override_id: int, version: int, *, approve: bool
                    ) -> OverrideRow:
    """A manager approves or declines a requested override; an approved one sets the entitlement."""
    require(actor, Permission.ALLOWANCE_APPROVE)
    row = session.get(EntitlementOverride, override_id)
    if row is None:
        raise NotFoundError(_("There is no such request."))
    check_version(row.version, version)
    if row.approved is not None:
        raise ValidationError({"override": _("This request has already been decided.")})
    row.approved = approve
    row.decided_at = clock_of(session).now()
    row.decided_by_id = actor.id if actor else None
    session.flush()
    return _override_row(row, user_names(session, {row.requested_by_id, row.decided_by_id}))
