"""Frozen data the travel services take and return (issue #4): documents, itinerary, departures.

Times: ``*_at`` fields are aware UTC instants; ``departure``/``arrival`` on a segment are the naive
local timetable times at each end, with the zone beside them. Traveller keys are person ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from avrcase.domain.itinerary import Segment, Ticket
from avrcase.domain.money import Money
from avrcase.domain.readiness import Readiness
from avrcase.domain.stages import Stage, UnknownStage
from avrcase.domain.travel import (
    MedicalNeed,
    TravelArrangements,
    TravellerNeeds,
    TravelMode,
    WheelchairCode,
)
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
    Traveller,
    Visa,
)

_NO_WARNINGS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class TravelDocumentRow:
    """One travel document of one person, with the day of each step it went through."""

    id: int
    person_id: int
    kind: TravelDocumentKind
    status: TravelDocumentStatus
    number: str
    issuing_authority: str
    requested_on: dt.date | None
    issued_on: dt.date | None
    received_on: dt.date | None
    handed_over_on: dt.date | None
    expires_on: dt.date | None
    version: int

    def as_domain(self) -> TravelDocument:
        """The document as the domain rules check it."""
        return TravelDocument(self.kind, self.status, self.number, self.issuing_authority,
                              self.issued_on, self.expires_on)


@dataclass(frozen=True)
class VisaRow:
    """A transit visa of one person."""

    id: int
    person_id: int
    country: str
    status: TravelDocumentStatus
    number: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    version: int

    def as_domain(self) -> Visa:
        """The visa as the domain rules check it."""
        return Visa(self.country, self.status, self.number, self.valid_from, self.valid_until)


@dataclass(frozen=True)
class TravellerDetail:
    """A household member as the Travel tab shows them: on the itinerary or left out, documents, needs.

    ``medical`` is empty and ``medical_hidden`` true for a reader whose role may not see medical details.
    """

    person_id: int
    name: str
    relationship: str
    sex: str
    date_of_birth: dt.date | None
    citizenship: str
    travelling: bool
    documents: tuple[TravelDocumentRow, ...] = ()
    visas: tuple[VisaRow, ...] = ()
    wheelchair: WheelchairCode | None = None
    medical: frozenset[MedicalNeed] = frozenset()
    fit_to_travel_on: dt.date | None = None
    medical_hidden: bool = False

    @property
    def needs(self) -> TravellerNeeds:
        """The needs as the domain's arrangements carry them."""
        return TravellerNeeds(self.person_id, self.wheelchair, self.medical)

    def as_traveller(self) -> Traveller:
        """The person with documents and visas, as the itinerary rules check them."""
        return Traveller(self.person_id, self.name, tuple(d.as_domain() for d in self.documents),
                         tuple(v.as_domain() for v in self.visas))


@dataclass(frozen=True)
class TicketRow:
    """A ticket number of one traveller on one segment."""

    person_id: int
    traveller: str
    number: str


@dataclass(frozen=True)
class SegmentDetail:
    """One stored leg: local timetable times with the zone of each end, and the same as UTC instants.

    ``zones_entered`` is false when the zones came from the airport directory (flights).
    """

    position: int
    mode: TravelMode
    origin: str
    destination: str
    origin_tz: str
    destination_tz: str
    zones_entered: bool
    departure: dt.datetime
    arrival: dt.datetime
    departure_at: dt.datetime
    arrival_at: dt.datetime
    carrier: str = ""
    service_number: str = ""
    booking_reference: str = ""
    fare: Money | None = None
    tickets: tuple[TicketRow, ...] = ()

    @property
    def service(self) -> str:
        """``TK 1234`` for a flight, the carrier and number otherwise, or the route when neither is known."""
        label = " ".join(p for p in (self.carrier.strip(), self.service_number.strip()) if p)
        return label or f"{self.origin} → {self.destination}"

    def as_segment(self) -> Segment:
        """The segment as the itinerary form and rules take it (for editing and re-checking)."""
        return Segment(
            self.mode, self.origin, self.destination, self.departure, self.arrival,
            self.origin_tz if self.zones_entered else "", self.destination_tz if self.zones_entered else "",
            self.carrier, self.service_number, self.booking_reference,
            tuple(Ticket(t.person_id, t.number) for t in self.tickets), self.fare,
        )


@dataclass(frozen=True)
class TravelDetail:
    """Everything about the travel of one case, for the Travel tab and the travel documents.

    ``version`` is the itinerary's (0 while nothing is booked or arranged); pass it back to save.
    ``travellers`` lists every household member, ``travelling`` tells who is on the itinerary.
    """

    case_id: int
    case_number: str
    stage: Stage
    registered_on: dt.date
    country_of_return: str
    final_destination: str
    version: int
    travellers: tuple[TravellerDetail, ...]
    segments: tuple[SegmentDetail, ...]
    arrangements: TravelArrangements
    readiness: Readiness
    split_reason: str = ""
    confirmed_at: dt.datetime | None = None
    departed_on: dt.date | None = None

    @property
    def travelling(self) -> tuple[TravellerDetail, ...]:
        """The household members on the itinerary."""
        return tuple(t for t in self.travellers if t.travelling)

    @property
    def departure_at(self) -> dt.datetime | None:
        """The first departure as a UTC instant, ``None`` while no segment is booked."""
        return self.segments[0].departure_at if self.segments else None


@dataclass(frozen=True)
class ItineraryForm:
    """The whole itinerary as the officer saves it: segments in travel order (local times).

    Every household member travels unless their person id is in ``left_out``; leaving someone out
    needs a ``split_reason``.
    """

    segments: tuple[Segment, ...]
    left_out: frozenset[int] = frozenset()
    split_reason: str = ""


@dataclass(frozen=True)
class TravelSaved:
    """The outcome of a save or confirmation: the case's travel as stored, and warnings to show."""

    detail: TravelDetail
    warnings: Mapping[str, str] = field(default_factory=lambda: _NO_WARNINGS)


@dataclass(frozen=True)
class DepartureRow:
    """One case on the departures board: when, who, where to, and whether it is ready to fly.

    ``departure_date`` is the local day at the place of departure; ``missing`` names what is
    still missing in words (empty when ready).
    """

    case_id: int
    case_number: str
    principal_name: str
    stage: Stage | UnknownStage  # UnknownStage: a code written outside avrcase (the board still lists it)
    departure_at: dt.datetime
    departure_date: dt.date
    origin_tz: str
    travellers: int
    route: str
    flight: str
    destination: str
    final_destination: str
    ready: bool
    missing: tuple[str, ...]
    readiness: Readiness
    version: int
