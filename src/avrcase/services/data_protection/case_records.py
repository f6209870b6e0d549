"""Every row the store holds for one case, found by following foreign keys from the case and its people.

Subject access reports list these rows and retention anonymises them. The walk is generic: a table
belongs to a case when one of its foreign keys points at the case, at one of the case's people or at
a row already found (an itinerary's segments, a plan's revisions and items, a survey's answers...), so
a table added later is covered without a change here. Shared tables (staff accounts, projects,
budget lines, the office profile) and the audit trail are never part of a case.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from avrcase.store.models import CaseMember, complete_metadata

#: Tables that are the office's, not any case's.
SHARED_TABLES = frozenset({"users", "projects", "budget_lines", "office_profile", "case_sequences",
                           "audit_entries", "alembic_version"})


@dataclass(frozen=True)
class CaseRecords:
    """The rows of one case, table by table (parents before children), as plain column mappings."""

    case_id: int
    person_ids: tuple[int, ...]
    tables: dict[str, list[dict]]

    def ids(self, table: str) -> list:
        """Primary keys of the rows found in ``table``."""
        return [row["id"] for row in self.tables.get(table, []) if "id" in row]


def person_ids_of(session: Session, case_id: int) -> tuple[int, ...]:
    """The people of a case in household order (principal first)."""
    return tuple(session.scalars(select(CaseMember.person_id).where(CaseMember.case_id == case_id)
                                 .order_by(CaseMember.position)))


def _owning_condition(table: Table, found: dict[str, list]):
    conditions = []
    for fk in table.foreign_keys:
        target = fk.column.table.name
        if target in SHARED_TABLES or target == table.name or not found.get(target):
            continue
        if fk.column.name == "id":
            conditions.append(fk.parent.in_(found[target]))
    return or_(*conditions) if conditions else None


def collect(session: Session, case_id: int, person_ids: tuple[int, ...] | None = None) -> CaseRecords:
    """The rows of the case ``case_id`` and of its people (or only of ``person_ids`` among them).

    Restricting ``person_ids`` keeps the rows of other household members' person-level tables out,
    while case-level tables (stage history, consultations, payments...) stay whole.
    """
    people = person_ids if person_ids is not None else person_ids_of(session, case_id)
    found: dict[str, list] = {"cases": [case_id], "persons": list(people)}
    tables: dict[str, list[dict]] = {}
    for table in complete_metadata().sorted_tables:
        name = table.name
        if name in SHARED_TABLES:
            continue
        if name in ("cases", "persons"):
            stmt = select(table).where(table.c.id.in_(found[name]))
        else:
            condition = _owning_condition(table, found)
            if condition is None:
                continue
            if "person_id" in table.c and name != "case_members":
                condition = condition & table.c.person_id.in_(found["persons"] or [-1])
            stmt = select(table).where(condition)
        rows = [dict(row._mapping) for row in session.execute(stmt.order_by(*table.primary_key.columns))]
        tables[name] = rows
        if "id" in table.c:
            found[name] = [row["id"] for row in rows]
    return CaseRecords(case_id, tuple(people), tables)
