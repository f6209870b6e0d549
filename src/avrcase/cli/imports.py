"""Command-line side of moving a caseload in and out: ``avrcase import cases|template`` and ``avrcase export all``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from avrcase.cli.common import cli_clock, signed_in_command
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, counted
from avrcase.services import outgoing
from avrcase.services.backup.export_all import export_all
from avrcase.services.imports import mappings, run, wording
from avrcase.services.imports.fields import FIELDS_BY_KEY
from avrcase.services.imports.template import write_report, write_template
from avrcase.services.uow import office_clock, unit_of_work

EXIT_OK, EXIT_ERROR = 0, 1


def add_parsers(sub, db_option) -> None:
    """Add ``import`` and ``export`` to the CLI's subparsers."""
    imports = sub.add_parser("import", help=_("import cases from a spreadsheet (XLSX or CSV)"))
    parser_class = type(imports)
    actions = imports.add_subparsers(dest="import_command", metavar="ACTION", required=True, parser_class=parser_class)
    cases = actions.add_parser("cases", help=_("check and import the cases of a sheet"))
    cases.add_argument("file", type=Path, metavar="FILE.xlsx|FILE.csv")
    cases.add_argument("--dry-run", action="store_true", help=_("only check every row; no case is written (a --map is remembered)"))
    cases.add_argument("--report", type=Path, metavar="FILE.xlsx", help=_("write the problems found (row, column, value, message)"))
    cases.add_argument("--all-or-nothing", action="store_true", help=_("import nothing if any row has a problem"))
    cases.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                       help=_("map a column to a field (FIELD empty: ignore the column); the guesses from the headers "
                              "fill in the rest; the mapping is saved for sheets with the same headers"))
    db_option(cases)
    cases.set_defaults(func=signed_in_command(run_import))
    template = actions.add_parser("template", help=_("write the import template (XLSX) with the allowed values"))
    template.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    template.set_defaults(func=run_template)

    export = sub.add_parser("export", help=_("take everything out of the store"))
    export_actions = export.add_subparsers(dest="export_command", metavar="WHAT", required=True, parser_class=parser_class)
    everything = export_actions.add_parser("all", help=_("every table as CSV and JSON, documents and attachments as files"))
    everything.add_argument("--out", type=Path, required=True, metavar="DIR", help=_("a new (or empty) folder"))
    db_option(everything)
    everything.set_defaults(func=signed_in_command(run_export_all))




def _parse_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        # Field names never contain "=", a sheet's header may ("a=b"): the field is after the last one.
        header, sep, key = pair.rpartition("=")
        if not sep or not header.strip():
            raise AvrcaseError(_("--map takes HEADER=FIELD, not “%(value)s”.") % {"value": pair})
        if key.strip() and key.strip() not in FIELDS_BY_KEY:
            raise AvrcaseError(_("“%(field)s” is not an import field; the fields are: %(fields)s.")
                               % {"field": key.strip(), "fields": ", ".join(FIELDS_BY_KEY)})
        mapping[header.strip()] = key.strip()
    return mapping


def run_import(args: argparse.Namespace, engine, actor) -> int:
    """Dry run (always), the report when asked, then the import unless ``--dry-run``."""
    if not args.file.is_file():
        raise AvrcaseError(_("There is no file %(path)s.") % {"path": args.file})
    if args.report is not None:
        outgoing.check_target(args.report)
    now = cli_clock().now()
    today = office_clock(engine, cli_clock()).today()
    chosen = _parse_map(args.map)
    with unit_of_work(engine, write=bool(chosen)) as session:
        mapping = mappings.mapping_for_file(session, actor, args.file, chosen)
        plan = run.dry_run(session, actor, args.file, today=today, mapping=mapping)
    print(_("%(file)s: %(rows)s; %(cases)s; %(bad)s; %(before)s.") % {"file": plan.file_name, **wording.check_parts(plan)})
    if plan.times_read_as_utc:
        print(wording.times_note(plan))
    if plan.unread:
        print(_("Columns not read: %(columns)s. Name the field of one with --map HEADER=FIELD.")
              % {"columns": ", ".join(f"“{header}”" for header in plan.unread)})
    if args.report is not None:
        write_report(plan, args.report)
        print(_("Report written to %(path)s.") % {"path": args.report})
    for problem in plan.problems[:20]:
        print(f"  {wording.where(problem)}: {problem.message}", file=sys.stderr)
    if len(plan.problems) > 20:
        print(_("  … and %(n)d more (see --report)") % {"n": len(plan.problems) - 20}, file=sys.stderr)
    if plan.notes:
        print(wording.to_check(len(plan.notes)))
        for note in plan.notes[:20]:
            print(f"  {wording.where(note)}: {note.message}")
        if len(plan.notes) > 20:
            print(_("  … and %(n)d more (see --report)") % {"n": len(plan.notes) - 20})
    if args.dry_run:
        return EXIT_OK if not plan.problems else EXIT_ERROR
    with unit_of_work(engine) as session:
        result = run.import_cases(session, actor, plan, today=today, now=now, all_or_nothing=args.all_or_nothing)
    print(_("%(imported)s (SHA-256 of the file %(sha)s).") % {"imported": wording.imported(len(result.case_numbers)),
                                                              "sha": plan.sha256})
    return EXIT_OK if not plan.problems else EXIT_ERROR


def run_template(args: argparse.Namespace) -> int:
    """Write the blank template."""
    write_template(args.out)
    print(_("Template written to %(path)s.") % {"path": args.out})
    return EXIT_OK


def run_export_all(args: argparse.Namespace, engine, actor) -> int:
    """Write the whole store to a new folder."""
    with unit_of_work(engine) as session:
        summary = export_all(session, actor, args.out, now=cli_clock().now())
    print(_("Everything exported to %(path)s: %(tables)s, %(cases)s, %(files)s; schema.json describes them.") % {
        "path": summary.folder, "tables": counted.tables(len(summary.rows)),
        "cases": counted.cases(summary.rows.get("cases", 0)), "files": counted.files(summary.files)})
    return EXIT_OK
