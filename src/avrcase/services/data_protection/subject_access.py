"""Subject access report: everything the store holds about one person, as PDF and as JSON.

The report covers the person's identity, the case they belong to with every case-level record
(household roles, stage history, consultations and follow-ups, vulnerabilities, consent, travel,
assistance, allowances and payments, reintegration plan, monitoring and surveys), the person's own
travel documents, visas and tickets (other household members' are theirs, not this person's), the
issued documents and attachments (listed with their size, never embedded) and who looked at or
changed the case according to the audit trail. The rows come from ``case_records.collect``, so a
table added later is reported without a change here. Producing a report is put on the audit trail
as an export.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from avrcase.documents import subject_access as document
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.names import display_name
from avrcase.i18n import N_, _, current_locale, ngettext
from avrcase.i18n.format import document_date, document_datetime
from avrcase.services import audit, outgoing
from avrcase.services.cases.case_file import damaged_case, find_case_id
from avrcase.services.clock import clock_of
from avrcase.services.data_protection import case_records
from avrcase.services.documents.case_snapshots import page_frame
from avrcase.services.dto import Actor
from avrcase.services.office import get_office_profile
from avrcase.services.permissions import Permission, require
from avrcase.store.models import AuditEntry, Case, Person

FORMATS = ("pdf", "json")
#: Columns that are derived or internal and tell the person nothing.
_SKIPPED_COLUMNS = frozenset({"search_text", "search_key", "document_number_norm", "name_keys_version", "version",
                              "pdf", "data"})
_SKIPPED_TABLES = frozenset({"person_name_keys"})  # derived from the names the report already shows
_TITLES = {
    "persons": N_("Identity"), "cases": N_("Case"), "case_members": N_("Household role"),
    "case_vulnerabilities": N_("Vulnerabilities"), "stage_changes": N_("Stage history"),
    "consultations": N_("Consultations"), "follow_ups": N_("Follow-up actions"),
    "issued_documents": N_("Issued documents (listed, not included)"),
    "attachments": N_("Attachments (listed, not included)"), "travel_documents": N_("Travel documents"),
    "visas": N_("Visas"), "itineraries": N_("Itinerary"), "itinerary_travellers": N_("Travellers"),
    "itinerary_segments": N_("Journey segments"), "itinerary_tickets": N_("Tickets"),
    "itinerary_assistance": N_("Assistance on the way"), "allowance_payments": N_("Allowances and payments"),
    "entitlement_overrides": N_("Allowance decisions"), "project_cases": N_("Project"),
    "needs_assessments": N_("Needs assessment"), "reintegration_plans": N_("Reintegration plan"),
    "plan_revisions": N_("Plan revisions"), "plan_items": N_("Plan items"),
    "monitoring_contacts": N_("Monitoring contacts"), "sustainability_surveys": N_("Sustainability surveys"),
    "survey_answers": N_("Survey answers"),
}


@dataclass(frozen=True)
class RecordSection:
    """The rows of one kind of record: ``table`` is the machine name, ``title`` the translated one."""

    table: str
    title: str
    rows: tuple[tuple[tuple[str, object], ...], ...]


@dataclass(frozen=True)
class AccessLine:
    """One audit entry about the case: when, who and what (never the values recorded)."""

    at: dt.datetime
    username: str
    action: str
    entity: str


@dataclass(frozen=True)
class SubjectAccessReport:
    """What the store holds about one person of a case."""

    case_number: str
    person_id: int
    person_name: str
    generated_at: dt.datetime
    sections: tuple[RecordSection, ...]
    accesses: tuple[AccessLine, ...]


def plain(value: object) -> object:
    """A JSON value: ISO dates and times, Decimal amounts as strings, bytes as their size."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    return value


def shown(value: object) -> str:
    """A value as the PDF shows it: dates in the user's language, empty for nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return document_datetime(value)
    if isinstance(value, dt.date):
        return document_date(value)
    return str(value)


def _person_of(session: Session, case_id: int, member: int | None) -> int:
    people = case_records.person_ids_of(session, case_id)
    index = 1 if member is None else member
    if not 1 <= index <= len(people):
        raise ValidationError({"person": ngettext(
            "The case has %(n)d person; choose number %(n)d.", "The case has %(n)d people; choose a number from 1 to %(n)d.",
            len(people)) % {"n": len(people)}})
    return people[index - 1]


def build_report(session: Session, actor: Actor | None, case_number: str, member: int | None = None,
                 *, now: dt.datetime | None = None) -> SubjectAccessReport:
    """Collect the report for household member ``member`` (1 = the principal applicant, the default)."""
    require(actor, Permission.EXPORT_RECORDS)
    case_id = find_case_id(session, case_number)
    person_id = _person_of(session, case_id, member)
    records = case_records.collect(session, case_id, (person_id,))
    sections = []
    for table, rows in records.tables.items():
        if table in _SKIPPED_TABLES:
            continue
        if table == "case_members":
            rows = [row for row in rows if row["person_id"] == person_id]
        if not rows:
            continue
        title = _(_TITLES[table]) if table in _TITLES else table.replace("_", " ").capitalize()
        sections.append(RecordSection(table, title, tuple(
            tuple((column, value) for column, value in row.items() if column not in _SKIPPED_COLUMNS)
            for row in rows)))
    person = session.get(Person, person_id)
    if person is None:  # the member's row names a person the store no longer holds
        raise damaged_case(session.get(Case, case_id).case_number)
    accesses = tuple(AccessLine(e.at, e.username, e.action, e.entity) for e in session.scalars(
        select(AuditEntry).where(or_(AuditEntry.case_id == case_id,
                                     (AuditEntry.entity == "persons") & (AuditEntry.entity_id == person_id)))
        .order_by(AuditEntry.seq)))
    number = session.get(Case, case_id).case_number
    audit.record(session, actor, audit.Action.EXPORT, entity="subject_access", entity_id=person_id, case_id=case_id,
                 sections=len(sections))
    return SubjectAccessReport(number, person_id, display_name(person.family_name, person.given_names, person.citizenship or ""),
                               now or clock_of(session).now(), tuple(sections), accesses)


def report_json(report: SubjectAccessReport) -> str:
    """The report as UTF-8 JSON: ISO dates, amounts as strings, machine names as keys."""
    return json.dumps({
        "report": "subject_access",
        "generated_at": report.generated_at.isoformat(),
        "case_number": report.case_number,
        "person_id": report.person_id,
        "person_name": report.person_name,
        "records": {s.table: [{k: plain(v) for k, v in row} for row in s.rows] for s in report.sections},
        "access_log": [{"at": a.at.isoformat(), "user": a.username, "action": a.action, "record": a.entity}
                       for a in report.accesses],
    }, ensure_ascii=False, indent=2)


def report_pdf(session: Session, report: SubjectAccessReport) -> bytes:
    """The report as a PDF under the office letterhead, numbered 'Page x of y'."""
    lang = current_locale()
    frame = page_frame(get_office_profile(session), _("Subject access report"), report.case_number, lang,
                       report.generated_at)
    labels = {key: _(text) for key, text in document.LABELS.items()}
    sections = tuple(document.SnapshotSection(s.title, tuple(
        tuple((column.replace("_", " ").capitalize(), shown(value)) for column, value in row) for row in s.rows))
        for s in report.sections)
    accesses = tuple((shown(a.at), a.username, a.action.replace("_", " "), a.entity.replace("_", " "))
                     for a in report.accesses)
    snapshot = document.SubjectAccessSnapshot(labels, _("%(name)s · case %(number)s") % {
        "name": report.person_name, "number": report.case_number}, sections, accesses)
    return document.render(frame, snapshot).pdf


def write_report(session: Session, actor: Actor | None, case_number: str, path: Path,
                 member: int | None = None) -> SubjectAccessReport:
    """Build the report and write it to ``path`` as PDF or JSON (by the extension)."""
    require(actor, Permission.EXPORT_RECORDS)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise AvrcaseError(_("Write a .pdf or .json file; “%(name)s” is neither.") % {"name": path.name})
    outgoing.check_target(path)
    report = build_report(session, actor, case_number, member)  # puts the export on record
    data = report_json(report).encode("utf-8") if fmt == "json" else report_pdf(session, report)
    outgoing.deliver(session, path, data)  # written once that entry is committed, never before
    return report
