"""Bus, train and car legs no vehicle could cover in the time given: 2,000 km by bus in an hour was accepted,
while a flight that fast was refused (``flight_times``). Like a flight's, the check refuses what no coach, train or
car can do and warns, so the officer may save anyway, about what timetables do not usually show."""

import datetime as dt

import pytest

from avrcase.domain.travel import TravelMode
from tests.domain.test_flight_times import check, errors_of


def leg(mode, origin, destination, departure, arrival, origin_tz="Europe/Vilnius", destination_tz="Europe/Vilnius"):
    from avrcase.domain.itinerary import Segment

    return Segment(mode, origin, destination, dt.datetime.fromisoformat(departure), dt.datetime.fromisoformat(arrival),
                   origin_tz, destination_tz, carrier="Ecolines")


def test_two_thousand_km_by_bus_in_an_hour_is_refused_in_words():
    errors = errors_of(leg(TravelMode.BUS, "Vilnius, bus station", "Tbilisi", "2026-12-01T08:00", "2026-12-01T11:00",
                           destination_tz="Asia/Tbilisi"))  # 11:00 in Tbilisi is 09:00 in Vilnius: one hour
    assert errors == {"segments.0.arrival": (
        "Segment 1 (Vilnius, bus station → Tbilisi) would go at least 1,988 km by bus in 1 h 00 min; no coach is "
        "that fast (at most 100 km/h, it takes at least 19 h 52 min). Please check the times: each one is the local "
        "time at its place.")}


@pytest.mark.parametrize(("mode", "origin", "destination", "arrival", "expected"), [
    (TravelMode.TRAIN, "Vilnius", "Varšuva", "08:00", "would go at least 341 km by train in 1 h 00 min; no train"),
    (TravelMode.CAR, "Vilnius", "Варшава", "09:00", "would go at least 341 km by car in 2 h 00 min; no car"),
])
def test_a_train_or_a_car_too_fast_is_refused_whatever_the_language_of_the_city(mode, origin, destination, arrival,
                                                                                 expected):
    errors = errors_of(leg(mode, origin, destination, "2026-12-01T08:00", f"2026-12-01T{arrival}",
                           destination_tz="Europe/Warsaw"))
    assert expected in errors["segments.0.arrival"]


def test_faster_than_timetables_go_is_a_warning_the_officer_may_save_over():
    warnings = check(leg(TravelMode.BUS, "Vilnius", "Minsk", "2026-12-01T08:00", "2026-12-01T11:00",
                         destination_tz="Europe/Minsk"))  # 11:00 in Minsk is 10:00 in Vilnius
    assert warnings == {"segments.0.arrival": (
        "Segment 1 (Vilnius → Minsk) goes at least 147 km by bus in 2 h 00 min; coaches usually take at least 2 h 05 "
        "min. Please check the times against the ticket.")}


@pytest.mark.parametrize("legs", [
    # Timetables as printed (local times), and places no city of the directory begins: nothing to say.
    [(TravelMode.BUS, "Vilnius", "Minsk", "07:00", "12:30", "Europe/Minsk")],
    [(TravelMode.BUS, "Vilnius", "Kaunas", "07:00", "08:15", "Europe/Vilnius")],
    [(TravelMode.BUS, "Vilnius", "Riga", "07:00", "11:00", "Europe/Riga")],
    [(TravelMode.TRAIN, "Vilnius", "Kaunas", "07:00", "08:05", "Europe/Vilnius")],
    [(TravelMode.CAR, "Vilnius", "Warsaw", "06:00", "11:30", "Europe/Warsaw")],
    [(TravelMode.BUS, "Warsaw", "Frankfurt (Oder)", "08:00", "13:30", "Europe/Berlin")],  # not Frankfurt am Main
    [(TravelMode.CAR, "Vilniaus autobusų stotis", "Tbilisi", "08:00", "13:00", "Asia/Tbilisi")],  # not a city's name
])
def test_real_timetables_and_unknown_places_are_accepted_without_a_warning(legs):
    assert check(*(leg(mode, o, d, f"2026-12-01T{leaves}", f"2026-12-01T{lands}",
                       "Europe/Warsaw" if o == "Warsaw" else "Europe/Vilnius", tz)
                   for mode, o, d, leaves, lands, tz in legs)) == {}
