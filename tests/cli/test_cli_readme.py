"""Every command, subcommand and option of the command line is in README's command tables.

Offices script against these names and look them up in the README; `avrcase departures` (#4) was
missing from it, and a blank line cut the main command table in two, so everything after
`avrcase manifest` showed as loose text (fix-accept13).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from avrcase.cli.main import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
#: Options every command takes, documented once for all.
COMMON = {"-h", "--help", "--db", "--profile", "--user", "--version"}


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, options) of every command that runs something, e.g. (("db", "backup"), {"--out"})."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, {o for a in parser._actions for o in a.option_strings} - COMMON
        return
    for name, child in subs[0].choices.items():
        yield from _commands(child, (*path, name))


def _tables(text: str) -> list[list[str]]:
    """README's tables, each the list of its rows."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _command_rows() -> list[str]:
    return [row for table in _tables(README.read_text(encoding="utf-8")) for row in table
            if row.startswith("| `avrcase")]


def test_the_main_command_table_is_one_table():
    [main] = [t for t in _tables(README.read_text(encoding="utf-8")) if any("`avrcase --version`" in r for r in t)]
    assert main[0].startswith("| Command |")
    documented = " ".join(main)
    for command in ("manifest", "departures", "stats", "export-anonymised", "server", "office", "budget"):
        assert f"| `avrcase {command} " in documented, f"avrcase {command} is not in README's command table"


def test_every_command_is_in_a_readme_command_table():
    rows = " ".join(_command_rows())
    for path, _ in _commands(build_parser()):
        assert f"`avrcase {path[0]}" in rows, f"avrcase {path[0]} is not in README's command tables"


def test_every_subcommand_and_option_is_in_a_readme_command_row():
    rows = _command_rows()
    missing = []
    for path, options in _commands(build_parser()):
        mine = [r for r in rows if f"avrcase {path[0]}" in r and all(word in r for word in path)]
        if not mine:
            missing.append(" ".join(path))
        missing += [f"{' '.join(path)} {o}" for o in sorted(options) if not any(o in r for r in mine)]
    assert missing == []
