"""Age classes in Eurostat's coding and calendar periods."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.domain.periods import AgeClass, Granularity, Period


@pytest.mark.parametrize(("born", "on", "expected"), [
    (dt.date(2012, 6, 2), dt.date(2026, 6, 1), "Y_LT14"),
    (dt.date(2012, 6, 1), dt.date(2026, 6, 1), "Y14-17"),
    (dt.date(2008, 6, 1), dt.date(2026, 6, 1), "Y18-34"),
    (dt.date(1991, 6, 2), dt.date(2026, 6, 1), "Y18-34"),
    (dt.date(1991, 6, 1), dt.date(2026, 6, 1), "Y_GE35"),
    (None, dt.date(2026, 6, 1), "UNK"),
])
def test_age_class_on_the_day_of_departure(born, on, expected):
    assert AgeClass.at(born, on).value == expected


def test_periods_read_write_and_generalise():
    march = Period.containing(dt.date(2026, 3, 31), Granularity.MONTH)
    assert march.code == "2026-03"
    assert march.coarser(Granularity.QUARTER).code == "2026-Q1"
    assert march.coarser(Granularity.YEAR).code == "2026"
    assert Period.parse("2024-Q1").last_day == dt.date(2024, 3, 31)
    assert Period.parse("2024-02").last_day == dt.date(2024, 2, 29)
    with pytest.raises(ValidationError):
        Period.parse("2026-13")


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_the_age_classes_are_written_alike_in_every_language(locale):
    """Walk 12: the Russian dashboard listed "До 14" above "от 14 до 17" and "от 18 до 34": one class capitalised, two
    not, side by side on one chart."""
    from avrcase.i18n import set_locale

    set_locale(locale)
    try:
        labels = [age.label for age in AgeClass]
    finally:
        set_locale("en")
    assert all(label[0].isdigit() or label[0].isupper() for label in labels), labels
