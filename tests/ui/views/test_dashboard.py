"""The dashboard driven like a manager would: filters, worker thread, numbers matching the store, exports."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from avrcase.domain.codes import StaffRole
from avrcase.services.statistics import counts as statistics
from avrcase.services.uow import unit_of_work
from avrcase.ui.main_window import MainWindow
from avrcase.ui.ops import Ops
from avrcase.ui.views.dashboard import DashboardView
from avrcase.ui.widgets.charts import SERIES_COLOURS, ChartWidget
from tests.conftest import make_person
from tests.services.statistics.test_statistics import THIS_YEAR, TODAY, store  # noqa: F401  (fixture)
from tests.support.actors import MANAGER

WAIT_MS = 20_000


@pytest.fixture
def manager_ops(qapp, store, actor_as):  # noqa: F811
    """The session boundary acting as a manager over the hand-built store."""
    instance = Ops(store, actor_as(StaffRole.MANAGER))
    yield instance
    instance.wait_for_background()


@pytest.fixture
def view(qtbot, manager_ops, bus):
    """The dashboard shown once its first computation is on screen."""
    widget = DashboardView(manager_ops, bus)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.computed, timeout=WAIT_MS):
        widget.show()
    return widget


def store_counts(engine, measure, dimension, project=None, period=THIS_YEAR):
    """What the store says, straight from the statistics service."""
    with unit_of_work(engine, write=False) as session:
        table = statistics.count(session, MANAGER, statistics.StatisticsQuery(measure, (dimension,), *period, project))
    return {key[0]: n for key, n in table.counts.items()}


def shown(view, panel):
    chart = view.charts[panel].chart
    return dict(zip(chart.categories, chart.values[0], strict=True))


def figure(view, name):
    return view.findChild(QLabel, f"figure_{name}").text()


def test_charts_and_figures_show_the_store_exactly(view, store):  # noqa: F811
    assert figure(view, "returns") == "2" and figure(view, "returnees") == "4" and figure(view, "cases") == "4"
    assert shown(view, "countries_of_return") == {"Georgia": 1, "Iraq": 1}
    by_citizenship = store_counts(store, "returnees", "citizenship")
    assert sorted(shown(view, "citizenships").values()) == sorted(by_citizenship.values()) == [1, 3]
    months = view.charts["returns_by_month"].chart
    assert months.values[0][TODAY.month - 1] == 2
    assert "Iraq: 1" in view.charts["countries_of_return"].toolTip()


def test_the_project_filter_recomputes_on_the_worker(qtbot, view, store):  # noqa: F811
    assert [view.project.itemText(i) for i in range(view.project.count())] == ["All projects", "AVRR-LT"]
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS) as done:
        qtbot.keyClick(view.project, Qt.Key.Key_Down)
        # Not blocking: the call returned before the result arrived, with progress showing.
        assert view.progress.isVisible() and view.task is not None
    assert done.args[0].query.project == "AVRR-LT"
    assert store_counts(store, "returns", "country_of_return", "AVRR-LT") == {"GE": 1}
    assert shown(view, "countries_of_return") == {"Georgia": 1}
    assert figure(view, "returnees") == "3" and not view.progress.isVisible()


def test_a_period_without_returns_shows_zeros_and_presets_fill_the_dates(qtbot, view):
    last_year = TODAY.year - 1
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        view.date_from.setDate(QDate(last_year, 1, 1))
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        view.date_to.setDate(QDate(last_year, 12, 31))
    assert view.preset.currentData() == "custom"
    assert figure(view, "returns") == "0" and view.charts["countries_of_return"].chart.is_empty
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        view.preset.setFocus()
        qtbot.keyClick(view.preset, Qt.Key.Key_Home)
    assert view.preset.currentData() == "this_year"
    assert view.date_from.date() == QDate(TODAY.year, 1, 1) and figure(view, "returns") == "2"


def test_a_period_ending_before_it_begins_is_said_and_nothing_of_another_period_is_shown_or_exported(qtbot, view):
    """Dates typed in the wrong order only turned the last day red: the figures of the last period in order stayed
    under them, and the exports (the anonymised file with the wrong dates) were still offered."""
    assert view.snapshot is not None and view.export_anonymised_button.isEnabled()
    view.date_from.setDate(QDate(TODAY.year, 11, 1))
    view.date_to.setDate(QDate(TODAY.year, 3, 1))
    assert view.period_problem.isVisibleTo(view)
    assert view.period_problem.text() == (
        f"The period ends before it begins: choose a last day on or after Nov 1, {TODAY.year}.")
    assert view.snapshot is None and view.findChild(QLabel, "figure_returns") is None
    assert not any(button.isEnabled() for button in (
        view.export_table_button, view.export_report_button, view.export_anonymised_button))
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        view.date_to.setDate(QDate(TODAY.year, 12, 31))
    assert not view.period_problem.isVisibleTo(view) and view.export_anonymised_button.isEnabled()
    assert view.snapshot.query.date_from.month == 11


def test_exported_table_is_protected_and_the_report_reads_back(qtbot, view, tmp_path):
    target = tmp_path / "citizenship.csv"
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_table("citizenships", target)
    with target.open(encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    # Exact on screen (Iraq 1), protected in the file (k = 5: every cell and the total hidden).
    assert rows[0] == ["citizenship", "returnees"] and {row[1] for row in rows[1:]} == {"c"}
    assert rows[-1][0] == "TOTAL" and "Written to" in view.message.text()
    report = tmp_path / "dashboard.pdf"
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_report(report)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(report).pages).split())
    assert "Returns and caseload" in text and "Top countries of return" in text and "Georgia c" in text


def test_anonymised_export_reports_how_it_protected(qtbot, view, tmp_path, monkeypatch):
    monkeypatch.setenv("AVRCASE_EXPORT_SECRET_FILE", str(tmp_path / "secret"))
    target = tmp_path / "returnees.csv"
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_anonymised(target)
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("record_key,") and "Beridze" not in target.read_text(encoding="utf-8-sig")
    assert "rows written" in view.message.text() or "row written" in view.message.text()


def test_a_counsellor_does_not_get_statistics(qtbot, engine, actor, bus):
    widget = DashboardView(Ops(engine, actor), bus)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.refused.isVisible() and "does not allow" in widget.refused.text()
    assert widget.task is None and widget.charts["age_sex"].chart is None
    assert not widget.export_report_button.isEnabled() and not widget.export_anonymised_button.isEnabled()


def test_main_window_lists_the_dashboard_only_for_roles_allowed(qtbot, engine, actor, actor_as, bus, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    counsellors_window = MainWindow(Ops(engine, actor), bus, settings)
    qtbot.addWidget(counsellors_window)
    entry = counsellors_window.navigation.item(counsellors_window.dashboard_page)
    assert entry.text() == "Dashboard" and entry.isHidden()
    ops = Ops(engine, actor_as(StaffRole.MANAGER))  # the manager signs in
    window = MainWindow(ops, bus, settings)
    qtbot.addWidget(window)
    assert not window.navigation.item(window.dashboard_page).isHidden()
    window.show()
    with qtbot.waitSignal(window.dashboard.computed, timeout=WAIT_MS):
        window.navigation.setCurrentRow(window.dashboard_page)
    assert window.pages.currentWidget() is window.dashboard
    ops.wait_for_background()


def test_a_store_change_recomputes_the_visible_dashboard(qtbot, view, bus, make_case):
    make_case(principal=make_person(document_number="NEW1", citizenship="UA"), country_of_return="UA")
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS):
        bus.cases_changed()
    assert figure(view, "cases") == "5"



def test_a_newer_request_wins_over_one_still_running(qtbot, view):
    view.project.setCurrentIndex(view.project.findData("AVRR-LT"))
    first = view.refresh()
    view.project.setCurrentIndex(0)
    second = view.refresh()
    assert first.is_cancelled and view.task is second
    with qtbot.waitSignal(view.computed, timeout=WAIT_MS) as done:
        pass
    assert done.args[0].query.project is None and figure(view, "returnees") == "4"


def test_charts_paint_their_bars_and_an_empty_chart_paints_none(view):
    accent = QColor(SERIES_COLOURS[0])

    def accent_pixels(widget):
        image = widget.grab().toImage()
        return sum(image.pixelColor(x, y) == accent
                   for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))

    assert accent_pixels(view.charts["countries_of_return"]) > 50
    assert accent_pixels(view.charts["age_sex"]) > 50
    empty = ChartWidget()
    empty.resize(400, 260)
    empty.set_chart(dataclasses.replace(view.charts["countries_of_return"].chart, categories=(), values=((),)))
    assert accent_pixels(empty) == 0


def test_tab_goes_through_the_filters_in_the_order_they_are_shown(qtbot, view):
    """Seen on the walk: Tab went from the period's name to the project and the exports, then through the
    navigation, and only then to the two dates beside the period's name."""
    from PySide6.QtWidgets import QApplication

    view.activateWindow()
    view.preset.setFocus()
    qtbot.waitUntil(lambda: view.preset.hasFocus())
    reached = []
    for _step in range(12):  # Tab in a date steps through day, month and year before it leaves
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        widget = next(w for w in (view.date_from, view.date_to, view.project, view.export_table_button,
                                  view.export_report_button, view.export_anonymised_button, focused)
                      if w is focused or w.isAncestorOf(focused))
        if not reached or reached[-1] is not widget:
            reached.append(widget)
    assert reached[:6] == [view.date_from, view.date_to, view.project, view.export_table_button,
                           view.export_report_button, view.export_anonymised_button]


def test_the_charts_area_shows_it_has_the_keyboard(qtbot, view):
    """Walk 13 (keyboard only): Tab after "Anonymised export…" went to the charts' scroll area (where the arrow keys
    scroll), which drew no frame: the keyboard's place could not be seen. A frame marks it now."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    view.resize(900, 600)
    view.activateWindow()
    view.export_anonymised_button.setFocus()
    qtbot.waitUntil(lambda: view.export_anonymised_button.hasFocus())
    area = view.findChild(QScrollArea)
    unfocused = area.grab().toImage()
    qtbot.keyClick(view.export_anonymised_button, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is area)
    focused = area.grab().toImage()
    highlight = area.palette().highlight().color().rgb()
    edge = [(x, 0) for x in range(0, area.width(), 7)] + [(0, y) for y in range(0, area.height(), 7)]
    assert all(focused.pixel(x, y) == highlight for x, y in edge)  # a frame all round, in the highlight colour
    assert not any(unfocused.pixel(x, y) == highlight for x, y in edge)
