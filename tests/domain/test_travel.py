"""Travel arrangements, the airports directory and the manifest grouping."""

import datetime as dt
from decimal import Decimal

import pytest

from avrcase.domain.airports import AirportDirectory, shipped_airports
from avrcase.domain.errors import ValidationError
from avrcase.domain.money import Money
from avrcase.domain.travel import (
    Assistance,
    AssistanceKind,
    ExcessBaggage,
    InlandTransport,
    ManifestEntry,
    MedicalNeed,
    TravelArrangements,
    TravellerNeeds,
    TravelMode,
    WheelchairCode,
    group_manifest,
    validate_arrangements,
    validate_departure_confirmation,
)

EUR = "EUR"
TRAVELLERS = frozenset({1, 2})


def errors_of(arrangements, travellers=TRAVELLERS):
    with pytest.raises(ValidationError) as err:
        validate_arrangements(arrangements, travellers)
    return err.value.errors


def test_complete_arrangements_are_accepted():
    validate_arrangements(TravelArrangements(
        assistance=(Assistance(AssistanceKind.DEPARTURE, "VNO"),
                    Assistance(AssistanceKind.TRANSIT, "IST", "IOM Türkiye", dt.date(2026, 11, 20),
                               dt.date(2026, 11, 21)),
                    Assistance(AssistanceKind.RECEPTION, "TBS", "IOM Georgia", dt.date(2026, 11, 20)),
                    Assistance(AssistanceKind.ESCORT_MEDICAL, escort_name="Dr Rūta Petraitė")),
        needs=(TravellerNeeds(1, WheelchairCode.WCHS, frozenset({MedicalNeed.OXYGEN})),),
        excess_baggage=ExcessBaggage(Decimal(20), Money(Decimal(60), EUR)),
        inland_transport=InlandTransport(TravelMode.CAR, "IOM Georgia", "Kutaisi", Money(Decimal(0), "GEL")),
    ), TRAVELLERS)


def test_problems_with_arrangements_are_reported_by_field():
    errors = errors_of(TravelArrangements(
        assistance=(Assistance(AssistanceKind.ESCORT_OPERATIONAL),
                    Assistance(AssistanceKind.TRANSIT, "", notified_on=dt.date(2026, 11, 20),
                               confirmed_on=dt.date(2026, 11, 19))),
        needs=(TravellerNeeds(1), TravellerNeeds(1), TravellerNeeds(9)),
        excess_baggage=ExcessBaggage(Decimal(-3), Money(Decimal("-1"), EUR)),
        inland_transport=InlandTransport(TravelMode.BUS, cost=Money(Decimal("-12.50"), EUR)),
    ))
    assert errors == {
        "assistance.0.escort_name": "Please enter the name of the escort.",
        "assistance.1.place": "Please say at which airport or place the assistance is needed.",
        "assistance.1.confirmed_on": "Assistance cannot be confirmed before it was requested.",
        "needs.1.traveller": "The needs of this person are listed twice.",
        "needs.2.traveller": "This person is not travelling on this itinerary.",
        "excess_baggage.kg": "Excess baggage is a positive weight in kilograms.",
        "excess_baggage.cost": "An amount cannot be negative (-€1.00).",
        "inland_transport.destination": "Please enter where the in-land transport goes.",
        "inland_transport.cost": "An amount cannot be negative (-€12.50).",
    }


def test_excess_baggage_has_an_upper_limit():
    assert "At most 500 kg" in errors_of(TravelArrangements(excess_baggage=ExcessBaggage(Decimal(750))))[
        "excess_baggage.kg"]


def test_a_stretcher_or_oxygen_needs_a_fit_to_travel_certificate():
    assert TravellerNeeds(1, medical=frozenset({MedicalNeed.STRETCHER})).needs_fit_to_travel
    assert not TravellerNeeds(1, WheelchairCode.WCHR).needs_fit_to_travel


def test_wheelchair_codes_are_explained():
    assert [c.value for c in WheelchairCode] == ["WCHR", "WCHS", "WCHC"]
    assert WheelchairCode.WCHC.label.startswith("WCHC: cannot walk")


def test_shipped_airports_carry_time_zones_for_the_office_routes():
    airports = shipped_airports()
    for code in ("VNO", "KUN", "RIX", "WAW", "IST", "FRA", "TBS", "KUT", "BUS", "EVN", "FRU", "OSS", "DYU",
                 "TAS", "SKD", "BGW", "EBL", "ISU", "HAN", "SGN", "GYD", "DEL", "CMB"):
        assert airports.get(code).tz, code
    assert airports.get("tbs").city == "Tbilisi"
    assert airports.get("KBP").closed
    assert "XQZ" not in airports


def test_an_office_can_read_its_own_airport_list():
    directory = AirportDirectory.from_csv(
        "iata,name,city,country,tz,closed\nzzz,Test Field,Testville,lt,Europe/Vilnius,\n")
    assert directory.get("ZZZ").country == "LT"
    assert directory.codes() == ["ZZZ"]


def entry(case, name, departure, service):
    return ManifestEntry(case, name, dt.datetime.fromisoformat(departure), service)


def test_manifest_groups_travellers_by_day_and_service_earliest_first():
    groups = group_manifest([
        entry("VNO-2026-0012", "Niko Beridze", "2026-12-01T06:00", "TK 1234"),
        entry("VNO-2026-0007", "Ahmed Karim", "2026-12-02T05:40", "LO 772"),
        entry("VNO-2026-0003", "Aziz Rakhimov", "2026-12-01T14:00", "TK 0401"),
        entry("VNO-2026-0012", "Ana Beridze", "2026-12-01T06:00", "TK 1234"),
        entry("VNO-2026-0009", "Dilnoza Rakhimova", "2026-12-02T05:40", "LO 772"),
    ])
    assert [(g.departure_date.isoformat(), g.service, [e.traveller for e in g.entries]) for g in groups] == [
        ("2026-12-01", "TK 1234", ["Niko Beridze", "Ana Beridze"]),  # the household's order, not the alphabet
        ("2026-12-01", "TK 0401", ["Aziz Rakhimov"]),
        ("2026-12-02", "LO 772", ["Ahmed Karim", "Dilnoza Rakhimova"]),
    ]


def test_a_departure_is_confirmed_on_or_after_the_day_it_happened():
    today, registered = dt.date(2026, 12, 3), dt.date(2026, 9, 1)
    assert validate_departure_confirmation(dt.date(2026, 12, 1), today=today, registered_on=registered,
                                           scheduled=dt.date(2026, 12, 1)) == {}
    moved = validate_departure_confirmation(dt.date(2026, 12, 2), today=today, registered_on=registered,
                                            scheduled=dt.date(2026, 12, 1))
    assert "booked departure was on Dec 1, 2026" in moved["departed_on"]
    with pytest.raises(ValidationError) as future:
        validate_departure_confirmation(dt.date(2026, 12, 4), today=today, registered_on=registered, scheduled=None)
    assert "in the future" in future.value.errors["departed_on"]
    with pytest.raises(ValidationError) as early:
        validate_departure_confirmation(dt.date(2026, 8, 4), today=today, registered_on=registered, scheduled=None)
    assert "before the case was registered (Sep 1, 2026)" in early.value.errors["departed_on"]


def test_an_absurd_fare_is_refused_by_the_rules_too():
    from avrcase.domain.travel import cost_error

    assert cost_error(Money("9999999999.99", "EUR")) is None
    assert "too large" in cost_error(Money("10000000000", "EUR"))
