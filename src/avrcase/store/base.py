"""The declarative base with a naming convention, and column types shared by every model."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; constraint names are stable so batch migrations can find them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """An instant stored as naive UTC and always returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc)


class NowSource(Protocol):
    """Anything with ``now()`` giving an aware instant: ``services.clock.Clock`` (the store cannot import services)."""

    def now(self) -> dt.datetime: ...


#: Execution option carrying the app's clock (``services.clock``); timestamp defaults read it.
CLOCK_OPTION = "avrcase_clock"


def utcnow(context) -> dt.datetime:
    """Column default: now, as an aware UTC instant, from the clock the unit of work runs with.

    There is no wall-clock fallback: a write outside a unit of work with a clock is a bug, and fails.
    """
    clock = context.execution_options.get(CLOCK_OPTION)
    if clock is None:
        raise RuntimeError("no clock on this connection; open it through services.uow.unit_of_work")
    return clock.now()
