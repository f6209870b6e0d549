"""Frozen data that the project, allowance, reintegration, monitoring and work-list services take and return.

Amounts are ``domain.money.Money`` (a Decimal in one ISO 4217 currency); the computation of an
entitlement is the domain's ``Entitlement`` with its lines, so a screen or a receipt shows the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from avrcase.domain.allowances import Entitlement, Household, LedgerPosition, PaymentMethod, PaymentStatus
from avrcase.domain.finance_codes import ContactMethod, LineKind, NeedLevel, Referral, SurveyKind
from avrcase.domain.money import Money
from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality

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
    """A payment to plan: amount, method, the day it is planned and (optionally) the budget line."""

    amount: Money
    method: PaymentMethod
    planned_on: dt.date
    note: str = ""
    budget_line_id: int | None = None


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

    @property
    def is_reversal(self) -> bool:
        """True for an entry that cancels a paid payment."""
        return self.reverses_id is not None


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

    @property
    def pending_override(self) -> OverrideRow | None:
        """The override waiting for a manager's decision, if any."""
        return next((o for o in self.overrides if o.approved is None), None)


# ---------------------------------------------------------------- reintegration

@dataclass(frozen=True)
class NeedsAssessmentForm:
    """A needs assessment as entered."""

    assessed_on: dt.date
    economic_need: NeedLevel = NeedLevel.UNKNOWN
    social_need: NeedLevel = NeedLevel.UNKNOWN
    psychosocial_need: NeedLevel = NeedLevel.UNKNOWN
    economic_notes: str = ""
    social_notes: str = ""
    psychosocial_notes: str = ""
    skills: str = ""
    plans: str = ""
    referral_needs: tuple[Referral, ...] = ()
    referral_notes: str = ""


@dataclass(frozen=True)
class NeedsAssessmentDetail:
    """A case's needs assessment (save changes by ``id`` and ``version``)."""

    id: int
    case_id: int
    form: NeedsAssessmentForm
    assessed_by: str
    version: int


@dataclass(frozen=True)
class PlanItemForm:
    """An item as entered; ``key`` None for a new item, else the key of the item it edits."""

    category: ItemCategory
    description: str
    estimated_cost: Money
    modality: Modality = Modality.IN_KIND
    provider: str = ""
    due_on: dt.date | None = None
    key: str | None = None


@dataclass(frozen=True)
class PlanItemRow:
    """An item of a plan revision with its progress; proof is an attachment id or a note."""

    key: str
    category: ItemCategory
    description: str
    provider: str
    modality: Modality
    estimated_cost: Money
    actual_cost: Money | None
    status: ItemStatus
    due_on: dt.date | None
    approved_on: dt.date | None
    delivered_on: dt.date | None
    verified_on: dt.date | None
    proof_attachment_id: int | None
    proof_note: str

    @property
    def cost(self) -> Money:
        """The actual cost once delivered, the estimate before."""
        return self.actual_cost if self.actual_cost is not None else self.estimated_cost

    def as_form(self) -> PlanItemForm:
        """The item as a form, to edit it in a draft or revision."""
        return PlanItemForm(self.category, self.description, self.estimated_cost, self.modality, self.provider,
                            self.due_on, self.key)


@dataclass(frozen=True)
class PlanRevisionRow:
    """One version of a plan, as it was drafted and (once) approved."""

    number: int
    drafted_on: dt.date
    drafted_by: str
    reason: str
    approved_on: dt.date | None
    approved_by: str
    items: tuple[PlanItemRow, ...]
    total: Money


@dataclass(frozen=True)
class PlanDetail:
    """A case's reintegration plan: every revision, the current one's items, total and cap."""

    id: int
    case_id: int
    case_number: str
    project_id: int | None
    project_name: str
    currency: str
    persons: int
    cap: Money | None
    revisions: tuple[PlanRevisionRow, ...]
    is_verified: bool
    version: int

    @property
    def current(self) -> PlanRevisionRow:
        """The latest revision (a draft, or what is agreed now)."""
        return self.revisions[-1]

    @property
    def items(self) -> tuple[PlanItemRow, ...]:
        """The current revision's items."""
        return self.current.items

    @property
    def total(self) -> Money:
        """The current revision's total (cancelled items left out)."""
        return self.current.total

    @property
    def is_approved(self) -> bool:
        """True when the current revision is approved."""
        return self.current.approved_on is not None


# ---------------------------------------------------------------- monitoring

@dataclass(frozen=True)
class MonitoringContactForm:
    """A monitoring contact as entered."""

    contacted_on: dt.date
    method: ContactMethod
    conducted_by: str
    findings: str = ""


@dataclass(frozen=True)
class MonitoringContactRow:
    """A recorded monitoring contact."""

    id: int
    case_id: int
    contacted_on: dt.date
    method: ContactMethod
    conducted_by: str
    findings: str
    recorded_by: str


@dataclass(frozen=True)
class SurveyForm:
    """A sustainability survey as entered: indicator key → answer key."""

    kind: SurveyKind
    surveyed_on: dt.date
    answers: tuple[tuple[str, str], ...]
    notes: str = ""


@dataclass(frozen=True)
class SurveyRow:
    """A recorded survey with its scores (each 0..1, None when too little was answered)."""

    id: int
    case_id: int
    kind: SurveyKind
    surveyed_on: dt.date
    definition_name: str
    answers: tuple[tuple[str, str], ...]
    economic: float | None
    social: float | None
    psychosocial: float | None
    composite: float | None
    months_after_return: int | None
    notes: str
    recorded_by: str


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
