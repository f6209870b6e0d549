"""Minimum connection times, and whether the next flight leaves from the airport the last one landed at.

Two flights that do not meet at one airport connect only within a city (IST and SAW, WAW and WMI): the
traveller crosses town and checks in again, which takes longer than a transfer. Between two cities a
segment is missing (the bus, the train), so the itinerary cannot be right as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from avrcase.domain.airports import AirportDirectory, city_name
from avrcase.domain.travel import TravelMode
from avrcase.i18n import _, current_locale

_DEFAULT_CONNECTIONS = MappingProxyType({
    (True, True): dt.timedelta(minutes=45),
    (True, False): dt.timedelta(minutes=60),
    (False, True): dt.timedelta(minutes=120),
    (False, False): dt.timedelta(minutes=15),
})


#: From a flight landing at one airport to a flight leaving from another (IST – SAW, LHR – LGW): the way across
#: town, then check-in and security once more; airlines' own minimum times for such a change are 3–5 hours.
AIRPORT_CHANGE = dt.timedelta(minutes=180)


@dataclass(frozen=True)
class ConnectionPolicy:
    """Minimum connection times keyed by (previous leg is a flight, next leg is a flight); none if absent.
    ``airport_change``: between two flights when the second leaves from another airport than the first landed at."""

    minimum: Mapping[tuple[bool, bool], dt.timedelta] = field(default_factory=lambda: _DEFAULT_CONNECTIONS)
    airport_change: dt.timedelta = AIRPORT_CHANGE

    def between(self, previous: TravelMode, following: TravelMode, *, other_airport: bool = False) -> dt.timedelta:
        """The minimum time between arriving by ``previous`` and leaving by ``following`` (``other_airport``: two
        flights, the second from another airport)."""
        same = self.minimum.get((previous is TravelMode.AIR, following is TravelMode.AIR), dt.timedelta(0))
        if other_airport and previous is TravelMode.AIR and following is TravelMode.AIR:
            return max(same, self.airport_change)
        return same


def changes_airport(previous: TravelMode, landed_at: str, following: TravelMode, leaves_from: str) -> bool:
    """True when a flight lands at one airport and the next flight leaves from another."""
    return (previous is TravelMode.AIR and following is TravelMode.AIR
            and landed_at.strip().upper() != leaves_from.strip().upper())


def connection_shortfall(previous: TravelMode, arrived: dt.datetime, following: TravelMode, leaves: dt.datetime,
                         policy: ConnectionPolicy = ConnectionPolicy(), *,
                         other_airport: bool = False) -> tuple[dt.timedelta, dt.timedelta] | None:
    """(gap, minimum) when a connection is possible but shorter than ``policy`` allows; ``None`` otherwise.
    ``other_airport``: the next flight leaves from another airport than the last one landed at."""
    gap, minimum = leaves - arrived, policy.between(previous, following, other_airport=other_airport)
    return (gap, minimum) if dt.timedelta(0) <= gap < minimum else None


def airport_change_error(number: int, landed_at: str, leaves_from: str, airports: AirportDirectory) -> str:
    """The error when segment ``number`` (from 1) flies from another city than segment ``number - 1`` landed in;
    empty within one city (or when an airport is unknown, which is an error of its own)."""
    landed, leaving = airports.get(landed_at), airports.get(leaves_from)
    if landed is None or leaving is None or landed.city.casefold() == leaving.city.casefold():
        return ""
    return _("Segment %(previous)d lands at %(arrival)s (%(arrival_city)s), but segment %(number)d leaves from "
             "%(origin)s (%(origin_city)s). Please add the journey between them as a segment.") % {
        "previous": number - 1, "number": number, "arrival": landed.iata, "origin": leaving.iata,
        "arrival_city": city_name(landed, current_locale()), "origin_city": city_name(leaving, current_locale())}
