"""Travel on PostgreSQL: an itinerary saves and loads with the same instants, zones, money and tickets."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError
from avrcase.domain.money import Money
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.departures import list_departures
from avrcase.services.travel.dto import ItineraryForm
from avrcase.services.uow import unit_of_work
from avrcase.services.permissions import SYSTEM
from tests.conftest import make_case_form
from tests.support.clock import FIXED_TODAY
from tests.support.travel import advance, full_assistance, give_documents, trip

DAY = FIXED_TODAY + dt.timedelta(days=5)


@pytest.fixture
def pg_people(pg_engine):
    with unit_of_work(pg_engine) as session:
        counsellor = users.actor_by_id(session, users.add_user(
            session, SYSTEM, "ruta", "Rūta Counsellor", StaffRole.COUNSELLOR).id)
        officer = users.actor_by_id(session, users.add_user(
            session, SYSTEM, "tomas", "Tomas Travel", StaffRole.TRAVEL_OFFICER).id)
        case = cases.register_case(session, counsellor, make_case_form(members=1))
    return counsellor, officer, case


def ready_to_book(pg_engine, pg_people) -> list[int]:
    """The case walked to travel preparation and everyone given a passport; the household's person ids."""
    counsellor, officer, case = pg_people
    advance(pg_engine, counsellor, case.id)
    people = [m.person.id for m in case.members]
    give_documents(pg_engine, officer, people)
    return people


def test_itinerary_saves_and_loads_on_postgres(pg_engine, pg_people):
    counsellor, officer, case = pg_people
    people = ready_to_book(pg_engine, pg_people)
    with unit_of_work(pg_engine) as session:
        saved = travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(trip(DAY, people)))
        travel.save_arrangements(session, officer, case.id, saved.detail.version, full_assistance(FIXED_TODAY))
    with unit_of_work(pg_engine, write=False) as session:
        detail = travel.get_travel(session, officer, case.id)
        board = list_departures(session, officer, DAY, DAY)
    assert detail.segments == saved.detail.segments
    assert detail.segments[0].departure == dt.datetime.combine(DAY, dt.time(12, 0))
    assert detail.segments[0].fare == Money("410.00", "EUR")
    assert detail.readiness.ready
    assert [(r.case_number, r.ready, r.travellers) for r in board] == [(case.case_number, True, 2)]
    with pytest.raises(ConflictError):
        with unit_of_work(pg_engine) as session:
            travel.save_itinerary(session, officer, case.id, saved.detail.version, ItineraryForm(trip(DAY, people)))


def test_demo_travel_on_postgres_leaves_ids_free_for_new_bookings(pg_engine):
    from avrcase.services.demo import generate as demo

    with unit_of_work(pg_engine) as session:
        demo.generate_demo(session, cases=120, seed=2, today=FIXED_TODAY, actor=SYSTEM)
        officer = users.get_actor(session, "travel")
        counsellor = users.get_actor(session, "counsellor")
        board = list_departures(session, officer, FIXED_TODAY, FIXED_TODAY + dt.timedelta(days=60))
    assert board  # scheduled demo cases fly in the coming weeks
    case = _registered(pg_engine, counsellor)
    advance(pg_engine, counsellor, case.id)
    people = [m.person.id for m in case.members]
    give_documents(pg_engine, officer, people)
    with unit_of_work(pg_engine) as session:
        saved = travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(trip(DAY, people)))
    assert len(saved.detail.segments) == 2


def _registered(engine, actor):
    with unit_of_work(engine) as session:
        return cases.register_case(session, actor, make_case_form())



def test_two_officers_starting_the_same_case_at_once_is_a_conflict_on_postgres(pg_engine, pg_people, monkeypatch):
    counsellor, officer, case = pg_people
    advance(pg_engine, counsellor, case.id)
    people = [m.person.id for m in case.members]
    give_documents(pg_engine, officer, people)
    checked = travel._editable

    def meanwhile(case_row):
        # After this save found no itinerary, a colleague's booking of the same case commits first.
        monkeypatch.setattr(travel, "_editable", checked)
        with unit_of_work(pg_engine) as other:
            travel.save_itinerary(other, officer, case.id, 0, ItineraryForm(trip(DAY, people)))
        checked(case_row)

    monkeypatch.setattr(travel, "_editable", meanwhile)
    with pytest.raises(ConflictError):
        with unit_of_work(pg_engine) as session:
            travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(trip(DAY + dt.timedelta(days=1), people)))
    with unit_of_work(pg_engine, write=False) as session:
        assert travel.get_travel(session, officer, case.id).segments[0].departure.date() == DAY


def test_a_plan_printed_before_the_flight_moved_is_out_of_date_on_postgres(pg_engine, pg_people, clock):
    import dataclasses

    from avrcase.services.documents import register as documents

    _counsellor, officer, case = pg_people
    people = ready_to_book(pg_engine, pg_people)
    with unit_of_work(pg_engine) as session:
        saved = travel.save_itinerary(session, officer, case.id, 0, ItineraryForm(trip(DAY, people)))
        documents.issue_document(session, officer, "itinerary", case.id, "en")
    clock.advance(dt.timedelta(hours=30))
    with unit_of_work(pg_engine) as session:  # the same journey saved again: still up to date
        saved = travel.save_itinerary(session, officer, case.id, saved.detail.version, ItineraryForm(trip(DAY, people)))
        assert documents.list_documents(session, officer, case.id)[0].out_of_date == ""
    later = tuple(dataclasses.replace(s, departure=s.departure + dt.timedelta(hours=2),
                                      arrival=s.arrival + dt.timedelta(hours=2)) for s in trip(DAY, people))
    with unit_of_work(pg_engine) as session:
        travel.save_itinerary(session, officer, case.id, saved.detail.version, ItineraryForm(later))
    with unit_of_work(pg_engine, write=False) as session:
        [row] = documents.list_documents(session, officer, case.id)
    assert row.out_of_date == "Printed before the journey changed on Dec 5, 2026 — print it again."
