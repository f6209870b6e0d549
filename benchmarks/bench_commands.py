"""``avrcase stats`` and ``avrcase document`` as whole processes, two versions alternated run by run (#14).

Run from a checkout on a COPY of the 100,000-case bench store (each ``stats`` run's release is taken out again, so every
run meets the same register; each ``document`` run issues one more paper, for every version alike)::

    .venv/bin/python benchmarks/bench_commands.py --db COPY.sqlite --runs 8 --src OLD/src --src src

Each round runs every version's ``stats`` and ``document`` (the order of the versions swapped every round), then
``bench_user``'s plain ``sqlite3`` scripts for both (the baselines of the same moment). The commands are
``bench_user``'s: ``stats --from 2025-01-01 --to 2025-12-31 --by country_of_return`` as ``manager`` and
``document case-summary`` for the first household of three or more as ``counsellor``, bytecode cached as for a user.
Wall seconds and the child's CPU (user + system) are given as median and p95 (nearest rank), and the outputs are
compared between the versions: the statistics file byte for byte, the paper's text (``pdftotext``) and its fonts
(``pdffonts``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_user import CONNECT_SQLITE, PLAIN_DOCUMENT, PLAIN_STATS, _p95  # noqa: E402

STATS = ["stats", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "country_of_return"]


def _env(src: str | None, user: str, keys: Path) -> dict[str, str]:
    from avrcase.services.demo.generate import demo_password

    env = dict(os.environ, AVRCASE_PASSWORD=demo_password(user), QT_QPA_PLATFORM="offscreen",
               AVRCASE_AUDIT_KEY_FILE=str(keys))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as an installed app has it
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    return env


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"rc={done.returncode}: {' '.join(command[:6])}…: {done.stderr.strip()[-500:]}")
    return wall, after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime


def _paper(path: Path) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    text = re.sub(r"\b\d{1,2}:\d{2}\b", "hh:mm", text)  # the minute it was issued, in the footer
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    # The subset prefix (AAAAAA+) and object numbers may differ; the font names, types and embedding may not.
    return text, "\n".join(" ".join(line.split()[:1] + line.split()[1:5]).split("+")[-1] for line in fonts.splitlines()[2:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a COPY of the bench store (SQLite)")
    parser.add_argument("--src", action="append", required=True, help="the src folder of each version")
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    db = str(Path(args.db).resolve())
    tmp = Path(tempfile.mkdtemp(prefix="avrcase-bench-commands-"))
    keys = tmp / "audit-keys.json"
    with sqlite3.connect(db) as c:
        number = c.execute("SELECT case_number FROM cases WHERE household_size > 2 ORDER BY id LIMIT 1").fetchone()[0]
    python = sys.executable
    figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
    outputs: dict[tuple[str, str], set] = {}

    def stats(src: str, keep: bool) -> None:
        with sqlite3.connect(db) as c:
            before = c.execute("SELECT coalesce(max(id), 0) FROM statistics_releases").fetchone()[0]
        out = tmp / "stats.csv"
        run = _timed([python, "-m", "avrcase", "--db", db, "--user", "manager", *STATS, "--out", str(out)],
                     _env(src, "manager", keys))
        with sqlite3.connect(db) as c:
            c.execute("DELETE FROM statistics_releases WHERE id > ?", (before,))
        if keep:
            figures.setdefault(("stats", src), []).append(run)
            outputs.setdefault(("stats", src), set()).add(hashlib.sha256(out.read_bytes()).hexdigest())

    def document(src: str, keep: bool) -> None:
        out = tmp / "paper.pdf"
        run = _timed([python, "-m", "avrcase", "--db", db, "--user", "counsellor", "document", "case-summary",
                      "--case", number, "--out", str(out)], _env(src, "counsellor", keys))
        if keep:
            figures.setdefault(("document", src), []).append(run)
            outputs.setdefault(("document", src), set()).add(_paper(out))

    def plain(kind: str, keep: bool) -> None:
        script = "import sys\n" + CONNECT_SQLITE + (PLAIN_STATS if kind == "stats" else PLAIN_DOCUMENT)
        extra = [str(tmp / "plain.csv")] if kind == "stats" else [number, str(tmp / "plain.bin")]
        run = _timed([python, "-c", script, db, *extra])
        if keep:
            figures.setdefault((kind, "plain script"), []).append(run)

    for round_ in range(args.runs + 1):  # round 0 warms the caches and is dropped
        keep = round_ > 0
        order = args.src if round_ % 2 else args.src[::-1]
        for src in order:
            stats(src, keep)
        plain("stats", keep)
        for src in order:
            document(src, keep)
        plain("document", keep)
        print(f"round {round_} done, load {os.getloadavg()[0]:.1f}", file=sys.stderr)

    print(f"{args.runs} alternated rounds; load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| command | version | wall median / p95 | CPU median / p95 |")
    print("|---|---|---|---|")
    for (kind, src), runs in figures.items():
        wall, cpu = [r[0] for r in runs], [r[1] for r in runs]
        print(f"| {kind} | {src} | {statistics.median(wall):.3f} / {_p95(wall):.3f} s "
              f"| {statistics.median(cpu):.3f} / {_p95(cpu):.3f} s |")
    for kind in ("stats", "document"):
        seen = [outputs[(kind, src)] for src in args.src]
        same = all(len(s) == 1 for s in seen) and all(s == seen[0] for s in seen)
        print(f"\n{kind}: the outputs of every run and version {'are the same' if same else 'DIFFER'}"
              f" ({'file bytes' if kind == 'stats' else 'text and fonts'})")


if __name__ == "__main__":
    main()
