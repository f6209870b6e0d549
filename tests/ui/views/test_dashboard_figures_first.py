"""The dashboard shows its key figures before its charts (#14), and never beside the charts of another period."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from avrcase.services.statistics import dashboard
from avrcase.services.uow import unit_of_work
from avrcase.ui.views.dashboard import DashboardView
from tests.support.actors import MANAGER
from tests.ui.views.test_dashboard import WAIT_MS, figure, manager_ops, store, view  # noqa: F401  (fixtures)


def on_screen(view):
    """The key figures' values on screen, the charts drawn and whether there is a snapshot to export."""
    values = {label.objectName().removeprefix("figure_"): label.text() for label in view.findChildren(QLabel)
              if label.objectName().startswith("figure_")}
    charts = {name for name, chart in view.charts.items() if chart.chart is not None}
    return values, charts, view.snapshot is not None


def test_the_four_counts_show_first_then_every_figure_with_the_charts(qtbot, manager_ops, bus):
    widget = DashboardView(manager_ops, bus)
    qtbot.addWidget(widget)
    seen = []
    widget.figures_shown.connect(lambda _figures: seen.append(on_screen(widget)))
    with qtbot.waitSignal(widget.computed, timeout=WAIT_MS):
        widget.show()
    assert seen == [({"cases": "4", "returns": "2", "returnees": "4", "consultations": "1"}, set(), False)]
    values, charts, exportable = on_screen(widget)
    assert len(values) == 8 and values.items() >= seen[0][0].items()
    assert charts == set(dashboard.PANEL_NAMES) and exportable
    assert sum(widget.charts["countries_of_return"].chart.values[0]) == int(values["returns"])


def test_a_new_period_s_figures_clear_the_charts_of_the_last(qtbot, view, store):  # noqa: F811
    assert figure(view, "returns") == "2"
    seen = []
    view.figures_shown.connect(lambda _figures: seen.append(on_screen(view)))
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS) as done:
        view.preset.setFocus()
        qtbot.keyClick(view.preset, Qt.Key.Key_Down)  # last 12 full months: this month's departures are not in it
    with unit_of_work(store, write=False) as session:
        expected = dashboard.compute_dashboard(session, MANAGER, done.args[0].query)
    first, charts, exportable = seen[0]
    assert first == {f.name: f.text for f in expected.figures[:4]} and first["returns"] == "0"
    assert charts == set() and not exportable  # this year's charts were not left beside the new figures
    assert on_screen(view)[0] == {f.name: f.text for f in expected.figures}


def test_a_change_elsewhere_keeps_the_whole_screen_until_the_new_one_is_whole(qtbot, view, bus, make_case):  # noqa: F811
    """The same period counted again after a change (another desk's case) does not blank the charts at every
    change: the last whole screen stays, then the new figures and charts replace it together."""
    from tests.conftest import make_person

    before = on_screen(view)
    assert before[0]["cases"] == "4" and before[1] == set(dashboard.PANEL_NAMES)
    seen = []
    view.figures_shown.connect(lambda _figures: seen.append(on_screen(view)))
    make_case(principal=make_person(document_number="NEW2", citizenship="UA"), country_of_return="UA")
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        bus.cases_changed()
        assert on_screen(view) == before  # counting: the last whole screen is still there
    assert seen == []  # no half screen in between
    values, charts, exportable = on_screen(view)
    assert values["cases"] == "5" and charts == set(dashboard.PANEL_NAMES) and exportable
