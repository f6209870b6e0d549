"""Airports by IATA code: name, city, country and IANA time zone, for itineraries.

The app ships a small list (``resources/airports.csv``) of the airports a Lithuanian AVR office books
through and to; an office can extend it by building an ``AirportDirectory`` from its own rows. A
closed airport (Kyiv Boryspil since 2022) is kept so that old itineraries still read, but cannot be
booked. Each row has the airport's latitude and longitude (taken from the MIT-licensed ``airportsdata``
list), so that a flight too fast for the distance is caught (``flight_times``).

Cities print in the document's language: a row of ``resources/airport_cities.csv`` (``language,city,name``)
first, so a translator can add or correct a name; then CLDR's exemplar city when the city is the one its
time zone is named after (Warsaw, Chisinau, but not Erbil in Asia/Baghdad); English last.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from avrcase.i18n.format import exemplar_city, utc_offset, zone_city_source

_IATA = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Airport:
    """One airport as a travel officer knows it."""

    iata: str
    name: str
    city: str
    country: str
    tz: str
    closed: bool = False
    #: Where it is (degrees north and east), for the distance a flight covers; ``None`` when not known.
    lat: float | None = None
    lon: float | None = None


def is_iata_code(code: str) -> bool:
    """True for three capital letters, the shape of an IATA airport code."""
    return bool(_IATA.match(code))


class AirportDirectory:
    """Look-up of airports by IATA code (case-insensitive)."""

    def __init__(self, airports: Iterable[Airport]):
        self._by_code: Mapping[str, Airport] = {a.iata.upper(): a for a in airports}

    def get(self, code: str) -> Airport | None:
        """The airport with this code, or ``None`` when the code is not in the directory."""
        return self._by_code.get(code.strip().upper())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def __len__(self) -> int:
        return len(self._by_code)

    def codes(self) -> list[str]:
        """Every code, sorted, for pickers and tests."""
        return sorted(self._by_code)

    @classmethod
    def from_csv(cls, text: str) -> AirportDirectory:
        """Read ``iata,name,city,country,tz,closed,lat,lon`` rows (header first); ``closed`` is 1 or empty,
        ``lat``/``lon`` may be left out or empty."""
        rows = csv.DictReader(io.StringIO(text))
        return cls(
            Airport(
                iata=row["iata"].strip().upper(),
                name=row["name"].strip(),
                city=row["city"].strip(),
                country=row["country"].strip().upper(),
                tz=row["tz"].strip(),
                closed=(row.get("closed") or "").strip() in ("1", "true", "yes"),
                lat=_degrees(row.get("lat")),
                lon=_degrees(row.get("lon")),
            )
            for row in rows
        )


def _degrees(text: str | None) -> float | None:
    return float(text) if text and text.strip() else None


@lru_cache(maxsize=1)
def shipped_airports() -> AirportDirectory:
    """The directory shipped with the app (read once)."""
    text = (resources.files("avrcase.resources") / "airports.csv").read_text(encoding="utf-8")
    return AirportDirectory.from_csv(text)


# ---------------------------------------------------------------- city names in a document's language


@lru_cache(maxsize=1)
def _city_table() -> Mapping[tuple[str, str], str]:
    text = (resources.files("avrcase.resources") / "airport_cities.csv").read_text(encoding="utf-8")
    return {(row["language"].strip(), row["city"].strip()): row["name"].strip() for row in csv.DictReader(io.StringIO(text))}


def shipped_city_names(lang: str) -> Mapping[str, str]:
    """The shipped table's names in ``lang``, by English city name (for tests and translators)."""
    return {city: name for (code, city), name in _city_table().items() if code == lang}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("_", " ").strip()


def is_zone_city(city: str, zone: str) -> bool:
    """Whether ``city`` is the city its time zone is named after ("Chisinau" in Europe/Chisinau)."""
    source = zone_city_source(zone) if zone else ""
    return bool(source) and _plain(city) in (_plain(source), _plain(zone.rsplit("/", 1)[-1]))


def city_in(city: str, zone: str, lang: str) -> str:
    """``city`` (its English name) in ``lang``: the shipped table, CLDR for a zone's own city, else as given."""
    language = lang.split("_")[0]
    if named := _city_table().get((language, city)):
        return named
    if is_zone_city(city, zone) and (named := exemplar_city(zone, language)):
        return named
    return city


def city_name(airport: Airport, lang: str) -> str:
    """The airport's city in ``lang`` ("Varšuva" for WAW in Lithuanian)."""
    return city_in(airport.city, airport.tz, lang)


def zone_label(instant: dt.datetime, zone: str, lang: str, city: str = "") -> str:
    """The clock at a place as a person reads it: a city and the offset at ``instant`` ("Vilnius, UTC+2").

    ``city`` (already in ``lang``) is the place's own, for an airport: Erbil shows "Erbilis, UTC+3", not the
    zone's namesake Baghdad. Without it the zone's own city is named; a zone named after none gives the offset.
    """
    try:
        tz = ZoneInfo(zone) if zone else dt.timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return zone
    offset = utc_offset(instant.astimezone(tz))
    source = zone_city_source(zone) if zone else ""
    city = city or (city_in(source, zone, lang) if source else "")
    return f"{city}, {offset}" if city else offset
