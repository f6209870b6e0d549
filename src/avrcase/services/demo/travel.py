"""Demo travel: documents, itineraries and arrangements for the demo cases in the travel stages.

Runs once after ``services/demo.py`` has written the cases, reading back what it needs (stage
history, household) so the case story stays the one place that decides stages. Deterministic for a
seed and a ``today``. Departed cases flew on the day of their "departed" move (past departures);
scheduled cases and most cases in travel preparation are booked in the weeks after ``today``, some
not ready yet (a document still requested, a ticket or a confirmation missing). Rows go in with
Core bulk INSERTs, like the rest of the demo, so 10,000 cases stay quick.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from avrcase.domain.stages import Stage
from avrcase.domain.travel import (
    AssistanceKind,
    MedicalNeed,
    TravelMode,
    WheelchairCode,
)
from avrcase.domain.travel_documents import TravelDocumentKind, TravelDocumentStatus
from avrcase.services.demo import common as demo_common
from avrcase.store.models import (
    AssistanceRecord,
    Case,
    CaseMember,
    Itinerary,
    ItineraryTraveller,
    Person,
    SegmentRecord,
    StageChange,
    TicketRecord,
    TravelDocumentRecord,
    User,
)

S, DS = Stage, TravelDocumentStatus
UTC = dt.UTC
ORIGIN = ("VNO", "Europe/Vilnius")
#: Hub airports from Vilnius: (carrier, hours of flight from VNO, zone).
HUBS = {"IST": ("TK", 2.75, "Europe/Istanbul"), "WAW": ("LO", 1.25, "Europe/Warsaw"),
        "FRA": ("LH", 2.25, "Europe/Berlin")}
#: Home airports per country of return: (hub, home airport, hours from the hub, zone).
FLIGHTS = {
    "IQ": (("IST", "EBL", 2.75, "Asia/Baghdad"), ("IST", "BGW", 3.0, "Asia/Baghdad")),
    "GE": (("IST", "TBS", 2.25, "Asia/Tbilisi"), ("WAW", "TBS", 3.5, "Asia/Tbilisi")),
    "TJ": (("IST", "DYU", 4.75, "Asia/Dushanbe"),), "UZ": (("IST", "TAS", 4.5, "Asia/Tashkent"),),
    "RU": (("IST", "SVO", 3.5, "Europe/Moscow"),), "VN": (("FRA", "HAN", 11.0, "Asia/Ho_Chi_Minh"),),
    "AZ": (("IST", "GYD", 3.0, "Asia/Baku"),), "TR": (("IST", "", 0, ""),),
    "KG": (("IST", "FRU", 5.0, "Asia/Bishkek"),), "IN": (("FRA", "DEL", 7.5, "Asia/Kolkata"),),
    "AM": (("IST", "EVN", 2.5, "Asia/Yerevan"),), "MD": (("WAW", "KIV", 2.0, "Europe/Chisinau"),),
    "NG": (("FRA", "LOS", 6.5, "Africa/Lagos"),), "LK": (("IST", "CMB", 8.0, "Asia/Colombo"),),
    "PK": (("IST", "ISB", 5.5, "Asia/Karachi"),), "SY": (("IST", "DAM", 2.0, "Asia/Damascus"),),
}
#: Overland journeys: (mode, carrier, origin, zone, destination, zone, hours), after an optional flight.
OVERLAND = {
    "BY": (None, (TravelMode.BUS, "Ecolines", "Vilnius", "Europe/Vilnius", "Minsk", "Europe/Minsk", 4.5)),
    "UA": ("WAW", (TravelMode.TRAIN, "PKP Intercity", "Warszawa Centralna", "Europe/Warsaw", "Kyiv", "Europe/Kyiv",
                   15.5)),
}
ESCORTS = ("Dr Ona Kazlauskienė", "Dr Marius Jankauskas", "Aistė Petrauskaitė", "Tomas Vaitkus")
TRAVEL_STAGES = (S.TRAVEL_PREPARATION, S.DEPARTURE_SCHEDULED)
#: Tables in the order their rows are inserted (parents first).
_TABLES = (TravelDocumentRecord, Itinerary, ItineraryTraveller, SegmentRecord, TicketRecord, AssistanceRecord)


@dataclass
class _Case:
    id: int
    number: str
    stage: Stage
    country: str
    destination: str
    moves: dict[Stage, dt.datetime]
    people: list[tuple[int, dt.date | None, str]]


def add_travel(session: Session, *, seed: int, today: dt.date) -> int:
    """Give the demo cases in and past the travel stages their travel; returns the itineraries written."""
    ranges = list(demo_common.case_id_ranges(session))
    if not ranges:
        return 0
    officer = session.scalar(select(User.id).where(User.username == "travel"))
    first_ids = {m: session.scalar(select(func.max(m.id))) or 0 for m in (Itinerary, SegmentRecord)}
    writer = _Writer(random.Random(f"travel-{seed}"), today, officer, first_ids)
    itineraries = 0

    def flush() -> None:
        # Core executemany, every row with the same keys (defaults filled in), as the case demo does; in
        # batches between cases, so memory stays flat at any size (#14).
        nonlocal itineraries
        itineraries += len(writer.rows[Itinerary])
        for model in _TABLES:
            rows = writer.rows[model]
            if rows:
                demo_common.insert_rows(session, model, rows)
                rows.clear()

    for first, last in ranges:  # the cases read back a batch at a time, in id order (#14)
        for case in _load(session, first, last):
            writer.case(case)
            if sum(len(rows) for rows in writer.rows.values()) >= demo_common.ROWS_PER_FLUSH:
                flush()
    flush()
    if session.get_bind().dialect.name == "postgresql":
        for model in first_ids:  # the ids given here: let the serial sequences continue after them
            table = model.__table__.name
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT coalesce(max(id), 1) FROM {table}))"))
    return itineraries


def _load(session: Session, first: int, last: int) -> list[_Case]:
    # Core on the session's connection: plain tuples, none of the ORM's per-row work.
    connection = session.connection()
    departed = select(StageChange.case_id).where(StageChange.to_stage == S.DEPARTED.value,
                                                 StageChange.case_id.between(first, last))
    found = {row.id: _Case(row.id, row.case_number, Stage(row.stage), row.country_of_return, row.final_destination,
                           {}, [])
             for row in connection.execute(
                 select(Case.id, Case.case_number, Case.stage, Case.country_of_return, Case.final_destination)
                 .where(Case.id.between(first, last),
                        or_(Case.stage.in_([s.value for s in TRAVEL_STAGES]), Case.id.in_(departed)))
                 .order_by(Case.id))}
    for case_id, stage, at in connection.execute(
            select(StageChange.case_id, StageChange.to_stage, StageChange.changed_at)
            .where(StageChange.case_id.in_(list(found)),
                   StageChange.to_stage.in_([S.TRAVEL_PREPARATION.value, S.DEPARTURE_SCHEDULED.value,
                                             S.DEPARTED.value]))
            .order_by(StageChange.case_id, StageChange.changed_at)):
        found[case_id].moves[Stage(stage)] = at
    for case_id, person_id, born, document in connection.execute(
            select(CaseMember.case_id, Person.id, Person.date_of_birth, Person.document_type)
            .join(Person, Person.id == CaseMember.person_id)
            .where(CaseMember.case_id.in_(list(found))).order_by(CaseMember.case_id, CaseMember.position)):
        found[case_id].people.append((person_id, born, document))
    return list(found.values())


def _at(day: dt.date, hour: float, zone: str) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(hours=hour)
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


class _Writer:
    """Invents the rows of every case's travel, in order, from one random generator."""

    def __init__(self, rng: random.Random, today: dt.date, officer: int | None, first_ids: dict):
        self.rng, self.today, self.officer = rng, today, officer
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self._itinerary, self._segment = first_ids[Itinerary], first_ids[SegmentRecord]

    def case(self, case: _Case) -> None:
        """Add the rows of one case's travel: documents, and unless still unbooked, the itinerary."""
        rng = self.rng
        departed = S.DEPARTED in case.moves
        if departed:
            day = case.moves[S.DEPARTED].date()
        elif case.stage is S.TRAVEL_PREPARATION and rng.random() < 0.35:
            self._documents(case, self.today + dt.timedelta(days=45), ready=False)
            return  # documents under way, nothing booked yet
        else:
            day = self.today + dt.timedelta(days=rng.randint(2, 40) if case.stage is S.DEPARTURE_SCHEDULED
                                            else rng.randint(14, 75))
        scheduled = case.stage is S.DEPARTURE_SCHEDULED
        ready = departed or (scheduled and rng.random() < 0.7)
        self._documents(case, day, ready=departed or scheduled and (ready or rng.random() < 0.5))
        self._itinerary += 1
        legs = self._journey(case.country, day)
        ticketed = departed or scheduled
        travellers = [p[0] for p in case.people]
        for position, (mode, carrier, number, origin, o_tz, dest, d_tz, leaves, arrives) in enumerate(legs):
            self._segment += 1
            self.rows[SegmentRecord].append(dict(
                id=self._segment, itinerary_id=self._itinerary, position=position, mode=mode.value, origin=origin,
                destination=dest, origin_tz=o_tz, destination_tz=d_tz, zones_entered=mode is not TravelMode.AIR,
                departure_at=leaves, arrival_at=arrives, carrier=carrier, service_number=number,
                booking_reference=f"{case.number[-5:]}{position}" if ticketed else "",
                fare=None, fare_currency=""))
            if position == 0:
                self.rows[SegmentRecord][-1].update(fare=rng.randint(180, 650) * len(travellers), fare_currency="EUR")
            holders = travellers if ticketed else []
            if scheduled and not ready and position == len(legs) - 1 and rng.random() < 0.5:
                holders = travellers[:-1]  # the last ticket is not issued yet
            self.rows[TicketRecord] += [dict(segment_id=self._segment, person_id=pid,
                                             number=f"{rng.randint(100, 999)}-{rng.randint(10**9, 10**10 - 1)}")
                                        for pid in holders]
        first, last = legs[0], legs[-1]
        confirmed = case.moves.get(S.DEPARTURE_SCHEDULED) if (departed or scheduled) else None
        touched = confirmed or case.moves.get(S.TRAVEL_PREPARATION) or dt.datetime.combine(
            self.today, dt.time(9), UTC)
        itinerary = dict(
            id=self._itinerary, case_id=case.id, departure_at=first[7], departure_date=day, arrival_at=last[8],
            split_reason="", excess_baggage_currency="", inland_mode="", inland_provider="", inland_destination="",
            inland_currency="", confirmed_at=confirmed, departed_on=day if departed else None, updated_at=touched,
            updated_by_id=self.officer, version=1)
        self._extras(itinerary, case, last)
        self.rows[Itinerary].append(itinerary)
        self._needs_and_assistance(case, legs, day, departed, scheduled, ready)

    def _journey(self, country: str, day: dt.date) -> list[tuple]:
        rng = self.rng
        start = rng.choice((6.0, 7.25, 9.5, 11.0, 13.5))
        legs: list[tuple] = []
        hub, overland = OVERLAND.get(country, (None, None))
        if overland is None:
            hub, home, hours, zone = rng.choice(FLIGHTS.get(country, FLIGHTS["GE"]))
        carrier, first_hours, hub_zone = HUBS[hub] if hub else ("", 0, "")
        leaves = _at(day, start, ORIGIN[1])
        if hub:
            lands = leaves + dt.timedelta(hours=first_hours)
            legs.append((TravelMode.AIR, carrier, str(rng.randint(100, 1999)), ORIGIN[0], ORIGIN[1], hub, hub_zone,
                         leaves, lands))
            leaves = lands + dt.timedelta(minutes=rng.choice((75, 95, 120, 150, 180)))
        if overland is not None:
            mode, company, origin, o_tz, dest, d_tz, hours = overland
            legs.append((mode, company, "", origin, o_tz, dest, d_tz, leaves, leaves + dt.timedelta(hours=hours)))
        elif home:
            legs.append((TravelMode.AIR, carrier, str(rng.randint(100, 1999)), hub, hub_zone, home, zone,
                         leaves, leaves + dt.timedelta(hours=hours)))
        return legs

    def _documents(self, case: _Case, day: dt.date, *, ready: bool) -> None:
        rng, anchor = self.rng, min(day, self.today)
        late = None if ready else rng.randrange(len(case.people))
        for index, (person_id, born, document) in enumerate(case.people):
            adult = born is None or (day - born).days >= 18 * 365
            passport = document == "passport" and (adult or rng.random() < 0.5)
            status = DS.REQUESTED if index == late else (DS.HANDED_OVER if day < self.today else DS.RECEIVED)
            issued = anchor - dt.timedelta(days=rng.randint(400, 2500) if passport else rng.randint(5, 20))
            self.rows[TravelDocumentRecord].append(dict(
                person_id=person_id,
                kind=(TravelDocumentKind.PASSPORT if passport else TravelDocumentKind.TRAVEL_CERTIFICATE).value,
                status=status.value, number="" if status is DS.REQUESTED else f"{case.country}{rng.randint(10**6, 10**7 - 1)}",
                issuing_authority="" if passport else f"Embassy ({case.country}) in Vilnius",
                requested_on=None if passport else issued - dt.timedelta(days=rng.randint(7, 30)),
                issued_on=None if status is DS.REQUESTED else issued,
                received_on=None if status is DS.REQUESTED else issued + dt.timedelta(days=2),
                handed_over_on=day - dt.timedelta(days=1) if status is DS.HANDED_OVER else None,
                expires_on=None if status is DS.REQUESTED else (
                    issued + dt.timedelta(days=3650) if passport else day + dt.timedelta(days=30)),
                updated_at=dt.datetime.combine(anchor, dt.time(10), UTC), version=1))

    def _extras(self, itinerary: dict, case: _Case, last: tuple) -> None:
        rng = self.rng
        if rng.random() < 0.2:
            itinerary.update(excess_baggage_kg=rng.choice((10, 15, 20, 23)), excess_baggage_currency="EUR")
            itinerary["excess_baggage_cost"] = itinerary["excess_baggage_kg"] * 12
        if case.destination and rng.random() < 0.4:
            mode = rng.choice((TravelMode.CAR, TravelMode.BUS))
            itinerary.update(inland_mode=mode.value, inland_destination=case.destination, inland_currency="EUR",
                             inland_provider="IOM reception team" if mode is TravelMode.CAR else "Regional bus",
                             inland_cost=rng.randint(15, 90))

    def _needs_and_assistance(self, case: _Case, legs: list[tuple], day: dt.date, departed: bool, scheduled: bool,
                              ready: bool) -> None:
        rng = self.rng
        special = rng.random()
        for position, (person_id, _born, _doc) in enumerate(case.people):
            row = dict(itinerary_id=self._itinerary, person_id=person_id, position=position, wheelchair="",
                       medical="", fit_to_travel_on=None)
            if position == 0 and special < 0.06:
                row["wheelchair"] = rng.choice(list(WheelchairCode)).value
            if position == 0 and special < 0.02:
                row["medical"] = ",".join(sorted((MedicalNeed.FIT_TO_TRAVEL.value, MedicalNeed.MEDICAL_ESCORT.value)))
                if departed or ready:
                    row["fit_to_travel_on"] = min(day, self.today) - dt.timedelta(days=3)
            self.rows[ItineraryTraveller].append(row)
        wanted = [(AssistanceKind.DEPARTURE, legs[0][3])]
        wanted += [(AssistanceKind.TRANSIT, a[5]) for a, b in pairwise(legs)
                   if a[0] is TravelMode.AIR and b[0] is TravelMode.AIR]
        flights = [leg for leg in legs if leg[0] is TravelMode.AIR]
        if flights:
            wanted.append((AssistanceKind.RECEPTION, flights[-1][5]))
        if special < 0.02:
            wanted.append((AssistanceKind.ESCORT_MEDICAL, ""))
        notified = min(day, self.today) - dt.timedelta(days=rng.randint(6, 12))
        for position, (kind, place) in enumerate(wanted):
            confirm = departed or (scheduled and (ready or kind is not AssistanceKind.RECEPTION))
            self.rows[AssistanceRecord].append(dict(
                itinerary_id=self._itinerary, position=position, kind=kind.value, place=place, office="IOM",
                notified_on=notified if (departed or scheduled or rng.random() < 0.5) else None,
                confirmed_on=notified + dt.timedelta(days=2) if confirm else None,
                escort_name=rng.choice(ESCORTS) if kind is AssistanceKind.ESCORT_MEDICAL else ""))
