"""Synthetic travel for the UI tests: a travel officer's ``Ops``, cases moved to travel preparation,
passports in hand, and a valid two-leg itinerary Vilnius → Istanbul → Tbilisi.
"""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.itinerary import Segment, Ticket
from avrcase.domain.money import Money
from avrcase.domain.stages import Stage, StageMove
from avrcase.domain.travel import TravelMode
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from avrcase.services.cases import case_file
from avrcase.services.cases import stages as case_stages
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel import documents as travel_documents
from avrcase.services.travel.dto import ItineraryForm
from avrcase.ui.ops import Ops

#: The moves a case makes from registration to travel preparation.
TO_TRAVEL_PREPARATION = (Stage.COUNSELLING, Stage.APPLICATION_SIGNED, Stage.ELIGIBILITY_APPROVED,
                         Stage.TRAVEL_PREPARATION)


@pytest.fixture
def travel_ops(qapp, engine, actor_as, bus):
    """An ``Ops`` acting as a travel officer, announcing on the test's change bus."""
    instance = Ops(engine, actor_as(StaffRole.TRAVEL_OFFICER, "travel"), bus=bus)
    yield instance
    instance.wait_for_background()


def prepare_for_travel(ops: Ops, case_id: int, stages=TO_TRAVEL_PREPARATION) -> None:
    """Move a case through ``stages`` (by default up to travel preparation)."""
    for stage in stages:
        case = ops.read(case_file.get_case, case_id)
        ops.write(case_stages.change_stage, case_id, case.version, StageMove(stage, "Synthetic test move"))


def give_passports(ops: Ops, case, status: TravelDocumentStatus = TravelDocumentStatus.RECEIVED) -> None:
    """Record a passport valid for years for every member of ``case``."""
    for member in case.members:
        ops.write(travel_documents.save_travel_document, member.person.id,
                  TravelDocument(TravelDocumentKind.PASSPORT, status, f"13PP{member.person.id:05d}",
                                 "Public Service Development Agency", dt.date(2024, 1, 10), dt.date(2034, 1, 9)))


def two_legs(day: dt.date, travellers=(), *, gap_minutes: int = 150) -> tuple[Segment, ...]:
    """VNO → IST → TBS on ``day`` with tickets for ``travellers`` (person ids)."""
    first = Segment(TravelMode.AIR, "VNO", "IST", dt.datetime.combine(day, dt.time(6, 0)),
                    dt.datetime.combine(day, dt.time(9, 50)), carrier="Turkish Airlines", service_number="TK 1410",
                    booking_reference="X7K2QP", tickets=tuple(Ticket(t, f"235-{t:010d}") for t in travellers),
                    fare=Money("310.00", "EUR"))
    leaves = first.arrival + dt.timedelta(minutes=gap_minutes)
    second = Segment(TravelMode.AIR, "IST", "TBS", leaves, leaves + dt.timedelta(hours=3),
                     carrier="Turkish Airlines", service_number="TK 378", booking_reference="X7K2QP",
                     tickets=tuple(Ticket(t, f"235-{t + 500:010d}") for t in travellers))
    return first, second


def book(ops: Ops, case_id: int, day: dt.date, *, ticketed: bool = True):
    """Book the two legs for the whole household; returns the ``TravelDetail``."""
    detail = ops.read(travel.get_travel, case_id)
    keys = [t.person_id for t in detail.travellers] if ticketed else []
    return ops.write(travel.save_itinerary, case_id, detail.version, ItineraryForm(two_legs(day, keys))).detail
