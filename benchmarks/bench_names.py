"""How fast the duplicate check and name search answer on a 100,000-case store (issue #16).

Run from a checkout: ``.venv/bin/python benchmarks/bench_names.py [--db FILE] [--cases N] [--runs R]``.
Uses (or generates, about two minutes) the same demo store as ``bench_case_list.py``. For people taken
from the store it times ``find_duplicates`` with their name respelt (another system, Cyrillic, default
date) and the case-list search with the respelt name; prints medians in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_store, machine, print_table  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from avrcase.domain.codes import IdDocumentType, Sex  # noqa: E402
from avrcase.domain.forms import PersonForm  # noqa: E402
from avrcase.services import cases  # noqa: E402
from avrcase.services.dto import Actor, CaseQuery  # noqa: E402
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.store.models import Person, PersonNameKey  # noqa: E402

_ACTOR = Actor(id=None, username="bench", display_name="Bench", role=None)  # type: ignore[arg-type]


def _forms(engine, n: int) -> list[tuple[str, PersonForm]]:
    with unit_of_work(engine, write=False) as session:
        people = session.scalars(select(Person).where(Person.date_of_birth.is_not(None))
                                 .order_by(Person.id).limit(n * 50)).all()[::50][:n]
        return [(f"{p.family_name} {p.given_names}", PersonForm(
            family_name=p.family_name.lower().replace("kh", "h").replace("y", "i"), given_names=p.given_names,
            sex=Sex(p.sex), date_of_birth=p.date_of_birth, citizenship=p.citizenship,
            document_type=IdDocumentType.NONE)) for p in people]


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--people", type=int, default=20)
    args = parser.parse_args(argv)
    path = args.db or Path(tempfile.mkdtemp(prefix="avrcase-bench-")) / f"demo-{args.cases}.sqlite"
    engine, seconds, _ = demo_store(path, args.cases)
    if seconds:
        print(f"Generated {args.cases:,} cases in {seconds:.0f} s at {path}")
    from avrcase.services import permissions

    with unit_of_work(engine, write=False) as session:
        keys = session.scalar(select(func.count(PersonNameKey.id)))
    rows = []
    duplicates, searches, found = [], [], 0
    original_require = permissions.require
    cases.require = lambda actor, permission: None  # the benchmark measures the lookup, not the sign-in
    try:
        for _name, form in _forms(engine, args.people):
            for _ in range(args.runs):
                with unit_of_work(engine, write=False) as session:
                    started = time.perf_counter()
                    result = cases.find_duplicates(session, _ACTOR, [form])
                    duplicates.append((time.perf_counter() - started) * 1000)
            found += bool(result)
            query = replace(CaseQuery(limit=200), search=f"{form.family_name} {form.given_names}")
            for _ in range(args.runs):
                with unit_of_work(engine, write=False) as session:
                    started = time.perf_counter()
                    cases.list_cases(session, _ACTOR, query)
                    cases.count_cases(session, _ACTOR, query)
                    searches.append((time.perf_counter() - started) * 1000)
    finally:
        cases.require = original_require
    rows.append(("find_duplicates (respelt name, same date)", f"{statistics.median(duplicates):.1f}",
                 f"{max(duplicates):.1f}", f"{found}/{args.people} found"))
    rows.append(("search page + count (respelt name)", f"{statistics.median(searches):.1f}",
                 f"{max(searches):.1f}", ""))
    engine.dispose()
    print(f"Machine: {machine()}\nStore: {args.cases:,} cases, {keys:,} name keys; {args.people} people x {args.runs} runs\n")
    print_table(("what", "median ms", "max ms", "note"), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
