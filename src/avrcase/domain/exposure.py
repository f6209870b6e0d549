"""The figures the release protection keeps from being bounded (``domain.release``), and what it found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class Target:
    """A figure the intruder must not bound: a key of table ``table`` (over ``part`` of its period when
    ``part`` is not empty), as the unknowns it sums."""

    table: int
    key: tuple[str, ...]
    part: str
    members: tuple[int, ...]
    min_cell: int


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
