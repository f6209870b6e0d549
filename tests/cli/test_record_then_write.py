"""Files that leave the store are recorded first and written only after the record is committed (#21 item 4).

The attack: a kill right after the file appeared left a complete subject-access report, statistics
table, anonymised export or document with no entry on the trail; a busy store at the recording step
left the full subject-access JSON on disk, unrecorded. Now the bytes wait in memory for the commit, then
go to a 0600 temporary file that is renamed into place.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import StoreError
from avrcase.services import audit
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, IssuedDocument
from tests.support.data_protection import closed_case
from tests.services.statistics.test_statistics import THIS_YEAR


@pytest.fixture
def case_store(engine, actor, actor_as, make_case, db_path, monkeypatch):
    """A closed household case; commands run as its counsellor (``ruta``) or a manager."""
    case = closed_case(engine, actor, make_case)
    actor_as(StaffRole.MANAGER, "manager")
    return case


def commands(case, tmp_path):
    """Every command that writes a file out of the store: (user, argv, the file)."""
    period = ["--from", THIS_YEAR[0].isoformat(), "--to", THIS_YEAR[1].isoformat()]
    return {
        "subject-access-json": ("ruta", ["subject-access", "--case", case.case_number, "--out", str(tmp_path / "sar.json")]),
        "subject-access-pdf": ("ruta", ["subject-access", "--case", case.case_number, "--out", str(tmp_path / "sar.pdf")]),
        "stats-csv": ("manager", ["stats", *period, "--by", "sex", "--out", str(tmp_path / "t.csv")]),
        "stats-xlsx": ("manager", ["stats", *period, "--by", "sex", "--out", str(tmp_path / "t.xlsx")]),
        "stats-pdf": ("manager", ["stats", *period, "--by", "sex", "--out", str(tmp_path / "t.pdf")]),
        "anonymised": ("manager", ["export-anonymised", *period, "--k", "3", "--out", str(tmp_path / "a.csv")]),
        "document": ("ruta", ["document", "case-summary", "--case", case.case_number, "--out", str(tmp_path / "d.pdf")]),
    }


NAMES = ["subject-access-json", "subject-access-pdf", "stats-csv", "stats-xlsx", "stats-pdf", "anonymised", "document"]


def records(engine) -> int:
    """Entries that say a file left the store: exports and issued documents."""
    with unit_of_work(engine, write=False) as session:
        exports = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "export"))
        issued = session.scalar(select(func.count(IssuedDocument.id)))
    return exports + issued


@pytest.mark.parametrize("name", NAMES)
def test_the_file_is_private_and_on_record(capsys, monkeypatch, engine, case_store, db_path, tmp_path, name):
    monkeypatch.setenv("AVRCASE_EXPORT_SECRET_FILE", str(tmp_path / "secret"))
    user, argv = commands(case_store, tmp_path)[name]
    out_file = tmp_path / argv[-1].rsplit("/", 1)[-1]
    before = records(engine)
    monkeypatch.setenv("AVRCASE_USER", user)
    code = main([*argv, "--db", str(db_path)])
    _out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert records(engine) == before + 1
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize("name", NAMES)
def test_when_recording_fails_nothing_is_left_on_disk(capsys, monkeypatch, engine, case_store, db_path, tmp_path, name):
    """The store is busy at the recording step: one line, exit 1, no file (was: the full report on disk)."""
    monkeypatch.setenv("AVRCASE_EXPORT_SECRET_FILE", str(tmp_path / "secret"))
    user, argv = commands(case_store, tmp_path)[name]
    out_file = tmp_path / argv[-1].rsplit("/", 1)[-1]
    real_record = audit.record

    def busy(session, actor, action, *args, **kwargs):
        if action in (audit.Action.EXPORT, audit.Action.DOCUMENT_ISSUED):
            raise StoreError("The store is busy with another window or computer; please try again in a moment.")
        return real_record(session, actor, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", busy)
    monkeypatch.setenv("AVRCASE_USER", user)
    before = records(engine)
    code = main([*argv, "--db", str(db_path)])
    _out, err = capsys.readouterr()
    assert code == 1 and err.startswith("avrcase: ") and err.count("\n") == 1, err
    assert not out_file.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert records(engine) == before


@pytest.mark.parametrize("target", ["store", "store-wal", "key file"])
def test_an_import_report_is_never_written_over_the_store_or_its_files(capsys, monkeypatch, engine, actor, db_path,
                                                                       tmp_path, target):
    """``import cases --report STORE`` wrote the problem report (an XLSX) over the store: the store was gone, its
    write-ahead log left beside a file that was no longer a database. The same check guards every ``--out``."""
    from avrcase.store.encryption import keys_path

    sheet = tmp_path / "cases.csv"
    sheet.write_text("family_name,given_names\nQbb,Ana\n", encoding="utf-8")
    victim = {"store": db_path, "store-wal": db_path.with_name(db_path.name + "-wal"),
              "key file": keys_path(db_path)}[target]
    victim.touch()
    monkeypatch.setenv("AVRCASE_USER", actor.username)
    code = main(["import", "cases", str(sheet), "--dry-run", "--report", str(victim), "--db", str(db_path)])
    _out, err = capsys.readouterr()
    assert code == 1 and "writing over it would destroy it" in err and err.count("\n") == 1, err
    assert not victim.read_bytes().startswith(b"PK")  # no spreadsheet in its place


def test_no_file_out_replaces_a_backup_whatever_its_name(tmp_path, db_path, engine):
    """A backup kept as ``letter.pdf`` (or an encrypted store with its key file beside it) is not written over."""
    from avrcase.domain.errors import AvrcaseError
    from avrcase.services import outgoing

    disguised = tmp_path / "letter.pdf"
    disguised.write_bytes(db_path.read_bytes())
    with pytest.raises(AvrcaseError, match="writing over it would destroy it"):
        outgoing.check_target(disguised)
    outgoing.check_target(tmp_path / "new.pdf")  # a new file is fine


KILL_AT_COMMIT = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.orm import Session
from avrcase.cli.main import main

@event.listens_for(Session, "before_commit")
def _die(session):
    from avrcase.services import outgoing
    if session.info.get("avrcase.outgoing"):
        os.kill(os.getpid(), signal.SIGKILL)

sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("name", NAMES)
def test_a_kill_before_the_commit_leaves_no_file(monkeypatch, engine, case_store, db_path, tmp_path, name):
    """SIGKILL at the commit that records the file: neither the record nor the file exists afterwards."""
    monkeypatch.setenv("AVRCASE_EXPORT_SECRET_FILE", str(tmp_path / "secret"))
    user, argv = commands(case_store, tmp_path)[name]
    out_file = tmp_path / argv[-1].rsplit("/", 1)[-1]
    monkeypatch.setenv("AVRCASE_USER", user)
    before = records(engine)
    result = subprocess.run([sys.executable, "-c", KILL_AT_COMMIT, *argv, "--db", str(db_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -9, result.stderr
    assert not out_file.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert records(engine) == before


def test_an_export_deletes_the_hour_old_leftovers_of_killed_exports_and_only_those(capsys, monkeypatch, engine,
                                                                                    case_store, db_path, tmp_path):
    """A CSV export killed while writing left ``.t.csv.<hex>.partial`` beside its target, case data in plain text,
    for good. Now the next export into that folder deletes avrcase's own leftovers an hour old; a younger one (an
    export still being written) and anyone else's file stay."""
    user, argv = commands(case_store, tmp_path)["stats-csv"]
    two_hours_ago = time.time() - 7200
    stale = tmp_path / ".sar.json.0a1b2c3d.avrcase-export.partial"
    others = [tmp_path / ".t.csv.4e5f6a7b.avrcase-export.partial",  # young: maybe being written
              tmp_path / ".notes.txt.partial", tmp_path / ".t.csv.zzzzzzzz.avrcase-export.partial"]
    for path in [stale, *others]:
        path.write_text("Surname,Given names")
        os.utime(path, (two_hours_ago, two_hours_ago))
    os.utime(others[0])
    monkeypatch.setenv("AVRCASE_USER", user)
    assert main([*argv, "--db", str(db_path)]) == 0, capsys.readouterr().err
    assert not stale.exists()
    assert all(path.exists() for path in others)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial") and p not in others]


def test_a_json_report_is_whole_when_written(capsys, monkeypatch, engine, case_store, db_path, tmp_path):
    user, argv = commands(case_store, tmp_path)["subject-access-json"]
    monkeypatch.setenv("AVRCASE_USER", user)
    assert main([*argv, "--db", str(db_path)]) == 0
    assert json.loads((tmp_path / "sar.json").read_text(encoding="utf-8"))["records"]


@pytest.mark.parametrize("name", ["document", "stats-csv", "anonymised"])
def test_a_folder_that_takes_no_file_is_refused_before_anything_is_recorded(capsys, monkeypatch, engine, case_store,
                                                                             db_path, tmp_path, name):
    """``--out /proc/x.pdf``: the folder exists but takes no new file. It was found only after the commit, as an
    "internal error", with the document on the register and the release counted."""
    if not __import__("pathlib").Path("/proc/self").is_dir():
        pytest.skip("needs a folder that takes no new file")
    monkeypatch.setenv("AVRCASE_EXPORT_SECRET_FILE", str(tmp_path / "secret"))
    user, argv = commands(case_store, tmp_path)[name]
    argv = [*argv[:-1], "/proc/" + argv[-1].rsplit("/", 1)[-1]]
    monkeypatch.setenv("AVRCASE_USER", user)
    before = records(engine)
    code = main([*argv, "--db", str(db_path)])
    _out, err = capsys.readouterr()
    assert code == 1 and err.startswith("avrcase: Cannot write /proc/") and err.count("\n") == 1, err
    assert "internal error" not in err
    assert records(engine) == before


def test_a_disk_that_fills_after_the_record_says_so_in_one_line(capsys, monkeypatch, engine, case_store, db_path,
                                                                 tmp_path):
    from avrcase.domain.errors import AvrcaseError
    from avrcase.services import outgoing

    def full(path, _data):
        raise AvrcaseError(f"Cannot write {path}: No space left on device")

    monkeypatch.setattr(outgoing, "write_private", full)
    user, argv = commands(case_store, tmp_path)["document"]
    monkeypatch.setenv("AVRCASE_USER", user)
    before = records(engine)
    code = main([*argv, "--db", str(db_path)])
    _out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "internal error" not in err, err
    assert "No space left on device" in err and "on record" in err
    assert records(engine) == before + 1  # committed before the write: said, not hidden
    assert not list(tmp_path.glob("d.pdf")) and not list(tmp_path.glob(".*.partial"))
