"""ReportLab graphics for a :class:`~avrcase.domain.charts.ChartSpec`: bars, a line, a pyramid.

The same neutral chart the screen draws with QPainter (``ui.widgets.charts``), laid out here as a
vector ``Drawing`` in the documents' fonts and colours; values (or the suppression mark) are written
beside every bar and point.

A label the house font prints as it is (Latin, Cyrillic, Greek, digits) is a ReportLab ``String``. A label
in another script (a project named in Georgian or Arabic, a series in Hebrew) is set after the shapes as a
one-line paragraph like every other text of the documents: each script in its font, shaped, right to left
where it reads so. ``String`` draws in one font unshaped, so such a label would print as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from avrcase.documents.base import ACCENT, MUTED, RULE, SANS, SANS_BOLD, register_fonts
from avrcase.documents.fonts import markup, text_runs
from avrcase.documents.paragraphs import ScriptParagraph
from avrcase.domain.charts import ChartKind, ChartSpec, axis_labels, line_clear
from avrcase.domain.disclosure import SUPPRESSED_MARK
from avrcase.i18n.format import format_number

SERIES_COLOURS = (ACCENT, colors.HexColor("#c8553d"), colors.HexColor("#5b8e7d"), colors.HexColor("#8e6c8a"))
FONT_SIZE = 7.5
TITLE_SIZE = 9
ROW_HEIGHT = 5.5 * mm
LINE_HEIGHT = 55 * mm


def _text(value: int | None) -> str:
    return SUPPRESSED_MARK if value is None else format_number(value)


def _house_font_prints(text: str) -> bool:
    """True when the house font alone prints ``text`` as it is (no other script, nothing to shape)."""
    return all(system.key == "base" for system, _chunk in text_runs(text))


@dataclass(frozen=True)
class _ScriptLabel:
    """A label in another script: set as a one-line paragraph with its baseline at ``y``."""

    text: str
    x: float
    y: float
    font: str
    size: float
    colour: object
    anchor: str  # "start", "middle" or "end", as a String's textAnchor

    def paragraph(self, width: float = 10_000) -> ScriptParagraph:
        style = ParagraphStyle("chart-label", fontName=self.font, fontSize=self.size, leading=self.size * 1.3,
                               textColor=self.colour)
        paragraph = ScriptParagraph(markup(self.text), style)
        paragraph.wrap(width, 10_000)
        return paragraph

    def width(self, paragraph: ScriptParagraph | None = None) -> float:
        return max((paragraph or self.paragraph()).getActualLineWidths0(), default=0.0)

    def draw_on(self, canvas) -> None:
        paragraph = self.paragraph()
        width = self.width(paragraph)
        paragraph.wrap(width + 1, 10_000)  # its own width: the anchor places it
        left = self.x - {"start": 0.0, "middle": width / 2, "end": width}[self.anchor]
        paragraph.drawOn(canvas, left, self.y - (paragraph.height - self.size))


class ChartDrawing(Drawing):
    """A chart: its shapes, then its labels in other scripts set as paragraphs (see the module's note)."""

    _attrMap = AttrMap(BASE=Drawing, script_labels=AttrMapValue(None, desc="labels set as paragraphs"))

    def __init__(self, width: float, height: float):
        super().__init__(width, height)
        self.script_labels: list[_ScriptLabel] = []

    def label(self, x: float, y: float, text: str, *, font: str = SANS, size: float = FONT_SIZE,
              colour=colors.black, anchor: str = "start") -> None:
        """``text`` with its baseline at ``y``, starting, centred or ending at ``x``."""
        if _house_font_prints(text):
            self.add(String(x, y, text, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor))
        else:
            self.script_labels.append(_ScriptLabel(text, x, y, font, size, colour, anchor))

    def draw(self, *args, **kwargs) -> None:  # ReportLab's flowable drawing, in the story's canvas
        super().draw(*args, **kwargs)
        for label in self.script_labels:
            label.draw_on(self.canv)


def _width(text: str, size: float = FONT_SIZE) -> float:
    if _house_font_prints(text):
        return stringWidth(text, SANS, size)
    return _ScriptLabel(text, 0, 0, SANS, size, colors.black, "start").width()


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
    drawing = ChartDrawing(width, height)
    drawing.initialFontName = SANS  # ReportLab otherwise starts every drawing in Helvetica, which is not embedded
    drawing.initialFontSize = FONT_SIZE
    drawing.label(0, height - TITLE_SIZE, chart.title, font=SANS_BOLD, size=TITLE_SIZE, colour=ACCENT)
    top = height - 7 * mm
    if legend:
        x = 0.0
        for s, name in enumerate(chart.series):
            drawing.add(Rect(x, top - 3 * mm, 3 * mm, 3 * mm, fillColor=_colour(s), strokeColor=None))
            drawing.label(x + 4 * mm, top - 2.6 * mm, name)
            x += 4 * mm + _width(name) + 6 * mm
        top -= legend
    bottom = 4 * mm if chart.note else 0.0
    if chart.note:
        drawing.label(0, 1 * mm, chart.note, size=FONT_SIZE - 0.5, colour=MUTED)
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


def _bars(drawing: ChartDrawing, chart: ChartSpec, width: float, top: float) -> None:
    label_width = min(width * 0.4, max(_width(c) for c in chart.categories) + 4)
    room = max(1.0, width - label_width - _value_width(chart))
    scale = room / max(1, chart.largest)
    group = ROW_HEIGHT * len(chart.series)
    bar = ROW_HEIGHT * 0.75
    for c, category in enumerate(chart.categories):
        y0 = top - (c + 1) * group
        drawing.label(label_width - 3, y0 + group / 2 - 2.5, category, anchor="end")
        for s, row in enumerate(chart.values):
            y = y0 + group - (s + 1) * ROW_HEIGHT + (ROW_HEIGHT - bar) / 2
            length = (row[c] or 0) * scale
            if length:
                drawing.add(Rect(label_width, y, length, bar, fillColor=_colour(s), strokeColor=None))
            drawing.add(String(label_width + length + 2, y + bar / 2 - 2.5, _text(row[c]), fontName=SANS,
                               fontSize=FONT_SIZE, fillColor=MUTED))


def _line(drawing: ChartDrawing, chart: ChartSpec, width: float, top: float, bottom: float) -> None:
    axis = _width(format_number(chart.axis_top)) + 4
    left, right = axis, width - 6
    low, high = bottom + 5 * mm, top - 4 * mm
    largest = chart.axis_top
    for fraction in (0.0, 0.5, 1.0):
        y = low + fraction * (high - low)
        drawing.add(Line(left, y, right, y, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(String(axis - 3, y - 2.5, format_number(round(largest * fraction)), fontName=SANS,
                           fontSize=FONT_SIZE, fillColor=MUTED, textAnchor="end"))
    n = len(chart.categories)
    step = (right - left) / (n - 1) if n > 1 else 0.0

    def x_of(c: int) -> float:
        return left + c * step if n > 1 else (left + right) / 2

    for c in axis_labels(chart, _width, step, 6):
        drawing.label(x_of(c), bottom + 1, chart.categories[c], size=FONT_SIZE - 0.5, colour=MUTED, anchor="middle")
    values: list[tuple[float, float, str, int]] = []
    lines: list[list[tuple[float, float]]] = []
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
            values.append((x, y, format_number(value), s))
        # A last category still in progress (this month so far) is reached by a dashed line, as on screen.
        partial = chart.partial_last and n > 1 and row[-1] is not None and row[-2] is not None
        lines.append(list(zip(points[::2], points[1::2], strict=True)))
        if partial:
            drawing.add(Line(*points[-4:], strokeColor=_colour(s), strokeWidth=1.2, strokeDashArray=[3, 2]))
            points = points[:-2]
        if len(points) > 2:
            drawing.add(PolyLine(points, strokeColor=_colour(s), strokeWidth=1.2))
    for x, y, text, s in values:
        drawing.add(String(*_value_place(x, y, text, lines, left, right), text, fontName=SANS, fontSize=FONT_SIZE - 1,
                           fillColor=_colour(s), textAnchor="middle"))


def _value_place(x: float, y: float, text: str, lines: list[list[tuple[float, float]]], left: float,
                 right: float) -> tuple[float, float]:
    """Where a point's value is written (the middle of its baseline): above the point, else below or beside it,
    the first place whose digits the lines leave clear (``line_clear``, as on screen); above when none does."""
    half, digits = _width(text, FONT_SIZE - 1) / 2, (FONT_SIZE - 1) * 0.72
    places = [(x, y + 2.5), (x, y - 2.5 - digits), (x + half + 2.5, y + 1.5), (x - half - 2.5, y + 1.5),
              (x + half + 2.5, y - 1.5 - digits), (x - half - 2.5, y - 1.5 - digits)]
    return next((p for p in places if left <= p[0] - half and p[0] + half <= right + 6
                 and all(line_clear((p[0] - half, p[1], p[0] + half, p[1] + digits), line, 0.8) for line in lines)),
                places[0])


def _pyramid(drawing: ChartDrawing, chart: ChartSpec, width: float, top: float) -> None:
    label_width = max(_width(c) for c in chart.categories) + 8
    middle = width / 2
    half = max(1.0, (width - label_width) / 2 - _value_width(chart))
    scale = half / max(1, chart.largest)
    bar = ROW_HEIGHT * 0.75
    rows = len(chart.categories)
    for position, c in enumerate(reversed(range(rows))):  # the oldest class on top
        y = top - (position + 1) * ROW_HEIGHT + (ROW_HEIGHT - bar) / 2
        drawing.label(middle, y + bar / 2 - 2.5, chart.categories[c], anchor="middle")
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
