"""Where a whole ``avrcase stats`` process spends its CPU, phase by phase, as the release register fills (#14).

Run from a checkout on a COPY of the 100,000-case bench store (the script adds releases to it and takes them out)::

    .venv/bin/python benchmarks/bench_stats_phases.py --db COPY.sqlite --grow-to 200    # run stats until 200 releases
    .venv/bin/python benchmarks/bench_stats_phases.py --db COPY.sqlite --runs 8 --src OLD/src --src src

Each run is a child process (bytecode cached, as for a user) running ``bench_user.py``'s command as its user
(``avrcase --db COPY --user manager stats --from 2025-01-01 --to 2025-12-31 --by country_of_return --out t.csv``)
with timers on the process's CPU clock (``time.process_time``, user + system). A phase's time is its own: an import
inside it counts as an import. The interpreter's start is what the child had used before its first line. After each
run its release (and nothing else) is deleted again, so that every run meets the same register. The ``--src``
versions are alternated, run by run, with ``bench_user``'s plain ``sqlite3`` script (``PLAIN_STATS``) after each
round; the figures are medians and p95 (nearest rank).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGV = ["stats", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "country_of_return"]
USER = "manager"

#: (module, attribute, phase): the functions timed, wrapped when their module is first imported.
PHASES = (
    ("avrcase.cli.common", "open_engine", "opening the store"),
    ("avrcase.cli.common", "cli_actor", "signing in"),
    ("avrcase.services.statistics.counts", "count", "the statistics query"),
    ("avrcase.services.statistics.release", "_register", "release: reading the register"),
    ("avrcase.services.statistics.release", "_earlier", "release: earlier tables (JSON, recounted)"),
    ("avrcase.services.statistics.release", "shown_figures", "release: earlier tables (JSON, recounted)"),
    ("avrcase.services.statistics.release", "_earlier_tables", "release: earlier tables (JSON, recounted)"),
    ("avrcase.services.statistics.release", "protect_linked", "release: disclosure checks, suppression"),
    ("avrcase.services.statistics.release", "register", "release: entering it in the register"),
    ("avrcase.exports.tables", "crosstab", "writing the file"),
    ("avrcase.exports.tables", "csv_bytes", "writing the file"),
    ("avrcase.services.outgoing", "write_private", "writing the file"),
    ("avrcase.services.statistics.report", "record_table_export", "audit"),
    ("avrcase.services.audit", "write_pending", "audit"),
)
IMPORTS, REST = "interpreter start + imports", "the rest (parser, units of work, commit)"
START = "interpreter start"
EXIT = "interpreter exit (after the command)"


def child(argv: list[str]) -> None:
    """Run the command in this process with the phases timed; print them as JSON on stderr's last line."""
    clock = time.process_time
    spent: dict[str, float] = {START: clock()}
    stack = [REST]
    last = [clock()]

    def switch(to: str | None) -> None:
        now = clock()
        spent[stack[-1]] = spent.get(stack[-1], 0.0) + now - last[0]
        last[0] = now
        if to is None:
            stack.pop()
        else:
            stack.append(to)

    def timed(original, label):
        def wrapper(*args, **kwargs):
            switch(label)
            try:
                return original(*args, **kwargs)
            finally:
                switch(None)
        wrapper.__wrapped__ = original  # type: ignore[attr-defined]
        return wrapper

    import importlib._bootstrap as bootstrap

    loading = bootstrap._find_and_load
    wanted: dict[str, list[tuple[str, str]]] = {}
    for module, name, label in PHASES:
        wanted.setdefault(module, []).append((name, label))

    def find_and_load(name, import_):
        switch(IMPORTS)
        try:
            module = loading(name, import_)
        finally:
            switch(None)
        for attr, label in wanted.pop(name, ()):
            if hasattr(module, attr):
                setattr(module, attr, timed(getattr(module, attr), label))
        return module

    bootstrap._find_and_load = find_and_load
    sys.argv = ["avrcase", *argv]
    import runpy

    code = 0
    try:
        runpy.run_module("avrcase", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    while len(stack) > 1:  # a phase left by an exception
        switch(None)
    spent[REST] = spent.get(REST, 0.0) + clock() - last[0]
    spent[IMPORTS] = spent.get(IMPORTS, 0.0) + spent.pop(START)
    print(json.dumps(spent), file=sys.stderr)
    sys.exit(code)


def _register_size(db: str) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM statistics_releases").fetchone()[0]


def _env(src: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=src, AVRCASE_PASSWORD=f"{USER}-demo-password",
               XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="avrcase-bench-config-"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(db: str, src: str, out: Path, keep: bool = False) -> tuple[float, float, dict[str, float], str]:
    """One whole process: wall and CPU seconds (user + system of the child), its phases, the file's digest."""
    with sqlite3.connect(db) as c:
        before = c.execute("SELECT coalesce(max(id), 0) FROM statistics_releases").fetchone()[0]
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", db, "--out", str(out)]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=_env(src), capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"rc={done.returncode}: {done.stderr.strip()[-500:]}")
    if not keep:
        with sqlite3.connect(db) as c:  # the register as it was: every run meets the same releases
            c.execute("DELETE FROM statistics_releases WHERE id > ?", (before,))
    cpu = after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime
    phases = json.loads(done.stderr.strip().splitlines()[-1])
    phases[EXIT] = cpu - sum(phases.values())
    return wall, cpu, phases, hashlib.sha256(out.read_bytes()).hexdigest()[:12]


def run_plain(db: str, out: Path) -> tuple[float, float]:
    """``bench_user``'s baseline: a plain ``sqlite3`` script reading the same counts (wall and CPU seconds)."""
    sys.path.insert(0, str(HERE))  # not in the child: bench_user imports the app (its demo generator among others)
    from bench_user import CONNECT_SQLITE, PLAIN_STATS

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys\n" + CONNECT_SQLITE + PLAIN_STATS, db, str(out.with_suffix(".plain"))],
                   env=_env(str(HERE)), check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a COPY of the bench store (SQLite)")
    parser.add_argument("--src", action="append", help="the src folder of each version (default: this checkout's)")
    parser.add_argument("--runs", type=int, default=0, help="runs of each version, alternated, after one warm-up")
    parser.add_argument("--grow-to", type=int, default=0, metavar="N", help="run stats (kept) until N releases")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="avrcase-bench-")) / "t.csv"
    if args.child:
        child(["--db", args.db, "--user", USER, *ARGV, "--out", str(out)])
    sources = args.src or [str(HERE.parent / "src")]
    while args.grow_to and _register_size(args.db) < args.grow_to:
        run_once(args.db, sources[-1], out, keep=True)
    print(f"register: {_register_size(args.db)} releases; load {os.getloadavg()[0]:.2f}", flush=True)
    if not args.runs:
        return
    results: dict[str, list[tuple[float, float, dict[str, float], str]]] = {s: [] for s in sources}
    plain: list[tuple[float, float]] = []
    for src in sources:
        run_once(args.db, src, out)  # warm-up: bytecode written, the store's pages in the cache
    run_plain(args.db, out)
    for i in range(args.runs):
        for src in sources if i % 2 == 0 else sources[::-1]:
            results[src].append(run_once(args.db, src, out))
            wall, cpu, _phases, digest = results[src][-1]
            print(f"{i + 1:3d} {src:40s} wall {wall:.3f} s  CPU {cpu:.3f} s  file {digest}", flush=True)
        plain.append(run_plain(args.db, out))
    labels = list(dict.fromkeys(label for runs in results.values() for _w, _c, p, _d in runs for label in p))
    print(f"\n| CPU, median (p95), {args.runs} runs each | " + " | ".join(sources) + " |")
    print("|---|" + "---|" * len(sources))
    for label in labels:
        cells = []
        for src in sources:
            values = [p.get(label, 0.0) * 1000 for _w, _c, p, _d in results[src]]
            cells.append(f"{statistics.median(values):.0f} ({_p95(values):.0f}) ms")
        print(f"| {label} | " + " | ".join(cells) + " |")
    for what, at in (("whole process, CPU (user+sys)", 1), ("whole process, wall", 0)):
        cells = [f"{statistics.median([r[at] for r in results[s]]):.3f} ({_p95([r[at] for r in results[s]]):.3f}) s"
                 for s in sources]
        print(f"| {what} | " + " | ".join(cells) + " |")
    for what, at in (("plain sqlite3 script (PLAIN_STATS), CPU", 1), ("plain sqlite3 script (PLAIN_STATS), wall", 0)):
        values = [p[at] for p in plain]
        print(f"| {what} | {statistics.median(values):.3f} ({_p95(values):.3f}) s |")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
