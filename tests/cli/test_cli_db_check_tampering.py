"""``avrcase db check`` against a store changed behind avrcase's back (an SQLite editor on a plain store).

Before (session 30's attack): an audit entry edited or deleted by SQL, and a stage, a sex or a date no avrcase writes
in a case's rows, all left ``db check`` printing "Store checked, no damage found" (exit 0); opening such a case said
"internal error (ValueError: 'bogus' is not a valid Stage)". Now the check names the broken entry or the damaged case
in one line (exit 1), and the case file names the damaged record in words.
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from tests.cli.test_cli import signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _behind_the_rules(db_path, engine, *statements: tuple[str, tuple]) -> None:
    """Run SQL as a hand at the ``sqlite3`` prompt would, then close cleanly (no log left for a check at open)."""
    engine.dispose()
    connection = sqlite3.connect(db_path)
    with connection:
        for sql, params in statements:
            connection.execute(sql, params)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _rows(db_path) -> str:
    """A digest of every case-related row: the commands below must change none of them."""
    connection = sqlite3.connect(db_path)
    try:
        rows = [connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("cases", "persons", "case_members", "stage_changes")]
    finally:
        connection.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.parametrize(("where", "sql"), [
    ("cases.stage", "UPDATE cases SET stage = 'bogus' WHERE id = ?"),
    ("persons.sex", "UPDATE persons SET sex = 'Q' WHERE id = (SELECT principal_id FROM cases WHERE id = ?)"),
    ("persons.date_of_birth",
     "UPDATE persons SET date_of_birth = '1980-13-45' WHERE id = (SELECT principal_id FROM cases WHERE id = ?)"),
    ("case_members.relationship_to_principal",
     "UPDATE case_members SET relationship_to_principal = 'cousin' WHERE case_id = ? AND position = 1"),
    ("stage_changes.changed_at", "UPDATE stage_changes SET changed_at = 'yesterday' WHERE case_id = ?"),
    ("cases.registered_on", "UPDATE cases SET registered_on = '2026-02-30x' WHERE id = ?"),
])
def test_a_value_avrcase_never_writes_is_named_by_the_case_file_and_by_db_check(capsys, monkeypatch, db_path, engine,
                                                                                actor_as, make_case, where, sql):
    sound, damaged = make_case(members=1), make_case(members=1)
    _behind_the_rules(db_path, engine, (sql, (damaged.id,)))
    before = _rows(db_path)
    code, text, err = run(capsys, "case", "show", damaged.case_number, "--db", str(db_path))
    assert (code, text) == (1, "")
    assert err == (f"avrcase: The data of case {damaged.case_number} is damaged: {where} holds a value avrcase never "
                   "writes (it was changed outside avrcase). Ask an administrator to run “avrcase db check”.\n")
    code, text, err = run(capsys, "case", "show", sound.case_number, "--db", str(db_path))
    assert code == 0 and sound.case_number in text, err  # the other cases open as before
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.ADMINISTRATOR).username)
    code, text, err = run(capsys, "db", "check", "--db", str(db_path))
    assert (code, text) == (1, "")
    assert err == (f"avrcase: The store holds values avrcase never writes (changed outside avrcase) in {where}. "
                   f"The data of case {damaged.case_number} is damaged; correct it or restore a backup.\n")
    assert _rows(db_path) == before


def test_db_check_reports_an_intact_audit_trail_and_how_many_entries_it_checked(capsys, db_path, engine, make_case):
    make_case()
    engine.dispose()
    entries = sqlite3.connect(db_path).execute("SELECT count(*) FROM audit_entries").fetchone()[0]
    code, text, err = run(capsys, "db", "check", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert text.splitlines() == [f"Store checked, no damage found: sqlite:///{db_path}",
                                 f"The audit trail is intact: {entries} entries checked (“avrcase audit verify” says "
                                 "what that proves)."]


@pytest.mark.parametrize(("sql", "problem"), [
    ("UPDATE audit_entries SET details = replace(details, 'a', 'b') WHERE seq = 2",
     "entry 2 does not match its hash: it was edited"),
    ("UPDATE audit_entries SET user_id = NULL, username = 'nobody' WHERE seq = 3",
     "entry 3 does not match its hash: it was edited"),
    ("DELETE FROM audit_entries WHERE seq = 2", "entry 3 follows entry 1: entries in between were removed"),
])
def test_db_check_finds_an_audit_entry_edited_or_removed_behind_avrcase(capsys, db_path, engine, make_case, sql,
                                                                       problem):
    make_case()
    make_case()
    _behind_the_rules(db_path, engine, (sql, ()))
    code, text, err = run(capsys, "db", "check", "--db", str(db_path))
    assert (code, text) == (1, "")
    assert err == (f"avrcase: The store's audit trail is broken: {problem}. Run “avrcase audit verify” and restore a "
                   "backup from before the change.\n")


def test_export_all_says_which_date_no_avrcase_writes_and_leaves_no_folder(capsys, monkeypatch, db_path, engine,
                                                                          actor_as, make_case, tmp_path):
    """``export all`` stopped half-way with "internal error (ValueError: month must be in 1..12)"."""
    make_case()
    damaged = make_case()
    admin = actor_as(StaffRole.ADMINISTRATOR).username
    _behind_the_rules(db_path, engine, ("UPDATE persons SET date_of_birth = '1980-13-45' WHERE id = ?",
                                        (damaged.principal.id,)))
    monkeypatch.setenv("AVRCASE_USER", admin)
    out = tmp_path / "everything"
    code, text, err = run(capsys, "export", "all", "--out", str(out), "--db", str(db_path))
    assert (code, text) == (1, "")
    assert err == ("avrcase: The store holds values avrcase never writes (changed outside avrcase) in "
                   f"persons.date_of_birth. The data of case {damaged.case_number} is damaged; correct it or restore "
                   "a backup.\n")
    assert not [p for p in tmp_path.iterdir() if "everything" in p.name]


@pytest.mark.parametrize("kind", ["case-summary", "declaration"])
def test_a_document_of_a_case_with_a_stage_written_by_hand_is_refused_in_words(capsys, db_path, engine, make_case,
                                                                               tmp_path, kind):
    """The case summary said "internal error (ValueError: 'bogus' is not a valid Stage)"; now every paper read through
    the case file says what opening the case says, and no file is written."""
    damaged = make_case()
    _behind_the_rules(db_path, engine, ("UPDATE cases SET stage = 'bogus' WHERE id = ?", (damaged.id,)))
    out = tmp_path / "paper.pdf"
    code, text, err = run(capsys, "document", kind, "--case", damaged.case_number, "--out", str(out),
                          "--db", str(db_path))
    assert (code, text) == (1, "")
    assert err == (f"avrcase: The data of case {damaged.case_number} is damaged: cases.stage holds a value avrcase "
                   "never writes (it was changed outside avrcase). Ask an administrator to run “avrcase db check”.\n")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("paper", ".paper"))]
