"""Table columns at least as wide as their headers, so a longer translation is never cut off.

A column may give up width for its cells (elided, the whole text in the tooltip) but never below its
header: "Registravimo data" must read whole, not "egistravimo dat".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView


def header_width(header: QHeaderView, section: int, *, any_sorted: bool = False, text: str | None = None) -> int:
    """The width the header text of ``section`` needs, with the style's margins (and the sort arrow's room when
    the section shows it, or in every section with ``any_sorted``: Qt's own size hint reserves that room in
    every section, wider than needed); ``text`` is measured instead of the header's own."""
    header.ensurePolished()  # the style may give headers their own font: measure with the one drawn
    model = header.model()
    if text is None:
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) if model else None
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    width = max((header.fontMetrics().horizontalAdvance(line) for line in str(text or "").split("\n")), default=0)
    width += 2 * margin
    if header.isSortIndicatorShown() and (any_sorted or header.sortIndicatorSection() == section):
        width += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    return width


def text_width(table: QTableView, text: str) -> int:
    """The width a cell needs to show ``text`` whole (with the item's margins)."""
    table.ensurePolished()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    return table.fontMetrics().horizontalAdvance(text) + 2 * margin + 4


def widen_to_headers(table: QTableView) -> None:
    """Widen every column narrower than its header text (with room for the sort arrow where a click on the
    header sorts: the column sorted by can change without the widths being set again)."""
    header = table.horizontalHeader()
    for section in range(header.count()):
        if not header.isSectionHidden(section):
            least = header_width(header, section, any_sorted=table.isSortingEnabled())
            if header.sectionSize(section) < least:
                header.resizeSection(section, least)


def narrow_to_fit(table: QTableView, columns: list[int], *, least_ems: int = 7, whole_words: bool = False,
                  spare: Sequence[int] = ()) -> None:
    """Narrow the widest of ``columns`` (text whose cells elide, the whole of it in the tooltip) until every
    column is in view, none below its header nor ``least_ems`` widths of "M"; amounts are not passed in. With
    ``whole_words`` (a table whose rows wrap) none below its longest word either, where that still lets every
    column in view. The ``spare`` columns are hidden one by one where the others do not fit (shown again when they
    do): rather a column fewer than a horizontal scroll bar."""
    if not table.isVisible():  # a hidden page's viewport has no real width yet: fitted when shown and resized
        return
    header = table.horizontalHeader()
    for column in spare:
        header.showSection(column)
    for column in spare:
        if _fits(table, columns, least_ems, whole_words):
            break
        header.hideSection(column)
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    excess = sum(header.sectionSize(c) for c in shown) - table.viewport().width()
    if excess <= 0:
        return
    em = table.fontMetrics().horizontalAdvance("M")
    widths = {c: header.sectionSize(c) for c in columns if c in shown}
    # Never below the header, with room for the sort arrow where it is drawn (Qt's own hint asks for more than that:
    # in Russian the budget's "Статья бюджета" kept 12 pixels its header does not need, and "Used" was pushed out).
    floors = {c: max(least_ems * em, header_width(header, c)) for c in widths}
    if whole_words and _fits(table, columns, least_ems, True):
        # Wrapped, a column may still end a word in "…": the budget's "Пособия на обустро…" at 1024 px in Russian.
        floors = {c: max(floors[c], _longest_word(table, c)) for c in widths}
    for column, width in give_way(widths, floors, excess).items():
        header.resizeSection(column, width)


def give_way(widths: Mapping[int, int], floors: Mapping[int, int], excess: int) -> dict[int, int]:
    """The widest first: ``widths`` narrowed (none below its floor) until ``excess`` pixels are given up, or as
    many as the floors allow."""

    def cut(cap: int) -> int:  # the width given up when no column is wider than ``cap`` (or its floor)
        return sum(max(0, width - max(cap, floors[c])) for c, width in widths.items())

    low, high = 0, max(widths.values(), default=0)  # the widest cap that still gives up ``excess``
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if cut(middle) >= excess else (low, middle - 1)
    return {column: min(width, max(low, floors[column])) for column, width in widths.items()}


def _longest_word(table: QTableView, column: int) -> int:
    """The width the longest word in ``column``'s cells needs (for a short list: every row is read)."""
    model = table.model()
    words = {word for row in range(model.rowCount())
             for word in str(model.index(row, column).data() or "").split()}
    return max((text_width(table, word) for word in words), default=0)


def _fits(table: QTableView, columns: list[int], least_ems: int, whole_words: bool) -> bool:
    """Whether the shown columns fit the table with ``columns`` narrowed to their headers and ``least_ems`` (and
    with ``whole_words`` their longest words)."""
    header = table.horizontalHeader()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    em = table.fontMetrics().horizontalAdvance("M")
    least = {c: min(header.sectionSize(c), max(least_ems * em, header_width(header, c),
                                               _longest_word(table, c) if whole_words else 0))
             for c in columns}
    return sum(least.get(c, header.sectionSize(c)) for c in shown) <= table.viewport().width()
