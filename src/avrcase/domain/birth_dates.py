"""How two dates of birth agree, for the duplicate check (``name_matching.compare_persons``): the same day, day
and month swapped, one day apart, the same year when a date is estimated; 1 January and 1 July count less,
being the usual placeholders of a date nobody knew."""

from __future__ import annotations

import datetime as dt
from enum import Enum


class DobRule(Enum):
    """How two dates of birth agree, from strongest to none; each weighs on the match score."""

    SAME_DAY = "same_day"
    SAME_DAY_DEFAULT = "same_day_default"  # 1 January or both estimated: often a placeholder
    SWAPPED = "swapped"
    ONE_DAY_APART = "one_day_apart"
    SAME_YEAR_ESTIMATED = "same_year_estimated"
    UNKNOWN = "unknown"
    DIFFERENT = "different"


#: How much each rule takes off the name score.
DOB_PENALTY = {
    DobRule.SAME_DAY: 0.0, DobRule.SWAPPED: 0.06, DobRule.ONE_DAY_APART: 0.08,
    DobRule.SAME_DAY_DEFAULT: 0.1, DobRule.SAME_YEAR_ESTIMATED: 0.12, DobRule.UNKNOWN: 0.12,
    DobRule.DIFFERENT: 1.0,
}


def _is_default(day: dt.date) -> bool:
    return (day.month, day.day) in ((1, 1), (7, 1))


def dob_rule(a: dt.date | None, a_estimated: bool, b: dt.date | None, b_estimated: bool) -> DobRule:
    """Which rule two dates of birth agree by."""
    if a is None or b is None:
        return DobRule.UNKNOWN
    if a == b:
        return DobRule.SAME_DAY_DEFAULT if _is_default(a) or a_estimated or b_estimated else DobRule.SAME_DAY
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return DobRule.SWAPPED
    if abs((a - b).days) == 1:
        return DobRule.ONE_DAY_APART
    if a.year == b.year and (a_estimated or b_estimated or _is_default(a) or _is_default(b)):
        return DobRule.SAME_YEAR_ESTIMATED
    return DobRule.DIFFERENT


def dob_candidates(day: dt.date, estimated: bool) -> tuple[list[dt.date], int]:
    """Dates a store lookup must cover for ``dob_rule`` to find a match, and a year for estimated ones."""
    days = [day, day - dt.timedelta(days=1), day + dt.timedelta(days=1)]
    if day.day <= 12 and day.day != day.month:
        days.append(dt.date(day.year, day.day, day.month))
    return days, day.year
