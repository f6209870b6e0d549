"""The one clock: ``now()`` as an aware UTC instant, ``today()`` in the office's time zone.

Nothing else in ``src/`` reads the wall clock (a test greps for it). The app and the CLI build a
``SystemClock`` once at start-up and attach it to the engine; every unit of work hands it on through
``session.info`` (``clock_of(session)``) and the models' timestamp defaults. Tests use a ``FixedClock``.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from avrcase.store.base import CLOCK_OPTION

#: The office's time zone when its profile names none (the demo office is in Vilnius).
DEFAULT_ZONE = "Europe/Vilnius"
#: ``session.info`` key of the unit of work's clock; ``_OFFICE_KEY`` caches it in the office's zone.
SESSION_KEY = "avrcase_clock"
_OFFICE_KEY = "avrcase_office_clock"


def zone_named(name: str | None) -> ZoneInfo:
    """The IANA zone ``name``; ``DEFAULT_ZONE`` when empty or unknown (a store moved to an older tz database)."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def is_known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows (``Europe/Vilnius``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)


class Clock(ABC):
    """Where "now" and "today" come from. ``zone`` decides which calendar day ``today()`` is."""

    def __init__(self, zone: ZoneInfo | str | None = None):
        self.zone = zone if isinstance(zone, ZoneInfo) else zone_named(zone)

    @abstractmethod
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware in UTC."""

    def local_now(self) -> dt.datetime:
        """The current instant as wall time in ``zone`` (aware)."""
        return self.now().astimezone(self.zone)

    def today(self) -> dt.date:
        """The calendar day it is in ``zone`` (in Vilnius at 00:30 on 1 January it is already the new year)."""
        return self.local_now().date()

    def in_zone(self, zone: ZoneInfo | str | None) -> Clock:
        """The same time source, with ``today()`` taken in ``zone``."""
        return _Zoned(self, zone)


class SystemClock(Clock):
    """The computer's clock: what the app and the CLI use."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)


class FixedClock(Clock):
    """A clock that stands still until moved; tests use it so results never depend on the day they run."""

    def __init__(self, instant: dt.datetime, zone: ZoneInfo | str | None = None):
        super().__init__(zone)
        self.set(instant)

    def set(self, instant: dt.datetime) -> None:
        """Stand still at ``instant`` (aware; a naive one is taken as wall time in ``zone``)."""
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=self.zone)
        self._instant = instant.astimezone(dt.timezone.utc)

    def advance(self, delta: dt.timedelta) -> None:
        """Move forward by ``delta`` (backwards when negative)."""
        self._instant += delta

    def now(self) -> dt.datetime:
        return self._instant


class _Zoned(Clock):
    """Another clock's time, seen from a different zone."""

    def __init__(self, source: Clock, zone: ZoneInfo | str | None):
        super().__init__(zone)
        self._source = source.source if isinstance(source, _Zoned) else source

    @property
    def source(self) -> Clock:
        return self._source

    def now(self) -> dt.datetime:
        return self._source.now()


def system_clock() -> Clock:
    """The clock the app and the CLI build once at start-up (tests replace this factory with a fixed clock)."""
    return SystemClock()


def with_clock(engine: Engine, clock: Clock) -> Engine:
    """``engine`` carrying ``clock``: every unit of work on it takes time from ``clock``."""
    return engine.execution_options(**{CLOCK_OPTION: clock})


def engine_clock(engine: Engine) -> Clock:
    """The clock attached to ``engine`` by ``with_clock``, else a system clock."""
    clock = engine.get_execution_options().get(CLOCK_OPTION)
    return clock if isinstance(clock, Clock) else system_clock()


def clock_of(session: Session) -> Clock:
    """The unit of work's clock, with ``today()`` in the office's time zone (from the office profile)."""
    cached = session.info.get(_OFFICE_KEY)
    if cached is not None:
        return cached
    from avrcase.store.models import OfficeProfile

    base = session.info.get(SESSION_KEY)
    if not isinstance(base, Clock):
        bind = session.get_bind()
        base = engine_clock(bind if isinstance(bind, Engine) else bind.engine)
        session.info[SESSION_KEY] = base
    with session.no_autoflush:  # asking the time must not write pending changes as a side effect
        zone = session.scalar(select(OfficeProfile.time_zone).where(OfficeProfile.id == 1))
    clock = base.in_zone(zone)
    session.info[_OFFICE_KEY] = clock
    return clock


def note_office_zone(session: Session, zone: str | None) -> None:
    """The office's time zone as the unit of work read it with the office profile (as stored): ``clock_of`` then
    does not ask the store again (a document reads the profile, then the time: one trip to the server, #14)."""
    if _OFFICE_KEY not in session.info:
        base = session.info.get(SESSION_KEY)
        if isinstance(base, Clock):  # a unit of work's (``unit_of_work`` sets it); else clock_of works it out
            session.info[_OFFICE_KEY] = base.in_zone(zone)


def forget_office_zone(session: Session) -> None:
    """Drop the cached office clock after the office's time zone changed within this unit of work."""
    session.info.pop(_OFFICE_KEY, None)
