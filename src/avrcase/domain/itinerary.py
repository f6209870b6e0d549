"""A door-to-door itinerary: segments by air, bus, train or car, checked in UTC.

Times are entered as the timetable prints them: naive local date-times at the place of departure
and of arrival, plus the place's IANA time zone (taken from the airport directory for flights).
Every comparison happens in UTC, so a westbound flight that lands "before" it took off in local time
is accepted, and a night flight across a daylight-saving change has its true duration.

Decisions (issue #4):

* Errors (nothing is saved): a segment that arrives before, or at the moment, it departs; a
  connection that leaves before the previous segment arrives; a first departure before the case was
  registered; a traveller without a usable travel document, or with an issued transit visa whose
  dates miss the days of transit (see ``travel_documents``); an unknown
  or closed airport; a place without a time zone; a local time that does not exist (clocks go
  forward); a negative fare; a ticket for someone not travelling; a flight faster than any aircraft flies
  its great-circle distance (``flight_times``), a bus, train or car leg between known cities faster than any
  coach, train or car (``ground_times``); a flight leaving from another city than the last one
  landed in, with no segment between (``connections``).
* Warnings (shown, the officer may go on): a connection shorter than the minimum connection time
  (``ConnectionPolicy``: 45 min between flights, 60 min from a flight to the road, 120 min from the
  road to a flight for check-in, 180 min between flights at two airports of a city: across town and
  through check-in and security again); two flights that do not connect at the same airport of a city; a
  local time that happens twice (clocks go back; the earlier one is taken); a document expiring soon after
  travel; a flight faster than timetables fly its distance, or longer than any flight stays in the air, a
  leg on the ground faster than timetables go; a
  journey starting more than a year ahead (with ``today``: tickets are not sold that early).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from avrcase.domain.airports import AirportDirectory, is_iata_code, shipped_airports
from avrcase.domain.connections import (  # noqa: F401 - ConnectionPolicy and the rest are used from here too
    AIRPORT_CHANGE,
    ConnectionPolicy,
    airport_change_error,
    changes_airport,
    connection_shortfall,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.flight_times import flight_time_problems
from avrcase.domain.ground_times import ground_time_problems
from avrcase.domain.money import Money
from avrcase.domain.travel import TravelMode, cost_error
from avrcase.domain.travel_documents import Traveller, ValidityPolicy, document_problems, visa_problems
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_date, format_datetime

UTC = dt.timezone.utc
MAX_PLACE = 200
#: A connection this long is shown in amber: more often a month or day typed wrong than a planned stopover (a
#: stopover of a few days, waiting for an onward bus or a visa, is usual).
LONG_CONNECTION = dt.timedelta(days=4)
#: Airlines sell seats at most about 330 days ahead: a journey starting later than this is more likely a year typed wrong.
BOOKABLE_AHEAD = dt.timedelta(days=366)
_TEXT_LIMITS = (("carrier", 60), ("service_number", 12), ("booking_reference", 20))


@dataclass(frozen=True)
class Ticket:
    """A ticket number issued to one traveller (by their key in the case) for one segment."""

    traveller: int
    number: str


@dataclass(frozen=True)
class Segment:
    """One leg of the journey, with local timetable times at each end.

    ``origin`` and ``destination`` are IATA codes for a flight and place names otherwise;
    ``origin_tz``/``destination_tz`` may stay empty for a flight (the airport's zone is used).
    """

    mode: TravelMode
    origin: str
    destination: str
    departure: dt.datetime
    arrival: dt.datetime
    origin_tz: str = ""
    destination_tz: str = ""
    carrier: str = ""
    service_number: str = ""
    booking_reference: str = ""
    tickets: tuple[Ticket, ...] = ()
    fare: Money | None = None

    @property
    def route(self) -> str:
        """``VNO → IST`` as a person reads it."""
        return f"{self.origin} → {self.destination}"


def days_after(instant: dt.datetime, zone: dt.tzinfo, day: dt.date) -> int:
    """How many calendar days after ``day`` the instant falls by the clock of ``zone`` (negative: before)."""
    return (instant.astimezone(zone).date() - day).days


def day_marker(days: int) -> str:
    """"+1" for an arrival on the next local day, "+2", "-1" (westbound over midnight); empty for the same day."""
    return f"{days:+d}" if days else ""


@dataclass(frozen=True)
class LocalTime:
    """A local timetable time resolved to UTC; ``ambiguous`` when the clocks went back over it."""

    utc: dt.datetime
    zone: ZoneInfo
    ambiguous: bool = False


class NonexistentTimeError(ValueError):
    """A local time skipped when the clocks went forward."""


def to_utc(local: dt.datetime, zone: ZoneInfo) -> LocalTime:
    """Resolve a naive local time in ``zone``; the earlier instant when it happens twice."""
    if local.tzinfo is not None:
        raise TypeError("a timetable time is naive local time; its zone comes from the place")
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None, fold=0) != local.replace(fold=0):
        raise NonexistentTimeError(local)
    return LocalTime(first.astimezone(UTC), zone, ambiguous=first.utcoffset() != second.utcoffset())


def _zone_name(mode: TravelMode, place: str, tz: str, airports: AirportDirectory) -> str:
    if tz.strip():
        return tz.strip()
    if mode is TravelMode.AIR and (airport := airports.get(place)) is not None:
        return airport.tz
    return ""


class _Checker:
    """Collects errors and warnings for one itinerary, keyed by field path."""

    def __init__(self, airports: AirportDirectory):
        self.airports = airports
        self.errors: dict[str, str] = {}
        self.warnings: dict[str, str] = {}

    def place(self, key: str, mode: TravelMode, place: str) -> None:
        place = place.strip()
        if not place:
            self.errors[key] = _("Please enter the place.")
        elif len(place) > MAX_PLACE:
            self.errors[key] = _("A place name has at most %(n)d characters.") % {"n": MAX_PLACE}
        elif mode is TravelMode.AIR:
            airport = self.airports.get(place)
            if not is_iata_code(place.upper()):
                self.errors[key] = _("A flight goes between airports: enter a three-letter IATA code such as VNO.")
            elif airport is None:
                self.errors[key] = _("“%(code)s” is not an airport code we know.") % {"code": place.upper()}
            elif airport.closed:
                self.errors[key] = _("%(name)s (%(code)s) is closed to passenger flights.") % {
                    "name": airport.name, "code": airport.iata}

    def zone(self, key: str, mode: TravelMode, place: str, tz: str) -> ZoneInfo | None:
        name = _zone_name(mode, place, tz, self.airports)
        if not name:
            if mode is not TravelMode.AIR and place.strip():
                self.errors[key] = _("Please choose the time zone of %(place)s.") % {"place": place.strip()}
            return None
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            self.errors[key] = _("“%(zone)s” is not a time zone we know.") % {"zone": name}
            return None

    def instant(self, key: str, local: dt.datetime, zone: ZoneInfo | None) -> LocalTime | None:
        if zone is None:
            return None
        try:
            resolved = to_utc(local, zone)
        except NonexistentTimeError:
            self.errors[key] = _("%(time)s does not exist in %(zone)s: the clocks go forward that night.") % {
                "time": _wall(local), "zone": zone.key}
            return None
        if resolved.ambiguous:
            self.warnings[key] = _("%(time)s happens twice in %(zone)s as the clocks go back; "
                                   "the earlier one is taken.") % {"time": _wall(local), "zone": zone.key}
        return resolved


def _wall(local: dt.datetime) -> str:
    # A wall-clock time as the locale writes it: format it as if it were UTC, shown in UTC.
    return format_datetime(local.replace(tzinfo=UTC), fmt="short", tz=UTC)


def _shown(time: LocalTime) -> str:
    return format_datetime(time.utc, fmt="short", tz=time.zone)


def _segment(check: _Checker, index: int, segment: Segment, travellers: frozenset[int]):
    key = f"segments.{index}."
    check.place(key + "origin", segment.mode, segment.origin)
    check.place(key + "destination", segment.mode, segment.destination)
    if segment.origin.strip() and segment.origin.strip().casefold() == segment.destination.strip().casefold():
        check.errors[key + "destination"] = _("A segment cannot end where it starts.")
    departure = check.instant(key + "departure", segment.departure,
                              check.zone(key + "origin_tz", segment.mode, segment.origin, segment.origin_tz))
    arrival = check.instant(key + "arrival", segment.arrival,
                            check.zone(key + "destination_tz", segment.mode, segment.destination,
                                       segment.destination_tz))
    if departure and arrival and arrival.utc <= departure.utc:
        template = (_("Segment %(number)d (%(route)s) arrives at %(arrival)s, before it departs at %(departure)s.")
                    if arrival.utc < departure.utc else
                    _("Segment %(number)d (%(route)s) arrives at the moment it departs (%(departure)s)."))
        check.errors[key + "arrival"] = template % {
            "number": index + 1, "route": segment.route, "arrival": _shown(arrival), "departure": _shown(departure)}
    if departure and arrival and arrival.utc > departure.utc:
        _travel_time(check, index, segment, arrival.utc - departure.utc)
    if message := cost_error(segment.fare):
        check.errors[key + "fare"] = message
    for name, limit in _TEXT_LIMITS:
        if len(getattr(segment, name).strip()) > limit:
            check.errors[key + name] = _("At most %(n)d characters, please.") % {"n": limit}
    ticketed: set[int] = set()
    for t_index, ticket in enumerate(segment.tickets):
        t_key = f"{key}tickets.{t_index}"
        if ticket.traveller not in travellers:
            check.errors[t_key] = _("This ticket is for someone who is not travelling.")
        elif ticket.traveller in ticketed:
            check.errors[t_key] = _("This person already has a ticket for this segment.")
        elif not ticket.number.strip():
            check.errors[t_key] = _("Please enter the ticket number.")
        ticketed.add(ticket.traveller)
    return departure, arrival


def _travel_time(check: _Checker, index: int, segment: Segment, taken: dt.timedelta) -> None:
    if segment.mode is not TravelMode.AIR:
        error, warning = ground_time_problems(index + 1, segment.mode, segment.origin, segment.destination, taken,
                                              check.airports)
    elif (origin := check.airports.get(segment.origin)) and (destination := check.airports.get(segment.destination)):
        error, warning = flight_time_problems(index + 1, origin, destination, taken)
    else:
        return
    if error:
        check.errors[f"segments.{index}.arrival"] = error
    elif warning:
        check.warnings[f"segments.{index}.arrival"] = warning


def _connection(check: _Checker, index: int, previous: Segment, segment: Segment,
                arrived: LocalTime, leaves: LocalTime, policy: ConnectionPolicy) -> None:
    key = f"segments.{index}.departure"
    gap = leaves.utc - arrived.utc
    values = {"number": index + 1, "previous": index, "departure": _shown(leaves), "arrival": _shown(arrived)}
    if gap < dt.timedelta(0):
        check.errors[key] = _("Segment %(number)d leaves at %(departure)s, before segment %(previous)d "
                              "arrives at %(arrival)s.") % values
        return
    other_airport = changes_airport(previous.mode, previous.destination, segment.mode, segment.origin)
    if other_airport and (message := airport_change_error(index + 1, previous.destination, segment.origin,
                                                          check.airports)):
        check.errors[f"segments.{index}.origin"] = message
        return
    if short := connection_shortfall(previous.mode, arrived.utc, segment.mode, leaves.utc, policy,
                                     other_airport=other_airport):
        gap, minimum = short
        numbers = {"minutes": gap // dt.timedelta(minutes=1), "previous": index,
                   "minimum": minimum // dt.timedelta(minutes=1)}
        check.warnings[key] = (_(
            "Only %(minutes)d minutes to get to another airport and check in again after segment %(previous)d; "
            "allow at least %(minimum)d.") if other_airport else _(
            "Only %(minutes)d minutes to connect after segment %(previous)d; allow at least %(minimum)d.")) % numbers
    if gap >= LONG_CONNECTION:
        days = gap // dt.timedelta(days=1)
        check.warnings[key] = ngettext(
            "Segment %(number)d leaves %(days)d day after segment %(previous)d arrives; please check the dates.",
            "Segment %(number)d leaves %(days)d days after segment %(previous)d arrives; please check the dates.",
            days) % {**values, "days": days}
    if other_airport:
        check.warnings[f"segments.{index}.origin"] = _(
            "Segment %(previous)d lands at %(arrival)s but segment %(number)d leaves from %(origin)s; "
            "plan the transfer between the airports.") % {
            "previous": index, "number": index + 1, "arrival": previous.destination, "origin": segment.origin}


def validate_itinerary(
    segments: Iterable[Segment],
    *,
    registered_on: dt.date,
    travellers: Iterable[Traveller],
    airports: AirportDirectory | None = None,
    connections: ConnectionPolicy = ConnectionPolicy(),
    validity: ValidityPolicy = ValidityPolicy(),
    today: dt.date | None = None,
) -> dict[str, str]:
    """Raise ``ValidationError`` listing every error; otherwise return the warnings (maybe none).

    With ``today``, a segment that leaves on a day already past is a warning (a journey made may be recorded late).

    Segments are in travel order; keys are ``segments.<index>.<field>`` and
    ``travellers.<index>.documents`` (indexes from 0; messages count from 1).
    """
    segments = tuple(segments)
    travellers = tuple(travellers)
    check = _Checker(airports or shipped_airports())
    if not segments:
        check.errors["segments"] = _("An itinerary has at least one segment.")
    if not travellers:
        check.errors["travellers"] = _("Nobody travels on this itinerary.")
    keys = frozenset(t.key for t in travellers)
    times = [_segment(check, index, segment, keys) for index, segment in enumerate(segments)]
    for index in range(1, len(segments)):
        arrived, leaves = times[index - 1][1], times[index][0]
        if arrived and leaves:
            _connection(check, index, segments[index - 1], segments[index], arrived, leaves, connections)
    first, last = (times[0][0], times[-1][1]) if times else (None, None)
    if first and first.utc.astimezone(first.zone).date() < registered_on:
        check.errors.setdefault("segments.0.departure", _(
            "The journey starts before the case was registered (%(date)s).") % {"date": format_date(registered_on)})
    for index, (leaves, _arrives) in enumerate(times):
        key = f"segments.{index}.departure"
        day = leaves.utc.astimezone(leaves.zone).date() if leaves else None
        if today is not None and day is not None and day < today and key not in check.errors:
            check.warnings.setdefault(key, _("Segment %(number)d leaves on %(date)s, a day already past; please check "
                                             "the date.") % {"number": index + 1, "date": format_date(day)})
            break  # the first such segment is enough to look again at the dates
    if first and today is not None and (start := first.utc.astimezone(first.zone).date()) > today + BOOKABLE_AHEAD:
        check.warnings.setdefault("segments.0.departure", _(
            "The journey starts on %(date)s, more than a year from today, and airlines sell tickets at most about "
            "eleven months ahead; please check the year.") % {"date": format_date(start)})
    if last:
        last_day = last.utc.astimezone(last.zone).date()
        for index, traveller in enumerate(travellers):
            error, warning = document_problems(traveller, last_day, validity)
            if error:
                check.errors[f"travellers.{index}.documents"] = error
            elif warning:
                check.warnings[f"travellers.{index}.documents"] = warning
    passages = transit_passages(segments, check.airports)
    for index, traveller in enumerate(travellers):
        for visa_index, message in visa_problems(traveller, passages).items():
            check.errors[f"travellers.{index}.visas.{visa_index}"] = message
    if check.errors:
        raise ValidationError(check.errors)
    return check.warnings


def transit_passages(segments: Iterable[Segment],
                     airports: AirportDirectory | None = None) -> dict[str, tuple[dt.date, dt.date]]:
    """Countries where a flight lands on the way (not the end), with the first and last local day there."""
    directory = airports or shipped_airports()
    segments = tuple(segments)
    passages: dict[str, tuple[dt.date, dt.date]] = {}
    for arriving, leaving in zip(segments, segments[1:]):
        airport = directory.get(arriving.destination) if arriving.mode is TravelMode.AIR else None
        if airport is None:
            continue
        first, last = arriving.arrival.date(), leaving.departure.date()
        known = passages.get(airport.country, (first, last))
        passages[airport.country] = (min(known[0], first), max(known[1], last))
    return passages


def journey_times(segment: Segment, airports: AirportDirectory | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The (departure, arrival) of a valid segment as UTC instants, for storing and sorting."""
    check = _Checker(airports or shipped_airports())
    times = []
    for key, local, place, tz in (("departure", segment.departure, segment.origin, segment.origin_tz),
                                  ("arrival", segment.arrival, segment.destination, segment.destination_tz)):
        check.place(key, segment.mode, place)
        times.append(check.instant(key, local, check.zone(key, segment.mode, place, tz)))
    if check.errors or None in times:
        raise ValidationError(check.errors)
    return times[0].utc, times[1].utc


def fare_totals(segments: Iterable[Segment]) -> tuple[Money, ...]:
    """The fares of all segments, one total per currency, in the order the currencies first appear."""
    totals: dict[str, Money] = {}
    for segment in segments:
        if segment.fare is not None:
            currency = segment.fare.currency
            totals[currency] = totals.get(currency, Money.zero(currency)) + segment.fare
    return tuple(totals.values())


def journey_of(segments: Iterable[Segment], travellers: Iterable[int]) -> tuple:
    """What confirming an itinerary confirms: who travels, and each segment's mode, places, local times and
    service. Tickets, the booking reference and the fare can change without changing the journey."""
    def place(mode: TravelMode, text: str) -> str:
        return text.strip().upper() if mode is TravelMode.AIR else text.strip().casefold()

    return (frozenset(travellers), tuple(
        (s.mode, place(s.mode, s.origin), place(s.mode, s.destination), s.departure, s.arrival,
         "" if s.mode is TravelMode.AIR else (s.origin_tz.strip(), s.destination_tz.strip()),
         s.carrier.strip().casefold(), s.service_number.strip().upper().replace(" ", ""))
        for s in segments))
