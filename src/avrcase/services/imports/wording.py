"""How a checked or finished import is told to the user, in whole sentences whatever the counts (1 case, 2 cases).

The desktop dialog and ``avrcase import`` say the same thing, so both build their summary from these parts.
"""

from __future__ import annotations

from avrcase.i18n import _, ngettext
from avrcase.services.imports.plan import ImportPlan
from avrcase.services.imports.rows import Problem


def check_parts(plan: ImportPlan) -> dict[str, str]:
    """The four counts of a dry run, each a phrase with its noun in the right number."""
    cases, bad, before = len(plan.cases), plan.invalid_rows, len(plan.already_imported)
    return {
        "rows": ngettext("%(n)d row read", "%(n)d rows read", plan.rows) % {"n": plan.rows},
        "cases": ngettext("%(n)d case ready to import", "%(n)d cases ready to import", cases) % {"n": cases},
        "bad": ngettext("%(n)d row with problems", "%(n)d rows with problems", bad) % {"n": bad},
        "before": ngettext("%(n)d case imported before", "%(n)d cases imported before", before) % {"n": before},
    }


def times_note(plan: ImportPlan) -> str:
    """The sentence for a sheet of an old ``export all`` (its times without a zone were UTC), else ``""``."""
    if not plan.times_read_as_utc:
        return ""
    return _("This sheet is from an older avrcase export (format version 1), which wrote times without a time zone; "
             "they were read as UTC, as that version meant.")


def imported(n: int) -> str:
    """``1 case imported`` / ``3 cases imported``."""
    return ngettext("%(n)d case imported", "%(n)d cases imported", n) % {"n": n}


def left_out(n: int) -> str:
    """``1 row with problems left out`` / ``3 rows with problems left out``."""
    return ngettext("%(n)d row with problems left out", "%(n)d rows with problems left out", n) % {"n": n}


def to_check(n: int) -> str:
    """``1 value was read but should be checked (…)`` / ``3 values were read …``."""
    return ngettext("%(n)d value was read but should be checked (a name romanised, a birth year alone); it does not "
                    "stop the import:", "%(n)d values were read but should be checked (names romanised, birth years "
                    "alone); they do not stop the import:", n) % {"n": n}


def where(problem: Problem) -> str:
    """``Registras 2026, row 10, Gimimo data``: the sheet, the row as the spreadsheet numbers it and the column, in
    words (``Registras 2026 10 Gimimo data`` ran a sheet named with a year into the row's number)."""
    return _("%(sheet)s, row %(row)d, %(column)s") % {"sheet": problem.sheet, "row": problem.row,
                                                      "column": problem.column}
