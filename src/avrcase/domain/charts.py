"""One neutral chart definition that the screen (QPainter) and the PDF (ReportLab graphics) both draw.

A :class:`ChartSpec` holds text already translated and numbers already decided (exact on screen,
protected in a PDF); it knows nothing of Qt or ReportLab, so one definition serves both renderers.
A value of ``None`` is a suppressed cell: drawn as no bar, labelled with the suppression mark.
"""

from __future__ import annotations

from collections.abc import Callable
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
    #: The top of a line chart's axis when values are out of a fixed whole (scores out of 100): a score of 65
    #: then stands two thirds up, not at the top as the best there can be. ``None``: the largest value.
    scale_top: int | None = None

    def __post_init__(self) -> None:
        if len(self.values) != len(self.series):
            raise ValueError("one row of values per series")
        if any(len(row) != len(self.categories) for row in self.values):
            raise ValueError("one value per category in every series")
        if self.kind is ChartKind.PYRAMID and len(self.series) != 2:
            raise ValueError("a pyramid has exactly two series")

    @property
    def axis_top(self) -> int:
        """The value at the top of a line chart's axis (at least 2 and even, so that the middle line stands at a
        whole number: with 7 at the top, the line labelled "4" was at 3.5)."""
        top = max(2, self.largest, self.scale_top or 0)
        return top + top % 2

    @property
    def largest(self) -> int:
        """The largest value shown (0 for an empty chart), for scaling an axis."""
        return max((v for row in self.values for v in row if v is not None), default=0)

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw."""
        return not self.categories or self.largest == 0


def axis_labels(chart: ChartSpec, width_of: Callable[[str], float], step: float, gap: float) -> list[int]:
    """The categories a line names under its axis (``step`` apart; ``width_of`` a label's width): evenly spaced by
    the widest label, so none overlaps its neighbour. A last category still in progress ("Dec 2026 (to 6 Dec)")
    does not set the spacing, which its longer label spread out to every fourth month; it is named only where
    the spacing reaches it and it has the room, even pushed left to stay inside the chart."""
    n = len(chart.categories)
    if n == 0:
        return []
    partial = chart.partial_last and n > 1
    regular = chart.categories[:-1] if partial else chart.categories
    every = max(1, int((width_of(max(regular, key=len)) + gap) // max(step, 1)) + 1)
    shown = list(range(0, n, every))
    if partial and len(shown) > 1 and shown[-1] == n - 1:
        room = (shown[-1] - shown[-2]) * step
        if width_of(chart.categories[-1]) + width_of(chart.categories[shown[-2]]) / 2 + gap > room:
            shown.pop()
    return shown



Point = tuple[float, float]
#: A box as (left, low, right, high), in either direction of y.
Box = tuple[float, float, float, float]


def line_clear(box: Box, points: list[Point], margin: float) -> bool:
    """Whether the line through ``points`` (and each point, a dot of radius ``margin``) stays ``margin`` or more
    away from ``box``, where a value's digits are written: a value placed on its line does not read (the line ran
    through "5" and "10" on the dashboard's returns per month). Screen and PDF place their values by it."""
    left, low, right, high = box[0] - margin, min(box[1], box[3]) - margin, box[2] + margin, max(box[1], box[3]) + margin
    for (x0, y0), (x1, y1) in zip(points, points[1:] or points):
        # Liang–Barsky: the part of the segment inside the box, if any.
        start, end, dx, dy = 0.0, 1.0, x1 - x0, y1 - y0
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - low), (dy, high - y0)):
            if p == 0:
                if q < 0:
                    break
                continue
            t = q / p
            if p < 0:
                start = max(start, t)
            else:
                end = min(end, t)
            if start > end:
                break
        else:
            return False
    return True
