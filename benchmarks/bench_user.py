"""What a user feels on a large store, each figure beside its baseline measured in the same run.

Run from a checkout on a demo store (``avrcase demo --cases 100000 --seed 7``)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_user.py --db STORE.sqlite --runs 5
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_user.py --db postgresql+psycopg://… --runs 5

``--db`` is a SQLite file or a PostgreSQL URL (the office server); the baselines then read the same rows
with plain ``sqlite3`` or plain ``psycopg``.

Whole processes (the interpreter's start included): the app up to the main window with its home page filled,
the sign-in skipped (``gui_probe.py main``), ``avrcase --db STORE`` up to its sign-in screen
(``gui_probe.py signin``) and from pressing Sign in to the main window with its home page filled after typing
for 2 s (the manager, whose home page is the dashboard: its figures on screen, and the window up before them;
a counsellor, whose home page is the case list: its rows) and for 0.3 s (``gui_probe.py signed``), and a
person's whole wait (the screen, then after Sign in), each beside a bare
``QMainWindow``; ``avrcase case list --limit 0 --format csv``,
``avrcase stats`` and ``avrcase document`` beside plain ``sqlite3`` (or ``psycopg``) scripts reading the same rows.
In one process: one keystroke in the search box as the case list runs it (page + count) beside the raw
page query and beside its own statements run raw through the plain driver, opening a case file (``get_case``)
beside its raw queries, the dashboard's "This year", and scrolling the case list to the end page by page. Median
and p95 (nearest rank) of ``--runs``. ``--only deep``: the list read again with row 80,100 at the top of the view
(a change) and a sort click there, beside a page scrolled at that depth.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import inspect
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
sys.path.insert(0, str(HERE))

from common import machine, print_table  # noqa: E402

USER = "manager"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def _fmt(values: list[float], unit: str = "ms") -> str:
    scale = 1000 if unit == "ms" else 1
    return f"{statistics.median(values) * scale:.{1 if unit == 'ms' else 2}f} / {_p95(values) * scale:.{1 if unit == 'ms' else 2}f}"


def _env(user: str = USER) -> dict[str, str]:
    from avrcase.services.demo.generate import demo_password

    env = dict(os.environ, AVRCASE_PASSWORD=demo_password(user), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="avrcase-bench-config-"))
    # Bytecode caches written and used, as an installed app has them (a shell's PYTHONDONTWRITEBYTECODE=1
    # makes every start compile each changed module again).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Timings(list):
    """Wall seconds of each run, and in ``cpu`` the CPU seconds (user + system) of the same runs: on a
    shared machine the wall time includes waiting for a core, the CPU time does not."""

    def __init__(self) -> None:
        super().__init__()
        self.cpu: list[float] = []
        #: What the process measured itself (the seconds after a sign-in), when its READY line says.
        self.reported: list[float] = []
        #: The seconds from the sign-in to the window first seen up (the home page perhaps still being filled).
        self.shown: list[float] = []
        #: The seconds from the sign-in to the dashboard's first key figures on screen (its charts still counting).
        self.first: list[float] = []

    def cpu_text(self) -> str:
        return f"CPU {statistics.median(self.cpu):.2f} s" if self.cpu else ""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process(argv: list[str], *, until_ready: bool = False, runs: int, user: str = USER) -> Timings:
    """Wall (and CPU) seconds of a whole process (or until it prints READY), ``runs`` times after one warm-up."""
    times = Timings()
    for i in range(runs + 1):
        started, cpu_before = time.perf_counter(), _children_cpu()
        if until_ready:
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env(), text=True)
            cpu = None
            for line in proc.stdout:  # type: ignore[union-attr]
                if line.startswith("READY"):  # "READY <CPU seconds until then> [<seconds it measured>]"
                    cpu = float(line.split()[1]) if len(line.split()) > 1 else None
                    if i and len(line.split()) > 2:
                        times.reported.append(float(line.split()[2]))
                    if i and len(line.split()) > 3:
                        times.shown.append(float(line.split()[3]))
                    if i and len(line.split()) > 5 and line.split()[5] != "nan":
                        times.first.append(float(line.split()[5]))
                    break
            elapsed = time.perf_counter() - started
            proc.wait(timeout=120)
        else:
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(user), check=True)
            elapsed = time.perf_counter() - started
            cpu = _children_cpu() - cpu_before
        if i:
            times.append(elapsed)
            if cpu is not None:
                times.cpu.append(cpu)
    return times


# The plain scripts connect with CONNECT (sqlite3, or psycopg for a PostgreSQL URL) and use ? placeholders.
CONNECT_SQLITE = "import sqlite3; c = sqlite3.connect(sys.argv[1])\n"
CONNECT_PG = ("import psycopg; c = psycopg.connect(sys.argv[1]); _e = c.execute\n"
              "c.execute = lambda sql, params=(): _e(sql.replace('?', '%s'), params)\n")
PLAIN_LIST = """import csv, sys
w = csv.writer(sys.stdout, lineterminator="\\n")
for r in c.execute("SELECT c.case_number, c.stage, upper(p.family_name) || ' ' || p.given_names, p.citizenship, "
                   "c.country_of_return, c.household_size, c.registered_on, coalesce(u.display_name, ''), "
                   "EXISTS (SELECT 1 FROM case_vulnerabilities v WHERE v.case_id = c.id) FROM cases c "
                   "JOIN persons p ON p.id = c.principal_id LEFT JOIN users u ON u.id = c.counsellor_id "
                   "ORDER BY c.registered_on DESC, c.id DESC"):
    w.writerow(r)
"""
PLAIN_STATS = """import csv, sys
w = csv.writer(open(sys.argv[2], "w"))
w.writerows(c.execute("SELECT c.country_of_return, count(*) FROM stage_changes s JOIN cases c ON c.id = s.case_id "
                      "WHERE s.to_stage = 'departed' AND s.changed_at >= '2025-01-01' AND s.changed_at < '2026-01-01' "
                      "GROUP BY 1"))
"""
PLAIN_DOCUMENT = """import sys
case = c.execute("SELECT * FROM cases WHERE case_number = ?", (sys.argv[2],)).fetchone()
members = c.execute("SELECT p.* FROM case_members m JOIN persons p ON p.id = m.person_id WHERE m.case_id = ?", (case[0],)).fetchall()
open(sys.argv[3], "wb").write(repr((case, members)).encode())
"""


class Store:
    """The store measured: a SQLite file or a PostgreSQL URL, its SQLAlchemy URL and a plain DB-API connection."""

    def __init__(self, db: str):
        from sqlalchemy.engine import make_url

        self.postgres = db.startswith("postgresql")
        if self.postgres:
            self.url = db
            self.raw_target = make_url(db).set(drivername="postgresql").render_as_string(hide_password=False)
        else:
            self.url = f"sqlite:///{db}"
            self.raw_target = db
        self.name = (make_url(db).database or db) if self.postgres else Path(db).name
        self.plain = "psycopg" if self.postgres else "sqlite3"

    def connect(self):
        """A plain connection whose ``execute(sql, params)`` takes ``?`` placeholders on both."""
        if not self.postgres:
            return sqlite3.connect(self.raw_target)
        import psycopg

        conn = psycopg.connect(self.raw_target, autocommit=True)

        class _Raw:
            def execute(self, sql, params=()):
                return conn.execute(sql.replace("?", "%s"), params)

        return _Raw()

    def replayer(self):
        """``run(sql, params)`` on a plain connection of its own, for statements as SQLAlchemy sent them to the driver
        (``?`` and a tuple on SQLite, ``%(name)s`` and a dict on PostgreSQL), in autocommit; SQLite's page cache as
        large as the app's (``store/engine.py``), so that only the app's own work differs."""
        if self.postgres:
            import psycopg

            conn = psycopg.connect(self.raw_target, autocommit=True)
            return lambda sql, params: conn.execute(sql, params).fetchall()
        from avrcase.store.engine import CACHE_KIB

        conn = sqlite3.connect(self.raw_target, isolation_level=None)
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        return lambda sql, params: conn.execute(sql, params).fetchall()

    def script(self, body: str) -> str:
        """A plain script: connect, then ``body``."""
        return "import sys\n" + (CONNECT_PG if self.postgres else CONNECT_SQLITE) + body


def processes(store: Store, runs: int, rows: list) -> None:
    python = sys.executable
    url, db = store.url, store.url if store.postgres else store.raw_target
    tmp = Path(tempfile.mkdtemp(prefix="avrcase-bench-"))
    c = store.connect()
    number = c.execute("SELECT case_number FROM cases WHERE household_size > 2 ORDER BY id LIMIT 1").fetchall()[0][0]
    total = c.execute("SELECT count(*) FROM cases").fetchall()[0][0]
    # Nothing of ours may stay open while the processes run: a connection reading a store keeps its write-ahead
    # log, and avrcase takes a log left beside a store it opens for a crash and checks the whole store first
    # (about 3.5 s at 100,000 cases), which is what an office meets with the store open elsewhere, not a start.
    if hasattr(c, "close"):
        c.close()
    raw_target = store.raw_target
    bare = _process([python, str(HERE / "gui_probe.py"), "bare"], until_ready=True, runs=runs)
    # The floor of the fixed stack: the same bare window after only importing SQLAlchemy, its ORM, or the ORM with
    # the app's mapped models (no store, no row, no window of the app's own).
    for floor, what in (("sqlalchemy", "SQLAlchemy Core"), ("orm", "SQLAlchemy's ORM"),
                        ("models", "the ORM and avrcase's models, configured")):
        floored = _process([python, str(HERE / "gui_probe.py"), f"floor-{floor}"], until_ready=True, runs=runs)
        rows.append((f"floor: bare window after importing {what}", f"{_fmt(floored, 's')} s ({floored.cpu_text()})",
                     f"bare QMainWindow {_fmt(bare, 's')} s ({bare.cpu_text()})",
                     f"{statistics.median(floored) / statistics.median(bare):.1f}× wall, "
                     f"{statistics.median(floored.cpu) / statistics.median(bare.cpu):.1f}× CPU"))
    main = _process([python, str(HERE / "gui_probe.py"), "main", url, USER], until_ready=True, runs=runs)
    rows.append(("start → main window with rows (sign-in skipped, all loaded first)", f"{_fmt(main, 's')} s ({main.cpu_text()})",
                 f"bare QMainWindow {_fmt(bare, 's')} s ({bare.cpu_text()})",
                 f"{statistics.median(main) / statistics.median(bare):.1f}× wall, "
                 f"{statistics.median(main.cpu) / statistics.median(bare.cpu):.1f}× CPU"))
    # The quick sign-in screen is the everyday SQLite store's; on the office server (a URL given, its password in
    # it) the screen comes once everything is loaded and the server connected, as for every other start.
    screen = _process([python, str(HERE / "gui_probe.py"), "signin", url], until_ready=True, runs=runs)
    rows.append(("`avrcase` start → sign-in screen", f"{_fmt(screen, 's')} s ({screen.cpu_text()})",
                 f"bare QMainWindow {_fmt(bare, 's')} s",
                 f"{statistics.median(screen) / statistics.median(bare):.1f}× wall"))
    # Who signs in: the manager (the dashboard is their home page) and a counsellor (the case list is theirs).
    for user, typing_ms in ((USER, 2000), ("counsellor", 2000), (USER, 300)):
        signed = _process([python, str(HERE / "gui_probe.py"), "signed", url, user, _env(user)["AVRCASE_PASSWORD"],
                           str(typing_ms)], until_ready=True, runs=runs)
        after = signed.reported
        if user == USER and signed.shown:  # the window up, its dashboard still counting (its progress bar showing)
            rows.append((f"Sign in pressed → main window up, dashboard counting ({user}, typed for {typing_ms / 1000:g} s)",
                         f"{_fmt(signed.shown, 's')} s", f"bare QMainWindow {_fmt(bare, 's')} s",
                         f"{statistics.median(signed.shown) / statistics.median(bare):.1f}× wall"))
        if user == USER and signed.first:  # the four counts on screen, the charts still counting (since session 30)
            rows.append((f"Sign in pressed → dashboard's first key figures, charts counting ({user}, typed for "
                         f"{typing_ms / 1000:g} s)", f"{_fmt(signed.first, 's')} s", f"bare QMainWindow {_fmt(bare, 's')} s",
                         f"{statistics.median(signed.first) / statistics.median(bare):.1f}× wall"))
        rows.append((f"Sign in pressed → home page filled ({user}, typed for {typing_ms / 1000:g} s)",
                     f"{_fmt(after, 's')} s", f"bare QMainWindow {_fmt(bare, 's')} s",
                     f"{statistics.median(after) / statistics.median(bare):.1f}× wall"))
        if typing_ms == 2000:  # what the person waits for in all, their own typing left out
            waited = statistics.median(screen) + statistics.median(after)
            rows.append((f"a person's whole wait: sign-in screen + after Sign in to the home page filled ({user})",
                         f"{waited:.2f} s", f"bare QMainWindow {_fmt(bare, 's')} s",
                         f"{waited / statistics.median(bare):.1f}× wall"))
    avrcase = [python, "-m", "avrcase", "--db", str(db), "--user", USER]
    listing = _process([*avrcase, "case", "list", "--limit", "0", "--format", "csv"], runs=runs)
    plain = _process([python, "-c", store.script(PLAIN_LIST), raw_target], runs=runs)
    rows.append(("`case list --limit 0 --format csv`",
                 f"{_fmt(listing, 's')} s ({total / statistics.median(listing) / 1000:.0f}k rows/s; {listing.cpu_text()})",
                 f"plain {store.plain} script {_fmt(plain, 's')} s", f"{statistics.median(listing) / statistics.median(plain):.1f}×"))
    stats = _process([*avrcase, "stats", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "country_of_return",
                      "--out", str(tmp / "stats.csv")], runs=runs)
    plain = _process([python, "-c", store.script(PLAIN_STATS), raw_target, str(tmp / "plain.csv")], runs=runs)
    rows.append(("`avrcase stats …` whole process", f"{_fmt(stats, 's')} s ({stats.cpu_text()})", f"plain script {_fmt(plain, 's')} s",
                 f"{statistics.median(stats) / statistics.median(plain):.1f}×"))
    counsellor = [python, "-m", "avrcase", "--db", str(db), "--user", "counsellor"]  # may issue documents
    document = _process([*counsellor, "document", "case-summary", "--case", number, "--out", str(tmp / "d.pdf")],
                        runs=runs, user="counsellor")
    plain = _process([python, "-c", store.script(PLAIN_DOCUMENT), raw_target, number, str(tmp / "plain.bin")],
                     runs=runs)
    rows.append(("`avrcase document …` whole process", f"{_fmt(document, 's')} s ({document.cpu_text()})", f"plain script {_fmt(plain, 's')} s",
                 f"{statistics.median(document) / statistics.median(plain):.1f}×"))


def _timed(fn, runs: int) -> list[float]:
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _own_statements(engine, run) -> list[tuple[str, object]]:
    """The statements (and their values) one run of ``run`` sends, as the driver gets them; not the transaction's
    own BEGIN and ROLLBACK, nor the pool's ping (the driver sends those itself on PostgreSQL)."""
    from sqlalchemy import event

    sent: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if statement.strip().upper() not in ("BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return sent


def in_process(store: Store, runs: int, rows: list) -> None:
    from avrcase.services.accounts import users
    from avrcase.services.cases import case_file
    from avrcase.services.cases import register as cases
    from avrcase.services.dto import CaseQuery
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    engine = open_store(store.url)
    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, USER)
    # As the app does once its window is up (avrcase.resume_collection): what exists now lives as long as the
    # process, and the cyclic collector leaves it out. Without this, every full collection walks all of
    # SQLAlchemy and Qt (about 55 ms here) and lands on whichever page happens to pass its threshold.
    gc.freeze()
    short = getattr(cases, "is_short_search", lambda q: False)

    def keystroke(text: str):
        """As the case list's model runs a keystroke: one read of the count and the first page (since #14's
        fifth pass), or before that a count and a page, each in a unit of work of its own."""
        def run():
            query = CaseQuery(search=text)
            if hasattr(cases, "list_with_count"):
                with unit_of_work(engine, write=False) as session:
                    cases.list_with_count(session, actor, query)
                return
            cap = (cases.count_cap(query) if hasattr(cases, "count_cap")  # the list's own cap (#14)
                   else getattr(cases, "SHORT_SEARCH_COUNT_CAP", None) if short(query) else None)
            with unit_of_work(engine, write=False) as session:
                cases.count_cases(session, actor, query, **({"cap": cap} if cap else {}))
            with unit_of_work(engine, write=False) as session:
                cases.list_cases(session, actor, query)
        return run

    raw = store.connect()

    def raw_page(token: str):
        def run():
            raw.execute("SELECT c.id, c.case_number FROM cases c JOIN persons p ON p.id = c.principal_id "
                        "WHERE c.search_text LIKE ? ORDER BY c.registered_on DESC, c.id DESC LIMIT 200",
                        (f"%{token}%",)).fetchall()
        return run

    replay = store.replayer()
    for text in ("khut", "Khutsishvili", "a", "ab", "ana", "zzqx"):
        feel = _timed(keystroke(text), runs * 4)
        base = _timed(raw_page(text.lower()), runs * 4)
        rows.append((f"keystroke: search '{text}' (count + page)", _fmt(feel) + " ms", "raw LIKE page " + _fmt(base) + " ms",
                     f"{statistics.median(feel) / statistics.median(base):.1f}×"))
        # The second baseline: the keystroke's own statements, as the app sent them, run raw. What the search's
        # spelling tolerance costs the store shows beside the LIKE page; what the app adds shows beside this.
        own = _own_statements(engine, keystroke(text))
        mine = _timed(lambda own=own: [replay(sql, params) for sql, params in own], runs * 4)  # type: ignore[misc]
        rows.append((f"keystroke: search '{text}', its own {len(own)} statements", _fmt(feel) + " ms",
                     f"the same run raw ({store.plain}) {_fmt(mine)} ms",
                     f"{statistics.median(feel) / statistics.median(mine):.1f}×"))

    with unit_of_work(engine, write=False) as session:
        case_id = session.execute(__import__("sqlalchemy").text(
            "SELECT id FROM cases WHERE household_size > 2 ORDER BY id LIMIT 1")).scalar()

    def open_case():
        with unit_of_work(engine, write=False) as session:
            case_file.get_case(session, actor, case_id)

    def raw_case():
        raw.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchall()
        raw.execute("SELECT * FROM case_members m JOIN persons p ON p.id = m.person_id WHERE m.case_id = ?", (case_id,)).fetchall()
        raw.execute("SELECT * FROM case_vulnerabilities WHERE case_id = ?", (case_id,)).fetchall()
        raw.execute("SELECT * FROM stage_changes WHERE case_id = ?", (case_id,)).fetchall()
        raw.execute("SELECT * FROM consultations WHERE case_id = ?", (case_id,)).fetchall()
        raw.execute("SELECT f.* FROM follow_ups f JOIN consultations c ON c.id = f.consultation_id WHERE c.case_id = ?",
                    (case_id,)).fetchall()

    feel, base = _timed(open_case, runs * 4), _timed(raw_case, runs * 4)
    rows.append(("case file read (`get_case`, rolled back)", _fmt(feel) + " ms", "its 6 raw queries " + _fmt(base) + " ms",
                 f"{statistics.median(feel) / max(statistics.median(base), 1e-6):.0f}×"))

    _issue_a_document(engine, runs, rows)

    from avrcase.services.statistics import dashboard

    this_year = dashboard.DashboardQuery(dt.date(2026, 1, 1), dt.date(2026, 12, 4))

    def compute():
        with unit_of_work(engine, write=False) as session:
            dashboard.compute_dashboard(session, actor, this_year)

    feel = _timed(compute, runs)
    rows.append(("dashboard \"This year\" (`compute_dashboard`)", _fmt(feel) + " ms", "—", ""))
    if "shown" in inspect.signature(dashboard.compute_dashboard).parameters:  # as the dashboard view runs it (session 30)
        first: list[float] = []

        def compute_as_shown():
            started = time.perf_counter()
            heard: list[float] = []
            with unit_of_work(engine, write=False) as session:
                dashboard.compute_dashboard(session, actor, this_year,
                                            shown=lambda _f: heard or heard.append(time.perf_counter() - started))
            first.extend(heard)

        whole = _timed(compute_as_shown, runs)
        first = first[1:]  # the warm-up's left out, as _timed does
        rows.append(("dashboard \"This year\" as the view runs it: the first key figures", _fmt(first) + " ms", "—", ""))
        rows.append(("dashboard \"This year\" as the view runs it: every figure and chart", _fmt(whole) + " ms",
                     "`compute_dashboard` alone " + _fmt(feel) + " ms", f"{statistics.median(whole) / statistics.median(feel):.2f}×"))

    # Scrolling to the end: every page of 200 as the list asks for it.
    page_times: list[float] = []
    query = CaseQuery(limit=200)
    keyset = "after" in {f.name for f in dataclasses.fields(CaseQuery)}
    with unit_of_work(engine, write=False) as session:
        after, offset = None, 0
        while True:
            started = time.perf_counter()
            page = cases.list_cases(session, actor, dataclasses.replace(query, after=after) if keyset
                                    else dataclasses.replace(query, offset=offset))
            page_times.append(time.perf_counter() - started)
            if len(page) < query.limit:
                break
            offset += len(page)
            after = page[-1].sort_key if keyset else None
    rows.append((f"scroll to the end: {len(page_times)} pages of 200",
                 f"{_fmt(page_times)} ms (first {page_times[0] * 1000:.1f}, last {page_times[-1] * 1000:.1f}, "
                 f"max {max(page_times) * 1000:.1f})",
                 "—", ""))
    _open_case_files(engine, actor, case_id, runs, rows)
    _scroll_the_list(engine, actor, rows)
    engine.dispose()


def _open_case_files(engine, actor, case_id: int, runs: int, rows: list) -> None:
    """The case file window as the main window opens it: built, shown and painted (offscreen), then closed."""
    from PySide6.QtWidgets import QApplication

    from avrcase.ui.change_bus import ChangeBus
    from avrcase.ui.ops import Ops
    from avrcase.ui.views.case_file import CaseFileView

    app = QApplication.instance() or QApplication([])
    bus = ChangeBus()
    ops = Ops(engine, actor, bus=bus)

    def open_one():
        view = CaseFileView(ops, bus, case_id)
        view.show()
        app.processEvents()
        view.close()
        app.processEvents()

    times = _timed(open_one, runs * 4)
    rows.append(("open a case file window (built, shown, painted)", _fmt(times) + " ms", "—", ""))
    ops.wait_for_background()


def _issue_a_document(engine, runs: int, rows: list) -> None:
    """A one-page case summary issued and committed (read the case, build, render, hash, store, audit) beside
    rendering its ready snapshot alone (ReportLab and our layout: the least issuing can cost)."""
    import sqlalchemy

    from avrcase.documents.registry import DOCUMENT_TYPES
    from avrcase.services import office
    from avrcase.services.accounts import users
    from avrcase.services.cases import case_file
    from avrcase.services.documents import case_snapshots
    from avrcase.services.documents import register as documents
    from avrcase.services.uow import unit_of_work

    with unit_of_work(engine, write=False) as session:
        counsellor = users.get_actor(session, "counsellor")
        profile = office.get_office_profile(session, counsellor)
        case_id = session.execute(sqlalchemy.text(
            "SELECT c.id FROM cases c WHERE c.household_size = 1 AND c.id < 5000 ORDER BY "
            "(SELECT count(*) FROM consultations k WHERE k.case_id = c.id), c.id LIMIT 1")).scalar()  # one page
        case = case_file.get_case(session, counsellor, case_id)
    kind = DOCUMENT_TYPES["case-summary"]
    snapshot = case_snapshots.case_summary_snapshot(case, profile, profile.office_language,
                                                    dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.timezone.utc),
                                                    show_sensitive=True)
    pages = kind.render(snapshot).pages

    def issue():
        with unit_of_work(engine) as session:
            documents.issue_document(session, counsellor, "case-summary", case_id)

    feel, base = _timed(issue, runs * 4), _timed(lambda: kind.render(snapshot), runs * 4)
    rows.append((f"a case summary issued, committed ({pages} page{'s' if pages > 1 else ''})", _fmt(feel) + " ms",
                 "its snapshot rendered alone " + _fmt(base) + " ms",
                 f"{statistics.median(feel) / statistics.median(base):.1f}×"))


def _scroll_the_list(engine, actor, rows: list) -> None:
    """The case list's own model scrolled to the end as the view asks (fetchMore, then the new rows painted), in
    three orders (newest first, by name, one stage): each page's time, the worst page and how many took over 5 ms,
    the collections that ran inside pages, and how many rows the model holds (bounded since #14). Before the scroll
    the list stands still as long as a person looks at its first page (the model may read ahead meanwhile). The
    baseline: a fixed piece of work (2 ms of CPU when calibrated) run after every page, so a slow page is told from a
    slow moment of the machine: when the fixed work has as many over 5 ms as the pages, the waits are the machine's."""
    import resource

    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QApplication

    from avrcase.services.dto import CaseQuery, Stage
    from avrcase.ui.change_bus import ChangeBus
    from avrcase.ui.models.case_table import CaseTableModel
    from avrcase.ui.ops import Ops

    app = QApplication.instance() or QApplication([])
    ops = Ops(engine, actor, bus=ChangeBus())
    collections: list[int] = []
    work = _calibrated_work()

    def noted(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(noted)
    orders = (("newest first", CaseQuery()), ("by name", CaseQuery(sort="principal_name", descending=False)),
              ("stage 'closed'", CaseQuery(stage=Stage.CLOSED)))
    try:
        for title, query in orders:
            model = CaseTableModel(ops)
            model.set_query(query)
            standing = time.perf_counter() + 1.0
            while time.perf_counter() < standing:  # a second looking at the first page, events handled
                app.processEvents()
                time.sleep(0.01)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            times, cpu, held, in_pages = [], [], [], []
            fixed, fixed_cpu = [], []  # the baseline: the same fixed piece of work after every page
            while model.canFetchMore():
                collections.clear()
                started, started_cpu = time.perf_counter(), time.thread_time()
                model.fetchMore(QModelIndex())
                model.data(model.index(model.rowCount() - 1, 0))
                times.append(time.perf_counter() - started)
                cpu.append(time.thread_time() - started_cpu)
                held.append(getattr(model, "rows_in_memory", model.rowCount()))
                in_pages.extend(collections)
                started, started_cpu = time.perf_counter(), time.thread_time()
                _fixed_work(work)
                fixed.append(time.perf_counter() - started)
                fixed_cpu.append(time.thread_time() - started_cpu)
            grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
            over = sum(1 for t in times if t > 0.005)
            worst = max(range(len(times)), key=times.__getitem__)
            rows.append((f"the list's model scrolled to the end, {title} ({len(times)} pages, {model.rowCount()} rows)",
                         f"{_fmt(times)} ms a page; max {max(times) * 1000:.1f} (page {worst + 1}, CPU "
                         f"{cpu[worst] * 1000:.1f}), {over} over 5 ms; CPU max {max(cpu) * 1000:.1f}; collections in "
                         f"pages {len(in_pages)} (full {in_pages.count(2)}); at most {max(held)} rows held; "
                         f"peak RSS +{grown:.0f} MB",
                         f"fixed work after each page {_fmt(fixed)} ms; max {max(fixed) * 1000:.1f}, "
                         f"{sum(1 for t in fixed if t > 0.005)} over 5 ms; CPU max {max(fixed_cpu) * 1000:.1f}",
                         f"pages over 5 ms {over}, fixed work {sum(1 for t in fixed if t > 0.005)}"))
            model.deleteLater()
    finally:
        gc.callbacks.remove(noted)
    ops.wait_for_background()


def _fixed_work(rounds: int) -> int:
    """A fixed piece of pure-Python work (tuples made and summed, as a page's rows are), the scroll's baseline: the
    same instructions every time, so a slow one is the machine's (a core taken, the interpreter waited for)."""
    total = 0
    for i in range(rounds):
        row = (i, str(i), i * 2, None, "x")
        total += len(row[1]) + row[2]
    return total


def _calibrated_work(target: float = 0.002) -> int:
    """The rounds of ``_fixed_work`` that take about ``target`` seconds of CPU here (the best of five tries)."""
    rounds = 10_000
    best = min(_timed_cpu(lambda: _fixed_work(rounds)) for _ in range(5))
    return max(1, int(rounds * target / best))


def _timed_cpu(fn) -> float:
    started = time.thread_time()
    fn()
    return time.thread_time() - started


def scroll_only(store: Store, rows: list) -> None:
    """``--only scroll``: the case list scrolled to the end, as ``in_process`` measures it."""
    from avrcase.services.accounts import users
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    engine = open_store(store.url)
    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, USER)
    gc.freeze()  # as in_process (and the app once its window is up)
    _scroll_the_list(engine, actor, rows)
    engine.dispose()


#: Where ``--only deep`` reads the list again: the top row of the view, 80,100 rows down (31 rows shown).
DEEP_ROW, SHOWN_ROWS = 80_100, 31


def _deep_in_the_list(engine, actor, runs: int, rows: list) -> None:
    """``--only deep``: a refresh with the view at row 80,100 of the newest first (the change bus, another computer's
    change) and a sort click (by name) there, then the first drag to the end, beside a page scrolled at that depth.

    The list's own model as the view asks it: after a refresh the rows in view painted (``data``), after the sort
    the rows at the end of the list (and the page after, when it can fetch more). Each figure the wall and the
    thread CPU of ``runs`` runs; the pages read by position (an OFFSET past the first row) and the counts of the
    cases before a key set are counted with a ``before_cursor_execute`` listener."""
    import inspect
    import re

    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    from avrcase.ui.change_bus import ChangeBus
    from avrcase.ui.models.case_table import COL_NUMBER, COL_PRINCIPAL, CaseTableModel
    from avrcase.ui.ops import Ops

    app = QApplication.instance() or QApplication([])
    ops = Ops(engine, actor, bus=ChangeBus())
    sent: list[tuple[str, object]] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, parameters, context, many: sent.append((statement, parameters)))

    def read_deep() -> tuple[CaseTableModel, list[float], list[float]]:
        model = CaseTableModel(ops)
        model.set_query(model.query)
        times, cpu = [], []
        while model.rowCount() < DEEP_ROW + 400 and model.canFetchMore():
            started, started_cpu = time.perf_counter(), time.thread_time()
            model.fetchMore(QModelIndex())
            model.data(model.index(model.rowCount() - 1, COL_NUMBER))
            times.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - started_cpu)
        paint(model, DEEP_ROW)
        app.processEvents()
        return model, times[-20:], cpu[-20:]

    def paint(model, first: int) -> None:
        for row in range(max(0, first), min(first + SHOWN_ROWS, model.rowCount())):
            model.data(model.index(row, COL_NUMBER))
            model.data(model.index(row, COL_PRINCIPAL))

    def by_position() -> int:  # statements with an OFFSET past the first row (SQLite: ?, PostgreSQL: %(name)s)
        count = 0
        for statement, values in sent:
            for found in re.finditer(r"OFFSET\s+(?:\?|%\((\w+)\)s)", statement):
                offset = (values[found.group(1)] if found.group(1) else values[statement[:found.start()].count("?")])
                if offset:
                    count += 1
                    break
        return count

    def counted_before() -> int:
        return sum(1 for statement, _ in sent if statement.lstrip().startswith("SELECT count(*)")
                   and re.search(r"\) [<>] \(", statement))

    keeps_top = "top" in inspect.signature(CaseTableModel.refresh).parameters
    model, page_times, page_cpu = read_deep()
    refresh_times, refresh_cpu, kept = [], [], 0
    sent.clear()
    for i in range(runs + 1):
        top_case = model.case_row(DEEP_ROW).id
        started, started_cpu = time.perf_counter(), time.thread_time()
        model.refresh(top=DEEP_ROW) if keeps_top else model.refresh()
        paint(model, DEEP_ROW)
        elapsed, spent = time.perf_counter() - started, time.thread_time() - started_cpu
        app.processEvents()  # the first page the column widths read (the view's), and what was put off
        kept += model.case_row(DEEP_ROW).id == top_case
        if i:
            refresh_times.append(elapsed)
            refresh_cpu.append(spent)
    rows.append((f"a page scrolled at row ~{DEEP_ROW:,} (newest first; {len(page_times)} pages)",
                 f"{_fmt(page_times)} ms (CPU {_fmt(page_cpu)})", "—", ""))
    rows.append((f"a refresh with row {DEEP_ROW:,} at the top, its rows painted ({runs} runs)",
                 f"{_fmt(refresh_times)} ms (CPU {_fmt(refresh_cpu)}); pages by position {by_position()}, counts "
                 f"before a key set {counted_before()}; the top case kept {kept} of {runs + 1}",
                 f"a page there {_fmt(page_times)} ms",
                 f"{statistics.median(refresh_times) / statistics.median(page_times):.1f}×"))
    model.deleteLater()
    _deep_view_refresh(ops, runs, rows)
    sort_times, sort_cpu, by_position_sort = [], [], 0
    for i in range(runs + 1):
        model, _t, _c = read_deep()
        sent.clear()
        started, started_cpu = time.perf_counter(), time.thread_time()
        model.sort(COL_PRINCIPAL, Qt.SortOrder.AscendingOrder)
        paint(model, model.rowCount() - SHOWN_ROWS)  # the first drag to the end
        if model.canFetchMore():  # the view asks for more at the end
            model.fetchMore(QModelIndex())
            paint(model, model.rowCount() - SHOWN_ROWS)
        elapsed, spent = time.perf_counter() - started, time.thread_time() - started_cpu
        by_position_sort += by_position()
        if i:
            sort_times.append(elapsed)
            sort_cpu.append(spent)
        model.deleteLater()
        app.processEvents()
    rows.append((f"a sort click (by name) at row ~{DEEP_ROW:,}, then the first drag to the end ({runs} runs)",
                 f"{_fmt(sort_times)} ms (CPU {_fmt(sort_cpu)}); pages by position {by_position_sort}",
                 f"a page {_fmt(page_times)} ms", f"{statistics.median(sort_times) / statistics.median(page_times):.1f}×"))
    ops.wait_for_background()


def _deep_view_refresh(ops, runs: int, rows: list) -> None:
    """The real ``CaseListView`` (1280×800, offscreen) with row 80,100 at its top and a row selected, refreshed as
    the change bus does it, events handled: where its top row and its selection are after, and the time."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from avrcase.ui.views.case_list import CaseListView

    app = QApplication.instance()
    view = CaseListView(ops)
    view.resize(1280, 800)
    view.apply_filters()
    view.show()
    model, table = view.model, view.table
    while model.rowCount() < DEEP_ROW + 400 and model.canFetchMore():
        model.fetchMore(QModelIndex())
    times, cpu, tops, kept = [], [], [], 0
    for i in range(runs + 1):
        app.processEvents()
        table.scrollTo(model.index(DEEP_ROW, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        table.selectRow(DEEP_ROW + 5)
        app.processEvents()
        top, selected = table.rowAt(0), view.current_case_id()
        top_case = model.case_row(top).id
        started, started_cpu = time.perf_counter(), time.thread_time()
        view.refresh()
        app.processEvents()
        elapsed, spent = time.perf_counter() - started, time.thread_time() - started_cpu
        tops.append(table.rowAt(0))
        kept += model.case_row(table.rowAt(0)).id == top_case and view.current_case_id() == selected
        if i:
            times.append(elapsed)
            cpu.append(spent)
    rows.append((f"the case list view refreshed with row ~{DEEP_ROW:,} at its top, events handled ({runs} runs)",
                 f"{_fmt(times)} ms (CPU {_fmt(cpu)}); top row after: {', '.join(f'{t:,}' for t in tops)}; the top "
                 f"case and the selection kept {kept} of {runs + 1}", "—", ""))
    view.deleteLater()


def deep_only(store: Store, runs: int, rows: list) -> None:
    """``--only deep``: a refresh and a sort click deep in the case list (``_deep_in_the_list``)."""
    from avrcase.services.accounts import users
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    engine = open_store(store.url)
    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, USER)
    gc.freeze()  # as in_process (and the app once its window is up)
    _deep_in_the_list(engine, actor, runs, rows)
    engine.dispose()


def main() -> None:
    """Parse the options, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True,
                        help="a demo store (avrcase demo --cases 100000 --seed 7): a SQLite file or a PostgreSQL URL")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("processes", "in-process", "scroll", "deep"),
                        help="scroll: only the case list scrolled to the end (in-process); deep: a refresh and a sort "
                             "click 80,100 rows down the case list")
    args = parser.parse_args()
    # The audit key file of a computer that works on this store: every commit that seals reads and rewrites it,
    # and the developer's own notes every store the benchmarks ever copied (200 and more), which no office's does.
    keys = Path(tempfile.mkdtemp(prefix="avrcase-bench-keys-")) / "audit-keys.json"
    os.environ.setdefault("AVRCASE_AUDIT_KEY_FILE", str(keys))
    rows: list = []
    store = Store(args.db)
    if args.only in (None, "processes"):
        processes(store, args.runs, rows)
    if args.only in (None, "in-process"):
        in_process(store, args.runs, rows)
    if args.only == "scroll":
        scroll_only(store, rows)
    if args.only == "deep":
        deep_only(store, args.runs, rows)
    print(f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"Store: {store.name} ({'PostgreSQL' if store.postgres else 'SQLite'}); median / p95 of {args.runs} runs (in-process figures: {args.runs * 4} runs)\n")
    print_table(("what a user feels", "median / p95", "baseline (same run)", "ratio"), rows)


if __name__ == "__main__":
    main()
