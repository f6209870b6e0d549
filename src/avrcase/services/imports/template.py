"""Files around an import: the blank template (XLSX with the allowed values), the dry run's report (XLSX),
and the flat case sheet an export writes in the template's columns (so an export imports back)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from avrcase.domain.errors import AvrcaseError
from avrcase.exports.csv_safe import safe_cell, write_csv
from avrcase.i18n import _
from avrcase.services.backup.files import create_private, publish, temporary_path
from avrcase.services.cases.case_file import damaged_case
from avrcase.services.imports.fields import CASE_FIELDS, CASES_SHEET, CONSULTATION_FIELDS, CONSULTATIONS_SHEET
from avrcase.services.imports.plan import ImportPlan
from avrcase.services.outgoing import check_target
from avrcase.store.models import Case, CaseMember, Consultation, User

FLAT_HEADER = [f.key for f in CASE_FIELDS]


def _save_book(book, path: Path) -> None:
    check_target(path)  # a folder, a missing folder or one that takes no file: one clear line, nothing left
    tmp = temporary_path(path)
    try:
        create_private(tmp)
        book.save(tmp)
        publish(tmp, path)
    except OSError as exc:  # the disk filled while saving
        tmp.unlink(missing_ok=True)
        raise AvrcaseError(_("Cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_template(path: Path) -> None:
    """A blank workbook: the case sheet, the consultations sheet and a sheet of allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    cases_sheet = book.active
    cases_sheet.title = CASES_SHEET
    cases_sheet.append([f.key for f in CASE_FIELDS])
    consultations = book.create_sheet(CONSULTATIONS_SHEET)
    consultations.append([f.key for f in CONSULTATION_FIELDS])
    for sheet in (cases_sheet, consultations):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    allowed = book.create_sheet(_("Allowed values"))
    allowed.append([_("Column"), _("Meaning"), _("Required"), _("Allowed values")])
    for cell in allowed[1]:
        cell.font = Font(bold=True)
    for field in (*CASE_FIELDS, *CONSULTATION_FIELDS[1:]):
        if field.vocabulary is not None:
            choices = ", ".join(f"{m.value} ({m.label})" for m in field.vocabulary)
            if field.kind == "codes":
                choices = _("several separated by ; or , from: %(choices)s") % {"choices": choices}
        else:
            choices = {"date": _("a date, e.g. 2026-12-24 or 24.12.2026"),
                       "datetime": _("a date, or a date and time, e.g. 2026-12-24 14:30"),
                       "country": _("a country's name (any language) or its ISO two-letter code"),
                       "bool": _("yes or no"),
                       "user": _("the user name a counsellor signs in with (an account with the counsellor role)"),
                       }.get(field.kind, _("text"))
            if field.key in ("family_name", "given_names"):
                choices = _("text; at least one of family_name and given_names (a person with one name only fills in "
                            "one of them)")
            if field.key == "vulnerability_details":
                choices = _("text; with several vulnerabilities start each one's details with its code and a colon: "
                            "“disability: uses a wheelchair; elderly: 82 years old”")
        allowed.append([field.key, _(field.label), _("yes") if field.required else "", choices])
    allowed.append([])
    allowed.append([_("Rows with the same case_key are one household; the row whose relationship is “principal” "
                      "(or else the first) is the principal applicant.")])
    _save_book(book, path)


def write_report(plan: ImportPlan, path: Path) -> None:
    """The dry run's report: one row per problem (sheet, row, column, value, message), then the values read that
    should be checked on a sheet of their own."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Problems")
    sheet.append([_("Sheet"), _("Row"), _("Column"), _("Value"), _("Message")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for problem in plan.problems:
        sheet.append([safe_cell(problem.sheet), problem.row, safe_cell(problem.column), safe_cell(problem.value),
                      safe_cell(problem.message)])
    if plan.notes:
        checks = book.create_sheet(_("To check"))
        checks.append([_("Sheet"), _("Row"), _("Column"), _("Value"), _("Message")])
        for cell in checks[1]:
            cell.font = Font(bold=True)
        for note in plan.notes:
            checks.append([safe_cell(note.sheet), note.row, safe_cell(note.column), safe_cell(note.value), safe_cell(note.message)])
        checks.column_dimensions["E"].width = 80
    summary = book.create_sheet(_("Summary"))
    for label, value in ((_("File"), safe_cell(plan.file_name)), ("SHA-256", plan.sha256), (_("Rows read"), plan.rows),
                         (_("Cases ready to import"), len(plan.cases)), (_("Rows with problems"), plan.invalid_rows),
                         (_("Cases imported before"), len(plan.already_imported)),
                         (_("Values to check"), len(plan.notes))):
        summary.append([label, value])
    sheet.column_dimensions["E"].width = 80
    _save_book(book, path)


def write_flat_cases(session: Session, path: Path) -> int:
    """Every case as one row per person in the template's columns (``case_key`` is the case number)."""
    query = (select(Case).order_by(Case.id)
             .options(selectinload(Case.members).selectinload(CaseMember.person),
                      selectinload(Case.vulnerabilities)))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        return write_csv(fh, FLAT_HEADER, _flat_rows(session, query))


def _flat_rows(session: Session, query):
    usernames = _usernames(session)
    for case in session.scalars(query.execution_options(yield_per=500)):
        for member in sorted(case.members, key=lambda m: m.position):
            p = member.person
            if p is None:
                raise damaged_case(case.case_number)
            is_principal = member.position == 0
            yield [
                case.case_number, member.relationship_to_principal, p.family_name, p.given_names, p.patronymic,
                p.family_name_original, p.given_names_original, p.sex, _iso(p.date_of_birth),
                "yes" if p.dob_estimated else "no", p.citizenship, p.country_of_birth, p.languages,
                p.document_type, p.document_number, p.document_issuing_country, _iso(p.document_expiry), p.phone, p.address,
                *((case.legal_status, case.referral_source, case.country_of_return, case.final_destination,
                   _iso(case.registered_on), case.stage, _iso(case.consent_given_on), case.consent_given_by or "",
                   case.consent_legal_basis or "", case.notes) if is_principal else ("",) * 10),
                *_vulnerability_cells(case, p.id),
                *(_case_facts(case, usernames) if is_principal else ("",) * 10),
            ]


def _usernames(session: Session) -> dict[int, str]:
    return {int(i): str(u) for i, u in session.execute(select(User.id, User.username))}


def _vulnerability_cells(case: Case, person_id: int) -> tuple[str, str]:
    """One person's own vulnerabilities and their details (as ``code: details``), on that person's row."""
    vulnerabilities = sorted((v for v in case.vulnerabilities if v.person_id == person_id), key=lambda v: v.code)
    details = "; ".join(f"{v.code}: {v.details}" for v in vulnerabilities if v.details)
    return ", ".join(v.code for v in vulnerabilities), details


def _case_facts(case: Case, usernames: dict[int, str]) -> tuple[str, ...]:
    """The case dialog's facts beyond the vulnerabilities: counsellor to consent sharing, then the closure reason."""
    return (usernames.get(case.counsellor_id, "") if case.counsellor_id is not None else "", case.project or "",
            case.return_decision_number or "", _iso(case.return_decision_date), case.approval_status or "",
            _iso(case.approval_date), case.approval_reference or "", case.consent_shared_with or "",
            "" if case.consent_sharing is None else "yes" if case.consent_sharing else "no", case.closure_reason or "")


CONSULTATION_HEADER = [f.key for f in CONSULTATION_FIELDS]


def write_flat_workbook(session: Session, path: Path) -> tuple[int, int]:
    """The case sheet and the consultations sheet of every case, in the template's columns (XLSX).

    ``avrcase import cases`` reads it back with the consultations; returns (person rows, consultations).
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    cases_sheet = book.create_sheet(CASES_SHEET)
    cases_sheet.append(FLAT_HEADER)
    people = 0
    for row in _flat_rows(session, select(Case).order_by(Case.id)
                          .options(selectinload(Case.members).selectinload(CaseMember.person),
                      selectinload(Case.vulnerabilities))):
        cases_sheet.append([safe_cell(v) for v in row])
        people += 1
    consultations = book.create_sheet(CONSULTATIONS_SHEET)
    consultations.append(CONSULTATION_HEADER)
    count = 0
    query = select(Case.case_number, Consultation).join(Consultation, Consultation.case_id == Case.id).order_by(
        Consultation.id)
    for number, consultation in session.execute(query.execution_options(yield_per=500)):
        # With its offset: a time without one is read back as the office's wall time.
        held = consultation.held_at.astimezone(dt.timezone.utc).isoformat(sep=" ", timespec="seconds")
        consultations.append([safe_cell(v) for v in (number, held, consultation.mode, consultation.topics,
                                                     consultation.location, consultation.notes,
                                                     consultation.interpreter_name, consultation.interpreter_language,
                                                     consultation.participants, consultation.outcome or "")])
        count += 1
    _save_book(book, path)
    return people, count


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


__all__ = ["write_template", "write_report", "write_flat_cases", "write_flat_workbook"]
