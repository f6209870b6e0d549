"""The look-ups a search's words need before their conditions can be written, and on PostgreSQL all of them in one
round trip.

A word's conditions depend on what the store holds: the cases holding it as typed (to tell a common word), the
stored keys alike to it, whether its halves are stored names (``search_words``). Each was a statement of its own:
five round trips for "Khutsishvili" before the page's own (#14). On PostgreSQL the look-ups a search will need are
listed first and sent as the columns of one SELECT (``read_together``); the same statements, so the same answers.
A look-up not listed there is asked on its own when it is needed (``values``). SQLite, in the process, asks each.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from sqlalchemy import ARRAY, ColumnElement, Integer, Select, any_, cast, func, select
from sqlalchemy.orm import Session

from avrcase.store.models import Case, PersonNameKey

#: A look-up: what names it within a unit of work, and how to make its statement (its values in the first column, any
#: number of rows; a second column, when there is one, orders them: largest first, then the largest value).
Lookup = tuple[Hashable, Callable[[], Select]]

_ANSWERS = "avrcase.search.lookups"


def values(session: Session, lookup: Lookup) -> list:
    """The values the look-up's statement reads, asked once per unit of work (or read with the others)."""
    answers = session.info.setdefault(_ANSWERS, {})
    key, make = lookup
    if key not in answers:
        answers[key] = list(session.scalars(make()))
    return answers[key]


def read_together(session: Session, lookups: Iterable[Lookup]) -> None:
    """PostgreSQL: the answers of ``lookups`` not read yet in this unit of work, in one round trip:
    ``SELECT (SELECT array_agg(…) FROM (statement)), …``. Elsewhere nothing: each is asked when needed."""
    if session.get_bind().dialect.name != "postgresql":
        return
    answers = session.info.setdefault(_ANSWERS, {})
    wanted = {key: make for key, make in lookups if key not in answers}
    if not wanted:
        return
    if len(wanted) == 1:
        values(session, next(iter(wanted.items())))
        return
    from sqlalchemy.dialects.postgresql import aggregate_order_by  # here: SQLite's start never loads the dialect

    columns = []
    for index, make in enumerate(wanted.values()):
        found = make().subquery(f"lookup{index}")
        # A look-up with a second column lists its values by it, largest first, then by the value (``typed``).
        value = found.c[0] if len(found.c) == 1 else aggregate_order_by(found.c[0], found.c[1].desc(), found.c[0].desc())
        columns.append(select(func.array_agg(value)).scalar_subquery())
    row = session.connection().execute(select(*columns)).one()  # Core: no ORM entities (0.1-0.3 ms less)
    for key, found_values in zip(wanted, row, strict=True):
        answers[key] = list(found_values or [])


def typed(token: str, limit: int) -> Lookup:
    """The ids of up to ``limit`` cases holding ``token`` as typed (through the trigram index on PostgreSQL), newest
    first (the list's order: ``search_typed_first``; the index's scan reads each row's date anyway)."""
    def make() -> Select:
        holding = select(Case.id, Case.registered_on).where(Case.search_text.like(f"%{token}%")).limit(limit).subquery()
        return select(holding.c.id, holding.c.registered_on).order_by(holding.c.registered_on.desc(), holding.c.id.desc())
    return ("typed", token, limit), make


def keys_between(low: str, high: str) -> Lookup:
    """The stored keys from ``low`` up to (not including) ``high``, up to 5,000 of them."""
    return ("between", low, high), lambda: (
        select(PersonNameKey.key).where(PersonNameKey.key >= low, PersonNameKey.key < high).distinct().limit(5000))


def keys_beside(skeletons: tuple[str, ...], postgresql: bool) -> Lookup:
    """The stored keys (not skeletons) of up to 5,000 people who have one of ``skeletons``."""
    def make() -> Select:
        same_skeleton = select(PersonNameKey.person_id).where(PersonNameKey.key.in_(skeletons)).limit(5000)
        held_by: ColumnElement[bool] = PersonNameKey.person_id.in_(same_skeleton)
        if postgresql:
            # The people as one array: one index scan reads all their keys, where a nested loop looked each
            # person up again (1,683 people for "Khutsishvili" at 100,000 cases: 4.3 against 3.4 ms, #14).
            people = same_skeleton.subquery("same_skeleton")
            held_by = PersonNameKey.person_id == any_(
                cast(select(func.array_agg(people.c.person_id)).scalar_subquery(), ARRAY(Integer)))
        return select(PersonNameKey.key).where(held_by, PersonNameKey.key < "~").distinct().limit(20000)
    return ("beside", skeletons), make


def stored(keys: tuple[str, ...]) -> Lookup:
    """Which of ``keys`` are stored."""
    return ("stored", keys), lambda: select(PersonNameKey.key).where(PersonNameKey.key.in_(keys)).distinct()
