"""Work-arounds for bugs in the Qt bindings, each in one place so it can be dropped on upgrade."""

from __future__ import annotations

import ctypes
import gc
import sys

from PySide6.QtCore import QObject, QTimer

# Far more references than a session can lose (2**60 at a million lost per second lasts 36,000 years),
# and still far from overflowing the signed 64-bit counter.
_NONE_RESERVE = 1 << 60


def keep_none_alive() -> bool:
    """Make ``None`` (and ``True``, ``False``) practically immortal on CPython 3.11; return whether anything was done.

    WORKAROUND: PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on every Qt call that
    returns nothing (``widget.setEnabled(True)``, ``label.setText(...)`` …). After a few thousand such
    calls the count reaches zero and Python aborts with "Fatal Python error: none_dealloc" — a desktop
    session would crash after some minutes of work. CPython 3.12 made ``None`` immortal (PEP 683), so
    the bug cannot bite there; on 3.11 we give ``None`` the same protection by raising its reference
    count once, at start-up, by a huge margin. ``ob_refcnt`` is the first field of every object in a
    release build of CPython.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return False
    # ``True`` and ``False`` lose references the same way through calls that return a bool (seen as
    # "Fatal Python error: bool_dealloc" when the interpreter shuts down), so they get the same margin.
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _NONE_RESERVE:
            refcount.value += _NONE_RESERVE
    return True


def collect_garbage_if_due() -> int | None:
    """Run the cyclic garbage collector now if its thresholds are passed; return the generation collected."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    generation = None
    for level in range(3):
        if counts[level] > thresholds[level]:
            generation = level
    if generation is not None:
        gc.collect(generation)
    return generation


class MainThreadGarbageCollector(QObject):
    """Collect Python's reference cycles on the UI thread only.

    WORKAROUND: the cyclic collector runs in whichever thread happens to allocate when a threshold is
    passed. When that is a worker thread of ``Ops.run_in_background`` and the cycle holds a Qt wrapper
    (a closed dialog, a model), the C++ object is destroyed off its thread and the process crashes
    (seen as a segfault "Garbage-collecting" inside a dashboard worker). So automatic collection is
    switched off and the same thresholds are checked from a timer on the UI thread, as calibre does.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start(interval_ms)

    def _on_timer_timeout(self) -> None:
        collect_garbage_if_due()


def _names_pyside(module: object) -> bool:
    """PySide's test of whether a module uses it, reading the module's file once: does its source say "PySide6"?"""
    origin = getattr(getattr(module, "__spec__", None), "origin", None)
    if not isinstance(origin, str) or not origin.endswith(".py"):
        return False  # as PySide's own test: no source, no PySide (a frozen app's modules, built-ins, extensions)
    try:
        with open(origin, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def scan_imports_cheaply() -> bool:
    """Let PySide tell the modules that use it from the others without ``inspect``; return whether it was done.

    WORKAROUND: once PySide6 is imported, its import hook (for ``from __feature__ import …``) asks of every module
    imported later whether its source names PySide6, through ``inspect.getsource``: about 400 modules (SQLAlchemy,
    avrcase, the standard library) on the way to the main window, 70 ms of CPU of the start (#14), and their
    sources kept in ``linecache``. The same question is answered here by reading each file once. avrcase uses no
    ``__feature__``; the answer stays the same for every module, so PySide treats them as before.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False  # another PySide6 than the one this was written for: leave it alone
    setattr(feature, "_mod_uses_pyside", _names_pyside)  # noqa: B010 - a private name of PySide's
    return True
