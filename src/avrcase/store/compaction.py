"""Rewriting a SQLite store so that erased values leave no trace in freed pages (``VACUUM``, secure delete).

A marker file beside the store is left before such a change is committed and removed once the rewrite is done, so a
kill in between is finished at the next open (``schema.open_store``).
"""

from __future__ import annotations

import os

from sqlalchemy import Engine

from avrcase.store.engine import sqlite_path
from avrcase.store.probe import compaction_marker


def mark_compaction_needed(engine: Engine) -> None:
    """Leave the marker before a change whose old values must not stay in freed pages is committed."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None:
        marker = compaction_marker(path)
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT, 0o600))


def compact(engine: Engine) -> None:
    """Rewrite an SQLite store (``VACUUM``, freed pages zeroed) so no old value stays; then remove the marker.

    Idempotent: run again at the next start while the marker is there (a kill during ``VACUUM``).
    """
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None:
        return
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    compaction_marker(path).unlink(missing_ok=True)
