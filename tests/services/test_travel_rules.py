"""More itinerary rules through the service: visas, clock changes, arranging before booking, re-checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import NotFoundError, ValidationError
from avrcase.domain.travel import (
    Assistance,
    AssistanceKind,
    InlandTransport,
    TravelArrangements,
    TravellerNeeds,
    TravelMode,
    WheelchairCode,
)
from avrcase.domain.travel_documents import TravelDocumentStatus, Visa
from avrcase.services import travel, travel_documents
from avrcase.services.travel_dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import CaseMember
from tests.conftest import make_person
from tests.support.travel import advance, give_documents, trip
from tests.support.clock import FIXED_TODAY

DAY = FIXED_TODAY + dt.timedelta(days=10)


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.TRAVEL_OFFICER)


@pytest.fixture
def single(engine, actor, officer, make_case):
    case = make_case()
    advance(engine, actor, case.id)
    person = case.members[0].person.id
    documents = give_documents(engine, officer, [person])
    return case, person, documents[0]


def _save(engine, officer, case_id, segments, version=0):
    with unit_of_work(engine) as session:
        return travel.save_itinerary(session, officer, case_id, version, ItineraryForm(tuple(segments)))


def test_an_issued_transit_visa_must_cover_the_day_in_transit(engine, officer, single):
    case, person, _doc = single
    with unit_of_work(engine) as session:
        travel_documents.save_visa(session, officer, person, Visa(
            "TR", TravelDocumentStatus.ISSUED, "V-1", DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=20)))
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, trip(DAY, [person]))
    assert "the visa for Türkiye" in error.value.errors["travellers.0.visas.0"]


def test_a_time_the_clocks_pass_twice_is_a_warning_and_comes_back_as_entered(engine, officer, single):
    case, person, _doc = single
    night = dt.date(FIXED_TODAY.year + 1, 10, 31)  # back to the last Sunday of October: clocks go back
    while night.weekday() != 6:
        night -= dt.timedelta(days=1)
    first, second = trip(night, [person])
    early = dataclasses.replace(first, departure=dt.datetime.combine(night, dt.time(3, 30)),
                                arrival=dt.datetime.combine(night, dt.time(7, 0)))
    later = dataclasses.replace(second, departure=dt.datetime.combine(night, dt.time(9, 0)),
                                arrival=dt.datetime.combine(night, dt.time(13, 0)))
    saved = _save(engine, officer, case.id, [early, later])
    assert "happens twice in Europe/Vilnius" in saved.warnings["segments.0.departure"]
    stored = saved.detail.segments[0]
    assert stored.departure == early.departure
    assert stored.departure_at == dt.datetime.combine(night, dt.time(0, 30), dt.UTC)  # the earlier one


def test_needs_can_be_arranged_before_booking_and_the_booking_keeps_them(engine, officer, single):
    case, person, _doc = single
    with unit_of_work(engine) as session:
        arranged = travel.save_arrangements(session, officer, case.id, 0, TravelArrangements(
            needs=(TravellerNeeds(person, WheelchairCode.WCHC),)))
    assert (arranged.version, arranged.segments, arranged.travelling[0].wheelchair) == (1, (), WheelchairCode.WCHC)
    saved = _save(engine, officer, case.id, trip(DAY, [person]), version=arranged.version)
    assert saved.detail.travellers[0].wheelchair is WheelchairCode.WCHC and len(saved.detail.segments) == 2


def test_confirming_rechecks_documents_that_changed_since_booking(engine, officer, single):
    case, person, document = single
    saved = _save(engine, officer, case.id, trip(DAY, [person]))
    with unit_of_work(engine) as session:  # the passport is lost
        travel_documents.move_travel_document_status(session, officer, document.id, document.version,
                                                     TravelDocumentStatus.NEEDED)
    with pytest.raises(ValidationError) as error, unit_of_work(engine) as session:
        travel.confirm_itinerary(session, officer, case.id, saved.detail.version)
    assert "has no travel document" in error.value.errors["travellers.0.documents"]
    with unit_of_work(engine, write=False) as session:
        assert travel.get_travel(session, officer, case.id).stage.value == "travel_preparation"


def test_unknown_people_and_cases_are_refused(engine, officer, single):
    case, person, _doc = single
    with pytest.raises(ValidationError) as error, unit_of_work(engine) as session:
        travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(
            trip(DAY, [person]), left_out=frozenset({person + 100}), split_reason="x"))
    assert "Only members of this household" in error.value.errors["left_out"]
    with pytest.raises(NotFoundError), unit_of_work(engine, write=False) as session:
        travel.get_travel(session, officer, case.id + 100)


def test_document_steps_cannot_be_dated_in_the_future_and_documents_can_be_removed(engine, officer, single):
    case, person, document = single
    with pytest.raises(ValidationError) as error:
        with unit_of_work(engine) as session:
            travel_documents.move_travel_document_status(session, officer, document.id, document.version,
                                                         TravelDocumentStatus.HANDED_OVER,
                                                         on=FIXED_TODAY + dt.timedelta(days=1))
    assert "future" in error.value.errors["on"]
    with unit_of_work(engine) as session:
        travel_documents.remove_travel_document(session, officer, document.id, document.version)
        assert travel.get_travel(session, officer, case.id).travellers[0].documents == ()


def test_texts_longer_than_the_store_keeps_are_refused_by_field(engine, officer, single):
    case, person, _doc = single
    first, second = trip(DAY, [person])
    long_ticket = dataclasses.replace(first, tickets=(dataclasses.replace(first.tickets[0], number="9" * 41),))
    with pytest.raises(ValidationError) as error:
        _save(engine, officer, case.id, [long_ticket, second])
    assert error.value.errors == {"segments.0.tickets.0": "At most 40 characters, please."}
    arrangements = TravelArrangements(
        assistance=(Assistance(AssistanceKind.RECEPTION, "TBS", "x" * 201),),
        inland_transport=InlandTransport(TravelMode.CAR, "y" * 201, "Kutaisi"))
    with pytest.raises(ValidationError) as error:
        with unit_of_work(engine) as session:
            travel.save_arrangements(session, officer, case.id, 0, arrangements)
    assert set(error.value.errors) == {"assistance.0.office", "inland_transport.provider"}


def test_someone_who_joined_the_household_after_booking_is_missing_a_ticket(engine, officer, single, make_case):
    case, person, _doc = single
    saved = _save(engine, officer, case.id, trip(DAY, [person]))
    assert saved.detail.readiness.missing[-1].startswith("Assistance")  # documents and tickets are fine
    newborn = make_case(principal=make_person(given_names="Luka", document_number="NB1")).members[0].person.id
    with unit_of_work(engine) as session:  # the child is moved into this household
        member = session.scalar(select(CaseMember).where(CaseMember.person_id == newborn))
        member.case_id, member.position, member.relationship_to_principal = case.id, 1, "child"
    with unit_of_work(engine, write=False) as session:
        detail = travel.get_travel(session, officer, case.id)
    assert [t.travelling for t in detail.travellers] == [True, False]
    assert "Ticket not issued for BERIDZE Luka." in detail.readiness.missing
    assert "Travel document not in hand for BERIDZE Luka." in detail.readiness.missing
