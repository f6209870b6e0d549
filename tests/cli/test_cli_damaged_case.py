"""A case whose people were removed from the store behind its back (foreign keys off, a damaged file): every command
that reads the case says so in words and exits 1, instead of "internal error (IndexError)" or a document without
its returnee."""

from __future__ import annotations

import sqlite3

import pytest

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from tests.cli.test_cli import signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)

DAMAGED = ("avrcase: The data of case {number} is damaged: a person of its household is missing from the store. "
           "Ask an administrator to run “avrcase db check”.\n")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _delete_person(db_path, engine, person_id: int) -> None:
    """Delete a person row as a hand at the ``sqlite3`` prompt would, the store then closed cleanly (no log left
    behind, so no full check at the next open: the damage is met where the case is read)."""
    engine.dispose()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM persons WHERE id = ?", (person_id,))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


@pytest.mark.parametrize(("role", "argv"), [
    (StaffRole.COUNSELLOR, ("case", "show", "{number}")),
    (StaffRole.COUNSELLOR, ("document", "case-summary", "--case", "{number}", "--out", "{out}")),
    (StaffRole.COUNSELLOR, ("document", "declaration", "--case", "{number}", "--out", "{out}")),
    (StaffRole.TRAVEL_OFFICER, ("document", "itinerary", "--case", "{number}", "--out", "{out}")),
    (StaffRole.TRAVEL_OFFICER, ("document", "introduction-letter", "--case", "{number}", "--out", "{out}")),
    (StaffRole.FINANCE_OFFICER, ("document", "allowance-receipt", "--case", "{number}", "--out", "{out}")),
    (StaffRole.COUNSELLOR, ("subject-access", "--case", "{number}", "--out", "{out}.json")),
    (StaffRole.ADMINISTRATOR, ("export", "all", "--out", "{out}.folder")),
])
def test_a_case_missing_its_principal_is_named_as_damaged_and_nothing_is_written(capsys, monkeypatch, db_path,
                                                                                  engine, actor_as, make_case, tmp_path,
                                                                                  role, argv):
    """Before: "internal error (IndexError: tuple index out of range)" (case summary, declaration, itinerary,
    receipt), "internal error (AttributeError …)" (export all), "There is no such person." (subject access), and
    an introduction letter issued with no traveller on it."""
    monkeypatch.setenv("AVRCASE_USER", actor_as(role).username)
    damaged = make_case(members=1)  # a household of two, its principal applicant's row deleted by hand
    _delete_person(db_path, engine, damaged.principal.id)
    out = tmp_path / "out.pdf"
    words = [a.format(number=damaged.case_number, out=out) for a in argv]
    code, text, err = run(capsys, *words, "--db", str(db_path))
    assert (code, text, err) == (1, "", DAMAGED.format(number=damaged.case_number))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("out", ".out"))) == []


def test_a_member_whose_person_is_gone_is_damage_too_not_a_smaller_household(capsys, db_path, engine, make_case):
    """``case show`` printed "Household (1)" for a household of two whose child's person row was gone."""
    case = make_case(members=1)
    _delete_person(db_path, engine, case.members[1].person.id)
    code, text, err = run(capsys, "case", "show", case.case_number, "--db", str(db_path))
    assert (code, text, err) == (1, "", DAMAGED.format(number=case.case_number))


def test_the_case_list_shows_a_case_missing_its_principal_and_db_check_names_it(capsys, monkeypatch, db_path, engine,
                                                                                 actor_as, make_case):
    """The case dropped out of ``case list`` (table and CSV), and ``db check`` said only "The store has 2 broken
    references between records", naming no case."""
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
    sound, damaged = make_case(), make_case()
    _delete_person(db_path, engine, damaged.principal.id)
    code, text, err = run(capsys, "case", "list", "--format", "csv", "--db", str(db_path))
    assert (code, err) == (0, "")
    rows = {line.split(",")[0]: line.split(",")[2] for line in text.splitlines()[1:]}
    assert rows[damaged.case_number] == "(damaged: principal applicant missing)"
    assert sound.case_number in rows
    code, text, err = run(capsys, "case", "list", "--search", damaged.case_number, "--db", str(db_path))
    assert code == 0 and "(damaged: principal applicant missing)" in text
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.ADMINISTRATOR).username)
    code, text, err = run(capsys, "db", "check", "--db", str(db_path))
    assert code == 1 and text == ""
    assert err.endswith(f"The data of case {damaged.case_number} is damaged: a person of its household is missing "
                        "from the store.\n")
    assert sound.case_number not in err
