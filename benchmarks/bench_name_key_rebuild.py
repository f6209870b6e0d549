"""How long the first open after a change of the name-key rules takes (session 22): every person's keys rebuilt.

Run from a checkout (or with ``PYTHONPATH`` pointing at another one, to compare releases on the same machine)::

    .venv/bin/python benchmarks/bench_name_key_rebuild.py --source STORE --work DIR [--distinct-names] [--runs R]

``STORE`` is only read (SQLite's backup API, read-only): its copy in ``DIR`` has every person marked with older key
rules (``name_keys_version = 0``); with ``--distinct-names`` every family name is also made unique (a second word
from the person's number), the worst case for the rebuild's memo of names (a demo store repeats a few hundred names).
Each run opens a fresh copy of that file with ``open_store`` and prints the seconds it took (wall and CPU: on a
loaded machine the CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine  # noqa: E402

from avrcase.store.schema import open_store  # noqa: E402

#: Digits to letters, so a person's number becomes a name word (``--distinct-names``).
_LETTERS = "bcdfghklmn"


def stale_copy(source: Path, target: Path, *, distinct: bool) -> int:
    """``target``: a copy of ``source`` whose people all need new keys; returns how many people."""
    read = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    write = sqlite3.connect(target)
    try:
        read.backup(write)
        write.execute("PRAGMA journal_mode=DELETE")
        write.execute("UPDATE persons SET name_keys_version = 0")
        if distinct:
            word = "CAST(id AS TEXT)"
            for digit, letter in enumerate(_LETTERS):
                word = f"replace({word}, '{digit}', '{letter}')"
            write.execute(f"UPDATE persons SET family_name = family_name || ' Ka' || {word}")
        write.commit()
        return write.execute("SELECT COUNT(*) FROM persons").fetchone()[0]
    finally:
        write.close()
        read.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--distinct-names", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--prepare-only", action="store_true", help="make the stale copy and stop")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    stale = args.work / ("stale-distinct.sqlite" if args.distinct_names else "stale.sqlite")
    if not stale.exists():
        people = stale_copy(args.source.resolve(), stale, distinct=args.distinct_names)
        print(f"{stale}: {people} people marked stale")
    if args.prepare_only:
        return
    print(machine())
    for _run in range(args.runs):
        run = args.work / "run.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{run}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(stale, run)  # a closed file of our own (journal DELETE): a plain copy is whole
        started, cpu = time.perf_counter(), time.process_time()
        open_store(f"sqlite:///{run}").dispose()
        print(f"first open: {time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        run.unlink()


if __name__ == "__main__":
    main()
