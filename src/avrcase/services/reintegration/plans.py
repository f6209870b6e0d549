"""Reintegration: needs assessment and the plan (draft, edit, approve, revise, move items), kept with its history.

Services (each takes ``session, actor`` first):
``get_needs_assessment(case_id) -> NeedsAssessmentDetail | None``;
``save_needs_assessment(case_id, NeedsAssessmentForm, version=None) -> NeedsAssessmentDetail``;
``get_plan(case_id) -> PlanDetail | None``; ``draft_plan(case_id, [PlanItemForm], on=) -> PlanDetail``;
``edit_plan(plan_id, version, [PlanItemForm])`` (the unapproved draft); ``approve_plan(plan_id, version, on=)``
(managers; within the cap and the budget line; a departed case moves to "reintegration");
``revise_plan(plan_id, version, [PlanItemForm], reason, on=)`` (a new draft revision after an approved one);
``move_item(plan_id, version, key, ItemStatus, on=, actual_cost=, proof_attachment_id=, proof_note=)``
(delivered needs the actual cost, verified a proof: an attachment of the case or a note).
DTOs (``PlanDetail``, ``PlanRevisionRow``, ``PlanItemRow``, ``NeedsAssessmentDetail``) live in
``services.reintegration.dto``. The pure rules are ``domain.reintegration``; this module loads and stores them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import flag_modified

from avrcase.domain import reintegration as rules
from avrcase.domain.errors import NotFoundError, ValidationError
from avrcase.domain.finance_codes import LineKind, NeedLevel, Referral
from avrcase.domain.money import Money
from avrcase.domain.reintegration import ItemCategory, ItemStatus, Modality, PlanItem, PlanRevision
from avrcase.domain.stages import Stage, StageMove
from avrcase.domain.validation import free_text_problem
from avrcase.i18n import _
from avrcase.services.cases.history import record_stage_change
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.finance.projects import (
    cap_of,
    check_version,
    default_line,
    line_position,
    load_case,
    money,
    require_case_project,
    user_names,
)
from avrcase.services.permissions import Permission, allowed, require
from avrcase.services.reintegration.days import before_registration
from avrcase.services.reintegration.dto import (
    NeedsAssessmentDetail,
    NeedsAssessmentForm,
    PlanDetail,
    PlanItemForm,
    PlanItemRow,
    PlanRevisionRow,
)
from avrcase.store.models import (
    Attachment,
    BudgetLine,
    Case,
    NeedsAssessment,
    PlanItemRecord,
    PlanRevisionRecord,
    Project,
    ReintegrationPlanRecord,
)

MAX_TEXT = 4000
ATTACHMENT_PROOF = "attachment:"


# ---------------------------------------------------------------- needs assessment

def _assessment_detail(session: Session, row: NeedsAssessment, *, show_health: bool = True) -> NeedsAssessmentDetail:
    form = NeedsAssessmentForm(
        row.assessed_on, NeedLevel(row.economic_need), NeedLevel(row.social_need), NeedLevel(row.psychosocial_need),
        row.economic_notes, row.social_notes, row.psychosocial_notes, row.skills, row.plans,
        tuple(Referral(code) for code in row.referral_needs.split(",") if code), row.referral_notes)
    hidden = frozenset() if show_health else form.holds_health()
    return NeedsAssessmentDetail(row.id, row.case_id, form.without_health() if hidden else form, user_names(
        session, {row.assessed_by_id}).get(row.assessed_by_id, ""), row.version, health_hidden=hidden)


def get_needs_assessment(session: Session, actor: Actor | None, case_id: int) -> NeedsAssessmentDetail | None:
    """The case's needs assessment, or None before one is recorded; without its health information (psychosocial
    notes, health referrals, referral notes) for a role that may not see medical details."""
    require(actor, Permission.REINTEGRATION_READ)
    row = session.scalar(select(NeedsAssessment).where(NeedsAssessment.case_id == case_id))
    show = actor is not None and allowed(actor.role, Permission.SENSITIVE_READ)
    return None if row is None else _assessment_detail(session, row, show_health=show)


def save_needs_assessment(session: Session, actor: Actor | None, case_id: int, form: NeedsAssessmentForm,
                          version: int | None = None) -> NeedsAssessmentDetail:
    """Record the assessment, or save changes to the one opened at ``version``."""
    require(actor, Permission.REINTEGRATION_EDIT)
    case = load_case(session, case_id)
    texts = {"economic_notes": form.economic_notes, "social_notes": form.social_notes,
             "psychosocial_notes": form.psychosocial_notes, "skills": form.skills, "plans": form.plans,
             "referral_notes": form.referral_notes}
    errors = {field: _("The text is too long (at most %(n)d characters).") % {"n": MAX_TEXT}
              for field, text in texts.items() if len(text) > MAX_TEXT}
    errors.update({field: problem for field, text in texts.items()
                   if field not in errors and (problem := free_text_problem(text))})
    if form.assessed_on > clock_of(session).today():
        errors["assessed_on"] = _("The assessment cannot be dated in the future.")
    levels = (form.economic_need, form.social_need, form.psychosocial_need)
    if all(level is NeedLevel.UNKNOWN for level in levels) and not any(t.strip() for t in texts.values()) \
            and not form.referral_needs:  # an empty form was saved as "assessed on … by …"
        errors["needs"] = _("Nothing was assessed: choose the need for support in at least one area, or write what "
                            "was found.")
    errors.update(before_registration(case, form.assessed_on, "assessed_on", _(
        "The assessment cannot be dated before the case was registered (%(day)s).")))
    if errors:
        raise ValidationError(errors)
    row = session.scalar(select(NeedsAssessment).where(NeedsAssessment.case_id == case_id))
    if row is None:
        if version is not None:
            raise NotFoundError(_("The needs assessment was removed meanwhile."))
        row = NeedsAssessment(case_id=case_id)
        session.add(row)
    else:
        check_version(row.version, -1 if version is None else version)
    row.assessed_on, row.assessed_by_id = form.assessed_on, actor.id if actor else None
    row.economic_need, row.social_need = form.economic_need.value, form.social_need.value
    row.psychosocial_need = form.psychosocial_need.value
    for field, text in texts.items():
        setattr(row, field, text.strip())
    row.referral_needs = ",".join(r.value for r in form.referral_needs)
    session.flush()
    return _assessment_detail(session, row)


# ---------------------------------------------------------------- plan: loading and storing

def _proof(item: PlanItemRecord) -> str:
    if item.proof_attachment_id is not None:
        return f"{ATTACHMENT_PROOF}{item.proof_attachment_id}"
    return item.proof_note


def _domain_item(item: PlanItemRecord, currency: str) -> PlanItem:
    return PlanItem(
        item.key, ItemCategory(item.category), item.description, money(item.estimated_minor, currency),
        Modality(item.modality), item.provider, ItemStatus(item.status), money(item.actual_minor, currency),
        item.approved_on, item.delivered_on, item.verified_on, _proof(item))


def _domain_plan(record: ReintegrationPlanRecord) -> rules.ReintegrationPlan:
    c = record.currency
    return rules.ReintegrationPlan(c, tuple(
        PlanRevision(rev.number, tuple(_domain_item(i, c) for i in rev.items), rev.drafted_on, rev.reason,
                     rev.approved_on) for rev in record.revisions))


def _store_items(rev_record: PlanRevisionRecord, items: Sequence[PlanItem], due: dict[str, dt.date | None],
                 proofs: dict[str, tuple[int | None, str]]) -> None:
    existing = {item.key: item for item in rev_record.items}
    kept = []
    for position, item in enumerate(items):
        row = existing.get(item.key) or PlanItemRecord(key=item.key)
        row.position, row.category, row.description = position, item.category.value, item.description.strip()
        row.provider, row.modality, row.status = item.provider.strip(), item.modality.value, item.status.value
        row.estimated_minor = item.estimated_cost.to_minor_units()
        row.actual_minor = None if item.actual_cost is None else item.actual_cost.to_minor_units()
        row.approved_on, row.delivered_on, row.verified_on = item.approved_on, item.delivered_on, item.verified_on
        if item.key in due:
            row.due_on = due[item.key]
        attachment_id, note = proofs.get(item.key, (row.proof_attachment_id, row.proof_note))
        row.proof_attachment_id, row.proof_note = attachment_id, note or ""
        if not item.proof:
            row.proof_attachment_id, row.proof_note = None, ""
        kept.append(row)
    rev_record.items = kept


def _store(record: ReintegrationPlanRecord, plan: rules.ReintegrationPlan, actor: Actor | None, *,
           due: dict[str, dt.date | None] | None = None, proofs: dict[str, tuple[int | None, str]] | None = None,
           approved_by: int | None = None) -> None:
    """Write the domain plan back: existing revisions updated, new ones added with their items."""
    by_number = {rev.number: rev for rev in record.revisions}
    for revision in plan.revisions:
        row = by_number.get(revision.number)
        if row is None:
            row = PlanRevisionRecord(number=revision.number, drafted_on=revision.drafted_on, reason=revision.reason,
                                     drafted_by_id=actor.id if actor else None)
            previous = by_number.get(revision.number - 1)
            before = previous.items if previous is not None else []
            due = {**{i.key: i.due_on for i in before}, **(due or {})}
            proofs = {**{i.key: (i.proof_attachment_id, i.proof_note) for i in before}, **(proofs or {})}
            record.revisions.append(row)
        if revision.approved_on is not None and row.approved_on is None:
            row.approved_by_id = approved_by
        row.approved_on = revision.approved_on
        if revision is plan.current:
            _store_items(row, revision.items, due or {}, proofs or {})
    # Bumps the plan's version even when only items changed, and even when the clock stands still.
    record.updated_at = clock_of(object_session(record)).now()
    if inspect(record).persistent:
        flag_modified(record, "updated_at")


def _items_from_forms(record_items: Sequence[PlanItemRecord], forms: Sequence[PlanItemForm]
                      ) -> tuple[list[PlanItem], dict[str, dt.date | None]]:
    """Domain items for the forms, new ones keyed ``i1``, ``i2``… after the highest key so far."""
    used = [int(i.key[1:]) for i in record_items if i.key[:1] == "i" and i.key[1:].isdigit()]
    next_number = max(used, default=0) + 1
    items, due = [], {}
    for form in forms:
        key = form.key
        if key is None:
            key, next_number = f"i{next_number}", next_number + 1
        items.append(PlanItem(key, form.category, form.description.strip(), form.estimated_cost, form.modality,
                              form.provider.strip()))
        due[key] = form.due_on
    return items, due


def _check_due(case: Case, forms: Sequence[PlanItemForm]) -> None:
    """No item is due before the case was registered (a "deliver by" of 2019 was saved for a case of 2026)."""
    errors: dict[str, str] = {}
    for index, form in enumerate(forms):
        errors.update(before_registration(case, form.due_on, f"items.{index}.due_on", _(
            "The delivery date cannot be before the case was registered (%(day)s).")))
    if errors:
        raise ValidationError(errors)


def _all_items(record: ReintegrationPlanRecord) -> list[PlanItemRecord]:
    return [item for rev in record.revisions for item in rev.items]


def _plan_record(session: Session, plan_id: int, version: int | None = None) -> ReintegrationPlanRecord:
    record = session.get(ReintegrationPlanRecord, plan_id)
    if record is None:
        raise NotFoundError(_("There is no such reintegration plan."))
    if version is not None:
        check_version(record.version, version)
    return record


# ---------------------------------------------------------------- plan: reading

def _item_row(item: PlanItemRecord, currency: str) -> PlanItemRow:
    return PlanItemRow(item.key, ItemCategory(item.category), item.description, item.provider, Modality(item.modality),
                       money(item.estimated_minor, currency), money(item.actual_minor, currency),
                       ItemStatus(item.status), item.due_on, item.approved_on, item.delivered_on, item.verified_on,
                       item.proof_attachment_id, item.proof_note)


def _plan_detail(session: Session, record: ReintegrationPlanRecord) -> PlanDetail:
    case = load_case(session, record.case_id)
    project = session.get(Project, record.project_id) if record.project_id else None
    c = record.currency
    names = user_names(session, {r.drafted_by_id for r in record.revisions} | {r.approved_by_id for r in record.revisions})
    plan = _domain_plan(record)
    revisions = tuple(
        PlanRevisionRow(rev.number, rev.drafted_on, names.get(rev.drafted_by_id, ""), rev.reason, rev.approved_on,
                        names.get(rev.approved_by_id, ""), tuple(_item_row(i, c) for i in rev.items),
                        rules.plan_total(domain.items, c))
        for rev, domain in zip(record.revisions, plan.revisions, strict=True))
    cap = cap_of(project).limit(case.household_size) if project is not None else None
    return PlanDetail(record.id, case.id, case.case_number, record.project_id, project.name if project else "", c,
                      case.household_size, cap, revisions, plan.is_verified, record.version)


def get_plan(session: Session, actor: Actor | None, case_id: int) -> PlanDetail | None:
    """The case's plan with every revision, or None before one is drafted."""
    require(actor, Permission.REINTEGRATION_READ)
    record = session.scalar(select(ReintegrationPlanRecord).where(ReintegrationPlanRecord.case_id == case_id))
    return None if record is None else _plan_detail(session, record)


# ---------------------------------------------------------------- plan: changing

def draft_plan(session: Session, actor: Actor | None, case_id: int, items: Sequence[PlanItemForm], *,
               on: dt.date | None = None) -> PlanDetail:
    """Start the case's plan with a first draft, in its project's currency and reintegration budget line."""
    require(actor, Permission.REINTEGRATION_EDIT)
    _check_due(load_case(session, case_id), items)
    if session.scalar(select(ReintegrationPlanRecord.id).where(ReintegrationPlanRecord.case_id == case_id)):
        raise ValidationError({"plan": _("The case already has a plan; change or revise it.")})
    project = require_case_project(session, case_id)
    line = default_line(project, LineKind.REINTEGRATION)
    domain_items, due = _items_from_forms((), items)
    plan = rules.ReintegrationPlan.draft(domain_items, project.currency, on or clock_of(session).today())
    record = ReintegrationPlanRecord(case_id=case_id, project_id=project.id, currency=project.currency,
                                     budget_line_id=line.id if line else None)
    session.add(record)
    _store(record, plan, actor, due=due)
    session.flush()
    return _plan_detail(session, record)


def edit_plan(session: Session, actor: Actor | None, plan_id: int, version: int, items: Sequence[PlanItemForm]
              ) -> PlanDetail:
    """Replace the items of the unapproved current revision."""
    require(actor, Permission.REINTEGRATION_EDIT)
    record = _plan_record(session, plan_id, version)
    _check_due(load_case(session, record.case_id), items)
    domain_items, due = _items_from_forms(_all_items(record), items)
    _store(record, rules.edit_draft(_domain_plan(record), domain_items), actor, due=due)
    session.flush()
    return _plan_detail(session, record)


def revise_plan(session: Session, actor: Actor | None, plan_id: int, version: int, items: Sequence[PlanItemForm],
                reason: str, *, on: dt.date | None = None) -> PlanDetail:
    """Open a new draft revision after the approved one, which stays in the history."""
    require(actor, Permission.REINTEGRATION_EDIT)
    record = _plan_record(session, plan_id, version)
    _check_due(load_case(session, record.case_id), items)
    domain_items, due = _items_from_forms(_all_items(record), items)
    revised = rules.revise_plan(_domain_plan(record), domain_items, reason, on or clock_of(session).today())
    _store(record, revised, actor, due=due)
    session.flush()
    return _plan_detail(session, record)


def _check_budget(session: Session, record: ReintegrationPlanRecord, total: Money) -> None:
    line = session.get(BudgetLine, record.budget_line_id) if record.budget_line_id else None
    if line is None:
        return
    position = line_position(session, line, record.currency, exclude_plan=record.id)
    if total > position.remaining:
        raise ValidationError({"items": _(
            "The plan's total of %(total)s is more than what remains on the budget line “%(line)s”: "
            "%(remaining)s of %(limit)s (spent %(paid)s, planned %(planned)s).") % {
            "total": total.format(), "line": line.name, "remaining": position.remaining.format(),
            "limit": position.limit.format(), "paid": position.paid.format(), "planned": position.planned.format()}})


def approve_plan(session: Session, actor: Actor | None, plan_id: int, version: int, *, on: dt.date | None = None
                 ) -> PlanDetail:
    """A manager approves the current revision (within the cap and the budget line); the case moves to
    "reintegration" when it is at "departed"."""
    require(actor, Permission.REINTEGRATION_APPROVE)
    record = _plan_record(session, plan_id, version)
    case, approved = _approved(session, record, on)
    _store(record, approved, actor, approved_by=actor.id if actor else None)
    if case.stage == Stage.DEPARTED:
        record_stage_change(session, actor, case, StageMove(Stage.REINTEGRATION, _("Reintegration plan approved.")))
    session.flush()
    return _plan_detail(session, record)


def check_approval(session: Session, actor: Actor | None, plan_id: int, version: int) -> None:
    """Raise what approving the plan now would raise (over its cap, over its budget line), approving nothing: the
    manager is told before being asked to confirm, not after."""
    require(actor, Permission.REINTEGRATION_APPROVE)
    _approved(session, _plan_record(session, plan_id, version), None)


def _approved(session: Session, record: ReintegrationPlanRecord, on: dt.date | None
              ) -> tuple[Case, rules.ReintegrationPlan]:
    case = load_case(session, record.case_id)
    project = session.get(Project, record.project_id)
    approved = rules.approve_plan(_domain_plan(record), on or clock_of(session).today(), by_manager=True,
                                  cap=cap_of(project), persons=case.household_size)
    _check_budget(session, record, approved.total)
    return case, approved


def move_item(session: Session, actor: Actor | None, plan_id: int, version: int, key: str, to: ItemStatus, *,
              on: dt.date | None = None, actual_cost: Money | None = None, proof_attachment_id: int | None = None,
              proof_note: str = "") -> PlanDetail:
    """Record an item delivered (with its actual cost), verified (with proof) or cancelled on ``on``."""
    require(actor, Permission.REINTEGRATION_EDIT)
    record = _plan_record(session, plan_id, version)
    on = on or clock_of(session).today()
    if on > clock_of(session).today():
        raise ValidationError({"on": _("Progress cannot be recorded for a day in the future.")})
    if proof_attachment_id is not None:
        attachment = session.get(Attachment, proof_attachment_id)
        if attachment is None or attachment.case_id != record.case_id:
            raise ValidationError({"proof": _("Choose a file attached to this case as the proof.")})
    if len(proof_note) > MAX_TEXT:
        raise ValidationError({"proof": _("The text is too long (at most %(n)d characters).") % {"n": MAX_TEXT}})
    proof = f"{ATTACHMENT_PROOF}{proof_attachment_id}" if proof_attachment_id is not None else proof_note
    moved = rules.move_plan_item(_domain_plan(record), key, to, on=on, actual_cost=actual_cost, proof=proof)
    proofs = {key: (proof_attachment_id, proof_note.strip())} if to is ItemStatus.VERIFIED else {}
    _store(record, moved, actor, proofs=proofs)
    session.flush()
    return _plan_detail(session, record)


def plan_is_verified(session: Session, case_id: int) -> bool:
    """True when the case's plan is approved and every item that counts is verified."""
    record = session.scalar(select(ReintegrationPlanRecord).where(ReintegrationPlanRecord.case_id == case_id))
    return record is not None and _domain_plan(record).is_verified
