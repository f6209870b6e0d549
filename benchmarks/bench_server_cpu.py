"""The CPU the in-process figures of ``bench_user.py`` cost on PostgreSQL, client and server, and their statements.

On a shared machine the wall time moves with the load more than with the code (#14, sessions 26 and 27). The CPU
is steadier: the client process's (``time.process_time``) plus that of every server backend the engine opened
(``/proc/<pid>/schedstat``, so the server must run on this machine), and the statements sent, for the dashboard's
"This year", a one-page case summary issued, a case file read (``get_case``) and the case list's model scrolled to
the end, each as ``bench_user.py`` runs it::

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src .venv/bin/python benchmarks/bench_server_cpu.py --db "postgresql+psycopg://…" --runs 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, text


def _cpu_ms(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/schedstat") as fh:
            return int(fh.read().split()[0]) / 1e6
    except FileNotFoundError:  # a backend that ended
        return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL (postgresql+psycopg://…) of a demo store")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", default="dashboard,document,case-file,scroll")
    args = parser.parse_args()
    os.environ.setdefault("AVRCASE_AUDIT_KEY_FILE", str(Path(tempfile.mkdtemp(prefix="avrcase-bench-keys-")) / "k.json"))
    from avrcase.services.accounts import users
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    engine = open_store(args.db)
    backends: set[int] = set()
    sent = [0]

    @event.listens_for(engine, "connect")
    def _noted(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT pg_backend_pid()")
        backends.add(cursor.fetchone()[0])
        cursor.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _counted(*_args) -> None:
        sent[0] += 1

    engine.dispose()  # every connection from now on is noted
    with unit_of_work(engine, write=False) as session:
        manager, counsellor = users.get_actor(session, "manager"), users.get_actor(session, "counsellor")
        one_page = session.execute(text(
            "SELECT c.id FROM cases c WHERE c.household_size = 1 AND c.id < 5000 ORDER BY "
            "(SELECT count(*) FROM consultations k WHERE k.case_id = c.id), c.id LIMIT 1")).scalar()
        household = session.execute(text("SELECT id FROM cases WHERE household_size > 2 ORDER BY id LIMIT 1")).scalar()
    gc.freeze()

    def dashboard() -> None:
        from avrcase.services.statistics import dashboard as board

        with unit_of_work(engine, write=False) as session:
            board.compute_dashboard(session, manager, board.DashboardQuery(dt.date(2026, 1, 1), dt.date(2026, 12, 4)))

    def document() -> None:
        from avrcase.services.documents import register as documents

        with unit_of_work(engine) as session:
            documents.issue_document(session, counsellor, "case-summary", one_page)

    def case_file() -> None:
        from avrcase.services.cases import case_file as files

        with unit_of_work(engine, write=False) as session:
            files.get_case(session, manager, household)

    def scroll() -> int:
        from PySide6.QtCore import QModelIndex
        from PySide6.QtWidgets import QApplication

        from avrcase.ui.change_bus import ChangeBus
        from avrcase.ui.models.case_table import CaseTableModel
        from avrcase.ui.ops import Ops

        app = QApplication.instance() or QApplication([])  # noqa: F841 - the model needs one
        model = CaseTableModel(Ops(engine, manager, bus=ChangeBus()))
        model.refresh()
        pages = 0
        while model.canFetchMore():
            model.fetchMore(QModelIndex())
            model.data(model.index(model.rowCount() - 1, 0))
            pages += 1
        return pages

    actions = {"dashboard": (dashboard, args.runs), "document": (document, args.runs * 2),
               "case-file": (case_file, args.runs * 2), "scroll": (scroll, 2)}
    for name in args.only.split(","):
        action, runs = actions[name]
        each = action()  # warmed up; the scroll says how many pages a pass reads
        count = each if isinstance(each, int) else 1
        walls = []
        statements, client, server = sent[0], time.process_time(), sum(_cpu_ms(pid) for pid in backends)
        for _ in range(runs):
            started = time.perf_counter()
            action()
            walls.append((time.perf_counter() - started) / count)
        client = (time.process_time() - client) * 1000 / (runs * count)
        server = (sum(_cpu_ms(pid) for pid in backends) - server) / (runs * count)
        per = "a page" if name == "scroll" else "each"
        print(f"{name:10s} {per}: CPU client {client:6.2f} + server {server:6.2f} = {client + server:6.2f} ms; "
              f"{(sent[0] - statements) / (runs * count):5.2f} statements; wall median {statistics.median(walls) * 1000:6.1f} ms "
              f"({runs} runs{f' of {count} pages' if name == 'scroll' else ''})")
    engine.dispose()


if __name__ == "__main__":
    main()
