"""Which backups to keep: the newest of each of the last N days, ISO weeks and months (grandfather-father-son)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rotation:
    """How many daily, weekly and monthly copies an office keeps."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def kept(times: Iterable[dt.datetime], rotation: Rotation) -> set[dt.datetime]:
    """The backup times to keep: the newest copy always, and the newest of each of the last
    ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months that have a copy."""
    ordered = sorted(set(times), reverse=True)
    keep: set[dt.datetime] = set(ordered[:1])
    periods = ((rotation.daily, lambda t: t.date()),
               (rotation.weekly, lambda t: t.isocalendar()[:2]),
               (rotation.monthly, lambda t: (t.year, t.month)))
    for count, period_of in periods:
        seen: list[object] = []
        for when in ordered:
            period = period_of(when)
            if period in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(period)
            keep.add(when)
    return keep
