"""Which case an audited row belongs to, so that the trail can be read case by case (``audit list --case``).

Most rows name their case; a person does not (a person belongs to exactly one case, as its principal applicant or
a household member), so a person's entries take the case from the household rows, and the rows below a person, an
itinerary, a plan or a survey (a passport, a visa, a traveller's needs, a flight, a plan item, a survey answer) take
it from that parent when the entries are written. Also which rows a flush deleted, orphans removed by a cascade
included (a member who left the household).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, event, select
from sqlalchemy.orm import Mapper, Session, object_session

from avrcase.store.models import Case, CaseMember, Person

_FLUSHED_DELETES_KEY = "avrcase.audit_flushed_deletes"


def case_id_of(table: str, obj: Any) -> int | None:
    """The case of a row that names it (a case is its own); ``None`` for a person (see ``person_cases``)."""
    if table == "cases":
        return obj.id
    return getattr(obj, "case_id", None)


#: Rows that name no case but a parent that has one: table -> (the column naming the parent, the parent's kind).
_PARENTS = {
    "persons": ("id", "person"), "travel_documents": ("person_id", "person"), "visas": ("person_id", "person"),
    "person_name_keys": ("person_id", "person"), "itinerary_tickets": ("person_id", "person"),
    "itinerary_travellers": ("itinerary_id", "itinerary"), "itinerary_segments": ("itinerary_id", "itinerary"),
    "itinerary_assistance": ("itinerary_id", "itinerary"), "plan_revisions": ("plan_id", "plan"),
    "plan_items": ("revision_id", "revision"), "survey_answers": ("survey_id", "survey"),
}


def parent_of(table: str, obj: Any) -> tuple[str, int] | None:
    """``(kind, id)`` of the row the case of ``obj`` is found through (``parent_cases``); ``None`` for other rows."""
    column, kind = _PARENTS.get(table, ("", ""))
    value = getattr(obj, column, None) if column else None
    return (kind, value) if isinstance(value, int) else None


def parent_cases(session: Session, parents: set[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """The case of each ``(kind, id)`` that ``parent_of`` named, asked when the entries are written."""
    found = {("person", person): case for person, case in
             person_cases(session, {i for kind, i in parents if kind == "person"}).items()}
    for kind in ("itinerary", "plan", "revision", "survey"):
        ids = sorted(i for k, i in parents if k == kind)
        if not ids:
            continue
        query = _parent_query(kind)
        for start in range(0, len(ids), 500):  # within SQLite's bound on parameters
            key = query.selected_columns[0]
            found.update(((kind, i), case) for i, case in session.execute(query.where(key.in_(ids[start:start + 500]))))
    return found


def _parent_query(kind: str) -> Select:
    """``(id, case id)`` of an itinerary, a plan, a plan's revision or a survey. Their models are imported here, at the
    first entry of a row below one of them, not by every command that writes an audit entry (#14)."""
    if kind == "itinerary":
        from avrcase.store.models import Itinerary

        return select(Itinerary.id, Itinerary.case_id)
    from avrcase.store.models import PlanRevisionRecord, ReintegrationPlanRecord, SustainabilitySurvey

    if kind == "plan":
        return select(ReintegrationPlanRecord.id, ReintegrationPlanRecord.case_id)
    if kind == "revision":
        return select(PlanRevisionRecord.id, ReintegrationPlanRecord.case_id).join(
            ReintegrationPlanRecord, ReintegrationPlanRecord.id == PlanRevisionRecord.plan_id)
    return select(SustainabilitySurvey.id, SustainabilitySurvey.case_id)


@event.listens_for(Mapper, "after_delete")
def _note_deleted_row(_mapper, _connection, obj: Any) -> None:
    """Note every row a flush deletes: an orphan (a household member taken off ``case.members``) is deleted by
    the flush without ever being in ``session.deleted``, and its removal must be on record too."""
    session = object_session(obj)
    if session is not None:
        session.info.setdefault(_FLUSHED_DELETES_KEY, []).append(obj)


@event.listens_for(Session, "after_soft_rollback")
def _forget_deleted_rows(session: Session, _previous) -> None:
    """A flush that failed half-way deleted nothing: its noted rows must not be put on record by a later one."""
    session.info.pop(_FLUSHED_DELETES_KEY, None)


def deleted_by_flush(session: Session) -> list[Any]:
    """The rows the flush deleted (asked in ``after_flush``): those ``session.delete`` named and the orphans its
    cascades removed, each once."""
    deleted = list(session.deleted)
    seen = {id(obj) for obj in deleted}
    for obj in session.info.pop(_FLUSHED_DELETES_KEY, []):
        if id(obj) not in seen:
            seen.add(id(obj))
            deleted.append(obj)
    return deleted


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
