"""Dates, times and numbers as the screens write them."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.i18n.format import format_date, format_datetime


@pytest.mark.parametrize("locale", ["en", "lt"])
def test_an_instant_is_written_with_the_same_date_as_a_date(locale):
    """One date format on every screen (#19): "Dec 4, 2026, 9:30 AM" beside "Dec 4, 2026", never "12/4/26"."""
    instant = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.timezone.utc)
    local = instant.astimezone(dt.timezone.utc)
    for fmt in ("short", "medium"):
        text = format_datetime(instant, fmt, locale, tz=dt.timezone.utc)
        assert text.startswith(format_date(local.date(), locale=locale)) and "09:30" in text.replace("9:30", "09:30")
        assert ":00" not in text.replace("09:30", "")  # no seconds


def test_every_language_of_the_wording_files_has_a_name_not_its_code():
    """Kurmanji's code (kmr) has no name in CLDR, which names it under ku: pickers showed "kmr (kmr)"."""
    from avrcase.i18n.format import language_name

    assert language_name("kmr", "en") == "Kurdish" and language_name("kmr", "lt") == "kurdų"
    assert language_name("ckb", "en") == "Central Kurdish"
    assert language_name("xqq", "en") == "xqq"  # a code nobody names stays as it is
    from avrcase.services.documents.register import document_languages

    for code in document_languages("lt"):
        assert language_name(code, "en") != code, code
