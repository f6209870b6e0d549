"""The unit of work: one session per user action, committed on success, rolled back on any error.

Only ``ui/ops.py`` and ``cli.py`` open one. Database failures leave here as ``StoreError`` or
``ConflictError`` with a message a person can act on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from sqlalchemy import Engine, text
from sqlalchemy.pool import QueuePool
from sqlalchemy.exc import DatabaseError, IntegrityError, InvalidRequestError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from avrcase.domain.errors import ConflictError, StoreError
from avrcase.i18n import _
from avrcase.services import audit, live_changes, outgoing
from avrcase.services import store_upgrades  # noqa: F401  (puts each schema upgrade on the audit trail)
from avrcase.services.clock import SESSION_KEY, Clock, clock_of, engine_clock
from avrcase.services.dto import Actor
from avrcase.store.base import CLOCK_OPTION
from avrcase.store.engine import WRITE_OPTION

T = TypeVar("T")

#: Who signed in to this command-line run; units of work opened without ``actor`` act as them.
signed_in: ContextVar[Actor | None] = ContextVar("avrcase_signed_in", default=None)


@contextmanager
def unit_of_work(engine: Engine, *, write: bool = True, actor: Actor | None = None,
                 clock: Clock | None = None, transaction: bool = True) -> Iterator[Session]:
    """Open a session for one action; ``write=False`` for look-ups that change nothing.

    ``actor`` is who acts, named in the audit trail for every change the session makes. A read-only
    unit of work changes nothing, but what it put on record (a case file opened) is written after it.
    ``clock`` (default: the one attached to ``engine``) is where the session takes "now" and "today" from:
    ``services.clock.clock_of(session)``, and the models' timestamp defaults. ``transaction=False`` (a read that
    needs no transaction of its own: a page of a list) runs each statement on its own on PostgreSQL, whose reads
    see what was committed when each statement began either way: no BEGIN and ROLLBACK trips around it (#14).
    """
    clock = clock if clock is not None else engine_clock(engine)
    options: dict = {CLOCK_OPTION: clock, WRITE_OPTION: write}  # said either way: a writer's bind may be passed on
    if not transaction and not write and engine.dialect.name == "postgresql":
        options["isolation_level"] = "AUTOCOMMIT"
    bind = engine.execution_options(**options)
    session = Session(bind, expire_on_commit=False, autoflush=True)
    actor = actor if actor is not None else signed_in.get()
    session.info[audit.ACTOR_KEY] = actor
    session.info[SESSION_KEY] = clock
    if write:
        live_changes.watch(session)  # the other computers on the office server hear of it on commit
    try:
        yield session
        if write:
            live_changes.announce(session)
            session.commit()
        else:
            pending = audit.take_pending(session)
            files = outgoing.take(session)  # written once what records them is committed
            session.rollback()
            if pending or files:
                with unit_of_work(engine, actor=actor, clock=clock) as writer:
                    audit.write_pending(writer, pending)
                    outgoing.hand_over(writer, files)
    except StaleDataError as exc:
        session.rollback()
        raise ConflictError(
            _("Someone else changed this record after you opened it. Nothing was saved; reopen it and try again.")
        ) from exc
    except OperationalError as exc:
        session.rollback()
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise StoreError(_("The store is busy with another window or computer; please try again in a moment.")) from exc
        if "disk" in text and "full" in text:
            raise StoreError(_("The disk is full; nothing was saved. Free some space and try again.")) from exc
        raise StoreError(_("The store could not be used: %(reason)s") % {"reason": exc.orig}) from exc
    except IntegrityError as exc:
        session.rollback()
        raise StoreError(_("The change conflicts with data already in the store; nothing was saved.")) from exc
    except DatabaseError as exc:
        session.rollback()
        raise StoreError(_("The store is damaged or not an avrcase store: %(reason)s") % {"reason": exc.orig}) from exc
    except BaseException:
        try:
            session.rollback()
        except InvalidRequestError:  # committed already: a file written after the commit failed (``outgoing``)
            pass
        raise
    finally:
        session.close()


def office_clock(engine: Engine, clock: Clock | None = None) -> Clock:
    """``clock`` (default: the engine's) with ``today()`` in the office's time zone, for front ends that need
    a day outside a service."""
    with unit_of_work(engine, write=False, clock=clock) as session:
        return clock_of(session)


def read_in_parallel(session: Session, jobs: Sequence[Callable[[Session], T]], *, workers: int = 2) -> Iterator[T]:
    """The results of read-only ``jobs``, in order, each run in a read-only unit of work of its own (with the
    actor and clock of ``session``), ``workers`` at a time: the store answers several queries at once (#14).

    In ``session`` itself, one after the other, where the store cannot open more connections to the same data
    (in-memory SQLite) or ``workers`` is 1. Each job sees the store as committed when it starts. Leaving the
    loop early (an error, a cancel) cancels the jobs not started and waits for the running ones.

    On PostgreSQL each job's statements run without parallel workers of their own: the jobs already keep
    ``workers`` server processes busy, and a parallel plan for each of them as well booked every core two and
    three times over (the dashboard's year on the test server, 2 cores: 345 ms against 246 ms without them).
    """
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    if workers < 2 or len(jobs) < 2 or not isinstance(engine.pool, QueuePool):
        for job in jobs:
            yield job(session)
        return
    actor, clock = session.info.get(audit.ACTOR_KEY), session.info.get(SESSION_KEY)

    postgres = engine.dialect.name == "postgresql"

    def run(job: Callable[[Session], T]) -> T:
        with unit_of_work(engine, write=False, actor=actor, clock=clock) as own:
            if postgres:
                own.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
            return job(own)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="avrcase-read")
    try:
        futures = [pool.submit(run, job) for job in jobs]
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
