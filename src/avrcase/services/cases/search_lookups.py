"""The look-ups a search's words need before their conditions can be written, on PostgreSQL sent in one round trip.

A word's conditions depend on what the store holds: the stored keys alike to it (``search_words``), whether its
halves are stored names, and the cases holding it as typed (to tell a common word). Each was a statement of its
own: five round trips for "Khutsishvili" before the page's own (#14). On PostgreSQL ``search_terms`` first runs
with every look-up only noted (``collecting``), then the noted statements go to the server as the columns of one
SELECT, and the real run reads their answers. The statements are the same, so are their answers; a look-up the
first run did not note (it depends on another's answer) is asked on its own. SQLite, in the process, asks each.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

_ANSWERS = "avrcase.search.lookups"
_NOTED = "avrcase.search.lookups.noted"


def values(session: Session, key: Hashable, statement: Select) -> list[Any]:
    """The values of ``statement``'s single column (the answer read with the others, when it was noted), the same
    ``key`` answering once per unit of work. While ``collecting``, the statement is noted and ``[]`` returned."""
    answers = session.info.setdefault(_ANSWERS, {})
    if key in answers:
        return answers[key]
    noted = session.info.get(_NOTED)
    if noted is not None:
        noted.setdefault(key, statement)
        return []
    answers[key] = list(session.scalars(statement))
    return answers[key]


def collecting(session: Session, run: Callable[[], Any]) -> None:
    """PostgreSQL: ``run()`` with the look-ups only noted (its result is dropped), then every noted statement's
    answer read in one round trip: ``SELECT (SELECT array_agg(…) FROM (statement)), …``."""
    if session.get_bind().dialect.name != "postgresql" or _NOTED in session.info:
        return
    noted: dict[Hashable, Select] = {}
    session.info[_NOTED] = noted
    try:
        run()
    finally:
        del session.info[_NOTED]
    if not noted:
        return
    columns = []
    for index, statement in enumerate(noted.values()):
        found = statement.subquery(f"lookup{index}")
        columns.append(select(func.array_agg(found.c[0])).scalar_subquery())
    row = session.execute(select(*columns)).one()
    answers = session.info.setdefault(_ANSWERS, {})
    for key, found_values in zip(noted, row, strict=True):
        answers[key] = list(found_values or [])
