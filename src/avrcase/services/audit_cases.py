"""Which case an audited row belongs to, so that the trail can be read case by case (``audit list --case``).

Most rows name their case; a person does not (a person belongs to exactly one case, as its principal applicant or
a household member), so a person's entries take the case from the household rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.store.models import Case, CaseMember, Person


def case_id_of(table: str, obj: Any) -> int | None:
    """The case of a row that names it (a case is its own); ``None`` for a person (see ``person_cases``)."""
    if table == "cases":
        return obj.id
    return getattr(obj, "case_id", None)


def leaving_members(session: Session) -> dict[int, int]:
    """Person id -> case id of the household rows a flush that deletes a person holds (empty when it deletes none).

    A person deleted with their household row: that row, gone by the time the entries are written, names the case.
    It is still in the identity map after the flush (an orphan removed from ``case.members`` is never in
    ``session.deleted``).
    """
    if not any(isinstance(obj, Person) for obj in session.deleted):
        return {}
    return {obj.person_id: obj.case_id for obj in (*session.identity_map.values(), *session.deleted)
            if isinstance(obj, CaseMember)}


def person_cases(session: Session, person_ids: set[int]) -> dict[int, int]:
    """The case each person belongs to (as principal or household member).

    Asked when the entries are written, not when a flush is captured: a new person is flushed before the
    case (or the household row) that takes them in exists.
    """
    found: dict[int, int] = {}
    ids = sorted(person_ids)
    for start in range(0, len(ids), 500):  # within SQLite's bound on parameters
        chunk = ids[start:start + 500]
        found.update(session.execute(select(CaseMember.person_id, CaseMember.case_id)
                                     .where(CaseMember.person_id.in_(chunk))).all())
        found.update(session.execute(select(Case.principal_id, Case.id).where(Case.principal_id.in_(chunk))).all())
    return found
