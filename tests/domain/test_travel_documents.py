"""Travel documents: the steps from needed to handed over, and which document a traveller flies on."""

import datetime as dt

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
    Traveller,
    ValidityPolicy,
    best_document,
    can_move_status,
    check_status_move,
    document_problems,
    travel_document_errors,
)

S = TravelDocumentStatus
K = TravelDocumentKind
LAST_DAY = dt.date(2026, 12, 1)
TODAY = dt.date(2026, 11, 23)


def passport(status=S.RECEIVED, expires_on=dt.date(2030, 1, 1), **kw):
    return TravelDocument(K.PASSPORT, status, kw.pop("number", "P7654321"), expires_on=expires_on, **kw)


def test_statuses_go_forward_and_may_skip_steps():
    assert can_move_status(S.NEEDED, S.REQUESTED)
    assert can_move_status(S.NEEDED, S.RECEIVED)  # the returnee's own passport
    assert can_move_status(S.RECEIVED, S.HANDED_OVER)


def test_statuses_only_go_back_to_needed():
    assert can_move_status(S.HANDED_OVER, S.NEEDED)  # lost on the way
    assert not can_move_status(S.RECEIVED, S.REQUESTED)
    assert not can_move_status(S.ISSUED, S.ISSUED)
    assert not can_move_status(S.NEEDED, S.NEEDED)
    with pytest.raises(ValidationError) as err:
        check_status_move(S.HANDED_OVER, S.ISSUED)
    assert err.value.errors["status"] == (
        "A document that is “Handed over to the returnee” cannot go back to “Issued”.")


def test_in_hand_means_received_or_handed_over():
    assert [s for s in S if s.in_hand] == [S.RECEIVED, S.HANDED_OVER]


def test_document_details_are_checked():
    errors = travel_document_errors(
        TravelDocument(K.TRAVEL_CERTIFICATE, S.ISSUED, "", issued_on=dt.date(2026, 12, 1),
                       expires_on=dt.date(2026, 11, 1)), TODAY, "travellers.0.documents.0.")
    assert set(errors) == {"travellers.0.documents.0.number", "travellers.0.documents.0.issued_on",
                           "travellers.0.documents.0.expires_on"}
    assert travel_document_errors(TravelDocument(K.TRAVEL_CERTIFICATE, S.REQUESTED), TODAY) == {}


def test_the_best_document_is_the_usable_one_furthest_along():
    expired = passport(expires_on=dt.date(2026, 6, 1), number="OLD")
    requested = TravelDocument(K.TRAVEL_CERTIFICATE, S.REQUESTED)
    received = passport(number="NEW")
    assert best_document((expired, requested, received), LAST_DAY) == received
    assert best_document((expired, requested), LAST_DAY) == requested
    assert best_document((expired, TravelDocument(K.PASSPORT)), LAST_DAY) is None


def test_a_passport_expiring_within_three_months_of_travel_is_a_warning():
    ana = Traveller(1, "Ana Beridze", (passport(expires_on=dt.date(2027, 2, 1)),))
    error, warning = document_problems(ana, LAST_DAY)
    assert error is None
    assert warning == ("Ana Beridze: Passport valid only until Feb 1, 2027, soon after travel; "
                       "check that the carriers and transit countries accept it.")
    assert document_problems(ana, LAST_DAY, ValidityPolicy({})) == (None, None)
    later = Traveller(1, "Ana Beridze", (passport(expires_on=dt.date(2027, 3, 2)),))
    assert document_problems(later, LAST_DAY) == (None, None)


def test_a_certificate_valid_one_day_beyond_travel_is_enough():
    etc = TravelDocument(K.TRAVEL_CERTIFICATE, S.RECEIVED, "ETC-1", expires_on=dt.date(2026, 12, 2))
    assert document_problems(Traveller(1, "Ana Beridze", (etc,)), LAST_DAY) == (None, None)


def test_an_issued_document_without_expiry_is_a_warning():
    no_expiry = TravelDocument(K.NATIONAL_ID, S.RECEIVED, "ID-1")
    error, warning = document_problems(Traveller(1, "Ana Beridze", (no_expiry,)), LAST_DAY)
    assert error is None
    assert warning == "Ana Beridze: National identity card without a recorded expiry date."


def test_kinds_share_values_and_labels_with_identity_documents():
    from avrcase.domain.codes import IdDocumentType

    assert all(IdDocumentType(kind.value).label == kind.label for kind in K)
