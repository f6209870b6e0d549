"""Where a page breaks before a section heading, so that a heading never stands alone at a page's foot."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

#: A section heading starts a new page when less than this is left below it.
HEADING_MIN_SPACE = 35 * mm
#: ... or when less is left than it and the start of what follows need, measured when less than this is left.
_MEASURED_BELOW = 3 * HEADING_MIN_SPACE


def headings_kept_with_content(story: list[Flowable], width: float, page_height: float) -> list[Flowable]:
    """``story`` with a conditional page break before each heading (a paragraph of the "heading" style).

    Not keepWithNext: ReportLab then moves a heading and its whole long table to a new page, leaving most of a
    page blank. A conditional break keeps only a few rows with the heading: at least ``HEADING_MIN_SPACE``,
    more when the heading and what starts under it (a paragraph, a table's first row, two statements side by
    side in two languages) need more (a heading was left alone at a page's foot). ``width`` is the body's.
    """
    out: list[Flowable] = []
    for index, flowable in enumerate(story):
        if isinstance(flowable, Paragraph) and _is_heading(flowable.style):
            following = story[index + 1] if index + 1 < len(story) else None
            out.append(_HeadingBreak(flowable, following, width, page_height))
        out.append(flowable)
    return out


def _is_heading(style: ParagraphStyle | None) -> bool:
    """The "heading" style or a variant made of it (a heading in a script that is shaped, such as Georgian, is
    printed in a style of its own whose parent is "heading": it was never kept with what follows it)."""
    while style is not None:
        if style.name == "heading":
            return True
        style = getattr(style, "parent", None)
    return False


class _HeadingBreak(CondPageBreak):
    """A new page unless the heading and the start of what follows it fit; measured only near a page's foot
    (higher up, the first row of anything that stands under a heading fits, and measuring costs a layout)."""

    def __init__(self, heading: Paragraph, following: Flowable | None, width: float, page_height: float):
        super().__init__(HEADING_MIN_SPACE)
        self._heading, self._following = heading, following
        self._size = (width, page_height)

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        if HEADING_MIN_SPACE <= availHeight < _MEASURED_BELOW:
            following = self._start_height(self._following) if self._following is not None else 0
            needed = self._height(self._heading) + following + 2 * mm
            self.height = min(max(HEADING_MIN_SPACE, needed), _MEASURED_BELOW)
        return super().wrap(availWidth, availHeight)

    def _height(self, flowable: Flowable) -> float:
        """The room ``flowable`` takes on a page, the space above and below it included."""
        return flowable.wrap(*self._size)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()

    def _start_height(self, flowable: Flowable) -> float:
        """The height of what must stand under a heading: a table's first row (with the rows repeated on
        every page), three lines of a paragraph, or the whole of anything else."""
        height = self._height(flowable)
        rows = getattr(flowable, "_rowHeights", None)
        if isinstance(flowable, Table) and rows:
            return float(sum(rows[:1 + (flowable.repeatRows if isinstance(flowable.repeatRows, int) else 0)]))
        return height if not isinstance(flowable, Paragraph) else min(height, 3 * flowable.style.leading)
