"""The labels under a line chart's axis: none runs into its neighbour, in any language."""

from __future__ import annotations

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
