"""The departures-board checklist: ready cases, and what is missing named per traveller."""

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.domain.itinerary import Segment, Ticket
from avrcase.domain.readiness import (
    CheckItem,
    ReadinessInput,
    TravellerStatus,
    assistance_confirmed,
    check_readiness,
    expected_assistance,
    missing_assistance,
    traveller_status,
)
from avrcase.domain.travel import Assistance, AssistanceKind, MedicalNeed, TravellerNeeds, TravelMode
from avrcase.domain.travel_documents import TravelDocument, TravelDocumentKind, TravelDocumentStatus, Traveller, Visa

ANA = TravellerStatus("Ana Beridze", document_in_hand=True, ticket_issued=True)
NIKO = TravellerStatus("Niko Beridze", document_in_hand=True, ticket_issued=True)
LELA = TravellerStatus("Lela Beridze", document_in_hand=True, ticket_issued=True)
READY = ReadinessInput(declaration_signed=True, eligibility_approved=True, travellers=(ANA, NIKO, LELA),
                       assistance_confirmed=True)


def test_a_case_with_everything_in_place_is_ready():
    result = check_readiness(READY)
    assert result.ready
    assert result.missing == ()
    assert result.summary() == ""
    assert [i.item for i in result.items] == [CheckItem.DECLARATION, CheckItem.ELIGIBILITY,
                                              CheckItem.TRAVEL_DOCUMENTS, CheckItem.TICKETS, CheckItem.ASSISTANCE]


def test_missing_documents_and_tickets_name_the_travellers():
    case = replace(READY, travellers=(replace(ANA, document_in_hand=False), replace(NIKO, ticket_issued=False),
                                      replace(LELA, document_in_hand=False)))
    result = check_readiness(case)
    assert not result.ready
    assert result.missing == ("Travel documents not in hand for Ana Beridze and Lela Beridze.",
                              "Ticket not issued for Niko Beridze.")


def test_case_level_items_say_what_is_missing():
    case = replace(READY, declaration_signed=False, eligibility_approved=False, assistance_confirmed=False)
    assert check_readiness(case).summary() == (
        "The return declaration is not signed. Eligibility is not approved yet. "
        "Assistance on the way is not confirmed.")


def test_fit_to_travel_is_listed_only_when_someone_needs_it():
    assert CheckItem.FIT_TO_TRAVEL not in [i.item for i in check_readiness(READY).items]
    needs = replace(READY, travellers=(replace(ANA, fit_to_travel_needed=True), NIKO, LELA))
    result = check_readiness(needs)
    assert result.missing == ("Fit-to-travel certificate missing for Ana Beridze.",)
    present = replace(needs, travellers=(replace(ANA, fit_to_travel_needed=True, fit_to_travel_present=True),))
    assert check_readiness(present).ready


def test_allowance_counts_only_where_it_applies():
    assert CheckItem.ALLOWANCE not in [i.item for i in check_readiness(READY).items]
    assert check_readiness(replace(READY, allowance_prepared=False)).missing == ("The allowance is not prepared.",)
    assert check_readiness(replace(READY, allowance_prepared=True)).ready


def test_nobody_booked_is_not_ready():
    result = check_readiness(replace(READY, travellers=()))
    assert not result.ready
    assert result.missing == ("Checked once the itinerary names who travels.", "No tickets are issued yet.")


def test_names_are_listed_in_the_language_of_the_interface():
    from avrcase.i18n import set_locale

    set_locale("lt")
    case = replace(READY, travellers=(replace(ANA, ticket_issued=False), replace(NIKO, ticket_issued=False)))
    assert "Ana Beridze ir Niko Beridze" in check_readiness(case).summary()


def at(text):
    return dt.datetime.fromisoformat(text)


PASSPORT = TravelDocument(TravelDocumentKind.PASSPORT, TravelDocumentStatus.HANDED_OVER, "P1",
                          expires_on=dt.date(2030, 1, 1))
TO_AIRPORT = Segment(TravelMode.CAR, "Pabradė", "VNO", at("2026-12-01T03:00"), at("2026-12-01T04:00"),
                     "Europe/Vilnius", "Europe/Vilnius")


def flight_ticketed(*keys):
    return Segment(TravelMode.AIR, "VNO", "IST", at("2026-12-01T06:00"), at("2026-12-01T09:10"),
                   tickets=tuple(Ticket(k, f"235-000000000{k}") for k in keys))


def test_traveller_status_is_derived_from_documents_visas_tickets_and_needs():
    ana = Traveller(1, "Ana Beridze", (PASSPORT,))
    status = traveller_status(ana, [TO_AIRPORT, flight_ticketed(1, 2)])
    assert status == TravellerStatus("Ana Beridze", document_in_hand=True, ticket_issued=True)
    assert not traveller_status(ana, [TO_AIRPORT, flight_ticketed(2)]).ticket_issued
    assert not traveller_status(ana, []).ticket_issued
    visa_pending = replace(ana, visas=(Visa("TR", TravelDocumentStatus.REQUESTED),))
    assert not traveller_status(visa_pending, [flight_ticketed(1)]).document_in_hand
    etc_requested = Traveller(1, "Ana Beridze", (TravelDocument(TravelDocumentKind.TRAVEL_CERTIFICATE,
                                                                TravelDocumentStatus.REQUESTED),))
    assert not traveller_status(etc_requested, [flight_ticketed(1)]).document_in_hand
    oxygen = TravellerNeeds(1, medical=frozenset({MedicalNeed.OXYGEN}))
    assert traveller_status(ana, [flight_ticketed(1)], oxygen).fit_to_travel_needed


def test_assistance_is_confirmed_when_every_request_is():
    reception = Assistance(AssistanceKind.RECEPTION, "TBS", "IOM Georgia", dt.date(2026, 11, 20))
    assert not assistance_confirmed([reception])
    assert assistance_confirmed([replace(reception, confirmed_on=dt.date(2026, 11, 21))])
    assert assistance_confirmed([])


TRAVELLER_STATUSES = st.builds(
    TravellerStatus, name=st.sampled_from(["Ana", "Niko", "Lela", "Dato", "Eka"]), document_in_hand=st.booleans(),
    ticket_issued=st.booleans(), fit_to_travel_needed=st.booleans(), fit_to_travel_present=st.booleans())


@settings(deadline=None)
@given(st.booleans(), st.booleans(), st.lists(TRAVELLER_STATUSES, max_size=4, unique_by=lambda t: t.name),
       st.booleans(), st.none() | st.booleans())
def test_ready_exactly_when_nothing_is_missing_and_every_lacking_traveller_is_named(
        declaration, eligibility, travellers, assistance, allowance):
    case = ReadinessInput(declaration, eligibility, tuple(travellers), assistance, allowance)
    result = check_readiness(case)
    everyone_set = all(t.document_in_hand and t.ticket_issued
                       and (t.fit_to_travel_present or not t.fit_to_travel_needed) for t in travellers)
    assert result.ready == (declaration and eligibility and assistance and allowance is not False
                            and bool(travellers) and everyone_set)
    for traveller in travellers:
        lacking = not (traveller.document_in_hand and traveller.ticket_issued) or (
            traveller.fit_to_travel_needed and not traveller.fit_to_travel_present)
        assert (traveller.name in result.summary()) == lacking


def test_departure_transit_and_reception_assistance_are_expected_on_a_flight_itinerary():
    vno_ist = Segment(TravelMode.AIR, "VNO", "IST", at("2026-12-01T06:00"), at("2026-12-01T09:10"))
    ist_tbs = Segment(TravelMode.AIR, "ist", "TBS", at("2026-12-01T11:00"), at("2026-12-01T14:30"))
    onward = Segment(TravelMode.CAR, "TBS", "Kutaisi", at("2026-12-01T16:00"), at("2026-12-01T20:00"),
                     "Asia/Tbilisi", "Asia/Tbilisi")
    segments = [TO_AIRPORT, vno_ist, ist_tbs, onward]
    assert expected_assistance(segments) == ((AssistanceKind.DEPARTURE, "VNO"), (AssistanceKind.TRANSIT, "IST"),
                                             (AssistanceKind.RECEPTION, "TBS"))
    requested = [Assistance(AssistanceKind.DEPARTURE, "VNO"), Assistance(AssistanceKind.RECEPTION, "tbs")]
    assert missing_assistance(segments, requested) == ("Transit assistance at IST is not requested.",)
    assert expected_assistance([TO_AIRPORT]) == ()
