"""Places and clocks as a document in some language names them: cities, zones, day markers, short connections."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from avrcase.domain.airports import city_in, city_name, is_zone_city, shipped_airports, shipped_city_names, zone_label
from avrcase.domain.itinerary import ConnectionPolicy, connection_shortfall, day_marker, days_after
from avrcase.domain.travel import TravelMode
from avrcase.i18n.format import exemplar_city, utc_offset

WINTER = dt.datetime(2026, 12, 13, 12, 0, tzinfo=dt.timezone.utc)
SUMMER = dt.datetime(2026, 7, 13, 12, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("code", "lang", "name"), [
    ("WAW", "lt", "Varšuva"), ("WAW", "ru", "Варшава"), ("WAW", "en", "Warsaw"),
    ("KIV", "lt", "Kišiniovas"), ("KIV", "ru", "Кишинев"),  # CLDR exemplar cities
    ("EBL", "lt", "Erbilis"), ("EBL", "ru", "Эрбиль"),  # not a zone's city (Asia/Baghdad): the shipped table
    ("LED", "ru", "Санкт-Петербург"), ("FRA", "lt", "Frankfurtas prie Maino"),
    # The languages returnees read: an Iraqi reads Erbil in Arabic (or Kurdish), a Vietnamese Hà Nội, a Tajik Хуҷанд.
    ("EBL", "ar", "أربيل"), ("EBL", "ckb", "هەولێر"), ("EBL", "kmr", "Hewlêr"), ("HAN", "vi", "Hà Nội"),
    ("LBD", "tg", "Хуҷанд"), ("KUT", "ka", "ქუთაისი"), ("OSS", "ky", "Ош"), ("ISB", "ur", "اسلام آباد"),
    ("DOH", "fa", "دوحه"), ("FRA", "uk", "Франкфурт-на-Майні"), ("BUS", "tr", "Batum"),
    ("EBL", "si", "Erbil"),  # neither CLDR nor the table: English
])
def test_airport_cities_in_the_documents_language(code, lang, name):
    assert city_name(shipped_airports().get(code), lang) == name


def test_a_zone_is_named_after_its_own_city_only():
    assert is_zone_city("Chisinau", "Europe/Chisinau") and is_zone_city("Ho Chi Minh City", "Asia/Ho_Chi_Minh")
    assert not is_zone_city("Erbil", "Asia/Baghdad") and not is_zone_city("Doha", "Asia/Qatar")
    assert city_in("Kutaisi", "Asia/Tbilisi", "lt") == "Kutaisis" and city_in("Tbilisi", "Asia/Tbilisi", "lt") == "Tbilisis"


@pytest.mark.parametrize("lang", ["lt", "ru"])
def test_every_shipped_airport_has_a_city_name_from_cldr_or_the_table(lang):
    table = shipped_city_names(lang)
    missing = [a.iata for a in (shipped_airports().get(c) for c in shipped_airports().codes())
               if a.city not in table and not (is_zone_city(a.city, a.tz) and exemplar_city(a.tz, lang))]
    assert missing == []


def test_the_table_only_names_cities_of_shipped_airports():
    cities = {shipped_airports().get(c).city for c in shipped_airports().codes()}
    for lang in ("lt", "ru", "ar", "fa", "ckb", "kmr", "ka", "hy", "uk", "tg", "ky", "uz", "az", "tr", "vi", "ro", "ur", "pa"):
        assert shipped_city_names(lang) and set(shipped_city_names(lang)) <= cities


@pytest.mark.parametrize(("instant", "zone", "lang", "city", "label"), [
    (WINTER, "Europe/Vilnius", "lt", "", "Vilnius, UTC+2"),
    (SUMMER, "Europe/Vilnius", "lt", "", "Vilnius, UTC+3"),
    (WINTER, "Europe/Vilnius", "ru", "", "Вильнюс, UTC+2"),
    (WINTER, "Asia/Baghdad", "lt", "Erbilis", "Erbilis, UTC+3"),  # the place's own city, not Baghdad
    (WINTER, "Asia/Kolkata", "en", "", "Kolkata, UTC+5:30"),
    (WINTER, "Asia/Kathmandu", "en", "", "Kathmandu, UTC+5:45"),
    (WINTER, "America/St_Johns", "en", "", "St. John’s, UTC-3:30"),
    (WINTER, "UTC", "en", "", "UTC"),
    (WINTER, "", "lt", "", "UTC"),
])
def test_a_clock_is_named_by_a_city_and_its_offset(instant, zone, lang, city, label):
    assert zone_label(instant, zone, lang, city) == label


def test_offsets_are_written_as_timetables_write_them():
    assert utc_offset(WINTER.astimezone(ZoneInfo("Asia/Tehran"))) == "UTC+3:30"
    assert utc_offset(WINTER.astimezone(ZoneInfo("America/New_York"))) == "UTC-5"
    assert utc_offset(WINTER) == "UTC"


def test_day_markers_count_local_calendar_days():
    kiv = ZoneInfo("Europe/Chisinau")
    landing = dt.datetime(2026, 12, 13, 22, 45, tzinfo=dt.timezone.utc)  # 00:45 on the 14th in Chisinau
    assert days_after(landing, kiv, dt.date(2026, 12, 13)) == 1 and day_marker(1) == "+1"
    assert days_after(landing, ZoneInfo("Europe/Warsaw"), dt.date(2026, 12, 13)) == 0 and day_marker(0) == ""
    assert day_marker(2) == "+2" and day_marker(-1) == "-1"


def test_a_connection_is_short_only_when_it_is_possible_and_under_the_minimum():
    arrived = dt.datetime(2026, 12, 13, 20, 10, tzinfo=dt.timezone.utc)
    air, bus = TravelMode.AIR, TravelMode.BUS
    assert connection_shortfall(air, arrived, air, arrived + dt.timedelta(minutes=35)) == (
        dt.timedelta(minutes=35), dt.timedelta(minutes=45))
    assert connection_shortfall(air, arrived, air, arrived + dt.timedelta(minutes=45)) is None
    assert connection_shortfall(air, arrived, air, arrived - dt.timedelta(minutes=5)) is None  # an error, not short
    assert connection_shortfall(bus, arrived, air, arrived + dt.timedelta(minutes=90)) == (
        dt.timedelta(minutes=90), dt.timedelta(minutes=120))
    assert connection_shortfall(air, arrived, air, arrived + dt.timedelta(minutes=35),
                                ConnectionPolicy({(True, True): dt.timedelta(minutes=30)})) is None
