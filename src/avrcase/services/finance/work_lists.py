"""Finance and reintegration work lists: allowances due, plan items overdue, monitoring due, budget lines.

Services: ``allowances_due(days=, project_id=, country=)`` (departures in the next ``days`` days without an
allowance planned or paid), ``overdue_items(project_id=, category=, country=)`` (approved items past their
due day; delivered items not verified within ``VERIFY_WITHIN_DAYS``), ``monitoring_due(min_months=,
max_months=, project_id=, country=)`` (returned cases whose checkpoint at 3, 6 or 12 months after return has
passed without a contact or survey since), ``awaiting_approval(project_id=, country=)`` (plans and allowance
overrides waiting for a manager's decision), and ``services.projects.budget_lines`` for the budget view.
``write_csv(stream, rows)`` writes any of these lists as spreadsheet-safe CSV (``exports.csv_safe``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from avrcase.domain.names import display_name
from avrcase.domain.periods import add_months, months_between
from avrcase.domain.reintegration import ItemCategory, ItemStatus
from avrcase.domain.stages import Stage
from avrcase.exports import csv_safe
from avrcase.i18n import _, counted
from avrcase.services.cases.counselling import missing_principal_name
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services import audit, outgoing
from avrcase.services.finance.dto import (
    AllowanceDueRow,
    ApprovalDueRow,
    BudgetLineRow,
    MonitoringDueRow,
    OverdueItemRow,
)
from avrcase.services.finance.projects import money
from avrcase.services.permissions import Permission, allowed, require, require_any
from avrcase.store.models import (
    AllowancePayment,
    Case,
    EntitlementOverride,
    Itinerary,
    MonitoringContact,
    Person,
    PlanItemRecord,
    PlanRevisionRecord,
    Project,
    ProjectCase,
    ReintegrationPlanRecord,
    StageChange,
    SustainabilitySurvey,
    User,
)

#: A delivered item should be verified within this many days.
VERIFY_WITHIN_DAYS = 30
#: Monitoring checkpoints, in months after return.
CHECKPOINTS = (3, 6, 12)
#: A contact this many days before a checkpoint still counts for it.
CHECKPOINT_GRACE_DAYS = 30
#: Stages whose departures still need an allowance.
BEFORE_DEPARTURE = (Stage.ELIGIBILITY_APPROVED, Stage.TRAVEL_PREPARATION, Stage.DEPARTURE_SCHEDULED)
#: Stages of returned cases under monitoring.
RETURNED = (Stage.DEPARTED, Stage.REINTEGRATION)


def _case_columns():
    return (Case.id, Case.case_number, Person.family_name, Person.given_names, Person.citizenship,
            Case.country_of_return, func.coalesce(Project.name, ""))


def _name(family: str | None, given: str | None, citizenship: str | None) -> str:
    """The principal's name as lists print it; the damage in words when the principal's row is gone."""
    return missing_principal_name() if family is None else display_name(family, given or "", citizenship or "")


def _joined(stmt, project_id: int | None, country: str):
    stmt = (stmt.outerjoin(Person, Person.id == Case.principal_id)  # outer: a case missing its principal stays listed
            .outerjoin(ProjectCase, ProjectCase.case_id == Case.id)
            .outerjoin(Project, Project.id == ProjectCase.project_id))
    if project_id is not None:
        stmt = stmt.where(ProjectCase.project_id == project_id)
    if country:
        stmt = stmt.where(Case.country_of_return == country.upper())
    return stmt


def _prepared_clause():
    """SQL: the case has a payment planned or paid that no entry reverses."""
    reversal = aliased(AllowancePayment)
    return exists().where(
        AllowancePayment.case_id == Case.id, AllowancePayment.reverses_id.is_(None),
        AllowancePayment.status.in_(("planned", "paid")),
        ~exists().where(reversal.reverses_id == AllowancePayment.id))


def allowances_due(session: Session, actor: Actor | None, *, days: int = 14, today: dt.date | None = None,
                   project_id: int | None = None, country: str = "") -> list[AllowanceDueRow]:
    """Departures from today to ``days`` days ahead whose allowance is neither planned nor paid, soonest first."""
    require(actor, Permission.ALLOWANCE_READ)
    today = today or clock_of(session).today()
    stmt = (select(*_case_columns(), Itinerary.departure_date, Case.household_size)
            .select_from(Case).join(Itinerary, Itinerary.case_id == Case.id)
            .where(Itinerary.departure_date >= today, Itinerary.departure_date <= today + dt.timedelta(days=days),
                   Itinerary.departed_on.is_(None), Case.stage.in_([s.value for s in BEFORE_DEPARTURE]),
                   ~_prepared_clause()))
    stmt = _joined(stmt, project_id, country).order_by(Itinerary.departure_date, Case.case_number)
    return [AllowanceDueRow(cid, number, _name(family, given, cit), departure, ctry, project, size)
            for cid, number, family, given, cit, ctry, project, departure, size in session.execute(stmt)]


def overdue_items(session: Session, actor: Actor | None, *, today: dt.date | None = None,
                  project_id: int | None = None, category: ItemCategory | None = None, country: str = ""
                  ) -> list[OverdueItemRow]:
    """Items of current plan revisions late for delivery or verification, most overdue first."""
    require(actor, Permission.REINTEGRATION_READ)
    today = today or clock_of(session).today()
    latest = (select(PlanRevisionRecord.plan_id, func.max(PlanRevisionRecord.number).label("number"))
              .group_by(PlanRevisionRecord.plan_id).subquery())
    verify_by = today - dt.timedelta(days=VERIFY_WITHIN_DAYS)
    late = ((PlanItemRecord.status == ItemStatus.APPROVED.value) & (PlanItemRecord.due_on < today)) | (
        (PlanItemRecord.status == ItemStatus.DELIVERED.value) & (PlanItemRecord.delivered_on < verify_by))
    stmt = (select(*_case_columns(), PlanItemRecord)
            .select_from(Case).join(ReintegrationPlanRecord, ReintegrationPlanRecord.case_id == Case.id)
            .join(latest, latest.c.plan_id == ReintegrationPlanRecord.id)
            .join(PlanRevisionRecord, and_(PlanRevisionRecord.plan_id == ReintegrationPlanRecord.id,
                                           PlanRevisionRecord.number == latest.c.number))
            .join(PlanItemRecord, PlanItemRecord.revision_id == PlanRevisionRecord.id)
            .where(late))
    if category is not None:
        stmt = stmt.where(PlanItemRecord.category == category.value)
    rows = []
    for cid, number, family, given, cit, _country, _project, item in session.execute(_joined(stmt, project_id, country)):
        due = item.due_on if item.status == ItemStatus.APPROVED else item.delivered_on + dt.timedelta(
            days=VERIFY_WITHIN_DAYS)
        rows.append(OverdueItemRow(cid, number, _name(family, given, cit), item.key, ItemCategory(item.category),
                                   item.description, item.provider, ItemStatus(item.status), due, (today - due).days))
    return sorted(rows, key=lambda r: (-r.days_overdue, r.case_number, r.item_key))


def awaiting_approval(session: Session, actor: Actor | None, *, project_id: int | None = None, country: str = ""
                      ) -> list[ApprovalDueRow]:
    """What waits for a manager's decision, oldest first: draft plans with items (for whoever approves plans)
    and requested allowance overrides (for whoever approves those)."""
    require_any(actor, Permission.REINTEGRATION_APPROVE, Permission.ALLOWANCE_APPROVE)
    names = dict(session.execute(select(User.id, User.display_name)).all())
    rows: list[ApprovalDueRow] = []
    if allowed(actor.role, Permission.REINTEGRATION_APPROVE):
        latest = (select(PlanRevisionRecord.plan_id, func.max(PlanRevisionRecord.number).label("number"))
                  .group_by(PlanRevisionRecord.plan_id).subquery())
        total = func.sum(PlanItemRecord.estimated_minor).filter(PlanItemRecord.status != ItemStatus.CANCELLED.value)
        stmt = (select(*_case_columns(), ReintegrationPlanRecord.currency, PlanRevisionRecord.number,
                       PlanRevisionRecord.drafted_on, PlanRevisionRecord.drafted_by_id, func.count(PlanItemRecord.id),
                       total)
                .select_from(Case).join(ReintegrationPlanRecord, ReintegrationPlanRecord.case_id == Case.id)
                .join(latest, latest.c.plan_id == ReintegrationPlanRecord.id)
                .join(PlanRevisionRecord, and_(PlanRevisionRecord.plan_id == ReintegrationPlanRecord.id,
                                               PlanRevisionRecord.number == latest.c.number))
                .join(PlanItemRecord, PlanItemRecord.revision_id == PlanRevisionRecord.id)
                .where(PlanRevisionRecord.approved_on.is_(None)))
        stmt = _joined(stmt, project_id, country).group_by(
            Case.id, Case.case_number, Person.family_name, Person.given_names, Person.citizenship, Case.country_of_return,
            Project.name,
            ReintegrationPlanRecord.currency, PlanRevisionRecord.number, PlanRevisionRecord.drafted_on,
            PlanRevisionRecord.drafted_by_id)
        for cid, number, family, given, cit, _ctry, project, currency, revision, drafted_on, by, items, minor in \
                session.execute(stmt):
            rows.append(ApprovalDueRow(cid, number, _name(family, given, cit), "plan", money(minor or 0, currency),
                                       drafted_on, names.get(by, ""),
                                       _("Revision %(n)d, %(items)s") % {"n": revision, "items": counted.items(items)},
                                       project))
    if allowed(actor.role, Permission.ALLOWANCE_APPROVE):
        stmt = (select(*_case_columns(), EntitlementOverride)
                .select_from(Case).join(EntitlementOverride, EntitlementOverride.case_id == Case.id)
                .where(EntitlementOverride.approved.is_(None)))
        for cid, number, family, given, cit, _ctry, project, override in session.execute(_joined(stmt, project_id, country)):
            rows.append(ApprovalDueRow(cid, number, _name(family, given, cit), "override",
                                       money(override.amount_minor, override.currency),
                                       _as_date(override.requested_at), names.get(override.requested_by_id, ""),
                                       override.reason, project))
    return sorted(rows, key=lambda r: (r.requested_on, r.case_number, r.kind))


def monitoring_due(session: Session, actor: Actor | None, *, today: dt.date | None = None,
                   min_months: int | None = None, max_months: int | None = None, project_id: int | None = None,
                   country: str = "") -> list[MonitoringDueRow]:
    """Returned cases whose latest passed checkpoint had no contact or survey since, longest waiting first."""
    require(actor, Permission.REINTEGRATION_READ)
    today = today or clock_of(session).today()
    returned_at = (select(StageChange.case_id, func.max(StageChange.changed_at).label("at"))
                   .where(StageChange.to_stage == Stage.DEPARTED.value).group_by(StageChange.case_id).subquery())
    contacts = (select(MonitoringContact.case_id, func.max(MonitoringContact.contacted_on).label("on"))
                .group_by(MonitoringContact.case_id).subquery())
    surveys = (select(SustainabilitySurvey.case_id, func.max(SustainabilitySurvey.surveyed_on).label("on"))
               .group_by(SustainabilitySurvey.case_id).subquery())
    stmt = (select(*_case_columns(), returned_at.c.at, contacts.c.on, surveys.c.on)
            .select_from(Case).join(returned_at, returned_at.c.case_id == Case.id)
            .outerjoin(contacts, contacts.c.case_id == Case.id).outerjoin(surveys, surveys.c.case_id == Case.id)
            .where(Case.stage.in_([s.value for s in RETURNED])))
    if min_months is not None:  # a first cut in SQL; months are counted exactly below
        stmt = stmt.where(returned_at.c.at <= dt.datetime.combine(
            today - dt.timedelta(days=28 * min_months), dt.time.max, dt.timezone.utc))
    rows = []
    for cid, number, family, given, cit, ctry, _project, at, contact_on, survey_on in session.execute(
            _joined(stmt, project_id, country)):
        returned = _as_date(at)
        months = months_between(returned, today)
        if (min_months is not None and months < min_months) or (max_months is not None and months > max_months):
            continue
        passed = [m for m in CHECKPOINTS if add_months(returned, m) <= today]
        if not passed:
            continue
        checkpoint = passed[-1]
        due = add_months(returned, checkpoint)
        last = max(filter(None, (_as_date(contact_on), _as_date(survey_on))), default=None)
        if last is not None and last >= due - dt.timedelta(days=CHECKPOINT_GRACE_DAYS):
            continue
        rows.append(MonitoringDueRow(cid, number, _name(family, given, cit), ctry, returned, months, last, due,
                                     checkpoint))
    return sorted(rows, key=lambda r: (r.due_on, r.case_number))


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


# ---------------------------------------------------------------- CSV

def _money(value) -> str:
    return "" if value is None else str(value.amount)


#: Per row type: the CSV column names and how a row becomes cells. Like every CSV avrcase writes, the
#: names and the vocabulary values are stable codes in every language, so offices can script against
#: them; amounts are plain decimals with the currency in its own column, dates ISO 8601.
_COLUMNS: dict[type, tuple[tuple[str, Callable[[object], object]], ...]] = {
    AllowanceDueRow: (
        ("case_number", lambda r: r.case_number), ("name", lambda r: r.name),
        ("departure_date", lambda r: r.departure_on.isoformat()), ("country_of_return", lambda r: r.country_of_return),
        ("project", lambda r: r.project_name), ("household_size", lambda r: r.household_size)),
    OverdueItemRow: (
        ("case_number", lambda r: r.case_number), ("name", lambda r: r.name), ("item", lambda r: r.item_key),
        ("category", lambda r: r.category.value), ("description", lambda r: r.description),
        ("provider", lambda r: r.provider), ("status", lambda r: r.status.value),
        ("due_date", lambda r: r.due_on.isoformat()), ("days_overdue", lambda r: r.days_overdue)),
    MonitoringDueRow: (
        ("case_number", lambda r: r.case_number), ("name", lambda r: r.name),
        ("country_of_return", lambda r: r.country_of_return), ("returned_on", lambda r: r.returned_on.isoformat()),
        ("months_since_return", lambda r: r.months_since_return),
        ("last_contact_on", lambda r: r.last_contact_on.isoformat() if r.last_contact_on else ""),
        ("checkpoint_months", lambda r: r.checkpoint_months), ("due_date", lambda r: r.due_on.isoformat())),
    ApprovalDueRow: (
        ("case_number", lambda r: r.case_number), ("name", lambda r: r.name), ("kind", lambda r: r.kind),
        ("currency", lambda r: r.amount.currency), ("amount", lambda r: _money(r.amount)),
        ("requested_on", lambda r: r.requested_on.isoformat()), ("requested_by", lambda r: r.requested_by),
        ("detail", lambda r: r.detail), ("project", lambda r: r.project_name)),
    BudgetLineRow: (
        ("project", lambda r: r.project_name), ("budget_line", lambda r: r.name),
        ("kind", lambda r: r.kind.value), ("currency", lambda r: r.amount.currency),
        ("budget", lambda r: _money(r.amount)), ("committed", lambda r: _money(r.committed)),
        ("spent", lambda r: _money(r.spent)), ("remaining", lambda r: _money(r.remaining))),
}


def columns(row_type: type) -> list[str]:
    """The CSV column names of a work list of ``row_type`` rows (stable codes, not translated)."""
    return [name for name, _cell in _COLUMNS[row_type]]


def cells(row) -> list[object]:
    """One row's CSV cells, in the order of ``columns``."""
    return [cell(row) for _name, cell in _COLUMNS[type(row)]]


def write_csv(stream: TextIO, rows: Sequence, row_type: type) -> int:
    """Write a work list as CSV safe to open in a spreadsheet; returns the number of rows written."""
    return csv_safe.write_csv(stream, columns(row_type), (cells(row) for row in rows))


#: The audit trail's name for each work list exported (stable codes, not translated).
LIST_NAMES: dict[type, str] = {AllowanceDueRow: "allowances_due", OverdueItemRow: "overdue_items",
                               MonitoringDueRow: "monitoring_due", BudgetLineRow: "budget_lines",
                               ApprovalDueRow: "awaiting_approval"}


def export_csv(session: Session, actor: Actor | None, rows: Sequence, row_type: type, path: Path) -> int:
    """Record an ``export`` entry for the work list and write its CSV to ``path`` once that entry commits.

    The entry says which list and how many rows left the app, never the rows nor the path; the file is
    written 0600 through a temporary file (``services.outgoing``), and not at all if the entry is not
    committed. Returns the number of rows.
    """
    require_any(actor, Permission.ALLOWANCE_READ, Permission.REINTEGRATION_READ, Permission.PROJECT_MANAGE)
    stream = io.StringIO(newline="")
    count = write_csv(stream, rows, row_type)
    audit.record(session, actor, audit.Action.EXPORT, entity="work_list", kind=LIST_NAMES[row_type],
                 format="csv", rows=count)
    outgoing.deliver(session, path, stream.getvalue().encode("utf-8"))
    return count
