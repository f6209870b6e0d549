"""A confirmed itinerary that is changed afterwards needs confirming again, and its history says why."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.itinerary import Ticket
from avrcase.domain.stages import Stage
from avrcase.services.cases import case_file
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.support.clock import FIXED_TODAY
from tests.support.travel import advance, give_documents, trip

DAY = FIXED_TODAY + dt.timedelta(days=10)


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.TRAVEL_OFFICER)


@pytest.fixture
def confirmed(engine, actor, officer, make_case):
    """A household whose Vilnius – Istanbul – Tbilisi itinerary is booked and confirmed."""
    case = make_case(members=1)
    advance(engine, actor, case.id)
    people = [m.person.id for m in case.members]
    give_documents(engine, officer, people)
    with unit_of_work(engine) as session:
        detail = travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(trip(DAY, people))).detail
        detail = travel.confirm_itinerary(session, officer, case.id, detail.version).detail
    assert detail.stage is Stage.DEPARTURE_SCHEDULED and detail.confirmed_at is not None
    return case, people, detail


def _save(engine, officer, detail, segments):
    with unit_of_work(engine) as session:
        return travel.save_itinerary(session, officer, detail.case_id, detail.version, ItineraryForm(tuple(segments)))


def test_new_tickets_keep_a_confirmed_itinerary_confirmed(engine, officer, confirmed):
    case, people, detail = confirmed
    segments = [s.as_segment() for s in detail.segments]
    segments[1] = dataclasses.replace(segments[1], tickets=tuple(Ticket(p, f"999-{p}") for p in people),
                                      booking_reference="NEW123")
    saved = _save(engine, officer, detail, segments)
    assert saved.detail.stage is Stage.DEPARTURE_SCHEDULED and saved.detail.confirmed_at == detail.confirmed_at
    assert "confirmation" not in saved.warnings


def test_a_confirmed_itinerary_whose_flight_moves_needs_confirming_again(engine, officer, confirmed):
    """Before: the second flight moved by an hour and the case stayed "departure scheduled", "confirmed"."""
    case, people, detail = confirmed
    segments = [s.as_segment() for s in detail.segments]
    segments[1] = dataclasses.replace(segments[1], departure=segments[1].departure + dt.timedelta(hours=1),
                                      arrival=segments[1].arrival + dt.timedelta(hours=1))
    saved = _save(engine, officer, detail, segments)
    assert "needs to be confirmed again" in saved.warnings["confirmation"]
    with unit_of_work(engine, write=False) as session:
        stored = travel.get_travel(session, officer, case.id)
        history = case_file.get_case(session, officer, case.id).stage_history
        trail = session.scalars(select(AuditEntry.details).where(AuditEntry.entity == "itineraries",
                                                                 AuditEntry.action == "update")).all()
    assert stored.stage is Stage.TRAVEL_PREPARATION and stored.confirmed_at is None
    assert stored.segments[1].departure == segments[1].departure
    assert history[-1].from_stage is Stage.DEPARTURE_SCHEDULED and history[-1].to_stage is Stage.TRAVEL_PREPARATION
    assert history[-1].reason == "The itinerary changed after it was confirmed; it needs to be confirmed again."
    changes = [json.loads(entry).get("fields", {}) for entry in trail]
    assert any(fields.get("confirmed_at", ["", ""])[1] is None for fields in changes)  # the trail shows it
    # Confirmed once more, the departure is scheduled again.
    with unit_of_work(engine) as session:
        again = travel.confirm_itinerary(session, officer, case.id, stored.version).detail
    assert again.stage is Stage.DEPARTURE_SCHEDULED and again.confirmed_at is not None


def test_leaving_a_traveller_out_of_a_confirmed_itinerary_needs_confirming_again(engine, officer, confirmed):
    case, people, detail = confirmed
    segments = [dataclasses.replace(s.as_segment(), tickets=tuple(t for t in s.as_segment().tickets
                                                                  if t.traveller != people[1]))
                for s in detail.segments]
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, case.id, detail.version, ItineraryForm(
            tuple(segments), frozenset({people[1]}), "Stays for medical treatment"))
    assert saved.detail.stage is Stage.TRAVEL_PREPARATION and saved.detail.confirmed_at is None

