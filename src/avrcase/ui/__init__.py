"""The desktop UI: a thin PySide6 layer over the services (see ops.py for the session boundary)."""
