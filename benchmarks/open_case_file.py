"""Time ``case_file.get_case`` (opening a case file: the service call behind a click in the case list) on a store copy.

CPU and wall time per opening, median and p95. Usage: ``open_case_file.py STORE.sqlite COUNT`` (case ids drawn at random
from 1..100,000 with a fixed seed; run on a copy: each opening is a unit of work of its own).
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from avrcase.domain.codes import StaffRole
from avrcase.services.cases import case_file
from avrcase.services.dto import Actor
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95)]


def main() -> None:
    engine = open_store(f"sqlite:///{sys.argv[1]}")
    actor = Actor(id=2, username="counsellor", display_name="counsellor", role=StaffRole.COUNSELLOR)
    rng = random.Random(7)
    cpu, wall = [], []
    for case_id in (rng.randrange(1, 100_001) for _ in range(int(sys.argv[2]))):
        c0, w0 = time.process_time(), time.perf_counter()
        with unit_of_work(engine, write=False) as session:
            case_file.get_case(session, actor, case_id)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    print(f"cpu median {statistics.median(cpu) * 1000:.2f} ms p95 {_p95(cpu) * 1000:.2f} ms | "
          f"wall median {statistics.median(wall) * 1000:.2f} ms p95 {_p95(wall) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
