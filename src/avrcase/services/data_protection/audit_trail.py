"""Reading the audit trail: filtered pages of entries for the audit viewer and ``avrcase audit list``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from avrcase.domain.case_numbers import typed_case_number
from avrcase.domain.errors import NotFoundError
from avrcase.domain.money import Money
from avrcase.i18n import _
from avrcase.services.audit import SENSITIVE, Action
from avrcase.services.audit_passwords import DIGEST, DIGESTS
from avrcase.services.clock import clock_of
from avrcase.services.data_protection.audit_labels import code_label, refusal_label
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, may, require
from avrcase.store.models import AuditEntry, Case, OfficeProfile, User


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the audit viewer; every one is SQL."""

    username: str = ""
    case_number: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class AuditRow:
    """One entry as the viewer shows it; ``details`` already hides what the reader's role may not see."""

    seq: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    case_number: str
    details: dict = field(default_factory=dict)
    case_id: int | None = None  # the entry's case, so a recorded ``case_id`` of it can read as its number
    currency: str = ""  # the office's: a stored amount in minor units reads as money ("500000" was €5,000.00)
    people: dict = field(default_factory=dict)  # staff by id: "Approved by: — → 2" reads the manager's name

    @property
    def summary(self) -> str:
        """Changed fields as ``field: before → after``, or the other details, on one line (fields as stored)."""
        return self.described(str, case_numbers=False)

    def described(self, name_of: Callable[[str], str], *, case_numbers: bool = True) -> str:
        """:attr:`summary` with each field's name as ``name_of`` gives it (the viewer: in words, and the entry's own
        case by its number where a record of it holds the case's key: "Case: — → VNO-2026-00161", not "→ 431")."""
        fields = self.details.get("fields")
        if isinstance(fields, dict):
            shown = {name: [self._value(name, value, case_numbers) for value in values] for name, values in fields.items()}
            return "; ".join(f"{name_of(name)}: {v[0]} → {v[-1]}" if len(v) == 2
                             else f"{name_of(name)}: {v[0]}" for name, v in shown.items())
        return "; ".join(f"{name_of(k)}: {self._value(k, v, case_numbers)}" for k, v in self.details.items())

    def _value(self, name: str, value: object, case_numbers: bool) -> str:
        if case_numbers and name == "case_id" and value == self.case_id and self.case_number:
            return self.case_number
        if case_numbers and self.currency and name.endswith("_minor") and type(value) is int:
            return Money.from_minor_units(value, self.currency).format()
        if case_numbers and _names_staff(name) and value in self.people:
            return self.people[value]
        if case_numbers and name == "reason" and self.action == Action.SIGN_IN_FAILED.value and isinstance(value, str):
            return refusal_label(value)
        if case_numbers and isinstance(value, str) and (label := code_label(self.entity, name, value)) is not None:
            return label
        if isinstance(value, dict) and "file" in value:  # a backup's record (``backup_records``): its file names it
            return _short(value["file"])
        return _short(value)


def _names_staff(name: str) -> bool:
    """Whether a recorded field holds a staff account's key (``approved_by_id``, ``counsellor_id``…)."""
    return name.endswith(("_by_id", "_to_id")) or name == "counsellor_id"


def _short(value: object, limit: int = 60) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


ACTIONS = tuple(a.value for a in Action)


def _filtered(stmt: Select, query: AuditQuery, zone: dt.tzinfo = dt.timezone.utc) -> Select:
    """``query``'s filters; its days are the office's calendar days (``zone``), as every screen shows times."""
    if query.username.strip():
        stmt = stmt.where(AuditEntry.username == query.username.strip().lower())
    if query.case_number.strip():
        stmt = stmt.where(Case.case_number == typed_case_number(query.case_number))
    if query.action:
        stmt = stmt.where(AuditEntry.action == query.action)
    if query.date_from is not None:
        stmt = stmt.where(AuditEntry.at >= _midnight(query.date_from, zone))
    if query.date_to is not None:
        stmt = stmt.where(AuditEntry.at < _midnight(query.date_to + dt.timedelta(days=1), zone))
    return stmt


def _midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The instant ``day`` begins in ``zone``, in UTC (as the trail stores its times)."""
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc)


#: What the trail records of the office itself, not of a returnee: its values are shown to everyone who may read the
#: trail. Any other entity's values (a person, a case, a journey, a payment…) only to a role that may read cases.
OFFICE_ENTITIES = frozenset({
    "users", "budget_lines", "case_sequences", "import_mappings", "office_language_texts", "office_profile",
    "office_wordings", "projects", "statistics_releases", "store_info", "audit_entries", "audit_key",
})


def _visible(actor: Actor | None, action: str, entity: str, details: dict) -> dict:
    """``details`` with the values the reader's role may not see replaced: a field ``SENSITIVE`` keeps for a
    permission, and every value of a returnee's records for a role that may not read cases (an administrator
    keeps the trail and the accounts, and saw each person's name, birth date and passport number in it)."""
    fields = details.get("fields")
    if not isinstance(fields, dict):
        return details
    hidden = _("hidden for your role")
    no_case_data = entity not in OFFICE_ENTITIES and not may(actor, Permission.CASE_READ)
    # A created row had no value before (a deleted one has none after): that side reads "—" as on every created
    # row, not "hidden for your role → hidden for your role" (it hides nothing).
    never = {"create": 0, "delete": 1}.get(action, -1)
    masked = {name: [None if i == never and value is None and len(values) == 2 else hidden
                     for i, value in enumerate(values)]
              if no_case_data or ((entity, name) in SENSITIVE and not may(actor, SENSITIVE[(entity, name)]))
              else values for name, values in fields.items()}
    return {**details, "fields": masked}


def list_entries(session: Session, actor: Actor | None, query: AuditQuery) -> list[AuditRow]:
    """Entries matching ``query``, newest first."""
    require(actor, Permission.AUDIT_VIEW)
    stmt = select(AuditEntry, Case.case_number).outerjoin(Case, Case.id == AuditEntry.case_id)
    stmt = _filtered(stmt, query, clock_of(session).zone).order_by(AuditEntry.seq.desc()).offset(max(query.offset, 0)).limit(max(query.limit, 0))
    rows = []
    currency = session.scalar(select(OfficeProfile.currency)) or ""
    people = {user_id: name for user_id, name in session.execute(select(User.id, User.display_name))}
    for entry, number in session.execute(stmt):
        details = json.loads(entry.details)
        for key in (DIGEST, DIGESTS):  # password hashes' digests, which the trail keeps to compare, say nothing to a reader
            details.pop(key, None)
        rows.append(AuditRow(entry.seq, entry.at, entry.username, entry.action, entry.entity, entry.entity_id,
                             number or "", _visible(actor, entry.action, entry.entity, details), entry.case_id,
                             currency, people))
    return rows


def require_case(session: Session, actor: Actor | None, case_number: str) -> None:
    """``NotFoundError`` when ``case_number`` names no case (``audit list --case`` with a mistyped number printed
    nothing and exit 0, as if the case had no entries)."""
    require(actor, Permission.AUDIT_VIEW)
    if session.scalar(select(Case.id).where(Case.case_number == typed_case_number(case_number))) is None:
        raise NotFoundError(_("There is no case %(number)s.") % {"number": case_number.strip()})


def count_entries(session: Session, actor: Actor | None, query: AuditQuery) -> int:
    """How many entries match ``query`` (ignoring paging)."""
    require(actor, Permission.AUDIT_VIEW)
    stmt = select(func.count(AuditEntry.id)).outerjoin(Case, Case.id == AuditEntry.case_id)
    return session.scalar(_filtered(stmt, query, clock_of(session).zone)) or 0
