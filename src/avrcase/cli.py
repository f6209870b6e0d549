"""The ``avrcase`` command line: argument parsing, then a call into the services; nothing else.

Errors a person can act on print one line on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from avrcase import __version__
from avrcase.cli_args import ArgumentProblem, check_argv, int_range
from avrcase.domain.errors import AvrcaseError
from avrcase.domain.stages import Stage
from avrcase.i18n import _

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
#: The most cases a demo store gets (a bound, so a typing slip cannot run for days).
MAX_DEMO_CASES = 1_000_000
#: The most rows a listing prints.
MAX_LIMIT = 10_000_000
log = logging.getLogger("avrcase")


class UsageError(Exception):
    """Wrong words on the command line (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors, so scripts get one clear line and exit 2."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("avrcase").strip()
        where = f"{command}: " if command else ""
        raise UsageError(f"avrcase: {where}{' '.join(message.split())} (see '{self.prog} --help')")


def _db_option(parser: argparse.ArgumentParser, *, sign_in: bool = True) -> None:
    # SUPPRESS lets --db stand before or after the subcommand without one hiding the other.
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="DB",
                        help="store file path or SQLAlchemy URL (default: $AVRCASE_DB, else the user data folder)")
    if sign_in:
        parser.add_argument("--user", dest="sign_in_user", default=argparse.SUPPRESS, metavar="NAME",
                            help="sign in as NAME (default: $AVRCASE_USER); the password from $AVRCASE_PASSWORD or a prompt")


# ---------------------------------------------------------------- shared plumbing

def open_engine(args: argparse.Namespace, *, upgrade: bool = True):
    """Resolve ``--db`` and open (creating or migrating) the store."""
    from avrcase.cli_encryption import store_key_for
    from avrcase.store.engine import resolve_url
    from avrcase.store.schema import open_store

    url = resolve_url(getattr(args, "db", None))
    key = store_key_for(url, _sign_in_user)
    engine = open_store(url, upgrade=upgrade, key=key, clock=_clock)
    if key is not None:
        from avrcase.services.encryption import record_unlock_failures

        record_unlock_failures(engine)
    return engine


def cli_actor(engine):
    """Sign in the member of staff the command acts as (``--user`` or ``$AVRCASE_USER``, then a password)."""
    from avrcase.cli_accounts import sign_in

    return sign_in(engine, _sign_in_user)


_sign_in_user: str | None = None
#: The clock this run takes time from, built once in ``main`` (``services.clock``).
_clock = None


def cli_clock():
    """The clock of this command-line run (the system clock ``main`` built)."""
    from avrcase.services import clock

    global _clock
    if _clock is None:
        _clock = clock.system_clock()
    return _clock


def _iso(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return None
    raise TypeError(type(value).__name__)


# ---------------------------------------------------------------- commands

def cmd_gui(args: argparse.Namespace) -> int:
    """Open the desktop app."""
    from avrcase.store.engine import resolve_url

    url = resolve_url(getattr(args, "db", None))
    from avrcase.app import run_gui

    return run_gui(url, clock=_clock)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Create or migrate the store."""
    from avrcase.store.engine import resolve_url
    from avrcase.store.schema import current_revision, open_store

    from avrcase.cli_encryption import store_key_for

    url = resolve_url(getattr(args, "db", None))
    engine = open_store(url, key=store_key_for(url, _sign_in_user), clock=_clock)
    try:
        print(_("Store ready at schema %(rev)s: %(url)s") % {"rev": current_revision(engine), "url": _safe_url(engine)})
    finally:
        engine.dispose()
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    """Run the full store checks (integrity, references, search index) that an everyday open skips."""
    from avrcase.store.engine import resolve_url
    from avrcase.store.schema import open_store

    from avrcase.cli_encryption import store_key_for

    url = resolve_url(getattr(args, "db", None))
    engine = open_store(url, key=store_key_for(url, _sign_in_user), check=True)
    try:
        print(_("Store checked, no damage found: %(url)s") % {"url": _safe_url(engine)})
    finally:
        engine.dispose()
    return EXIT_OK


def _safe_url(engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill an empty store with deterministic synthetic cases."""
    from avrcase.services import demo
    from avrcase.services.uow import unit_of_work

    engine = open_engine(args)
    try:
        last = [-1]

        def progress(done: int, total: int) -> bool:
            percent = done * 100 // max(total, 1)
            if percent >= last[0] + 10 and sys.stderr.isatty():
                print(f"\r{percent:3d} %", end="", file=sys.stderr, flush=True)
                last[0] = percent
            return True

        from avrcase.cli_accounts import sign_in_unless_first_run

        actor = sign_in_unless_first_run(engine, _sign_in_user)
        with unit_of_work(engine) as session:
            summary = demo.generate_demo(session, cases=args.cases, seed=args.seed, progress=progress, actor=actor)
        if sys.stderr.isatty():
            print("\r", end="", file=sys.stderr)
        print(_("Demo store ready: %(cases)d cases, %(persons)d persons, %(consultations)d consultations.")
              % {"cases": summary.cases, "persons": summary.persons, "consultations": summary.consultations})
    finally:
        engine.dispose()
    return EXIT_OK


CASE_LIST_COLUMNS = ("case_number", "status", "principal_name", "citizenship", "country_of_return",
                     "household_size", "registered_on", "counsellor", "vulnerable")


def cmd_case_list(args: argparse.Namespace) -> int:
    """List cases as CSV or a table (streamed in key-set pages, so ``--limit 0`` on a large store is quick)."""
    from avrcase.services import cases
    from avrcase.services.dto import CaseQuery
    from avrcase.services.uow import unit_of_work

    engine = open_engine(args)
    try:
        query = CaseQuery(search=args.search or "", stage=Stage(args.status) if args.status else None,
                          sort="registered_on", descending=True, limit=args.limit)
        actor = cli_actor(engine)
        with unit_of_work(engine, write=False) as session:
            values = ((number, stage, name, citizenship, country, size, registered.isoformat(), counsellor,
                       "yes" if vulnerable else "no")
                      for number, stage, name, citizenship, country, size, registered, counsellor, vulnerable
                      in cases.iter_case_rows(session, actor, query))
            if args.format == "csv":
                from avrcase.exports.csv_safe import write_csv

                write_csv(sys.stdout, CASE_LIST_COLUMNS, values)
            else:
                _print_table(CASE_LIST_COLUMNS, list(values))
    finally:
        engine.dispose()
    return EXIT_OK


def _print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    texts = [[str(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in texts)]) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in texts:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    print(_("%(n)d cases") % {"n": len(rows)})


def cmd_case_show(args: argparse.Namespace) -> int:
    """Show a whole case, consultations included."""
    from avrcase.services import cases
    from avrcase.services.uow import unit_of_work

    engine = open_engine(args)
    try:
        actor = cli_actor(engine)
        with unit_of_work(engine, write=False) as session:
            detail = cases.get_case(session, actor, cases.find_case_id(session, args.case_number))
    finally:
        engine.dispose()
    if args.format == "json":
        data = dataclasses.asdict(detail)
        json.dump(data, sys.stdout, default=_iso, ensure_ascii=False, indent=2)
        print()
    else:
        from avrcase.cli_text import case_as_text

        print(case_as_text(detail))
    return EXIT_OK


def cmd_document(args: argparse.Namespace) -> int:
    """Issue a case document or a day's manifest (see ``avrcase.cli_documents``)."""
    from avrcase import cli_documents

    engine = open_engine(args)
    try:
        return cli_documents.run(args, engine, cli_actor(engine))
    finally:
        engine.dispose()


def cmd_stats(args: argparse.Namespace) -> int:
    """Write a protected statistics table or the anonymised export (see ``avrcase.cli_stats``)."""
    from avrcase import cli_stats

    cli_stats.check_args(args)
    engine = open_engine(args)
    try:
        run = cli_stats.run_stats if args.command == "stats" else cli_stats.run_export
        return run(args, engine, cli_actor(engine))
    finally:
        engine.dispose()


def cmd_departures(args: argparse.Namespace) -> int:
    """List booked departures with their readiness (see ``avrcase.cli_travel``)."""
    from avrcase import cli_travel

    cli_travel.period(args, dt.date(2000, 1, 1))  # checks --from and --to before the store is opened
    engine = open_engine(args)
    try:
        return cli_travel.run(args, engine, cli_actor(engine))
    finally:
        engine.dispose()


def cmd_budget(args: argparse.Namespace) -> int:
    """Committed, spent and remaining per budget line (see ``avrcase.cli_finance``)."""
    from avrcase import cli_finance

    engine = open_engine(args)
    try:
        return cli_finance.run(args, engine, cli_actor(engine))
    finally:
        engine.dispose()


# ---------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    """The whole command line, documented in README."""
    parser = _Parser(prog="avrcase", description=_("Case management for assisted voluntary return and reintegration."))
    parser.add_argument("--version", action="version", version=f"avrcase {__version__}")
    _db_option(parser)
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    db = sub.add_parser("db", help=_("store maintenance"))
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True, parser_class=_Parser)
    upgrade = db_sub.add_parser("upgrade", help=_("create or migrate the store (a backup is made first)"))
    _db_option(upgrade)
    upgrade.set_defaults(func=cmd_db_upgrade)
    check = db_sub.add_parser("check", help=_("check the whole store for damage (integrity, references, search index)"))
    _db_option(check)
    check.set_defaults(func=cmd_db_check)
    from avrcase import cli_encryption

    cli_encryption.add_parser(db_sub, _db_option)
    from avrcase import cli_backup

    cli_backup.add_parsers(db_sub, _db_option)

    demo = sub.add_parser("demo", help=_("fill an empty store with synthetic demo cases"))
    _db_option(demo)
    demo.add_argument("--cases", type=int_range(1, MAX_DEMO_CASES), default=1000, metavar="N",
                      help=_("number of cases (default 1000, at most %(max)d)") % {"max": MAX_DEMO_CASES})
    demo.add_argument("--seed", type=int_range(0, 2**31 - 1), default=1, metavar="S", help=_("random seed; the same seed gives the same store"))
    demo.set_defaults(func=cmd_demo)

    case = sub.add_parser("case", help=_("list and show cases"))
    case_sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True, parser_class=_Parser)
    listing = case_sub.add_parser("list", help=_("list cases, newest first"))
    _db_option(listing)
    listing.add_argument("--search", metavar="TEXT", help=_("part of a name, case number or document number"))
    listing.add_argument("--status", choices=[s.value for s in Stage], metavar="STAGE",
                         help=_("only cases at this stage: %(choices)s") % {"choices": ", ".join(s.value for s in Stage)})
    listing.add_argument("--limit", type=int_range(0, MAX_LIMIT), default=100, metavar="N",
                         help=_("at most N cases (default 100; 0 = all)"))
    listing.add_argument("--format", choices=("csv", "table"), default="table")
    listing.set_defaults(func=cmd_case_list)
    show = case_sub.add_parser("show", help=_("show one case, consultations included"))
    show.add_argument("case_number", metavar="CASE_NUMBER")
    _db_option(show)
    show.add_argument("--format", choices=("json", "text"), default="text")
    show.set_defaults(func=cmd_case_show)

    from avrcase import cli_documents

    document = cli_documents.add_parser(sub)
    _db_option(document)
    document.set_defaults(func=cmd_document)
    manifest = cli_documents.add_manifest_parser(sub)
    _db_option(manifest)
    manifest.set_defaults(func=cmd_document)

    from avrcase import cli_stats

    for stats_parser in cli_stats.add_parsers(sub).values():
        _db_option(stats_parser)
        stats_parser.set_defaults(func=cmd_stats)

    from avrcase import cli_travel

    departures = cli_travel.add_parser(sub)
    _db_option(departures)
    departures.set_defaults(func=cmd_departures)

    from avrcase import cli_finance

    budget = cli_finance.add_parser(sub)
    _db_option(budget)
    budget.set_defaults(func=cmd_budget)

    from avrcase import cli_accounts

    cli_accounts.add_parsers(sub, _db_option)
    from avrcase import cli_data_protection

    cli_data_protection.add_parsers(sub, _db_option)
    from avrcase import cli_imports

    cli_imports.add_parsers(sub, _db_option)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit status."""
    logging.basicConfig(level=logging.DEBUG if os.environ.get("AVRCASE_DEBUG") else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        check_argv(words)
        parser = build_parser()
        args = parser.parse_args(words)
        global _sign_in_user, _clock
        _sign_in_user = getattr(args, "sign_in_user", None)
        from avrcase.services import clock

        _clock = clock.system_clock()
        from avrcase.cli_accounts import forget_password

        forget_password()
        return args.func(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except ArgumentProblem as exc:
        print(f"avrcase: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AvrcaseError as exc:
        print(f"avrcase: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("avrcase: " + _("interrupted; nothing was saved."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an unexpected fault: one line for people, details on request
        if os.environ.get("AVRCASE_DEBUG"):
            raise
        print(f"avrcase: internal error ({type(exc).__name__}: {exc}); set AVRCASE_DEBUG=1 for details",
              file=sys.stderr)
        return EXIT_ERROR
