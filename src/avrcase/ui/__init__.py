"""The desktop UI: a thin PySide6 layer over the services (see ops.py for the session boundary)."""

from avrcase.ui.workarounds import keep_none_alive, scan_imports_cheaply

keep_none_alive()  # before any Qt call; see the WORKAROUND in workarounds.py
scan_imports_cheaply()  # before the app's other modules load; the same
