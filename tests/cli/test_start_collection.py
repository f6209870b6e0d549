"""The console script imports with the cyclic collector paused, then freezes what the start made (#14).

Run in fresh interpreters: freezing the test process's objects would keep them from ever being collected.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import gc, sys, tempfile, os
sys.argv = ["avrcase", "--db", os.path.join(tempfile.mkdtemp(), "store.sqlite"), "db", "upgrade"]
import avrcase.__main__ as entry
assert not gc.isenabled(), "collection runs while the modules are imported"
assert gc.get_freeze_count() == 0
try:
    entry.main()
except SystemExit as exc:
    assert exc.code == 0, exc.code
assert gc.isenabled(), "collection was not resumed for the command"
assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()
print("ok")
"""


def _run(script: str) -> str:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_console_script_pauses_collection_while_importing_and_resumes_for_the_command():
    assert _run(SCRIPT).splitlines()[-1] == "ok"


def test_a_caller_that_did_not_pause_keeps_its_collector_as_it_was():
    script = """
import gc
import avrcase
avrcase.resume_collection()
assert gc.isenabled() and gc.get_freeze_count() == 0
gc.disable()
avrcase.resume_collection()
assert not gc.isenabled(), "a collector switched off by its owner (the desktop app) was switched on"
gc.enable(); avrcase.pause_collection(); avrcase.resume_collection(enable=False)
assert not gc.isenabled() and gc.get_freeze_count() > 0
print("ok")
"""
    assert _run(script).splitlines()[-1] == "ok"
