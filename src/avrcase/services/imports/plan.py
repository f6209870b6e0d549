"""The dry run: every row mapped, read and validated with the case dialog's rules; duplicates found.

Rows that share a case key form one household (the row marked principal, else the first, is the
principal applicant). A row without a case key is its own case. Each case's source key is the case
key, or (without one) a fingerprint of the principal's name, date of birth and citizenship, so an
import run again on the same sheet finds the cases it already made and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.codes import (
    ClosureReason,
    ConsultationMode,
    ConsultationTopic,
    Relationship,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import CaseForm, ConsultationForm, PersonForm
from avrcase.domain.stages import Stage
from avrcase.domain.validation import validate_case, validate_consultation
from avrcase.i18n import _
from avrcase.services.backup.files import sha256_of
from avrcase.services.cases.duplicates import duplicate_candidates
from avrcase.services.clock import clock_of
from avrcase.services.imports import values
from avrcase.services.imports.export_origin import naive_time_zone, naive_times_are_utc
from avrcase.services.imports.fields import CASE_FIELDS, CONSULTATION_FIELDS, FIELDS_BY_KEY, Field, guess_mapping
from avrcase.services.imports.rows import (
    Problem,
    Row,
    case_form,
    fingerprint,
    person_identity,
    person_document_key,
    report_validation,
    staff_by_name,
)
from avrcase.services.imports.sheet import Cell, Sheet, read_workbook
from avrcase.store.models import Case, CaseMember, ImportSource, Person

Progress = Callable[[int, int], bool]


class ImportCancelled(Exception):
    """The person cancelled the import; nothing was written."""


@dataclass(frozen=True)
class PlannedCase:
    """A case the import would register: its source key, sheet rows, form, stage and consultations."""

    source_key: str
    rows: tuple[int, ...]
    form: CaseForm
    stage: Stage | None = None
    consultations: tuple[ConsultationForm, ...] = ()
    #: Why a closed case was closed (the export writes it; older sheets leave it out).
    closure_reason: ClosureReason | None = None


@dataclass(frozen=True)
class ImportPlan:
    """The dry run's outcome: the file's SHA-256, the valid cases, every problem, cases already imported."""

    file_name: str
    sha256: str
    rows: int
    cases: tuple[PlannedCase, ...]
    problems: tuple[Problem, ...]
    already_imported: tuple[str, ...]
    mapping: dict[str, str] = field(default_factory=dict)
    #: Values read that a person should check (a romanised name, a birth year alone); their rows are imported.
    notes: tuple[Problem, ...] = ()
    #: Headers of the cases sheet that no field reads (a column of given names under a header not recognised).
    unread: tuple[str, ...] = ()
    #: The sheet is of an ``export all`` from before times carried their offset: its times were read as UTC.
    times_read_as_utc: bool = False

    @property
    def invalid_rows(self) -> int:
        """How many sheet rows have at least one problem."""
        return len({(p.sheet, p.row) for p in self.problems})


def mapping_for(sheet: Sheet, fields: tuple[Field, ...], chosen: dict[str, str] | None) -> dict[int, str]:
    """Column index → field: the chosen mapping (header → field, "" to skip a column) over the guesses."""
    mapping = guess_mapping(sheet.headers, fields)
    if chosen:
        known = {f.key for f in fields}
        for index, header in enumerate(sheet.headers):
            if header in chosen:
                key = chosen[header]
                mapping = {i: k for i, k in mapping.items() if k != key and i != index}
                if key in known:
                    mapping[index] = key
    return mapping


def _date_orders(sheet: Sheet, mapping: dict[int, str], fields: dict[str, Field]) -> dict[str, values.DateOrder]:
    """Each date column's day/month order, from its own cells (see ``values.date_order``)."""
    return {key: values.date_order(sheet.headers[index], [cells[index] for _n, cells in sheet.rows if index < len(cells)])
            for index, key in mapping.items() if fields[key].kind in ("date", "datetime")}


def plan_import(session: Session, path: Path, *, today: dt.date, mapping: dict[str, str] | None = None,
                progress: Progress | None = None) -> ImportPlan:
    """Read, map and validate every row of ``path``; nothing is written."""
    cases_sheet, consultations_sheet = read_workbook(path)
    columns = mapping_for(cases_sheet, CASE_FIELDS, mapping)
    orders = _date_orders(cases_sheet, columns, FIELDS_BY_KEY)
    sex = next((i for i, key in columns.items() if key == "sex"), None)
    letters = values.sex_letters(cells[sex] for _n, cells in cases_sheet.rows if sex is not None and sex < len(cells))
    rows = [Row(cases_sheet, n, cells, columns, FIELDS_BY_KEY, orders, sex_letters=letters) for n, cells in cases_sheet.rows
            if not _totals_row(cells, columns)]
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        key = row.text("case_key")
        groups[key or f"row:{row.number}"].append(row)
    existing_keys = set(session.scalars(select(ImportSource.source_key)))
    known_people, known_documents = _people_in_store(session)
    staff = staff_by_name(session)
    planned: list[PlannedCase] = []
    already: list[str] = []
    seen_people: dict[tuple[str, str, str], tuple[int, str]] = {}
    seen_documents: dict[str, int] = {}
    total = len(groups)
    for done, (key, group) in enumerate(groups.items(), start=1):
        if progress is not None and done % 200 == 0 and not progress(done, total):
            raise ImportCancelled()
        principal = next((r for r in group if r.get("relationship") == Relationship.PRINCIPAL), group[0])
        members = [r for r in group if r is not principal]
        form, stage, closure = case_form(principal, members, staff)
        source_key = key if not key.startswith("row:") else fingerprint(form.principal)
        if source_key in existing_keys:
            already.append(source_key)
            for row in group:
                row.notes.clear()  # nothing of it is imported again
            continue
        try:
            validate_case(form, today)
        except ValidationError as exc:
            report_validation(exc, principal, members)
        for row, person in ((principal, form.principal), *((m, f.person) for m, f in zip(members, form.members, strict=True))):
            identity, document = person_identity(person), person_document_key(person)
            patronymic = values.fold(person.patronymic)
            if person.family_name and _same_person(seen_people.get(identity), patronymic):
                row.problem("family_name", _("The same person (name and date of birth) is on row %(row)d of this sheet.")
                            % {"row": seen_people[identity][0]})
            elif document and document in seen_documents:
                row.problem("document_number", _("The same document number is on row %(row)d of this sheet.")
                            % {"row": seen_documents[document]})
            elif person.family_name and _same_person(known_people.get(identity), patronymic):
                row.problem("family_name", _("This person (name and date of birth) is already in the store, case "
                                             "%(number)s.") % {"number": known_people[identity][0]})
            elif document and document in known_documents:
                row.problem("document_number", _("This document number is already in the store, case %(number)s.")
                            % {"number": known_documents[document]})
            elif person.family_name:
                _similar_in_store(session, row, person)
            seen_people.setdefault(identity, (row.number, patronymic))
            if document:
                seen_documents.setdefault(document, row.number)
        if not any(r.problems for r in group):
            planned.append(PlannedCase(source_key, tuple(r.number for r in group), form, stage, closure_reason=closure))
    problems = [p for row in rows for p in row.problems]
    zone = naive_time_zone(path, clock_of(session).zone)  # an old export's times are UTC
    planned, more = _attach_consultations(planned, consultations_sheet, today, zone, set(already))
    problems.extend(more)
    named = {cases_sheet.headers[i]: k for i, k in columns.items()}
    notes = tuple(n for row in rows for n in row.notes)
    unread = _unread_columns(cases_sheet, columns)
    return ImportPlan(path.name, sha256_of(path), len(rows), tuple(planned), tuple(problems), tuple(already), named,
                      notes, unread, naive_times_are_utc(path))


def _unread_columns(sheet: Sheet, columns: dict[int, str]) -> tuple[str, ...]:
    """The headers of the columns not read, and a column holding values under no header (a header that was a
    formula saved without its value, a cell left empty), named by its letter: its values were dropped unsaid."""
    from openpyxl.utils import get_column_letter

    width = max([len(sheet.headers), *(len(cells) for _number, cells in sheet.rows)])
    unread = []
    for index in range(width):
        header = str(sheet.headers[index] or "").strip() if index < len(sheet.headers) else ""
        if index in columns:
            continue
        if header:
            unread.append(sheet.headers[index])
        elif any(index < len(cells) and cells[index] is not None for _number, cells in sheet.rows):
            unread.append(_("column %(letter)s, which has no header") % {"letter": get_column_letter(index + 1)})
    return tuple(unread)


#: How a sheet's totals row begins ("Total: 12", "Iš viso", "Итого"), folded as ``values.fold`` folds.
_TOTALS = re.compile(r"(grand )?(totals?|sum|is viso|viso|suma|итого|всего)\b")
#: The cells of a person: a totals row has none of them.
_PERSON_KEYS = ("family_name", "given_names", "family_name_original", "given_names_original", "sex",
                "date_of_birth", "citizenship", "document_number")


def _totals_row(cells: list[Cell], columns: dict[int, str]) -> bool:
    """A row that sums the rows above (its first cell a word like "Total" or "Iš viso", in any column, even the
    name's; no person in it), as offices end their sheets: skipped like an empty row rather than refused as a case
    without a name."""
    first = next((i for i, c in enumerate(cells) if c is not None), None)
    label = cells[first] if first is not None else None
    if not isinstance(label, str) or not _TOTALS.match(values.fold(label)):
        return False
    return all(cells[i] is None for i, key in columns.items() if key in _PERSON_KEYS and i < len(cells) and i != first)


def _similar_in_store(session: Session, row: Row, person: PersonForm) -> None:
    """The case dialog's duplicate check (spellings across scripts, dates a day off or day and month
    swapped): a likely match is reported and the row is not imported, so nobody is registered twice."""
    candidates = duplicate_candidates(session, [person], limit=1)
    if candidates:
        found = candidates[0]
        row.problem("family_name", _("This person may already be in the store: %(name)s, case %(number)s "
                                     "(%(reason)s). Check that case; if this is someone else, register them in "
                                     "the case window.") % {"name": found.person_name, "number": found.case_number,
                                                            "reason": found.reason})


def _same_person(found: tuple[object, str] | None, patronymic: str) -> bool:
    """Whether a person of the same name and birth date (``found``: where, and their patronymic) is this one: not
    when both have a patronymic and they differ (two Belarusians named Uladzimir Sidarenka born the same day, one
    Mikalaevich, one Iharavich, are two people; an export of their cases imports back whole)."""
    return found is not None and not (found[1] and patronymic and found[1] != patronymic)


def _people_in_store(session: Session) -> tuple[dict[tuple[str, str, str], tuple[str, str]], dict[str, str]]:
    people: dict[tuple[str, str, str], tuple[str, str]] = {}
    documents: dict[str, str] = {}
    query = (select(Person.family_name, Person.given_names, Person.date_of_birth, Person.document_number_norm,
                    Case.case_number, Person.patronymic)
             .join(CaseMember, CaseMember.person_id == Person.id).join(Case, Case.id == CaseMember.case_id))
    for family, given, born, document, number, patronymic in session.execute(query):
        people.setdefault((values.fold(family), values.fold(given), born.isoformat() if born else ""),
                          (number, values.fold(patronymic or "")))
        if document:
            documents.setdefault(document, number)
    return people, documents


def _attach_consultations(planned: list[PlannedCase], sheet: Sheet | None, today: dt.date, zone: dt.tzinfo,
                          imported_before: set[str]) -> tuple[list[PlannedCase], list[Problem]]:
    if sheet is None:
        return planned, []
    fields = {f.key: f for f in CONSULTATION_FIELDS}
    columns = mapping_for(sheet, CONSULTATION_FIELDS, None)
    orders = _date_orders(sheet, columns, fields)  # a US sheet's 03/04/2025 was read as 3 April without a word
    by_key = {case.source_key: case for case in planned}
    extra: dict[str, list[ConsultationForm]] = defaultdict(list)
    problems: list[Problem] = []
    now = dt.datetime.combine(today, dt.time(23, 59), dt.timezone.utc)
    for number, cells in sheet.rows:
        row = Row(sheet, number, cells, columns, fields, orders, zone)
        key = row.text("case_key")
        if key in imported_before:
            continue  # its case came in with an earlier run, consultations and all: nothing of it is read again
        form = ConsultationForm(held_at=row.get("held_at") or now, mode=row.get("mode", ConsultationMode.IN_PERSON),
                                topics=row.get("topics", ()), location=row.get("location", ""), notes=row.get("notes", ""),
                                interpreter_name=row.get("interpreter_name", ""),
                                interpreter_language=row.get("interpreter_language", ""),
                                participants=row.get("participants", ""), outcome=row.get("outcome"))
        case = by_key.get(key)
        if case is None:
            row.problem("case_key", _("No valid case with this case key is imported from the case sheet."))
        elif not row.problems:
            try:
                validate_consultation(form, now, case.form.registered_on or today)
            except ValidationError as exc:
                for path, message in exc.errors.items():
                    row.problem(path.split(".")[0] if path.split(".")[0] in fields else "held_at", message)
        problems.extend(row.problems)
        if case is not None and not row.problems:
            extra[key].append(form)
    return [replace(c, consultations=tuple(extra.get(c.source_key, ()))) for c in planned], problems


__all__ = ["ImportCancelled", "ImportPlan", "PlannedCase", "Problem", "plan_import", "ConsultationTopic"]
