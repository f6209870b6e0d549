"""Assistance, needs, baggage and in-land transport; the readiness checklist; confirming itinerary and departure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.domain.money import Money
from avrcase.domain.readiness import CheckItem
from avrcase.domain.stages import Stage
from avrcase.domain.travel import (
    Assistance,
    AssistanceKind,
    ExcessBaggage,
    InlandTransport,
    MedicalNeed,
    TravelArrangements,
    TravellerNeeds,
    TravelMode,
    WheelchairCode,
)
from avrcase.domain.travel_documents import TravelDocumentStatus
from avrcase.services.cases import case_file
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel import documents as travel_documents
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from tests.support.clock import FIXED_TODAY
from tests.support.travel import advance, full_assistance, give_documents, trip

DAY = FIXED_TODAY + dt.timedelta(days=10)
TODAY = FIXED_TODAY


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.TRAVEL_OFFICER)


@pytest.fixture
def booked(engine, actor, officer, make_case):
    """A mother and child at travel preparation, passports received, booked VNO-IST-TBS with tickets."""
    case = make_case(members=1)
    advance(engine, actor, case.id)
    people = [m.person.id for m in case.members]
    give_documents(engine, officer, people)
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(trip(DAY, people)))
    return case, people, saved.detail


def _arrange(engine, officer, detail, arrangements, **kwargs):
    with unit_of_work(engine) as session:
        return travel.save_arrangements(session, officer, detail.case_id, detail.version, arrangements, **kwargs)


def test_arrangements_are_stored_and_read_back(engine, officer, booked):
    case, people, detail = booked
    arrangements = TravelArrangements(
        assistance=(*full_assistance(TODAY).assistance,
                    Assistance(AssistanceKind.ESCORT_MEDICAL, escort_name="Dr Jonas Petraitis")),
        needs=(TravellerNeeds(people[1], WheelchairCode.WCHS, frozenset({MedicalNeed.OXYGEN})),),
        excess_baggage=ExcessBaggage(Decimal(23), Money("60", "EUR")),
        inland_transport=InlandTransport(TravelMode.CAR, "IOM Georgia", "Kutaisi", Money("45", "GEL")),
    )
    saved = _arrange(engine, officer, detail, arrangements, fit_to_travel_on={people[1]: TODAY})
    assert saved.arrangements == arrangements
    assert saved.version == detail.version + 1
    child = saved.travellers[1]
    assert (child.wheelchair, child.medical, child.fit_to_travel_on) == (
        WheelchairCode.WCHS, frozenset({MedicalNeed.OXYGEN}), TODAY)
    assert [s.origin for s in saved.segments] == ["VNO", "IST"]  # the booking is untouched
    assert saved.readiness.missing == (
        "Assistance on the way is not confirmed. Medical escort (Dr Jonas Petraitis) is not confirmed.",)


def test_bad_arrangements_are_refused_by_field(engine, officer, booked):
    case, people, detail = booked
    arrangements = TravelArrangements(
        assistance=(Assistance(AssistanceKind.ESCORT_OPERATIONAL),),
        needs=(TravellerNeeds(999_999, WheelchairCode.WCHR),),
        excess_baggage=ExcessBaggage(Decimal(-5)),
    )
    with pytest.raises(ValidationError) as error:
        _arrange(engine, officer, detail, arrangements)
    assert set(error.value.errors) == {"assistance.0.escort_name", "needs.0.traveller", "excess_baggage.kg"}


def test_medical_needs_are_hidden_from_a_finance_officer(engine, officer, actor_as, booked):
    case, people, detail = booked
    _arrange(engine, officer, detail, TravelArrangements(
        needs=(TravellerNeeds(people[0], WheelchairCode.WCHR, frozenset({MedicalNeed.STRETCHER})),)))
    with unit_of_work(engine, write=False) as session:
        seen = travel.get_travel(session, actor_as(StaffRole.FINANCE_OFFICER), case.id)
    assert seen.travellers[0].wheelchair is WheelchairCode.WCHR
    assert seen.travellers[0].medical == frozenset() and seen.travellers[0].medical_hidden
    assert seen.arrangements.needs[0].medical == frozenset()


def test_readiness_names_what_is_missing_until_everything_is_done(engine, officer, actor, make_case):
    case = make_case(members=1)
    advance(engine, actor, case.id, (Stage.COUNSELLING,))
    people = [m.person.id for m in case.members]
    documents = give_documents(engine, officer, people, status=TravelDocumentStatus.REQUESTED)
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(trip(DAY, people[:1])))
    readiness = saved.detail.readiness
    assert not readiness.ready
    missing = {item.item: item.missing for item in readiness.items if not item.done}
    assert missing == {
        CheckItem.DECLARATION: "The return declaration is not signed.",
        CheckItem.ELIGIBILITY: "Eligibility is not approved yet.",
        CheckItem.TRAVEL_DOCUMENTS: "Travel documents not in hand for BERIDZE Nino and BERIDZE Child One.",
        CheckItem.TICKETS: "Ticket not issued for BERIDZE Child One.",
        CheckItem.ASSISTANCE: "Assistance on the way is not confirmed. Departure assistance at VNO is not requested. "
                              "Transit assistance at IST is not requested. "
                              "Reception assistance on arrival at TBS is not requested.",
    }
    # Do everything the list asks for, one by one.
    advance(engine, actor, case.id, (Stage.APPLICATION_SIGNED, Stage.ELIGIBILITY_APPROVED, Stage.TRAVEL_PREPARATION))
    with unit_of_work(engine) as session:
        for doc in documents:
            travel_documents.move_travel_document_status(session, officer, doc.id, doc.version,
                                                         TravelDocumentStatus.RECEIVED)
        saved = travel.save_itinerary(session, officer, case.id, saved.detail.version, ItineraryForm(trip(DAY, people)))
        detail = travel.save_arrangements(session, officer, case.id, saved.detail.version, full_assistance(None))
    assert [i.item for i in detail.readiness.items if not i.done] == [CheckItem.ASSISTANCE]
    detail = _arrange(engine, officer, detail, TravelArrangements(
        assistance=full_assistance(TODAY).assistance,
        needs=(TravellerNeeds(people[1], None, frozenset({MedicalNeed.FIT_TO_TRAVEL})),)))
    assert detail.readiness.missing == ("Fit-to-travel certificate missing for BERIDZE Child One.",)
    detail = _arrange(engine, officer, detail, TravelArrangements(
        assistance=full_assistance(TODAY).assistance,
        needs=(TravellerNeeds(people[1], None, frozenset({MedicalNeed.FIT_TO_TRAVEL})),)),
        fit_to_travel_on={people[1]: TODAY})
    assert detail.readiness.ready and detail.readiness.missing == ()


def test_assistance_not_requested_at_the_transit_airport_is_not_ready(engine, officer, booked):
    case, people, detail = booked
    partial = TravelArrangements(assistance=tuple(a for a in full_assistance(TODAY).assistance
                                                  if a.kind is not AssistanceKind.TRANSIT))
    detail = _arrange(engine, officer, detail, partial)
    assert detail.readiness.missing == (
        "Assistance on the way is not confirmed. Transit assistance at IST is not requested.",)


def test_confirming_the_itinerary_schedules_the_departure_in_the_history(engine, officer, booked):
    case, people, detail = booked
    with unit_of_work(engine) as session:
        confirmed = travel.confirm_itinerary(session, officer, case.id, detail.version)
        history = case_file.get_case(session, officer, case.id).stage_history
    assert confirmed.detail.stage is Stage.DEPARTURE_SCHEDULED and confirmed.detail.confirmed_at is not None
    assert history[-1].to_stage is Stage.DEPARTURE_SCHEDULED
    assert history[-1].reason.startswith("Itinerary confirmed: departure on ")
    assert history[-1].changed_by == "Test Travel officer"


def test_confirming_the_departure_moves_the_case_to_departed_and_freezes_the_travel(engine, officer, booked):
    case, people, detail = booked
    with unit_of_work(engine) as session:
        detail = travel.confirm_itinerary(session, officer, case.id, detail.version).detail
    with pytest.raises(ValidationError) as error:
        with unit_of_work(engine) as session:
            travel.confirm_departure(session, officer, case.id, detail.version, DAY, today=TODAY)
    assert "in the future" in error.value.errors["departed_on"]
    with unit_of_work(engine) as session:
        departed = travel.confirm_departure(session, officer, case.id, detail.version, DAY + dt.timedelta(days=1),
                                            today=DAY + dt.timedelta(days=1))
        history = case_file.get_case(session, officer, case.id).stage_history
    assert departed.detail.stage is Stage.DEPARTED and departed.detail.departed_on == DAY + dt.timedelta(days=1)
    assert "booked departure was on" in departed.warnings["departed_on"]
    assert history[-1].to_stage is Stage.DEPARTED and history[-1].reason.startswith("Departure confirmed on ")
    with pytest.raises(ValidationError) as error:
        _arrange(engine, officer, departed.detail, full_assistance(TODAY))
    assert "can no longer change" in error.value.errors["stage"]


def test_departure_cannot_be_confirmed_before_the_itinerary(engine, officer, booked):
    case, people, detail = booked
    with pytest.raises(ValidationError) as error:
        with unit_of_work(engine) as session:
            travel.confirm_departure(session, officer, case.id, detail.version, DAY, today=DAY)
    assert "cannot move to “Departed”" in error.value.errors["to_stage"]


def test_confirming_needs_a_booking_and_the_stage_permission(engine, officer, actor, actor_as, make_case, booked):
    case, people, detail = booked
    with pytest.raises(PermissionDeniedError):
        with unit_of_work(engine) as session:
            travel.confirm_itinerary(session, actor_as(StaffRole.MANAGER), case.id, detail.version)
    empty = make_case()
    advance(engine, actor, empty.id)
    with pytest.raises(ValidationError) as error, unit_of_work(engine) as session:
        travel.confirm_itinerary(session, officer, empty.id, 0)
    assert "has no itinerary booked" in error.value.errors["segments"]


def test_a_journey_booked_only_part_of_the_way_is_not_ready(engine, actor, officer, make_case):
    """Vilnius to Istanbul only, for a return to Georgia, was ready but for assistance (found by a walk)."""
    case = make_case(members=1)
    advance(engine, actor, case.id)
    people = [m.person.id for m in case.members]
    give_documents(engine, officer, people)
    first_leg_only = trip(DAY, people)[:1]
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(first_leg_only)).detail
    route = [item for item in saved.readiness.items if item.item is CheckItem.ROUTE]
    assert [item.missing for item in route] == [
        "The journey booked ends in Türkiye, not in Georgia: book it to the end."]
    assert not saved.readiness.ready
    with unit_of_work(engine) as session:  # booked to Tbilisi: the line goes
        whole = travel.save_itinerary(session, officer, case.id, saved.version, ItineraryForm(trip(DAY, people))).detail
    assert CheckItem.ROUTE not in [item.item for item in whole.readiness.items]
