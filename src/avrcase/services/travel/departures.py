"""The departures board: booked departures in a period, each with its readiness checklist.

``list_departures(session, actor, date_from, date_to) -> list[DepartureRow]``: cases whose first
departure (local day at the place of departure) falls in the period, earliest first. Cases that
were withdrawn, cancelled or did not show up are left off; departed cases stay on the board for
the days they left (whatever their stage now), so past departures can still be checked.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from avrcase.domain.errors import ValidationError
from avrcase.domain.names import display_name
from avrcase.domain.stages import Stage, stage_or_unknown
from avrcase.i18n import _
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.travel.dto import DepartureRow
from avrcase.services.travel.read import TravelLoader
from avrcase.store.models import Case, Itinerary

#: Stages whose booked departures the board shows (besides every confirmed departure).
BOARD_STAGES = (Stage.ELIGIBILITY_APPROVED, Stage.TRAVEL_PREPARATION, Stage.DEPARTURE_SCHEDULED)
#: Longest period one board lists, so a typing slip in a year does not load the whole store.
MAX_DAYS = 366


def list_departures(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date) -> list[DepartureRow]:
    """Departures from ``date_from`` to ``date_to`` (both included), earliest first, with readiness."""
    require(actor, Permission.TRAVEL_READ)
    if date_to < date_from:
        raise ValidationError({"date_to": _("The period ends before it begins.")})
    if (date_to - date_from).days >= MAX_DAYS:
        raise ValidationError({"date_to": _("Choose a period of at most %(days)d days.") % {"days": MAX_DAYS}})
    rows = session.execute(
        select(Itinerary.case_id).join(Case, Case.id == Itinerary.case_id)
        .where(Itinerary.departure_date >= date_from, Itinerary.departure_date <= date_to,
               or_(Case.stage.in_([s.value for s in BOARD_STAGES]), Itinerary.departed_on.is_not(None)))
        .order_by(Itinerary.departure_at, Case.case_number)).scalars().all()
    loader = TravelLoader(session, rows)
    # An itinerary row without segments (only assistance recorded so far) has nothing to board yet.
    return [_row(loader, case_id) for case_id in rows if loader.segments(case_id)]


def _row(loader: TravelLoader, case_id: int) -> DepartureRow:
    case = loader.cases[case_id]
    itinerary = loader.itineraries[case_id]
    travellers = loader.travellers(case_id)
    segments = loader.segments(case_id)
    readiness = loader.readiness(case_id, travellers, segments)
    principal = loader.members[case_id][0][1]
    first, last = segments[0], segments[-1]
    stops = [first.origin, *(s.destination for s in segments)]
    return DepartureRow(
        case_id=case.id, case_number=case.case_number,
        principal_name=display_name(principal.family_name, principal.given_names, principal.citizenship or ""), stage=stage_or_unknown(case.stage),
        departure_at=first.departure_at, departure_date=itinerary.departure_date, origin_tz=first.origin_tz,
        travellers=sum(1 for t in travellers if t.travelling), route=" → ".join(stops), flight=first.service,
        destination=last.destination,
        final_destination=itinerary.inland_destination or case.final_destination,
        ready=readiness.ready, missing=readiness.missing, readiness=readiness, version=itinerary.version)
