"""What the finance and reintegration parts of the demo share: the demo projects, the cases they read
back, bulk row writing and small helpers for instants and amounts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from avrcase.domain.money import Money
from avrcase.domain.stages import Stage

UTC = dt.timezone.utc


S = Stage


@dataclass(frozen=True)
class DemoProject:
    """A demo project: its rates in whole euros and which invented project labels it takes over."""

    name: str
    funder: str
    rates: tuple[int, int, int, int]                # per adult, per child, per vulnerable person, household cap
    reintegration: tuple[int, int]                  # per person, per household
    takes: tuple[str, ...]                          # words of the case's project label that put it here


PROJECTS = (
    DemoProject("Return Home", "Asylum, Migration and Integration Fund (AMIF)", (400, 200, 150, 1600), (1500, 4000),
                ()),
    DemoProject("Assisted Voluntary Return for Vulnerable Persons", "Ministry of the Interior of Lithuania",
                (500, 250, 300, 2000), (2000, 5000), ("Vulnerable",)),
    DemoProject("Reintegration: A Future in Homeland", "European Return and Reintegration Network",
                (300, 150, 100, 1200), (3000, 6000), ("Reintegration",)),
)


@dataclass
class DemoCase:
    """What the finance demo needs to know of one case."""

    id: int
    stage: Stage
    country: str
    project: int = 0
    moves: dict[Stage, dt.date] = field(default_factory=dict)
    births: list[dt.date | None] = field(default_factory=list)
    vulnerable: int = 0
    departure: dt.date | None = None


#: Cases read back at a time by the travel and finance parts (in id order, so the result is the same).
CASES_PER_BATCH = 1_000


def case_id_ranges(session: Session, size: int | None = None):
    """``(first, last)`` id ranges covering every case in id order, ``size`` ids each (default ``CASES_PER_BATCH``)."""
    from avrcase.store.models import Case  # the models import nothing of the demo: no circle, but kept local

    size = size or CASES_PER_BATCH
    low, high = session.execute(select(func.min(Case.id), func.max(Case.id))).one()
    if low is None:
        return
    for first in range(low, high + 1, size):
        yield first, min(high, first + size - 1)


#: Queued demo rows are inserted once this many wait (the ids are handed out before, so the store is the same).
ROWS_PER_FLUSH = 5_000


def insert_rows(session: Session, model, rows: list[dict]) -> None:
    """Core executemany of ``rows`` into ``model``'s table, every row with the same keys (defaults filled in)."""
    defaults = {c.key: c.default.arg if c.default is not None and c.default.is_scalar else None
                for c in model.__table__.columns if c.key != "id"}
    session.execute(insert(model.__table__), [{**defaults, **row} for row in rows])


class Rows:
    """Rows to insert per model, with ids handed out here (continuing after the store's highest)."""

    def __init__(self, session: Session, models):
        self._next = {m: (session.scalar(select(func.max(m.id))) or 0) + 1 for m in models}
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.written: dict[type, int] = defaultdict(int)

    def count(self, model) -> int:
        """Rows of ``model`` written or queued so far."""
        return self.written[model] + len(self.rows[model])

    def flush_if_full(self, session: Session) -> None:
        """Insert what is queued once it is many rows (between cases), so memory stays flat at any size (#14)."""
        if sum(len(rows) for rows in self.rows.values()) >= ROWS_PER_FLUSH:
            self._flush(session)

    def add(self, model, **values) -> int:
        """Queue a row for ``model``; returns its id."""
        row_id = self._next[model]
        self._next[model] += 1
        self.rows[model].append({"id": row_id, **values})
        return row_id

    def _flush(self, session: Session) -> None:
        for model, rows in self.rows.items():
            if rows:
                insert_rows(session, model, rows)
                self.written[model] += len(rows)
                rows.clear()

    def write(self, session: Session) -> None:
        """Insert everything queued, parents first, every row of a model with the same keys."""
        self._flush(session)
        if session.get_bind().dialect.name == "postgresql":
            for model in self._next:
                table = model.__table__.name
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT coalesce(max(id), 1) FROM {table}))"))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A deterministic instant on ``day`` (UTC), for the demo's recorded-at columns."""
    return dt.datetime.combine(day, dt.time(hour), UTC)


def euros(amount: Decimal | int) -> Money:
    """An amount in euro."""
    return Money(amount, "EUR")
