"""Moving a case through its stages with a reason; impossible moves are refused with why."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from avrcase.domain.codes import ClosureReason
from avrcase.domain.errors import ValidationError
from avrcase.domain.stages import Stage, StageMove, check_move
from avrcase.i18n import _
from avrcase.i18n.format import format_date
from avrcase.services.cases.case_file import case_detail
from avrcase.services.cases.history import record_stage_change
from avrcase.services.cases.register import load_for_change
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor, CaseDetail
from avrcase.services.permissions import Permission, require
from avrcase.services.reintegration.monitoring import reintegration_blockers
from avrcase.store.models import Itinerary, StageChange


def change_stage(session: Session, actor: Actor, case_id: int, version: int, move: StageMove) -> CaseDetail:
    """Move a case to another stage with a reason; impossible moves are refused with why."""
    require(actor, Permission.CASE_STAGE)
    case = load_for_change(session, case_id, version)
    current = Stage(case.stage)
    has_departed = session.scalar(
        select(exists().where(StageChange.case_id == case.id, StageChange.to_stage == Stage.DEPARTED.value))
    )
    check_move(current, move, has_consent=case.consent_given_on is not None, has_departed=bool(has_departed))
    if current == Stage.REINTEGRATION and move.closure_reason == ClosureReason.RETURNED_AND_REINTEGRATED:
        # Issue #5: a case with a reintegration plan closes as reintegrated only once the plan is verified
        # and monitoring is done, whichever screen asks.
        blockers = reintegration_blockers(session, case.id)
        if blockers:
            raise ValidationError({"to_stage": " ".join(blockers)})
    if move.to_stage == Stage.DEPARTED:
        _not_before_the_booked_day(session, case.id)
    record_stage_change(session, actor, case, move)
    session.flush()
    return case_detail(session, actor, case.id)


def _not_before_the_booked_day(session: Session, case_id: int) -> None:
    """A case booked to leave on a day still to come has not departed: "Departed" chosen in the stage dialog
    marked it so weeks early, and the Travel tab's "Confirm departure…" (with the day they left) was then gone."""
    booked = session.scalar(select(Itinerary.departure_date).where(Itinerary.case_id == case_id))
    if booked is not None and booked > clock_of(session).today():
        raise ValidationError({"to_stage": _(
            "The departure is booked for %(date)s, a day still to come. Once the returnees have left, record it "
            "with “Confirm departure…” in the Travel tab.") % {"date": format_date(booked)}})
