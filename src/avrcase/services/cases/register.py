"""Cases: register and edit (the list and search: ``search``; duplicates: ``duplicates``; the case file:
``case_file``; stage moves: ``stages``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from avrcase.domain.case_numbers import format_case_number
from avrcase.domain.codes import (
    IdDocumentType,
    Relationship,
    StaffRole,
)
from avrcase.domain.errors import ConflictError, NotFoundError, ValidationError
from avrcase.domain.name_matching import (
    NAME_KEYS_VERSION,
    document_key,
    person_search_keys,
)
from avrcase.domain.names import (
    composed,
    composed_name,
    display_name,
    fold,
    script_words,
    search_fold,
    sort_name,
    written_together,
)
from avrcase.domain.stages import REASON_REGISTERED, Stage
from avrcase.domain.validation import validate_case
from avrcase.i18n import _
from avrcase.services.cases.case_file import case_detail
from avrcase.services.clock import clock_of
from avrcase.services.dto import (
    Actor,
    CaseDetail,
    CaseForm,
    PersonForm,
)
from avrcase.services.office import get_office_profile
from avrcase.services.permissions import Permission, require
from avrcase.store.models import (
    Case,
    CaseMember,
    CaseSequence,
    CaseVulnerability,
    Person,
    PersonNameKey,
    Project,
    StageChange,
    User,
)

# The case list and the duplicate search have modules of their own; their names stay importable from here, where
# the front ends call them (``cases.list_cases``, ``cases.find_duplicates``).
from avrcase.services.cases.duplicates import (
    duplicate_candidates as duplicate_candidates,
    find_duplicates as find_duplicates,
    match_reasons as match_reasons,
)
from avrcase.services.cases.search import (
    SHORT_SEARCH_COUNT_CAP as SHORT_SEARCH_COUNT_CAP,
    SORT_KEYS as SORT_KEYS,
    SEARCH_COUNT_CAP as SEARCH_COUNT_CAP,
    case_rows_statement as case_rows_statement,
    count_cap as count_cap,
    count_cases as count_cases,
    is_short_search as is_short_search,
    iter_case_pages as iter_case_pages,
    list_cases as list_cases,
    list_with_count as list_with_count,
)

# ---------------------------------------------------------------- people and search text

def apply_person(person: Person, form: PersonForm) -> None:
    """Copy a person form onto a row and fill the derived search and document columns (also the demo's)."""
    person.family_name = composed_name(form.family_name)
    person.given_names = composed_name(form.given_names)
    person.patronymic = composed_name(form.patronymic)
    person.family_name_original = composed_name(form.family_name_original)
    person.given_names_original = composed_name(form.given_names_original)
    person.sex = form.sex.value
    person.date_of_birth = form.date_of_birth
    person.dob_estimated = form.dob_estimated
    person.citizenship = form.citizenship.upper()
    person.country_of_birth = form.country_of_birth.upper()
    person.languages = ",".join(form.languages)
    person.document_type = form.document_type.value
    person.document_number = composed(form.document_number) if form.document_type != IdDocumentType.NONE else ""
    person.document_number_norm = document_key(person.document_number)[:40]
    person.document_issuing_country = form.document_issuing_country.upper()
    person.document_expiry = form.document_expiry
    person.phone = form.phone.strip()
    person.address = composed(form.address)
    person.search_key = " ".join(
        p for p in (fold(person.family_name), fold(person.given_names),
                    fold(person.family_name_original), fold(person.given_names_original),
                    script_words(person.family_name_original), script_words(person.given_names_original),
                    written_together(person.family_name_original, person.given_names_original)) if p
    )
    person.name_keys_version = NAME_KEYS_VERSION  # the keys themselves: ``write_name_keys`` after a flush


def name_key_rows(person_id: int, person: Person) -> list[dict]:
    """Rows of ``person_name_keys`` for one person (also the demo's bulk insert)."""
    keys = person_search_keys(person.family_name, person.given_names, person.family_name_original,
                              person.given_names_original)
    return [{"person_id": person_id, "key": key} for key in sorted(keys)]


def write_name_keys(session: Session, persons: Sequence[Person]) -> None:
    """Replace the stored name keys of flushed persons (search and the duplicate check read them)."""
    ids = [p.id for p in persons]
    session.execute(delete(PersonNameKey).where(PersonNameKey.person_id.in_(ids)))
    rows = [row for p in persons for row in name_key_rows(p.id, p)]
    if rows:
        session.execute(insert(PersonNameKey), rows)


def case_search_text(case_number: str, persons: Sequence[Person]) -> str:
    """The folded text that case search matches: case number, every name form, document numbers."""
    parts = [search_fold(case_number)]
    for person in persons:
        parts.append(person.search_key)
        if person.document_number_norm:
            parts.append(person.document_number_norm.lower())
    return " ".join(p for p in parts if p)






# ---------------------------------------------------------------- case numbers

def project_choices(session: Session, actor: Actor | None) -> list[str]:
    """What the case dialog offers for "Project or programme": the office's projects (as finance set them up) and
    the names cases were registered under before, sorted; read from ``ix_cases_project``, not case by case."""
    require(actor, Permission.CASE_READ)
    projects = session.scalars(select(Project.name))
    typed = session.scalars(select(Case.project).where(Case.project != "").distinct())
    return sorted({*projects, *typed}, key=str.casefold)


def _next_case_number(session: Session, year: int) -> str:
    office_code = get_office_profile(session).office_code
    seq = session.get(CaseSequence, (office_code, year), with_for_update=True)
    if seq is None:
        # Start after any number already issued (a store restored from elsewhere keeps its numbers).
        prefix = f"{office_code}-{year:04d}-"
        highest = session.scalar(select(func.max(Case.case_number)).where(Case.case_number.like(prefix + "%")))
        seq = CaseSequence(office_code=office_code, year=year, last_value=int(highest[len(prefix):]) if highest else 0)
        session.add(seq)
    seq.last_value += 1
    session.flush()
    return format_case_number(office_code, year, seq.last_value)


# ---------------------------------------------------------------- register and edit

def _check_counsellor(session: Session, counsellor_id: int | None) -> None:
    if counsellor_id is None:
        return
    user = session.get(User, counsellor_id)
    if user is None or not user.active:
        raise ValidationError({"counsellor_id": _("Choose an active member of staff as the counsellor.")})


def apply_case(case: Case, form: CaseForm) -> None:
    """Copy the case-level fields of a form onto a case row (members are handled by the caller)."""
    case.kind = form.kind.value
    case.legal_status = form.legal_status.value
    case.referral_source = form.referral_source.value
    case.country_of_return = form.country_of_return.upper()
    case.final_destination = form.final_destination.strip()
    case.project = form.project.strip()
    case.return_decision_number = form.return_decision_number.strip()
    case.return_decision_date = form.return_decision_date
    case.approval_status = form.approval_status.value
    case.approval_date = form.approval_date
    case.approval_reference = form.approval_reference.strip()
    consent = form.consent
    case.consent_given_on = consent.given_on if consent else None
    case.consent_given_by = consent.given_by.value if consent else None
    case.consent_legal_basis = consent.legal_basis.value if consent else None
    case.consent_shared_with = ",".join(s.value for s in consent.shared_with) if consent else ""
    case.consent_sharing = consent.sharing if consent else None
    case.notes = form.notes.strip()


def sync_vulnerabilities(case: Case, persons: list[Person], form: CaseForm) -> None:
    """Make the case's vulnerabilities those of the form: the principal's (``persons[0]``) from the case
    form, each member's (``persons[i]``) from its member form; every person has an id already."""
    wanted: dict[tuple[int, str], str] = {}
    for person, vulnerabilities in zip(persons, (form.vulnerabilities, *(m.vulnerabilities for m in form.members)),
                                       strict=True):
        wanted.update({(person.id, v.code.value): v.details.strip() for v in vulnerabilities})
    existing = {(v.person_id, v.code): v for v in case.vulnerabilities}
    for key, row in existing.items():
        if key not in wanted:
            case.vulnerabilities.remove(row)
    for (person_id, code), details in wanted.items():
        if (person_id, code) in existing:
            existing[person_id, code].details = details
        else:
            case.vulnerabilities.append(CaseVulnerability(person_id=person_id, code=code, details=details))


def register_case(session: Session, actor: Actor, form: CaseForm, *, today: dt.date | None = None) -> CaseDetail:
    """Register a new case (one person or a household) at stage “registered”."""
    require(actor, Permission.CASE_EDIT)
    today = today or clock_of(session).today()
    validate_case(form, today)
    counsellor_id = form.counsellor_id if form.counsellor_id is not None else (
        actor.id if actor.role == StaffRole.COUNSELLOR else None)
    _check_counsellor(session, counsellor_id)
    registered_on = form.registered_on or today
    persons = []
    for person_form in (form.principal, *(m.person for m in form.members)):
        person = Person()
        apply_person(person, person_form)
        session.add(person)
        persons.append(person)
    session.flush()
    number = _next_case_number(session, registered_on.year)
    case = Case(
        case_number=number, principal_id=persons[0].id, counsellor_id=counsellor_id, stage=Stage.REGISTERED.value,
        registered_on=registered_on, household_size=len(persons), created_by_id=actor.id,
        search_text=case_search_text(number, persons),
        sort_name=sort_name(persons[0].family_name, persons[0].given_names),
    )
    apply_case(case, form)
    relationships = [Relationship.PRINCIPAL, *(m.relationship for m in form.members)]
    for position, (person, rel) in enumerate(zip(persons, relationships, strict=True)):
        case.members.append(CaseMember(person_id=person.id, relationship_to_principal=rel.value, position=position))
    sync_vulnerabilities(case, persons, form)
    case.stage_changes.append(StageChange(from_stage=None, to_stage=Stage.REGISTERED.value,
                                          reason=REASON_REGISTERED, changed_by_id=actor.id))
    session.add(case)
    session.flush()
    write_name_keys(session, persons)
    return case_detail(session, actor, case.id)


def load_for_change(session: Session, case_id: int, version: int) -> Case:
    """The case to change, refused as a conflict when someone saved it after ``version`` was loaded."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    if case.version != version:
        raise ConflictError(
            _("Case %(number)s was changed by someone else after you opened it. Nothing was saved; reopen it and try again.")
            % {"number": case.case_number}
        )
    return case


def _keep_paid_members(session: Session, leaving: dict[int, CaseMember]) -> None:
    """Refuse to remove a member an allowance payment names as its recipient: the ledger and the signed receipt
    must keep saying who took the money."""
    if not leaving:
        return
    from avrcase.store.models import AllowancePayment  # only when someone leaves: the finance models load late

    paid = {pid for pid in session.scalars(select(AllowancePayment.paid_to_id)
                                            .where(AllowancePayment.paid_to_id.in_(leaving))) if pid is not None}
    for person_id in sorted(paid):
        person = leaving[person_id].person
        raise ValidationError({"members": _(
            "%(name)s is named as the recipient of an allowance payment and stays in the household's record. "
            "Nothing was saved.") % {"name": display_name(person.family_name, person.given_names, person.citizenship)}})


def update_case(session: Session, actor: Actor, case_id: int, version: int, form: CaseForm,
                *, today: dt.date | None = None) -> CaseDetail:
    """Save an edited case; ``version`` is the one the dialog loaded, so a stale edit is refused."""
    require(actor, Permission.CASE_EDIT)
    today = today or clock_of(session).today()
    case = load_for_change(session, case_id, version)
    validate_case(form, today)
    if form.registered_on and form.registered_on != case.registered_on:
        raise ValidationError({"registered_on": _("The registration date of a case cannot change.")})
    _check_counsellor(session, form.counsellor_id)
    current = {m.person_id: m for m in case.members if m.position > 0}
    unknown = {m.person_id for m in form.members if m.person_id is not None} - set(current)
    if unknown:
        raise ConflictError(_("A household member was removed by someone else meanwhile. Nothing was saved."))
    _keep_paid_members(session, {pid: m for pid, m in current.items()
                                 if pid not in {m.person_id for m in form.members}})
    # New people first, so the case row is written (and its version bumped) once, at the end.
    new_people = {}
    for position, member in enumerate(form.members, start=1):
        if member.person_id is None:
            person = Person()
            apply_person(person, member.person)
            session.add(person)
            new_people[position] = person
    session.flush()
    with session.no_autoflush:  # one UPDATE of the case, so one version step per save
        case.counsellor_id = form.counsellor_id
        apply_case(case, form)
        apply_person(case.principal, form.principal)
        persons = [case.principal]
        kept: set[int] = set()
        for position, member in enumerate(form.members, start=1):
            if member.person_id is None:
                person = new_people[position]
                case.members.append(CaseMember(person_id=person.id, relationship_to_principal=member.relationship.value,
                                               position=position))
            else:
                kept.add(member.person_id)
                row = current[member.person_id]
                row.relationship_to_principal = member.relationship.value
                row.position = position
                person = row.person
                apply_person(person, member.person)
            persons.append(person)
        for person_id, row in current.items():
            if person_id not in kept:
                case.members.remove(row)
                session.delete(row.person)
        sync_vulnerabilities(case, persons, form)
        case.vulnerabilities_to_review = False  # the counsellor saw each person's vulnerabilities on the form
        case.household_size = len(persons)
        case.search_text = case_search_text(case.case_number, persons)
        case.sort_name = sort_name(case.principal.family_name, case.principal.given_names)
        case.updated_at = clock_of(session).now()
        flag_modified(case, "updated_at")  # the version moves even when the clock has not (a fixed clock)
    session.flush()
    write_name_keys(session, persons)
    return case_detail(session, actor, case.id)
