"""How fast the case list answers on a 100,000-case store: first page and count, as the UI asks.

Run from a checkout: ``.venv/bin/python benchmarks/bench_case_list.py [--db FILE] [--cases N] [--runs R]``.
Without ``--db`` (or when the file does not exist yet) a demo store is generated first, which takes
about two minutes for 100,000 cases; pass the same ``--db`` again to reuse it. Prints the median of
``R`` runs per query and the peak memory (tracemalloc) of one run; ``--plan`` adds SQLite's
EXPLAIN QUERY PLAN of each page query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_store, machine, print_table  # noqa: E402
from sqlalchemy import select  # noqa: E402

from avrcase.domain.stages import Stage  # noqa: E402
from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery  # noqa: E402
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.store.models import Person  # noqa: E402
from avrcase.domain.codes import StaffRole  # noqa: E402
from avrcase.services.dto import Actor  # noqa: E402

#: Who reads: a counsellor (the case list needs the role, not an account).
COUNSELLOR = Actor(None, "benchmark", "Benchmark", StaffRole.COUNSELLOR)

PAGE = 200  # the case list's page size (ui/models/case_table.py)


def scenarios(engine) -> list[tuple[str, CaseQuery]]:
    """The queries a counsellor's typing and clicking produce, with search words taken from the store."""
    with unit_of_work(engine, write=False) as session:
        family = session.scalar(select(Person.family_name).where(Person.citizenship == "GE").limit(1))
        number = session.scalar(select(Person.document_number_norm).where(Person.document_number_norm != "")
                                .order_by(Person.id.desc()).limit(1))
    base = CaseQuery(limit=PAGE)
    return [
        ("no filter, newest first", base),
        ("sorted by name", replace(base, sort="principal_name", descending=False)),
        ("stage = travel preparation", replace(base, stage=Stage.TRAVEL_PREPARATION)),
        ("stage = closed, by name", replace(base, stage=Stage.CLOSED, sort="principal_name", descending=False)),
        (f"search '{family.lower()[:4]}' (typing)", replace(base, search=family[:4])),
        (f"search '{family}'", replace(base, search=family)),
        ("search document number", replace(base, search=number)),
        ("search case number", replace(base, search="VNO-2025-0123")),
        ("search 'zzqx' (no match)", replace(base, search="zzqx")),
        ("search 'zaharov' (another spelling)", replace(base, search="zaharov")),
        ("search «Сулейманов» (Cyrillic)", replace(base, search="Сулейманов")),
        ("search 'محمد' (Arabic script)", replace(base, search="محمد")),
        ("no filter, page 51 (offset 10,000)", replace(base, offset=10_000)),
    ]


def _timed(engine, fn, query) -> tuple[float, object]:
    with unit_of_work(engine, write=False) as session:
        started = time.perf_counter()
        result = fn(session, COUNSELLOR, query)
        return (time.perf_counter() - started) * 1000, result


def _plan(engine, query: CaseQuery) -> list[str]:
    from avrcase.services.cases.search import _P, _SORT_COLUMNS, _U, _filtered
    from avrcase.store.models import Case

    with unit_of_work(engine, write=False) as session:
        stmt = _filtered(session, select(Case.id).join(_P, Case.principal_id == _P.id)
                         .outerjoin(_U, Case.counsellor_id == _U.id), query)
    column = _SORT_COLUMNS[query.sort]
    stmt = stmt.order_by(column.desc() if query.descending else column.asc()).limit(query.limit)
    compiled = stmt.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        return [row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]


def main(argv: list[str] | None = None) -> int:
    """Measure every scenario and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="demo store to use (generated when missing)")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--plan", action="store_true", help="print EXPLAIN QUERY PLAN of each page query")
    args = parser.parse_args(argv)
    path = args.db or Path(tempfile.mkdtemp(prefix="avrcase-bench-")) / f"demo-{args.cases}.sqlite"
    engine, seconds, _ = demo_store(path, args.cases)
    if seconds:
        print(f"Generated {args.cases:,} cases in {seconds:.0f} s at {path}")
    rows = []
    for name, query in scenarios(engine):
        _timed(engine, cases.list_cases, query)  # warm the page cache and the statement cache
        pages = [_timed(engine, cases.list_cases, query) for _ in range(args.runs)]
        counts = [_timed(engine, cases.count_cases, query) for _ in range(args.runs)]
        tracemalloc.start()
        _timed(engine, cases.list_cases, query)
        _timed(engine, cases.count_cases, query)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        page_ms = statistics.median(ms for ms, _ in pages)
        count_ms = statistics.median(ms for ms, _ in counts)
        rows.append((name, f"{page_ms:.1f}", f"{count_ms:.1f}", f"{page_ms + count_ms:.1f}", len(pages[0][1]),
                     f"{counts[0][1]:,}", f"{peak / 1024:.0f}"))
        if args.plan:
            print(f"{name}:\n  " + "\n  ".join(_plan(engine, query)))
    engine.dispose()
    print(f"Machine: {machine()}\nStore: {args.cases:,} cases; median of {args.runs} runs; page = {PAGE} rows\n")
    print_table(("query", "page ms", "count ms", "total ms", "rows", "matching", "peak KiB"), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
