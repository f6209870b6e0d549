"""The figures the release protection keeps from being bounded (``domain.release``), and what it found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from avrcase.domain.disclosure import round_to_5


@dataclass(frozen=True)
class Earlier:
    """What an earlier release (table ``table`` of the linked tables) showed of a figure that changed since."""

    table: int
    value: int
    round5: bool = False

    def known(self) -> tuple[int, int]:
        """The smallest and largest value the intruder reads from what was shown (rounded to 5: ±2)."""
        if not self.round5:
            return self.value, self.value
        shown = round_to_5(self.value)
        return (max(shown - 2, 0), shown + 2) if shown else (0, 2)


@dataclass(frozen=True, eq=False)
class Target:
    """A figure the intruder must not bound: a key of table ``table`` (over ``part`` of its period when
    ``part`` is not empty), as the unknowns it sums."""

    table: int
    key: tuple[str, ...]
    part: str
    members: tuple[int, ...]
    min_cell: int
    #: For the change of a figure since an earlier release showed it (``domain.revisions``): what it showed.
    was: Earlier | None = None


@dataclass(frozen=True)
class Exposure:
    """A figure counting 1 to k−1 that the intruder can bound inside 1..k−1."""

    target: Target
    value: int
    low: float
    high: float

    def describe(self, tables: Sequence[Any]) -> str:
        """Where the figure is, for test messages and logs (codes only, never a person)."""
        t = self.target
        return (f"{tables[t.table].label or t.table} {t.key} {t.part} = {self.value}, "
                f"bounded to [{self.low:g}, {self.high:g}]")
