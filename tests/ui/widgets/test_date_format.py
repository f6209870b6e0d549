"""Date fields are written the way the app's language writes dates, with separators, whatever Qt's locale is."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale

from avrcase.i18n import set_locale
from avrcase.ui.widgets.date_edit import OptionalDateEdit, make_date_edit
from avrcase.ui.widgets.travel_inputs import LocalDateTimeEdit

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def c_locale():
    """Qt's default locale as on a C/POSIX system, where Qt writes dates as "23 11 2026"."""
    before = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(("locale", "shown"), [("en", "11/23/2026"), ("lt", "2026-11-23")])
def test_date_fields_follow_the_app_language_not_qt_default(qtbot, c_locale, locale, shown):
    set_locale(locale)
    required = make_date_edit(value=DAY)
    optional = OptionalDateEdit(value=DAY)
    qtbot.addWidget(required)
    qtbot.addWidget(optional)
    assert required.text() == shown
    assert optional.edit.text() == shown


def test_a_date_and_time_has_separators_too(qtbot, c_locale):
    edit = LocalDateTimeEdit(value=dt.datetime(2026, 11, 23, 9, 5))
    qtbot.addWidget(edit)
    assert edit.text() == "11/23/2026 09:05"


def test_the_calendar_popup_speaks_the_app_language(qtbot, c_locale):
    set_locale("lt")
    edit = make_date_edit(value=DAY)
    qtbot.addWidget(edit)
    assert edit.calendarWidget().locale().language() == QLocale.Language.Lithuanian
