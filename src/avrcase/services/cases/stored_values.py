"""Values written into a case's rows behind avrcase's back that it never writes: a stage, a sex or another code outside
its vocabulary, a date that is no date (an SQLite editor, a script with foreign keys and checks off).

The case file refused to open such a case with "internal error (ValueError: 'bogus' is not a valid Stage)" and
``avrcase db check`` found no damage. Now every reader of the case file says which of its records is damaged, in
words, and the check names the cases, as it names those missing a person (``store.damage``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Date, DateTime, TextClause, text
from sqlalchemy.orm import Session

from avrcase.domain.codes import (ApprovalStatus, CaseKind, ClosureReason, LegalStatus, ReferralSource, Relationship,
                                  Sex, Vocabulary)
from avrcase.domain.errors import DamagedRecordError
from avrcase.domain.stages import Stage
from avrcase.i18n import _, ngettext
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require

#: (table, column, vocabulary, whether "" means no value) for the codes a case file turns into words.
CODED: tuple[tuple[str, str, type[Vocabulary], bool], ...] = (
    ("cases", "stage", Stage, False),
    ("cases", "kind", CaseKind, False),
    ("cases", "closure_reason", ClosureReason, True),
    ("cases", "legal_status", LegalStatus, False),
    ("cases", "referral_source", ReferralSource, False),
    ("cases", "approval_status", ApprovalStatus, False),
    ("persons", "sex", Sex, False),
    ("case_members", "relationship_to_principal", Relationship, False),
    ("stage_changes", "from_stage", Stage, True),
    ("stage_changes", "to_stage", Stage, False),
)
#: How each table's row finds its case (a person through the households it belongs to), and the condition that
#: keeps one case's rows, through an index (a condition on the joined case scanned every person: 90 ms an opening).
_CASE_OF = {
    "cases": ("cases t", "t.case_number", "t.id = :case_id"),
    "persons": ("persons t LEFT JOIN case_members m ON m.person_id = t.id LEFT JOIN cases c ON c.id = m.case_id",
                "c.case_number", "t.id IN (SELECT person_id FROM case_members WHERE case_id = :case_id) "
                "AND m.case_id = :case_id"),
    "case_members": ("case_members t LEFT JOIN cases c ON c.id = t.case_id", "c.case_number", "t.case_id = :case_id"),
    "stage_changes": ("stage_changes t LEFT JOIN cases c ON c.id = t.case_id", "c.case_number",
                      "t.case_id = :case_id"),
}
#: How many places the check's message names before it says how many more there are.
NAMED = 10


@dataclass(frozen=True)
class OddValue:
    """One value avrcase never writes: where it is (``table.column``) and the case it belongs to (``""``: none)."""

    case_number: str
    where: str


def _date_columns(table: str) -> list[str]:
    from avrcase.store.models import complete_metadata

    columns = complete_metadata().tables[table].columns
    return [c.name for c in columns if isinstance(getattr(c.type, "impl", c.type), (Date, DateTime))]  # UTCDateTime too


@functools.cache
def _conditions(sqlite: bool) -> dict[str, tuple[tuple[str, str], ...]]:
    """Per table: (column, SQL condition true where its value is not one avrcase writes)."""
    out: dict[str, list[tuple[str, str]]] = {table: [] for table in _CASE_OF}
    for table, column, vocabulary, empty_ok in CODED:
        allowed = ", ".join("'" + member.value.replace("'", "''") + "'" for member in vocabulary)
        out[table].append((column, f"t.{column} NOT IN ({allowed})" + (f" AND t.{column} <> ''" if empty_ok else "")))
    if sqlite:  # PostgreSQL's own types refuse a date that is no date
        for table in _CASE_OF:
            out[table] += [(column, f"t.{column} IS NOT NULL AND julianday(t.{column}) IS NULL")
                           for column in _date_columns(table)]
    return {table: tuple(conditions) for table, conditions in out.items()}


@functools.cache
def _one_case_query(sqlite: bool) -> TextClause:
    """One statement for one case: the ``table.column`` of every value avrcase never writes, each an indexed read."""
    parts = [f"SELECT '{table}.{column}' FROM {_CASE_OF[table][0]} WHERE {_CASE_OF[table][2]} AND ({condition})"
             for table, conditions in _conditions(sqlite).items() for column, condition in conditions]
    return text(" UNION ".join(parts))


def _found(session: Session) -> list[OddValue]:
    """One read per table: the case number of each row with such a value and which of its columns hold one."""
    connection = session.connection()
    found = []
    for table, conditions in _conditions(connection.dialect.name == "sqlite").items():
        source, number, _one_case = _CASE_OF[table]
        flags = ", ".join(f"CASE WHEN {condition} THEN 1 ELSE 0 END" for _column, condition in conditions)
        query = (f"SELECT DISTINCT {number}, {flags} FROM {source} WHERE ("
                 + " OR ".join(f"({condition})" for _column, condition in conditions) + ")")
        for row in connection.execute(text(query)):
            found += [OddValue(row[0] or "", f"{table}.{column}")
                      for (column, _condition), flag in zip(conditions, row[1:]) if flag]
    return found


def refuse_if_damaged(session: Session, case_id: int) -> None:
    """Raise ``DamagedRecordError`` naming the record when the case holds a value avrcase never writes (called by a
    reader that has checked its permission; one statement of indexed reads of the one case)."""
    connection = session.connection()
    where = sorted(connection.execute(_one_case_query(connection.dialect.name == "sqlite"), {"case_id": case_id})
                   .scalars())
    if where:
        number = connection.execute(text("SELECT case_number FROM cases WHERE id = :case_id"),
                                    {"case_id": case_id}).scalar()
        raise DamagedRecordError(
            _("The data of case %(number)s is damaged: %(where)s holds a value avrcase never writes (it was changed "
              "outside avrcase). Ask an administrator to run “avrcase db check”.")
            % {"number": number, "where": ", ".join(where)})


def odd_values(session: Session, actor: Actor | None) -> list[OddValue]:
    """Every case row holding a value avrcase never writes, in case-number order (``avrcase db check``)."""
    require(actor, Permission.STORE_MAINTAIN)
    return sorted(set(_found(session)), key=lambda o: (o.case_number, o.where))


def odd_values_message(odd: list[OddValue]) -> str:
    """What ``avrcase db check`` says of them: the fields and the cases, the first ``NAMED`` of each."""
    places = sorted({o.where for o in odd})
    numbers = sorted({o.case_number for o in odd if o.case_number})
    named = ", ".join(numbers[:NAMED])
    if len(numbers) > NAMED:
        more = len(numbers) - NAMED
        named += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
    text_ = _("The store holds values avrcase never writes (changed outside avrcase) in %(where)s.") % {
        "where": ", ".join(places)}
    if numbers:
        text_ += " " + ngettext("The data of case %(cases)s is damaged; correct it or restore a backup.",
                                "The data of %(n)d cases is damaged (%(cases)s); correct them or restore a backup.",
                                len(numbers)) % {"n": len(numbers), "cases": named}
    return text_
