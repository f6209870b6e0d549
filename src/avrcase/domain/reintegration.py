"""Reintegration plans: items, their statuses, the plan's total against the cap, and revisions.

A plan is a pure value holding every revision. A draft is edited until a manager approves it within
the cap; an approved plan is revised by adding a new draft revision, so what was agreed stays in the
history. Items move planned → approved → delivered → verified (or are cancelled before delivery);
something delivered cannot be revised away.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from avrcase.domain.codes import Vocabulary
from avrcase.domain.errors import ValidationError
from avrcase.domain.money import Money
from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_date

MAX_DESCRIPTION = 1000


class ItemCategory(Vocabulary):
    """What kind of support a plan item gives."""

    MICRO_BUSINESS = "micro_business"
    VOCATIONAL_TRAINING = "vocational_training"
    EDUCATION = "education"
    JOB_PLACEMENT = "job_placement"
    HOUSING = "housing"
    MEDICAL_CARE = "medical_care"
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"
    LEGAL_AND_DOCUMENTATION = "legal_and_documentation"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            "micro_business": N_("Micro-business"),
            "vocational_training": N_("Vocational training"),
            "education": N_("Education"),
            "job_placement": N_("Job placement"),
            "housing": N_("Housing"),
            "medical_care": N_("Medical care"),
            "psychosocial_support": N_("Psychosocial support"),
            "legal_and_documentation": N_("Legal and documentation"),
            "other": N_("Other"),
        }


class Modality(Vocabulary):
    """Whether the returnee receives goods and services or money."""

    IN_KIND = "in_kind"
    CASH = "cash"

    @classmethod
    def _labels(cls):
        return {"in_kind": N_("In kind"), "cash": N_("Cash")}


class ItemStatus(Vocabulary):
    """Where a plan item stands."""

    PLANNED = "planned"
    APPROVED = "approved"
    DELIVERED = "delivered"
    VERIFIED = "verified"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls):
        return {
            "planned": N_("Planned"),
            "approved": N_("Approved"),
            "delivered": N_("Delivered"),
            "verified": N_("Verified"),
            "cancelled": N_("Cancelled"),
        }


S = ItemStatus
#: Moves an item may make. Items become approved when the manager approves the plan.
ITEM_TRANSITIONS: dict[ItemStatus, tuple[ItemStatus, ...]] = {
    S.PLANNED: (S.APPROVED, S.CANCELLED),
    S.APPROVED: (S.DELIVERED, S.CANCELLED),
    S.DELIVERED: (S.VERIFIED,),
    S.VERIFIED: (),
    S.CANCELLED: (),
}
#: Statuses whose item has been handed over and can no longer be revised.
HANDED_OVER = frozenset({S.DELIVERED, S.VERIFIED})


@dataclass(frozen=True)
class PlanItem:
    """One agreed piece of support; ``key`` identifies it across revisions, ``proof`` names the evidence."""

    key: str
    category: ItemCategory
    description: str
    estimated_cost: Money
    modality: Modality = Modality.IN_KIND
    provider: str = ""
    status: ItemStatus = S.PLANNED
    actual_cost: Money | None = None
    approved_on: dt.date | None = None
    delivered_on: dt.date | None = None
    verified_on: dt.date | None = None
    proof: str = ""

    @property
    def cost(self) -> Money:
        """What the item costs the plan: the actual cost once delivered, the estimate before."""
        return self.actual_cost if self.actual_cost is not None else self.estimated_cost

    @property
    def counts(self) -> bool:
        """False for a cancelled item, which no longer adds to the total."""
        return self.status is not S.CANCELLED

    def same_content(self, other: PlanItem) -> bool:
        """True when only the progress (status, dates, proof) differs, not what was agreed."""
        fields = ("category", "description", "estimated_cost", "modality", "provider")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


def item_errors(item: PlanItem, currency: str, prefix: str = "") -> dict[str, str]:
    """Problems with what an item says, keyed by ``prefix`` + field name."""
    errors: dict[str, str] = {}
    if not item.description.strip():
        errors[prefix + "description"] = _("Please describe the support.")
    elif len(item.description) > MAX_DESCRIPTION:
        errors[prefix + "description"] = _("The description is too long (at most %(n)d characters).") % {
            "n": MAX_DESCRIPTION
        }
    for field, amount in (("estimated_cost", item.estimated_cost), ("actual_cost", item.actual_cost)):
        if amount is None:
            continue
        if amount.currency != currency:
            errors[prefix + field] = _("The plan is in %(currency)s; enter the cost in %(currency)s.") % {
                "currency": currency
            }
        elif amount.is_negative:
            errors[prefix + field] = _("A cost cannot be negative.")
    return errors


def move_item(
    item: PlanItem, to: ItemStatus, *, on: dt.date, actual_cost: Money | None = None, proof: str = ""
) -> PlanItem:
    """The item moved to ``to`` on day ``on``; delivery needs the actual cost, verification a proof."""
    errors: dict[str, str] = {}
    if to not in ITEM_TRANSITIONS[item.status]:
        errors["status"] = _("An item that is “%(current)s” cannot become “%(new)s”.") % {
            "current": item.status.label,
            "new": to.label,
        }
    elif to is S.DELIVERED:
        if actual_cost is None:
            errors["actual_cost"] = _("Please enter what the delivered support actually cost.")
        else:
            errors.update(item_errors(replace(item, actual_cost=actual_cost), item.estimated_cost.currency))
        if item.approved_on and on < item.approved_on:
            errors["delivered_on"] = _("Delivery cannot be before the approval on %(date)s.") % {
                "date": format_date(item.approved_on)
            }
    elif to is S.VERIFIED:
        if not proof.strip():
            errors["proof"] = _("Please attach or name the proof of delivery before verifying it.")
        if item.delivered_on and on < item.delivered_on:
            errors["verified_on"] = _("Verification cannot be before the delivery on %(date)s.") % {
                "date": format_date(item.delivered_on)
            }
    if errors:
        raise ValidationError(errors)
    if to is S.APPROVED:
        return replace(item, status=to, approved_on=on)
    if to is S.DELIVERED:
        return replace(item, status=to, delivered_on=on, actual_cost=actual_cost)
    if to is S.VERIFIED:
        return replace(item, status=to, verified_on=on, proof=proof.strip())
    return replace(item, status=to)


@dataclass(frozen=True)
class ReintegrationCap:
    """A project's limits on a plan: per person (times the household's size) and per household."""

    per_person: Money | None = None
    per_household: Money | None = None

    def limit(self, persons: int) -> Money | None:
        """The cap for a household of ``persons``: the lower of the two limits; None when uncapped."""
        limits = []
        if self.per_person is not None:
            limits.append(self.per_person * persons)
        if self.per_household is not None:
            limits.append(self.per_household)
        return min(limits) if limits else None


def plan_total(items: Iterable[PlanItem], currency: str) -> Money:
    """The cost of every item that is not cancelled."""
    return Money.total((item.cost for item in items if item.counts), currency)


def cap_excess(items: Iterable[PlanItem], currency: str, cap: ReintegrationCap, persons: int) -> Money:
    """How far the plan's total is above the cap; zero within it (delivered costs may push a plan over)."""
    total, limit = plan_total(items, currency), cap.limit(persons)
    if limit is None or total <= limit:
        return Money.zero(currency)
    return total - limit


def check_plan_total(items: Iterable[PlanItem], currency: str, cap: ReintegrationCap, persons: int) -> None:
    """Refuse a plan whose total is above the cap, naming the total, the cap and how it was set."""
    items = tuple(items)
    if not cap_excess(items, currency, cap, persons):
        return
    total, limit = plan_total(items, currency), cap.limit(persons)
    assert limit is not None
    values = {"total": total.format(), "cap": limit.format(), "excess": (total - limit).format(), "n": persons}
    if cap.per_person is not None and limit == cap.per_person * persons:
        values["per_person"] = cap.per_person.format()
        how = ngettext("%(n)d person × %(per_person)s", "%(n)d persons × %(per_person)s", persons) % values
    else:
        how = _("the household cap")
    values["how"] = how
    raise ValidationError(
        {"items": _("The plan's total of %(total)s is %(excess)s above its cap of %(cap)s (%(how)s).") % values}
    )


@dataclass(frozen=True)
class PlanRevision:
    """One version of the plan: its items, why it was made, when drafted and (once) approved."""

    number: int
    items: tuple[PlanItem, ...]
    drafted_on: dt.date
    reason: str = ""
    approved_on: dt.date | None = None

    @property
    def is_approved(self) -> bool:
        """True once a manager approved this revision."""
        return self.approved_on is not None


@dataclass(frozen=True)
class ReintegrationPlan:
    """A returnee's plan with its whole history; every change returns a new plan."""

    currency: str
    revisions: tuple[PlanRevision, ...]

    @classmethod
    def draft(cls, items: Iterable[PlanItem], currency: str, on: dt.date) -> ReintegrationPlan:
        """A first draft of new items."""
        return cls(currency, (PlanRevision(1, _checked_items((), items, currency), on),))

    @property
    def current(self) -> PlanRevision:
        """The latest revision: a draft under discussion, or what is agreed now."""
        return self.revisions[-1]

    @property
    def in_force(self) -> PlanRevision | None:
        """The latest approved revision: what was last agreed (its items show their status as of then)."""
        return next((rev for rev in reversed(self.revisions) if rev.is_approved), None)

    @property
    def total(self) -> Money:
        """The current revision's total."""
        return plan_total(self.current.items, self.currency)

    @property
    def is_verified(self) -> bool:
        """True when the current revision is approved and every item that counts was verified."""
        counting = [item for item in self.current.items if item.counts]
        return self.current.is_approved and bool(counting) and all(i.status is S.VERIFIED for i in counting)

    def item(self, key: str) -> PlanItem:
        """The current revision's item ``key``."""
        for item in self.current.items:
            if item.key == key:
                return item
        raise ValidationError({"item": _("The plan has no such item.")})


def _checked_items(previous: tuple[PlanItem, ...], items: Iterable[PlanItem], currency: str) -> tuple[PlanItem, ...]:
    """``items`` validated against the revision they replace; new or changed items restart as planned."""
    items = tuple(items)
    before = {item.key: item for item in previous}
    given = {item.key: item for item in items}
    errors: dict[str, str] = {}
    if len(given) != len(items):
        errors["items"] = _("Two items of the plan have the same identifier.")
    for old in previous:
        if old.status in HANDED_OVER and not (old.key in given and old.same_content(given[old.key])):
            errors["items"] = _("“%(item)s” was already delivered and cannot be changed or removed.") % {
                "item": old.description
            }
    for index, item in enumerate(items):
        errors.update(item_errors(item, currency, f"items.{index}."))
    if errors:
        raise ValidationError(errors)
    # Progress (status, dates, proof) changes only through move_plan_item, never through an edit.
    return tuple(
        before[item.key] if item.key in before and item.same_content(before[item.key]) else _restarted(item)
        for item in items
    )


def _restarted(item: PlanItem) -> PlanItem:
    return replace(
        item, status=S.PLANNED, actual_cost=None, approved_on=None, delivered_on=None, verified_on=None, proof=""
    )


def edit_draft(plan: ReintegrationPlan, items: Iterable[PlanItem]) -> ReintegrationPlan:
    """The plan with its unapproved current revision's items replaced."""
    if plan.current.is_approved:
        raise ValidationError({"items": _("The plan is approved; revise it to change it.")})
    items = _checked_items(plan.current.items, items, plan.currency)
    return replace(plan, revisions=(*plan.revisions[:-1], replace(plan.current, items=items)))


def revise_plan(plan: ReintegrationPlan, items: Iterable[PlanItem], reason: str, on: dt.date) -> ReintegrationPlan:
    """A new draft revision after an approved one, which stays in the history.

    Handed-over items must stay exactly as they are; items whose agreed content is unchanged keep their
    status; new or changed items start as planned and are approved with the revision.
    """
    errors: dict[str, str] = {}
    if not plan.current.is_approved:
        errors["items"] = _("The current draft is not approved yet; change it instead of revising it.")
    if not reason.strip():
        errors["reason"] = _("Please say why the plan is revised.")
    if errors:
        raise ValidationError(errors)
    items = _checked_items(plan.current.items, items, plan.currency)
    revision = PlanRevision(plan.current.number + 1, items, on, reason.strip())
    return replace(plan, revisions=(*plan.revisions, revision))


def approve_plan(
    plan: ReintegrationPlan, on: dt.date, *, by_manager: bool, cap: ReintegrationCap, persons: int
) -> ReintegrationPlan:
    """The current revision approved on ``on``: only by a manager, with items, within the cap."""
    errors: dict[str, str] = {}
    if not by_manager:
        errors["approved_by"] = _("A reintegration plan is approved by a manager.")
    if plan.current.is_approved:
        errors["items"] = _("This version of the plan is already approved.")
    elif not any(item.counts for item in plan.current.items):
        errors["items"] = _("A plan needs at least one item before it is approved.")
    else:
        try:
            check_plan_total(plan.current.items, plan.currency, cap, persons)
        except ValidationError as err:
            errors.update(err.errors)
    if errors:
        raise ValidationError(errors)
    items = tuple(move_item(i, S.APPROVED, on=on) if i.status is S.PLANNED else i for i in plan.current.items)
    return replace(plan, revisions=(*plan.revisions[:-1], replace(plan.current, items=items, approved_on=on)))


def move_plan_item(
    plan: ReintegrationPlan, key: str, to: ItemStatus, *, on: dt.date, actual_cost: Money | None = None,
    proof: str = "",
) -> ReintegrationPlan:
    """The plan with one item delivered, verified or cancelled; approval goes through ``approve_plan``."""
    if to is S.APPROVED:
        raise ValidationError({"status": _("Items are approved when a manager approves the plan.")})
    moved = move_item(plan.item(key), to, on=on, actual_cost=actual_cost, proof=proof)
    items = tuple(moved if item.key == key else item for item in plan.current.items)
    return replace(plan, revisions=(*plan.revisions[:-1], replace(plan.current, items=items)))
