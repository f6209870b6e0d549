"""How long ``avrcase demo`` takes: generate 10,000 and 100,000 cases into fresh SQLite stores.

Run from a checkout: ``.venv/bin/python benchmarks/bench_demo.py [--sizes 10000 100000] [--keep DIR]``.
Prints a Markdown table (cases, rows written, seconds, cases per second, store size, peak memory).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_store, machine, print_table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Generate each size once into a new store and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder (demo-N.sqlite)")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="avrcase-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        path = folder / f"demo-{size}.sqlite"
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        engine, seconds, summary = demo_store(path, size, seed=args.seed)
        engine.dispose()
        megabytes = path.stat().st_size / 2**20
        rows.append((f"{size:,}", f"{summary.persons:,}", f"{summary.consultations:,}", f"{seconds:.1f}",
                     f"{size / seconds:,.0f}", f"{megabytes:.0f} MB",
                     f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"))
        if not args.keep:
            path.unlink()
    print(f"Machine: {machine()}\n")
    # Peak RSS is the process's high-water mark so far: run one size alone to see its own figure.
    print_table(("cases", "persons", "consultations", "seconds", "cases/s", "store size", "peak RSS"), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
