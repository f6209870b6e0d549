"""The case list's columns at the default window size: the vulnerability mark in view, dates and headers whole."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QStyle

from avrcase.i18n import set_locale
from avrcase.i18n.format import format_date
from avrcase.ui.main_window import MainWindow
from avrcase.ui.models.case_table import COL_REGISTERED, COL_VULNERABLE


@pytest.fixture
def window(qtbot, ops, bus, tmp_path, make_case):
    def _make(locale: str = "en") -> MainWindow:
        set_locale(locale)
        make_case()
        made = MainWindow(ops, bus, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(made)
        made.resize(1200, 700)
        made.show()
        qtbot.waitExposed(made)
        return made
    return _make


def test_the_vulnerability_mark_is_in_view_at_the_default_width(window):
    table = window().case_list.table
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(COL_VULNERABLE) + header.sectionSize(COL_VULNERABLE) \
        <= table.viewport().width()



def test_the_registration_date_is_shown_whole(window, large_font):
    table = window().case_list.table
    longest = max((format_date(dt.date(2026, month, 28)) for month in range(1, 13)),
                  key=table.fontMetrics().horizontalAdvance)
    assert table.columnWidth(COL_REGISTERED) > table.fontMetrics().horizontalAdvance(longest) + 6


@pytest.mark.parametrize("locale", ["en", "lt"])
def test_no_header_is_cut(window, locale):
    table = window(locale).case_list.table
    header = table.horizontalHeader()
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    for column in range(header.count()):
        text = table.model().headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        needed = header.fontMetrics().horizontalAdvance(text) + 2 * margin
        needed += arrow if column == header.sortIndicatorSection() else 0
        assert header.sectionSize(column) >= needed, text
