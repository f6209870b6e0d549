"""``avrcase subject-access`` and ``avrcase retention preview|run``: the office's data-protection duties.

``subject-access`` writes everything held about one person of a case as PDF or JSON (by the file's
extension). ``retention set-years N`` stores the office's period (administrators); ``retention preview`` lists the closed cases due for anonymisation; ``retention run
--yes`` anonymises exactly those (the preview is taken again and must not have changed), then
compacts the store so no old value stays in freed pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from avrcase.cli.args import int_range
from avrcase.cli.common import signed_in_command
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, counted, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.data_protection import retention
from avrcase.services.uow import unit_of_work


def add_parsers(subparsers, db_option) -> None:
    """Add ``subject-access`` and ``retention`` to the CLI's subparsers (``db_option`` adds ``--db``)."""
    report = subparsers.add_parser("subject-access", help=_("everything held about one person (PDF or JSON)"),
                                   description=_("Write a subject access report: every record about one person "
                                                 "of a case and who accessed the case."))
    report.add_argument("--case", required=True, metavar="CASE_NUMBER", help=_("the case the person belongs to"))
    report.add_argument("--person", type=int_range(1, 999), metavar="N", help=_("household member N (1 = principal applicant, the default)"))
    report.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.json", help=_("where to write"))
    db_option(report)
    report.set_defaults(func=signed_in_command(run_subject_access))

    retention_parser = subparsers.add_parser("retention", help=_("anonymise closed cases past the retention period"))
    actions = retention_parser.add_subparsers(dest="retention_command", metavar="ACTION", required=True,
                                       parser_class=type(retention_parser))
    preview = actions.add_parser("preview", help=_("list the closed cases that would be anonymised"))
    preview.add_argument("--years", type=int_range(1, 100), metavar="N", help=_("closed more than N years ago (default: the office's setting)"))
    db_option(preview)
    preview.set_defaults(func=signed_in_command(run_preview))
    run = actions.add_parser("run", help=_("anonymise the cases the preview lists"))
    run.add_argument("--years", type=int_range(1, 100), metavar="N", help=_("closed more than N years ago (default: the office's setting)"))
    run.add_argument("--yes", action="store_true", help=_("confirm: without it nothing is changed"))
    db_option(run)
    run.set_defaults(func=signed_in_command(run_retention))
    years = actions.add_parser("set-years", help=_("set how many years closed cases are kept (administrators)"))
    years.add_argument("years", type=int_range(1, 100), metavar="N")
    db_option(years)
    years.set_defaults(func=signed_in_command(run_set_years))


def run_subject_access(args: argparse.Namespace, engine, actor) -> int:
    # Imported here: the report brings ReportLab, which no other command needs (CLI start time, #14).
    from avrcase.services.data_protection import subject_access

    """Write the subject access report and say where."""
    if not args.out.parent.is_dir():
        raise AvrcaseError(_("The folder %(folder)s does not exist.") % {"folder": args.out.parent})
    with unit_of_work(engine, write=False) as session:
        report = subject_access.write_report(session, actor, args.case, args.out, args.person)
    print(_("Subject access report for %(name)s (case %(number)s) written to %(path)s.") % {
        "name": report.person_name, "number": report.case_number, "path": args.out})
    return 0


def _print_preview(due) -> None:
    print(ngettext("%(n)d closed case was closed before %(cutoff)s (kept %(years)d years):",
                   "%(n)d closed cases were closed before %(cutoff)s (kept %(years)d years):", len(due.cases))
          % {"n": len(due.cases), "cutoff": format_date(due.cutoff), "years": due.years})
    for case in due.cases:
        print(_("  %(number)s  closed %(closed)s  %(people)s, %(files)s") % {
            "number": case.case_number, "closed": format_date(case.closed_on), "people": counted.persons(case.people),
            "files": counted.documents_and_attachments(case.documents + case.attachments)})


def run_preview(args: argparse.Namespace, engine, actor) -> int:
    """Print what a run would anonymise."""
    with unit_of_work(engine, write=False) as session:
        due = retention.preview(session, actor, args.years)
    _print_preview(due)
    return 0


def run_retention(args: argparse.Namespace, engine, actor) -> int:
    """Anonymise the due cases after ``--yes``; without it, show the preview and change nothing."""
    with unit_of_work(engine, write=False) as session:
        due = retention.preview(session, actor, args.years)
    _print_preview(due)
    if not args.yes:
        print("avrcase: " + _("Nothing changed: add --yes to anonymise these cases."), file=sys.stderr)
        return 1
    with unit_of_work(engine) as session:
        result = retention.run(session, actor, due)
    retention.compact_store(engine)
    print(ngettext("%(n)d case anonymised.", "%(n)d cases anonymised.", result.cases) % {"n": result.cases})
    return 0


def run_set_years(args: argparse.Namespace, engine, actor) -> int:
    """Store the office's retention period."""
    with unit_of_work(engine) as session:
        retention.set_retention_years(session, actor, args.years)
    print(ngettext("Closed cases are now kept %(n)d year.", "Closed cases are now kept %(n)d years.", args.years)
          % {"n": args.years})
    return 0
