"""The monitoring page at the case file's width: every score of a survey in view (the composite score was behind
a horizontal scroll bar) and the trend drawn on a scale of 0 to 100 (a first survey's 65 stood at the top of an
axis reading 0, 32, 65, as if it were the best there can be)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from avrcase.i18n import set_locale
from avrcase.services.reintegration import monitoring
from avrcase.ui.views.reintegration_tab import ReintegrationTab
from tests.ui.finance_setup import manager, officer, project, returnee  # noqa: F401 - fixtures


@pytest.fixture
def monitoring_page(qtbot, returnee, ops, officer, bus):
    def _make(locale: str = "en"):
        set_locale(locale)
        ops.actor = officer
        tab = ReintegrationTab(ops, bus, returnee.id, returnee.case_number)
        qtbot.addWidget(tab)
        tab.resize(1000, 640)
        tab.show()
        qtbot.waitExposed(tab)
        page = tab.monitoring
        tab.setCurrentWidget(page)  # the Monitoring page, as the officer clicks it
        contact = page.record_contact()
        qtbot.keyClicks(contact.findings, "Sheep bought; the shop opens in spring.")
        qtbot.mouseClick(contact.save_button, Qt.MouseButton.LeftButton)
        dialog = page.record_survey()
        for picker in dialog.questions.pickers.values():
            picker.setCurrentIndex(2)  # the second answer of every indicator: scores around the middle
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert ops.read(monitoring.list_surveys, returnee.id)
        QApplication.processEvents()
        kept.append(tab)  # the tab owns the page: kept alive while the test reads it
        return page
    kept: list = []
    yield _make
    set_locale("en")


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_every_score_of_a_survey_is_in_view(monitoring_page, locale):
    table = monitoring_page(locale).survey_table
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("locale", ["lt", "ru"])
def test_every_score_is_in_view_in_the_case_file_at_1024_pixels(monitoring_page, locale):
    """Walk 12: in the case file of a 1024 px screen the Russian "Сводный" (the composite score) was behind a horizontal
    scroll bar: each column kept the sort arrow's room beside its header, though no column was sorted."""
    page = monitoring_page(locale)
    page.window().resize(985, 640)  # the case file's tab on a 1024 px screen
    QApplication.processEvents()
    table = page.survey_table
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # sorted by a score: its header keeps room for the arrow
    QApplication.processEvents()
    from avrcase.ui.widgets.header_fit import header_width

    assert table.horizontalHeader().sectionSize(3) >= header_width(table.horizontalHeader(), 3)



@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_a_contacts_date_reads_whole(monitoring_page, locale, large_font):
    """In Russian the date of a contact read "29 июл. 202…"."""
    table = monitoring_page(locale).contact_table
    date = table.model().index(0, 0).data()
    assert table.fontMetrics().horizontalAdvance(date) + 6 <= table.columnWidth(0), date
    assert table.horizontalHeader().length() <= table.viewport().width()


def test_the_trend_is_drawn_on_a_scale_of_a_hundred(monitoring_page):
    chart = monitoring_page().chart
    chart.grab()  # paints, noting what the axis and the points say
    values = [int(text) for _rect, text in chart.point_label_rects]
    assert values and max(values) < 80
    assert chart.value_axis_labels == ["0", "50", "100"]  # not "0", "32", "65": the best score is 100


def test_the_trend_names_each_survey_by_a_date_no_office_reads_the_wrong_way_round():
    """The chart's axis read "5/8/26" and "10/15/26" (US order) beside the table's "May 8, 2026"."""
    import datetime as dt

    from avrcase.domain.finance_codes import SurveyKind
    from avrcase.services.reintegration.dto import SurveyRow
    from avrcase.ui.views.monitoring_panel import trend_chart

    def survey(day: dt.date) -> SurveyRow:
        return SurveyRow(1, 1, SurveyKind.BASELINE, day, "", (), 0.4, 0.5, 0.1, 0.3, 1, "", "")

    assert trend_chart([survey(dt.date(2026, 5, 8)), survey(dt.date(2026, 10, 15))]).categories == (
        "May 8, 2026", "Oct 15, 2026")


def test_the_trend_rounds_a_score_as_the_table_beside_it_does():
    """Walk 12: a psychosocial score of 0.125 read "0.13" in the table and 12 on the chart beside it."""
    import datetime as dt

    from avrcase.domain.finance_codes import SurveyKind
    from avrcase.services.reintegration.dto import SurveyRow
    from avrcase.ui.views.monitoring_panel import trend_chart
    from avrcase.ui.widgets.survey_form import score_text

    row = SurveyRow(1, 1, SurveyKind.BASELINE, dt.date(2026, 5, 8), "", (), 0.425, 0.535, 0.125, 0.365, 1, "", "")
    chart = trend_chart([row])
    assert [series[0] for series in chart.values] == [43, 54, 13, 37]
    assert [score_text(v) for v in (0.425, 0.535, 0.125, 0.365)] == ["0.43", "0.54", "0.13", "0.37"]
