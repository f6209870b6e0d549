"""PostgreSQL's page of a search for one uncommon word in the list's own order (newest first, or oldest): its cases
as typed are already known, in that order, and only the cases found by a key alone are read to place them.

The page ranked every match and sorted them all: each of the word's cases was read again by its id for its date and
its text (904 reads for "Khutsishvili" at 100,000 cases, a third of the page's statement, #14). The look-up of the
cases holding the word as typed reads their rows anyway, so it gives them in the list's order
(``search_lookups.typed``): they rank first, in that order, and are not read again. The same rows in the same order,
and the same count, as ranking every match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ARRAY,
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy import case as sql_case

from avrcase.store.models import Case, CaseMember, PersonNameKey


def key_conditions(ranges: Iterable[tuple[Any, Any]], other_keys: Any) -> list[ColumnElement[bool]]:
    """The conditions on ``PersonNameKey`` of ``_key_values``: a key in each range (no upper end where it is
    ``None``), or one of ``other_keys`` (none when it is empty). The values may be bound parameters standing for them
    (``typed_first_page``)."""
    conditions: list[ColumnElement[bool]] = [
        and_(PersonNameKey.key >= low, PersonNameKey.key < high) if high is not None else PersonNameKey.key >= low
        for low, high in ranges]
    if isinstance(other_keys, BindParameter) or other_keys:
        conditions.append(PersonNameKey.key.in_(other_keys))
    return conditions


class TypedFirst(NamedTuple):
    """What the page needs of one uncommon word: the ids of the cases holding it as typed, newest first, as the text
    of an array, and how many; the ranges of keys and the other keys that find it by a key (``search_words``); its own
    keys (a case found by one ranks before one found by another key); the statements reading the cases holding it
    written apart or together."""

    typed: str
    how_many: int
    ranges: tuple[tuple[str, str | None], ...]
    other_keys: tuple[str, ...]
    exact_keys: tuple[str, ...]
    apart: tuple[Select, ...]

    @property
    def shape(self) -> tuple:
        """What of the word makes the page's SQL (``typed_first_page``): the rest are the values of its parameters."""
        return tuple(high is None for _low, high in self.ranges), bool(self.other_keys), bool(self.exact_keys)

    def values(self) -> dict[str, Any]:
        """The values of the page's named parameters."""
        found: dict[str, Any] = {"typed_first": self.typed, "how_many": self.how_many,
                                 "exact_keys": list(self.exact_keys), "other_keys": list(self.other_keys)}
        for index, (low, high) in enumerate(self.ranges):
            found[f"range{index}_low"], found[f"range{index}_high"] = low, high
        return found


def known(held: list[list[int] | None], ranges: list[tuple[str, str | None]], other_keys: list[str],
          exact_keys: set[str], apart: list[Select]) -> TypedFirst | None:
    """``TypedFirst`` of a word of one token whose cases as typed were all read (``held``: the token's, newest first);
    ``None`` otherwise (a common word, or several tokens: the page then ranks every match)."""
    if len(held) != 1 or held[0] is None:
        return None
    return TypedFirst("{" + ",".join(map(str, held[0])) + "}", len(held[0]), tuple(ranges), tuple(other_keys),
                      tuple(sorted(exact_keys)), tuple(apart))


def typed_first_page(shape: tuple, offset: int, limit: int, descending: bool, apart: tuple[Select, ...] = ()) -> Subquery:
    """The page's ids (``id``), places (``place``) and the count of every match (``total``), in the order of ranking
    every match by ``registered_on``: as typed, then by the word's own key, then by another key or written otherwise
    (each in date order, the id breaking ties). The word's values are named parameters (``TypedFirst.values``), so
    that a statement made for one word's ``shape`` serves the next keystroke (``search.py`` keeps it)."""
    open_ended, has_others, has_exact = shape
    numbered = func.unnest(cast(bindparam("typed_first", type_=String()), ARRAY(Integer)))
    typed = numbered.table_valued("id", with_ordinality="place").render_derived("typed")
    exact = PersonNameKey.key.in_(bindparam("exact_keys", expanding=True)) if has_exact else false()
    same = sql_case((exact, 1), else_=2)
    ranges: list[tuple[Any, Any]] = [(bindparam(f"range{index}_low"), None if no_end else bindparam(f"range{index}_high"))
              for index, no_end in enumerate(open_ended)]
    conditions = key_conditions(ranges, bindparam("other_keys", expanding=True) if has_others else ())
    keyed = (select(CaseMember.case_id.label("id"), same.label("rank"))
             .join(PersonNameKey, PersonNameKey.person_id == CaseMember.person_id).where(or_(*conditions)))
    if apart:
        held_apart = [held.subquery(f"apart{index}") for index, held in enumerate(apart)]
        others = union_all(keyed, *(select(held.c[0], literal(2)) for held in held_apart)).subquery("others")
        best = select(others.c.id, func.min(others.c.rank).label("rank")).group_by(others.c.id).subquery("best")
    else:
        best = keyed.with_only_columns(CaseMember.case_id.label("id"), func.min(same).label("rank")).group_by(
            CaseMember.case_id).subquery("best")
    # The cases found otherwise than as typed, placed after those: the only cases read.
    in_order = (Case.registered_on.desc(), Case.id.desc()) if descending else (Case.registered_on, Case.id)
    after_typed = bindparam("how_many", type_=Integer()) + func.row_number().over(order_by=(best.c.rank, *in_order))
    extra = (select(best.c.id, after_typed.label("place")).join(Case, Case.id == best.c.id)
             .where(best.c.id.not_in(select(typed.c.id))))
    placed = (typed.c.place if descending else -typed.c.place).label("place")
    ranked = union_all(select(typed.c.id, placed), extra).subquery("ranked")
    return (select(ranked.c.id, ranked.c.place, func.count().over().label("total"))
            .order_by(ranked.c.place).offset(offset).limit(max(limit, 0)).subquery("page"))


@lru_cache(maxsize=256)
def typed_first_statement(made_by: tuple[Callable[..., Select], Callable[[Select], Select]], shape: tuple, offset: int,
                          limit: int, descending: bool, apart: tuple[Select, ...] = ()) -> Select:
    """The list's page of ``typed_first_page``'s ids in its order (``made_by``: the list's columns with a sort value and
    a count, and their joins), the word's values named parameters: made once per shape of word and page. Made again
    for each keystroke, the statement and its cache key were about a millisecond and a half of the client's CPU (#14).
    A word also found written apart carries those statements: made for it (``__wrapped__``)."""
    shown, joined = made_by
    page = typed_first_page(shape, offset, limit, descending, apart)
    return joined(shown(Case.registered_on, page.c.total).select_from(page).join(Case, Case.id == page.c.id)).order_by(
        page.c.place)
