"""Helpers shared by the benchmark scripts: fresh stores, demo stores and a plain table printer.

Benchmarks are run by hand (``python benchmarks/bench_demo.py``); pytest collects only ``tests/``.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy
from sqlalchemy import func, select

from avrcase.services.demo import generate as demo
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case
from avrcase.store.schema import open_store

#: The day demo stores are generated "on", so every run measures the same data.
DEMO_TODAY = dt.date(2026, 11, 23)


def machine() -> str:
    """One line naming the machine and the library versions, for the results table."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; SQLAlchemy {sqlalchemy.__version__}; SQLite {sqlite3.sqlite_version}")


def demo_store(path: Path, cases: int, *, seed: int = 1) -> tuple[object, float, demo.DemoSummary | None]:
    """Open (or create and fill) a demo store at ``path``; returns (engine, seconds spent filling, summary)."""
    engine = open_store(f"sqlite:///{path}")
    with unit_of_work(engine, write=False) as session:
        existing = session.scalar(select(func.count(Case.id)))
    if existing:
        if existing != cases:
            raise SystemExit(f"{path} holds {existing} cases, not {cases}; remove it or choose another path")
        return engine, 0.0, None
    started = time.perf_counter()
    with unit_of_work(engine) as session:
        summary = demo.generate_demo(session, cases=cases, seed=seed, today=DEMO_TODAY, actor=SYSTEM)
    return engine, time.perf_counter() - started, summary


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table, so results can be pasted into ``docs/benchmarks.md``."""
    texts = [[str(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in texts)) if texts else len(h) for i, h in enumerate(header)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for row in texts:
        print("| " + " | ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) + " |")
