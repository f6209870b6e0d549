"""Property tests for the itinerary validator over generated chains of flights in real time zones."""

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from avrcase.domain.airports import shipped_airports
from avrcase.domain.errors import ValidationError
from avrcase.domain.flight_times import distance_km, fastest_usual
from avrcase.domain.itinerary import Segment, to_utc, validate_itinerary
from avrcase.domain.travel import TravelMode
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
    Traveller,
)

UTC = dt.timezone.utc
REGISTERED = dt.date(2026, 1, 1)
TRAVELLER = Traveller(1, "Ana Beridze", (TravelDocument(
    TravelDocumentKind.PASSPORT, TravelDocumentStatus.HANDED_OVER, "P1", expires_on=dt.date(2035, 1, 1)),))
OPEN_AIRPORTS = [a for a in (shipped_airports().get(c) for c in shipped_airports().codes()) if not a.closed]

AIRPORTS = st.sampled_from(OPEN_AIRPORTS)
STARTS = st.datetimes(min_value=dt.datetime(2026, 1, 2), max_value=dt.datetime(2028, 12, 31))
LONGEST = 16 * 60  # minutes: longer than any flight between the shipped airports needs
GAPS = st.integers(min_value=45, max_value=3 * 24 * 60).map(lambda m: dt.timedelta(minutes=m))


def local(instant: dt.datetime, tz: str) -> dt.datetime:
    """The timetable time of a UTC instant; an hour that happens twice cannot name the instant alone."""
    zone = ZoneInfo(tz)
    naive = instant.astimezone(zone).replace(tzinfo=None)
    resolved = to_utc(naive, zone)
    assume(not resolved.ambiguous and resolved.utc == instant)
    return naive


@st.composite
def flights(draw, min_size=1, max_size=5):
    """A chain of flights, each leaving from where the last landed, each at least as long as timetables fly its
    distance, with at least 45 minutes between."""
    count = draw(st.integers(min_size, max_size))
    places = [draw(AIRPORTS)]
    for _ in range(count):
        places.append(draw(AIRPORTS.filter(lambda a, last=places[-1]: a.iata != last.iata)))
    leaves = draw(STARTS).replace(tzinfo=UTC)
    chain = []
    for origin, destination in zip(places, places[1:]):
        least = math.ceil(fastest_usual(distance_km(origin, destination)) / dt.timedelta(minutes=1))
        lands = leaves + dt.timedelta(minutes=draw(st.integers(min_value=least, max_value=LONGEST)))
        chain.append(Segment(TravelMode.AIR, origin.iata, destination.iata,
                             local(leaves, origin.tz), local(lands, destination.tz)))
        leaves = lands + draw(GAPS)
    return chain


def validate(chain):
    return validate_itinerary(chain, registered_on=REGISTERED, travellers=[TRAVELLER])


@settings(deadline=None)
@given(flights())
def test_chains_with_positive_durations_and_enough_time_between_are_accepted_without_warnings(chain):
    assert validate(chain) == {}


@settings(deadline=None)
@given(flights(), st.data(), st.integers(min_value=1, max_value=12 * 60))
def test_a_segment_that_lands_before_it_leaves_in_utc_is_rejected_by_number(chain, data, minutes_early):
    index = data.draw(st.integers(0, len(chain) - 1))
    segment = chain[index]
    airports = shipped_airports()
    origin, destination = airports.get(segment.origin), airports.get(segment.destination)
    left = to_utc(segment.departure, ZoneInfo(origin.tz)).utc
    broken = Segment(TravelMode.AIR, segment.origin, segment.destination, segment.departure,
                     local(left - dt.timedelta(minutes=minutes_early), destination.tz))
    chain[index] = broken
    with pytest.raises(ValidationError) as err:
        validate(chain)
    assert list(err.value.errors) == [f"segments.{index}.arrival"]
    assert err.value.errors[f"segments.{index}.arrival"].startswith(
        f"Segment {index + 1} ({segment.origin} → {segment.destination}) arrives at")


@settings(deadline=None)
@given(AIRPORTS, STARTS)
def test_a_timetable_time_names_one_instant_unless_the_clocks_went_back(airport, start):
    zone = ZoneInfo(airport.tz)
    instant = start.replace(tzinfo=UTC)
    naive = instant.astimezone(zone).replace(tzinfo=None)
    resolved = to_utc(naive, zone)
    assert resolved.utc == instant or resolved.ambiguous
    assert resolved.utc <= instant
