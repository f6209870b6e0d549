"""Time ``avrcase import cases`` on a generated sheet of N synthetic cases (default 10,000) and print a table.

    .venv/bin/python benchmarks/import_cases.py [N]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from avrcase.domain.codes import StaffRole
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.imports import run
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store

COUNTRIES = ["Gruzija", "Грузия", "Tadžikija", "Таджикистан", "Irakas", "Ирак", "Vietnam", "Turkey"]


def _letters(i: int) -> str:
    """``i`` with its digits written as letters (a name holds no digits)."""
    return str(i).translate(str.maketrans("0123456789", "abcdefghij"))


def write_sheet(path: Path, n: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.append(["Bylos Nr.", "Pavardė", "Vardas", "Lytis", "Gimimo data", "Pilietybė", "Paso numeris",
                  "Registracijos data"])
    for i in range(n):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=(i * 37) % 15000)
        sheet.append([f"OLD-{i}", f"Family{_letters(i)}", f"Given{_letters(i)}", "M" if i % 2 else "F",
                      born.strftime("%d.%m.%Y") if i % 3 else born.isoformat(), COUNTRIES[i % len(COUNTRIES)],
                      f"P{i:08d}", "2026-11-01"])
    book.save(path)


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp())
    sheet = folder / "sheet.xlsx"
    write_sheet(sheet, n)
    engine = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    with unit_of_work(engine) as session:
        office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
        actor = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR).id)
    today, now = dt.date(2026, 12, 4), dt.datetime(2026, 12, 4, 12, tzinfo=dt.timezone.utc)
    start = time.perf_counter()
    with unit_of_work(engine, write=False) as session:
        plan = run.dry_run(session, actor, sheet, today=today)
    planned = time.perf_counter()
    with unit_of_work(engine) as session:
        result = run.import_cases(session, actor, plan, today=today, now=now)
    done = time.perf_counter()
    engine.dispose()
    print("| rows | dry run (s) | import (s) | total (s) | cases | problems |")
    print("|---|---|---|---|---|---|")
    print(f"| {n} | {planned - start:.1f} | {done - planned:.1f} | {done - start:.1f} | {len(result.case_numbers)} "
          f"| {len(plan.problems)} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
