"""Projects: rates, reintegration caps, budget lines with what is committed and spent, and case membership.

Services: ``create_project``, ``update_project``, ``get_project``, ``list_projects``, ``find_project_id``,
``assign_case``, ``case_project_id``, ``budget_lines``; helpers the other finance services share:
``money``, ``minor``, ``rates_of``, ``cap_of``, ``line_position``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from avrcase.domain.allowances import AllowanceRates, LedgerPosition
from avrcase.domain.errors import ConflictError, NotFoundError, ValidationError
from avrcase.domain.finance_codes import LineKind
from avrcase.domain.money import Money, check_currency, currency_exponent
from avrcase.domain.reintegration import ReintegrationCap
from avrcase.i18n import _
from avrcase.services.dto import Actor
from avrcase.services.finance.dto import BudgetLineForm, BudgetLineRow, ProjectDetail, ProjectForm, ProjectRow
from avrcase.services.permissions import Permission, require, require_any
from avrcase.store.models import (
    AllowancePayment,
    BudgetLine,
    Case,
    PlanItemRecord,
    PlanRevisionRecord,
    Project,
    ProjectCase,
    ReintegrationPlanRecord,
    User,
)

MAX_NAME = 200


def money(minor_units: int | None, currency: str) -> Money | None:
    """Stored minor units as money (None stays None)."""
    return None if minor_units is None else Money.from_minor_units(int(minor_units), currency)


def minor(amount: Money | None) -> int | None:
    """Money as the whole minor units the store keeps (None stays None)."""
    return None if amount is None else amount.to_minor_units()


def load_case(session: Session, case_id: int) -> Case:
    """The case with this id; ``NotFoundError`` when there is none."""
    found = session.get(Case, case_id)
    if found is None:
        raise NotFoundError(_("There is no such case."))
    return found


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """Display names of the given user ids (``None`` ignored)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(wanted))).all())


def _read(actor: Actor | None) -> None:
    require_any(actor, Permission.ALLOWANCE_READ, Permission.REINTEGRATION_READ, Permission.PROJECT_MANAGE)


def rates_of(project: Project) -> AllowanceRates:
    """The project's allowance rates as domain values."""
    c = project.currency
    return AllowanceRates(money(project.per_adult_minor, c), money(project.per_child_minor, c),
                          money(project.per_vulnerable_minor, c), money(project.household_cap_minor, c))


def cap_of(project: Project) -> ReintegrationCap:
    """The project's reintegration cap as a domain value."""
    c = project.currency
    return ReintegrationCap(money(project.reintegration_per_person_minor, c),
                            money(project.reintegration_per_household_minor, c))


# ---------------------------------------------------------------- validation and writing

def _check_form(session: Session, form: ProjectForm, project_id: int | None) -> None:
    errors: dict[str, str] = {}
    name = form.name.strip()
    if not name:
        errors["name"] = _("Please name the project.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("The name is too long (at most %(n)d characters).") % {"n": MAX_NAME}
    elif session.scalar(select(Project.id).where(Project.name == name, Project.id != (project_id or 0))):
        errors["name"] = _("Another project is already called “%(name)s”.") % {"name": name}
    try:
        check_currency(form.currency)
        if currency_exponent(form.currency).as_tuple().exponent < -2:
            errors["currency"] = _("Currencies with more than two decimals are not supported.")
    except ValueError as err:
        errors["currency"] = str(err)
    if form.ends_on is not None and form.ends_on < form.starts_on:
        errors["ends_on"] = _("The project cannot end before it starts.")
    if "currency" not in errors:
        try:
            AllowanceRates(form.per_adult, form.per_child, form.per_vulnerable, form.household_cap)
        except ValidationError as err:
            errors.update(err.errors)
        amounts = {"per_adult": form.per_adult, "reintegration_per_person": form.reintegration_per_person,
                   "reintegration_per_household": form.reintegration_per_household}
        amounts.update({f"lines.{i}.amount": line.amount for i, line in enumerate(form.lines)})
        for field, amount in amounts.items():
            if amount is not None and amount.currency != form.currency:
                errors[field] = _("The project is in %(currency)s; enter amounts in %(currency)s.") % {
                    "currency": form.currency}
            elif amount is not None and amount.is_negative:
                errors[field] = _("An amount cannot be negative.")
    names = [line.name.strip() for line in form.lines]
    for i, line in enumerate(form.lines):
        if not names[i]:
            errors[f"lines.{i}.name"] = _("Please name the budget line.")
        elif names.count(names[i]) > 1:
            errors[f"lines.{i}.name"] = _("Two budget lines are called “%(name)s”.") % {"name": names[i]}
    if errors:
        raise ValidationError(errors)


def _apply(project: Project, form: ProjectForm) -> None:
    project.name = form.name.strip()
    project.funder = form.funder.strip()
    project.starts_on, project.ends_on = form.starts_on, form.ends_on
    project.currency = form.currency
    project.per_adult_minor = minor(form.per_adult)
    project.per_child_minor = minor(form.per_child)
    project.per_vulnerable_minor = minor(form.per_vulnerable)
    project.household_cap_minor = minor(form.household_cap)
    project.reintegration_per_person_minor = minor(form.reintegration_per_person)
    project.reintegration_per_household_minor = minor(form.reintegration_per_household)
    project.notes = form.notes.strip()


def _sync_lines(session: Session, project: Project, lines: Iterable[BudgetLineForm]) -> None:
    existing = {line.id: line for line in project.lines}
    kept = []
    for position, form in enumerate(lines):
        line = existing.pop(form.id, None) if form.id is not None else None
        if form.id is not None and line is None:
            raise ValidationError({f"lines.{position}": _("This budget line belongs to another project.")})
        if line is None:
            line = BudgetLine()
        line.kind, line.name, line.amount_minor, line.position = (
            form.kind.value, form.name.strip(), minor(form.amount), position)
        kept.append(line)
    for line in existing.values():
        if _line_used(session, line.id):
            raise ValidationError({"lines": _("The budget line “%(name)s” has payments or plans and cannot be "
                                              "removed.") % {"name": line.name}})
    project.lines = kept


def _line_used(session: Session, line_id: int) -> bool:
    return bool(session.scalar(select(AllowancePayment.id).where(AllowancePayment.budget_line_id == line_id).limit(1))
                or session.scalar(select(ReintegrationPlanRecord.id)
                                  .where(ReintegrationPlanRecord.budget_line_id == line_id).limit(1)))


def create_project(session: Session, actor: Actor | None, form: ProjectForm) -> ProjectDetail:
    """Save a new project with its rates, caps and budget lines."""
    require(actor, Permission.PROJECT_MANAGE)
    _check_form(session, form, None)
    project = Project()
    _apply(project, form)
    session.add(project)
    _sync_lines(session, project, form.lines)
    session.flush()
    return _detail(session, project)


def update_project(session: Session, actor: Actor | None, project_id: int, version: int,
                   form: ProjectForm) -> ProjectDetail:
    """Save changes to a project opened at ``version``; a stale version is a ``ConflictError``."""
    require(actor, Permission.PROJECT_MANAGE)
    project = _project(session, project_id)
    check_version(project.version, version)
    if form.currency != project.currency and _project_used(session, project_id):
        raise ValidationError({"currency": _("The project already has payments or plans; its currency cannot "
                                             "change.")})
    _check_form(session, form, project_id)
    named = project.name
    _apply(project, form)
    if project.name != named:  # its cases carry the new name, as assigning one writes it (each change on record)
        for case_row in session.scalars(select(Case).join(ProjectCase).where(ProjectCase.project_id == project_id)):
            case_row.project = project.name
    _sync_lines(session, project, form.lines)
    session.flush()
    return _detail(session, project)


def check_version(current: int, opened: int) -> None:
    """Raise ``ConflictError`` when a record changed since it was opened at version ``opened``."""
    if current != opened:
        raise ConflictError(_("Someone else changed this record after you opened it. Nothing was saved; "
                              "reopen it and try again."))


def _project_used(session: Session, project_id: int) -> bool:
    return bool(session.scalar(select(AllowancePayment.id).where(AllowancePayment.project_id == project_id).limit(1))
                or session.scalar(select(ReintegrationPlanRecord.id)
                                  .where(ReintegrationPlanRecord.project_id == project_id).limit(1)))


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFoundError(_("There is no such project."))
    return project


# ---------------------------------------------------------------- reading

def _case_counts(session: Session) -> dict[int, int]:
    stmt = select(ProjectCase.project_id, func.count()).group_by(ProjectCase.project_id)
    return dict(session.execute(stmt).all())


def _detail(session: Session, project: Project) -> ProjectDetail:
    c = project.currency
    form = ProjectForm(
        name=project.name, currency=c, starts_on=project.starts_on, ends_on=project.ends_on, funder=project.funder,
        per_adult=money(project.per_adult_minor, c), per_child=money(project.per_child_minor, c),
        per_vulnerable=money(project.per_vulnerable_minor, c), household_cap=money(project.household_cap_minor, c),
        reintegration_per_person=money(project.reintegration_per_person_minor, c),
        reintegration_per_household=money(project.reintegration_per_household_minor, c), notes=project.notes,
        lines=tuple(BudgetLineForm(LineKind(line.kind), line.name, money(line.amount_minor, c), line.id)
                    for line in project.lines),
    )
    rows = _line_rows(session, [(line, project) for line in project.lines])
    return ProjectDetail(project.id, form, tuple(rows), _case_counts(session).get(project.id, 0), project.version)


def get_project(session: Session, actor: Actor | None, project_id: int) -> ProjectDetail:
    """A project with its budget lines and where each stands."""
    _read(actor)
    return _detail(session, _project(session, project_id))


def list_projects(session: Session, actor: Actor | None) -> list[ProjectRow]:
    """Every project, newest first."""
    _read(actor)
    counts = _case_counts(session)
    projects = session.scalars(select(Project).order_by(Project.starts_on.desc(), Project.name)).all()
    return [ProjectRow(p.id, p.name, p.funder, p.currency, p.starts_on, p.ends_on, counts.get(p.id, 0))
            for p in projects]


def find_project_id(session: Session, name: str) -> int:
    """The id of the project called ``name`` (exactly, or case-insensitively when unambiguous)."""
    found = session.scalar(select(Project.id).where(Project.name == name.strip()))
    if found is None:
        ids = session.scalars(select(Project.id).where(func.lower(Project.name) == name.strip().lower())).all()
        found = ids[0] if len(ids) == 1 else None
    if found is None:
        raise NotFoundError(_("There is no project called “%(name)s”.") % {"name": name})
    return found


def assign_case(session: Session, actor: Actor | None, case_id: int, project_id: int) -> None:
    """Make the case a member of the project (leaving any other); its project label follows."""
    require_any(actor, Permission.PROJECT_MANAGE, Permission.CASE_EDIT)
    project = _project(session, project_id)
    case_row = load_case(session, case_id)
    current = session.get(ProjectCase, case_id)
    if current is not None and current.project_id != project_id and _case_has_money(session, case_id):
        raise ValidationError({"project": _("The case already has allowance payments or a plan under its "
                                            "project; it cannot move to another.")})
    if current is None:
        session.add(ProjectCase(case_id=case_id, project_id=project_id, assigned_by_id=actor.id if actor else None))
    else:
        current.project_id = project_id
    if case_row.project != project.name:
        case_row.project = project.name
    session.flush()


def _case_has_money(session: Session, case_id: int) -> bool:
    return bool(session.scalar(select(AllowancePayment.id).where(AllowancePayment.case_id == case_id).limit(1))
                or session.scalar(select(ReintegrationPlanRecord.id)
                                  .where(ReintegrationPlanRecord.case_id == case_id).limit(1)))


def case_project_id(session: Session, case_id: int) -> int | None:
    """The project the case belongs to, or None."""
    return session.scalar(select(ProjectCase.project_id).where(ProjectCase.case_id == case_id))


def require_case_project(session: Session, case_id: int) -> Project:
    """The case's project; a ``ValidationError`` saying so when the case belongs to none."""
    project_id = case_project_id(session, case_id)
    if project_id is None:
        raise ValidationError({"project": _("The case belongs to no project yet; assign it to one first.")})
    return _project(session, project_id)


# ---------------------------------------------------------------- budget positions

def _allowance_sums(session: Session, line_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per allowance line: (paid less reversals, planned) in minor units."""
    paid = func.sum(case((AllowancePayment.reverses_id.is_not(None), -AllowancePayment.amount_minor),
                         (AllowancePayment.status == "paid", AllowancePayment.amount_minor), else_=0))
    planned = func.sum(case((and_(AllowancePayment.status == "planned", AllowancePayment.reverses_id.is_(None)),
                             AllowancePayment.amount_minor), else_=0))
    stmt = (select(AllowancePayment.budget_line_id, paid, planned)
            .where(AllowancePayment.budget_line_id.in_(line_ids)).group_by(AllowancePayment.budget_line_id))
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in session.execute(stmt)}


def _reintegration_sums(session: Session, line_ids: list[int], exclude_plan: int | None = None
                        ) -> dict[int, tuple[int, int]]:
    """Per reintegration line: (spent on handed-over items, planned estimates) of plans approved once.

    A plan counts by its current revision once any revision was approved; cancelled items count nothing.
    """
    latest = (select(PlanRevisionRecord.plan_id, func.max(PlanRevisionRecord.number).label("number"))
              .group_by(PlanRevisionRecord.plan_id).subquery())
    ever_approved = (select(PlanRevisionRecord.plan_id).where(PlanRevisionRecord.approved_on.is_not(None))
                     .distinct().subquery())
    handed = PlanItemRecord.status.in_(("delivered", "verified"))
    spent = func.sum(case((handed, func.coalesce(PlanItemRecord.actual_minor, PlanItemRecord.estimated_minor)),
                          else_=0))
    planned = func.sum(case((PlanItemRecord.status.in_(("planned", "approved")), PlanItemRecord.estimated_minor),
                            else_=0))
    stmt = (select(ReintegrationPlanRecord.budget_line_id, spent, planned)
            .join(latest, latest.c.plan_id == ReintegrationPlanRecord.id)
            .join(ever_approved, ever_approved.c.plan_id == ReintegrationPlanRecord.id)
            .join(PlanRevisionRecord, and_(PlanRevisionRecord.plan_id == ReintegrationPlanRecord.id,
                                           PlanRevisionRecord.number == latest.c.number))
            .join(PlanItemRecord, PlanItemRecord.revision_id == PlanRevisionRecord.id)
            .where(ReintegrationPlanRecord.budget_line_id.in_(line_ids))
            .group_by(ReintegrationPlanRecord.budget_line_id))
    if exclude_plan is not None:
        stmt = stmt.where(ReintegrationPlanRecord.id != exclude_plan)
    return {row[0]: (int(row[1] or 0), int(row[2] or 0)) for row in session.execute(stmt)}


def line_position(session: Session, line: BudgetLine, currency: str, *, exclude_plan: int | None = None,
                  exclude_payment: int | None = None) -> LedgerPosition:
    """Paid (or spent) and planned against the line; ``exclude_*`` leaves out what is being changed."""
    if line.kind == LineKind.ALLOWANCE:
        paid, planned = _allowance_sums(session, [line.id]).get(line.id, (0, 0))
        if exclude_payment is not None:
            excluded = session.get(AllowancePayment, exclude_payment)
            if excluded is not None and excluded.status == "planned" and excluded.budget_line_id == line.id:
                planned -= excluded.amount_minor
    else:
        paid, planned = _reintegration_sums(session, [line.id], exclude_plan).get(line.id, (0, 0))
    return LedgerPosition(money(line.amount_minor, currency), money(paid, currency), money(planned, currency))


def _line_rows(session: Session, lines: list[tuple[BudgetLine, Project]]) -> list[BudgetLineRow]:
    ids = {kind: [line.id for line, _p in lines if line.kind == kind] for kind in LineKind}
    sums = {**_allowance_sums(session, ids[LineKind.ALLOWANCE]),
            **_reintegration_sums(session, ids[LineKind.REINTEGRATION])}
    rows = []
    for line, project in lines:
        c = project.currency
        paid, planned = sums.get(line.id, (0, 0))
        position = LedgerPosition(money(line.amount_minor, c), money(paid, c), money(planned, c))
        rows.append(BudgetLineRow(line.id, project.id, project.name, LineKind(line.kind), line.name, position.limit,
                                  position.committed, position.paid, position.limit - position.committed))
    return rows


def budget_lines(session: Session, actor: Actor | None, *, project_id: int | None = None,
                 kind: LineKind | None = None) -> list[BudgetLineRow]:
    """Every budget line (of one project, of one kind) with committed, spent and remaining.

    For managers, administrators and finance officers; caseworkers see a case's allowance, not budgets.
    """
    require_any(actor, Permission.PROJECT_MANAGE, Permission.ALLOWANCE_PAY)
    return all_line_rows(session, project_id=project_id, kind=kind)


def all_line_rows(session: Session, *, project_id: int | None = None, kind: LineKind | None = None
                  ) -> list[BudgetLineRow]:
    """``budget_lines`` without the permission check, for services that already checked their own."""
    stmt = select(BudgetLine, Project).join(Project, Project.id == BudgetLine.project_id)
    if project_id is not None:
        stmt = stmt.where(BudgetLine.project_id == project_id)
    if kind is not None:
        stmt = stmt.where(BudgetLine.kind == kind.value)
    stmt = stmt.order_by(Project.starts_on.desc(), Project.name, BudgetLine.position)
    return _line_rows(session, [(line, project) for line, project in session.execute(stmt).all()])


def default_line(project: Project, kind: LineKind) -> BudgetLine | None:
    """The project's first budget line of ``kind``, or None."""
    return next((line for line in project.lines if line.kind == kind), None)

