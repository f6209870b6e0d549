"""How long a year's statistics take on a 100,000-case store, beside the same aggregation in raw SQL.

Run from a checkout: ``.venv/bin/python benchmarks/bench_statistics.py [--db FILE] [--cases N] [--runs R]``.
Without ``--db`` (or when the file does not exist yet) a demo store is generated first (about two
minutes for 100,000 cases). Prints the median of ``R`` runs of the service's GROUP BY query, of the
disclosure control on its result, and of one hand-written SQL query giving the same counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics as stats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEMO_TODAY, demo_store, machine, print_table  # noqa: E402

from avrcase.domain.disclosure import DisclosureRule  # noqa: E402
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import dashboard
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.domain.codes import StaffRole  # noqa: E402
from avrcase.services.dto import Actor  # noqa: E402

#: Who reads: a manager (statistics need the role, not an account).
MANAGER = Actor(None, "benchmark", "Benchmark", StaffRole.MANAGER)

YEAR = DEMO_TODAY.year - 1
_AGE = """CASE WHEN p.date_of_birth IS NULL THEN 'UNK' ELSE (CASE
  WHEN a < 0 THEN 'UNK' WHEN a < 14 THEN 'Y_LT14' WHEN a < 18 THEN 'Y14-17' WHEN a < 35 THEN 'Y18-34' ELSE 'Y_GE35' END) END"""
_AGE_YEARS = ("(CAST(strftime('%Y', s.changed_at) AS INTEGER) - CAST(strftime('%Y', p.date_of_birth) AS INTEGER)"
              " - (strftime('%m-%d', s.changed_at) < strftime('%m-%d', p.date_of_birth)))")
_PERIOD = f"s.changed_at >= '{YEAR}-01-01' AND s.changed_at < '{YEAR + 1}-01-01'"

#: (name, measure, dimensions, the same counts as one raw SQLite query)
SCENARIOS = [
    ("returns by month", "returns", ("month",),
     f"SELECT strftime('%Y-%m', s.changed_at), count(*) FROM stage_changes s "
     f"WHERE s.to_stage = 'departed' AND {_PERIOD} GROUP BY 1"),
    ("returns by country of return x quarter", "returns", ("country_of_return", "quarter"),
     f"SELECT c.country_of_return, strftime('%Y-%m', s.changed_at), count(*) FROM stage_changes s "
     f"JOIN cases c ON c.id = s.case_id WHERE s.to_stage = 'departed' AND {_PERIOD} GROUP BY 1, 2"),
    ("returnees by citizenship x sex x age (Eurostat)", "returnees", ("citizenship", "sex", "age_class"),
     f"SELECT p.citizenship, CASE p.sex WHEN 'F' THEN 'F' WHEN 'M' THEN 'M' ELSE 'UNK' END, "
     f"{_AGE.replace('a <', _AGE_YEARS + ' <')}, count(*) FROM stage_changes s "
     f"JOIN case_members m ON m.case_id = s.case_id JOIN persons p ON p.id = m.person_id "
     f"WHERE s.to_stage = 'departed' AND {_PERIOD} GROUP BY 1, 2, 3"),
    ("cases registered by stage x vulnerability", "cases", ("stage", "vulnerability"),
     f"SELECT c.stage, CASE WHEN v.n IS NULL THEN 'none' WHEN v.n = 1 THEN v.code ELSE 'multiple' END, count(*) "
     f"FROM cases c LEFT JOIN (SELECT case_id, count(*) AS n, min(code) AS code FROM case_vulnerabilities "
     f"GROUP BY case_id) v ON v.case_id = c.id WHERE c.registered_on BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31' "
     f"GROUP BY 1, 2"),
]


def _ms(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def _dashboard_row(engine, runs: int, rule: DisclosureRule) -> tuple:
    """The whole dashboard of the year (every panel and key figure) as the app computes it on its worker."""
    query = dashboard.DashboardQuery(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    service, protect = [], []
    for _ in range(runs + 1):
        with unit_of_work(engine, write=False) as session:
            ms, snap = _ms(lambda session=session: dashboard.compute_dashboard(session, MANAGER, query))
        service.append(ms)
        ms, protected = _ms(lambda snap=snap: [statistics.protect_table(p.table, rule) for p in snap.panels])
        protect.append(ms)
    return (f"dashboard: {len(snap.panels)} panels and {len(snap.figures)} key figures",
            f"{snap.figure('returns').value:,}", sum(len(p.entries) for p in protected),
            sum(p.suppressed for p in protected), f"{stats.median(service[1:]):.0f}", "—",
            f"{stats.median(protect[1:]):.0f}")


def main(argv: list[str] | None = None) -> int:
    """Measure every scenario and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="demo store to use (generated when missing)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    path = args.db or Path(tempfile.mkdtemp(prefix="avrcase-bench-")) / f"demo-{args.cases}.sqlite"
    engine, seconds, _ = demo_store(path, args.cases)
    if seconds:
        print(f"Generated {args.cases:,} cases in {seconds:.0f} s at {path}")
    rule = DisclosureRule()
    rows = []
    for name, measure, dims, raw in SCENARIOS:
        query = statistics.StatisticsQuery(measure, dims, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
        service, protect, plain = [], [], []
        for _ in range(args.runs + 1):  # the first run warms the page cache and is dropped
            with unit_of_work(engine, write=False) as session:
                ms, table = _ms(lambda session=session, query=query: statistics.count(session, MANAGER, query))
            service.append(ms)
            ms, protected = _ms(lambda table=table: statistics.protect_table(table, rule))
            protect.append(ms)
            with engine.connect() as connection:
                ms, raw_rows = _ms(lambda connection=connection, raw=raw: connection.exec_driver_sql(raw).fetchall())
            plain.append(ms)
        assert sum(r[-1] for r in raw_rows) == table.total, name  # the same counts
        rows.append((name, f"{table.total:,}", len(protected.entries), protected.suppressed,
                     f"{stats.median(service[1:]):.0f}", f"{stats.median(plain[1:]):.0f}",
                     f"{stats.median(protect[1:]):.0f}"))
    rows.append(_dashboard_row(engine, args.runs, rule))
    engine.dispose()
    print(f"Machine: {machine()}\nStore: {args.cases:,} cases; year {YEAR}; median of {args.runs} runs; k = 5\n")
    print_table(("table", "counted", "cells", "suppressed", "service ms", "raw SQL ms", "protection ms"), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
