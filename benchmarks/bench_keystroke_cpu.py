"""The CPU one search keystroke costs on PostgreSQL, client and server, beside the raw ``LIKE`` page's.

On a shared machine the wall time of a keystroke moves with the load more than with the code (#14, session 26).
The CPU it costs is steadier: the client process's (``time.process_time``) plus the server backend's (utime and
stime from ``/proc/<pg_backend_pid()>/stat``, so the server must run on this machine), per keystroke over
``--runs`` keystrokes, each as the case list runs it (count + page in one unit of work)::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_keystroke_cpu.py --db "postgresql+psycopg://…" --runs 60
"""

from __future__ import annotations

import argparse
import gc
import os
import time

import psycopg
from sqlalchemy.engine import make_url

RAW_PAGE = ("SELECT c.id, c.case_number FROM cases c JOIN persons p ON p.id = c.principal_id "
            "WHERE c.search_text LIKE %s ORDER BY c.registered_on DESC, c.id DESC LIMIT 200")


def _cpu_ms(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


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
    args = parser.parse_args()
    engine = open_store(args.db)
    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, "manager")
    gc.freeze()
    raw = psycopg.connect(make_url(args.db).set(drivername="postgresql").render_as_string(hide_password=False),
                          autocommit=True)
    raw_pid = raw.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
    for word in args.words.split(","):
        def keystroke() -> int:
            with unit_of_work(engine, write=False) as session:
                cases.list_with_count(session, actor, CaseQuery(search=word))  # noqa: B023
                return session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()

        pid = keystroke()
        client, server, wall = time.process_time(), _cpu_ms(pid), time.perf_counter()
        for _ in range(args.runs):
            if keystroke() != pid:
                raise SystemExit("the pool gave another connection: the server's CPU cannot be read")
        client, server = (time.process_time() - client) * 1000 / args.runs, (_cpu_ms(pid) - server) / args.runs
        wall = (time.perf_counter() - wall) * 1000 / args.runs
        raw.execute(RAW_PAGE, (f"%{word.lower()}%",)).fetchall()
        raw_client, raw_server = time.process_time(), _cpu_ms(raw_pid)
        for _ in range(args.runs):
            raw.execute(RAW_PAGE, (f"%{word.lower()}%",)).fetchall()
        raw_client, raw_server = ((time.process_time() - raw_client) * 1000 / args.runs,
                                  (_cpu_ms(raw_pid) - raw_server) / args.runs)
        print(f"{word:14s} keystroke CPU: client {client:5.2f} + server {server:5.2f} = {client + server:5.2f} ms | "
              f"raw page CPU: client {raw_client:4.2f} + server {raw_server:5.2f} = {raw_client + raw_server:5.2f} ms"
              f" | {(client + server) / (raw_client + raw_server):.1f}× (wall {wall:.1f} ms a keystroke)")


if __name__ == "__main__":
    main()
