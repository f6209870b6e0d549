"""One neutral chart definition that the screen (QPainter) and the PDF (ReportLab graphics) both draw.

A :class:`ChartSpec` holds text already translated and numbers already decided (exact on screen,
protected in a PDF); it knows nothing of Qt or ReportLab, so one definition serves both renderers.
A value of ``None`` is a suppressed cell: drawn as no bar, labelled with the suppression mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChartKind(StrEnum):
    """How a chart is drawn."""

    #: Horizontal bars, one group per category (best for long country or stage names).
    BAR = "bar"
    #: A line over time, one point per category (months).
    LINE = "line"
    #: Two series back to back around a middle axis (women left, men right), one row per age class.
    PYRAMID = "pyramid"


@dataclass(frozen=True)
class ChartSpec:
    """A chart: ``values[s][c]`` is series ``s`` at category ``c`` (``None`` where suppressed)."""

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[int | None, ...], ...]
    #: A sentence under the chart (what is counted, or that small values are hidden).
    note: str = ""
    #: The last category covers only part of its period (this month so far): drawn dashed, so that a month
    #: not yet over does not look like a plunge.
    partial_last: bool = False

    def __post_init__(self) -> None:
        if len(self.values) != len(self.series):
            raise ValueError("one row of values per series")
        if any(len(row) != len(self.categories) for row in self.values):
            raise ValueError("one value per category in every series")
        if self.kind is ChartKind.PYRAMID and len(self.series) != 2:
            raise ValueError("a pyramid has exactly two series")

    @property
    def largest(self) -> int:
        """The largest value shown (0 for an empty chart), for scaling an axis."""
        return max((v for row in self.values for v in row if v is not None), default=0)

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw."""
        return not self.categories or self.largest == 0
