"""PostgreSQL's page of a search for one uncommon word in the list's own order (newest first, or oldest): its cases
as typed are already known, in that order, and only the cases found by a key alone are read to place them.

The page ranked every match and sorted them all: each of the word's cases was read again by its id for its date and
its text (904 reads for "Khutsishvili" at 100,000 cases, a third of the page's statement, #14). The look-up of the
cases holding the word as typed reads their rows anyway, so it gives them in the list's order
(``search_lookups.typed``): they rank first, in that order, and are not read again. The same rows in the same order,
and the same count, as ranking every match.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import ARRAY, Integer, Select, String, Subquery, bindparam, cast, func, literal, or_, select, union_all
from sqlalchemy import case as sql_case

from avrcase.store.models import Case, CaseMember, PersonNameKey


class TypedFirst(NamedTuple):
    """What the page needs of one uncommon word: the ids of the cases holding it as typed, newest first, as the text
    of an array, and how many; the conditions on ``PersonNameKey`` that find it by a key; its own keys (a case found
    by one ranks before one found by another key); the statements reading the cases holding it written apart or
    together."""

    typed: str
    how_many: int
    conditions: tuple
    exact_keys: tuple[str, ...]
    apart: tuple[Select, ...]


def known(held: list[list[int] | None], conditions: list, exact_keys: set[str], apart: list[Select]) -> TypedFirst | None:
    """``TypedFirst`` of a word of one token whose cases as typed were all read (``held``: the token's, newest first);
    ``None`` otherwise (a common word, or several tokens: the page then ranks every match)."""
    if len(held) != 1 or held[0] is None:
        return None
    return TypedFirst("{" + ",".join(map(str, held[0])) + "}", len(held[0]), tuple(conditions), tuple(sorted(exact_keys)),
                      tuple(apart))


def typed_first_page(found: TypedFirst, offset: int, limit: int, descending: bool) -> Subquery:
    """The page's ids (``id``), places (``place``) and the count of every match (``total``), in the order of ranking
    every match by ``registered_on``: as typed, then by the word's own key, then by another key or written otherwise
    (each in date order, the id breaking ties). Few layers: building the statement is a client's keystroke too."""
    numbered = func.unnest(cast(bindparam("typed_first", found.typed, type_=String, unique=True), ARRAY(Integer)))
    typed = numbered.table_valued("id", with_ordinality="place").render_derived("typed")
    same = sql_case((PersonNameKey.key.in_(found.exact_keys), 1), else_=2)
    keyed = (select(CaseMember.case_id.label("id"), same.label("rank"))
             .join(PersonNameKey, PersonNameKey.person_id == CaseMember.person_id).where(or_(*found.conditions)))
    if found.apart:
        apart = [held.subquery(f"apart{index}") for index, held in enumerate(found.apart)]
        others = union_all(keyed, *(select(held.c[0], literal(2)) for held in apart)).subquery("others")
        best = select(others.c.id, func.min(others.c.rank).label("rank")).group_by(others.c.id).subquery("best")
    else:
        best = keyed.with_only_columns(CaseMember.case_id.label("id"), func.min(same).label("rank")).group_by(
            CaseMember.case_id).subquery("best")
    # The cases found otherwise than as typed, placed after those: the only cases read.
    in_order = (Case.registered_on.desc(), Case.id.desc()) if descending else (Case.registered_on, Case.id)
    after_typed = literal(found.how_many) + func.row_number().over(order_by=(best.c.rank, *in_order))
    extra = (select(best.c.id, after_typed.label("place")).join(Case, Case.id == best.c.id)
             .where(best.c.id.not_in(select(typed.c.id))))
    placed = (typed.c.place if descending else -typed.c.place).label("place")
    ranked = union_all(select(typed.c.id, placed), extra).subquery("ranked")
    return (select(ranked.c.id, ranked.c.place, func.count().over().label("total"))
            .order_by(ranked.c.place).offset(offset).limit(max(limit, 0)).subquery("page"))
