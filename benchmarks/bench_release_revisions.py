"""What protecting a table against the figures earlier releases showed costs: a year published, departures recorded
late into it, the same tables published again.

Run from a checkout; each code version builds its own store (an older avrcase refuses a store of a newer schema)::

    .venv/bin/python benchmarks/bench_release_revisions.py --cases 2000 --moved 0,2,40 --src OLD/src --src src

For each ``--src`` (alternated, ``--rounds`` times) a child process generates the demo store (``--cases``, seed 7, on
15 March 2026), publishes 2025 by quarter × citizenship and by citizenship × sex × age class, moves ``--moved``
departures of 2026 into December 2025 (as late-recorded departures), publishes the same two tables again, and prints
the CPU seconds (user + system, the child's own ``process_time``) of that second release and how many figures it hid.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = (("quarter", "citizenship"), ("citizenship", "sex", "age_class"))
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def child(cases: int, moved: int) -> None:
    """One run in this process, with whatever ``avrcase`` the path gives."""
    from sqlalchemy import select, update

    from avrcase.domain.codes import StaffRole
    from avrcase.domain.disclosure import DisclosureRule
    from avrcase.services.clock import FixedClock
    from avrcase.services.demo.generate import generate_demo
    from avrcase.services.dto import Actor
    from avrcase.services.permissions import SYSTEM
    from avrcase.services.statistics import release as statistics_release
    from avrcase.services.statistics.counts import StatisticsQuery
    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import Itinerary
    from avrcase.store.schema import open_store

    manager = Actor(None, "manager", "Benchmark", StaffRole.MANAGER)
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock(dt.datetime(2026, 3, 15, 12, tzinfo=dt.timezone.utc))
        engine = open_store(f"sqlite:///{folder}/bench.sqlite", backup_first=False, clock=clock)
        with unit_of_work(engine) as session:
            generate_demo(session, cases=cases, seed=7, today=dt.date(2026, 3, 15), actor=SYSTEM)

        def publish() -> tuple[float, int]:
            start = time.process_time()
            with unit_of_work(engine) as session:
                tables = [statistics_release.count_for_release(session, manager, StatisticsQuery("returnees", dims, *YEAR))
                          for dims in TABLES]
                released = statistics_release.protect_release(session, manager, tables, DisclosureRule(), kind="table",
                                                              titles=[",".join(d) for d in TABLES])
            return time.process_time() - start, sum(r.protected.suppressed for r in released)

        first = publish()
        with unit_of_work(engine) as session:
            late = list(session.scalars(select(Itinerary.id).where(Itinerary.departed_on >= dt.date(2026, 1, 1))
                                        .order_by(Itinerary.id).limit(moved)))
            session.execute(update(Itinerary).where(Itinerary.id.in_(late)).values(departed_on=dt.date(2025, 12, 20)))
        again = publish()
        print(json.dumps({"first": first, "again": again, "moved": len(late)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--moved", default="0,2,40", help="itineraries moved into December 2025, per run")
    parser.add_argument("--src", action="append", help="a checkout's src folder (repeat: alternated)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.cases, int(args.moved))
        return
    sources = args.src or [str(Path(__file__).resolve().parents[1] / "src")]
    print("| src | itineraries moved | 1st release CPU s (hidden) | same tables again CPU s (hidden) |")
    print("|---|---|---|---|")
    for moved in args.moved.split(","):
        for _round in range(args.rounds):
            for src in sources:
                env = {**os.environ, "PYTHONPATH": src}
                env.pop("PYTHONDONTWRITEBYTECODE", None)
                out = subprocess.run([sys.executable, __file__, "--child", "--cases", str(args.cases), "--moved", moved],
                                     env=env, check=True, capture_output=True, text=True).stdout
                result = json.loads(out.strip().splitlines()[-1])
                print(f"| {src} | {result['moved']} | {result['first'][0]:.2f} ({result['first'][1]}) "
                      f"| {result['again'][0]:.2f} ({result['again'][1]}) |", flush=True)


if __name__ == "__main__":
    main()
