"""How long a case document takes to make: median per document type after warm-up.

Run from a checkout: ``.venv/bin/python benchmarks/bench_documents.py [--db FILE] [--cases N] [--runs R]``.
Uses a demo store (generated when ``--db`` is missing or new). For each document type it measures,
on the demo case with the largest household and on an individual case, (a) rendering from a ready
snapshot and (b) ``issue_document`` as the app calls it: read the case, build the snapshot, render,
hash and store the PDF (rolled back, so the store is unchanged). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_store, machine, print_table  # noqa: E402
from sqlalchemy import select  # noqa: E402

from avrcase.documents.registry import DOCUMENT_TYPES  # noqa: E402
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.cases import case_file
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.store.models import Case  # noqa: E402

ISSUED_AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)
CASE_REGISTER_TYPES = ("case-summary", "declaration")
WARM_UP = 3


def _median_ms(fn, runs: int) -> float:
    for _ in range(WARM_UP):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _snapshot(doc_type, case, profile):
    if doc_type == "case-summary":
        return snapshots.case_summary_snapshot(case, profile, profile.office_language, ISSUED_AT, show_sensitive=True)
    return snapshots.declaration_snapshot(case, profile, profile.office_language, ISSUED_AT)


def main() -> None:
    """Parse the options, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="demo store to use or create")
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="avrcase-bench-")) / "demo.sqlite"
    engine, _seconds, _summary = demo_store(path, args.cases)

    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, "counsellor")
        profile = office.get_office_profile(session, actor)
        largest = session.scalar(select(Case.id).order_by(Case.household_size.desc(), Case.id).limit(1))
        single = session.scalar(select(Case.id).where(Case.household_size == 1).order_by(Case.id).limit(1))
        picked = {label: case_file.get_case(session, actor, case_id)
                  for label, case_id in (("individual", single), ("largest household", largest))}

    rows = []
    for doc_type in CASE_REGISTER_TYPES:  # travel and finance papers: bench_documents_travel_finance.py
        kind = DOCUMENT_TYPES[doc_type]
        for label, case in picked.items():
            snapshot = _snapshot(doc_type, case, profile)
            rendered = kind.render(snapshot)
            render_ms = _median_ms(lambda kind=kind, snapshot=snapshot: kind.render(snapshot), args.runs)

            def issue(case_id=case.id, doc_type=doc_type):
                with unit_of_work(engine, write=False) as session:  # write=False: rolled back afterwards
                    documents.issue_document(session, actor, doc_type, case_id)

            issue_ms = _median_ms(issue, args.runs)
            rows.append((doc_type, f"{label} ({len(case.members)} p., {len(case.consultations)} cons.)",
                         rendered.pages, f"{render_ms:.1f}", f"{issue_ms:.1f}", f"{len(rendered.pdf) / 1024:.0f}"))
    print(f"Machine: {machine()}")
    print(f"Store: {args.cases} demo cases; median of {args.runs} runs after {WARM_UP} warm-up runs\n")
    print_table(("document", "case", "pages", "render ms", "issue ms", "PDF KB"), rows)


if __name__ == "__main__":
    main()
