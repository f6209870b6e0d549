"""Frozen data that the project, allowance and work-list services take and return (reintegration and monitoring:
``services/reintegration/dto.py``, whose names stay importable from here).

Amounts are ``domain.money.Money`` (a Decimal in one ISO 4217 currency); the computation of an
entitlement is the domain's ``Entitlement`` with its lines, so a screen or a receipt shows the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from avrcase.domain.allowances import Entitlement, Household, LedgerPosition, PaymentMethod, PaymentStatus
from avrcase.domain.finance_codes import LineKind
from avrcase.domain.money import Money
from avrcase.domain.reintegration import ItemCategory, ItemStatus
from avrcase.services.reintegration.dto import (
    MonitoringContactForm as MonitoringContactForm,
    MonitoringContactRow as MonitoringContactRow,
    NeedsAssessmentDetail as NeedsAssessmentDetail,
    NeedsAssessmentForm as NeedsAssessmentForm,
    PlanDetail as PlanDetail,
    PlanItemForm as PlanItemForm,
    PlanItemRow as PlanItemRow,
    PlanRevisionRow as PlanRevisionRow,
    SurveyForm as SurveyForm,
    SurveyRow as SurveyRow,
)

# ---------------------------------------------------------------- projects

@dataclass(frozen=True)
class BudgetLineForm:
    """A budget line as entered; ``id`` None for a new line."""

    kind: LineKind
    name: str
    amount: Money
    id: int | None = None


@dataclass(frozen=True)
class ProjectForm:
    """A project as entered: rates, reintegration caps (None = no cap) and budget lines, all in ``currency``."""

    name: str
    currency: str
    starts_on: dt.date
    per_adult: Money
    per_child: Money
    per_vulnerable: Money
    household_cap: Money | None = None
    reintegration_per_person: Money | None = None
    reintegration_per_household: Money | None = None
    funder: str = ""
    ends_on: dt.date | None = None
    lines: tuple[BudgetLineForm, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class BudgetLineRow:
    """A budget line with what is committed (paid or spent plus planned), spent and remaining."""

    id: int
    project_id: int
    project_name: str
    kind: LineKind
    name: str
    amount: Money
    committed: Money
    spent: Money
    remaining: Money

    @property
    def overdrawn(self) -> bool:
        """True when commitments exceed the line (for example after costs rose on delivery)."""
        return self.committed > self.amount


@dataclass(frozen=True)
class ProjectRow:
    """A project in a list or picker."""

    id: int
    name: str
    funder: str
    currency: str
    starts_on: dt.date
    ends_on: dt.date | None
    cases: int


@dataclass(frozen=True)
class ProjectDetail:
    """A whole project, ready to edit (save by ``id`` and ``version``)."""

    id: int
    form: ProjectForm
    lines: tuple[BudgetLineRow, ...]
    cases: int
    version: int

    @property
    def name(self) -> str:
        """The project's name."""
        return self.form.name

    @property
    def currency(self) -> str:
        """The ISO 4217 code of every amount of the project."""
        return self.form.currency


# ---------------------------------------------------------------- allowances

@dataclass(frozen=True)
class PaymentForm:
    """A payment to plan: amount, method, the day it is planned, (optionally) the budget line and who it is paid to
    (a person of the household; None: the principal applicant)."""

    amount: Money
    method: PaymentMethod
    planned_on: dt.date
    note: str = ""
    budget_line_id: int | None = None
    paid_to_id: int | None = None


@dataclass(frozen=True)
class PaymentRow:
    """One ledger entry; a reversal has ``reverses_id``, a reversed payment ``reversed_by_id``."""

    id: int
    case_id: int
    amount: Money
    method: PaymentMethod
    status: PaymentStatus
    planned_on: dt.date
    paid_on: dt.date | None
    paid_by: str
    receipt_signed: bool
    reverses_id: int | None
    reversed_by_id: int | None
    note: str
    budget_line_id: int | None
    version: int
    #: The household member paid (a reversal: its original's); None only for a row no migration could name.
    paid_to_id: int | None = None
    #: Their name as documents print it ("BERIDZE Nino"); "" when none is recorded.
    paid_to: str = ""

    @property
    def is_reversal(self) -> bool:
        """True for an entry that cancels a paid payment."""
        return self.reverses_id is not None


@dataclass(frozen=True)
class RecipientRow:
    """A person of the household a payment may be paid to (the principal applicant first)."""

    person_id: int
    name: str
    principal: bool
    date_of_birth: dt.date | None


@dataclass(frozen=True)
class OverrideRow:
    """A request to change an entitlement and the manager's decision (``approved`` None while pending)."""

    id: int
    amount: Money
    reason: str
    requested_by: str
    requested_at: dt.datetime
    approved: bool | None
    decided_by: str
    decided_at: dt.datetime | None
    version: int


@dataclass(frozen=True)
class AllowanceDetail:
    """A case's allowance: household, entitlement with its lines, the ledger and where it stands."""

    case_id: int
    case_number: str
    project_id: int
    project_name: str
    household: Household
    entitlement: Entitlement
    position: LedgerPosition
    payments: tuple[PaymentRow, ...]
    overrides: tuple[OverrideRow, ...]
    #: The household's members, the principal applicant first: who a payment may be paid to.
    recipients: tuple[RecipientRow, ...] = ()

    @property
    def pending_override(self) -> OverrideRow | None:
        """The override waiting for a manager's decision, if any."""
        return next((o for o in self.overrides if o.approved is None), None)


# ---------------------------------------------------------------- work lists

@dataclass(frozen=True)
class AllowanceDueRow:
    """A departure coming up without an allowance planned or paid."""

    case_id: int
    case_number: str
    name: str
    departure_on: dt.date
    country_of_return: str
    project_name: str
    household_size: int


@dataclass(frozen=True)
class ApprovalDueRow:
    """A decision waiting for a manager: a plan revision to approve (``kind`` "plan") or an allowance
    override to approve or decline (``kind`` "override")."""

    case_id: int
    case_number: str
    name: str
    kind: str
    amount: Money
    requested_on: dt.date
    requested_by: str
    detail: str
    project_name: str


@dataclass(frozen=True)
class OverdueItemRow:
    """A plan item late for delivery (approved, past its due day) or for verification."""

    case_id: int
    case_number: str
    name: str
    item_key: str
    category: ItemCategory
    description: str
    provider: str
    status: ItemStatus
    due_on: dt.date
    days_overdue: int


@dataclass(frozen=True)
class MonitoringDueRow:
    """A returned case whose next monitoring contact is due."""

    case_id: int
    case_number: str
    name: str
    country_of_return: str
    returned_on: dt.date
    months_since_return: int
    last_contact_on: dt.date | None
    due_on: dt.date
    checkpoint_months: int
