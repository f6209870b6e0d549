"""Monitoring after return: contacts, sustainability surveys with their scores, and closing a reintegrated case.

Services: ``record_contact(case_id, MonitoringContactForm) -> MonitoringContactRow``, ``list_contacts(case_id)``,
``record_survey(case_id, SurveyForm) -> SurveyRow`` (scored with ``domain.rss`` from
``resources/rss/default.json``), ``list_surveys(case_id)`` (oldest first, so the trend shows),
``closing_blockers(case_id) -> list[str]`` and ``close_reintegrated_case(case_id, version, reason)``.

"Monitoring done" means: a follow-up survey taken at least ``FOLLOW_UP_MONTHS`` (12) months after return.
The return is the day the case moved to "departed". A case is closed as "returned and reintegrated" only
when its plan is verified and monitoring is done.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.codes import ClosureReason
from avrcase.domain.errors import ConflictError, NotFoundError, ValidationError
from avrcase.domain.finance_codes import ContactMethod, SurveyKind
from avrcase.domain.periods import months_between
from avrcase.domain.rss import SurveyDefinition, default_survey, score_survey
from avrcase.domain.stages import Stage, StageMove, check_move
from avrcase.domain.validation import free_text_problem
from avrcase.i18n import _
from avrcase.i18n.format import format_date
from avrcase.services.cases.case_file import get_case
from avrcase.services.cases.history import record_stage_change
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor, CaseDetail
from avrcase.services.finance.projects import check_version, load_case, user_names
from avrcase.services.permissions import Permission, require
from avrcase.services.reintegration.days import before_registration, before_return, returned_on
from avrcase.services.reintegration.dto import MonitoringContactForm, MonitoringContactRow, SurveyForm, SurveyRow
from avrcase.services.reintegration.plans import plan_is_verified
from avrcase.store.models import (
    Case,
    MonitoringContact,
    SurveyAnswer,
    SustainabilitySurvey,
)

#: A follow-up survey this many months after return completes monitoring.
FOLLOW_UP_MONTHS = 12
MAX_TEXT = 4000


@lru_cache(maxsize=1)
def survey_definition() -> SurveyDefinition:
    """The survey the office uses (the shipped default file)."""
    return default_survey()






def _check_day(day: dt.date, field: str, today: dt.date) -> dict[str, str]:
    return {field: _("The day cannot be in the future.")} if day > today else {}


# ---------------------------------------------------------------- contacts

def record_contact(session: Session, actor: Actor | None, case_id: int, form: MonitoringContactForm
                   ) -> MonitoringContactRow:
    """Record a monitoring contact: when, how, who made it and what was found."""
    require(actor, Permission.REINTEGRATION_EDIT)
    _check_contact(session, load_case(session, case_id), form)
    row = MonitoringContact(case_id=case_id, recorded_by_id=actor.id if actor else None)
    _fill(row, form)
    session.add(row)
    session.flush()
    return _contact_row(row, user_names(session, {row.recorded_by_id}))


def correct_contact(session: Session, actor: Actor | None, before: MonitoringContactRow, form: MonitoringContactForm
                    ) -> MonitoringContactRow:
    """Correct a contact recorded wrongly (its day, its findings); refused when it changed since ``before``."""
    require(actor, Permission.REINTEGRATION_EDIT)
    row = _unchanged_contact(session, before)
    _check_contact(session, load_case(session, row.case_id), form)
    _fill(row, form)
    session.flush()
    return _contact_row(row, user_names(session, {row.recorded_by_id}))


def remove_contact(session: Session, actor: Actor | None, before: MonitoringContactRow) -> None:
    """Remove a contact recorded by mistake (on the audit trail with what it said)."""
    require(actor, Permission.REINTEGRATION_EDIT)
    session.delete(_unchanged_contact(session, before))
    session.flush()


def _unchanged_contact(session: Session, before: MonitoringContactRow) -> MonitoringContact:
    row = session.get(MonitoringContact, before.id)
    if row is None:
        raise NotFoundError(_("This monitoring contact is no longer on record; someone removed it."))
    if (row.contacted_on, row.method, row.conducted_by, row.findings) != (
            before.contacted_on, before.method.value, before.conducted_by, before.findings):
        raise ConflictError(_("Someone else changed this contact after you opened it. Nothing was saved; "
                              "look at it again and try again."))
    return row


def _check_contact(session: Session, case: Case, form: MonitoringContactForm) -> None:
    errors = _check_day(form.contacted_on, "contacted_on", clock_of(session).today()) or before_return(
        session, case, form.contacted_on, "contacted_on",
        not_before_return=_("A monitoring contact cannot be dated before the return (%(day)s)."),
        not_before_registration=_("A monitoring contact cannot be dated before the case was registered (%(day)s)."))
    if not form.conducted_by.strip():
        errors["conducted_by"] = _("Please say who made the contact.")
    if len(form.findings) > MAX_TEXT:
        errors["findings"] = _("The text is too long (at most %(n)d characters).") % {"n": MAX_TEXT}
    elif problem := free_text_problem(form.findings):
        errors["findings"] = problem
    if errors:
        raise ValidationError(errors)


def _fill(row: MonitoringContact, form: MonitoringContactForm) -> None:
    row.contacted_on, row.method = form.contacted_on, form.method.value
    row.conducted_by, row.findings = form.conducted_by.strip()[:200], form.findings.strip()


def _contact_row(row: MonitoringContact, names: dict[int, str]) -> MonitoringContactRow:
    return MonitoringContactRow(row.id, row.case_id, row.contacted_on, ContactMethod(row.method), row.conducted_by,
                                row.findings, names.get(row.recorded_by_id, ""))


def list_contacts(session: Session, actor: Actor | None, case_id: int) -> list[MonitoringContactRow]:
    """The case's monitoring contacts, oldest first."""
    require(actor, Permission.REINTEGRATION_READ)
    rows = session.scalars(select(MonitoringContact).where(MonitoringContact.case_id == case_id)
                           .order_by(MonitoringContact.contacted_on, MonitoringContact.id)).all()
    names = user_names(session, {r.recorded_by_id for r in rows})
    return [_contact_row(r, names) for r in rows]


# ---------------------------------------------------------------- surveys

def record_survey(session: Session, actor: Actor | None, case_id: int, form: SurveyForm) -> SurveyRow:
    """Score and keep a survey (answers per indicator and the scores); one baseline per case."""
    require(actor, Permission.REINTEGRATION_EDIT)
    case = load_case(session, case_id)
    definition = survey_definition()
    answers = dict(form.answers)
    errors = _check_day(form.surveyed_on, "surveyed_on", clock_of(session).today()) or (
        before_registration(case, form.surveyed_on, "surveyed_on", _(
            "The baseline survey cannot be dated before the case was registered (%(day)s)."))
        if form.kind is SurveyKind.BASELINE
        else before_return(
            session, case, form.surveyed_on, "surveyed_on",
            not_before_return=_("A follow-up survey cannot be dated before the return (%(day)s)."),
            not_before_registration=_("A follow-up survey cannot be dated before the case was registered (%(day)s).")))
    if form.kind is SurveyKind.BASELINE and session.scalar(
            select(SustainabilitySurvey.id).where(SustainabilitySurvey.case_id == case_id,
                                                  SustainabilitySurvey.kind == SurveyKind.BASELINE.value)):
        errors["kind"] = _("The case already has a baseline survey; record this one as a follow-up.")
    if not errors:
        errors.update(_out_of_order(session, case_id, form))
    if len(form.notes) > MAX_TEXT:
        errors["notes"] = _("The text is too long (at most %(n)d characters).") % {"n": MAX_TEXT}
    elif problem := free_text_problem(form.notes):
        errors["notes"] = problem
    if errors:
        raise ValidationError(errors)
    score = score_survey(definition, answers)
    row = SustainabilitySurvey(
        case_id=case_id, kind=form.kind.value, surveyed_on=form.surveyed_on, definition_name=definition.name[:200],
        economic=score.dimension("economic").score if _has(definition, "economic") else None,
        social=score.dimension("social").score if _has(definition, "social") else None,
        psychosocial=score.dimension("psychosocial").score if _has(definition, "psychosocial") else None,
        composite=score.composite, notes=form.notes.strip(), recorded_by_id=actor.id if actor else None,
        answers=[SurveyAnswer(indicator=key, answer=value) for key, value in answers.items()],
    )
    session.add(row)
    session.flush()
    return _survey_row(row, returned_on(session, case_id), user_names(session, {row.recorded_by_id}))


def _out_of_order(session: Session, case_id: int, form: SurveyForm) -> dict[str, str]:
    """A follow-up dated before the baseline, or a baseline after a follow-up (the trend then began with a
    follow-up and "after (months)" read backwards)."""
    other = SurveyKind.FOLLOW_UP if form.kind is SurveyKind.BASELINE else SurveyKind.BASELINE
    days = session.scalars(select(SustainabilitySurvey.surveyed_on).where(
        SustainabilitySurvey.case_id == case_id, SustainabilitySurvey.kind == other.value)).all()
    if form.kind is SurveyKind.FOLLOW_UP and days and form.surveyed_on < min(days):
        return {"surveyed_on": _("A follow-up survey cannot be dated before the baseline survey (%(day)s).") % {
            "day": format_date(min(days))}}
    if form.kind is SurveyKind.BASELINE and days and form.surveyed_on > min(days):
        return {"surveyed_on": _("The baseline survey cannot be dated after the first follow-up survey "
                                 "(%(day)s).") % {"day": format_date(min(days))}}
    return {}


def _has(definition: SurveyDefinition, dimension: str) -> bool:
    return any(d.key == dimension for d in definition.dimensions)


def _survey_row(row: SustainabilitySurvey, returned: dt.date | None, names: dict[int, str]) -> SurveyRow:
    months = months_between(returned, row.surveyed_on) if returned is not None else None
    return SurveyRow(row.id, row.case_id, SurveyKind(row.kind), row.surveyed_on, row.definition_name,
                     tuple((a.indicator, a.answer) for a in row.answers), row.economic, row.social, row.psychosocial,
                     row.composite, months, row.notes, names.get(row.recorded_by_id, ""))


def list_surveys(session: Session, actor: Actor | None, case_id: int) -> list[SurveyRow]:
    """The case's surveys, oldest first, with months after return, so the trend of the scores shows."""
    require(actor, Permission.REINTEGRATION_READ)
    rows = session.scalars(select(SustainabilitySurvey).where(SustainabilitySurvey.case_id == case_id)
                           .order_by(SustainabilitySurvey.surveyed_on, SustainabilitySurvey.id)).all()
    returned = returned_on(session, case_id)
    names = user_names(session, {r.recorded_by_id for r in rows})
    return [_survey_row(r, returned, names) for r in rows]


# ---------------------------------------------------------------- closing

def monitoring_done(session: Session, case_id: int) -> bool:
    """True when a follow-up survey was taken at least ``FOLLOW_UP_MONTHS`` months after return."""
    returned = returned_on(session, case_id)
    if returned is None:
        return False
    days = session.scalars(select(SustainabilitySurvey.surveyed_on).where(
        SustainabilitySurvey.case_id == case_id, SustainabilitySurvey.kind == SurveyKind.FOLLOW_UP.value)).all()
    return any(months_between(returned, day) >= FOLLOW_UP_MONTHS for day in days)


def reintegration_blockers(session: Session, case_id: int) -> list[str]:
    """Why a case in reintegration cannot yet close as returned and reintegrated (no permission check)."""
    out = []
    if not plan_is_verified(session, case_id):
        out.append(_("The reintegration plan is not approved with every item verified."))
    if not monitoring_done(session, case_id):
        out.append(_("Monitoring is not done: it needs a follow-up survey at least %(months)d months after "
                     "return.") % {"months": FOLLOW_UP_MONTHS})
    return out


def closing_blockers(session: Session, actor: Actor | None, case_id: int) -> list[str]:
    """What still keeps the case from being closed as returned and reintegrated (empty when nothing)."""
    require(actor, Permission.REINTEGRATION_READ)
    load_case(session, case_id)
    return reintegration_blockers(session, case_id)


def close_reintegrated_case(session: Session, actor: Actor | None, case_id: int, version: int, reason: str
                            ) -> CaseDetail:
    """Close a case in "reintegration" as returned and reintegrated, once the plan and monitoring are done."""
    require(actor, Permission.CASE_STAGE)
    case = load_case(session, case_id)
    check_version(case.version, version)
    move = StageMove(Stage.CLOSED, reason, ClosureReason.RETURNED_AND_REINTEGRATED)
    check_move(Stage(case.stage), move, has_consent=case.consent_given_on is not None,
               has_departed=returned_on(session, case_id) is not None)
    blockers = reintegration_blockers(session, case_id)
    if blockers:
        raise ValidationError({"to_stage": " ".join(blockers)})
    record_stage_change(session, actor, case, move)
    session.flush()
    return get_case(session, actor, case.id)
