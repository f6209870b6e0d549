"""One sheet row of an import read into the case dialog's forms: cells by field kind, the person, the
household's case form, the counsellor by name, vulnerabilities; problems noted per cell (``plan`` runs it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.codes import (
    ApprovalStatus,
    CaseKind,
    ClosureReason,
    ConsentGiver,
    IdDocumentType,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
    StaffRole,
    Vulnerability,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import CaseForm, ConsentForm, MemberForm, PersonForm, VulnerabilityForm
from avrcase.domain.name_matching import document_key
from avrcase.domain.names import in_latin_letters, latin_spelling, written_in_ukrainian
from avrcase.domain.stages import Stage
from avrcase.i18n import _
from avrcase.i18n.format import format_date
from avrcase.services.imports import values
from avrcase.services.imports.fields import FIELDS_BY_KEY, Field
from avrcase.services.imports.sheet import Cell, Sheet
from avrcase.store.models import User


@dataclass(frozen=True)
class Problem:
    """One line of the report: where (sheet, row, column), the value, and what is wrong (or, as a note, what
    was made of it that a person should check)."""

    sheet: str
    row: int
    column: str
    value: str
    message: str


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


class Row:
    """One sheet row read through the mapping; problems collected as (column, value, message)."""

    def __init__(self, sheet: Sheet, number: int, cells: list[Cell], mapping: dict[int, str],
                 fields: dict[str, Field], date_orders: dict[str, values.DateOrder], zone: dt.tzinfo = dt.timezone.utc,
                 sex_letters: str = "en"):
        self.sheet, self.number, self.fields, self.date_orders = sheet, number, fields, date_orders
        self.zone = zone  # the office's: a time written without an offset is its wall time
        self.sex_letters = sex_letters  # the sex column's M: male, or (beside V for vyras) moteris
        self.cells = {key: cells[index] for index, key in mapping.items() if index < len(cells)}
        self.headers = {key: sheet.headers[index] for index, key in mapping.items()}
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        for index, key in mapping.items():
            if (number, index) in sheet.unsaved:
                self.note(key, _("This cell holds a formula whose result was never saved, so it was read as empty: "
                                 "check it in the spreadsheet (saving the file again from the spreadsheet program "
                                 "saves the results)."))

    def raw(self, key: str) -> Cell:
        return self.cells.get(key)

    def text(self, key: str) -> str:
        return _text(self.cells.get(key))

    def column(self, key: str) -> str:
        """The column as the sheet heads it, or (a column the sheet does not have) the field's name in words."""
        field = self.fields.get(key)
        return self.headers.get(key) or (_(field.label) if field is not None else key)

    def problem(self, key: str, message: str, *, unless_noted: bool = False) -> None:
        column = self.column(key)
        if unless_noted and any(p.column == column for p in self.problems):
            return  # the cell could not be read: that message says it already
        problem = Problem(self.sheet.name, self.number, column, self.text(key), message)
        if problem not in self.problems:  # a cell read twice (a household's relationship) is one problem
            self.problems.append(problem)

    def note(self, key: str, message: str) -> None:
        """Something read that a person should check (the row is still imported)."""
        self.notes.append(Problem(self.sheet.name, self.number, self.column(key), self.text(key), message))

    def get(self, key: str, default: Any = None) -> Any:
        """The cell read by its field's kind; ``default`` when empty or unreadable (then a problem is noted)."""
        raw, text = self.raw(key), self.text(key)
        spec = self.fields[key]
        if raw is None or text == "":
            if spec.required:
                self.problem(key, _("This column must be filled in."))
            return default
        try:
            if spec.kind == "date":
                return values.parse_date(raw, order=self.date_orders.get(key))
            if spec.kind == "datetime":
                return values.parse_datetime(raw, order=self.date_orders.get(key), zone=self.zone)
            if spec.kind == "country":
                return values.country(text)
            if spec.kind == "bool":
                return values.yes_no(text)
            if spec.kind == "code" and spec.vocabulary is not None:
                return spec.vocabulary(values.code(spec.vocabulary, text, letters=self.sex_letters))
            if spec.kind == "codes" and spec.vocabulary is not None:
                vocabulary = spec.vocabulary
                return tuple(vocabulary(values.code(vocabulary, part.strip()))
                             for part in text.replace(";", ",").split(",") if part.strip())
        except values.CellError as exc:
            self.problem(key, str(exc))
            return default
        return text


def _names(row: Row) -> dict[str, str]:
    """The travel-document (Latin) and original-script names. A name column in another script (Іван, გიორგი,
    أحمد) is the name in the original script; its Latin spelling is made by romanisation, noted for checking."""
    names: dict[str, str] = {}
    try:
        citizenship = values.country(row.text("citizenship")) if row.text("citizenship") else ""
    except values.CellError:
        citizenship = ""  # the citizenship column says what is wrong with it
    # Марʼяна Юрчишин: the family name is romanised as Ukrainian too, as the given name shows it is.
    ukrainian = any(written_in_ukrainian(row.text(key)) for key in ("family_name", "given_names"))
    spelt_as = "UA" if ukrainian else citizenship
    for key in ("family_name", "given_names"):
        latin, original = row.get(key, ""), row.get(key + "_original", "")
        if latin and not in_latin_letters(latin):
            spelt = latin_spelling(latin, spelt_as)
            row.note(key, _("“%(name)s” is not in Latin letters: it is kept as the name in the original script, and "
                            "the Latin spelling “%(latin)s” was made by romanisation. Check it against the passport.")
                     % {"name": latin, "latin": spelt})
            latin, original = spelt, original or latin
        names[key], names[key + "_original"] = latin, original
    return names


def _birth(row: Row) -> tuple[dt.date | None, bool]:
    """The date of birth and whether it is estimated; a year alone (1980, XX.XX.1980) is 1 January, estimated."""
    estimated = bool(row.get("dob_estimated", False))
    year = values.birth_year(row.raw("date_of_birth")) if row.text("date_of_birth") else None
    month = values.birth_month(row.raw("date_of_birth")) if row.text("date_of_birth") else None
    if month is not None and month[0] >= 1:
        born = dt.date(month[0], month[1], 1)
        row.note("date_of_birth", _("Only the month and year of birth are given: read as %(date)s and marked as "
                                    "estimated.") % {"date": format_date(born)})
        return born, True
    if year is None or year < 1:
        return row.get("date_of_birth"), estimated
    row.note("date_of_birth", _("Only the year of birth is given: read as 1 January %(year)s and marked as "
                                "estimated.") % {"year": str(year)})
    return dt.date(year, 1, 1), True


def _person(row: Row) -> PersonForm:
    languages = tuple(part.strip().lower() for part in row.text("languages").replace(";", ",").split(",") if part.strip())
    names = _names(row)
    born, estimated = _birth(row)
    return PersonForm(
        **names, patronymic=row.get("patronymic", ""),
        sex=row.get("sex", Sex.UNKNOWN), date_of_birth=born,
        citizenship=row.get("citizenship", ""), dob_estimated=estimated,
        country_of_birth=row.get("country_of_birth", ""), languages=languages,
        document_type=row.get("document_type", IdDocumentType.PASSPORT if row.text("document_number") else IdDocumentType.NONE),
        document_number=row.get("document_number", ""),
        document_issuing_country=row.get("document_issuing_country", ""), document_expiry=row.get("document_expiry"),
        phone=row.get("phone", ""), address=row.get("address", ""))


def fingerprint(person: PersonForm) -> str:
    basis = "|".join((values.fold(person.family_name), values.fold(person.given_names),
                      person.date_of_birth.isoformat() if person.date_of_birth else "", person.citizenship))
    return "fp:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def person_identity(person: PersonForm) -> tuple[str, str, str]:
    return (values.fold(person.family_name), values.fold(person.given_names),
            person.date_of_birth.isoformat() if person.date_of_birth else "")


def person_document_key(person: PersonForm) -> str:
    """As the store keeps it: Cyrillic and Greek look-alikes typed on another keyboard read as Latin."""
    return document_key(person.document_number)


@dataclass(frozen=True)
class StaffMember:
    """A user account as the counsellor column looks it up."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool


def staff_by_name(session: Session) -> dict[str, StaffMember]:
    """Every account by its folded user name, and by its folded display name when no other account has it."""
    accounts = [StaffMember(i, u, d, r, bool(a)) for i, u, d, r, a in
                session.execute(select(User.id, User.username, User.display_name, User.role, User.active))]
    table = {values.fold(a.username): a for a in accounts}
    names: dict[str, list[StaffMember]] = defaultdict(list)
    for account in accounts:
        names[values.fold(account.display_name)].append(account)
    for name, found in names.items():
        if len(found) == 1:
            table.setdefault(name, found[0])
    return table


def _counsellor(row: Row, staff: dict[str, StaffMember]) -> int | None:
    """The id of the counsellor the cell names (user name, or a display name only one account has)."""
    text = row.text("counsellor")
    if not text:
        return None
    account = staff.get(values.fold(text))
    if account is None:
        row.problem("counsellor", _("“%(value)s” is not a user of avrcase; write the counsellor's user name, the "
                                    "one they sign in with.") % {"value": text})
        return None
    if account.role != StaffRole.COUNSELLOR.value:
        row.problem("counsellor", _("The account %(name)s has the role “%(role)s”, not counsellor; only counsellors "
                                    "can be assigned to a case.")
                    % {"name": account.username, "role": StaffRole(account.role).label})
        return None
    if not account.active:
        row.problem("counsellor", _("%(name)s's account is deactivated; assign a counsellor who works here now.")
                    % {"name": account.username})
        return None
    return account.id


def _vulnerabilities(row: Row) -> tuple[VulnerabilityForm, ...]:
    """The vulnerabilities column with the details column.

    Details are written ``code or name: details; code or name: details``; with a single vulnerability the whole
    cell may be its details. A part that names no vulnerability continues the details before it.
    """
    codes: tuple[Vulnerability, ...] = row.get("vulnerabilities", ())
    text = row.text("vulnerability_details")
    if not text:
        return tuple(VulnerabilityForm(c) for c in codes)
    if not codes:
        if not any(p.column == row.headers.get("vulnerabilities") for p in row.problems):
            row.problem("vulnerability_details", _("There are details but no vulnerability; fill in the "
                                                   "vulnerabilities column too."))
        return ()
    details: dict[Vulnerability, list[str]] = {}
    current: Vulnerability | None = None
    leading = False
    for part in text.split(";"):
        prefix, colon, rest = part.partition(":")
        found: Vulnerability | None = None
        if colon:
            try:
                found = Vulnerability(values.code(Vulnerability, prefix.strip()))
            except values.CellError:
                found = None
        if found is not None:
            if found not in codes:
                row.problem("vulnerability_details", _("“%(v)s” has details but is not in the vulnerabilities "
                                                       "column.") % {"v": found.label})
                return ()
            current = found
            details[found] = [rest]
        elif current is not None:
            details[current].append(part)
        else:
            leading = True
    if leading:
        if len(codes) == 1 and not details:
            return (VulnerabilityForm(codes[0], text),)
        row.problem("vulnerability_details", _("With several vulnerabilities, start each one's details with its "
                                               "code or name and a colon, e.g. “disability: uses a wheelchair; "
                                               "elderly: 82 years old”."))
        return ()
    return tuple(VulnerabilityForm(c, ";".join(details.get(c, [])).strip()) for c in codes)


def case_form(principal: Row, members: list[Row],
               staff: dict[str, StaffMember] | None = None) -> tuple[CaseForm, Stage | None, ClosureReason | None]:
    member_forms = []
    for row in members:
        relationship = row.get("relationship", Relationship.OTHER)
        if relationship == Relationship.PRINCIPAL:
            row.problem("relationship", _("Only one person can be the principal applicant."))
        # Each person's own vulnerabilities are on their row; a member row that repeats the principal
        # applicant's cells exactly is the old one-per-case layout and stays with the principal (#20).
        repeats = all(values.fold(row.text(key)) == values.fold(principal.text(key))
                      for key in ("vulnerabilities", "vulnerability_details"))
        own = () if repeats else _vulnerabilities(row)
        member_forms.append(MemberForm(_person(row), relationship, vulnerabilities=own))
    consent_on = principal.get("consent_given_on")
    consent = None
    if consent_on is not None:
        consent = ConsentForm(consent_on, principal.get("consent_given_by", ConsentGiver.SELF),
                              principal.get("consent_legal_basis", LegalBasis.CONSENT),
                              principal.get("consent_shared_with", ()), principal.get("consent_sharing"))
    else:
        for column in ("consent_shared_with", "consent_sharing"):
            if principal.text(column):
                principal.problem(column, _("Fill in the day consent was given, or leave this column empty."))
    form = CaseForm(
        principal=_person(principal), legal_status=principal.get("legal_status", LegalStatus.OTHER),
        referral_source=principal.get("referral_source", ReferralSource.OTHER),
        country_of_return=principal.get("country_of_return", "") or "",
        kind=CaseKind.HOUSEHOLD if member_forms else CaseKind.INDIVIDUAL, members=tuple(member_forms),
        final_destination=principal.get("final_destination", ""), consent=consent,
        registered_on=principal.get("registered_on"), notes=principal.get("notes", ""),
        vulnerabilities=_vulnerabilities(principal), counsellor_id=_counsellor(principal, staff or {}),
        project=principal.get("project", ""), return_decision_number=principal.get("return_decision_number", ""),
        return_decision_date=principal.get("return_decision_date"),
        approval_status=principal.get("approval_status", ApprovalStatus.NOT_REQUESTED),
        approval_date=principal.get("approval_date"), approval_reference=principal.get("approval_reference", ""))
    for row in members:
        for key in _CASE_ONLY:
            if row.text(key) and values.fold(row.text(key)) != values.fold(principal.text(key)):
                row.problem(key, _("The principal applicant's row says “%(value)s”; a case has one value here, "
                                   "written on the principal applicant's row.") % {"value": principal.text(key)})
    if not form.country_of_return and form.principal.citizenship:
        form = replace(form, country_of_return=form.principal.citizenship)  # most return to their own country
    stage = principal.get("stage")
    closure = principal.get("closure_reason")
    if closure is not None and stage != Stage.CLOSED:
        principal.problem("closure_reason", _("A closure reason is for a closed case; the stage here is not “closed”."))
    return form, stage, closure


def report_validation(error: ValidationError, principal: Row, members: list[Row]) -> None:
    for path, message in error.errors.items():
        parts = path.split(".")
        if path == "country_of_return" and "country_of_return" not in principal.headers and any(
                p.column == principal.column("citizenship") for p in principal.problems):
            continue  # no such column: it is the citizenship's, whose own problem is already listed
        if parts[0] == "principal":
            principal.problem(parts[1] if len(parts) > 1 else "family_name", message, unless_noted=True)
        elif parts[0] == "members" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(members):
            members[int(parts[1])].problem(parts[2] if len(parts) > 2 else "relationship", message, unless_noted=True)
        else:
            key = _FORM_PATHS.get(path, _FORM_PATHS.get(parts[0], parts[0]))
            principal.problem(key if key in FIELDS_BY_KEY else "case_key", message, unless_noted=True)


#: Form paths of validation messages → the import column they are about.
_FORM_PATHS = {"consent": "consent_given_on", "consent.given_on": "consent_given_on",
               "consent.given_by": "consent_given_by", "consent.legal_basis": "consent_legal_basis",
               "consent.shared_with": "consent_shared_with", "consent.sharing": "consent_sharing",
               "counsellor_id": "counsellor"}
#: Columns about the whole case, read from the principal applicant's row only.
_CASE_ONLY = ("counsellor", "project", "return_decision_number",
              "return_decision_date", "approval_status", "approval_date", "approval_reference")
