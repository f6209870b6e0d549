"""A small QPainter chart: draws a :class:`~avrcase.domain.charts.ChartSpec` as bars, a line or a pyramid.

No chart library: plain QPainter renders the same on screen, offscreen in tests and in ``grab()``,
and the one neutral definition also feeds the PDF renderer (``documents.charts``). Every value is
written beside its bar or point, so the numbers on screen are exact.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from avrcase.domain.charts import ChartKind, ChartSpec, axis_labels, line_clear
from avrcase.domain.disclosure import SUPPRESSED_MARK
from avrcase.i18n import _
from avrcase.i18n.format import format_number
from avrcase.ui import palette

#: Series colours (the documents' accent blue first, then a warm contrast).
SERIES_COLOURS = palette.CHART_SERIES
GRID = palette.CHART_GRID
MUTED = palette.SECONDARY
PADDING = 8
BAR_GAP = 3
#: Least height of one bar row, so labels never overlap.
ROW_MIN = 17


def stacked_tops(wanted: list[float], height: float, low: float, high: float, gap: float = 3) -> list[float]:
    """Tops for labels of ``height`` wanted at ``wanted`` (ascending: the label of the highest point first, each
    ``gap`` above its point) so that none covers another. Labels that would touch are stacked in the same order
    above the highest of their points, or below the lowest where ``low`` leaves no room above, so that none covers
    a point of its group either; a stack that fits neither way stays between ``low`` and ``high``."""
    blocks: list[list[float]] = []  # [top, count, wanted top of its lowest label], from the lowest block up
    for want in reversed(wanted):
        if blocks and want + height > blocks[-1][0]:
            count = blocks[-1][1] + 1
            blocks[-1] = [want + height - count * height, count, blocks[-1][2]]  # above this, the highest
        else:
            blocks.append([want, 1, want])
    tops: list[float] = []
    for top, count, lowest in reversed(blocks):
        if top < low:  # no room above: under the lowest point of the stack
            top = lowest + height + 2 * gap
        top = max(low, min(top, high - count * height))
        if tops:  # a stack moved down must not cover the one after it
            top = max(top, tops[-1] + height)
        tops.extend(top + i * height for i in range(int(count)))
    return tops


def _value_text(value: int | None) -> str:
    return SUPPRESSED_MARK if value is None else format_number(value)


class ChartWidget(QWidget):
    """Draws one chart; ``set_chart(None)`` shows an empty frame while numbers are being computed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart: ChartSpec | None = None
        #: Where the last painting put the labels under a line's axis, and what they say.
        self.axis_label_rects: list[tuple[QRectF, str]] = []
        #: What the last painting wrote up a line's value axis, bottom to top.
        self.value_axis_labels: list[str] = []
        #: Where the last painting put a line's values beside its points, and what they say.
        self.point_label_rects: list[tuple[QRectF, str]] = []
        #: Where the last painting put the series' names and the note under the chart.
        self.legend_rects: list[tuple[QRectF, str]] = []
        self.note_rect = QRectF()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 180)

    def set_chart(self, chart: ChartSpec | None) -> None:
        """Show ``chart`` (exact values for staff); the tooltip lists every value for reading aloud."""
        self.chart = chart
        if chart is not None and chart.kind is not ChartKind.LINE:
            # Room for every category on its own line (long lists grow the widget; the page scrolls).
            rows = len(chart.categories) * (len(chart.series) if chart.kind is ChartKind.BAR else 1)
            self.setMinimumHeight(max(180, 2 * PADDING + 3 * self.fontMetrics().height() + rows * ROW_MIN))
        self.setAccessibleName(chart.title if chart else "")
        self.setToolTip(self.describe())
        self.update()

    def describe(self) -> str:
        """The chart's values as text, one category a line."""
        if self.chart is None:
            return ""
        lines = [self.chart.title]
        for c, category in enumerate(self.chart.categories):
            shown = ", ".join(_value_text(row[c]) for row in self.chart.values)
            lines.append(f"{category}: {shown}")
        return "\n".join(lines)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(440, 280)

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(QColor(GRID))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        area = QRectF(self.rect()).adjusted(PADDING, PADDING, -PADDING, -PADDING)
        if self.chart is None:
            painter.end()
            return
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(self.palette().text().color())
        title_height = QFontMetrics(title_font).height() + 4
        painter.drawText(area.adjusted(0, 0, 0, -(area.height() - title_height)),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextSingleLine, self.chart.title)
        painter.setFont(self.font())
        area.adjust(0, title_height + 2, 0, 0)
        if self.chart.note:  # on as many lines as the width needs (a Lithuanian note ran off a narrow chart)
            wrap = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
            note_height = self.fontMetrics().boundingRect(area.toAlignedRect(), wrap, self.chart.note).height() + 2
            painter.setPen(QColor(MUTED))
            self.note_rect = QRectF(area.left(), area.bottom() - note_height, area.width(), note_height)
            painter.drawText(self.note_rect, wrap, self.chart.note)
            area.adjust(0, 0, 0, -note_height)
        if self.chart.is_empty and not any(v is None for row in self.chart.values for v in row):
            painter.setPen(QColor(MUTED))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("Nothing to show for this period."))
        elif self.chart.kind is ChartKind.LINE:
            self._paint_line(painter, area)
        elif self.chart.kind is ChartKind.PYRAMID:
            self._paint_pyramid(painter, area)
        else:
            self._paint_bars(painter, area)
        painter.end()

    def _paint_legend(self, painter: QPainter, area: QRectF) -> float:
        """Draw the series names (when more than one) and return the height used."""
        chart = self.chart
        if len(chart.series) < 2:
            return 0.0
        metrics = self.fontMetrics()
        x, y = area.left(), area.top()
        self.legend_rects = []
        for s, name in enumerate(chart.series):
            width = 14 + metrics.horizontalAdvance(name)
            if x > area.left() and x + width > area.right():  # the next row rather than past the edge
                x, y = area.left(), y + metrics.height() + 4
            painter.fillRect(QRectF(x, y + 3, 10, 10), QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)]))
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 14, y + metrics.ascent()), name)
            self.legend_rects.append((QRectF(x, y, width, metrics.height()), name))
            x += width + 16
        return y - area.top() + metrics.height() + 4

    def _paint_bars(self, painter: QPainter, area: QRectF) -> None:
        chart, metrics = self.chart, self.fontMetrics()
        area = area.adjusted(0, self._paint_legend(painter, area), 0, 0)
        label_width = min(area.width() * 0.42, max(metrics.horizontalAdvance(c) for c in chart.categories) + 6)
        value_width = max(metrics.horizontalAdvance(_value_text(v)) for row in chart.values for v in row) + 6
        bar_room = max(1.0, area.width() - label_width - value_width)
        rows = len(chart.categories)
        group = area.height() / rows
        bar_height = max(2.0, min(22.0, (group - BAR_GAP) / len(chart.series)))
        scale = bar_room / max(1, chart.largest)
        for c, category in enumerate(chart.categories):
            top = area.top() + c * group + (group - bar_height * len(chart.series)) / 2
            painter.setPen(self.palette().text().color())
            label = metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(label_width))
            painter.drawText(QRectF(area.left() - 4, top, label_width, bar_height * len(chart.series)),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            for s, row in enumerate(chart.values):
                y = top + s * bar_height
                length = (row[c] or 0) * scale
                painter.fillRect(QRectF(area.left() + label_width, y, length, bar_height - 1),
                                 QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)]))
                painter.setPen(QColor(MUTED))
                painter.drawText(QRectF(area.left() + label_width + length + 4, y, value_width, bar_height),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, _value_text(row[c]))

    def _paint_line(self, painter: QPainter, area: QRectF) -> None:
        chart, metrics = self.chart, self.fontMetrics()
        assert chart is not None  # paintEvent paints a chart only when there is one
        area = area.adjusted(0, self._paint_legend(painter, area), 0, 0)
        axis_width = metrics.horizontalAdvance(format_number(chart.axis_top)) + 8
        plot = area.adjusted(axis_width, metrics.height() + 2, -4, -(metrics.height() + 4))
        top_value = chart.axis_top
        painter.setPen(QPen(QColor(GRID), 1))
        self.value_axis_labels, self.value_axis_rects = [], []
        for fraction in (0.0, 0.5, 1.0):
            y = plot.bottom() - fraction * plot.height()
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(MUTED))
            self.value_axis_labels.append(format_number(round(top_value * fraction)))
            self.value_axis_rects.append(QRectF(area.left(), y - metrics.height() / 2, axis_width - 4,
                                                metrics.height()))
            painter.drawText(self.value_axis_rects[-1], Qt.AlignmentFlag.AlignRight, self.value_axis_labels[-1])
            painter.setPen(QPen(QColor(GRID), 1))
        n = len(chart.categories)
        step = plot.width() / max(1, n - 1) if n > 1 else 0.0

        def x_of(c: int) -> float:
            return plot.left() + (c * step if n > 1 else plot.width() / 2)

        painter.setPen(QColor(MUTED))
        self.axis_label_rects = []
        for c in axis_labels(chart, metrics.horizontalAdvance, step, 8):
            category = chart.categories[c]
            width = metrics.horizontalAdvance(category) + 4
            left = min(max(area.left(), x_of(c) - width / 2), area.right() - width)
            # The first and last labels are pushed inside the chart, towards their neighbours: in Lithuanian
            # "saus. 2026" ran into "kov. 2026". A label that would touch the one before is left out, but the last
            # category (the latest survey) is named in place of the one before it, which goes instead.
            if self.axis_label_rects and left < self.axis_label_rects[-1][0].right() + 4:
                if c != n - 1 or len(self.axis_label_rects) < 2 or \
                        left < self.axis_label_rects[-2][0].right() + 4:
                    continue
                self.axis_label_rects.pop()
            rect = QRectF(left, plot.bottom() + 3, width, metrics.height())
            self.axis_label_rects.append((rect, category))
        for rect, category in self.axis_label_rects:
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, category)
        labels: list[tuple[QPointF, str, QColor]] = []
        self.line_points: list[list[QPointF]] = []  # each series' points as drawn, in order
        for s, row in enumerate(chart.values):
            colour = QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)])
            path, started = QPainterPath(), False
            points = []
            # A last category still in progress (this month so far) is reached by a dashed line, not a plunge.
            so_far = row[-1]
            partial = chart.partial_last and n > 1 and so_far is not None and row[-2] is not None
            for c, value in enumerate(row[:-1] if partial else row):
                if value is None:
                    started = False
                    continue
                point = QPointF(x_of(c), plot.bottom() - value / top_value * plot.height())
                path.lineTo(point) if started else path.moveTo(point)
                started = True
                points.append((point, value))
            painter.setPen(QPen(colour, 2))
            painter.drawPath(path)
            if partial and so_far is not None:
                last = QPointF(x_of(n - 1), plot.bottom() - so_far / top_value * plot.height())
                painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
                painter.drawLine(points[-1][0], last)
                points.append((last, so_far))
                painter.setPen(QPen(colour, 2))
            painter.setBrush(colour)
            for point, value in points:
                painter.drawEllipse(point, 3, 3)
                labels.append((point, format_number(value), colour))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            self.line_points.append([point for point, _value in points])
        self._paint_point_labels(painter, labels, area.adjusted(axis_width, 0, 0, 0), plot.bottom())

    def _paint_point_labels(self, painter: QPainter, labels: list[tuple[QPointF, str, QColor]], area: QRectF,
                            bottom: float) -> None:
        """Each value above its point in its series' colour; values of one category stacked so none covers another
        (four close survey scores were drawn on top of each other, "64" over "61" and "62"). ``area`` leaves out the
        value axis: a first survey's scores were written over its "50" and "0". Where neighbouring months leave no
        room, a value goes under its point, or is left out: twelve months of returns in a narrow chart read
        "1,2121,228" and "1,6371,6531,778". The last category and the highest value are placed first. A value goes
        above, below, or beside its point, the first of these its digits leave the lines and points clear of (the
        line ran through "5" and "10" on the dashboard), else where it covers no other value."""
        metrics = self.fontMetrics()
        height = metrics.height()
        lines = [[(point.x(), point.y()) for point in points] for points in self.line_points]
        ink_top, ink_height = metrics.ascent() - metrics.capHeight() - 1, metrics.capHeight() + 2

        def clear_of_lines(rect: QRectF) -> bool:
            top = rect.top() + ink_top
            return all(line_clear((rect.left() + 2, top, rect.right() - 2, top + ink_height), points, 2)
                       for points in lines)

        self.point_label_rects = []
        by_x: dict[float, list[tuple[QPointF, str, QColor]]] = {}
        for label in labels:
            by_x.setdefault(round(label[0].x(), 1), []).append(label)
        groups = sorted(by_x.items())
        # A single category (a first survey) has the room beside its points: its values stand there, each at its
        # point's height, instead of stacked over the points themselves where the plot is too low for four.
        beside = len(groups) == 1
        highest = min(range(len(groups)), key=lambda g: min(point.y() for point, _t, _c in groups[g][1]), default=0)
        order = [len(groups) - 1, highest, *range(len(groups))]
        for g in dict.fromkeys(order):
            group = sorted(groups[g][1], key=lambda label: label[0].y())
            if beside:  # one column, highest point first, centred on the points and inside the plot
                first = sum(point.y() for point, _text, _colour in group) / len(group) - len(group) * height / 2
                first = max(area.top(), min(first, bottom - len(group) * height))
                tops = [first + i * height for i in range(len(group))]
            else:
                tops = stacked_tops([point.y() - height - 3 for point, _text, _colour in group], height, area.top(),
                                    bottom)
            for (point, text, colour), top in zip(group, tops, strict=True):
                width = metrics.horizontalAdvance(text) + 4
                left = point.x() + 6 if beside else min(max(area.left(), point.x() - width / 2), area.right() - width)
                above, below = QRectF(left, top, width, height), QRectF(left, point.y() + 4, width, height)
                sides = [QRectF(x, y, width, height) for y in (point.y() - height - 1, point.y() + 1)
                         for x in (point.x() + 5, point.x() - width - 5)]
                fits = [r for r in (above, below, *sides) if r.bottom() <= bottom and r.top() >= area.top()
                        and area.left() <= r.left() and r.right() <= area.right() and not self._covers_a_label(r)]
                rect = QRectF(left, top, width, height) if beside else next(
                    (r for r in fits if clear_of_lines(r)),
                    next((r for r in (above, below) if r.bottom() <= bottom and not self._covers_a_label(r)), None))
                if rect is None:
                    continue
                painter.setPen(colour)
                painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, text)
                self.point_label_rects.append((rect, text))

    def _covers_a_label(self, rect: QRectF) -> bool:
        grown = rect.adjusted(-2, 0.5, 2, -0.5)  # values stacked in one category touch, and may
        return any(grown.intersects(placed) for placed, _text in self.point_label_rects)

    def _paint_pyramid(self, painter: QPainter, area: QRectF) -> None:
        chart, metrics = self.chart, self.fontMetrics()
        area = area.adjusted(0, self._paint_legend(painter, area), 0, 0)
        label_width = max(metrics.horizontalAdvance(c) for c in chart.categories) + 12
        value_width = max(metrics.horizontalAdvance(_value_text(v)) for row in chart.values for v in row) + 6
        half = max(1.0, (area.width() - label_width) / 2 - value_width)
        middle = area.left() + area.width() / 2
        scale = half / max(1, chart.largest)
        rows = len(chart.categories)
        group = area.height() / rows
        bar_height = max(2.0, min(24.0, group - BAR_GAP))
        # The oldest class on top, as population pyramids are drawn.
        for position, c in enumerate(reversed(range(rows))):
            y = area.top() + position * group + (group - bar_height) / 2
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(middle - label_width / 2, y, label_width, bar_height),
                             Qt.AlignmentFlag.AlignCenter, chart.categories[c])
            for s, sign in ((0, -1), (1, 1)):
                value = chart.values[s][c]
                length = (value or 0) * scale
                start = middle + sign * label_width / 2
                rect = QRectF(start - length, y, length, bar_height) if sign < 0 else QRectF(start, y, length, bar_height)
                painter.fillRect(rect, QColor(SERIES_COLOURS[s]))
                painter.setPen(QColor(MUTED))
                text_rect = (QRectF(rect.left() - value_width - 2, y, value_width, bar_height) if sign < 0
                             else QRectF(rect.right() + 4, y, value_width, bar_height))
                align = Qt.AlignmentFlag.AlignRight if sign < 0 else Qt.AlignmentFlag.AlignLeft
                painter.drawText(text_rect, align | Qt.AlignmentFlag.AlignVCenter, _value_text(value))
