"""How long a published ``avrcase stats`` table takes as an office's release register fills.

Run from a checkout, on a COPY of a demo store (the script writes releases into it)::

    .venv/bin/python benchmarks/bench_release_register.py --db COPY.sqlite --build --years 2024-2026
    .venv/bin/python benchmarks/bench_release_register.py --db COPY.sqlite --time 3 [--src OTHER/src]
    .venv/bin/python benchmarks/bench_release_register.py --db COPY.sqlite --profile

``--build`` publishes what a small office publishes, in order: each quarter a table per dimension set, each
year the same sets over the year (``--sets``, ``;`` between sets), through the service the CLI calls
(``report.write_table``), one unit of work each, printing each release's seconds. ``--time N`` runs the
whole ``avrcase stats`` process N times (the code under ``--src``, default this checkout's) and takes its
release out of the register again after each run. ``--profile`` runs the same table in process and says
where its time goes (counting, reading the register, building the intruder's model, its targets, solves).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import delete, func, select

from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule
from avrcase.services.dto import Actor
from avrcase.services.statistics import release as statistics_release
from avrcase.services.statistics import report
from avrcase.services.statistics.counts import StatisticsQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import StatisticsRelease
from avrcase.store.schema import open_store

MANAGER = Actor(None, "manager", "Benchmark", StaffRole.MANAGER)
SETS = "citizenship;sex,age_class;citizenship,sex"
#: The table timed: the brief's ``stats --by quarter,citizenship`` over the last year built.
TIMED_BY = "quarter,citizenship"


def _quarters(year: int):
    for q in range(4):
        first = dt.date(year, 3 * q + 1, 1)
        last = (dt.date(year + (q == 3), (3 * q + 3) % 12 + 1, 1) - dt.timedelta(days=1))
        yield f"{year}Q{q + 1}", first, last


def plan(years: range, sets: list[tuple[str, ...]], measure: str):
    """The tables an office publishes, in the order it publishes them."""
    for year in years:
        for label, first, last in _quarters(year):
            for dims in sets:
                yield f"{label} {','.join(dims)}", StatisticsQuery(measure, dims, first, last)
        for dims in sets:
            yield f"{year} {','.join(dims)}", StatisticsQuery(measure, ("quarter", *dims), dt.date(year, 1, 1),
                                                              dt.date(year, 12, 31))


def build(engine, years: range, sets, measure: str) -> None:
    rule = DisclosureRule()
    with tempfile.TemporaryDirectory() as tmp:
        total = 0.0
        for n, (title, query) in enumerate(plan(years, sets, measure), 1):
            started = time.perf_counter()
            with unit_of_work(engine) as session:
                counts = statistics_release.count_for_release(session, MANAGER, query, rule.min_cell)
                table = report.write_table(session, MANAGER, counts, rule, Path(tmp) / f"{n}.csv", "csv", title)
            seconds = time.perf_counter() - started
            total += seconds
            print(f"{n:3d} {title:40s} {seconds:8.2f} s  (hidden {table.suppressed}/{len(table.entries)}; "
                  f"total {total:.1f} s)", flush=True)


def _released(engine) -> int:
    with unit_of_work(engine, write=False) as session:
        return int(session.scalar(select(func.max(StatisticsRelease.id))) or 0)


def time_process(engine, db: str, src: str, runs: int, year: int, by: str) -> None:
    env = {**os.environ, "PYTHONPATH": f"{src}:{Path(src).parent}", "AVRCASE_USER": "manager",
           "AVRCASE_PASSWORD": "manager-demo-password", "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t.csv"
        command = [sys.executable, "-m", "avrcase", "--db", db, "stats", "--by", by, "--from",
                   f"{year}-01-01", "--to", f"{year}-12-31", "--out", str(out)]
        for _run in range(runs):
            last = _released(engine)
            started, used = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime
            with unit_of_work(engine) as session:  # the register as it was: every run beside the same releases
                session.execute(delete(StatisticsRelease).where(StatisticsRelease.id > last))
            print(f"{seconds:8.2f} s wall {cpu:8.2f} s CPU  rc={done.returncode} {done.stdout.strip()} {done.stderr.strip()[-300:]}",
                  flush=True)
            print("   sha of the file:", __import__("hashlib").sha256(out.read_bytes()).hexdigest()[:16]
                  if out.exists() else "-")


class _Phases:
    """Seconds and calls per wrapped function (inclusive)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - started
                self.calls[label] += 1
        setattr(owner, name, timed)


def profile(engine, year: int, measure: str, by: str) -> None:
    from avrcase.domain import release as domain_release
    from avrcase.services.statistics import counts

    phases = _Phases()
    phases.wrap(counts, "count", "SQL counts (counts.count)")
    phases.wrap(statistics_release, "_earlier", "earlier releases read and recounted (_earlier)")
    phases.wrap(domain_release.IntruderModel, "build", "intruder model built (IntruderModel.build)")
    phases.wrap(domain_release.IntruderModel, "targets", "targets listed (IntruderModel.targets)")
    phases.wrap(domain_release.IntruderModel, "exposures", "exposures checked (IntruderModel.exposures)")
    phases.wrap(domain_release.IntruderModel, "binding", "binding figures (IntruderModel.binding, LP)")
    phases.wrap(domain_release, "_highs", "HiGHS solves (highs.solve)")
    phases.wrap(statistics_release, "protect_linked", "protect_linked (all of the above in the domain)")
    query = StatisticsQuery(measure, tuple(by.split(",")), dt.date(year, 1, 1), dt.date(year, 12, 31))
    started = time.perf_counter()
    with unit_of_work(engine) as session:
        counts_table = statistics_release.count_for_release(session, MANAGER, query)
        statistics_release.protect_release(session, MANAGER, [counts_table], DisclosureRule(), kind="table",
                                           titles=["profile"])
        session.rollback()
    print(f"whole table in process: {time.perf_counter() - started:.2f} s")
    for label in phases.seconds:
        print(f"  {phases.seconds[label]:8.2f} s  {phases.calls[label]:6d} calls  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--years", default="2024-2026")
    parser.add_argument("--sets", default=SETS)
    parser.add_argument("--measure", default="returns")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--time", type=int, default=0, metavar="RUNS")
    parser.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--by", default=TIMED_BY, help="the dimensions of the table timed (over the last year)")
    args = parser.parse_args()
    first, _sep, last = args.years.partition("-")
    years = range(int(first), int(last or first) + 1)
    sets = [tuple(s.split(",")) for s in args.sets.split(";")]
    engine = open_store(f"sqlite:///{args.db}")
    with unit_of_work(engine, write=False) as session:
        print(f"register: {session.scalar(select(func.count(StatisticsRelease.id)))} tables", flush=True)
    if args.build:
        build(engine, years, sets, args.measure)
    if args.time:
        time_process(engine, args.db, args.src, args.time, years[-1], args.by)
    if args.profile:
        profile(engine, years[-1], args.measure, args.by)


if __name__ == "__main__":
    main()
