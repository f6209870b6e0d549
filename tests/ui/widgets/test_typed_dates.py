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
