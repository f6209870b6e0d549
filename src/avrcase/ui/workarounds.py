"""Work-arounds for bugs in the Qt bindings, each in one place so it can be dropped on upgrade."""

from __future__ import annotations

import ctypes
import sys

# Far more references than a session can lose (2**60 at a million lost per second lasts 36,000 years),
# and still far from overflowing the signed 64-bit counter.
_NONE_RESERVE = 1 << 60


def keep_none_alive() -> bool:
    """Make ``None`` practically immortal on CPython 3.11; return whether anything was done.

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
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < _NONE_RESERVE:
        refcount.value += _NONE_RESERVE
    return True
