"""How long a flight between two airports can take, from the great-circle distance between them.

A time typed wrong (the arrival in the departure's time zone, 09:10 for 19:10, a wrong day) often still
"arrives after it departs", yet no aircraft could fly it. The bounds are generous so that no real timetable
is refused:

* an error below what even a record flight does: 1,200 km/h over the ground (the fastest New York–London
  crossings, with a jet stream of 300 km/h behind them, averaged about 1,130 km/h) plus 10 minutes to take
  off and land;
* a warning below what a timetable prints for the fastest airliner: about 950 km/h in cruise plus a
  quarter of an hour to climb, descend and taxi;
* a warning above 22 hours: no airliner flies longer without landing (the longest, Singapore–New York,
  is timetabled about 19 hours), so a wrong day is more likely.
"""

from __future__ import annotations

import datetime as dt
import math

from avrcase.domain.airports import Airport
from avrcase.i18n import _
from avrcase.i18n.format import format_number

EARTH_RADIUS_KM = 6371.0
RECORD_SPEED_KMH = 1200.0
RECORD_GROUND_TIME = dt.timedelta(minutes=10)
CRUISE_SPEED_KMH = 950.0
CLIMB_AND_LANDING = dt.timedelta(minutes=15)
LONGEST_FLIGHT = dt.timedelta(hours=22)


def distance_km(origin: Airport, destination: Airport) -> float | None:
    """The great-circle distance between two airports (haversine), ``None`` when a position is not known."""
    if origin.lat is None or origin.lon is None or destination.lat is None or destination.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (origin.lat, origin.lon, destination.lat, destination.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def fastest_possible(km: float) -> dt.timedelta:
    """Less than this, no flight covers ``km``: a record ground speed and the least time on the runways."""
    return dt.timedelta(hours=km / RECORD_SPEED_KMH) + RECORD_GROUND_TIME


def fastest_usual(km: float) -> dt.timedelta:
    """What a timetable prints at the least for ``km``: cruise speed plus climbing and landing."""
    return dt.timedelta(hours=km / CRUISE_SPEED_KMH) + CLIMB_AND_LANDING


def span(delta: dt.timedelta) -> str:
    """A duration as a person reads it: "45 min", "2 h 05 min"."""
    minutes = max(0, round(delta / dt.timedelta(minutes=1)))
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(hours)d h %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def flight_time_problems(number: int, origin: Airport, destination: Airport,
                         flown: dt.timedelta) -> tuple[str, str]:
    """(error, warning) for a flight of segment ``number`` (from 1) that takes ``flown``; empty when plausible."""
    route = f"{origin.iata} → {destination.iata}"
    if flown > LONGEST_FLIGHT:
        return "", _("Segment %(number)d (%(route)s) would be in the air for %(flown)s; no flight is that long "
                     "without landing. Please check the dates.") % {
            "number": number, "route": route, "flown": span(flown)}
    km = distance_km(origin, destination)
    if km is None or flown <= dt.timedelta(0):
        return "", ""
    values = {"number": number, "route": route, "flown": span(flown), "km": format_number(round(km))}
    if flown < fastest_possible(km):
        return _("Segment %(number)d (%(route)s) would fly %(km)s km in %(flown)s; no flight is that fast "
                 "(it takes at least %(least)s). Please check the times: each one is the local time at its "
                 "airport.") % {**values, "least": span(fastest_possible(km))}, ""
    if flown < fastest_usual(km):
        return "", _("Segment %(number)d (%(route)s) flies %(km)s km in %(flown)s; flights usually take at least "
                     "%(least)s. Please check the times against the ticket.") % {
            **values, "least": span(fastest_usual(km))}
    return "", ""
