"""The case file: one case with its people, history and consultations, read into a ``CaseDetail``."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from avrcase.domain.codes import ConsentGiver, LegalBasis, SharingParty, Vulnerability
from avrcase.domain.errors import NotFoundError
from avrcase.domain.names import display_name
from avrcase.domain.stages import Stage, allowed_moves, shown_reason
from avrcase.i18n import _
from avrcase.services import audit
from avrcase.services.cases.counselling import consultation_detail
from avrcase.services.dto import (
    Actor,
    CaseDetail,
    ConsentDetail,
    MemberDetail,
    PersonDetail,
    StageChangeRow,
    VulnerabilityDetail,
)
from avrcase.services.permissions import Permission, may, require
from avrcase.store.models import Case, CaseMember, Consultation, Person, StageChange


def _person_detail(p: Person) -> PersonDetail:
    return PersonDetail(
        p.id, p.family_name, p.given_names, p.family_name_original, p.given_names_original, p.sex,
        p.date_of_birth, p.dob_estimated, p.citizenship, p.country_of_birth,
        tuple(x for x in p.languages.split(",") if x), p.document_type, p.document_number,
        p.document_issuing_country, p.document_expiry, p.phone, p.address, p.patronymic,
    )


def find_case_id(session: Session, case_number: str) -> int:
    """The id behind a case number as staff type it; ``NotFoundError`` when there is none."""
    number = case_number.strip().upper()
    case_id = session.scalar(select(Case.id).where(Case.case_number == number))
    if case_id is None:
        raise NotFoundError(_("There is no case %(number)s.") % {"number": case_number.strip()})
    return case_id


def get_case(session: Session, actor: Actor | None, case_id: int) -> CaseDetail:
    """Open the whole case file (put on record); details the actor's role may not see are ``None``."""
    require(actor, Permission.CASE_READ)
    detail = case_detail(session, actor, case_id)
    audit.record(session, actor, audit.Action.CASE_OPENED, entity="cases", entity_id=case_id, case_id=case_id)
    return detail


def reread_case(session: Session, actor: Actor | None, case_id: int) -> CaseDetail:
    """The case again for a panel of a case file already opened (and put on record) by ``get_case``.

    Same permission as ``get_case``, no second ``CASE_OPENED`` entry for one opening of the file.
    """
    require(actor, Permission.CASE_READ)
    return case_detail(session, actor, case_id)


def case_detail(session: Session, actor: Actor | None, case_id: int) -> CaseDetail:
    """The whole case file for services that already checked the actor's right to it (not put on record)."""
    case = session.scalar(
        select(Case).where(Case.id == case_id).options(
            selectinload(Case.members).selectinload(CaseMember.person),
            selectinload(Case.vulnerabilities),
            selectinload(Case.stage_changes).selectinload(StageChange.changed_by),
            selectinload(Case.counsellor),
        )
    )
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    consultations = session.scalars(
        select(Consultation).where(Consultation.case_id == case.id).order_by(Consultation.held_at.desc())
        .options(selectinload(Consultation.follow_ups), selectinload(Consultation.counsellor))
    ).all()
    principal_name = display_name(case.principal.family_name, case.principal.given_names)
    sensitive, notes = may(actor, Permission.SENSITIVE_READ), may(actor, Permission.COUNSELLING_READ)
    consent = None
    if case.consent_given_on is not None:
        consent = ConsentDetail(
            case.consent_given_on, case.consent_given_by or ConsentGiver.SELF.value,
            case.consent_legal_basis or LegalBasis.CONSENT.value,
            tuple(SharingParty(s).value for s in case.consent_shared_with.split(",") if s), case.consent_sharing,
        )
    return CaseDetail(
        id=case.id, version=case.version, case_number=case.case_number, kind=case.kind, stage=Stage(case.stage),
        closure_reason=case.closure_reason, legal_status=case.legal_status, referral_source=case.referral_source,
        country_of_return=case.country_of_return, final_destination=case.final_destination,
        counsellor_id=case.counsellor_id, counsellor_name=case.counsellor.display_name if case.counsellor else "",
        project=case.project, return_decision_number=case.return_decision_number,
        return_decision_date=case.return_decision_date, approval_status=case.approval_status,
        approval_date=case.approval_date, approval_reference=case.approval_reference, consent=consent,
        registered_on=case.registered_on, notes=case.notes,
        members=tuple(MemberDetail(_person_detail(m.person), m.relationship_to_principal) for m in case.members),
        vulnerabilities=tuple(VulnerabilityDetail(Vulnerability(v.code), v.details if sensitive else None, v.person_id)
                              for v in case.vulnerabilities),
        vulnerabilities_to_review=case.vulnerabilities_to_review,
        stage_history=tuple(
            StageChangeRow(Stage(s.from_stage) if s.from_stage else None, Stage(s.to_stage), shown_reason(s.reason),
                           s.closure_reason, s.changed_at, s.changed_by.display_name if s.changed_by else "")
            for s in case.stage_changes
        ),
        consultations=tuple(consultation_detail(c, case.case_number, principal_name, show_notes=notes)
                            for c in consultations),
        allowed_moves=allowed_moves(Stage(case.stage)),
    )


def people_of_cases(session: Session, case_ids: Iterable[int]) -> dict[int, tuple[str, dict[int, PersonDetail]]]:
    """For services that already checked the actor's right (a manifest of the day's departures): each case's
    number and its household by person id, in two queries for any number of cases; not put on record as
    cases opened (the document that prints them is)."""
    ids = sorted(set(case_ids))
    out: dict[int, tuple[str, dict[int, PersonDetail]]] = {
        case_id: (number, {}) for case_id, number in session.execute(select(Case.id, Case.case_number).where(Case.id.in_(ids)))}
    for case_id, person in session.execute(
            select(CaseMember.case_id, Person).join(Person, Person.id == CaseMember.person_id).where(CaseMember.case_id.in_(ids))):
        out[case_id][1][person.id] = _person_detail(person)
    return out


def review_vulnerabilities_text() -> str:
    """What the case file says while vulnerabilities recorded for a whole household wait for a check."""
    return _("These vulnerabilities were recorded for the whole household before avrcase recorded them per "
             "person; they are now on the principal applicant. Edit the case, move each to the member it "
             "concerns and save.")
