"""Plain, frozen data that services return (``*Row``, ``*Detail``) and take (forms, queries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from avrcase.domain.codes import StaffRole, SystemRole, Vulnerability
from avrcase.domain.capitals import capitals
from avrcase.domain.privacy import LITHUANIAN_AUTHORITY
from avrcase.domain.stages import Stage, StageMove, UnknownStage  # noqa: F401
from avrcase.domain.wording import SHIPPED, WordingCatalog

if TYPE_CHECKING:  # re-exported (the forms are the services' input), loaded when first named: ``__getattr__``
    from avrcase.domain.travel_documents import TravelDocument  # an annotation only: Babel stays out of `stats`
    from avrcase.domain.forms import (  # noqa: F401
        CaseForm,
        ConsentForm,
        ConsultationForm,
        FollowUpForm,
        MemberForm,
        PersonForm,
        VulnerabilityForm,
    )

_FORMS = frozenset({"CaseForm", "ConsentForm", "ConsultationForm", "FollowUpForm", "MemberForm", "PersonForm",
                    "VulnerabilityForm"})


def __getattr__(name: str) -> Any:
    """The forms of ``domain.forms``, imported when first asked for: a command that takes none (``avrcase stats``,
    every sign-in through ``Actor``) does not build their classes (5 ms, #14)."""
    if name in _FORMS:
        from avrcase.domain import forms

        return getattr(forms, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Actor:
    """The member of staff on whose behalf a service acts."""

    id: int | None  # None only for ``permissions.SYSTEM``, which has no account
    username: str
    display_name: str
    role: StaffRole | SystemRole


@dataclass(frozen=True)
class UserRow:
    """A staff account in a picker or list."""

    id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool
    last_sign_in_at: dt.datetime | None = None


@dataclass(frozen=True)
class OfficeProfileDetail:
    """The office that runs the store, as printed on letterheads."""

    office_code: str
    organisation: str
    office_name: str
    address: str
    phone: str
    email: str
    website: str
    city: str
    country: str
    office_language: str
    currency: str
    footer_note: str
    logo_png: bytes | None
    version: int
    time_zone: str = "Europe/Vilnius"
    #: Data protection (printed on the declaration): the controller when not the organisation itself,
    #: the data-protection officer's e-mail and postal address, the supervisory authority, who receives
    #: data to organise a return and the third parties of the optional sharing choice (one per line).
    controller_name: str = ""
    dpo_email: str = ""
    dpo_address: str = ""
    supervisory_authority: str = LITHUANIAN_AUTHORITY
    data_recipients: str = ""
    sharing_recipients: str = ""
    #: Closed cases are kept this many years (read only here: ``data_protection.retention`` sets it).
    retention_years: int = 10
    #: The number a returnee calls when something goes wrong on the way (printed on the itinerary).
    emergency_phone: str = ""
    #: The letterhead and emergency phone in other languages (``OfficeLanguageTextDetail``).
    languages: tuple[OfficeLanguageTextDetail, ...] = ()
    #: The wording files documents print: the shipped ones with the office's own laid over them.
    wording: WordingCatalog = field(default=SHIPPED, compare=False, repr=False)

    @property
    def controller(self) -> str:
        """Who decides how personal data are processed: the controller's name, else the organisation's."""
        return self.controller_name or self.organisation or self.office_name

    def texts_in(self, lang: str) -> OfficeLanguageTextDetail | None:
        """The office's own texts for ``lang``, or ``None``."""
        return next((t for t in self.languages if t.language == lang), None)

    def in_language(self, lang: str) -> OfficeProfileDetail:
        """The profile as printed in ``lang``: the name, letterhead lines, footer and emergency phone
        set for that language where the office set them, its own otherwise."""
        own = self.texts_in(lang)
        if own is None:
            return self
        return replace(self, **{k: getattr(own, k) for k in LANGUAGE_FIELDS if getattr(own, k)})


#: The profile fields an office may set per language.
LANGUAGE_FIELDS = ("organisation", "office_name", "address", "footer_note", "emergency_phone",
                   # the data-protection texts of the declaration (#15): what the person signs, in their language
                   "controller_name", "dpo_address", "data_recipients", "sharing_recipients", "supervisory_authority")


@dataclass(frozen=True)
class OfficeLanguageTextDetail:
    """The profile's texts in one language; an empty field falls back to the profile's own."""

    language: str
    organisation: str = ""
    office_name: str = ""
    address: str = ""
    footer_note: str = ""
    emergency_phone: str = ""
    controller_name: str = ""
    dpo_address: str = ""
    data_recipients: str = ""
    sharing_recipients: str = ""
    supervisory_authority: str = ""


@dataclass(frozen=True)
class CaseQuery:
    """What the case list asks for: filters become SQL, never Python loops over all rows."""

    search: str = ""
    stage: Stage | None = None
    counsellor_id: int | None = None
    country_of_return: str = ""
    vulnerability: Vulnerability | None = None
    sort: str = "registered_on"
    descending: bool = True
    offset: int = 0
    limit: int = 200
    #: Key-set paging: the ``CaseRow.sort_key`` of the last row already shown; the page starts after it
    #: (``offset`` is then ignored), so page 500 costs what page 1 costs.
    after: tuple[Any, int] | None = None


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    case_number: str
    stage: Stage | UnknownStage  # UnknownStage: a code written outside avrcase (the row still shows, marked damaged)
    principal_name: str
    citizenship: str
    country_of_return: str
    household_size: int
    registered_on: dt.date
    counsellor_name: str
    vulnerable: bool
    #: Where the row stands in the list's order (sort value, id): pass it as ``CaseQuery.after``.
    sort_key: tuple[Any, int] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class CaseListing:
    """What the case list shows for a query: how many cases match (at most the cap + 1), whether the count
    stopped at its cap ("2,000+"), and the first rows."""

    total: int
    capped: bool
    rows: list[CaseRow]


@dataclass(frozen=True)
class PersonDetail:
    """A person as shown in the case file."""

    id: int
    family_name: str
    given_names: str
    family_name_original: str
    given_names_original: str
    sex: str
    date_of_birth: dt.date | None
    dob_estimated: bool
    citizenship: str
    country_of_birth: str
    languages: tuple[str, ...]
    document_type: str
    document_number: str
    document_issuing_country: str
    document_expiry: dt.date | None
    phone: str
    address: str
    patronymic: str = ""

    @property
    def full_name(self) -> str:
        """Family name in capitals, then given names, as travel documents print them."""
        return " ".join(p for p in (capitals(self.family_name, self.citizenship), self.given_names) if p)

    @property
    def formal_name(self) -> str:
        """The full name with the patronymic after the given names, as a declaration the person signs prints it."""
        return " ".join(p for p in (capitals(self.family_name, self.citizenship), self.given_names, self.patronymic) if p)


@dataclass(frozen=True)
class MemberDetail:
    """A household member with their relationship to the principal applicant."""

    person: PersonDetail
    relationship: str


@dataclass(frozen=True)
class VulnerabilityDetail:
    """A vulnerability of one person and its details."""

    code: Vulnerability
    details: str
    #: The person it applies to (the principal applicant when the case has no other member).
    person_id: int | None = None


@dataclass(frozen=True)
class ConsentDetail:
    """Consent to processing and sharing of personal data."""

    given_on: dt.date
    given_by: str
    legal_basis: str
    shared_with: tuple[str, ...]
    #: The optional sharing choice: True yes, False no, None not asked (see ``ConsentForm.sharing``).
    sharing: bool | None = None


@dataclass(frozen=True)
class StageChangeRow:
    """One line of a case's history."""

    from_stage: Stage | None
    to_stage: Stage
    reason: str
    closure_reason: str | None
    changed_at: dt.datetime
    changed_by: str


@dataclass(frozen=True)
class FollowUpCount:
    """How many follow-ups a counsellor's list holds in all, and how many of them are overdue."""

    total: int
    overdue: int


@dataclass(frozen=True)
class FollowUpRow:
    """A follow-up action, with enough of its case to act on it."""

    id: int
    case_id: int
    case_number: str
    principal_name: str
    action: str
    due_on: dt.date
    done_on: dt.date | None
    assigned_to: str


@dataclass(frozen=True)
class ConsultationDetail:
    """A logged consultation."""

    id: int
    held_at: dt.datetime
    counsellor: str
    mode: str
    location: str
    interpreter_name: str
    interpreter_language: str
    participants: str
    topics: tuple[str, ...]
    notes: str
    outcome: str | None
    follow_ups: tuple[FollowUpRow, ...]


@dataclass(frozen=True)
class CaseDetail:
    """The whole case file."""

    id: int
    version: int
    case_number: str
    kind: str
    stage: Stage
    closure_reason: str | None
    legal_status: str
    referral_source: str
    country_of_return: str
    final_destination: str
    counsellor_id: int | None
    counsellor_name: str
    project: str
    return_decision_number: str
    return_decision_date: dt.date | None
    approval_status: str
    approval_date: dt.date | None
    approval_reference: str
    consent: ConsentDetail | None
    registered_on: dt.date
    notes: str
    members: tuple[MemberDetail, ...]
    vulnerabilities: tuple[VulnerabilityDetail, ...]
    stage_history: tuple[StageChangeRow, ...]
    consultations: tuple[ConsultationDetail, ...]
    allowed_moves: tuple[Stage, ...]
    #: Vulnerabilities recorded for the whole household before they were per person wait for a check.
    vulnerabilities_to_review: bool = False
    #: Each member's travel documents by person id (read only for members whose identity document has an expiry).
    travel_documents: Mapping[int, tuple[TravelDocument, ...]] = field(default_factory=dict)

    @property
    def principal(self) -> PersonDetail:
        """The principal applicant (always the first member)."""
        return self.members[0].person

    def vulnerabilities_of(self, person_id: int) -> tuple[VulnerabilityDetail, ...]:
        """The vulnerabilities recorded for one person of the case."""
        return tuple(v for v in self.vulnerabilities if v.person_id == person_id)

    def person_name(self, person_id: int | None) -> str:
        """The display name of a person of the case (empty when not one of its members)."""
        return next((m.person.full_name for m in self.members if m.person.id == person_id), "")


@dataclass(frozen=True)
class DuplicateCandidate:
    """A person in an existing case who may be one of the people being registered, and why."""

    case_id: int
    case_number: str
    stage: Stage | UnknownStage  # UnknownStage: a code written outside avrcase
    person_name: str
    date_of_birth: dt.date | None
    document_number: str
    #: Every reason in one line (``reasons`` joined).
    reason: str
    #: Which of the people being registered this one matched (as typed in the form).
    new_person: str = ""
    #: The match score (0–1; 1 or more for the same document).
    score: float = 0.0
    #: Why, one item each: the name forms compared, the date-of-birth rule, the document.
    reasons: tuple[str, ...] = ()
