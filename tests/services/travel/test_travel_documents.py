"""Travel documents and visas: recording them, moving them from needed to handed over, refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
    Visa,
)
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel import documents as travel_documents
from avrcase.services.uow import unit_of_work
from tests.support.clock import FIXED_TODAY

TODAY = FIXED_TODAY
S = TravelDocumentStatus


@pytest.fixture
def officer(actor_as):
    return actor_as(StaffRole.TRAVEL_OFFICER)


@pytest.fixture
def person_id(make_case):
    return make_case().members[0].person.id


def _certificate():
    return TravelDocument(TravelDocumentKind.TRAVEL_CERTIFICATE, S.NEEDED, issuing_authority="Embassy of Georgia")


def test_a_certificate_goes_from_needed_to_handed_over_with_the_day_of_each_step(engine, officer, person_id, make_case):
    with unit_of_work(engine) as session:
        doc = travel_documents.save_travel_document(session, officer, person_id, _certificate())
        doc = travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.REQUESTED,
                                                           on=TODAY - dt.timedelta(days=9))
        doc = travel_documents.move_travel_document_status(
            session, officer, doc.id, doc.version, S.ISSUED, on=TODAY - dt.timedelta(days=2), number="ETC-0042",
            expires_on=TODAY + dt.timedelta(days=60))
        doc = travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.HANDED_OVER)
    assert (doc.status, doc.number) == (S.HANDED_OVER, "ETC-0042")
    assert (doc.requested_on, doc.issued_on, doc.received_on, doc.handed_over_on) == (
        TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=2), None, TODAY)
    with unit_of_work(engine, write=False) as session:
        shown = travel.get_travel(session, officer, make_case().id)  # another case shows nothing of it
        assert all(not t.documents for t in shown.travellers)


def test_issuing_needs_a_number_and_documents_do_not_go_backwards(engine, officer, person_id):
    with unit_of_work(engine) as session:
        doc = travel_documents.save_travel_document(session, officer, person_id, _certificate())
    with pytest.raises(ValidationError) as error:
        with unit_of_work(engine) as session:
            travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.ISSUED)
    assert "number" in error.value.errors
    with unit_of_work(engine) as session:
        doc = travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.RECEIVED,
                                                           number="ETC-1")
    with pytest.raises(ValidationError) as error:
        with unit_of_work(engine) as session:
            travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.REQUESTED)
    assert "cannot go back" in error.value.errors["status"]
    with unit_of_work(engine) as session:  # lost: back to needed, the steps are cleared
        lost = travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.NEEDED)
    assert (lost.status, lost.received_on) == (S.NEEDED, None)


def test_stale_document_edit_is_a_conflict(engine, officer, person_id):
    with unit_of_work(engine) as session:
        doc = travel_documents.save_travel_document(session, officer, person_id, _certificate())
        travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.REQUESTED)
    with pytest.raises(ConflictError):
        with unit_of_work(engine) as session:
            travel_documents.move_travel_document_status(session, officer, doc.id, doc.version, S.ISSUED, number="X")


def test_document_dates_are_checked(engine, officer, person_id):
    bad = TravelDocument(TravelDocumentKind.PASSPORT, S.RECEIVED, "P1", issued_on=TODAY + dt.timedelta(days=1),
                         expires_on=TODAY)
    with pytest.raises(ValidationError) as error, unit_of_work(engine) as session:
        travel_documents.save_travel_document(session, officer, person_id, bad)
    assert set(error.value.errors) == {"issued_on", "expires_on"}


def test_visas_are_recorded_checked_and_removed(engine, officer, person_id):
    with pytest.raises(ValidationError) as error:
        with unit_of_work(engine) as session:
            travel_documents.save_visa(session, officer, person_id, Visa("QQ", S.ISSUED,
                                                                         valid_from=TODAY, valid_until=TODAY))
    assert set(error.value.errors) == {"country", "number"}
    with unit_of_work(engine) as session:
        visa = travel_documents.save_visa(session, officer, person_id, Visa("tr", S.REQUESTED))
    assert visa.country == "TR"
    with unit_of_work(engine) as session:
        travel_documents.remove_visa(session, officer, visa.id, visa.version)
        detail_people = travel.get_travel(session, officer, 1).travellers
    assert detail_people[0].visas == ()


def test_a_counsellor_cannot_record_travel_documents(engine, actor, person_id):
    with pytest.raises(PermissionDeniedError), unit_of_work(engine) as session:
        travel_documents.save_travel_document(session, actor, person_id, _certificate())


def test_the_dialogs_correction_and_status_step_are_one_action_both_or_neither(engine, officer, person_id):
    from sqlalchemy import select

    from avrcase.store.models import TravelDocumentRecord

    with unit_of_work(engine) as session:
        doc = travel_documents.correct_travel_document(session, officer, person_id, _certificate())
    corrected = TravelDocument(TravelDocumentKind.TRAVEL_CERTIFICATE, S.REQUESTED,
                               issuing_authority="Embassy of Georgia, Vilnius")
    with unit_of_work(engine) as session:
        doc = travel_documents.correct_travel_document(session, officer, person_id, corrected,
                                                       document_id=doc.id, version=doc.version)
    assert (doc.status, doc.issuing_authority, doc.requested_on) == (S.REQUESTED, "Embassy of Georgia, Vilnius", TODAY)
    # Received without a number: the step is refused, and so is the correction that came with it.
    refused = TravelDocument(TravelDocumentKind.TRAVEL_CERTIFICATE, S.ISSUED, issuing_authority="Someone else")
    with pytest.raises(ValidationError), unit_of_work(engine) as session:
        travel_documents.correct_travel_document(session, officer, person_id, refused,
                                                 document_id=doc.id, version=doc.version)
    with unit_of_work(engine, write=False) as session:
        stored = session.scalar(select(TravelDocumentRecord).where(TravelDocumentRecord.id == doc.id))
        assert (stored.status, stored.issuing_authority) == (S.REQUESTED.value, "Embassy of Georgia, Vilnius")
