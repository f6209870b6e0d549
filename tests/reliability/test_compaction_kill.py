"""Issue #21 item 6: a real SIGKILL inside the ``VACUUM`` that follows a retention run's commit.

The child process runs the retention (a case with unique names is due), commits, and kills itself with
SIGKILL right after the commit or after a given number of SQLite progress ticks (20 VM steps each) of the
compaction that follows (checkpoint, ``VACUUM``), so the kills walk through the whole window. After each
kill the marker must be there and the next open must redo the compaction: no name left in the file or WAL.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import signal
import subprocess
import sys
import textwrap

from sqlalchemy import text

from avrcase.domain.codes import StaffRole
from avrcase.store.schema import compaction_marker, open_store
from tests.support.clock import FIXED_TODAY
from tests.support.data_protection import FAMILY, GIVEN, ORIGINAL, closed_case

LATER = FIXED_TODAY + dt.timedelta(days=366 * 11)
KILL_AFTER_TICKS = (0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048)  # 0: before the compaction begins

#: One process imports avrcase once, then forks a child for each round (``store manager ticks day`` on a line of
#: its stdin) and answers with the child's wait status and what it wrote to stderr; the child does the work.
CHILD = textwrap.dedent("""
    import datetime as dt, json, os, signal, sys, tempfile
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from avrcase.services.accounts import users
    from avrcase.services.data_protection import retention
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store


    def round_(argv):
        limit = int(argv[3])
        state = {"compacting": False, "ticks": 0}

        def _tick():
            if state["compacting"]:
                state["ticks"] += 1
                if state["ticks"] >= limit:
                    os.kill(os.getpid(), signal.SIGKILL)
            return 0

        @event.listens_for(Engine, "connect")
        def _watch(dbapi_connection, record):
            dbapi_connection.set_progress_handler(_tick, 20)

        engine = open_store("sqlite:///" + argv[1])
        with unit_of_work(engine) as session:
            actor = users.actor_by_id(session, int(argv[2]))
        today = dt.date.fromisoformat(argv[4])
        with unit_of_work(engine, actor=actor, write=False) as session:
            due = retention.preview(session, actor, None, today=today)
        with unit_of_work(engine, actor=actor) as session:
            retention.run(session, actor, due, today=today)
        state["compacting"] = True  # committed: from here on the checkpoint and the VACUUM
        if limit == 0:
            os.kill(os.getpid(), signal.SIGKILL)  # right after the commit, before the compaction begins
        retention.compact_store(engine)


    for line in sys.stdin:
        errors = tempfile.TemporaryFile()
        pid = os.fork()
        if pid == 0:  # the child: its own process, killed for real
            os.dup2(errors.fileno(), 2)
            os.dup2(errors.fileno(), 1)  # (the answers go on the first process's stdout only)
            try:
                round_(["", *line.split()])
            except BaseException:
                import traceback
                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        _pid, status = os.waitpid(pid, 0)
        errors.seek(0)
        print(json.dumps([os.waitstatus_to_exitcode(status), errors.read().decode(errors="replace")[-2000:]]),
              flush=True)
""")


def _store_bytes(path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _copy_store(source, target) -> None:
    for suffix in ("", "-wal", "-shm", ".compact-pending"):
        if (found := source.with_name(source.name + suffix)).exists():
            shutil.copy2(found, target.with_name(target.name + suffix))


def test_a_kill_inside_the_vacuum_after_retention_leaves_no_name_once_reopened(engine, db_path, actor, actor_as,
                                                                                  make_case, tmp_path):
    manager = actor_as(StaffRole.MANAGER, "manager")
    closed_case(engine, actor, make_case)
    engine.dispose()

    killed = killed_with_names_left = 0
    rounds = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for ticks in KILL_AFTER_TICKS:
        store = tmp_path / f"round-{ticks}" / "store.sqlite"
        store.parent.mkdir()
        _copy_store(db_path, store)
        rounds.stdin.write(f"{store} {manager.id} {ticks} {LATER.isoformat()}\n")
        rounds.stdin.flush()
        returncode, stderr = json.loads(rounds.stdout.readline())
        if returncode == 0:
            continue  # the compaction finished before this many ticks: nothing to redo
        assert returncode == -signal.SIGKILL, stderr
        killed += 1
        assert compaction_marker(store).exists()  # killed after the commit, before the compaction ended
        if any(name.encode("utf-8") in _store_bytes(store) for name in (FAMILY, GIVEN, ORIGINAL)):
            killed_with_names_left += 1
        reopened = open_store(f"sqlite:///{store}")
        try:
            with reopened.connect() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        finally:
            reopened.dispose()
        assert not compaction_marker(store).exists()
        raw = _store_bytes(store)
        for name in (FAMILY, GIVEN, ORIGINAL):
            assert name.encode("utf-8") not in raw, (ticks, name)
    rounds.communicate(timeout=60)  # closes its stdin: it ends
    assert rounds.returncode == 0
    # The window is real: a kill after the commit left the old names in the file until the next open.
    assert killed_with_names_left >= 1
    assert killed >= len(KILL_AFTER_TICKS) // 2  # most kills landed before the compaction ended
