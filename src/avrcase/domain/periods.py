"""Value types for statistics: age classes in Eurostat's coding, and calendar periods.

Age classes are those of Eurostat's return statistics (``Y_LT14``, ``Y14-17``, ``Y18-34``,
``Y_GE35``, ``UNK``); periods are months (``2026-03``), quarters (``2026-Q1``) or years (``2026``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum

from avrcase.domain.errors import ValidationError
from avrcase.i18n import N_, _


class AgeClass(StrEnum):
    """An age class at a reference date (for a return: the day of departure)."""

    UNDER_14 = "Y_LT14"
    FROM_14_TO_17 = "Y14-17"
    FROM_18_TO_34 = "Y18-34"
    FROM_35 = "Y_GE35"
    UNKNOWN = "UNK"

    @property
    def label(self) -> str:
        """The class as people say it, translated."""
        return _(_AGE_LABELS[self.value])

    @classmethod
    def at(cls, date_of_birth: dt.date | None, on: dt.date) -> AgeClass:
        """The class of a person born on ``date_of_birth`` (possibly estimated) on the day ``on``."""
        if date_of_birth is None or date_of_birth > on:
            return cls.UNKNOWN
        return cls.of_age(age_on(date_of_birth, on))

    @classmethod
    def of_age(cls, years: int | None) -> AgeClass:
        """The class of a completed age in years."""
        if years is None or years < 0:
            return cls.UNKNOWN
        if years < 14:
            return cls.UNDER_14
        if years < 18:
            return cls.FROM_14_TO_17
        if years < 35:
            return cls.FROM_18_TO_34
        return cls.FROM_35


_AGE_LABELS = {
    "Y_LT14": N_("Under 14"), "Y14-17": N_("14 to 17"), "Y18-34": N_("18 to 34"),
    "Y_GE35": N_("35 and over"), "UNK": N_("Age unknown"),
}


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Completed years of age on the day ``on`` (a person born on 29 February ages on 1 March)."""
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


class Granularity(StrEnum):
    """How long a period is; each step up generalises the one below."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year. ``index`` is the month (1-12) or quarter (1-4); 1 for a year."""

    year: int
    granularity: Granularity
    index: int = 1

    @classmethod
    def containing(cls, day: dt.date, granularity: Granularity) -> Period:
        """The period of the given length that contains ``day``."""
        if granularity is Granularity.MONTH:
            return cls(day.year, granularity, day.month)
        if granularity is Granularity.QUARTER:
            return cls(day.year, granularity, (day.month - 1) // 3 + 1)
        return cls(day.year, granularity)

    @classmethod
    def parse(cls, code: str) -> Period:
        """The period written as ``2026``, ``2026-Q1`` or ``2026-03``."""
        try:
            if len(code) == 4:
                return cls(int(code), Granularity.YEAR)
            year, rest = code.split("-")
            if rest.upper().startswith("Q"):
                period = cls(int(year), Granularity.QUARTER, int(rest[1:]))
            else:
                period = cls(int(year), Granularity.MONTH, int(rest))
            period.first_day  # noqa: B018  (refuses month 13 or quarter 5)
            return period
        except ValueError:
            raise ValidationError({"period": _("“%(code)s” is not a month, quarter or year "
                                               "(write 2026-03, 2026-Q1 or 2026).") % {"code": code}}) from None

    @property
    def code(self) -> str:
        """``2026-03``, ``2026-Q1`` or ``2026``: sorts in time order within one granularity."""
        if self.granularity is Granularity.MONTH:
            return f"{self.year:04d}-{self.index:02d}"
        if self.granularity is Granularity.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}"

    @property
    def first_day(self) -> dt.date:
        """The first day of the period."""
        month = {Granularity.MONTH: self.index, Granularity.QUARTER: 3 * self.index - 2}.get(self.granularity, 1)
        if self.granularity is Granularity.QUARTER and not 1 <= self.index <= 4:
            raise ValueError("quarter out of range")
        return dt.date(self.year, month, 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the period."""
        months = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.YEAR: 12}[self.granularity]
        start = self.first_day
        month0 = start.month - 1 + months
        return dt.date(start.year + month0 // 12, month0 % 12 + 1, 1) - dt.timedelta(days=1)

    def coarser(self, granularity: Granularity) -> Period:
        """The period of a longer (or the same) granularity that contains this one."""
        return Period.containing(self.first_day, granularity)

    def __str__(self) -> str:
        return self.code


@functools.lru_cache(maxsize=4096)
def month_code_to(code: str, granularity: Granularity) -> str:
    """Re-code a month code (``2026-03``) as the code of its month, quarter or year (kept: the release
    protection re-codes each of its unknowns' months for every linked table)."""
    return Period.parse(code).coarser(granularity).code


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")
