"""ReportLab graphics for a :class:`~avrcase.domain.charts.ChartSpec`: bars, a line, a pyramid.

The same neutral chart the screen draws with QPainter (``ui.widgets.charts``), laid out here as a
vector ``Drawing`` in the documents' fonts and colours; values (or the suppression mark) are written
beside every bar and point.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from avrcase.documents.base import ACCENT, MUTED, RULE, SANS, SANS_BOLD, register_fonts
from avrcase.domain.charts import ChartKind, ChartSpec
from avrcase.domain.disclosure import SUPPRESSED_MARK
from avrcase.i18n.format import format_number

SERIES_COLOURS = (ACCENT, colors.HexColor("#c8553d"), colors.HexColor("#5b8e7d"), colors.HexColor("#8e6c8a"))
FONT_SIZE = 7.5
TITLE_SIZE = 9
ROW_HEIGHT = 5.5 * mm
LINE_HEIGHT = 55 * mm


def _text(value: int | None) -> str:
    return SUPPRESSED_MARK if value is None else format_number(value)


def _width(text: str, size: float = FONT_SIZE) -> float:
    return stringWidth(text, SANS, size)


def _colour(series: int):
    return SERIES_COLOURS[series % len(SERIES_COLOURS)]


def chart_drawing(chart: ChartSpec, width: float) -> Drawing:
    """The chart as a drawing ``width`` points wide (its height follows from the number of categories)."""
    register_fonts()
    rows = max(1, len(chart.categories))
    legend = 4.5 * mm if len(chart.series) > 1 else 0.0
    body = LINE_HEIGHT if chart.kind is ChartKind.LINE else rows * ROW_HEIGHT * (
        len(chart.series) if chart.kind is ChartKind.BAR else 1)
    height = 7 * mm + legend + body + (4 * mm if chart.note else 0)
    drawing = Drawing(width, height)
    drawing.initialFontName = SANS  # ReportLab otherwise starts every drawing in Helvetica, which is not embedded
    drawing.initialFontSize = FONT_SIZE
    drawing.add(String(0, height - TITLE_SIZE, chart.title, fontName=SANS_BOLD, fontSize=TITLE_SIZE, fillColor=ACCENT))
    top = height - 7 * mm
    if legend:
        x = 0.0
        for s, name in enumerate(chart.series):
            drawing.add(Rect(x, top - 3 * mm, 3 * mm, 3 * mm, fillColor=_colour(s), strokeColor=None))
            drawing.add(String(x + 4 * mm, top - 2.6 * mm, name, fontName=SANS, fontSize=FONT_SIZE))
            x += 4 * mm + _width(name) + 6 * mm
        top -= legend
    bottom = 4 * mm if chart.note else 0.0
    if chart.note:
        drawing.add(String(0, 1 * mm, chart.note, fontName=SANS, fontSize=FONT_SIZE - 0.5, fillColor=MUTED))
    if not chart.categories:
        return drawing
    if chart.kind is ChartKind.LINE:
        _line(drawing, chart, width, top, bottom)
    elif chart.kind is ChartKind.PYRAMID:
        _pyramid(drawing, chart, width, top)
    else:
        _bars(drawing, chart, width, top)
    return drawing


def _value_width(chart: ChartSpec) -> float:
    return max(_width(_text(v)) for row in chart.values for v in row) + 4


def _bars(drawing: Drawing, chart: ChartSpec, width: float, top: float) -> None:
    label_width = min(width * 0.4, max(_width(c) for c in chart.categories) + 4)
    room = max(1.0, width - label_width - _value_width(chart))
    scale = room / max(1, chart.largest)
    group = ROW_HEIGHT * len(chart.series)
    bar = ROW_HEIGHT * 0.75
    for c, category in enumerate(chart.categories):
        y0 = top - (c + 1) * group
        drawing.add(String(label_width - 3, y0 + group / 2 - 2.5, category, fontName=SANS, fontSize=FONT_SIZE,
                           textAnchor="end"))
        for s, row in enumerate(chart.values):
            y = y0 + group - (s + 1) * ROW_HEIGHT + (ROW_HEIGHT - bar) / 2
            length = (row[c] or 0) * scale
            if length:
                drawing.add(Rect(label_width, y, length, bar, fillColor=_colour(s), strokeColor=None))
            drawing.add(String(label_width + length + 2, y + bar / 2 - 2.5, _text(row[c]), fontName=SANS,
                               fontSize=FONT_SIZE, fillColor=MUTED))


def _line(drawing: Drawing, chart: ChartSpec, width: float, top: float, bottom: float) -> None:
    axis = _width(format_number(chart.largest)) + 4
    left, right = axis, width - 6
    low, high = bottom + 5 * mm, top - 4 * mm
    largest = max(1, chart.largest)
    for fraction in (0.0, 0.5, 1.0):
        y = low + fraction * (high - low)
        drawing.add(Line(left, y, right, y, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(String(axis - 3, y - 2.5, format_number(round(largest * fraction)), fontName=SANS,
                           fontSize=FONT_SIZE, fillColor=MUTED, textAnchor="end"))
    n = len(chart.categories)
    step = (right - left) / (n - 1) if n > 1 else 0.0

    def x_of(c: int) -> float:
        return left + c * step if n > 1 else (left + right) / 2

    every = max(1, int((_width(max(chart.categories, key=len)) + 6) // max(step, 1)) + 1)
    for c, category in enumerate(chart.categories):
        if c % every == 0:
            drawing.add(String(x_of(c), bottom + 1, category, fontName=SANS, fontSize=FONT_SIZE - 0.5,
                               fillColor=MUTED, textAnchor="middle"))
    for s, row in enumerate(chart.values):
        points: list[float] = []
        for c, value in enumerate(row):
            if value is None:
                if len(points) > 2:
                    drawing.add(PolyLine(points, strokeColor=_colour(s), strokeWidth=1.2))
                points = []
                drawing.add(String(x_of(c), low + 1, SUPPRESSED_MARK, fontName=SANS, fontSize=FONT_SIZE,
                                   fillColor=MUTED, textAnchor="middle"))
                continue
            x, y = x_of(c), low + value / largest * (high - low)
            points += [x, y]
            drawing.add(Circle(x, y, 1.2, fillColor=_colour(s), strokeColor=None))
            drawing.add(String(x, y + 2.5, format_number(value), fontName=SANS, fontSize=FONT_SIZE - 1,
                               fillColor=_colour(s), textAnchor="middle"))
        if len(points) > 2:
            drawing.add(PolyLine(points, strokeColor=_colour(s), strokeWidth=1.2))


def _pyramid(drawing: Drawing, chart: ChartSpec, width: float, top: float) -> None:
    label_width = max(_width(c) for c in chart.categories) + 8
    middle = width / 2
    half = max(1.0, (width - label_width) / 2 - _value_width(chart))
    scale = half / max(1, chart.largest)
    bar = ROW_HEIGHT * 0.75
    rows = len(chart.categories)
    for position, c in enumerate(reversed(range(rows))):  # the oldest class on top
        y = top - (position + 1) * ROW_HEIGHT + (ROW_HEIGHT - bar) / 2
        drawing.add(String(middle, y + bar / 2 - 2.5, chart.categories[c], fontName=SANS, fontSize=FONT_SIZE,
                           textAnchor="middle"))
        for s, sign in ((0, -1), (1, 1)):
            value = chart.values[s][c]
            length = (value or 0) * scale
            start = middle + sign * label_width / 2
            x = start - length if sign < 0 else start
            if length:
                drawing.add(Rect(x, y, length, bar, fillColor=_colour(s), strokeColor=None))
            anchor_x = x - 2 if sign < 0 else start + length + 2
            drawing.add(String(anchor_x, y + bar / 2 - 2.5, _text(value), fontName=SANS, fontSize=FONT_SIZE,
                               fillColor=MUTED, textAnchor="end" if sign < 0 else "start"))
