"""Reading travel rows into DTOs and the readiness checklist, for one case or a departures board.

Decisions (issue #4):

* "Declaration signed" is the case having reached the stage *application signed* (its history):
  the counsellor moves the case there when the returnee signed. A declaration printed in the
  document register is not proof of a signature, so it does not count on its own.
* "Eligibility approved" is the case having reached *eligibility approved* in its history.
* Assistance is confirmed when every request is confirmed and the assistance an AVR movement
  normally has (departure, transit at each connecting airport, reception) was requested.
* The allowance line appears once #5 wires ``allowance_status`` (the one place to change).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from avrcase.domain.airports import shipped_airports
from avrcase.domain.money import Money
from avrcase.domain.names import display_name
from avrcase.domain.readiness import (
    Readiness,
    ReadinessInput,
    check_readiness,
    ends_short,
    missing_assistance,
    traveller_status,
    unconfirmed_assistance,
)
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
from avrcase.domain.travel_documents import TravelDocumentKind, TravelDocumentStatus
from avrcase.services.finance import allowances
from avrcase.services.travel.dto import (
    SegmentDetail,
    TicketRow,
    TravelDetail,
    TravelDocumentRow,
    TravellerDetail,
    VisaRow,
)
from avrcase.store.models import (
    Case,
    CaseMember,
    Itinerary,
    ItineraryTraveller,
    Person,
    SegmentRecord,
    StageChange,
    TravelDocumentRecord,
    VisaRecord,
)


def allowance_status(session: Session, case_id: int) -> bool | None:
    """Whether the case's allowance is prepared; ``None`` leaves the line off the checklist.

    The single place for #5: no allowance applies to a case in no project (see ``services.allowances``).
    """
    return allowances.allowance_status(session, case_id)


def money(amount: Decimal | None, currency: str) -> Money | None:
    """A stored amount and currency as ``Money``; ``None`` when no amount was entered."""
    return Money(amount, currency) if amount is not None and currency else None


def document_row(doc: TravelDocumentRecord) -> TravelDocumentRow:
    """A stored travel document as its DTO."""
    return TravelDocumentRow(
        doc.id, doc.person_id, TravelDocumentKind(doc.kind), TravelDocumentStatus(doc.status), doc.number,
        doc.issuing_authority, doc.requested_on, doc.issued_on, doc.received_on, doc.handed_over_on,
        doc.expires_on, doc.version)


def visa_row(visa: VisaRecord) -> VisaRow:
    """A stored visa as its DTO."""
    return VisaRow(visa.id, visa.person_id, visa.country, TravelDocumentStatus(visa.status), visa.number,
                   visa.valid_from, visa.valid_until, visa.version)


@lru_cache(maxsize=256)
def zone_info(name: str) -> ZoneInfo:
    """The zone for an IANA name, kept (``ZoneInfo`` itself keeps only the last few strongly)."""
    return ZoneInfo(name)


def local(instant: dt.datetime, zone: str) -> dt.datetime:
    """The naive local wall-clock time of a UTC instant in ``zone``."""
    return instant.astimezone(zone_info(zone)).replace(tzinfo=None)


def segment_detail(row: SegmentRecord, names: dict[int, str]) -> SegmentDetail:
    """A stored segment as its DTO; ``names`` maps person ids to names for the tickets."""
    return SegmentDetail(
        row.position, TravelMode(row.mode), row.origin, row.destination, row.origin_tz, row.destination_tz,
        row.zones_entered, local(row.departure_at, row.origin_tz), local(row.arrival_at, row.destination_tz),
        row.departure_at, row.arrival_at, row.carrier, row.service_number, row.booking_reference,
        money(row.fare, row.fare_currency),
        tuple(TicketRow(t.person_id, names.get(t.person_id, ""), t.number) for t in row.tickets))


def arrangements_of(itinerary: Itinerary | None, *, show_medical: bool = True) -> TravelArrangements:
    """The stored arrangements around an itinerary (none when nothing is arranged)."""
    if itinerary is None:
        return TravelArrangements()
    assistance = tuple(
        Assistance(AssistanceKind(a.kind), a.place, a.office, a.notified_on, a.confirmed_on, a.escort_name)
        for a in itinerary.assistance)
    needs = tuple(
        TravellerNeeds(t.person_id, WheelchairCode(t.wheelchair) if t.wheelchair else None,
                       _medical(t) if show_medical else frozenset())
        for t in itinerary.travellers if t.wheelchair or t.medical)
    baggage = None
    if itinerary.excess_baggage_kg is not None:
        baggage = ExcessBaggage(itinerary.excess_baggage_kg,
                                money(itinerary.excess_baggage_cost, itinerary.excess_baggage_currency))
    inland = None
    if itinerary.inland_mode:
        inland = InlandTransport(TravelMode(itinerary.inland_mode), itinerary.inland_provider,
                                 itinerary.inland_destination, money(itinerary.inland_cost, itinerary.inland_currency))
    return TravelArrangements(assistance, needs, baggage, inland)


def _medical(row: ItineraryTraveller) -> frozenset[MedicalNeed]:
    return frozenset(MedicalNeed(code) for code in row.medical.split(",") if code)


class TravelLoader:
    """Loads what readiness and the travel DTOs need for many cases in a few queries."""

    def __init__(self, session: Session, case_ids: Iterable[int]):
        self.session = session
        self._allowances: dict[int, bool | None] | None = None
        ids = sorted(set(case_ids))
        self.cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
        self.itineraries = {i.case_id: i for i in session.scalars(
            select(Itinerary).where(Itinerary.case_id.in_(ids)).options(
                selectinload(Itinerary.travellers), selectinload(Itinerary.assistance),
                selectinload(Itinerary.segments).selectinload(SegmentRecord.tickets)))}
        self.members: dict[int, list[tuple[CaseMember, Person]]] = defaultdict(list)
        rows = session.execute(select(CaseMember, Person).join(Person, Person.id == CaseMember.person_id)
                               .where(CaseMember.case_id.in_(ids)).order_by(CaseMember.case_id, CaseMember.position))
        for member, person in rows:
            self.members[member.case_id].append((member, person))
        person_ids = [p.id for members in self.members.values() for _m, p in members]
        self.documents: dict[int, list[TravelDocumentRecord]] = defaultdict(list)
        for doc in session.scalars(select(TravelDocumentRecord).where(TravelDocumentRecord.person_id.in_(person_ids))
                                   .order_by(TravelDocumentRecord.id)):
            self.documents[doc.person_id].append(doc)
        self.visas: dict[int, list[VisaRecord]] = defaultdict(list)
        for visa in session.scalars(select(VisaRecord).where(VisaRecord.person_id.in_(person_ids))
                                    .order_by(VisaRecord.id)):
            self.visas[visa.person_id].append(visa)
        self.reached: dict[int, set[str]] = defaultdict(set)
        for case_id, stage in session.execute(
                select(StageChange.case_id, StageChange.to_stage).where(
                    StageChange.case_id.in_(ids),
                    StageChange.to_stage.in_((Stage.APPLICATION_SIGNED.value, Stage.ELIGIBILITY_APPROVED.value)))):
            self.reached[case_id].add(stage)

    def travellers(self, case_id: int, *, show_medical: bool = True) -> tuple[TravellerDetail, ...]:
        """Every household member with documents, visas and (when on the itinerary) needs."""
        itinerary = self.itineraries.get(case_id)
        on_board = {t.person_id: t for t in itinerary.travellers} if itinerary else {}
        result = []
        names = self.names(case_id)
        for member, person in self.members[case_id]:
            row = on_board.get(person.id)
            result.append(TravellerDetail(
                person.id, names[person.id], member.relationship_to_principal,
                person.sex, person.date_of_birth, person.citizenship,
                travelling=row is not None if itinerary else True,
                documents=tuple(document_row(d) for d in self.documents[person.id]),
                visas=tuple(visa_row(v) for v in self.visas[person.id]),
                wheelchair=WheelchairCode(row.wheelchair) if row is not None and row.wheelchair else None,
                medical=_medical(row) if row is not None and show_medical else frozenset(),
                fit_to_travel_on=row.fit_to_travel_on if row is not None else None,
                medical_hidden=not show_medical))
        return tuple(result)

    def segments(self, case_id: int) -> tuple[SegmentDetail, ...]:
        """The booked segments of a case in travel order."""
        itinerary = self.itineraries.get(case_id)
        if itinerary is None:
            return ()
        return tuple(segment_detail(s, self.names(case_id)) for s in itinerary.segments)

    def names(self, case_id: int) -> dict[int, str]:
        """Each household member's name as travel lists write it; members of the same name (a father and his son
        both "MAROZAU Uladzimir") are told apart by their year of birth, so no ticket or document goes to the
        wrong one."""
        people = [p for _m, p in self.members[case_id]]
        names = {p.id: display_name(p.family_name, p.given_names, p.citizenship or "") for p in people}
        twice = {name for name in names.values() if list(names.values()).count(name) > 1}
        return {p.id: f"{names[p.id]} ({p.date_of_birth.year})" if names[p.id] in twice and p.date_of_birth else
                names[p.id] for p in people}

    def readiness(self, case_id: int, travellers: Sequence[TravellerDetail] | None = None,
                  segments: Sequence[SegmentDetail] | None = None) -> Readiness:
        """The departures-board checklist of one case."""
        itinerary = self.itineraries.get(case_id)
        travellers = self.travellers(case_id) if travellers is None else travellers
        segments = self.segments(case_id) if segments is None else segments
        domain_segments = [s.as_segment() for s in segments]
        on_board = {t.person_id: t for t in itinerary.travellers} if itinerary else {}
        statuses = []
        for traveller in travellers:
            if not itinerary:
                continue
            row = on_board.get(traveller.person_id)
            if row is None:
                if not itinerary.split_reason:
                    # Joined the household after the booking, not left out on purpose: not booked yet.
                    statuses.append(traveller_status(traveller.as_traveller(), domain_segments))
                continue
            needs = TravellerNeeds(traveller.person_id, None, _medical(row))
            statuses.append(traveller_status(traveller.as_traveller(), domain_segments, needs,
                                             fit_to_travel_present=row.fit_to_travel_on is not None))
        assistance = arrangements_of(itinerary).assistance
        notes = (*missing_assistance(domain_segments, assistance), *unconfirmed_assistance(assistance))
        reached = self.reached[case_id]
        return check_readiness(ReadinessInput(
            declaration_signed=Stage.APPLICATION_SIGNED.value in reached,
            eligibility_approved=Stage.ELIGIBILITY_APPROVED.value in reached,
            travellers=tuple(statuses),
            assistance_confirmed=bool(domain_segments) and not notes,
            allowance_prepared=self.allowance(case_id), assistance_notes=notes,
            ends_short=ends_short(domain_segments, self.cases[case_id].country_of_return, _airport_country)))

    def allowance(self, case_id: int) -> bool | None:
        """``allowance_status`` of a loaded case, asked for all loaded cases at once on first use."""
        if self._allowances is None:
            self._allowances = allowances.allowance_statuses(self.session, self.cases)
        if case_id in self._allowances:
            return self._allowances[case_id]
        return allowance_status(self.session, case_id)

    def detail(self, case_id: int, *, show_medical: bool = True) -> TravelDetail:
        """The whole travel of one loaded case."""
        case = self.cases[case_id]
        itinerary = self.itineraries.get(case_id)
        travellers = self.travellers(case_id, show_medical=show_medical)
        segments = self.segments(case_id)
        readiness = self.readiness(case_id, self.travellers(case_id), segments)
        return TravelDetail(
            case.id, case.case_number, Stage(case.stage), case.registered_on, case.country_of_return,
            case.final_destination, itinerary.version if itinerary else 0, travellers, segments,
            arrangements_of(itinerary, show_medical=show_medical), readiness,
            split_reason=itinerary.split_reason if itinerary else "",
            confirmed_at=itinerary.confirmed_at if itinerary else None,
            departed_on=itinerary.departed_on if itinerary else None)


def _airport_country(code: str) -> str:
    """The country of an airport of the shipped list, ``""`` for a code it does not hold."""
    airport = shipped_airports().get(code)
    return airport.country if airport is not None else ""
