"""Airports by IATA code: name, city, country and IANA time zone, for itineraries.

The app ships a small list (``resources/airports.csv``) of the airports a Lithuanian AVR office books
through and to; an office can extend it by building an ``AirportDirectory`` from its own rows. A
closed airport (Kyiv Boryspil since 2022) is kept so that old itineraries still read, but cannot be
booked.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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
        """Read ``iata,name,city,country,tz,closed`` rows (header first); ``closed`` is 1 or empty."""
        rows = csv.DictReader(io.StringIO(text))
        return cls(
            Airport(
                iata=row["iata"].strip().upper(),
                name=row["name"].strip(),
                city=row["city"].strip(),
                country=row["country"].strip().upper(),
                tz=row["tz"].strip(),
                closed=row.get("closed", "").strip() in ("1", "true", "yes"),
            )
            for row in rows
        )


@lru_cache(maxsize=1)
def shipped_airports() -> AirportDirectory:
    """The directory shipped with the app (read once)."""
    text = (resources.files("avrcase.resources") / "airports.csv").read_text(encoding="utf-8")
    return AirportDirectory.from_csv(text)
