"""Test helpers for travel: move a case to travel preparation, give travellers documents, a Vilnius-Tbilisi trip."""

from __future__ import annotations

import datetime as dt

from avrcase.domain.itinerary import Segment, Ticket
from avrcase.domain.money import Money
from avrcase.domain.stages import Stage, StageMove
from avrcase.domain.travel import (
    Assistance,
    AssistanceKind,
    TravelArrangements,
    TravelMode,
)
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from avrcase.services import cases, travel_documents
from avrcase.services.uow import unit_of_work
from tests.support.clock import FIXED_TODAY

TO_TRAVEL = (Stage.COUNSELLING, Stage.APPLICATION_SIGNED, Stage.ELIGIBILITY_APPROVED, Stage.TRAVEL_PREPARATION)


def advance(engine, actor, case_id: int, stages=TO_TRAVEL):
    """Walk a case through ``stages`` (by default up to travel preparation); return the last detail."""
    with unit_of_work(engine) as session:
        detail = cases.get_case(session, actor, case_id)
        for stage in stages:
            detail = cases.change_stage(session, actor, case_id, detail.version, StageMove(stage, "test"))
    return detail


def passport(status=TravelDocumentStatus.RECEIVED, expires=dt.date(2035, 1, 1), number="P1234567"):
    """A passport far from expiry, in the office's hands unless told otherwise."""
    return TravelDocument(TravelDocumentKind.PASSPORT, status, number, "Ministry of Justice of Georgia",
                          dt.date(2020, 1, 1), expires)


def give_documents(engine, actor, person_ids, **kwargs):
    """Record a passport for every person; return the document rows."""
    with unit_of_work(engine) as session:
        return [travel_documents.save_travel_document(session, actor, pid, passport(number=f"P{pid:07d}", **kwargs))
                for pid in person_ids]


def trip(day: dt.date, person_ids=(), *, connection_minutes=90, tickets=True) -> tuple[Segment, ...]:
    """VNO 12:00 -> IST (TK 1234), then IST -> TBS after ``connection_minutes``; tickets for everyone."""
    first_departure = dt.datetime.combine(day, dt.time(12, 0))
    first_arrival = first_departure + dt.timedelta(hours=3, minutes=30)  # 2 h 30 flight, Istanbul 1 h ahead
    second_departure = first_arrival + dt.timedelta(minutes=connection_minutes)
    second_arrival = second_departure + dt.timedelta(hours=3)  # 2 h 00 flight, Tbilisi 1 h ahead of Istanbul

    def _tickets(prefix):
        return tuple(Ticket(pid, f"{prefix}{pid:06d}") for pid in person_ids) if tickets else ()

    return (
        Segment(TravelMode.AIR, "VNO", "IST", first_departure, first_arrival, carrier="TK", service_number="1234",
                booking_reference="ABC123", tickets=_tickets("235-"), fare=Money("410.00", "EUR")),
        Segment(TravelMode.AIR, "IST", "TBS", second_departure, second_arrival, carrier="TK", service_number="378",
                booking_reference="ABC123", tickets=_tickets("236-")),
    )


def full_assistance(confirmed_on: dt.date | None) -> TravelArrangements:
    """Departure at VNO, transit at IST, reception at TBS, confirmed on ``confirmed_on`` (None: not yet)."""
    notified = FIXED_TODAY if confirmed_on is None else min(confirmed_on, FIXED_TODAY)
    return TravelArrangements(assistance=tuple(
        Assistance(kind, place, "IOM", notified, confirmed_on) for kind, place in (
            (AssistanceKind.DEPARTURE, "VNO"), (AssistanceKind.TRANSIT, "IST"), (AssistanceKind.RECEPTION, "TBS"))))
