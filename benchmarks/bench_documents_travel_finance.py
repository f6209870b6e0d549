"""How long the travel and finance papers take: median per document type after warm-up.

Run from a checkout: ``.venv/bin/python benchmarks/bench_documents_travel_finance.py [--runs R]``.
Builds a small store with the synthetic cases of ``scripts/document_images.py`` (an Iraqi family of
four and a Georgian mother with her son, booked on one day, an allowance paid, a plan approved) and
measures (a) rendering from a ready snapshot and (b) issuing as the app does it: read the case and
its travel or finance data, build the snapshot, render, hash and store (rolled back). Prints a table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "scripts")]

import document_images  # noqa: E402
import document_images_travel_finance as data  # noqa: E402
from common import machine, print_table  # noqa: E402

from avrcase.documents.registry import DOCUMENT_TYPES, MANIFEST  # noqa: E402
from avrcase.domain.codes import StaffRole  # noqa: E402
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.cases import case_file
from avrcase.services.cases import register as cases
from avrcase.services.documents import finance_snapshots as finance
from avrcase.services.documents import register as documents
from avrcase.services.documents import manifest_issue
from avrcase.services.documents import travel_snapshots as travel
from avrcase.services.permissions import SYSTEM  # noqa: E402
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.store.schema import open_store  # noqa: E402

NOW = document_images.NOW
WARM_UP = 3
BUILDERS = {"itinerary": travel.itinerary_snapshot, "introduction-letter": travel.introduction_letter_snapshot,
            "allowance-receipt": finance.allowance_receipt_snapshot,
            "reintegration-plan": finance.reintegration_plan_snapshot}


def _median_ms(fn, runs: int) -> float:
    for _ in range(WARM_UP):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _store(folder: str):
    engine = open_store(f"sqlite:///{folder}/bench.sqlite")
    with unit_of_work(engine) as session:
        office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
        counsellor = users.actor_by_id(session, users.add_user(session, SYSTEM, "egle", "Eglė Petrauskienė",
                                                               StaffRole.COUNSELLOR).id)
        family = cases.register_case(session, counsellor, document_images.household_case(), today=NOW.date())
        single = cases.register_case(session, counsellor, document_images.georgian_case(), today=NOW.date())
        data.issue_all(session, counsellor, family.id, single.id, NOW)
    return engine, {"itinerary": single.id, "introduction-letter": family.id, "allowance-receipt": single.id,
                    "reintegration-plan": single.id}


def main() -> None:
    """Build the store, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine, case_of = _store(folder)
        with unit_of_work(engine, write=False) as session:
            issuer = users.get_actor(session, "tomas")
            profile = office.get_office_profile(session, issuer)
        rows = []
        for doc_type, build in BUILDERS.items():
            actor_name = {"allowance-receipt": "ruta-f", "reintegration-plan": "reda"}.get(doc_type, "tomas")
            with unit_of_work(engine, write=False) as session:
                actor = users.get_actor(session, actor_name)
                snapshot = build(session, actor, case_file.get_case(session, actor, case_of[doc_type]), profile, "en", NOW)
            render = DOCUMENT_TYPES[doc_type].render
            rendered = render(snapshot)

            def issue(case_id=case_of[doc_type], doc_type=doc_type, actor=actor):
                with unit_of_work(engine, write=False) as session:  # rolled back afterwards
                    documents.issue_document(session, actor, doc_type, case_id, "en", now=NOW)

            rows.append((doc_type, rendered.pages, f"{_median_ms(lambda render=render, snapshot=snapshot: render(snapshot), args.runs):.1f}",
                         f"{_median_ms(issue, args.runs):.1f}", f"{len(rendered.pdf) / 1024:.0f}"))

        def manifest():
            with unit_of_work(engine, write=False) as session:
                return manifest_issue.issue_manifest(session, issuer, data.TRAVEL_DAY, lang="en", now=NOW)

        with unit_of_work(engine, write=False) as session:
            snapshot = travel.manifest_snapshot(session, issuer, profile, data.TRAVEL_DAY, "en", NOW)
        rendered = MANIFEST.render(snapshot)
        rows.append(("manifest", rendered.pages, f"{_median_ms(lambda: MANIFEST.render(snapshot), args.runs):.1f}",
                     f"{_median_ms(manifest, args.runs):.1f}", f"{len(rendered.pdf) / 1024:.0f}"))
        engine.dispose()
    print(f"Machine: {machine()}")
    print(f"Median of {args.runs} runs after {WARM_UP} warm-up runs\n")
    print_table(("document", "pages", "render ms", "issue ms", "PDF KB"), rows)


if __name__ == "__main__":
    main()
