"""The ``avrcase`` command line: the parser and the dispatch to one module per command group.

Errors a person can act on print one line on stderr and exit 1; usage errors exit 2. What the command
modules share (opening the store, signing in, exit codes, table printing) is in ``avrcase.cli.common``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

import avrcase
from avrcase import __version__
from avrcase.cli.args import ArgumentProblem, check_argv, int_range
from avrcase.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    StoreUpdateLines,
    UsageError,
    cli_clock,
    db_option,
    open_engine,
    require_existing_store,
    safe_url,
    sign_in_unless_first_run,
    signed_in_command,
    start_run,
    store_key_for,
    user_of_this_run,
)
from avrcase.domain.errors import AvrcaseError, StoreError
from avrcase.domain.stages import Stage
from avrcase.i18n import _, counted, environment_language, ngettext, set_locale
from avrcase.services.uow import unit_of_work
from avrcase.store.engine import ENV_DB, resolve_url
from avrcase.store.schema import current_revision, open_store

#: The most cases a demo store gets (a bound, so a typing slip cannot run for days).
MAX_DEMO_CASES = 1_000_000
log = logging.getLogger("avrcase")


# ---------------------------------------------------------------- commands

def cmd_gui(args: argparse.Namespace) -> int:
    """Open the desktop app."""
    db = getattr(args, "db", None)
    # Without --db, --profile or $AVRCASE_DB the app opens what this computer remembers (an office server
    # connection or the store in the user data folder), and asks for a server password in a window.
    url = resolve_url(db) if db or os.environ.get(ENV_DB) else None
    # Qt is loaded only when the desktop app is asked for, so scripts never pay for it (not a circle).
    from avrcase.app import run_gui

    return run_gui(url, clock=cli_clock())


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    """Create or migrate the store."""
    url = resolve_url(getattr(args, "db", None))
    engine = open_store(url, key=store_key_for(url, user_of_this_run()), clock=cli_clock(),
                        progress=StoreUpdateLines())
    try:
        print(_("Store ready at schema %(rev)s: %(url)s") % {"rev": current_revision(engine), "url": safe_url(engine)})
    finally:
        engine.dispose()
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    """Run the full store checks (integrity, references, search index) that an everyday open skips."""
    url = resolve_url(getattr(args, "db", None))
    require_existing_store(url)  # a mistyped path was made into a new store and reported undamaged
    engine = open_store(url, key=store_key_for(url, user_of_this_run()), check=True, clock=cli_clock(),
                        progress=StoreUpdateLines())
    try:
        trail = _checked_records_and_trail(engine)
        print(_("Store checked, no damage found: %(url)s") % {"url": safe_url(engine)})
        print(ngettext("The audit trail is intact: %(n)d entry checked (“avrcase audit verify” says what that proves).",
                       "The audit trail is intact: %(n)d entries checked (“avrcase audit verify” says what that proves).",
                       trail.entries) % {"n": trail.entries})
    finally:
        engine.dispose()
    return EXIT_OK


def _checked_records_and_trail(engine):
    """The checks of ``db check`` above SQLite's (before anyone signs in: the system actor): values no avrcase writes
    in the cases' rows, and the audit chain's walk; an edited, removed or recomputed entry is damage like a broken
    reference, said in one line."""
    from avrcase.services import audit_checkpoint
    from avrcase.services.cases import stored_values
    from avrcase.services.permissions import SYSTEM

    with unit_of_work(engine, write=False) as session:
        odd = stored_values.odd_values(session, SYSTEM)
        result = audit_checkpoint.check_chain(session, SYSTEM)
    if odd:  # a stage, a sex or a date no avrcase writes: the case file refuses it, so the check names it
        raise StoreError(stored_values.odd_values_message(odd))
    if not result.ok:
        raise StoreError(_("The store's audit trail is broken: %(problem)s. Run “avrcase audit verify” and restore a "
                           "backup from before the change.") % {"problem": result.problem})
    return result


def cmd_demo(args: argparse.Namespace) -> int:
    """Fill an empty store with deterministic synthetic cases."""
    engine = open_engine(args, create=True)
    try:
        last = [-1]

        def progress(done: int, total: int) -> bool:
            percent = done * 100 // max(total, 1)
            if percent >= last[0] + 10 and sys.stderr.isatty():
                print(f"\r{percent:3d} %", end="", file=sys.stderr, flush=True)
                last[0] = percent
            return True

        from avrcase.services.demo import generate as demo

        actor = sign_in_unless_first_run(engine, user_of_this_run())
        with unit_of_work(engine) as session:
            summary = demo.generate_demo(session, cases=args.cases, seed=args.seed, progress=progress, actor=actor)
        if sys.stderr.isatty():
            print("\r", end="", file=sys.stderr)
        print(_("Demo store ready: %(cases)s, %(persons)s, %(consultations)s.") % {
            "cases": counted.cases(summary.cases), "persons": counted.persons(summary.persons),
            "consultations": counted.consultations(summary.consultations)})
    finally:
        engine.dispose()
    return EXIT_OK


def _run_stats(args: argparse.Namespace, engine, actor) -> int:
    from avrcase.cli import stats as cli_stats

    run = cli_stats.run_stats if args.command == "stats" else cli_stats.run_export
    return run(args, engine, actor)


# ---------------------------------------------------------------- parser

#: The command words and the group of commands each belongs to; ``build_parser(command)`` adds only that
#: group, so a command imports the services it needs and no others (issue #14: a whole ``avrcase stats``
#: process was mostly imports of ReportLab, the demo generator and every other command's services).
COMMAND_GROUPS = {
    "db": "db", "demo": "demo", "case": "case", "follow-up": "follow_ups", "document": "document", "manifest": "document",
    "attachment": "attachment",
    "stats": "stats", "export-anonymised": "stats", "departures": "departures", "budget": "budget",
    "user": "accounts", "audit": "accounts", "subject-access": "data_protection", "retention": "data_protection",
    "import": "imports", "export": "imports", "office": "office", "server": "server",
}


class _NotFound(Exception):
    """The words name no command (help, a typing slip): the whole parser reads them."""


class _CommandFinder(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotFound(message)


#: ``command_of`` for words that ask for no command at all (``avrcase``, ``avrcase --db FILE``): the desktop app,
#: whose parser needs no command group.
DESKTOP = ""


def command_of(words: Sequence[str]) -> str | None:
    """The command ``words`` ask for (read with the same global options as the real parser): a name of
    ``COMMAND_GROUPS``, ``DESKTOP`` for none, else ``None`` (help, ``--version``, a typing slip)."""
    finder = _CommandFinder(prog="avrcase", add_help=False)
    db_option(finder)
    sub = finder.add_subparsers(dest="command")
    for name in COMMAND_GROUPS:
        sub.add_parser(name, add_help=False, prefix_chars="\0")  # takes every word after the command as is
    try:
        args, rest = finder.parse_known_args(list(words))
    except _NotFound:
        return None
    command = getattr(args, "command", None)
    if command is None:
        return DESKTOP if not rest else None
    return command


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, documented in README; with ``command``, only that command's group (with
    ``DESKTOP``, none: the desktop app starts without importing any command's services)."""
    group = COMMAND_GROUPS.get(command, DESKTOP) if command is not None else None

    def wanted(name: str) -> bool:
        return group is None or group == name

    parser = Parser(prog="avrcase", description=_("Case management for assisted voluntary return and reintegration."))
    parser.add_argument("--version", action="version", version=f"avrcase {__version__}")
    db_option(parser)
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    if wanted("db"):
        from avrcase.cli import backup as cli_backup
        from avrcase.cli import encryption as cli_encryption

        db = sub.add_parser("db", help=_("store maintenance"))
        db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True, parser_class=Parser)
        upgrade = db_sub.add_parser("upgrade", help=_("create or migrate the store (a backup is made first)"))
        db_option(upgrade)
        upgrade.set_defaults(func=cmd_db_upgrade)
        check = db_sub.add_parser("check", help=_("check the whole store for damage (integrity, references, search index)"))
        db_option(check)
        check.set_defaults(func=cmd_db_check)
        cli_encryption.add_parser(db_sub, db_option)
        cli_backup.add_parsers(db_sub, db_option)

    if wanted("demo"):
        demo = sub.add_parser("demo", help=_("fill an empty store with synthetic demo cases"))
        db_option(demo)
        demo.add_argument("--cases", type=int_range(1, MAX_DEMO_CASES), default=1000, metavar="N",
                          help=_("number of cases (default 1000, at most %(max)d)") % {"max": MAX_DEMO_CASES})
        demo.add_argument("--seed", type=int_range(0, 2**31 - 1), default=1, metavar="S", help=_("random seed; the same seed gives the same store"))
        demo.set_defaults(func=cmd_demo)

    if wanted("case"):
        from avrcase.cli import cases as cli_cases

        case = sub.add_parser("case", help=_("list, show and correct cases"))
        case_sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True, parser_class=Parser)
        listing = case_sub.add_parser("list", help=_("list cases, newest first"))
        db_option(listing)
        listing.add_argument("--search", metavar="TEXT", help=_("part of a name, case number or document number"))
        listing.add_argument("--status", choices=[s.value for s in Stage], metavar="STAGE",
                             help=_("only cases at this stage: %(choices)s") % {"choices": ", ".join(s.value for s in Stage)})
        listing.add_argument("--limit", type=int_range(0, cli_cases.MAX_LIMIT), default=100, metavar="N",
                             help=_("at most N cases (default 100; 0 = all)"))
        listing.add_argument("--format", choices=("csv", "table"), default="table")
        listing.set_defaults(func=cli_cases.cmd_case_list)
        show = case_sub.add_parser("show", help=_("show one case, consultations included"))
        show.add_argument("case_number", metavar="CASE_NUMBER")
        db_option(show)
        show.add_argument("--format", choices=("json", "text"), default="text")
        show.set_defaults(func=cli_cases.cmd_case_show)
        cli_cases.add_correction_parsers(case_sub, db_option)

    if wanted("follow_ups"):
        from avrcase.cli import follow_ups as cli_follow_ups

        cli_follow_ups.add_parsers(sub, db_option)

    if wanted("document"):
        from avrcase.cli import documents as cli_documents

        document = cli_documents.add_parser(sub)
        db_option(document)
        document.set_defaults(func=signed_in_command(cli_documents.run))
        manifest = cli_documents.add_manifest_parser(sub)
        db_option(manifest)
        manifest.set_defaults(func=signed_in_command(cli_documents.run))

    if wanted("attachment"):
        from avrcase.cli import attachments as cli_attachments

        cli_attachments.add_parsers(sub, db_option)

    if wanted("stats"):
        from avrcase.cli import stats as cli_stats

        for stats_parser in cli_stats.add_parsers(sub).values():
            db_option(stats_parser)
            stats_parser.set_defaults(func=signed_in_command(_run_stats, check=cli_stats.check_args))

    if wanted("departures"):
        from avrcase.cli import travel as cli_travel

        departures = cli_travel.add_parser(sub)
        db_option(departures)
        departures.set_defaults(func=signed_in_command(cli_travel.run, check=lambda args: cli_travel.period(args, dt.date(2000, 1, 1))))

    if wanted("budget"):
        from avrcase.cli import finance as cli_finance

        budget = cli_finance.add_parser(sub)
        db_option(budget)
        budget.set_defaults(func=signed_in_command(cli_finance.run))

    if wanted("accounts"):
        from avrcase.cli import accounts as cli_accounts

        cli_accounts.add_parsers(sub, db_option)
    if wanted("data_protection"):
        from avrcase.cli import data_protection as cli_data_protection

        cli_data_protection.add_parsers(sub, db_option)
    if wanted("imports"):
        from avrcase.cli import imports as cli_imports

        cli_imports.add_parsers(sub, db_option)
    if wanted("office"):
        from avrcase.cli import office as cli_office

        cli_office.add_parsers(sub, db_option)
    if wanted("server"):
        from avrcase.cli import servers as cli_servers

        cli_servers.add_parsers(sub)

    return parser


def one_line(text: str) -> str:
    """``text`` on one line: a driver's second line ("Is the server running on that host…") or a list of rows
    joins the first, so a script reads one line per error."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _without_stored_text(message: str) -> str:
    """A driver's message without the stored text it quotes: SQLite's "Could not decode to UTF-8 column
    'given_names' with text 'Aliaks…'" put part of a person's name on the terminal (and in scripts' logs)."""
    return re.sub(r" with text '.*", "", message)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit status."""
    logging.basicConfig(level=logging.DEBUG if os.environ.get("AVRCASE_DEBUG") else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    # Messages in the language the environment names (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), if shipped; what
    # scripts read stays as it is in every language: command names, options, CSV columns, JSON keys.
    set_locale(environment_language(os.environ))
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        check_argv(words)
        parser = build_parser(command_of(words))
        args = parser.parse_args(words)
        if getattr(args, "profile", None):
            if getattr(args, "db", None):
                raise UsageError("avrcase: " + _("give either --db or --profile, not both"))
            from avrcase.cli import servers as cli_servers

            args.db = cli_servers.profile_url(args.profile)
        start_run(getattr(args, "sign_in_user", None))
        if args.func is not cmd_gui:  # the desktop app resumes collection once its window is up
            avrcase.resume_collection()
        return args.func(args)
    except ArgumentProblem as exc:
        print(f"avrcase: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except AvrcaseError as exc:
        print(f"avrcase: {one_line(exc.message)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("avrcase: " + _("interrupted; nothing was saved."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # an unexpected fault: one line for people, details on request
        if os.environ.get("AVRCASE_DEBUG"):
            raise
        print(f"avrcase: internal error ({type(exc).__name__}: {_without_stored_text(one_line(str(exc)))}); "
              "set AVRCASE_DEBUG=1 for details", file=sys.stderr)
        return EXIT_ERROR
