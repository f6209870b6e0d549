"""What a person fills in: plain, immutable input to the services, validated by ``validation``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from avrcase.domain.codes import (
    ApprovalStatus,
    CaseKind,
    ConsentGiver,
    ConsultationMode,
    ConsultationOutcome,
    ConsultationTopic,
    IdDocumentType,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
    SharingParty,
    Vulnerability,
)


@dataclass(frozen=True)
class PersonForm:
    """One person as their travel document writes them."""

    family_name: str
    given_names: str
    sex: Sex
    date_of_birth: dt.date | None
    citizenship: str
    dob_estimated: bool = False
    family_name_original: str = ""
    given_names_original: str = ""
    country_of_birth: str = ""
    languages: tuple[str, ...] = ()
    document_type: IdDocumentType = IdDocumentType.NONE
    document_number: str = ""
    document_issuing_country: str = ""
    document_expiry: dt.date | None = None
    phone: str = ""
    address: str = ""
    #: Father's name where the person's naming custom has one («отчество»); optional.
    patronymic: str = ""


@dataclass(frozen=True)
class MemberForm:
    """A household member and how they relate to the principal applicant."""

    person: PersonForm
    relationship: Relationship
    #: The stored person when editing an existing member; ``None`` for a new one.
    person_id: int | None = None
    #: This member's own vulnerabilities (the principal applicant's are the case form's).
    vulnerabilities: tuple[VulnerabilityForm, ...] = ()


@dataclass(frozen=True)
class VulnerabilityForm:
    """A vulnerability of one person with the details a counsellor noted."""

    code: Vulnerability
    details: str = ""


@dataclass(frozen=True)
class ConsentForm:
    """Consent to the processing and sharing of personal data for the return."""

    given_on: dt.date
    given_by: ConsentGiver
    legal_basis: LegalBasis
    shared_with: tuple[SharingParty, ...] = ()
    #: The separate, optional consent to sharing with the office's third parties, as ticked on the
    #: signed declaration: True yes, False no, None not asked or not answered.
    sharing: bool | None = None


@dataclass(frozen=True)
class CaseForm:
    """A new or edited case: the principal applicant, the household and the case facts."""

    principal: PersonForm
    legal_status: LegalStatus
    referral_source: ReferralSource
    country_of_return: str
    kind: CaseKind = CaseKind.INDIVIDUAL
    members: tuple[MemberForm, ...] = ()
    final_destination: str = ""
    #: The principal applicant's vulnerabilities (each member's are on the member's form).
    vulnerabilities: tuple[VulnerabilityForm, ...] = ()
    counsellor_id: int | None = None
    project: str = ""
    return_decision_number: str = ""
    return_decision_date: dt.date | None = None
    approval_status: ApprovalStatus = ApprovalStatus.NOT_REQUESTED
    approval_date: dt.date | None = None
    approval_reference: str = ""
    consent: ConsentForm | None = None
    registered_on: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class FollowUpForm:
    """An action promised in a consultation, with the day it is due."""

    action: str
    due_on: dt.date
    assigned_to_id: int | None = None


@dataclass(frozen=True)
class ConsultationForm:
    """One counselling session as logged after it took place."""

    held_at: dt.datetime
    mode: ConsultationMode
    counsellor_id: int | None = None
    location: str = ""
    interpreter_name: str = ""
    interpreter_language: str = ""
    participants: str = ""
    topics: tuple[ConsultationTopic, ...] = ()
    notes: str = ""
    outcome: ConsultationOutcome | None = None
    follow_ups: tuple[FollowUpForm, ...] = field(default_factory=tuple)
