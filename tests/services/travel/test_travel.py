"""Booking an itinerary: what is stored, what is refused and why, warnings, versions and permissions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from avrcase.domain.money import Money
from avrcase.domain.travel import TravelMode
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import SegmentRecord
from tests.support.clock import FIXED_TODAY
from tests.support.travel import advance, give_documents, trip

DAY = FIXED_TODAY + dt.timedelta(days=10)


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.TRAVEL_OFFICER)


@pytest.fixture
def household(engine, actor, make_case):
    """A mother and two children at travel preparation, each with a passport in hand."""
    case = make_case(members=2)
    advance(engine, actor, case.id)
    person_ids = [m.person.id for m in case.members]
    return case, person_ids


def _save(engine, officer, case_id, segments, version=0, **form):
    with unit_of_work(engine) as session:
        return travel.save_itinerary(session, officer, case_id, version, ItineraryForm(tuple(segments), **form))


def _get(engine, actor, case_id):
    with unit_of_work(engine, write=False) as session:
        return travel.get_travel(session, actor, case_id)


def _segment_count(engine):
    with unit_of_work(engine, write=False) as session:
        return session.scalar(select(func.count()).select_from(SegmentRecord))


def test_itinerary_round_trips_with_local_times_zones_tickets_and_fares(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    saved = _save(engine, officer, case.id, trip(DAY, people))
    assert saved.warnings == {}
    detail = _get(engine, officer, case.id)
    assert detail.version == saved.detail.version == 1
    assert [t.travelling for t in detail.travellers] == [True, True, True]
    first, second = detail.segments
    assert (first.origin, first.destination, first.service) == ("VNO", "IST", "TK 1234")
    assert first.departure == dt.datetime.combine(DAY, dt.time(12, 0))
    assert (first.origin_tz, first.destination_tz, second.destination_tz) == (
        "Europe/Vilnius", "Europe/Istanbul", "Asia/Tbilisi")
    assert second.arrival == dt.datetime.combine(DAY, dt.time(20, 0))
    assert first.departure_at.tzinfo is not None and first.departure_at < first.arrival_at
    assert first.fare == Money("410.00", "EUR") and second.fare is None
    assert sorted(t.person_id for t in first.tickets) == sorted(people)
    assert first.tickets[0].traveller.startswith("BERIDZE")
    # Re-saving what was loaded gives the same itinerary and moves the version on.
    again = _save(engine, officer, case.id, [s.as_segment() for s in detail.segments], version=detail.version)
    assert again.detail.segments == detail.segments and again.detail.version == 2


def test_segment_arriving_before_it_departs_is_refused_and_nothing_is_saved(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    first, second = trip(DAY, people)
    backwards = dataclasses.replace(first, arrival=first.departure - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, [backwards, second])
    assert "segments.0.arrival" in error.value.errors
    assert "before it departs" in error.value.errors["segments.0.arrival"]
    assert _segment_count(engine) == 0


def test_connection_leaving_before_the_previous_arrival_is_refused(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, trip(DAY, people, connection_minutes=-30))
    assert "before segment 1 arrives" in error.value.errors["segments.1.departure"]


def test_first_departure_before_registration_is_refused(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, trip(case.registered_on - dt.timedelta(days=3), people))
    assert "before the case was registered" in error.value.errors["segments.0.departure"]


def test_traveller_without_a_travel_document_is_refused_by_name(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people[:2])
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, trip(DAY, people))
    assert error.value.errors == {"travellers.2.documents": "BERIDZE Child Two has no travel document; "
                                                            "request one before booking."}


def test_expired_passport_is_refused(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people[:2])
    give_documents(engine, officer, people[2:], expires=DAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, trip(DAY, people))
    assert "valid only until" in error.value.errors["travellers.2.documents"]


def test_a_passport_expiring_before_the_booked_departure_is_refused_when_recorded(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    _save(engine, officer, case.id, trip(DAY, people))
    with pytest.raises(ValidationError) as error:
        give_documents(engine, officer, people[:1], expires=DAY - dt.timedelta(days=1))
    assert "before the departure booked for" in error.value.errors["expires_on"]
    give_documents(engine, officer, people[:1], expires=DAY + dt.timedelta(days=400))  # valid: fine


def test_short_connection_is_a_warning_and_the_itinerary_is_saved(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    saved = _save(engine, officer, case.id, trip(DAY, people, connection_minutes=30))
    assert "Only 30 minutes to connect" in saved.warnings["segments.1.departure"]
    assert len(saved.detail.segments) == 2 and _segment_count(engine) == 2


def test_stale_version_is_a_conflict(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    _save(engine, officer, case.id, trip(DAY, people))
    with pytest.raises(ConflictError):
        _save(engine, officer, case.id, trip(DAY + dt.timedelta(days=1), people), version=0)
    assert _get(engine, officer, case.id).segments[0].departure.date() == DAY


def test_leaving_someone_out_needs_a_reason_and_then_only_the_others_travel(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people[:2])
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, trip(DAY, people[:2]), left_out=frozenset({people[2]}))
    assert set(error.value.errors) == {"split_reason"}
    saved = _save(engine, officer, case.id, trip(DAY, people[:2]), left_out=frozenset({people[2]}),
                  split_reason="Travels later with the father")
    assert [t.travelling for t in saved.detail.travellers] == [True, True, False]
    assert saved.detail.split_reason == "Travels later with the father"
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, trip(DAY, people), version=saved.detail.version,
              left_out=frozenset({people[2]}), split_reason="Travels later")
    assert "not travelling" in error.value.errors["segments.0.tickets.2"]


def test_bus_segment_needs_a_time_zone_and_keeps_the_one_chosen(engine, officer, household):
    case, people = household
    give_documents(engine, officer, people)
    flights = trip(DAY, people)
    bus_leaves = flights[-1].arrival + dt.timedelta(hours=2)
    bus = dataclasses.replace(flights[-1], mode=TravelMode.BUS, origin="Tbilisi", destination="Kutaisi",
                              departure=bus_leaves, arrival=bus_leaves + dt.timedelta(hours=4), carrier="Georgian Bus",
                              service_number="", fare=None)
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, [*flights, bus])
    assert "time zone of Tbilisi" in error.value.errors["segments.2.origin_tz"]
    zoned = dataclasses.replace(bus, origin_tz="Asia/Tbilisi", destination_tz="Asia/Tbilisi")
    saved = _save(engine, officer, case.id, [*flights, zoned])
    stored = saved.detail.segments[2]
    assert (stored.origin, stored.origin_tz, stored.zones_entered) == ("Tbilisi", "Asia/Tbilisi", True)
    assert stored.as_segment() == zoned


def test_roles_without_travel_edit_cannot_book_and_managers_can_read(engine, actor, actor_as, household):
    case, people = household
    with pytest.raises(PermissionDeniedError):
        _save(engine, actor, case.id, trip(DAY, people))  # a counsellor
    manager = actor_as(StaffRole.MANAGER)
    assert _get(engine, manager, case.id).version == 0
    with pytest.raises(PermissionDeniedError):
        _get(engine, actor_as(StaffRole.ADMINISTRATOR), case.id)
