"""``avrcase manifest``: a departure day's travellers as PDF; mistakes are one line, exit 1 (usage: exit 2)."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from tests.documents.conftest import page_texts
from tests.documents.test_travel_documents import TRAVEL_DAY, book


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def officer(actor_as, monkeypatch):
    """The travel officer the command line acts as."""
    person = actor_as(StaffRole.TRAVEL_OFFICER)
    monkeypatch.setenv("AVRCASE_USER", person.username)
    return person


def test_manifest_of_a_day_is_written_and_not_put_in_any_case_register(capsys, db_path, engine, actor, officer,
                                                                       make_case, tmp_path):
    case = book(engine, actor, officer, make_case, members=1)
    out_file = tmp_path / "manifest.pdf"
    code, out, err = run(capsys, "manifest", "--date", TRAVEL_DAY.isoformat(), "--lang", "en", "--out", str(out_file),
                         "--db", str(db_path))
    assert (code, err) == (0, "")
    data = out_file.read_bytes()
    assert str(out_file) in out and "2 travellers" in out and hashlib.sha256(data).hexdigest()[:16] in out
    text = "\n".join(page_texts(data))
    assert "Movement manifest" in text and case.case_number in text and "TK 1234" in text
    with unit_of_work(engine, write=False) as session:
        assert documents.list_documents(session, officer, case.id) == []


def test_manifest_of_one_flight_that_nobody_takes_says_so(capsys, db_path, engine, actor, officer, make_case,
                                                          tmp_path):
    """A mistyped flight printed an empty manifest, exit 0: it is one line naming the flight and the day, exit 1,
    no file written and nothing on the audit trail."""
    book(engine, actor, officer, make_case)
    out_file = tmp_path / "manifest.pdf"
    with sqlite3.connect(db_path) as connection:
        entries = connection.execute("SELECT count(*) FROM audit_entries").fetchone()[0]
    day = TRAVEL_DAY.isoformat()
    code, out, err = run(capsys, "manifest", "--date", day, "--flight", "LO 772", "--lang", "en", "--out",
                         str(out_file), "--db", str(db_path))
    assert (code, out) == (1, "") and err == (f"avrcase: Nobody is booked on LO 772 on {day} (flights that day: "
                                              "TK 1234); no manifest was written.\n")
    assert not out_file.exists()
    code, out, err = run(capsys, "manifest", "--date", "2026-01-05", "--out", str(out_file), "--db", str(db_path))
    assert (code, out) == (1, "") and err == "avrcase: Nobody is booked to leave on 2026-01-05; no manifest was written.\n"
    with sqlite3.connect(db_path) as connection:
        actions = [a for (a,) in connection.execute("SELECT action FROM audit_entries WHERE seq > ?", (entries,))]
    assert actions.count("sign_in") == 2 and "document_issued" not in actions  # the sign-ins only, no manifest
    assert not out_file.exists()


def test_a_date_that_is_not_a_date_is_a_usage_error(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "manifest", "--date", "2.12.2026", "--out", str(tmp_path / "m.pdf"),
                         "--db", str(db_path))
    assert code == 2 and out == ""
    assert "is not a date like 2026-01-31" in err


@pytest.mark.parametrize("problem", ["missing folder", "no right to issue documents"])
def test_mistakes_are_one_line_and_exit_1(capsys, monkeypatch, db_path, engine, actor_as, tmp_path, problem):
    out_file = tmp_path / "m.pdf"
    if problem == "missing folder":
        monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.TRAVEL_OFFICER).username)
        out_file = tmp_path / "nowhere" / "m.pdf"
    else:
        monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
    code, out, err = run(capsys, "manifest", "--date", TRAVEL_DAY.isoformat(), "--out", str(out_file),
                         "--db", str(db_path))
    assert code == 1 and out == ""
    assert err.startswith("avrcase: ") and err.count("\n") == 1
    assert not out_file.exists()
