"""``avrcase budget [--project NAME] [--format csv|table]``: committed, spent and remaining per budget line.

CSV columns: project,budget_line,kind,currency,budget,committed,spent,remaining (amounts as plain
decimals with a dot, for spreadsheets); the table shows amounts as the locale writes them.
"""

from __future__ import annotations

import argparse
import sys

from avrcase.i18n import _, ngettext
from avrcase.services.finance import projects, work_lists
from avrcase.services.finance.dto import BudgetLineRow
from avrcase.services.uow import unit_of_work


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``budget`` command to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        "budget", help=_("budget lines of projects: committed, spent and remaining"),
        description=_("List every budget line (or those of one project) with what is committed, spent and "
                      "remaining."))
    parser.add_argument("--project", metavar="NAME", help=_("only this project"))
    parser.add_argument("--format", choices=("csv", "table"), default="table")
    return parser


def _print_table(header: list[str], rows: list[list[str]], numeric_from: int) -> None:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i >= numeric_from else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def run(args: argparse.Namespace, engine, actor) -> int:
    """Print the budget lines as CSV or a table; exit status 0 (an unknown project is an error, exit 1)."""
    with unit_of_work(engine, write=False) as session:
        project_id = projects.find_project_id(session, args.project) if args.project else None
        rows = projects.budget_lines(session, actor, project_id=project_id)
    if args.format == "csv":
        work_lists.write_csv(sys.stdout, rows, BudgetLineRow)
        return 0
    header = [_("Project"), _("Budget line"), _("Kind"), _("Budget"), _("Committed"), _("Spent"), _("Remaining")]
    cells = [[r.project_name, r.name, r.kind.label, r.amount.format(), r.committed.format(), r.spent.format(),
              r.remaining.format()] for r in rows]
    _print_table(header, cells, numeric_from=3)
    print(ngettext("%(n)d budget line", "%(n)d budget lines", len(rows)) % {"n": len(rows)})
    return 0
