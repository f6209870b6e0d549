"""The dashboard's "This year" in one process, warm, as the dashboard view runs it: the seconds to its first key
figures and to every figure and chart, and the process's CPU (all threads) around it; one JSON line.

Alternate old and new code by ``PYTHONPATH`` (fix-dash14, session 30)::

    PYTHONPATH=<checkout>/src QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_dashboard_figures.py STORE_URL 5

Code without the first figures (before session 30) reports only the whole.
"""

from __future__ import annotations

import datetime as dt
import gc
import inspect
import json
import resource
import sys
import time

from avrcase.services.accounts import users
from avrcase.services.statistics import dashboard
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(url: str, runs: int, year: int = 2026) -> None:
    engine = open_store(url)
    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, "manager")
    gc.freeze()  # as the app does once its window is up
    query = dashboard.DashboardQuery(dt.date(year, 1, 1), dt.date(year, 12, 31))
    first_figures = "shown" in inspect.signature(dashboard.compute_dashboard).parameters
    out: dict[str, list[float]] = {"wall": [], "cpu": [], "first": []}
    for i in range(runs + 1):  # the first run warms up
        heard: list[float] = []
        started, cpu = time.perf_counter(), _cpu()
        with unit_of_work(engine, write=False) as session:
            if first_figures:
                dashboard.compute_dashboard(session, actor, query, shown=lambda _f, heard=heard, started=started: (
                    heard or heard.append(time.perf_counter() - started)))
            else:
                dashboard.compute_dashboard(session, actor, query)
        if i:
            out["wall"].append(time.perf_counter() - started)
            out["cpu"].append(_cpu() - cpu)
            out["first"] += heard
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
