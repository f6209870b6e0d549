"""A write-ahead log beside the store: a crash's (full check before use) or the work of another avrcase that has the
store open right now, a window or a command (no check: #14, a command run while the app is open paid the whole
store's integrity check)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from avrcase.store import probe, schema
from avrcase.store.schema import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SQLite's locks are looked at on POSIX only")

#: Another process with the store open: it writes (so the log is not empty), says so, and waits to be killed.
HOLDER = """import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL")
c.execute("CREATE TABLE holder_scratch (x)"); c.execute("DROP TABLE holder_scratch")
print("open", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(db_path, engine):
    engine.dispose()
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "open"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    process.stdout.close()


def test_a_log_another_process_is_writing_needs_no_check_and_a_crash_s_does(db_path, holder, monkeypatch):
    runs: list[bool] = []
    monkeypatch.setattr(schema, "verify", lambda engine, read_texts=True: runs.append(read_texts))
    monkeypatch.setattr(probe, "_CONNECTED_HERE", set())  # as in a command that starts now
    assert probe.left_unclean(db_path)
    assert probe.held_by_another_process(db_path)
    assert not probe.left_by_a_crash(db_path)
    open_store(f"sqlite:///{db_path}").dispose()
    assert runs == []  # the other process is alive: its log is its work, not a crash's

    holder.send_signal(signal.SIGKILL)  # the other process dies without closing the store
    holder.wait(timeout=10)
    monkeypatch.setattr(probe, "_CONNECTED_HERE", set())
    assert probe.left_unclean(db_path)
    assert not probe.held_by_another_process(db_path)
    assert probe.left_by_a_crash(db_path)
    open_store(f"sqlite:///{db_path}").dispose()
    assert runs == [False]  # the crash's log: checked before use


def test_once_this_process_connected_a_log_is_always_taken_for_a_crash_s(db_path, holder):
    # The probe would drop this process's own locks on the index when it closes it, so it is not asked.
    probe.note_connected_here(db_path)
    assert probe.left_by_a_crash(db_path)


def test_a_command_run_while_another_has_the_store_open_lists_without_the_full_check(db_path, actor, holder,
                                                                                     monkeypatch, capsys):
    from avrcase.cli.main import main

    runs: list[bool] = []
    monkeypatch.setattr(schema, "verify", lambda engine, read_texts=True: runs.append(read_texts))
    monkeypatch.setattr(probe, "_CONNECTED_HERE", set())
    assert main(["--db", str(db_path), "--user", "ruta", "case", "list", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("case_number,")
    assert runs == []
