"""The labels under a line chart's axis: none runs into its neighbour, in any language."""

from __future__ import annotations

from PySide6.QtCore import Qt

from avrcase.domain.charts import ChartKind, ChartSpec
from avrcase.ui.widgets.charts import ChartWidget

#: The months of "This year" as the Lithuanian dashboard names them (longer than "Jan 2026").
LITHUANIAN_MONTHS = ("saus. 2026", "vas. 2026", "kov. 2026", "bal. 2026", "geg. 2026", "birž. 2026", "liep. 2026",
                     "rugp. 2026", "rugs. 2026", "spal. 2026", "lapkr. 2026", "gruod. 2026")


def test_the_first_month_does_not_run_into_the_next_one(qtbot):
    """Seen on the walk (Lithuanian dashboard, returns per month): "saus. 2026kov. 2026" under the axis, the
    first label pushed inside the chart onto the second."""
    widget = ChartWidget()
    qtbot.addWidget(widget)
    widget.set_chart(ChartSpec(ChartKind.LINE, "Grįžimai per mėnesį", LITHUANIAN_MONTHS, ("Grįžimai",),
                               ((5, 3, 6, 4, 6, 2, 5, 5, 7, 6, 4, 1),), partial_last=True))
    widget.resize(492, 276)  # the dashboard's chart beside the navigation at 1280 × 800
    widget.show()
    widget.grab()
    rects = widget.axis_label_rects
    assert len(rects) >= 3 and rects[0][1] == "saus. 2026"
    for (left, _a), (right, _b) in zip(rects, rects[1:]):
        assert left.right() + 4 <= right.left(), (_a, _b)


def test_the_values_of_close_survey_scores_do_not_cover_each_other(qtbot):
    """Seen on the walk (reintegration monitoring, trend of the four scores): close scores were written on top of each
    other ("64" over "61" and "62"); now every value reads whole, in its series' place, none covering another."""
    widget = ChartWidget()
    qtbot.addWidget(widget)
    scores = ((42, 55, 61, 66), (45, 57, 60, 70), (40, 53, 64, 68), (43, 55, 62, 68))
    widget.set_chart(ChartSpec(ChartKind.LINE, "Trend of the scores", ("12/1/25", "3/2/26", "6/1/26", "12/1/26"),
                               ("Economic", "Social", "Psychosocial", "Composite"), scores, note="Scores × 100"))
    widget.resize(440, 280)
    widget.show()
    widget.grab()
    rects = widget.point_label_rects
    assert sorted(text for _rect, text in rects) == sorted(str(v) for row in scores for v in row)
    for i, (rect, text) in enumerate(rects):
        assert widget.rect().contains(rect.toAlignedRect()), text
        for other, other_text in rects[i + 1:]:
            assert not rect.intersects(other), (text, other_text)


def test_the_legend_and_the_note_of_a_narrow_chart_stay_inside_it(qtbot):
    """Seen on the walk (Lithuanian, 1024 px, reintegration monitoring): "Bendrasis" and the note "Balai × 100: 0 –
    tvarios reintegracijos nėra, 100 – visiška rei…" ran off the chart's right edge; now they take more lines."""
    widget = ChartWidget()
    qtbot.addWidget(widget)
    note = "Balai × 100: 0 – tvarios reintegracijos nėra, 100 – visiška reintegracija."
    widget.set_chart(ChartSpec(ChartKind.LINE, "Balų kitimas", ("2026-11-25",),
                               ("Ekonominė", "Socialinė", "Psichosocialinė", "Bendrasis"), ((55,), (62,), (50,), (56,)),
                               note=note))
    widget.resize(378, 232)  # the chart beside the surveys in a case file on a 1024 × 700 screen
    widget.show()
    widget.grab()
    inside = widget.rect().adjusted(4, 0, -4, 0)
    assert [name for _rect, name in widget.legend_rects] == ["Ekonominė", "Socialinė", "Psichosocialinė", "Bendrasis"]
    for rect, name in widget.legend_rects:
        assert inside.contains(rect.toAlignedRect()), name
    needed = widget.fontMetrics().boundingRect(widget.note_rect.toAlignedRect(),
                                               Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, note)
    assert needed.height() <= widget.note_rect.height() and inside.contains(widget.note_rect.toAlignedRect())


def test_the_middle_line_of_the_axis_is_labelled_with_the_value_it_stands_at(qtbot):
    """Seen on the walk (dashboard, returns per month, last quarter: 5, 5, 7): the axis read 0, 4, 7 with the line
    labelled "4" drawn at 3.5; the top is now even, so the axis reads 0, 4, 8 and each line is where it says."""
    widget = ChartWidget()
    qtbot.addWidget(widget)
    widget.set_chart(ChartSpec(ChartKind.LINE, "Returns per month", ("Jul 2026", "Aug 2026", "Sep 2026"),
                               ("Returns",), ((5, 5, 7),)))
    widget.resize(440, 280)
    widget.show()
    widget.grab()
    assert widget.value_axis_labels == ["0", "4", "8"]


def test_twelve_months_of_returns_in_a_narrow_chart_leave_out_values_rather_than_run_them_together(qtbot):
    """Seen on the manager's dashboard (100,000 cases, window 784 px wide): "1,2121,228" and "1,6371,6531,778" over
    the line. Now no value covers another; the month so far and the highest month are always named."""
    widget = ChartWidget()
    qtbot.addWidget(widget)
    months = ("Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026",
              "Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026 (to 7 Dec)")
    returns = (1212, 1228, 1374, 1336, 1517, 1350, 1463, 1592, 1637, 1653, 1778, 398)
    widget.set_chart(ChartSpec(ChartKind.LINE, "Returns per month", months, ("Returns",), (returns,),
                               partial_last=True))
    widget.resize(280, 250)
    widget.show()
    widget.grab()
    rects = widget.point_label_rects
    shown = [text for _rect, text in rects]
    assert "398" in shown and "1,778" in shown and len(shown) >= 4
    for i, (rect, text) in enumerate(rects):
        assert widget.rect().contains(rect.toAlignedRect()), text


def test_a_narrow_trend_names_the_latest_survey_and_keeps_its_scores_off_the_axis(qtbot):
    """Seen on the walk (Lithuanian monitoring page at 1024 pixels): the first survey's scores were written over the
    axis's "50" and "0", and the latest survey's date was left out for want of room, the middle one kept."""
    widget = ChartWidget()
    qtbot.addWidget(widget)
    dates = ("2025-12-29", "2026-05-26", "2026-12-03")
    scores = ((32, 37, 62), (21, 54, 92), (55, 53, 67), (36, 48, 73))
    widget.set_chart(ChartSpec(ChartKind.LINE, "Balų kitimas", dates,
                               ("Ekonominė", "Socialinė", "Psichosocialinė", "Bendrasis"), scores,
                               note="Balai × 100: 0 – tvarios reintegracijos nėra, 100 – visiška reintegracija."))
    widget.resize(246, 250)
    widget.show()
    widget.grab()
    assert [text for _rect, text in widget.axis_label_rects][-1] == "2026-12-03"
    assert [text for _rect, text in widget.axis_label_rects][0] == "2025-12-29"
    for rect, text in widget.point_label_rects:
        for axis in widget.value_axis_rects:
            assert not rect.intersects(axis), text


def test_a_first_survey_s_scores_stand_beside_their_points_not_over_them(qtbot):
    """Seen on the walk (monitoring page after the first survey): four scores stacked over the points in a low plot,
    "65" drawn under the dots; one category has the room beside its points."""
    widget = ChartWidget()
    qtbot.addWidget(widget)
    widget.set_chart(ChartSpec(ChartKind.LINE, "Trend of the scores", ("Dec 7, 2026",),
                               ("Economic", "Social", "Psychosocial", "Composite"), ((62,), (53,), (65,), (60,)),
                               note="Scores × 100: 0 is no sustainable reintegration, 100 is full."))
    widget.resize(300, 250)
    widget.show()
    widget.grab()
    middle = widget.width() / 2
    rects = widget.point_label_rects
    assert sorted(text for _rect, text in rects) == ["53", "60", "62", "65"]
    for i, (rect, text) in enumerate(rects):
        assert rect.left() > middle + 3, text  # right of the points (drawn 3 pixels wide at the middle)
        for other, other_text in rects[i + 1:]:
            assert not rect.intersects(other), (text, other_text)


def test_a_month_s_value_is_not_crossed_by_the_line(qtbot):
    """Seen under X11 (manager's dashboard, returns per month): the line ran through "5", "4" and "1" and the two
    "10"s sat on the lines meeting at their points. Every value is still written, each clear of the line."""
    months = ("Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026",
              "Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026")
    values = (5, 8, 5, 7, 4, 10, 7, 8, 10, 6, 9, 1)
    widget = ChartWidget()
    qtbot.addWidget(widget)
    widget.set_chart(ChartSpec(ChartKind.LINE, "Returns per month", months, ("Returns",), (values,), partial_last=True))
    widget.resize(490, 277)
    widget.show()
    widget.grab()
    assert sorted(text for _rect, text in widget.point_label_rects) == sorted(str(v) for v in values)
    [points] = widget.line_points
    along = [a + (b - a) * (i / 200) for a, b in zip(points, points[1:]) for i in range(201)]
    for rect, text in widget.point_label_rects:
        digits = rect.adjusted(2, 2, -2, -2)
        assert not any(digits.contains(p) for p in along), text
