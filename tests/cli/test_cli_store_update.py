"""A command on a store's first open after an update says so on stderr, once at the start and once at the end (it
ran a minute or more in silence); stdout stays the command's own, which scripts read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from avrcase.cli.main import main

FIXTURES = Path(__file__).parents[1] / "data" / "stores"
START = "avrcase: updating the store for this version (once; can take a few minutes)…"


@pytest.fixture(autouse=True)
def signed_in_as_the_counsellor(request, monkeypatch):
    if "make_case" in request.fixturenames:
        monkeypatch.setenv("AVRCASE_USER", request.getfixturevalue("actor").username)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_command_on_a_store_with_stale_name_keys_says_so_on_stderr_only(capsys, engine, db_path, make_case):
    for members in (0, 1, 2):
        make_case(members=members)
    with engine.begin() as connection:
        connection.execute(text("UPDATE persons SET name_keys_version = 0"))
    engine.dispose()
    code, out, err = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
    assert code == 0, err
    assert err.splitlines() == [START, "avrcase: the store is updated for this version. The search keys of 6 people "
                                       "were rebuilt."]
    code, again, err = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
    assert code == 0 and err == "" and again == out  # done once; the command's output is the same


def test_db_upgrade_of_an_old_store_says_so_on_stderr(capsys, tmp_path):
    store = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "store-0016.sqlite", store)
    code, out, err = run(capsys, "db", "upgrade", "--db", str(store))
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == START and lines[-1].startswith("avrcase: the store is updated for this version.")
    assert len(lines) == 2 and "avrcase:" not in out and "schema" in out
