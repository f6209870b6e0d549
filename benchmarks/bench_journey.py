"""What keeping printed travel papers in step with the journey costs (fix-journey): the Documents tab's register
read (``list_documents``) and a rebooking saved (``save_itinerary``, a flight moved by an hour, rolled back), on a
copy of the 100,000-case demo store, timed as a user waits for them (wall) and as CPU time.

One process measures the code it imports; ``--compare OLD_SRC`` runs the same measurement with another checkout's
``src`` (the baseline, on its own copy of the store at its own schema) in alternate processes and prints median and
p95 of each beside the other::

    .venv/bin/python benchmarks/bench_journey.py --db new.sqlite --compare /tmp/old/src --old-db old.sqlite
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


class _Rollback(Exception):
    """Leaves the unit of work without committing the rebooking."""


def _timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _move_flights(session, travel, officer, case_id: int, form) -> None:
    """Save the case's itinerary with every segment an hour later, as an officer rebooking a moved flight."""
    detail = travel.get_travel(session, officer, case_id)
    hour = dt.timedelta(hours=1)
    moved = tuple(dataclasses.replace(s.as_segment(), departure=s.departure + hour, arrival=s.arrival + hour)
                  for s in detail.segments)
    travel.save_itinerary(session, officer, case_id, detail.version, form(moved))


def measure(db: str, runs: int) -> dict[str, list[list[float]]]:
    """(wall ms, CPU ms) of each call, after one warm-up call of each."""
    from sqlalchemy import select

    from avrcase.services.accounts import users
    from avrcase.services.documents import register as documents
    from avrcase.services.travel import arrangements as travel
    from avrcase.services.travel.dto import ItineraryForm
    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import Case, Itinerary
    from avrcase.store.schema import open_store

    engine = open_store(f"sqlite:///{db}", backup_first=False)
    with unit_of_work(engine) as session:
        officer = users.actor_by_id(session, 3)  # the demo's travel officer
        case_id = session.scalar(select(Itinerary.case_id).join(Case, Case.id == Itinerary.case_id).where(
            Case.stage == "travel_preparation", Itinerary.departure_date > dt.date(2027, 1, 15))
            .order_by(Itinerary.case_id).limit(1))
        if not documents.list_documents(session, officer, case_id):  # the same two papers in both copies,
            for doc_type in ("itinerary", "introduction-letter"):
                documents.issue_document(session, officer, doc_type, case_id, "en")
            _move_flights(session, travel, officer, case_id, ItineraryForm)  # then the flight moved (committed)

    def register() -> None:
        with unit_of_work(engine, write=False) as session:
            documents.list_documents(session, officer, case_id)

    def rebook() -> None:
        try:
            with unit_of_work(engine) as session:
                _move_flights(session, travel, officer, case_id, ItineraryForm)
                raise _Rollback
        except _Rollback:
            pass

    result: dict[str, list[list[float]]] = {"register": [], "rebook": []}
    for name, fn in (("register", register), ("rebook", rebook)):
        fn()
        result[name] = [list(_timed(fn)) for _ in range(runs)]
    engine.dispose()
    return result


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def compare(args: argparse.Namespace) -> None:
    """Alternate baseline and new processes; print median and p95 of wall and CPU time per action."""
    here = Path(__file__).resolve()
    samples: dict[str, dict[str, list[list[float]]]] = {"old": {}, "new": {}}
    for _round in range(args.rounds):
        for side, src, db in (("old", args.compare, args.old_db), ("new", None, args.db)):
            env = dict(os.environ)
            if src:
                env["PYTHONPATH"] = src
            out = subprocess.run([sys.executable, str(here), "--db", db, "--runs", str(args.runs), "--json"],
                                 env=env, capture_output=True, text=True, check=True).stdout
            for name, values in json.loads(out).items():
                samples[side].setdefault(name, []).extend(values)
    print(f"{'action':<10} {'time':<5} {'baseline median':>16} {'new median':>11} {'baseline p95':>13} {'new p95':>8}")
    for name in samples["new"]:
        for index, kind in ((0, "wall"), (1, "CPU")):
            old = [v[index] for v in samples["old"][name]]
            new = [v[index] for v in samples["new"][name]]
            print(f"{name:<10} {kind:<5} {statistics.median(old):>13.2f} ms {statistics.median(new):>8.2f} ms "
                  f"{_p95(old):>10.2f} ms {_p95(new):>5.2f} ms  (n={len(new)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a writable copy of the demo store")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print this process's samples as JSON")
    parser.add_argument("--compare", metavar="OLD_SRC", help="the baseline checkout's src folder")
    parser.add_argument("--old-db", help="the baseline's own copy of the store")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.compare:
        compare(args)
    else:
        print(json.dumps(measure(args.db, args.runs)))


if __name__ == "__main__":
    main()
