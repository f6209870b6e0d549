"""Itinerary rules: what a travel officer cannot book, what only earns a warning, and time zones."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.domain.itinerary import (
    ConnectionPolicy,
    Segment,
    Ticket,
    fare_totals,
    journey_times,
    transit_passages,
    validate_itinerary,
)
from avrcase.domain.money import Money
from avrcase.domain.travel import TravelMode
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
    Traveller,
    Visa,
)

REGISTERED = dt.date(2026, 9, 1)
PASSPORT = TravelDocument(TravelDocumentKind.PASSPORT, TravelDocumentStatus.RECEIVED, "P1234567",
                          expires_on=dt.date(2030, 1, 1))
ANA = Traveller(1, "Ana Beridze", (PASSPORT,))
NIKO = Traveller(2, "Niko Beridze", (PASSPORT,))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def flight(origin, destination, departure, arrival, **kw) -> Segment:
    kw.setdefault("carrier", "TK")
    kw.setdefault("service_number", "1234")
    return Segment(TravelMode.AIR, origin, destination, at(departure), at(arrival), **kw)


def road(origin, destination, departure, arrival, tz="Europe/Vilnius", mode=TravelMode.BUS, **kw) -> Segment:
    kw.setdefault("origin_tz", tz)
    kw.setdefault("destination_tz", tz)
    return Segment(mode, origin, destination, at(departure), at(arrival), **kw)


def check(segments, travellers=(ANA,), **kw):
    return validate_itinerary(segments, registered_on=kw.pop("registered_on", REGISTERED), travellers=travellers,
                              **kw)


def errors_of(segments, travellers=(ANA,), **kw) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        check(segments, travellers, **kw)
    return err.value.errors


VNO_IST = flight("VNO", "IST", "2026-12-01T06:00", "2026-12-01T09:10")
IST_TBS = flight("IST", "TBS", "2026-12-01T11:00", "2026-12-01T14:30", service_number="378")


def test_door_to_door_itinerary_is_accepted_without_warnings():
    to_airport = road("Pabradė", "Vilnius airport", "2026-12-01T02:00", "2026-12-01T03:00", mode=TravelMode.CAR)
    onward = road("TBS", "Kutaisi", "2026-12-01T16:00", "2026-12-01T20:00", tz="Asia/Tbilisi")
    assert check([to_airport, VNO_IST, IST_TBS, onward], travellers=(ANA, NIKO)) == {}


def test_impossible_times_read_as_russian_in_russian():
    """"прибывает в 2 янв. 2027 г., 07:00, раньше чем отправляется в 2 янв. …": "в" does not go before a date."""
    from avrcase.i18n import set_locale

    set_locale("ru")
    backwards = flight("IST", "TBS", "2026-12-01T11:00", "2026-12-01T10:30")
    early = flight("IST", "TBS", "2026-12-01T08:00", "2026-12-01T11:30")
    messages = [errors_of([VNO_IST, backwards])["segments.1.arrival"], errors_of([VNO_IST, early])["segments.1.departure"]]
    assert messages[0].startswith("Сегмент 2 (IST → TBS) прибывает (1 дек. 2026\u202fг., 10:30) раньше, чем отправляется")
    assert messages[1].startswith("Сегмент 2 отправляется (1 дек. 2026\u202fг., 08:00) раньше, чем прибывает сегмент 1")
    assert not any(" в 1 дек." in message for message in messages)


def test_segment_arriving_before_it_departs_is_rejected_naming_the_segment():
    backwards = flight("IST", "TBS", "2026-12-01T11:00", "2026-12-01T10:30")
    errors = errors_of([VNO_IST, backwards])
    assert set(errors) == {"segments.1.arrival"}
    assert errors["segments.1.arrival"].startswith("Segment 2 (IST → TBS) arrives at")
    assert "before it departs" in errors["segments.1.arrival"]


def test_segment_of_no_duration_is_rejected():
    errors = errors_of([flight("VNO", "RIX", "2026-12-01T06:00", "2026-12-01T06:00")])
    assert "at the moment it departs" in errors["segments.0.arrival"]


def test_westbound_flight_landing_earlier_in_local_time_is_accepted():
    # The 06:25 from Vilnius (UTC+2) lands in Warsaw (UTC+1) at 06:20 local: 55 minutes in the air.
    early = flight("VNO", "WAW", "2026-12-01T06:25", "2026-12-01T06:20", carrier="LO", service_number="772")
    assert check([early]) == {}
    departure, arrival = journey_times(early)
    assert arrival - departure == dt.timedelta(minutes=55)
    assert departure == dt.datetime(2026, 12, 1, 4, 25, tzinfo=dt.timezone.utc)


def test_night_flight_across_the_end_of_summer_time_has_its_true_duration():
    # Vilnius leaves summer time at 04:00 local (01:00 UTC) on 25 October 2026; Tbilisi has no DST.
    overnight = flight("VNO", "TBS", "2026-10-25T02:30", "2026-10-25T07:10")
    assert check([overnight], registered_on=dt.date(2026, 10, 1)) == {}
    departure, arrival = journey_times(overnight)
    assert arrival - departure == dt.timedelta(hours=3, minutes=40)


def test_a_time_skipped_by_the_clocks_is_an_error_and_a_repeated_one_a_warning():
    skipped = road("Vilnius", "Kaunas", "2027-03-28T03:30", "2027-03-28T05:30")
    errors = errors_of([skipped], registered_on=dt.date(2027, 1, 1))
    assert "does not exist in Europe/Vilnius" in errors["segments.0.departure"]
    twice = road("Vilnius", "Kaunas", "2026-10-25T03:30", "2026-10-25T05:30")
    warnings = check([twice], registered_on=dt.date(2026, 10, 1))
    assert "happens twice" in warnings["segments.0.departure"]


def test_connection_leaving_before_the_previous_arrival_is_rejected():
    too_early = flight("IST", "TBS", "2026-12-01T09:00", "2026-12-01T12:30")
    errors = errors_of([VNO_IST, too_early])
    assert set(errors) == {"segments.1.departure"}
    assert "Segment 2 leaves" in errors["segments.1.departure"]
    assert "before segment 1 arrives" in errors["segments.1.departure"]


@pytest.mark.parametrize(
    ("first", "second", "warned"),
    [
        (VNO_IST, flight("IST", "TBS", "2026-12-01T09:40", "2026-12-01T13:00"), True),  # 30 min between flights
        (VNO_IST, flight("IST", "TBS", "2026-12-01T09:55", "2026-12-01T13:00"), False),  # 45 min is enough
        (road("Pabradė", "VNO", "2026-12-01T04:00", "2026-12-01T05:00"), VNO_IST, True),  # 60 min to check in
        (road("Pabradė", "VNO", "2026-12-01T03:00", "2026-12-01T04:00"), VNO_IST, False),
    ],
)
def test_short_connections_are_a_warning_not_an_error(first, second, warned):
    warnings = check([first, second])
    assert ("segments.1.departure" in warnings) == warned
    if warned:
        assert "to connect after segment 1" in warnings["segments.1.departure"]


def test_connection_policy_can_be_set_by_the_office():
    relaxed = ConnectionPolicy({(True, True): dt.timedelta(minutes=20), (True, False): dt.timedelta(0),
                                (False, True): dt.timedelta(0), (False, False): dt.timedelta(0)})
    tight = flight("IST", "TBS", "2026-12-01T09:40", "2026-12-01T13:00")
    assert check([VNO_IST, tight], connections=relaxed) == {}


def test_flights_from_another_airport_in_the_same_city_are_flagged():
    from_saw = flight("SAW", "TBS", "2026-12-01T14:00", "2026-12-01T17:30")
    warnings = check([VNO_IST, from_saw])
    assert "lands at IST but segment 2 leaves from SAW" in warnings["segments.1.origin"]


@pytest.mark.parametrize(("leaves", "short"), [("10:30", True), ("12:09", True), ("12:10", False)])
def test_a_change_of_airport_needs_three_hours_not_the_45_minutes_of_a_transfer(leaves, short):
    """Landing at IST at 09:10 and flying on from SAW, across the Bosphorus: 80 minutes passed as a good
    connection, since only the 45 minutes between two flights at one airport were asked for."""
    from_saw = flight("SAW", "TBS", f"2026-12-01T{leaves}", "2026-12-01T17:30")
    warnings = check([VNO_IST, from_saw])
    assert "lands at IST but segment 2 leaves from SAW" in warnings["segments.1.origin"]
    if short:
        assert "minutes to get to another airport and check in again after segment 1; allow at least 180." \
            in warnings["segments.1.departure"]
    else:
        assert "segments.1.departure" not in warnings
    same_airport = flight("IST", "TBS", f"2026-12-01T{leaves}", "2026-12-01T17:30")
    assert "segments.1.departure" not in check([VNO_IST, same_airport])  # 80 minutes at one airport are enough


def test_first_departure_before_registration_is_rejected_and_registration_day_accepted():
    errors = errors_of([VNO_IST], registered_on=dt.date(2026, 12, 2))
    assert "before the case was registered" in errors["segments.0.departure"]
    assert check([VNO_IST], registered_on=dt.date(2026, 12, 1)) == {}


@pytest.mark.parametrize(
    ("code", "message"),
    [("XQZ", "not an airport code we know"), ("Vilnius", "three-letter IATA code"),
     ("KBP", "closed to passenger flights"), ("", "enter the place")],
)
def test_airports_must_be_known_and_open(code, message):
    errors = errors_of([flight(code, "TBS", "2026-12-01T06:00", "2026-12-01T12:00")])
    assert message in errors["segments.0.origin"]


def test_lower_case_iata_codes_are_understood():
    assert check([flight("vno", "ist", "2026-12-01T06:00", "2026-12-01T09:10")]) == {}


def test_a_place_on_the_road_needs_a_time_zone():
    errors = errors_of([road("Kaunas", "Vilnius", "2026-12-01T06:00", "2026-12-01T08:00", tz="")])
    assert errors["segments.0.origin_tz"] == "Please choose the time zone of Kaunas."
    assert errors["segments.0.destination_tz"] == "Please choose the time zone of Vilnius."
    errors = errors_of([road("Kaunas", "Vilnius", "2026-12-01T06:00", "2026-12-01T08:00", tz="Europe/Kaunas")])
    assert "not a time zone we know" in errors["segments.0.origin_tz"]


def test_a_segment_cannot_end_where_it_starts():
    errors = errors_of([road("Vilnius", "vilnius", "2026-12-01T06:00", "2026-12-01T08:00")])
    assert "segments.0.destination" in errors


def test_fares_and_tickets():
    good = flight("VNO", "IST", "2026-12-01T06:00", "2026-12-01T09:10", fare=Money(Decimal("189.90"), "EUR"),
                  tickets=(Ticket(1, "235-1234567890"), Ticket(2, "235-1234567891")))
    assert check([good], travellers=(ANA, NIKO)) == {}
    bad = flight("VNO", "IST", "2026-12-01T06:00", "2026-12-01T09:10", fare=Money(Decimal("-5"), "EUR"),
                 tickets=(Ticket(1, "235-1"), Ticket(1, "235-2"), Ticket(7, "235-3"), Ticket(2, " ")))
    errors = errors_of([bad], travellers=(ANA, NIKO))
    assert "cannot be negative" in errors["segments.0.fare"]
    assert "already has a ticket" in errors["segments.0.tickets.1"]
    assert "not travelling" in errors["segments.0.tickets.2"]
    assert "enter the ticket number" in errors["segments.0.tickets.3"]


def test_every_traveller_needs_a_usable_travel_document():
    nothing = Traveller(3, "Lela Beridze")
    only_needed = Traveller(4, "Dato Beridze", (TravelDocument(TravelDocumentKind.PASSPORT),))
    expired = Traveller(5, "Eka Beridze", (TravelDocument(TravelDocumentKind.PASSPORT, TravelDocumentStatus.RECEIVED,
                                                          "P1", expires_on=dt.date(2026, 11, 30)),))
    errors = errors_of([VNO_IST], travellers=(ANA, nothing, only_needed, expired))
    assert set(errors) == {"travellers.1.documents", "travellers.2.documents", "travellers.3.documents"}
    assert errors["travellers.1.documents"] == "Lela Beridze has no travel document; request one before booking."
    assert "Dato Beridze has no travel document" in errors["travellers.2.documents"]
    assert errors["travellers.3.documents"] == (
        "Eka Beridze: Passport valid only until Nov 30, 2026, before the end of the journey (Dec 1, 2026).")


def test_document_validity_is_checked_against_the_last_arrival_day():
    overnight = flight("VNO", "TBS", "2026-12-01T22:00", "2026-12-02T03:40")
    etc = TravelDocument(TravelDocumentKind.TRAVEL_CERTIFICATE, TravelDocumentStatus.RECEIVED, "ETC-9",
                         expires_on=dt.date(2026, 12, 2))
    last_day = Traveller(1, "Ana Beridze", (etc,))
    assert "before the end of the journey" in errors_of([overnight], travellers=(last_day,))["travellers.0.documents"]


def test_an_emergency_travel_certificate_still_requested_allows_booking():
    pending = Traveller(1, "Ana Beridze", (TravelDocument(TravelDocumentKind.TRAVEL_CERTIFICATE,
                                                          TravelDocumentStatus.REQUESTED),))
    assert check([VNO_IST], travellers=(pending,)) == {}


def test_empty_itinerary_and_nobody_travelling_are_rejected():
    errors = errors_of([], travellers=())
    assert set(errors) == {"segments", "travellers"}


def test_every_problem_is_reported_at_once():
    errors = errors_of([flight("XQZ", "IST", "2026-12-01T06:00", "2026-12-01T09:10"),
                        road("IST", "Istanbul", "2026-12-01T10:00", "2026-12-01T09:00", tz="Europe/Istanbul")],
                       travellers=(Traveller(9, "Lela Beridze"),))
    assert set(errors) == {"segments.0.origin", "segments.1.arrival", "travellers.0.documents"}


def test_journey_times_refuses_a_segment_it_cannot_place():
    with pytest.raises(ValidationError) as err:
        journey_times(flight("XQZ", "IST", "2026-12-01T06:00", "2026-12-01T09:10"))
    assert "departure" in err.value.errors


def test_an_issued_transit_visa_must_cover_the_days_in_transit():
    overnight_in_istanbul = flight("IST", "TBS", "2026-12-02T01:30", "2026-12-02T05:00")
    expired_visa = Visa("TR", TravelDocumentStatus.ISSUED, "V-1", dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    traveller = Traveller(1, "Ana Beridze", (PASSPORT,), (Visa("GE"), expired_visa))
    errors = errors_of([VNO_IST, overnight_in_istanbul], travellers=(traveller,))
    assert errors == {"travellers.0.visas.1": "Ana Beridze: the visa for Türkiye is valid Nov 1, 2026 to Dec 1, 2026, "
                                              "but the journey is there on Dec 1, 2026."}
    covering = replace(expired_visa, valid_until=dt.date(2026, 12, 2))
    assert check([VNO_IST, overnight_in_istanbul], travellers=(replace(traveller, visas=(covering,)),)) == {}


def test_a_visa_not_yet_issued_does_not_block_booking():
    pending = Traveller(1, "Ana Beridze", (PASSPORT,), (Visa("TR", TravelDocumentStatus.REQUESTED),))
    assert check([VNO_IST, IST_TBS], travellers=(pending,)) == {}


def test_transit_passages_are_the_countries_the_journey_stops_in_on_the_way():
    overnight = flight("IST", "TBS", "2026-12-02T01:30", "2026-12-02T05:00")
    onward = road("TBS", "Kutaisi", "2026-12-02T07:00", "2026-12-02T11:00", tz="Asia/Tbilisi")
    assert transit_passages([VNO_IST, overnight, onward]) == {
        "TR": (dt.date(2026, 12, 1), dt.date(2026, 12, 2)),
        "GE": (dt.date(2026, 12, 2), dt.date(2026, 12, 2)),
    }
    by_road_first = road("Pabradė", "VNO", "2026-12-01T03:00", "2026-12-01T04:00")
    assert transit_passages([by_road_first, VNO_IST]) == {}


def test_carrier_flight_number_and_booking_reference_have_sensible_lengths():
    wordy = flight("VNO", "IST", "2026-12-01T06:00", "2026-12-01T09:10", service_number="1234567890123",
                   booking_reference="X" * 21)
    errors = errors_of([wordy])
    assert set(errors) == {"segments.0.service_number", "segments.0.booking_reference"}
    assert errors["segments.0.service_number"] == "At most 12 characters, please."


def test_timetable_times_must_be_wall_clock_times():
    from zoneinfo import ZoneInfo

    from avrcase.domain.itinerary import to_utc

    with pytest.raises(TypeError):
        to_utc(dt.datetime(2026, 12, 1, 6, tzinfo=dt.timezone.utc), ZoneInfo("Europe/Vilnius"))


def test_fares_add_up_per_currency():
    segments = [replace(VNO_IST, fare=Money(Decimal("189.90"), "EUR")),
                replace(IST_TBS, fare=Money(Decimal(95), "USD")),
                road("TBS", "Kutaisi", "2026-12-01T16:00", "2026-12-01T20:00", tz="Asia/Tbilisi",
                     fare=Money(Decimal("10.10"), "EUR"))]
    assert fare_totals(segments) == (Money(Decimal(200), "EUR"), Money(Decimal(95), "USD"))
    assert fare_totals([VNO_IST]) == ()
