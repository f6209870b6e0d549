"""``avrcase stats`` and ``avrcase export-anonymised``: protected tables and microdata for others.

Every table that leaves the app passes disclosure control (``domain.disclosure``); the record-level
export is pseudonymised and k-anonymous (``services.anonymised_export``). Bad dates, a minimum cell
below 3 or an unknown dimension are one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from avrcase.cli.args import int_range, parse_date, year_type
from avrcase.domain.disclosure import DEFAULT_MIN_CELL, TOTAL, DisclosureRule
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.exports import tables
from avrcase.i18n import _, ngettext
from avrcase.services import outgoing
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import release as statistics_release
from avrcase.services.statistics import report as statistics_report
from avrcase.services.statistics.counts import DIMENSIONS
from avrcase.services.uow import unit_of_work

STATS_MEASURES = ("returns", "cases", "returnees", "consultations", "ordered_returns")
DATAFLOW_CHOICES = ("migr_eirtn", "migr_eirt_vol", "migr_eirt_ass")
#: The largest minimum cell or group size asked for (any larger hides every cell of a real office's table).
MAX_GROUP = 1000


def add_parsers(subparsers) -> dict[str, argparse.ArgumentParser]:
    """Add ``stats`` and ``export-anonymised`` to the CLI's subparsers; return them by command name."""
    stats = subparsers.add_parser(
        "stats", help=_("statistics tables with small cells suppressed (CSV, XLSX)"),
        description=_("Count returns, cases or returnees by dimensions, protect the table against "
                      "disclosure and write it as CSV, XLSX or a PDF report with a chart; or write the Eurostat "
                      "return statistics."),
        epilog=_("dimensions: %(names)s") % {"names": ", ".join(DIMENSIONS)},
    )
    stats.add_argument("--from", dest="date_from", metavar="DATE", help=_("first day, e.g. 2026-01-01"))
    stats.add_argument("--to", dest="date_to", metavar="DATE", help=_("last day (included)"))
    stats.add_argument("--by", metavar="DIM[,DIM...]", help=_("dimensions, the last one across"))
    stats.add_argument("--measure", choices=STATS_MEASURES, default="returns", help=_("what to count (default: returns)"))
    stats.add_argument("--project", metavar="NAME", help=_("only cases of this project"))
    stats.add_argument("--min-cell", dest="min_cell", type=int_range(0, MAX_GROUP), default=DEFAULT_MIN_CELL, metavar="K",
                       help=_("suppress cells counting 1 to K-1 (default 5, at least 3)"))
    stats.add_argument("--round5", action="store_true", help=_("round shown values to the nearest 5"))
    stats.add_argument("--format", choices=("csv", "xlsx", "pdf"), help=_("file format (default: from --out)"))
    stats.add_argument("--eurostat", action="store_true",
                       help=_("Eurostat's transmission file of returns following an order to leave (exact, SDMX-CSV)"))
    stats.add_argument("--year", type=year_type, metavar="YYYY", help=_("the year of the Eurostat table"))
    stats.add_argument("--dataflow", choices=DATAFLOW_CHOICES, default="migr_eirtn",
                       help=_("with --eurostat: which Eurostat table (default: migr_eirtn)"))
    stats.add_argument("--geo", metavar="CC", help=_("with --eurostat: the reporting country (default: the office's)"))
    stats.add_argument("--publish", action="store_true",
                       help=_("with --eurostat: the protected table for publication instead of the exact file"))
    stats.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("where to write the table"))
    stats.set_defaults(command_parser=stats)

    export = subparsers.add_parser(
        "export-anonymised", help=_("one row per returnee, pseudonymised and k-anonymous (CSV, XLSX)"),
        description=_("Write one row per returnee with no direct identifier, generalised until every "
                      "combination of quasi-identifiers appears at least K times."),
    )
    export.add_argument("--from", dest="date_from", required=True, metavar="DATE", help=_("first day of departures"))
    export.add_argument("--to", dest="date_to", required=True, metavar="DATE", help=_("last day (included)"))
    export.add_argument("--k", type=int_range(0, MAX_GROUP), default=DEFAULT_MIN_CELL, metavar="K", help=_("smallest group size (default 5, at least 3)"))
    export.add_argument("--pseudonymised-for-processor", dest="processor", action="store_true",
                        help=_("stable pseudonyms under the office's secret, for a processor (audited; not anonymous)"))
    export.add_argument("--out", required=True, type=Path, metavar="FILE.csv|FILE.xlsx", help=_("where to write"))
    export.set_defaults(command_parser=export)
    return {"stats": stats, "export-anonymised": export}


def _date(text: str | None, option: str) -> dt.date:
    return parse_date(text, option)


def _output(path: Path, fmt: str | None, allowed: tuple[str, ...]) -> str:
    ending = path.suffix.lower().lstrip(".")
    if fmt and ending and ending != fmt:  # a CSV was written under an .xlsx name
        raise AvrcaseError(_("“%(name)s” ends in .%(ending)s but --format is %(format)s; make them agree.") % {
            "name": path.name, "ending": ending, "format": fmt})
    fmt = fmt or ending
    if fmt not in allowed:
        if len(allowed) == 1:  # "Write a .csv file; “e6.xlsx” is neither." read oddly
            raise AvrcaseError(_("Write a .%(format)s file, not “%(name)s”.") % {"format": allowed[0], "name": path.name})
        raise AvrcaseError(_("Write a %(formats)s file; “%(name)s” is neither.") % {
            "formats": " or ".join(f".{f}" for f in allowed), "name": path.name})
    if not path.parent.is_dir():
        raise AvrcaseError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    return fmt


def check_args(args: argparse.Namespace) -> None:
    """Refuse wrong options, dates out of range and an unwritable ``--out`` before the store is opened."""
    if args.command == "stats":
        if args.eurostat:
            if args.year is None:
                args.command_parser.error(_("--eurostat needs --year"))
            if not args.publish:
                _output(args.out, args.format, ("csv",))
        else:
            if not (args.date_from and args.date_to and args.by):
                args.command_parser.error(_("give --from, --to and --by (or --eurostat --year)"))
            statistics.check_query(_query(args), max_dimensions=statistics.MAX_DIMENSIONS)
        _output(args.out, args.format, ("csv", "xlsx", "pdf"))
        DisclosureRule(args.min_cell, args.round5)
        return
    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_to < date_from:
        raise ValidationError({"date_to": _("The period ends before it starts.")})
    _output(args.out, None, ("csv", "xlsx"))


def _query(args: argparse.Namespace):
    return statistics.StatisticsQuery(args.measure, tuple(d.strip() for d in args.by.split(",") if d.strip()),
                                      _date(args.date_from, "--from"), _date(args.date_to, "--to"), args.project)


def run_stats(args: argparse.Namespace, engine, actor) -> int:
    """Compute, protect and write the table asked for; print one line saying what was written."""
    parser = args.command_parser
    rule = DisclosureRule(args.min_cell, args.round5)
    if args.eurostat and not args.publish:
        return _run_transmission(args, engine, actor)
    if args.eurostat:
        if args.year is None:
            parser.error(_("--eurostat needs --year"))
        fmt = _output(args.out, args.format, ("csv", "xlsx", "pdf"))
        with unit_of_work(engine, write=False) as session:
            counts = statistics.eurostat_returns(session, actor, args.year, households_cap=rule.min_cell)
        title = _("Returns following an order to leave %(year)d") % {"year": args.year}
    else:
        if not (args.date_from and args.date_to and args.by):
            parser.error(_("give --from, --to and --by (or --eurostat --year)"))
        fmt = _output(args.out, args.format, ("csv", "xlsx", "pdf"))
        query = _query(args)
        statistics.check_query(query, max_dimensions=statistics.MAX_DIMENSIONS)
        statistics_release.check_release_period(query.date_from, query.date_to)
        counts = None  # counted in the unit of work that releases it (release.count_for_release)
        title = statistics.measure_label(args.measure)
    # Register, audit entry and file: all or nothing; the file is written once the entries are committed.
    with unit_of_work(engine) as session:
        if counts is None and query.project:  # a mistyped project counted 0 and was registered as released
            from avrcase.services.statistics import dashboard  # (only here: a table needs no dashboard, #14)

            known = dashboard.list_projects(session, actor)
            if query.project not in known:
                raise AvrcaseError(_("No case is in a project called “%(name)s”; the projects are: %(names)s.")
                                   % {"name": query.project, "names": ", ".join(known) or _("none yet")})
        if counts is None:
            counts = statistics_release.count_for_release(session, actor, query, rule.min_cell)
        protected = statistics_report.write_table(session, actor, counts, rule, args.out, fmt, title,
                                                  kind="eurostat" if args.eurostat else "table")
    # The total as the file shows it (rounded with --round5, "c" when it is hidden).
    print(_("%(title)s written to %(path)s: %(total)s counted, %(hidden)d of %(cells)d cells suppressed.") % {
        "title": title, "path": args.out, "total": protected.text((TOTAL,) * len(protected.dimensions)),
        "hidden": protected.suppressed, "cells": len(protected.entries)})
    return 0


def _run_transmission(args: argparse.Namespace, engine, actor) -> int:
    """Write Eurostat's exact transmission file (SDMX-CSV), registered and audited; never suppressed."""
    from avrcase.services.statistics import eurostat as eurostat_files

    _output(args.out, args.format, ("csv",))
    dataflow = args.dataflow.upper()
    with unit_of_work(engine) as session:
        file = eurostat_files.transmission(session, actor, args.year, dataflow, args.geo)
        eurostat_files.record_transmission(session, actor, args.year, file)
        outgoing.deliver(session, args.out, tables.sdmx_csv_bytes(tables.Sheet(file.dataflow, file.header, file.rows)))
    print(ngettext("%(dataflow)s %(year)d written to %(path)s: %(total)d return, exact figures for Eurostat "
                   "(not for publication: use --publish).",
                   "%(dataflow)s %(year)d written to %(path)s: %(total)d returns, exact figures for Eurostat "
                   "(not for publication: use --publish).", file.total) % {
        "dataflow": dataflow, "year": args.year, "path": args.out, "total": file.total})
    return 0


def run_export(args: argparse.Namespace, engine, actor) -> int:
    """Write the anonymised record-level export and print the report of how it was protected."""
    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_to < date_from:
        raise ValidationError({"date_to": _("The period ends before it starts.")})
    _output(args.out, None, ("csv", "xlsx"))
    from avrcase.services.statistics import anonymised_export

    secret = anonymised_export.installation_secret() if args.processor else None
    with unit_of_work(engine) as session:
        lines = statistics_report.write_anonymised(session, actor, date_from, date_to, args.out, args.k, secret=secret)
    print(_("Written to %(path)s.") % {"path": args.out})
    for line in lines:
        print(line)
    return 0
