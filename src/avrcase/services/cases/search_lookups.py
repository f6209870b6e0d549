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
from functools import lru_cache

from sqlalchemy import ARRAY, BindParameter, ColumnElement, Integer, Select, String, any_, bindparam, cast, func, select
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
    wanted = [key for key, _make in lookups if key not in answers]
    wanted = list(dict.fromkeys(wanted))  # each once, in the order listed
    if not wanted:
        return
    if len(wanted) == 1:
        key = wanted[0]
        answers[key] = list(session.scalars(_build(*_shape_and_values(key))))
        return
    shapes, params = [], {}
    for index, key in enumerate(wanted):
        shape, found = _shape_and_values(key)
        shapes.append(shape)
        params.update({f"l{index}_{place}": value for place, value in enumerate(found)})
    # Core, not the ORM (0.1-0.3 ms less); the statement of these shapes made once, its values bound (#14).
    row = session.connection().execute(_together(tuple(shapes)), params).one()
    for key, found_values in zip(wanted, row, strict=True):
        answers[key] = list(found_values or [])


@lru_cache(maxsize=256)
def _together(shapes: tuple[tuple, ...]) -> Select:
    """One statement answering look-ups of these shapes, their values as named parameters (``l<index>_<place>``).

    Made again on every keystroke, this statement and its cache key were about a millisecond of the client's CPU
    (#14): a word's look-ups have few shapes (the number of key ranges, whether its halves are looked up), so it is
    made once per shape and only its values change."""
    from sqlalchemy.dialects.postgresql import aggregate_order_by  # here: SQLite's start never loads the dialect

    columns = []
    for index, shape in enumerate(shapes):
        bound = tuple(_parameter(f"l{index}_{place}", shape) for place in range(_ARITY[shape[0]]))
        found = _build(shape, bound).subquery(f"lookup{index}")
        # A look-up with a second column lists its values by it, largest first, then by the value (``typed``).
        value = found.c[0] if len(found.c) == 1 else aggregate_order_by(found.c[0], found.c[1].desc(), found.c[0].desc())
        columns.append(select(func.array_agg(value)).scalar_subquery())
    return select(*columns)


#: How many values each kind of look-up takes (``_shape_and_values``).
_ARITY = {"typed": 1, "between": 2, "beside": 1, "stored": 1}


def _parameter(name: str, shape: tuple) -> BindParameter:
    kind = shape[0]
    return bindparam(name, type_=String(), expanding=kind in ("beside", "stored"))


def _shape_and_values(key: Hashable) -> tuple[tuple, tuple]:
    """What of a look-up's key makes its SQL (its shape) and what is only a value of it."""
    kind = key[0]  # type: ignore[index]
    if kind == "typed":
        return ("typed", key[2]), (f"%{key[1]}%",)  # type: ignore[index]
    if kind == "between":
        return ("between",), (key[1], key[2])  # type: ignore[index]
    return (kind,), (list(key[1]),)  # type: ignore[index]


def _build(shape: tuple, found: tuple) -> Select:
    """The statement of a look-up of ``shape``; ``found`` its values, or bound parameters standing for them."""
    kind = shape[0]
    if kind == "typed":
        holding = (select(Case.id, Case.registered_on).where(Case.search_text.like(found[0])).limit(shape[1])
                   .subquery())
        return select(holding.c.id, holding.c.registered_on).order_by(holding.c.registered_on.desc(),
                                                                      holding.c.id.desc())
    if kind == "between":
        return (select(PersonNameKey.key).where(PersonNameKey.key >= found[0], PersonNameKey.key < found[1])
                .distinct().limit(5000))
    if kind == "beside":
        same_skeleton = select(PersonNameKey.person_id).where(PersonNameKey.key.in_(found[0])).limit(5000)
        held_by: ColumnElement[bool] = PersonNameKey.person_id.in_(same_skeleton)
        if len(shape) == 1 or shape[1]:  # PostgreSQL (``keys_beside``; together, always)
            # The people as one array: one index scan reads all their keys, where a nested loop looked each
            # person up again (1,683 people for "Khutsishvili" at 100,000 cases: 4.3 against 3.4 ms, #14).
            people = same_skeleton.subquery("same_skeleton")
            held_by = PersonNameKey.person_id == any_(
                cast(select(func.array_agg(people.c.person_id)).scalar_subquery(), ARRAY(Integer)))
        return select(PersonNameKey.key).where(held_by, PersonNameKey.key < "~").distinct().limit(20000)
    return select(PersonNameKey.key).where(PersonNameKey.key.in_(found[0])).distinct()


def _lookup(key: tuple, shape: tuple | None = None) -> Lookup:
    own_shape, found = _shape_and_values(key)
    return key, lambda: _build(shape or own_shape, found)


def typed(token: str, limit: int) -> Lookup:
    """The ids of up to ``limit`` cases holding ``token`` as typed (through the trigram index on PostgreSQL), newest
    first (the list's order: ``search_typed_first``; the index's scan reads each row's date anyway)."""
    return _lookup(("typed", token, limit))


def keys_between(low: str, high: str) -> Lookup:
    """The stored keys from ``low`` up to (not including) ``high``, up to 5,000 of them."""
    return _lookup(("between", low, high))


def keys_beside(skeletons: tuple[str, ...], postgresql: bool) -> Lookup:
    """The stored keys (not skeletons) of up to 5,000 people who have one of ``skeletons``."""
    return _lookup(("beside", skeletons), ("beside", postgresql))


def stored(keys: tuple[str, ...]) -> Lookup:
    """Which of ``keys`` are stored."""
    return _lookup(("stored", keys))
