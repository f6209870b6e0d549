"""The earliest day a reintegration record can carry: nothing is assessed, due or monitored before the case
was registered, and nothing is monitored after the return before the return (a survey "−11 months after
return" was saved without a word)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from avrcase.domain.stages import Stage
from avrcase.i18n.format import format_date
from avrcase.store.models import Case, StageChange


def returned_on(session: Session, case_id: int) -> dt.date | None:
    """The day the case departed (its last move to "departed"), or None."""
    at = session.scalar(select(func.max(StageChange.changed_at))
                        .where(StageChange.case_id == case_id, StageChange.to_stage == Stage.DEPARTED.value))
    return None if at is None else at.date()


def before_registration(case: Case, day: dt.date | None, field: str, message: str) -> dict[str, str]:
    """``{field: message}`` when ``day`` is before the case's registration; ``message`` says so with the day
    as ``%(day)s``."""
    if day is None or day >= case.registered_on:
        return {}
    return {field: message % {"day": format_date(case.registered_on)}}


def before_return(session: Session, case: Case, day: dt.date, field: str, *, not_before_return: str,
                  not_before_registration: str) -> dict[str, str]:
    """``{field: message}`` when ``day`` is before the return, or, for a case not yet returned, before its
    registration; each message has the day as ``%(day)s``."""
    returned = returned_on(session, case.id)
    if returned is None:
        return before_registration(case, day, field, not_before_registration)
    if day >= returned:
        return {}
    return {field: not_before_return % {"day": format_date(returned)}}
