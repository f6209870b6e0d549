"""Counselling: consultations with their follow-ups, and the follow-ups due for a counsellor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, func, select, union_all
from sqlalchemy.orm import Session, aliased

from avrcase.domain.errors import NotFoundError, ValidationError
from avrcase.domain.names import display_name
from avrcase.domain.stages import REASON_FIRST_CONSULTATION, Stage, StageMove
from avrcase.domain.validation import validate_consultation
from avrcase.i18n import _
from avrcase.services.cases.history import record_stage_change
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor, ConsultationDetail, ConsultationForm, FollowUpCount, FollowUpRow
from avrcase.services.permissions import Permission, require
from avrcase.store.models import Case, Consultation, FollowUp, Person, User


def consultation_detail(c: Consultation, case_number: str, principal_name: str, *,
                        show_notes: bool = True) -> ConsultationDetail:
    """DTO of a loaded consultation (follow-ups and counsellor loaded); notes ``None`` unless ``show_notes``."""
    return consultation_of(
        c.id, c.held_at, c.counsellor.display_name if c.counsellor else "", c.mode, c.location, c.interpreter_name,
        c.interpreter_language, c.participants, c.topics, c.notes, c.outcome,
        tuple(FollowUpRow(f.id, c.case_id, case_number, principal_name, f.action, f.due_on, f.done_on,
                          f.assigned_to.display_name if f.assigned_to else "") for f in c.follow_ups),
        show_notes=show_notes)


def consultation_of(id_: int, held_at: dt.datetime, counsellor: str | None, mode: str, location: str,
                    interpreter_name: str, interpreter_language: str, participants: str, topics: str, notes: str,
                    outcome: str | None, follow_ups: tuple[FollowUpRow, ...], *,
                    show_notes: bool) -> ConsultationDetail:
    """DTO of a consultation's stored values (its topics as stored, comma-separated); notes ``None`` unless
    ``show_notes`` (the role may read counselling notes)."""
    return ConsultationDetail(id_, held_at, counsellor or "", mode, location, interpreter_name, interpreter_language,
                              participants, tuple(t for t in topics.split(",") if t), notes if show_notes else None,
                              outcome, follow_ups)


def record_consultation(session: Session, actor: Actor, case_id: int, form: ConsultationForm,
                        *, now: dt.datetime | None = None) -> ConsultationDetail:
    """Log a consultation; the first one moves a newly registered case into “counselling”."""
    require(actor, Permission.COUNSELLING_RECORD)
    now = now or clock_of(session).now()
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    refuse_closed(case)
    validate_consultation(form, now, case.registered_on)
    counsellor_id = form.counsellor_id or actor.id
    if session.get(User, counsellor_id) is None:
        raise ValidationError({"counsellor_id": _("Choose an existing member of staff.")})
    consultation = Consultation(
        case_id=case.id, held_at=form.held_at, counsellor_id=counsellor_id, mode=form.mode.value,
        location=form.location.strip(), interpreter_name=form.interpreter_name.strip(),
        interpreter_language=form.interpreter_language, participants=form.participants.strip(),
        topics=",".join(t.value for t in form.topics), notes=form.notes.strip(),
        outcome=form.outcome.value if form.outcome else None, recorded_by_id=actor.id,
    )
    for follow_up in form.follow_ups:
        consultation.follow_ups.append(FollowUp(
            case_id=case.id, action=follow_up.action.strip(), due_on=follow_up.due_on,
            assigned_to_id=follow_up.assigned_to_id or counsellor_id,
        ))
    session.add(consultation)
    if case.stage == Stage.REGISTERED.value:
        record_stage_change(session, actor, case, StageMove(Stage.COUNSELLING, REASON_FIRST_CONSULTATION))
    session.flush()
    session.refresh(consultation)
    principal = session.get(Person, case.principal_id)
    return consultation_detail(consultation, case.case_number, display_name(principal.family_name, principal.given_names, principal.citizenship or ""))


def refuse_closed(case: Case) -> None:
    """Refuse new counselling work on a closed case: its counselling record is final."""
    if case.stage == Stage.CLOSED.value:
        raise ValidationError({"case": _("Case %(number)s is closed; reopening is not possible, register a new case.")
                               % {"number": case.case_number}})


def _mine(actor: Actor, *, due_by: dt.date | None, include_done: bool):
    """Ids and days of the acting counsellor's follow-ups: assigned to them, or unassigned on their cases.

    Two disjoint halves, each read from ``ix_follow_ups_assignee_due`` in day order (one ``OR`` across them made the
    store read and sort every open follow-up of the counsellor's cases: 40 ms at 100,000 cases, issue #14).
    """
    assigned = select(FollowUp.id, FollowUp.due_on, FollowUp.done_on).where(FollowUp.assigned_to_id == actor.id)
    unassigned = (select(FollowUp.id, FollowUp.due_on, FollowUp.done_on)
                  .join(Case, Case.id == FollowUp.case_id)
                  .where(FollowUp.assigned_to_id.is_(None), Case.counsellor_id == actor.id))
    if not include_done:
        assigned, unassigned = (s.where(FollowUp.done_on.is_(None)) for s in (assigned, unassigned))
    if due_by is not None:
        assigned, unassigned = (s.where(FollowUp.due_on <= due_by) for s in (assigned, unassigned))
    return union_all(assigned, unassigned).subquery("mine")


def list_follow_ups(session: Session, actor: Actor, *, due_by: dt.date | None = None,
                    include_done: bool = False, limit: int = 500) -> list[FollowUpRow]:
    """Follow-ups for the acting counsellor: assigned to them, or unassigned on their cases; oldest first.

    At most ``limit``; ``count_follow_ups`` says how many there are in all.
    """
    require(actor, Permission.CASE_READ)
    mine = _mine(actor, due_by=due_by, include_done=include_done)
    first = select(mine.c.id).order_by(mine.c.due_on, mine.c.id).limit(limit)
    return _follow_up_rows(session, FollowUp.id.in_(first.scalar_subquery()))


def _follow_up_rows(session: Session, condition: ColumnElement[bool]) -> list[FollowUpRow]:
    """The follow-ups ``condition`` chooses, with their case, in day order."""
    assignee = aliased(User)
    stmt = (
        select(FollowUp, Case.case_number, Person.family_name, Person.given_names, Person.citizenship,
               assignee.display_name)
        .join(Case, Case.id == FollowUp.case_id)
        .outerjoin(Person, Person.id == Case.principal_id)  # outer: a case missing its principal is listed too
        .outerjoin(assignee, assignee.id == FollowUp.assigned_to_id)
        .where(condition)
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    return [
        FollowUpRow(f.id, f.case_id, number, missing_principal_name() if family is None else
                    display_name(family, given, cit or ""), f.action, f.due_on, f.done_on, who or "")
        for f, number, family, given, cit, who in session.execute(stmt)
    ]


def missing_principal_name() -> str:
    """What a list shows for the name of a case whose principal applicant's row is gone (deleted by hand with foreign
    keys off): ``avrcase db check`` names the case, and opening it says its data is damaged."""
    return _("(damaged: principal applicant missing)")


def count_follow_ups(session: Session, actor: Actor, *, due_by: dt.date | None = None,
                     include_done: bool = False) -> FollowUpCount:
    """How many follow-ups ``list_follow_ups`` has for the acting counsellor (past its limit too), and how many
    of them are overdue (not done, their day before today)."""
    require(actor, Permission.CASE_READ)
    mine = _mine(actor, due_by=due_by, include_done=include_done)
    today = clock_of(session).today()
    overdue = func.count().filter(and_(mine.c.done_on.is_(None), mine.c.due_on < today))
    total, late = session.execute(select(func.count(), overdue).select_from(mine)).one()
    return FollowUpCount(total, late or 0)


def complete_follow_up(session: Session, actor: Actor, follow_up_id: int, *, done_on: dt.date | None = None) -> None:
    """Mark a follow-up as done today (or on ``done_on``)."""
    require(actor, Permission.COUNSELLING_RECORD)
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFoundError(_("The follow-up no longer exists."))
    if follow_up.done_on is not None:
        raise ValidationError({"done_on": _("This follow-up was already marked done.")})
    done_on = done_on or clock_of(session).today()
    if done_on > clock_of(session).today():
        raise ValidationError({"done_on": _("A follow-up cannot be done in the future.")})
    follow_up.done_on = done_on
    follow_up.done_by_id = actor.id


def reopen_follow_up(session: Session, actor: Actor, follow_up_id: int) -> FollowUpRow:
    """Undo "Mark done": the follow-up is open again (its done date and who did it cleared, on the audit trail);
    returns it as it is now."""
    require(actor, Permission.COUNSELLING_RECORD)
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFoundError(_("The follow-up no longer exists."))
    if follow_up.done_on is None:
        raise ValidationError({"done_on": _("This follow-up is not marked done.")})
    # The rule of every counselling action (record_consultation): any counsellor of the office, on an open case.
    # Mark done stays possible on a closed case, so its open follow-ups can leave the counsellor's list.
    refuse_closed(session.get_one(Case, follow_up.case_id))
    follow_up.done_on = None
    follow_up.done_by_id = None
    session.flush()
    return _follow_up_rows(session, FollowUp.id == follow_up_id)[0]
