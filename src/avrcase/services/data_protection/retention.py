"""Retention: anonymise closed cases whose closing date is more than N years ago, keeping the statistics.

A manager first looks at a preview (which cases, how many people, documents and attachments) and
then runs the anonymisation for exactly the previewed cases. For each case, names become
:data:`MARKER`; dates of birth move to the first day of their quarter (or, where that would change
the person's age class on a date the statistics count — registration, a stage change, a consultation
— to the first day of the month, else they stay); phone, address, document numbers and every free
text (notes, reasons, descriptions, findings...) are cleared; issued documents and attachments are
deleted and the search text is rebuilt. Codes, dates of stages, vulnerability codes and amounts stay,
so every statistics table counts the same.

Changes are written with SQL updates, not through the ORM, so the audit listener does not copy the
old values into new entries. The trail's own older entries about the case (which hold names in their
before/after values) get their values replaced by a redaction marker, and one ``redaction`` entry
lists them; ``audit verify`` then checks those entries' place in the chain but no longer their
content. One ``anonymised`` entry per case records that it was done, by whom.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import String, Text, delete, func, or_, select, update
from sqlalchemy.orm import Session

from avrcase.domain.errors import ValidationError
from avrcase.domain.stages import Stage
from avrcase.domain.validation import retention_years_error
from avrcase.i18n import _
from avrcase.services import audit
from avrcase.services.cases.register import case_search_text
from avrcase.domain.names import sort_name
from avrcase.services.clock import clock_of
from avrcase.services.data_protection import case_records
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.store.models import AuditEntry, Case, Consultation, OfficeProfile, Person, StageChange, complete_metadata
from avrcase.store.schema import compact, mark_compaction_needed

#: What replaces a name.
MARKER = "ANONYMISED"
DEFAULT_YEARS = 10
#: Short text columns that name, locate or identify someone (every Text column is cleared as well).
_IDENTIFYING = {
    "persons": ("patronymic", "family_name_original", "given_names_original", "document_number", "document_number_norm",
                "phone", "address", "search_key"),
    "cases": ("final_destination", "return_decision_number", "approval_reference"),
    "consultations": ("location", "interpreter_name"),
    "travel_documents": ("number", "issuing_authority"),
    "visas": ("number",),
    "itineraries": ("inland_destination",),
    "itinerary_travellers": ("medical",),
    "itinerary_segments": ("booking_reference",),
    "itinerary_tickets": ("number",),
    "itinerary_assistance": ("escort_name", "place"),
    "monitoring_contacts": ("conducted_by",),
}
_DELETED = ("issued_documents", "attachments", "person_name_keys")  # keys would spell the names
_KEPT_TEXT = {("cases", "search_text")}  # rebuilt, not cleared


@dataclass(frozen=True)
class RetentionCandidate:
    """A closed case due for anonymisation."""

    case_id: int
    case_number: str
    closed_on: dt.date
    people: int
    documents: int
    attachments: int


@dataclass(frozen=True)
class RetentionPreview:
    """What a run would anonymise: closed before ``cutoff`` (``years`` before ``today``)."""

    years: int
    cutoff: dt.date
    cases: tuple[RetentionCandidate, ...]

    @property
    def people(self) -> int:
        """People in the previewed cases."""
        return sum(c.people for c in self.cases)

    @property
    def documents(self) -> int:
        """Issued documents and attachments that would be deleted."""
        return sum(c.documents + c.attachments for c in self.cases)


def retention_years(session: Session, actor: Actor | None) -> int:
    """How many years the office keeps closed cases before anonymising them."""
    require(actor, Permission.RETENTION_RUN)
    return _office_years(session)


def _office_years(session: Session) -> int:
    row = session.get(OfficeProfile, 1)
    return getattr(row, "retention_years", None) or DEFAULT_YEARS


def set_retention_years(session: Session, actor: Actor | None, years: int) -> None:
    """Set the office's retention period (an administrator's office setting)."""
    require(actor, Permission.OFFICE_EDIT)
    problem = retention_years_error(years)
    if problem:
        raise ValidationError({"years": problem})
    row = session.get(OfficeProfile, 1)
    if row is None:
        raise ValidationError({"years": _("Set up the office profile first.")})
    row.retention_years = years


def _cutoff(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _closing_dates(session: Session):
    closed_at = func.max(StageChange.changed_at)
    return (select(StageChange.case_id, closed_at.label("closed_at"))
            .where(StageChange.to_stage == Stage.CLOSED.value).group_by(StageChange.case_id).subquery())


def preview(session: Session, actor: Actor | None, years: int | None = None, *,
            today: dt.date | None = None) -> RetentionPreview:
    """The closed cases whose closing date is more than ``years`` (default: the office's) years ago."""
    require(actor, Permission.RETENTION_RUN)
    years = years if years is not None else _office_years(session)
    if years < 1:
        raise ValidationError({"years": _("Keep closed cases at least 1 year.")})
    cutoff = _cutoff(today or clock_of(session).today(), years)
    closing = _closing_dates(session)
    principal = Person.__table__.alias("principal")
    rows = session.execute(
        select(Case.id, Case.case_number, closing.c.closed_at)
        .join(closing, closing.c.case_id == Case.id)
        .join(principal, principal.c.id == Case.principal_id)
        .where(Case.stage == Stage.CLOSED.value, principal.c.family_name != MARKER,
               closing.c.closed_at < dt.datetime.combine(cutoff, dt.time(), dt.timezone.utc))
        .order_by(closing.c.closed_at, Case.id)).all()
    candidates = []
    for case_id, number, closed_at in rows:
        records = case_records.collect(session, case_id)
        candidates.append(RetentionCandidate(case_id, number, closed_at.date(), len(records.person_ids),
                                             len(records.tables.get("issued_documents", [])),
                                             len(records.tables.get("attachments", []))))
    return RetentionPreview(years, cutoff, tuple(candidates))


# ---------------------------------------------------------------- dates of birth

def _age(on: dt.date, born: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _age_class(on: dt.date, born: dt.date) -> int:
    age = _age(on, born)
    return -1 if age < 0 else sum(age >= limit for limit in (14, 18, 35))


def reduced_birth_date(born: dt.date, event_days: list[dt.date]) -> dt.date:
    """The first day of the quarter of ``born`` (or of its month, or ``born``) keeping every age class."""
    quarter = born.replace(month=(born.month - 1) // 3 * 3 + 1, day=1)
    for candidate in (quarter, born.replace(day=1)):
        if all(_age_class(day, candidate) == _age_class(day, born) for day in event_days):
            return candidate
    return born


def _event_days(session: Session, case_id: int) -> list[dt.date]:
    days = [session.scalar(select(Case.registered_on).where(Case.id == case_id))]
    days += [at.date() for at in session.scalars(select(StageChange.changed_at).where(StageChange.case_id == case_id))]
    days += [at.date() for at in session.scalars(select(Consultation.held_at).where(Consultation.case_id == case_id))]
    return [d for d in days if d is not None]


# ---------------------------------------------------------------- the run

def _clear_values(table, name: str) -> dict:
    values = {}
    for column in table.columns:
        if (name, column.name) in _KEPT_TEXT or column.foreign_keys or column.primary_key:
            continue
        if isinstance(column.type, Text) or column.name in _IDENTIFYING.get(name, ()):
            values[column.name] = "" if not column.nullable or isinstance(column.type, String) else None
    return values


def _anonymise_case(session: Session, case_id: int) -> tuple[dict[str, int], dict[str, set[int]]]:
    records = case_records.collect(session, case_id)
    tables = complete_metadata().tables
    done: dict[str, int] = {}
    session.execute(update(tables["plan_items"]).where(
        tables["plan_items"].c.proof_attachment_id.in_(records.ids("attachments"))).values(proof_attachment_id=None))
    for name in _DELETED:
        if records.ids(name):
            session.execute(delete(tables[name]).where(tables[name].c.id.in_(records.ids(name))))
            done[name] = len(records.ids(name))
    days = _event_days(session, case_id)
    for row in records.tables["persons"]:
        values = _clear_values(tables["persons"], "persons") | {"family_name": MARKER, "given_names": ""}
        if row["date_of_birth"] is not None:
            values["date_of_birth"] = reduced_birth_date(row["date_of_birth"], days)
        values["document_expiry"] = None
        session.execute(update(tables["persons"]).where(tables["persons"].c.id == row["id"]).values(**values))
    for name, rows in records.tables.items():
        if name in _DELETED or name == "persons" or not rows or "id" not in tables[name].c:
            continue
        values = _clear_values(tables[name], name)
        if values:
            session.execute(update(tables[name]).where(tables[name].c.id.in_([r["id"] for r in rows])).values(**values))
            done[name] = len(rows)
    number = records.tables["cases"][0]["case_number"]
    session.execute(update(tables["cases"]).where(tables["cases"].c.id == case_id)
                    .values(search_text=case_search_text(number, []), sort_name=sort_name(MARKER, "")))
    done["persons"] = len(records.person_ids)
    return done, {name: set(records.ids(name)) for name in records.tables}


def _created_id(details: str) -> int | None:
    try:
        value = json.loads(details).get("fields", {}).get("id", [None, None])[1]
    except (ValueError, AttributeError, IndexError, TypeError):
        return None
    return value if isinstance(value, int) else None


def _redact_trail(session: Session, actor: Actor | None, case_ids: list[int], rows: dict[str, set[int]]) -> None:
    """Replace the values of earlier entries about the cases; list them in one ``redaction`` entry.

    An entry is about a case when it names the case, or one of the case's rows by id (entries that
    created a row name it only inside their values, so those are read).
    """
    about = [AuditEntry.case_id.in_(case_ids)]
    about += [(AuditEntry.entity == name) & AuditEntry.entity_id.in_(ids) for name, ids in rows.items() if ids]
    found = {e.id: e.seq for e in session.execute(select(AuditEntry.id, AuditEntry.seq).where(or_(*about)))}
    unnamed = select(AuditEntry.id, AuditEntry.seq, AuditEntry.entity, AuditEntry.details).where(
        AuditEntry.entity.in_(list(rows)), AuditEntry.entity_id.is_(None), AuditEntry.case_id.is_(None))
    for entry in session.execute(unnamed):
        if _created_id(entry.details) in rows.get(entry.entity, ()):
            found[entry.id] = entry.seq
    found = {i: seq for i, seq in found.items() if seq}
    if not found:
        return
    for entry_id, details in session.execute(select(AuditEntry.id, AuditEntry.details).where(AuditEntry.id.in_(list(found)))):
        if audit.redacted_digest(details) is None and details != audit.REDACTED_V1:
            session.execute(update(AuditEntry).where(AuditEntry.id == entry_id)
                            .values(details=audit.redacted_details(details))
                            .execution_options(synchronize_session=False))
    audit.record(session, actor, audit.Action.REDACTION, entity="audit_entries", cases=len(case_ids),
                 seqs=sorted(found.values()))


@dataclass(frozen=True)
class RetentionResult:
    """What a run did."""

    cases: int
    people: int
    documents: int


def run(session: Session, actor: Actor | None, confirmed: RetentionPreview, *, today: dt.date | None = None) -> RetentionResult:
    """Anonymise exactly the cases of ``confirmed``; refuse if the due cases changed since the preview."""
    require(actor, Permission.RETENTION_RUN)
    now = preview(session, actor, confirmed.years, today=today)
    if {c.case_id for c in now.cases} != {c.case_id for c in confirmed.cases}:
        raise ValidationError({"cases": _("The cases due for anonymisation changed since the preview; "
                                          "look at the preview again.")})
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")  # freed pages are zeroed
        # The compaction after the commit is redone at the next start until it has finished.
        mark_compaction_needed(session.get_bind())
    touched: dict[str, set[int]] = {}
    for candidate in confirmed.cases:
        done, rows = _anonymise_case(session, candidate.case_id)
        for name, ids in rows.items():
            touched.setdefault(name, set()).update(ids)
        audit.record(session, actor, audit.Action.ANONYMISED, entity="cases", entity_id=candidate.case_id,
                     case_id=candidate.case_id, closed_on=candidate.closed_on, years=confirmed.years, rows=done)
    if confirmed.cases:
        _redact_trail(session, actor, [c.case_id for c in confirmed.cases], touched)
    session.expire_all()
    return RetentionResult(len(confirmed.cases), confirmed.people, confirmed.documents)


def compact_store(engine) -> None:
    """After a run, rewrite an SQLite store so no freed page keeps old values (PostgreSQL: nothing to do here).

    Checkpoints the write-ahead log into the file and runs ``VACUUM`` outside any transaction; callers
    (the CLI, ``ui.ops``) run it once the run's unit of work has committed.
    """
    if engine.dialect.name not in ("sqlite", "pysqlcipher"):
        return
    compact(engine)
