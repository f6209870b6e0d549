"""Which cases a store's broken references damage, named by their numbers (``avrcase db check``).

SQLite's ``foreign_key_check`` gives tables and row ids; an administrator who reads "6 broken references" cannot
tell which returnee's file to look at. A case whose principal applicant or household member was deleted behind
its back (foreign keys off, a damaged file) is the damage staff meet: the case list marks it, every reader of
the case refuses it in the same words (``services.cases.case_file.damaged_case``), and the check names it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from avrcase.i18n import ngettext

#: The cases whose principal applicant or a member's person row is missing, in case-number order.
_DAMAGED_CASES = (
    "SELECT c.case_number FROM cases c LEFT JOIN persons p ON p.id = c.principal_id WHERE p.id IS NULL "
    "UNION SELECT c.case_number FROM cases c JOIN case_members m ON m.case_id = c.id "
    "LEFT JOIN persons p ON p.id = m.person_id WHERE p.id IS NULL ORDER BY 1")
#: How many case numbers the check's message names before it says how many more there are.
NAMED = 10


def damaged_case_numbers(execute: Callable[[str], Any]) -> list[str]:
    """The numbers of the cases missing a person of their household (``execute`` runs one SQL text)."""
    return [row[0] for row in execute(_DAMAGED_CASES).fetchall()]


def broken_references_message(count: int, numbers: list[str]) -> str:
    """What ``avrcase db check`` says of ``count`` broken references, naming the damaged cases among them."""
    text = ngettext("The store has %(n)d broken reference between records; restore a backup.",
                    "The store has %(n)d broken references between records; restore a backup.", count) % {"n": count}
    if not numbers:
        return text
    named = ", ".join(numbers[:NAMED])
    if len(numbers) > NAMED:
        more = len(numbers) - NAMED
        named += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
    return text + " " + ngettext(
        "The data of case %(cases)s is damaged: a person of its household is missing from the store.",
        "The data of %(n)d cases is damaged (%(cases)s): a person of each household is missing from the store.",
        len(numbers)) % {"n": len(numbers), "cases": named}
