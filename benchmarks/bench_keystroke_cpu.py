"""The CPU one search keystroke costs on PostgreSQL, client and server, beside the raw ``LIKE`` page's.

On a shared machine the wall time of a keystroke moves with the load more than with the code (#14, session 26).
The CPU it costs is steadier: the client process's (``time.process_time``) plus the server backends' (utime and
stime from ``/proc/<pid>/stat`` of every backend connected to the benchmark's database but the raw page's, so the
server must run on this machine), per keystroke over ``--runs`` keystrokes, beside the same for the raw page. A
keystroke is run as the case list runs it: ``--via service`` calls ``list_with_count`` in a unit of work of its own
(count + page), ``--via model`` sets the search on the list's own model (``CaseTableModel.set_query``: count + page +
the model's reset, through the app's ``Ops``, as the search box does)::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_keystroke_cpu.py --db "postgresql+psycopg://…" --runs 60
    QT_QPA_PLATFORM=offscreen PYTHONPATH=src .venv/bin/python benchmarks/bench_keystroke_cpu.py --db … --via model
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

import psycopg
from sqlalchemy.engine import make_url

RAW_PAGE = ("SELECT c.id, c.case_number FROM cases c JOIN persons p ON p.id = c.principal_id "
            "WHERE c.search_text LIKE %s ORDER BY c.registered_on DESC, c.id DESC LIMIT 200")


def _cpu_ms(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    from avrcase.services.accounts import users
    from avrcase.services.cases import register as cases
    from avrcase.services.dto import CaseQuery
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL (postgresql+psycopg://…)")
    parser.add_argument("--words", default="khut,Khutsishvili")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--via", choices=("service", "model"), default="service")
    args = parser.parse_args()
    engine = open_store(args.db)
    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, "manager")
    raw = psycopg.connect(make_url(args.db).set(drivername="postgresql").render_as_string(hide_password=False),
                          autocommit=True)
    raw_pid = raw.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]

    def backends() -> list[int]:  # the app's connections to this database (the pool's), not the raw one's
        return sorted(pid for (pid,) in raw.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"))

    if args.via == "model":
        from PySide6.QtWidgets import QApplication

        from avrcase.ui.change_bus import ChangeBus
        from avrcase.ui.models.case_table import CaseTableModel
        from avrcase.ui.ops import Ops

        app = QApplication.instance() or QApplication([])
        model = CaseTableModel(Ops(engine, actor, bus=ChangeBus()))

        def keystroke(word: str) -> None:
            model.set_query(CaseQuery(search=word))
            app.processEvents()
    else:
        def keystroke(word: str) -> None:
            with unit_of_work(engine, write=False) as session:
                cases.list_with_count(session, actor, CaseQuery(search=word))
    gc.freeze()
    for word in args.words.split(","):
        keystroke(word)
        pids = backends()
        client, server, walls = time.process_time(), sum(map(_cpu_ms, pids)), []
        for _ in range(args.runs):
            started = time.perf_counter()
            keystroke(word)
            walls.append((time.perf_counter() - started) * 1000)
        if backends() != pids:
            raise SystemExit("the pool opened another connection: the server's CPU cannot be read")
        client, server = (time.process_time() - client) * 1000 / args.runs, (sum(map(_cpu_ms, pids)) - server) / args.runs
        raw.execute(RAW_PAGE, (f"%{word.lower()}%",)).fetchall()
        raw_client, raw_server, raw_walls = time.process_time(), _cpu_ms(raw_pid), []
        for _ in range(args.runs):
            started = time.perf_counter()
            raw.execute(RAW_PAGE, (f"%{word.lower()}%",)).fetchall()
            raw_walls.append((time.perf_counter() - started) * 1000)
        raw_client, raw_server = ((time.process_time() - raw_client) * 1000 / args.runs,
                                  (_cpu_ms(raw_pid) - raw_server) / args.runs)
        print(f"{word:14s} keystroke CPU: client {client:5.2f} + server {server:5.2f} = {client + server:5.2f} ms | "
              f"raw page CPU: client {raw_client:4.2f} + server {raw_server:5.2f} = {raw_client + raw_server:5.2f} ms"
              f" | {(client + server) / (raw_client + raw_server):.1f}× | wall p50 / p95 {statistics.median(walls):.1f}"
              f" / {_p95(walls):.1f} ms, raw {statistics.median(raw_walls):.1f} / {_p95(raw_walls):.1f} ms")


if __name__ == "__main__":
    main()
