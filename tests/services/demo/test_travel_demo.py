"""Demo travel: itineraries the app itself would accept, past departures for departed cases, upcoming ones
for scheduled cases, some not ready, the same for the same seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from avrcase.domain.itinerary import validate_itinerary
from avrcase.domain.stages import Stage
from avrcase.services.accounts import users
from avrcase.services.demo import generate as demo
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel.departures import list_departures
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, Itinerary, StageChange
from avrcase.store.schema import open_store
from avrcase.services.permissions import SYSTEM

TODAY = dt.date(2026, 11, 23)
TRAVEL_TABLES = ("travel_documents", "itineraries", "itinerary_travellers", "itinerary_segments",
                 "itinerary_tickets", "itinerary_assistance")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    eng = open_store(f"sqlite:///{tmp_path_factory.mktemp('travel-demo') / 'demo.sqlite'}")
    with unit_of_work(eng) as session:
        demo.generate_demo(session, cases=400, seed=4, today=TODAY, actor=SYSTEM)
    yield eng
    eng.dispose()


def _itineraries(engine):
    with unit_of_work(engine, write=False) as session:
        rows = session.execute(select(Case.id, Case.stage, Itinerary.departure_date, Itinerary.departed_on)
                               .join(Itinerary, Itinerary.case_id == Case.id)).all()
        departed_on = dict(session.execute(select(StageChange.case_id, StageChange.changed_at)
                                           .where(StageChange.to_stage == Stage.DEPARTED.value)).all())
        officer = users.get_actor(session, "travel")
        details = [travel.get_travel(session, officer, row.id) for row in rows]
    return rows, departed_on, details


def test_departed_cases_flew_on_their_day_and_scheduled_ones_fly_soon(demo_store):
    rows, departed_on, _details = _itineraries(demo_store)
    stages = Counter(Stage(r.stage) for r in rows)
    assert stages[Stage.DEPARTURE_SCHEDULED] and stages[Stage.TRAVEL_PREPARATION]
    assert stages[Stage.REINTEGRATION] + stages[Stage.CLOSED] + stages[Stage.DEPARTED] > 20
    for row in rows:
        if row.id in departed_on:
            assert row.departed_on == row.departure_date == departed_on[row.id].date() <= TODAY
        else:
            assert row.departed_on is None and row.departure_date > TODAY
    with unit_of_work(demo_store, write=False) as session:
        scheduled = session.scalars(select(Case.id).where(Case.stage == Stage.DEPARTURE_SCHEDULED.value)).all()
    assert set(scheduled) <= {r.id for r in rows}  # every scheduled case has its booking


def test_every_demo_itinerary_passes_the_rules_the_officer_would_meet(demo_store):
    _rows, _departed, details = _itineraries(demo_store)
    wheelchairs = inland = 0
    for detail in details:
        segments = [s.as_segment() for s in detail.segments]
        validate_itinerary(segments, registered_on=detail.registered_on,
                           travellers=[t.as_traveller() for t in detail.travelling])
        wheelchairs += any(t.wheelchair for t in detail.travellers)
        inland += detail.arrangements.inland_transport is not None
        assert detail.segments[0].origin in ("VNO", "Vilnius")
    assert wheelchairs and inland
    modes = Counter(s.mode.value for d in details for s in d.segments)
    assert modes["air"] and modes["bus"] + modes["train"]


def test_the_board_of_the_next_weeks_has_ready_and_unready_cases(demo_store):
    with unit_of_work(demo_store, write=False) as session:
        officer = users.get_actor(session, "travel")
        board = list_departures(session, officer, TODAY, TODAY + dt.timedelta(days=45))
        past = list_departures(session, officer, TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=1))
    assert any(r.ready for r in board) and any(not r.ready for r in board)
    assert all(r.missing for r in board if not r.ready)
    assert past and all(r.ready for r in past)


def test_same_seed_gives_the_same_travel(tmp_path):
    dumps = []
    for name in ("a", "b"):
        engine = open_store(f"sqlite:///{tmp_path / name}.sqlite")
        with unit_of_work(engine) as session:
            demo.generate_demo(session, cases=150, seed=9, today=TODAY, actor=SYSTEM)
        with engine.connect() as connection:
            dumps.append({t: connection.exec_driver_sql(f"SELECT * FROM {t} ORDER BY id").all()
                          for t in TRAVEL_TABLES})
        engine.dispose()
    assert dumps[0]["itineraries"] and dumps[0] == dumps[1]
