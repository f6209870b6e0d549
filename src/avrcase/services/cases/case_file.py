"""The case file: one case with its people, history and consultations, read into a ``CaseDetail``."""

from __future__ import annotations

import functools
from dataclasses import replace
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session

from avrcase.domain.codes import ConsentGiver, LegalBasis, SharingParty, Vulnerability
from avrcase.domain.case_numbers import typed_case_number
from avrcase.domain.errors import DamagedRecordError, NotFoundError, ValidationError
from avrcase.domain.names import display_name
from avrcase.domain.stages import Stage, allowed_moves, shown_reason
from avrcase.i18n import _
from avrcase.services import audit
from avrcase.services.cases import stored_values
from avrcase.services.cases.counselling import consultation_of
from avrcase.services.clock import clock_of
from avrcase.services.dto import (
    Actor,
    CaseDetail,
    ConsentDetail,
    FollowUpRow,
    MemberDetail,
    PersonDetail,
    StageChangeRow,
    VulnerabilityDetail,
)
from avrcase.services.permissions import Permission, may, require
from avrcase.store.models import (
    Case,
    CaseMember,
    CaseVulnerability,
    Consultation,
    FollowUp,
    Person,
    StageChange,
    User,
)


#: A person's columns in the order of ``PersonDetail`` (``_person_of`` makes one of them).
_PERSON = (Person.id, Person.family_name, Person.given_names, Person.family_name_original, Person.given_names_original,
           Person.sex, Person.date_of_birth, Person.dob_estimated, Person.citizenship, Person.country_of_birth,
           Person.languages, Person.document_type, Person.document_number, Person.document_issuing_country,
           Person.document_expiry, Person.phone, Person.address, Person.patronymic)


def _person_of(values: Sequence[Any]) -> PersonDetail:
    """The ``PersonDetail`` of a row of ``_PERSON`` (the languages as stored, comma-separated)."""
    return PersonDetail(*values[:10], tuple(x for x in values[10].split(",") if x), *values[11:18])


def damaged_case(case_number: str) -> DamagedRecordError:
    """The error for a case whose people are missing from the store (its references broken by hand or by a damaged
    file): every reader of a case says it in words instead of failing on the missing row."""
    return DamagedRecordError(_("The data of case %(number)s is damaged: a person of its household is missing from the store. "
                        "Ask an administrator to run “avrcase db check”.") % {"number": case_number})


def find_case_id(session: Session, case_number: str) -> int:
    """The id behind a case number as staff type it; ``NotFoundError`` when there is none."""
    number = typed_case_number(case_number)
    if not number:
        raise ValidationError({"case": _("Give a case number.")})
    case_id = session.scalar(select(Case.id).where(Case.case_number == number))
    if case_id is None:
        raise NotFoundError(_("There is no case %(number)s.") % {"number": case_number.strip()})
    return case_id


def get_case(session: Session, actor: Actor | None, case_id: int) -> CaseDetail:
    """Open the whole case file (put on record); details the actor's role may not see are ``None``."""
    require(actor, Permission.CASE_READ)
    detail = with_travel_documents(session, case_detail(session, actor, case_id))
    audit.record(session, actor, audit.Action.CASE_OPENED, entity="cases", entity_id=case_id, case_id=case_id)
    return detail


def reread_case(session: Session, actor: Actor | None, case_id: int) -> CaseDetail:
    """The case again for a panel of a case file already opened (and put on record) by ``get_case``.

    Same permission as ``get_case``, no second ``CASE_OPENED`` entry for one opening of the file.
    """
    require(actor, Permission.CASE_READ)
    return with_travel_documents(session, case_detail(session, actor, case_id))


class _Reads(NamedTuple):
    """The case file's statements, each for the case in ``:case_id``."""

    case: Select
    members: Select
    vulnerabilities: Select
    history: Select
    follow_ups: Select
    consultations: Select


@functools.cache
def _reads() -> _Reads:
    """Built once: building them again on every opening took as long as running them (#14)."""
    case_id = bindparam("case_id", type_=Integer)
    return _Reads(
        case=select(Case.id, Case.version, Case.case_number, Case.kind, Case.stage, Case.closure_reason,
                    Case.legal_status, Case.referral_source, Case.country_of_return, Case.final_destination,
                    Case.counsellor_id, User.display_name, Case.project, Case.return_decision_number,
                    Case.return_decision_date, Case.approval_status, Case.approval_date, Case.approval_reference,
                    Case.consent_given_on, Case.consent_given_by, Case.consent_legal_basis, Case.consent_shared_with,
                    Case.consent_sharing, Case.registered_on, Case.notes, Case.vulnerabilities_to_review,
                    Case.principal_id)
        .outerjoin(User, User.id == Case.counsellor_id).where(Case.id == case_id),
        members=select(*_PERSON, CaseMember.relationship_to_principal).select_from(CaseMember)
        .outerjoin(Person, Person.id == CaseMember.person_id).where(CaseMember.case_id == case_id)
        .order_by(CaseMember.position, CaseMember.id),
        vulnerabilities=select(CaseVulnerability.code, CaseVulnerability.details, CaseVulnerability.person_id)
        .where(CaseVulnerability.case_id == case_id).order_by(CaseVulnerability.code, CaseVulnerability.id),
        history=select(StageChange.from_stage, StageChange.to_stage, StageChange.reason, StageChange.closure_reason,
                       StageChange.changed_at, User.display_name)
        .outerjoin(User, User.id == StageChange.changed_by_id).where(StageChange.case_id == case_id)
        .order_by(StageChange.changed_at, StageChange.id),
        follow_ups=select(FollowUp.consultation_id, FollowUp.id, FollowUp.action, FollowUp.due_on, FollowUp.done_on,
                          User.display_name)
        .outerjoin(User, User.id == FollowUp.assigned_to_id).where(FollowUp.case_id == case_id)
        .order_by(FollowUp.due_on, FollowUp.id),
        consultations=select(Consultation.id, Consultation.held_at, User.display_name, Consultation.mode,
                             Consultation.location, Consultation.interpreter_name, Consultation.interpreter_language,
                             Consultation.participants, Consultation.topics, Consultation.notes, Consultation.outcome)
        .outerjoin(User, User.id == Consultation.counsellor_id).where(Consultation.case_id == case_id)
        .order_by(Consultation.held_at.desc(), Consultation.id.desc()),
    )


def case_detail(session: Session, actor: Actor | None, case_id: int) -> CaseDetail:
    """The whole case file for services that already checked the actor's right to it (not put on record).

    Read as rows, seven statements for any case (its staff names joined in; one checks for values written by
    hand, ``stored_values``), not as mapped objects with their
    collections loaded: the case file opens on every click in the list, and making the objects was most of its
    time (#14).
    """
    reads, where = _reads(), {"case_id": case_id}
    session.flush()  # what this unit of work changed is read back (the rows are read on its connection)
    connection = session.connection()
    stored_values.refuse_if_damaged(session, case_id)  # a stage or a date written by hand: in words, not a crash
    case = connection.execute(reads.case, where).one_or_none()
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    rows = connection.execute(reads.members, where).all()
    if any(row[0] is None for row in rows):  # a member whose person row is gone (outer join)
        raise damaged_case(case.case_number)
    members = tuple(MemberDetail(_person_of(row), row[-1]) for row in rows)
    principal = next((m.person for m in members if m.person.id == case.principal_id), None)
    if principal is None:
        raise damaged_case(case.case_number)
    principal_name = display_name(principal.family_name, principal.given_names, principal.citizenship or "")
    sensitive, notes = may(actor, Permission.SENSITIVE_READ), may(actor, Permission.COUNSELLING_READ)
    consent = None
    if case.consent_given_on is not None:
        consent = ConsentDetail(
            case.consent_given_on, case.consent_given_by or ConsentGiver.SELF.value,
            case.consent_legal_basis or LegalBasis.CONSENT.value,
            tuple(SharingParty(s).value for s in case.consent_shared_with.split(",") if s), case.consent_sharing,
        )
    follow_ups: dict[int, list[FollowUpRow]] = {}
    for consultation_id, follow_id, action, due_on, done_on, assignee in connection.execute(reads.follow_ups, where):
        follow_ups.setdefault(consultation_id, []).append(
            FollowUpRow(follow_id, case_id, case.case_number, principal_name, action, due_on, done_on, assignee or ""))
    return CaseDetail(
        id=case.id, version=case.version, case_number=case.case_number, kind=case.kind, stage=Stage(case.stage),
        closure_reason=case.closure_reason, legal_status=case.legal_status, referral_source=case.referral_source,
        country_of_return=case.country_of_return, final_destination=case.final_destination,
        counsellor_id=case.counsellor_id, counsellor_name=case.display_name or "",
        project=case.project, return_decision_number=case.return_decision_number,
        return_decision_date=case.return_decision_date, approval_status=case.approval_status,
        approval_date=case.approval_date, approval_reference=case.approval_reference, consent=consent,
        registered_on=case.registered_on, notes=case.notes, members=members,
        vulnerabilities=tuple(VulnerabilityDetail(Vulnerability(code), details if sensitive else None, person_id)
                              for code, details, person_id in connection.execute(reads.vulnerabilities, where)),
        vulnerabilities_to_review=case.vulnerabilities_to_review,
        stage_history=tuple(
            StageChangeRow(Stage(before) if before else None, Stage(after), shown_reason(reason), closure, at, by or "")
            for before, after, reason, closure, at, by in connection.execute(reads.history, where)
        ),
        consultations=tuple(  # the latest first
            consultation_of(*row, tuple(follow_ups.get(row[0], ())), show_notes=notes)
            for row in connection.execute(reads.consultations, where)
        ),
        allowed_moves=allowed_moves(Stage(case.stage)),
    )


def with_travel_documents(session: Session, detail: CaseDetail) -> CaseDetail:
    """``detail`` with the travel documents of the members whose identity document has expired (the case file's
    header warns about it unless a new one is in hand); no statement more for a household whose documents are valid."""
    today = clock_of(session).today()
    expired = [m.person.id for m in detail.members
               if m.person.document_expiry is not None and m.person.document_expiry < today]
    if not expired:
        return detail
    # Here, not at the top: a command that reads cases without this header (`avrcase document`, `case list`) loads
    # neither the travel area's models nor Babel (tests/cli/test_cli_command_groups.py, #14).
    from avrcase.domain.travel_documents import TravelDocument, TravelDocumentKind, TravelDocumentStatus
    from avrcase.store.models import TravelDocumentRecord

    documents: dict[int, list[TravelDocument]] = {}
    for person_id, kind, status, number, authority, issued_on, expires_on in session.execute(
            select(TravelDocumentRecord.person_id, TravelDocumentRecord.kind, TravelDocumentRecord.status,
                   TravelDocumentRecord.number, TravelDocumentRecord.issuing_authority, TravelDocumentRecord.issued_on,
                   TravelDocumentRecord.expires_on).where(TravelDocumentRecord.person_id.in_(expired))):
        documents.setdefault(person_id, []).append(TravelDocument(
            TravelDocumentKind(kind), TravelDocumentStatus(status), number, authority, issued_on, expires_on))
    return replace(detail, travel_documents={person_id: tuple(docs) for person_id, docs in documents.items()})


def people_of_cases(session: Session, case_ids: Iterable[int]) -> dict[int, tuple[str, dict[int, PersonDetail]]]:
    """For services that already checked the actor's right (a manifest of the day's departures): each case's
    number and its household by person id, in two queries for any number of cases; not put on record as
    cases opened (the document that prints them is)."""
    ids = sorted(set(case_ids))
    out: dict[int, tuple[str, dict[int, PersonDetail]]] = {
        case_id: (number, {}) for case_id, number in session.execute(select(Case.id, Case.case_number).where(Case.id.in_(ids)))}
    for case_id, *person in session.execute(
            select(CaseMember.case_id, *_PERSON).join(Person, Person.id == CaseMember.person_id)
            .where(CaseMember.case_id.in_(ids))):
        out[case_id][1][person[0]] = _person_of(person)
    return out


def review_vulnerabilities_text() -> str:
    """What the case file says while vulnerabilities recorded for a whole household wait for a check."""
    return _("These vulnerabilities were recorded for the whole household before avrcase recorded them per "
             "person; they are now on the principal applicant. Edit the case, move each to the member it "
             "concerns and save.")
