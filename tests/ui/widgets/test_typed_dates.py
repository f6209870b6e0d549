"""Dates typed with their separators are kept as typed, never mixed with today's date (#19, item 2)."""

import datetime as dt

import pytest

from avrcase.i18n import set_locale
from avrcase.ui.widgets.date_edit import OptionalDateEdit, locale_date_format, make_date_edit

TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize("typed", ["02/15/2027", "2/15/2027", "02/5/2027"])
def test_an_empty_optional_date_takes_the_date_typed_with_slashes(qtbot, typed):
    assert locale_date_format() == "M/d/yyyy"
    field = OptionalDateEdit(today=TODAY)
    qtbot.addWidget(field)
    field.show()
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, typed)
    month, day, year = (int(p) for p in typed.split("/"))
    assert field.date() == dt.date(year, month, day)


def test_a_required_date_takes_the_date_typed_with_slashes(qtbot):
    field = make_date_edit(value=TODAY)
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    field.setSelectedSection(field.sectionAt(0))
    qtbot.keyClicks(field, "11/30/2025")
    assert field.date().toPython() == dt.date(2025, 11, 30)


def test_lithuanian_dates_typed_with_dashes(qtbot):
    set_locale("lt")
    field = OptionalDateEdit(today=TODAY)
    qtbot.addWidget(field)
    field.show()
    field.edit.setFocus()
    assert locale_date_format() == "yyyy-MM-dd"
    qtbot.keyClicks(field.edit, "2027-02-15")
    assert field.date() == dt.date(2027, 2, 15)


@pytest.mark.parametrize(("locale", "typed", "expected"), [
    ("en", "5/1/2035", dt.date(2035, 5, 1)), ("en", "03/14/1985", dt.date(1985, 3, 14)),
    ("lt", "2035-05-01", dt.date(2035, 5, 1))])
def test_a_whole_date_typed_over_the_one_shown_is_kept_as_typed(qtbot, locale, typed, expected):
    """Ctrl+A then typing replaced all but the first part: "5/1/2035" over 1/1/2024 kept January."""
    from PySide6.QtCore import Qt

    set_locale(locale)
    required = make_date_edit(value=dt.date(2024, 1, 1))
    optional = OptionalDateEdit(value=dt.date(1986, 4, 15), today=TODAY)
    for widget, edit in ((required, required), (optional, optional.edit)):
        qtbot.addWidget(widget)
        widget.show()
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, typed)
    assert required.date().toPython() == expected and optional.date() == expected


def _typing_into(qtbot, field, edit):
    """``field`` shown in a form with a line edit after it, ``edit`` (its date input) focused; returns the form (keep
    it: it owns the field) and that line edit, which taking the focus leaves the field as a person does with Tab."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    form = QWidget()
    layout = QVBoxLayout(form)
    after = QLineEdit()
    layout.addWidget(field)
    layout.addWidget(after)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    edit.setFocus()
    qtbot.wait(10)
    return form, after


@pytest.mark.parametrize(("typed", "expected"), [
    ("1988-03-12", dt.date(1988, 3, 12)),  # year-month-day in a month-first field: became 10/31/2026
    ("3/12/88", dt.date(1988, 3, 12)),  # a two-digit year: became 3/12/2026
    ("12/31/29", dt.date(2029, 12, 31)),
])
def test_a_whole_date_typed_another_way_is_read_as_written_when_the_field_is_left(qtbot, typed, expected):
    field = OptionalDateEdit(today=TODAY)
    _form, after = _typing_into(qtbot, field, field.edit)
    qtbot.keyClicks(field.edit, typed)
    after.setFocus()  # leaving the field, as a person does with Tab or a click
    qtbot.wait(10)
    assert after.hasFocus() and field.date() == expected


def test_a_whole_date_that_is_none_in_the_fields_order_is_not_kept(qtbot, monkeypatch):
    """"31/12/1988" (day first) in a month-first field became 3/1/1988 without a word."""
    from PySide6.QtCore import QEvent, QCoreApplication
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QToolTip

    shown = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_args: shown.append(text))
    optional = OptionalDateEdit(today=TODAY)
    required = make_date_edit(value=dt.date(2024, 1, 1))
    for widget, edit, before in ((optional, optional.edit, None), (required, required, dt.date(2024, 1, 1))):
        qtbot.addWidget(widget)
        widget.show()
        edit.setFocus()
        QCoreApplication.sendEvent(edit, QFocusEvent(QEvent.Type.FocusIn))
        qtbot.keyClicks(edit, "31/12/1988")
        QCoreApplication.sendEvent(edit, QFocusEvent(QEvent.Type.FocusOut))
        value = widget.date() if widget is optional else widget.date().toPython()
        assert value == before
        assert shown[-1] == ("“31/12/1988” is not a date in this field. Type it as 12/31/2026, or as year-month-day "
                             "(2026-12-31).")


def test_reading_typed_dates():
    from avrcase.ui.widgets.date_edit import read_typed_date

    assert read_typed_date("15.02.2027", "dd.MM.yyyy") == dt.date(2027, 2, 15)
    assert read_typed_date("31/12/1988", "dd/MM/yyyy") == dt.date(1988, 12, 31)
    assert read_typed_date("5/1/30", "M/d/yyyy") == dt.date(1930, 5, 1)
    assert read_typed_date("2/30/2026", "M/d/yyyy") is False
    assert read_typed_date("1/2/3", "M/d/yyyy") is False
    assert read_typed_date("12", "M/d/yyyy") is None and read_typed_date("11202026", "M/d/yyyy") is None


@pytest.mark.parametrize(("locale", "country", "wanted"), [
    ("en", "LT", "dd/MM/yyyy"), ("en", "MD", "dd/MM/yyyy"), ("en", "US", "M/d/yyyy"), ("en", "", "M/d/yyyy"),
    ("lt", "LT", "yyyy-MM-dd"), ("ru", "LT", "dd.MM.yyyy")])
def test_dates_are_typed_as_the_offices_country_writes_them_in_the_interface_language(locale, country, wanted):
    """A Vilnius office whose laptops say US English typed 06/12/2026 for 6 December and kept June 12."""
    from avrcase.i18n.format import set_office_country

    set_locale(locale)
    set_office_country(country)
    assert locale_date_format() == wanted


def test_a_signed_in_office_in_lithuania_types_day_first_in_english(qtbot, ops):
    from avrcase.ui.ops import show_times_in_the_office_zone

    assert locale_date_format() == "M/d/yyyy"  # this computer's English, before a store is open
    show_times_in_the_office_zone(ops)  # as the app does once someone signed in (the test office is in Vilnius)
    field = make_date_edit(value=TODAY)
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    field.setSelectedSection(field.sectionAt(0))
    qtbot.keyClicks(field, "06/12/2026")
    assert field.displayFormat() == "dd/MM/yyyy"
    assert field.date().toPython() == dt.date(2026, 12, 6)


@pytest.mark.parametrize("empty", [True, False])
def test_year_month_day_typed_over_a_date_selected_with_ctrl_a_is_kept(qtbot, empty):
    """Ctrl+A counted as typed text: "1985-03-12" typed over the selection into a month-first field (a date of
    birth) was no longer read as a whole date, and Qt's part-by-part reading kept 8/19/2026 without a word."""
    from PySide6.QtCore import Qt

    field = OptionalDateEdit(value=None if empty else dt.date(2001, 1, 1), today=TODAY)
    _form, after = _typing_into(qtbot, field, field.edit)
    qtbot.keyClick(field.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.edit, "1985-03-12")
    after.setFocus()  # leaving the field
    qtbot.wait(10)
    assert after.hasFocus() and field.date() == dt.date(1985, 3, 12)


@pytest.mark.parametrize(("typed", "expected"), [
    ("00/00/1990", dt.date(1990, 1, 1)),  # as refugee documents write a year alone
    ("06/00/1990", dt.date(1990, 6, 1)),  # month first in this English field: June, day unknown
    ("1990-00-00", dt.date(1990, 1, 1)),
])
def test_a_birth_date_with_its_day_or_month_unknown_is_kept_as_estimated(qtbot, typed, expected):
    """00.00.1990 in the date of birth was refused as no date, and the field went back to empty: the counsellor was
    not told that a year alone is kept as 1 January, estimated (as the spreadsheet import reads it)."""
    from avrcase.ui.widgets.error_label import FieldErrors
    from avrcase.ui.widgets.person_fields import PersonFields

    fields = PersonFields(FieldErrors(), "principal.")
    fields.date_of_birth.today = TODAY
    _form, after = _typing_into(qtbot, fields, fields.date_of_birth.edit)
    qtbot.keyClicks(fields.date_of_birth.edit, typed)
    after.setFocus()
    qtbot.wait(10)
    assert fields.date_of_birth.date() == expected and fields.dob_estimated.isChecked()


def test_other_date_fields_still_refuse_a_day_of_zero(qtbot):
    from avrcase.ui.widgets.date_edit import read_partial_date

    assert read_partial_date("00/13/1990", "dd/MM/yyyy") is None and read_partial_date("12/00/1990", "dd/MM/yyyy") is None
    assert read_partial_date("31/12/1990", "dd/MM/yyyy") is None and read_partial_date("00.00.90", "dd.MM.yyyy") is None
