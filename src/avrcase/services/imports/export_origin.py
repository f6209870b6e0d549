"""Whether a sheet is one an avrcase ``export all`` wrote, and so how its times without an offset read.

An export folder says what it is in its ``schema.json``: ``format`` ``avrcase-export`` and a ``version``:

* 1 — until 2026-12-07: ``cases.xlsx`` wrote consultation times without an offset, meaning UTC
  (``2026-12-04 09:30:00``);
* 2 — since: every time is written with its offset (``2026-12-04 09:30:00+00:00``).

A time without an offset in an office's own sheet is the office's wall time; in the sheets of a version 1
export beside their ``schema.json`` it is UTC, so an old export imports back to the same instants.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

#: What ``schema.json`` of an export says it is.
EXPORT_FORMAT = "avrcase-export"
#: The version an export writes now.
EXPORT_VERSION = 2
#: From this version on an export writes every time with its offset.
TIMES_WITH_OFFSETS = 2
#: The export's own description of the folder.
SCHEMA_FILE = "schema.json"


def export_version(sheet: Path) -> int | None:
    """The format version of the ``export all`` folder ``sheet`` lies in, or None when it is not in one."""
    try:
        described = json.loads((sheet.parent / SCHEMA_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(described, dict) or described.get("format") != EXPORT_FORMAT:
        return None
    version = described.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def naive_times_are_utc(sheet: Path) -> bool:
    """Whether ``sheet`` is of an export from before times carried their offset, so a time without one is UTC."""
    version = export_version(sheet)
    return version is not None and version < TIMES_WITH_OFFSETS


def naive_time_zone(sheet: Path, office_zone: dt.tzinfo) -> dt.tzinfo:
    """The zone a time without an offset in ``sheet`` is read in: UTC in an export from before times carried
    their offset, the office's own otherwise."""
    return dt.timezone.utc if naive_times_are_utc(sheet) else office_zone


__all__ = ["EXPORT_FORMAT", "EXPORT_VERSION", "TIMES_WITH_OFFSETS", "export_version", "naive_time_zone", "naive_times_are_utc"]
