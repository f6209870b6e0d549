"""Issue #21 item 6: a real SIGKILL inside the ``VACUUM`` that follows a retention run's commit.

The child process runs the retention (a case with unique names is due), commits, and kills itself with
SIGKILL right after the commit or after a given number of SQLite progress ticks (20 VM steps each) of the
compaction that follows (checkpoint, ``VACUUM``), so the kills walk through the whole window. After each
kill the marker must be there and the next open must redo the compaction: no name left in the file or WAL.
"""

from __future__ import annotations

import datetime as dt
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

CHILD = textwrap.dedent("""
    import datetime as dt, os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from avrcase.services.accounts import users
    from avrcase.services.data_protection import retention
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    limit = int(sys.argv[3])
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

    engine = open_store("sqlite:///" + sys.argv[1])
    with unit_of_work(engine) as session:
        actor = users.actor_by_id(session, int(sys.argv[2]))
    today = dt.date.fromisoformat(sys.argv[4])
    with unit_of_work(engine, actor=actor, write=False) as session:
        due = retention.preview(session, actor, None, today=today)
    with unit_of_work(engine, actor=actor) as session:
        retention.run(session, actor, due, today=today)
    state["compacting"] = True  # committed: from here on the checkpoint and the VACUUM
    if limit == 0:
        os.kill(os.getpid(), signal.SIGKILL)  # right after the commit, before the compaction begins
    retention.compact_store(engine)
    print("compacted", flush=True)
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
    for ticks in KILL_AFTER_TICKS:
        store = tmp_path / f"round-{ticks}" / "store.sqlite"
        store.parent.mkdir()
        _copy_store(db_path, store)
        child = subprocess.run([sys.executable, "-c", CHILD, str(store), str(manager.id), str(ticks),
                                LATER.isoformat()], capture_output=True, timeout=120)
        if child.returncode == 0:
            continue  # the compaction finished before this many ticks: nothing to redo
        assert child.returncode == -signal.SIGKILL, child.stderr.decode(errors="replace")[-2000:]
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
    # The window is real: a kill after the commit left the old names in the file until the next open.
    assert killed_with_names_left >= 1
    assert killed >= len(KILL_AFTER_TICKS) // 2  # most kills landed before the compaction ended
