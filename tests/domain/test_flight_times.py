"""Flights no aircraft could fly, and flights that leave from another city than the last one landed in."""

import datetime as dt

import pytest

from avrcase.domain.airports import shipped_airports
from avrcase.domain.errors import ValidationError
from avrcase.domain.itinerary import Segment, validate_itinerary
from avrcase.domain.travel import TravelMode
from avrcase.domain.travel_documents import TravelDocument, TravelDocumentKind, TravelDocumentStatus, Traveller

ANA = Traveller(1, "Ana Beridze", (TravelDocument(TravelDocumentKind.PASSPORT, TravelDocumentStatus.RECEIVED,
                                                  "P1234567", expires_on=dt.date(2030, 1, 1)),))


def flight(origin, destination, departure, arrival) -> Segment:
    return Segment(TravelMode.AIR, origin, destination, dt.datetime.fromisoformat(departure),
                   dt.datetime.fromisoformat(arrival), carrier="XX", service_number="100")


def check(*segments) -> dict[str, str]:
    return validate_itinerary(segments, registered_on=dt.date(2026, 9, 1), travellers=[ANA])


def errors_of(*segments) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        check(*segments)
    return err.value.errors


def test_every_shipped_airport_has_a_position():
    from avrcase.domain.flight_times import distance_km

    airports = shipped_airports()
    assert all(airports.get(code).lat is not None and airports.get(code).lon is not None for code in airports.codes())
    assert 390 < distance_km(airports.get("VNO"), airports.get("WAW")) < 400
    assert 40 < distance_km(airports.get("IST"), airports.get("SAW")) < 80


def test_a_fifteen_minute_flight_from_vilnius_to_warsaw_is_refused():
    """Before: VNO 08:00 → WAW 07:15 (15 minutes across the hour of time difference) was booked without a word."""
    errors = errors_of(flight("VNO", "WAW", "2026-12-01T08:00", "2026-12-01T07:15"))
    assert set(errors) == {"segments.0.arrival"}
    assert errors["segments.0.arrival"].startswith("Segment 1 (VNO → WAW) would fly 396 km in 15 min; "
                                                   "no flight is that fast")
    assert "local time at its airport" in errors["segments.0.arrival"]


@pytest.mark.parametrize("legs", [
    # Timetables as printed (local times): nothing to say about any of them.
    [("VNO", "WAW", "06:25", "06:20")],                                          # 55 min, an hour west
    [("VNO", "FRA", "06:00", "07:05"), ("FRA", "DXB", "10:15", "19:10"), ("DXB", "ISB", "21:50", "01:40+")],
    [("VNO", "IST", "06:00", "09:10"), ("IST", "KBL", "11:00", "17:30")],
    [("VNO", "RIX", "07:00", "07:55")],
])
def test_real_timetables_are_accepted_without_a_warning(legs):
    def at(time):
        return f"2026-12-0{2 if time.endswith('+') else 1}T{time.rstrip('+')}"
    assert check(*(flight(o, d, at(leaves), at(lands)) for o, d, leaves, lands in legs)) == {}


def test_a_flight_faster_than_timetables_fly_is_a_warning_to_check_the_ticket():
    warnings = check(flight("VNO", "IST", "2026-12-01T06:00", "2026-12-01T08:45"))  # 1 h 45 min for 1,507 km
    assert warnings["segments.0.arrival"].startswith("Segment 1 (VNO → IST) flies ")
    assert "flights usually take at least 1 h 50 min." in warnings["segments.0.arrival"]


def test_a_flight_of_more_than_a_day_asks_to_check_the_dates():
    warnings = check(flight("VNO", "WAW", "2026-12-01T06:25", "2026-12-02T08:20"))
    assert "no flight is that long without landing. Please check the dates." in warnings["segments.0.arrival"]


def test_a_flight_from_another_city_than_the_last_one_landed_in_is_refused():
    """Before: landing in Warsaw and flying on from Frankfurt was only an amber note about a transfer."""
    errors = errors_of(flight("VNO", "WAW", "2026-12-01T06:25", "2026-12-01T06:20"),
                       flight("FRA", "DXB", "2026-12-01T12:15", "2026-12-01T21:10"))
    assert errors == {"segments.1.origin": "Segment 1 lands at WAW (Warsaw), but segment 2 leaves from FRA "
                                           "(Frankfurt am Main). Please add the journey between them as a segment."}
    # Another airport of the same city is a real transfer: a warning, and the itinerary can be booked.
    warnings = check(flight("VNO", "IST", "2026-12-01T06:00", "2026-12-01T09:10"),
                     flight("SAW", "TBS", "2026-12-01T14:00", "2026-12-01T17:30"))
    assert "plan the transfer between the airports" in warnings["segments.1.origin"]


@pytest.mark.parametrize("lang", ["lt", "ru"])
def test_the_flight_time_messages_read_in_lithuanian_and_russian_without_a_doubled_full_stop(lang):
    """Lithuanian writes "50 min.": a sentence ending with a duration printed "min.." before."""
    from avrcase.i18n import set_locale

    set_locale(lang)
    errors = errors_of(flight("VNO", "WAW", "2026-12-01T08:00", "2026-12-01T07:15"),
                       flight("FRA", "DXB", "2026-12-01T12:00", "2026-12-01T21:00"))
    warnings = check(flight("VNO", "IST", "2026-12-01T06:00", "2026-12-01T08:45"),
                     flight("IST", "WAW", "2026-12-01T10:00", "2026-12-02T10:00"))
    messages = [*errors.values(), *warnings.values()]
    assert len(messages) == 4 and not any(".." in m or "Segment" in m for m in messages), messages
    assert ("Varšuva" if lang == "lt" else "Варшава") in errors["segments.1.origin"]


def test_a_journey_more_than_a_year_ahead_asks_to_check_the_year():
    """Before: 28 December 2027 typed for 2026 was booked without a word (tickets are not sold that early)."""
    def journey(year):
        return [flight("VNO", "WAW", f"{year}-12-28T06:25", f"{year}-12-28T06:20")]
    today = dt.date(2026, 12, 7)
    warnings = validate_itinerary(journey(2027), registered_on=dt.date(2026, 9, 1), travellers=[ANA], today=today)
    assert "more than a year from today" in warnings["segments.0.departure"]
    assert "please check the year" in warnings["segments.0.departure"]
    assert validate_itinerary(journey(2026), registered_on=dt.date(2026, 9, 1), travellers=[ANA], today=today) == {}
