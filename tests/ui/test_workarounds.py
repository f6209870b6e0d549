"""The PySide6 6.12 / CPython 3.11 reference leak on None must not be able to crash a long session."""

import subprocess
import sys
import textwrap

import pytest

# More void Qt calls than there are references to None in a fresh interpreter (a few thousand), so
# without the work-around the child process aborts with "none_dealloc".
_CHILD = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import avrcase.ui  # applies the work-around, as the app does
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    label = QLabel()
    start = sys.getrefcount(None)
    for i in range(max(200_000, 2 * start if start < 1 << 40 else 0)):
        label.setEnabled(True)
    print("survived")
""")


def test_a_long_session_of_void_qt_calls_does_not_abort_python():
    done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert "survived" in done.stdout


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from CPython 3.12")
def test_none_keeps_a_huge_reserve_of_references_on_python_311():
    import avrcase.ui  # noqa: F401

    assert sys.getrefcount(None) > 1 << 59


def test_cycles_are_collected_on_the_ui_thread_not_in_workers(qtbot, qapp):
    import gc

    from avrcase.ui.workarounds import MainThreadGarbageCollector

    gc.enable()  # as in a fresh process (the test session itself keeps it off)
    collector = MainThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()  # a worker allocating can no longer trigger a collection

        class Node:
            pass

        for _ in range(gc.get_threshold()[0] * 3):  # more cycles than one generation-0 threshold
            a, b = Node(), Node()
            a.other, b.other = b, a
        qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=5000)
    finally:
        collector.deleteLater()
        gc.disable()


def test_true_and_false_cannot_be_released_by_the_bindings():
    """PySide6 drops references to ``True``/``False`` too: the suite once aborted at exit with
    "Fatal Python error: bool_dealloc" (#19); like ``None`` they keep a huge margin."""
    import sys

    from avrcase.ui.workarounds import keep_none_alive

    if not keep_none_alive():
        return  # CPython 3.12+ (immortal objects): nothing to protect
    assert sys.getrefcount(True) > 1 << 59 and sys.getrefcount(False) > 1 << 59


# PySide's import hook asks of each module imported after it whether its source names PySide6: with the work-around
# the answers are the same, but no module's source goes through ``inspect`` into ``linecache`` (#14).
_SCANNED = textwrap.dedent("""
    import linecache, sys
    import PySide6.QtCore
    feature = sys.modules["shibokensupport.feature"]
    pysides_own = feature._mod_uses_pyside
    import avrcase.ui  # applies the work-around, as the app does
    import json, sqlalchemy.orm, avrcase.store.models, avrcase.ui.main_window
    names = ("json", "sqlalchemy.orm", "avrcase.store.models", "avrcase.ui.main_window", "avrcase.ui.workarounds",
             "PySide6.QtCore")
    ours = [feature._mod_uses_pyside(sys.modules[name]) for name in names]
    later = ("/sqlalchemy/", "/avrcase/store/", "/avrcase/ui/main_window.py")  # files of modules imported after it
    read = sorted(name for name in linecache.cache if name.endswith(".py") and any(part in name for part in later))
    print(ours == [pysides_own(sys.modules[name]) for name in names], ours, read)
""")


def test_pyside_tells_the_modules_that_use_it_without_reading_them_through_inspect():
    done = subprocess.run([sys.executable, "-c", _SCANNED], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["True", "[False,", "False,", "False,", "True,", "True,", "False]", "[]"]
