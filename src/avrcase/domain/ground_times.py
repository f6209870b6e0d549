"""How long a bus, train or car leg between two cities can take, as ``flight_times`` does for flights.

A time typed wrong (the arrival on the wrong day, 09:10 for 19:10) still "arrives after it departs", yet no
bus could cover the way: 2,000 km by bus in an hour was accepted. A leg's places are free text; when each
begins with the name of a city of the airport directory as the office writes it, in English, Lithuanian or
Russian ("Vilnius", "Minsk, central bus station", "Varšuva", "Минск"; not other languages' names: a Turkish
"Frankfurt" would take Frankfurt (Oder) for Frankfurt am Main), the distance is the straight line between the
cities' airports less ``PLACE_SLACK_KM`` (a station is not at the airport; with two airports, the nearest pair),
so the roads' detours only make the true speed higher. Other places are not checked. Top speeds are averages
over that straight line, generous so that no real timetable is refused; like a flight's, the check is

* an error above what the vehicle cannot beat: a coach 100 km/h (its speed limiter, EU Directive 92/6), a car
  130 km/h (the highest motorway limit on the way), a train 320 km/h (no scheduled train averages more;
  Beijing–Shanghai, the fastest, about 250 km/h in a straight line);
* a warning (the officer may save anyway) above what timetables usually show: a coach 70 km/h, a car 90 km/h,
  a train 200 km/h.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

from avrcase.domain.airports import Airport, AirportDirectory, city_name
from avrcase.domain.flight_times import distance_km, span
from avrcase.domain.travel import TravelMode
from avrcase.i18n import _
from avrcase.i18n.format import format_number

#: (usual, fastest) average speed in km/h over the straight line, by mode.
TOP_SPEEDS_KMH = {TravelMode.BUS: (70.0, 100.0), TravelMode.CAR: (90.0, 130.0), TravelMode.TRAIN: (200.0, 320.0)}
#: Taken off the distance between two cities' airports: where in a city a station or a pick-up is.
PLACE_SLACK_KM = 50.0
#: The languages a place's city may be written in (the interface's): ``airport_cities.csv``, CLDR, English.
NAME_LANGUAGES = ("en", "lt", "ru")
_WORD_END = re.compile(r"\W")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@lru_cache(maxsize=4)
def _cities(airports: AirportDirectory) -> tuple[tuple[str, tuple[Airport, ...]], ...]:
    """Every name of every city (folded), longest first, with the city's airports."""
    by_name: dict[str, list[Airport]] = {}
    for code in airports.codes():
        airport = airports.get(code)
        assert airport is not None
        if airport.lat is None or airport.lon is None:
            continue
        names = {airport.city, *(city_name(airport, lang) for lang in NAME_LANGUAGES)}
        for name in {_folded(n) for n in names if n.strip()}:
            by_name.setdefault(name, []).append(airport)
    return tuple(sorted(((n, tuple(a)) for n, a in by_name.items()), key=lambda item: -len(item[0])))


def city_airports(place: str, airports: AirportDirectory) -> tuple[Airport, ...]:
    """The airports of the city a place's text begins with ("Minsk, central bus station"); none when unknown."""
    text = _folded(place)
    for name, found in _cities(airports):
        if text == name or (text.startswith(name) and _WORD_END.match(text, len(name))):
            return found
    return ()


def ground_time_problems(number: int, mode: TravelMode, origin: str, destination: str, taken: dt.timedelta,
                         airports: AirportDirectory) -> tuple[str, str]:
    """(error, warning) for a bus, train or car leg ``number`` (from 1) that takes ``taken``; empty when plausible
    or when a place is not a city we know."""
    speeds = TOP_SPEEDS_KMH.get(mode)
    starts, ends = city_airports(origin, airports), city_airports(destination, airports)
    if speeds is None or not starts or not ends or taken <= dt.timedelta(0):
        return "", ""
    km = min(d for a in starts for b in ends if (d := distance_km(a, b)) is not None) - PLACE_SLACK_KM
    if km <= 0:
        return "", ""
    usual, fastest = speeds
    values = {"number": number, "route": f"{origin.strip()} → {destination.strip()}", "km": format_number(round(km)),
              "taken": span(taken)}
    if taken < (least := _whole_minutes(km / fastest)):
        return _IMPOSSIBLE[mode]() % {**values, "least": span(least), "top": format_number(round(fastest))}, ""
    if taken < (least := _whole_minutes(km / usual)):
        return "", _UNUSUAL[mode]() % {**values, "least": span(least)}
    return "", ""


def _whole_minutes(hours: float) -> dt.timedelta:
    """``hours`` down to the minute, so a leg is never said to take less than the "at least" it is shown."""
    return dt.timedelta(minutes=math.floor(hours * 60))


_IMPOSSIBLE = {
    TravelMode.BUS: lambda: _(
        "Segment %(number)d (%(route)s) would go at least %(km)s km by bus in %(taken)s; no coach is that fast (at "
        "most %(top)s km/h, it takes at least %(least)s). Please check the times: each one is the local time at its "
        "place."),
    TravelMode.CAR: lambda: _(
        "Segment %(number)d (%(route)s) would go at least %(km)s km by car in %(taken)s; no car on the road is that "
        "fast (at most %(top)s km/h, it takes at least %(least)s). Please check the times: each one is the local "
        "time at its place."),
    TravelMode.TRAIN: lambda: _(
        "Segment %(number)d (%(route)s) would go at least %(km)s km by train in %(taken)s; no train is that fast (at "
        "most %(top)s km/h, it takes at least %(least)s). Please check the times: each one is the local time at its "
        "place."),
}
_UNUSUAL = {
    TravelMode.BUS: lambda: _(
        "Segment %(number)d (%(route)s) goes at least %(km)s km by bus in %(taken)s; coaches usually take at least "
        "%(least)s. Please check the times against the ticket."),
    TravelMode.CAR: lambda: _(
        "Segment %(number)d (%(route)s) goes at least %(km)s km by car in %(taken)s; a drive usually takes at least "
        "%(least)s. Please check the times."),
    TravelMode.TRAIN: lambda: _(
        "Segment %(number)d (%(route)s) goes at least %(km)s km by train in %(taken)s; trains usually take at least "
        "%(least)s. Please check the times against the ticket."),
}
