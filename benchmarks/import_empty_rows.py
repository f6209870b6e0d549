"""CPU time of reading a CSV sheet of one data row and N empty rows (``,,,,`` each, as a spreadsheet program saves a
sheet whose formatting reaches far below the data), the read an import does before it says anything.

    .venv/bin/python benchmarks/import_empty_rows.py [N ...]      (default 100000 1000000)

Run it in two checkouts (with PYTHONPATH=src of each) to compare; CPU time (user+sys of this process), not wall time.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from avrcase.services.imports.fields import CASE_FIELDS
from avrcase.services.imports.sheet import read_workbook


def write_sheet(path: Path, n: int) -> None:
    headers = [field.key for field in CASE_FIELDS]
    empty = "," * (len(headers) - 1) + "\n"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(",".join(headers) + "\n")
        stream.write(",".join(["K1", "principal", "Doe", "Jane"] + [""] * (len(headers) - 4)) + "\n")
        for _ in range(n):
            stream.write(empty)


def main(sizes: list[int]) -> None:
    print(f"{'empty rows':>12}  {'MB':>6}  {'cpu s':>7}  {'max RSS MB':>10}  rows read")
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "padded.csv"
            write_sheet(path, n)
            started = time.process_time()
            cases, _consultations = read_workbook(path)
            cpu = time.process_time() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n:>12,}  {path.stat().st_size / 1e6:>6.1f}  {cpu:>7.2f}  {peak:>10.0f}  {len(cases.rows)}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
