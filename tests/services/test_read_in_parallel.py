"""``uow.read_in_parallel``: independent read-only queries of one action, two at a time (the dashboard, #14)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from avrcase.services.clock import clock_of
from avrcase.services.uow import read_in_parallel, unit_of_work
from avrcase.store.models import Case
from avrcase.store.schema import open_store


def test_jobs_run_in_sessions_of_their_own_with_the_same_clock_and_give_results_in_order(engine, make_case):
    make_case()
    make_case()
    threads: set[str] = set()

    def job(n):
        def run(session):
            threads.add(threading.current_thread().name)
            return n, session.scalar(select(func.count(Case.id))), clock_of(session).now()
        return run

    with unit_of_work(engine, write=False) as session:
        results = list(read_in_parallel(session, [job(n) for n in range(6)]))
        now = clock_of(session).now()
    assert [r[0] for r in results] == list(range(6))
    assert {r[1] for r in results} == {2}
    assert {r[2] for r in results} == {now}  # the action's clock, not the wall clock
    assert threads and all(name.startswith("avrcase-read") for name in threads)


def test_an_in_memory_store_runs_them_in_the_session_itself(clock):
    memory = open_store("sqlite://", clock=clock)
    with unit_of_work(memory, write=False) as session:
        seen = list(read_in_parallel(session, [lambda own: own, lambda own: own]))
    assert seen == [session, session]


def test_leaving_early_cancels_the_jobs_not_started(engine):
    ran: list[int] = []
    release = threading.Event()

    def job(n):
        def run(_session):
            ran.append(n)
            if n >= 1:  # both workers busy until the caller has left
                release.wait(5)
            return n
        return run

    with unit_of_work(engine, write=False) as session:
        results = read_in_parallel(session, [job(n) for n in range(8)])
        assert next(results) == 0
        # Both workers busy (jobs 1 and 2) before the caller leaves: on a loaded machine the worker that ran job 0
        # may not have taken job 2 yet when next() returns.
        deadline = time.monotonic() + 5
        while len(ran) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        threading.Timer(0.3, release.set).start()
        results.close()
    assert sorted(ran) == [0, 1, 2], ran  # the two running finished, the other five never started


def test_jobs_read_beside_a_writing_unit_of_work(engine, make_case):
    """The dashboard inside a writing unit of work (a report exported): the readers never wait for its lock."""
    make_case()
    with unit_of_work(engine) as writer:
        writer.execute(select(func.count(Case.id)))  # the writer holds the store's write lock from here
        counts = list(read_in_parallel(writer, [lambda own: own.scalar(select(func.count(Case.id)))] * 3))
    assert counts == [1, 1, 1]


def test_on_postgresql_each_job_runs_without_parallel_workers_of_its_own(pg_engine):
    """The jobs are the parallel work: a parallel plan in each as well books the server's cores twice over. The
    setting holds for the jobs' own transactions only, not for the action's session nor for later actions."""
    from sqlalchemy import text

    shown = text("SHOW max_parallel_workers_per_gather")
    with unit_of_work(pg_engine, write=False) as session:
        before = session.scalar(shown)
        in_jobs = list(read_in_parallel(session, [lambda own: own.scalar(shown)] * 3))
        after = session.scalar(shown)
    assert in_jobs == ["0", "0", "0"]
    assert before == after != "0"
    with unit_of_work(pg_engine, write=False) as later:
        assert later.scalar(shown) == before
