"""The departures-board checklist: ready cases, and what is missing named per traveller."""

from dataclasses import replace

from avrcase.domain.readiness import CheckItem, ReadinessInput, TravellerStatus, check_readiness

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
    assert result.missing == ("Nobody is booked to travel yet.", "No tickets are issued yet.")


def test_names_are_listed_in_the_language_of_the_interface():
    from avrcase.i18n import set_locale

    set_locale("lt")
    case = replace(READY, travellers=(replace(ANA, ticket_issued=False), replace(NIKO, ticket_issued=False)))
    assert "Ana Beridze ir Niko Beridze" in check_readiness(case).summary()
