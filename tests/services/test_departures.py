"""The departures board: who leaves in a period, ready or not, and what is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.domain.stages import Stage
from avrcase.services import travel
from avrcase.services.departures import list_departures
from avrcase.services.travel_dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from tests.conftest import make_person
from tests.support.travel import advance, full_assistance, give_documents, trip
from tests.support.clock import FIXED_TODAY

TODAY = FIXED_TODAY


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.TRAVEL_OFFICER)


def _book(engine, actor, officer, make_case, day, *, ready, members=0, **case):
    detail = make_case(members=members, **case)
    advance(engine, actor, detail.id)
    people = [m.person.id for m in detail.members]
    give_documents(engine, officer, people)
    with unit_of_work(engine) as session:
        saved = travel.save_itinerary(session, officer, detail.id, 0,
                                      ItineraryForm(trip(day, people, tickets=ready or len(people) > 1)))
        travel.save_arrangements(session, officer, detail.id, saved.detail.version,
                                 full_assistance(TODAY if ready else None))
    return detail


def _board(engine, actor, start, end):
    with unit_of_work(engine, write=False) as session:
        return list_departures(session, actor, start, end)


def test_board_lists_the_period_earliest_first_with_readiness(engine, actor, officer, make_case):
    later = _book(engine, actor, officer, make_case, TODAY + dt.timedelta(days=12), ready=False,
                  principal=make_person(family_name="Ivanova", given_names="Olena", document_number="U1"))
    sooner = _book(engine, actor, officer, make_case, TODAY + dt.timedelta(days=3), ready=True, members=2)
    _book(engine, actor, officer, make_case, TODAY + dt.timedelta(days=40), ready=True)  # outside the period
    unbooked = make_case()
    advance(engine, actor, unbooked.id)
    rows = _board(engine, officer, TODAY, TODAY + dt.timedelta(days=30))
    assert [r.case_number for r in rows] == [sooner.case_number, later.case_number]
    first, second = rows
    assert (first.ready, first.missing, first.travellers) == (True, (), 3)
    assert (first.route, first.flight, first.destination, first.final_destination) == (
        "VNO → IST → TBS", "TK 1234", "TBS", "Kutaisi")
    assert first.departure_date == TODAY + dt.timedelta(days=3) and first.stage is Stage.TRAVEL_PREPARATION
    assert second.principal_name == "IVANOVA Olena" and not second.ready
    assert second.missing == (
        "Ticket not issued for IVANOVA Olena.",
        "Assistance on the way is not confirmed. Departure assistance at VNO is not confirmed. "
        "Transit assistance at IST is not confirmed. Reception assistance on arrival at TBS is not confirmed.")


def test_departed_cases_stay_on_the_board_for_their_day_and_withdrawn_ones_leave(engine, actor, officer, make_case):
    day = TODAY - dt.timedelta(days=2)
    # A case registered earlier, so a departure two days ago is after registration.
    left = _book(engine, actor, officer, make_case, day, ready=True, registered_on=TODAY - dt.timedelta(days=20))
    gone = _book(engine, actor, officer, make_case, day, ready=True, registered_on=TODAY - dt.timedelta(days=20))
    with unit_of_work(engine) as session:
        detail = travel.get_travel(session, officer, left.id)
        detail = travel.confirm_itinerary(session, officer, left.id, detail.version).detail
        travel.confirm_departure(session, officer, left.id, detail.version, day)
    advance(engine, actor, gone.id, (Stage.WITHDRAWN,))
    rows = _board(engine, officer, day, day)
    assert [(r.case_number, r.stage) for r in rows] == [(left.case_number, Stage.DEPARTED)]


def test_period_is_checked_and_reading_needs_travel_read(engine, actor_as):
    with pytest.raises(ValidationError) as error:
        _board(engine, actor_as(StaffRole.TRAVEL_OFFICER), TODAY, TODAY - dt.timedelta(days=1))
    assert "ends before it begins" in error.value.errors["date_to"]
    with pytest.raises(PermissionDeniedError):
        _board(engine, actor_as(StaffRole.ADMINISTRATOR), TODAY, TODAY)
