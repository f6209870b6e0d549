"""The parser built for one command (only its group's modules imported) reads that command as the whole parser does."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from avrcase.cli.main import COMMAND_GROUPS, DESKTOP, build_parser, command_of


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subparsers here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}


def _help_tree(parser: argparse.ArgumentParser) -> list[str]:
    """The help of a parser and of every parser below it, so a missing option or action shows."""
    texts = [parser.format_help()]
    for name, child in sorted(_commands(parser).items()):
        texts += [name, *_help_tree(child)]
    return texts


def test_every_command_of_the_whole_parser_has_a_group():
    assert set(_commands(build_parser())) == set(COMMAND_GROUPS)


@pytest.mark.parametrize("command", sorted(COMMAND_GROUPS))
def test_the_parser_of_one_command_reads_it_as_the_whole_parser_does(command):
    whole, alone = _commands(build_parser()), _commands(build_parser(command))
    assert command in alone
    assert _help_tree(alone[command]) == _help_tree(whole[command])


@pytest.mark.parametrize(("words", "command"), [
    (["--db", "x.sqlite", "stats", "--from", "2025-01-01"], "stats"),
    (["--db", "case", "user", "list"], "user"),  # an option's value is not the command
    (["--db=stats", "case", "list"], "case"),
    (["--user", "u", "document", "case-summary", "--help"], "document"),
    (["stats", "--db", "case"], "stats"),
    (["-h"], None), (["--version"], None), (["stat"], None),  # the whole parser answers these
    ([], DESKTOP), (["--db", "x.sqlite"], DESKTOP), (["--profile", "office"], DESKTOP),  # the desktop app
])
def test_command_of_finds_the_command_word(words, command):
    assert command_of(words) == command


def test_a_statistics_command_imports_neither_reportlab_nor_the_demo_generator_nor_the_name_rules():
    code = ("import sys; from avrcase.cli.main import build_parser, command_of; "
            "build_parser(command_of(['stats', '--from', '2025-01-01'])); "
            "print(sorted(m for m in ('reportlab', 'avrcase.services.demo.generate', 'PySide6', 'rapidfuzz', "
            "'avrcase.domain.name_matching') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_desktop_app_starts_without_any_command_group():
    """``avrcase`` (or ``avrcase --db FILE``) opens the window: no command's services on its start path."""
    code = ("import sys; from avrcase.cli.main import build_parser, command_of; "
            "args = build_parser(command_of(['--db', 'x.sqlite'])).parse_args(['--db', 'x.sqlite']); "
            "print(args.func.__name__, args.db, sorted(m for m in sys.modules if m.startswith('avrcase.cli.') "
            "and m not in ('avrcase.cli.main', 'avrcase.cli.common', 'avrcase.cli.args')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["cmd_gui", "x.sqlite", "[]"]


def test_the_version_is_answered_before_any_command_loads():
    """``avrcase --version`` imported every command group, SQLAlchemy and ReportLab to print one line (0.9 s)."""
    code = ("import runpy, sys; sys.argv = ['avrcase', '--version']\n"
            "try:\n    runpy.run_module('avrcase', run_name='__main__')\n"
            "except SystemExit as done:\n    print(done.code, 'sqlalchemy' in sys.modules, 'avrcase.cli.main' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    from avrcase import __version__

    assert out.splitlines() == [f"avrcase {__version__}", "0 False False"]


def _models(*areas: str) -> tuple[str, ...]:
    """The modules of these areas' models."""
    return tuple(f"avrcase.store.models.{area}" for area in areas)


#: What a command imports only when it needs it (#14): cryptography for an encrypted store (20-30 ms of every start);
#: for a listing without a search the name keys and rapidfuzz (search words), Babel and the case file (``case show``);
#: for a statistics table the dashboard's, figures', Eurostat's and the record-level export's services, Babel and the
#: office profile (a PDF's letterhead and an export's notes), the forms services take, a PDF's charts and a report's
#: key figures (session 29: 7 ms); for a case
#: summary the five other papers' modules (the registry named their ``render``), the name-matching rules and (session
#: 30) ``xml.sax.saxutils``, whose ``escape`` brought urllib.request, http.client and the email package; and the
#: models of the areas a command does not read (each area's models are declared when first named).
#: On a plain store, neither encryption nor SQLCipher's driver nor the backup code (session 28: the store update's
#: and encryption's backup notes brought SQLCipher to every command, ~6 ms).
_PLAIN = ("cryptography", "sqlcipher3", "avrcase.services.backup")
_LOADED_ONLY_WHEN_NEEDED = {
    "case": ("from avrcase.services.cases.search import case_rows_statement, iter_case_pages",
             (*_PLAIN, "rapidfuzz", "avrcase.domain.name_matching", "babel", "avrcase.services.cases.case_file",
              "avrcase.services.cases.register", *_models("travel", "reintegration", "allowances", "projects", "imports",
                                                          "documents", "wording", "statistics", "counselling"))),
    "stats": ("", (*_PLAIN, *(f"avrcase.services.statistics.{name}" for name in (
        "dashboard", "figures", "figure_release", "finance", "eurostat", "anonymised_export", "microdata_overlap")),
        "babel", "avrcase.services.office", *_models("reintegration", "allowances", "imports", "documents", "wording"),
        "avrcase.domain.forms", "avrcase.domain.charts", "avrcase.domain.figure_disclosure")),
    "document": ("from avrcase.services.documents import register\n"
                 "from avrcase.documents.registry import DOCUMENT_TYPES\n"
                 "assert DOCUMENT_TYPES['case-summary'].render.__module__ == 'avrcase.documents.case_summary'",
                 (*_PLAIN, "rapidfuzz", "avrcase.domain.name_matching", *(f"avrcase.documents.{name}" for name in (
                     "itinerary", "allowance_receipt", "introduction_letter", "manifest", "reintegration_plan")),
                  "xml.sax.saxutils", "urllib.request", "http.client",
                  *_models("travel", "reintegration", "allowances", "projects", "imports", "statistics"))),
    "departures": ("", _PLAIN),
}


@pytest.mark.parametrize("command", sorted(_LOADED_ONLY_WHEN_NEEDED))
def test_a_command_imports_only_what_it_uses(command):
    then, unused = _LOADED_ONLY_WHEN_NEEDED[command]
    code = (f"import sys; from avrcase.cli.main import build_parser\nbuild_parser({command!r})\n{then}\n"
            f"print(sorted(m for m in {unused!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
