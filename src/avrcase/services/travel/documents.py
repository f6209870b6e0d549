"""Travel documents and transit visas per person: record them and move them from needed to handed over.

Services: ``save_travel_document``, ``move_travel_document_status``, ``correct_travel_document`` (the dialog's
save: both in one), ``remove_travel_document``,
``save_visa``, ``remove_visa``; they return ``TravelDocumentRow`` / ``VisaRow`` (``services.travel_dto``).
Each status step records its day (``requested_on``, ``issued_on``, ``received_on``, ``handed_over_on``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.errors import ConflictError, NotFoundError, ValidationError
from avrcase.domain.travel_documents import (
    TravelDocument,
    TravelDocumentKind,
    TravelDocumentStatus,
    Visa,
    check_status_move,
    travel_document_errors,
)
from avrcase.i18n import _
from avrcase.i18n.format import country_name, format_date
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.travel.read import document_row, visa_row
from avrcase.store.models import CaseMember, Itinerary, Person, TravelDocumentRecord, VisaRecord

#: The column that records the day a document reached each status.
_STATUS_DAY = {
    TravelDocumentStatus.REQUESTED: "requested_on",
    TravelDocumentStatus.ISSUED: "issued_on",
    TravelDocumentStatus.RECEIVED: "received_on",
    TravelDocumentStatus.HANDED_OVER: "handed_over_on",
}


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("This person no longer exists."))
    return person


def _loaded(session: Session, model, row_id: int, version: int | None):
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(_("The travel document no longer exists."))
    if version is not None and row.version != version:
        raise ConflictError(_("Someone else changed this travel document after you opened it. "
                              "Nothing was saved; reopen it and try again."))
    return row


def _new_or_loaded(session: Session, model, person_id: int, row_id: int | None, version: int | None):
    if row_id is None:
        row = model(person_id=person_id)
        session.add(row)
        return row
    row = _loaded(session, model, row_id, version)
    if row.person_id != person_id:
        raise NotFoundError(_("The travel document no longer exists."))
    return row


def _expired_for_departure(session: Session, person_id: int, document: TravelDocument, today: dt.date) -> dict[str, str]:
    """A document in hand (or issued) that expires before the person's booked departure cannot be the travel
    document for it: refused here, where it is chosen, not first at booking or on the receipt."""
    if document.expires_on is None or document.status.rank < TravelDocumentStatus.ISSUED.rank:
        return {}
    departure = session.scalar(
        select(Itinerary.departure_date).join(CaseMember, CaseMember.case_id == Itinerary.case_id)
        .where(CaseMember.person_id == person_id, Itinerary.departure_date >= today)
        .order_by(Itinerary.departure_date).limit(1))
    if departure is None or document.expires_on > departure:
        return {}
    return {"expires_on": _("This document expires on %(expiry)s, before the departure booked for %(day)s: it "
                            "cannot be the travel document for that journey.") % {
        "expiry": format_date(document.expires_on), "day": format_date(departure)}}


def save_travel_document(session: Session, actor: Actor, person_id: int, document: TravelDocument, *,
                         document_id: int | None = None, version: int | None = None,
                         today: dt.date | None = None):
    """Record a new travel document for a person, or correct one (by id and version).

    The status set here is taken as is (a returnee's own passport can be entered as received);
    its day is recorded as today unless the document already has one. Later steps go through
    ``move_travel_document_status``.
    """
    require(actor, Permission.TRAVEL_EDIT)
    today = today or clock_of(session).today()
    _person(session, person_id)
    errors = travel_document_errors(document, today) | _expired_for_departure(session, person_id, document, today)
    if len(document.issuing_authority.strip()) > 200:
        errors["issuing_authority"] = _("At most %(n)d characters, please.") % {"n": 200}
    if errors:
        raise ValidationError(errors)
    row = _new_or_loaded(session, TravelDocumentRecord, person_id, document_id, version)
    row.kind = document.kind.value
    row.status = document.status.value
    row.number = document.number.strip()
    row.issuing_authority = document.issuing_authority.strip()
    row.issued_on = document.issued_on
    row.expires_on = document.expires_on
    _stamp(row, document.status, today)
    session.flush()
    return document_row(row)


def correct_travel_document(session: Session, actor: Actor, person_id: int, document: TravelDocument, *,
                            document_id: int | None = None, version: int | None = None):
    """What the travel document dialog saves, as one action: a new document as entered; or an existing one's
    fields corrected and, when its status differs, the status moved one step (dated today) — both or neither."""
    require(actor, Permission.TRAVEL_EDIT)
    if document_id is None:
        return save_travel_document(session, actor, person_id, document)
    current = TravelDocumentStatus(_loaded(session, TravelDocumentRecord, document_id, version).status)
    corrected = TravelDocument(document.kind, current, document.number, document.issuing_authority,
                               document.issued_on, document.expires_on)
    row = save_travel_document(session, actor, person_id, corrected, document_id=document_id, version=version)
    if document.status is not current:
        row = move_travel_document_status(session, actor, row.id, row.version, document.status)
    return row


def _stamp(row: TravelDocumentRecord, status: TravelDocumentStatus, day: dt.date) -> None:
    column = _STATUS_DAY.get(status)
    if column and getattr(row, column) is None:
        setattr(row, column, day)


def move_travel_document_status(session: Session, actor: Actor, document_id: int, version: int,
                                status: TravelDocumentStatus, *, on: dt.date | None = None,
                                number: str = "", expires_on: dt.date | None = None):
    """Move a document to its next status (or back to needed when lost); records the day of the step.

    Issuing needs the document number (``number``, unless one is already recorded); ``expires_on``
    may be given with it.
    """
    require(actor, Permission.TRAVEL_EDIT)
    row = _loaded(session, TravelDocumentRecord, document_id, version)
    current = TravelDocumentStatus(row.status)
    check_status_move(current, status)
    day = on or clock_of(session).today()
    if on is not None and on > clock_of(session).today():
        raise ValidationError({"on": _("A step cannot be dated in the future.")})
    if number.strip():
        row.number = number.strip()
    if expires_on is not None:
        row.expires_on = expires_on
    issued_on = row.issued_on or (day if status is TravelDocumentStatus.ISSUED else None)
    moved = TravelDocument(TravelDocumentKind(row.kind), status, row.number, row.issuing_authority, issued_on,
                           row.expires_on)
    errors = travel_document_errors(moved, clock_of(session).today())
    if errors:
        raise ValidationError(errors)
    row.issued_on = issued_on
    row.status = status.value
    if status is TravelDocumentStatus.NEEDED:
        for column in _STATUS_DAY.values():
            if column != "issued_on":
                setattr(row, column, None)
    else:
        _stamp(row, status, day)
    session.flush()
    return document_row(row)


def remove_travel_document(session: Session, actor: Actor, document_id: int, version: int) -> None:
    """Delete a travel document recorded by mistake."""
    _remove(session, actor, TravelDocumentRecord, document_id, version)


def save_visa(session: Session, actor: Actor, person_id: int, visa: Visa, *,
              visa_id: int | None = None, version: int | None = None):
    """Record or correct a transit visa of a person; the country is an ISO 3166 alpha-2 code."""
    require(actor, Permission.TRAVEL_EDIT)
    _person(session, person_id)
    errors: dict[str, str] = {}
    country = visa.country.strip().upper()
    if len(country) != 2 or country_name(country) == country:
        errors["country"] = _("Choose the country the visa is for.")
    if visa.valid_from and visa.valid_until and visa.valid_until < visa.valid_from:
        errors["valid_until"] = _("The visa ends before it begins.")
    if visa.status.rank >= TravelDocumentStatus.ISSUED.rank and not visa.number.strip():
        errors["number"] = _("Please enter the visa number once the visa is issued.")
    if len(visa.number.strip()) > 40:
        errors["number"] = _("A document number has at most 40 characters.")
    if errors:
        raise ValidationError(errors)
    row = _new_or_loaded(session, VisaRecord, person_id, visa_id, version)
    row.country = country
    row.status = visa.status.value
    row.number = visa.number.strip()
    row.valid_from = visa.valid_from
    row.valid_until = visa.valid_until
    session.flush()
    return visa_row(row)


def remove_visa(session: Session, actor: Actor, visa_id: int, version: int) -> None:
    """Delete a visa recorded by mistake (or no longer needed for the route)."""
    _remove(session, actor, VisaRecord, visa_id, version)


def _remove(session: Session, actor: Actor, model, row_id: int, version: int) -> None:
    require(actor, Permission.TRAVEL_EDIT)
    session.delete(_loaded(session, model, row_id, version))
    session.flush()
