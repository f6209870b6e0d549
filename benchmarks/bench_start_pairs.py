"""The desktop app's start, old code against new, alternated in rounds: what a person waits for on a loaded machine.

Each round runs a bare ``QMainWindow``, then ``gui_probe.py signin`` and ``gui_probe.py signed`` (the manager and a
counsellor, typing for each ``--typing`` seconds) for the old and the new code, the order swapped every round; round 0
is a warm-up and dropped. Old is a checkout's ``src`` put first on ``PYTHONPATH``; new is this checkout::

    git worktree add --detach /tmp/old main
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_start_pairs.py --db postgresql+psycopg://… \\
        --old /tmp/old/src --rounds 6 --typing 2 6

Prints median and p95 (nearest rank) of wall and CPU seconds, and each whole wait (the screen, then after Sign in)
as a multiple of the bare window of the same runs. Written for fix-pgstart14 (#14).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parent / "src"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def _run(args: list[str], src: Path | None, user: str = "manager") -> tuple[float, list[float]]:
    """Wall seconds to the probe's READY line, and the figures on it."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               AVRCASE_PASSWORD=f"{user}-demo-password", XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="avrcase-pairs-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(HERE / "gui_probe.py"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    figures: list[float] = []
    wall = float("nan")
    for line in proc.stdout:  # type: ignore[union-attr]
        if line.startswith("READY"):
            wall = time.perf_counter() - started
            figures = [float(x) for x in line.split()[1:]]
            break
    proc.wait(timeout=180)
    return wall, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the store: a SQLite file's URL or a PostgreSQL URL")
    parser.add_argument("--old", required=True, type=Path, help="the old checkout's src folder")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--typing", type=float, nargs="+", default=[2.0], help="seconds typed before Sign in")
    args = parser.parse_args()
    codes = {"old": args.old, "new": NEW_SRC}
    seen: dict[str, list[float]] = {}

    def note(key: str, value: float) -> None:
        seen.setdefault(key, []).append(value)

    for round_ in range(args.rounds + 1):
        order = ["old", "new"] if round_ % 2 else ["new", "old"]
        wall, figures = _run(["bare"], None)
        if round_:
            note("bare wall", wall)
            note("bare cpu", figures[0])
        for code in order:
            wall, figures = _run(["signin", args.db], codes[code])
            if round_:
                note(f"{code} screen wall", wall)
                note(f"{code} screen cpu", figures[0])
        for typing in args.typing:
            for user in ("manager", "counsellor"):
                for code in order:
                    _wall, figures = _run(["signed", args.db, user, f"{user}-demo-password",
                                           str(int(typing * 1000))], codes[code], user)
                    if round_:  # READY <process CPU> <s after Sign in> <s to the window up> <CPU after Sign in>
                        key = f"{code} {user} typed {typing:g} s"
                        note(f"{key} after wall", figures[1])
                        note(f"{key} after cpu", figures[3])
        print(f"round {round_} done", file=sys.stderr, flush=True)
    for key, values in seen.items():
        print(f"{key}: median {statistics.median(values):.3f} s, p95 {_p95(values):.3f} s (n={len(values)})")
    bare_wall, bare_cpu = statistics.median(seen["bare wall"]), statistics.median(seen["bare cpu"])
    for typing in args.typing:
        for user in ("manager", "counsellor"):
            for code in ("old", "new"):
                key = f"{code} {user} typed {typing:g} s"
                wall = statistics.median(seen[f"{code} screen wall"]) + statistics.median(seen[f"{key} after wall"])
                cpu = statistics.median(seen[f"{code} screen cpu"]) + statistics.median(seen[f"{key} after cpu"])
                print(f"whole wait, {key}: {wall:.2f} s, {wall / bare_wall:.1f}× wall; "
                      f"{cpu:.2f} s CPU, {cpu / bare_cpu:.1f}× CPU")


if __name__ == "__main__":
    main()
