"""Frozen data that the reintegration and monitoring services take and return: needs assessments, plans with
their items and revisions, monitoring contacts and surveys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from avrcase.domain.finance_codes import ContactMethod, NeedLevel, Referral, SurveyKind
from avrcase.domain.money import Money
from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality

# ---------------------------------------------------------------- reintegration

#: Referrals that tell of a returnee's health: only roles that may see medical details read them.
HEALTH_REFERRALS = frozenset({Referral.HEALTH, Referral.MENTAL_HEALTH})


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

    def holds_health(self) -> frozenset[str]:
        """Where the assessment holds health information (GDPR art. 9), empty if nowhere: "psychosocial" (its
        notes), "referrals" (a referral to health or mental-health services, or the referral notes: to whom, why)."""
        referrals = self.referral_notes.strip() or any(r in HEALTH_REFERRALS for r in self.referral_needs)
        return frozenset({"psychosocial"} if self.psychosocial_notes.strip() else set()) | (
            {"referrals"} if referrals else set())

    def without_health(self) -> NeedsAssessmentForm:
        """The assessment as a role that may not see health information reads it."""
        return replace(self, psychosocial_notes="", referral_notes="",
                       referral_needs=tuple(r for r in self.referral_needs if r not in HEALTH_REFERRALS))


@dataclass(frozen=True)
class NeedsAssessmentDetail:
    """A case's needs assessment (save changes by ``id`` and ``version``)."""

    id: int
    case_id: int
    form: NeedsAssessmentForm
    assessed_by: str
    version: int
    #: Where health information was left out of ``form`` ("psychosocial", "referrals") because the reader's role
    #: may not see it.
    health_hidden: frozenset[str] = frozenset()


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
