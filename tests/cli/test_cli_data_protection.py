"""``avrcase subject-access``, ``avrcase retention`` and the audit entries of ``avrcase stats`` exports."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, Person
from tests.services.statistics.test_statistics import THIS_YEAR, store  # noqa: F401  (fixture)
from tests.support.data_protection import FAMILY, GIVEN, closed_case


def run(capsys, monkeypatch, user, *argv):
    monkeypatch.setenv("AVRCASE_USER", user)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def exports(engine, entity):
    with unit_of_work(engine, write=False) as session:
        return [json.loads(e.details) | {"user": e.username}
                for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "export",
                                                                  AuditEntry.entity == entity))]


@pytest.mark.parametrize("eurostat", [False, True])
def test_stats_exports_are_on_the_audit_trail(capsys, monkeypatch, store, db_path, tmp_path, actor_as, eurostat):  # noqa: F811
    actor_as(StaffRole.MANAGER, "manager")
    target = tmp_path / "table.csv"
    what = (["--eurostat", "--year", str(THIS_YEAR[0].year)] if eurostat else
            ["--from", THIS_YEAR[0].isoformat(), "--to", THIS_YEAR[1].isoformat(), "--by", "citizenship"])
    code, _out, err = run(capsys, monkeypatch, "manager", "stats", *what, "--out", str(target), "--db", str(db_path))
    assert (code, err) == (0, "")
    [entry] = exports(store, "statistics_table")
    assert entry["user"] == "manager" and entry["format"] == "csv"
    assert entry["min_cell"] == (0 if eurostat else 5)  # the transmission to Eurostat is exact
    assert entry["kind"] == ("eurostat" if eurostat else "table")
    assert entry["dimensions"] == (["citizenship", "sex", "age_class", "country_of_return", "quarter"] if eurostat
                                   else ["citizenship"])


def test_subject_access_writes_json_and_pdf(capsys, monkeypatch, engine, actor, make_case, db_path, tmp_path):
    case = closed_case(engine, actor, make_case)
    target = tmp_path / "report.json"
    code, out, err = run(capsys, monkeypatch, "ruta", "subject-access", "--case", case.case_number.lower(),
                         "--out", str(target), "--db", str(db_path))
    assert (code, err) == (0, "") and str(target) in out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["records"]["persons"][0]["family_name"] == FAMILY
    pdf = tmp_path / "child.pdf"
    code, _out, err = run(capsys, monkeypatch, "ruta", "subject-access", "--case", case.case_number, "--person", "2",
                          "--out", str(pdf), "--db", str(db_path))
    assert (code, err) == (0, "")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Child One" in text and "Subject access report" in text
    assert len(exports(engine, "subject_access")) == 2


def test_subject_access_refuses_a_wrong_extension_and_a_manager(capsys, monkeypatch, engine, actor, make_case, db_path,
                                                                 tmp_path, actor_as):
    case = closed_case(engine, actor, make_case)
    code, _out, err = run(capsys, monkeypatch, "ruta", "subject-access", "--case", case.case_number,
                          "--out", str(tmp_path / "report.txt"), "--db", str(db_path))
    assert code == 1 and "report.txt" in err
    actor_as(StaffRole.MANAGER, "manager")
    code, _out, err = run(capsys, monkeypatch, "manager", "subject-access", "--case", case.case_number,
                          "--out", str(tmp_path / "report.pdf"), "--db", str(db_path))
    assert code == 1 and "does not allow" in err and not (tmp_path / "report.pdf").exists()


def test_retention_previews_then_runs_only_with_yes(capsys, monkeypatch, engine, actor, make_case, db_path, actor_as):
    case = closed_case(engine, actor, make_case)
    actor_as(StaffRole.MANAGER, "manager")
    with unit_of_work(engine) as session:  # closed eleven years ago
        from avrcase.store.models import StageChange

        for change in session.scalars(select(StageChange).where(StageChange.case_id == case.id)):
            change.changed_at = change.changed_at.replace(year=change.changed_at.year - 11)
    code, out, _err = run(capsys, monkeypatch, "manager", "retention", "preview", "--db", str(db_path))
    assert code == 0 and case.case_number in out and "2 persons" in out
    code, out, err = run(capsys, monkeypatch, "manager", "retention", "run", "--db", str(db_path))
    assert code == 1 and case.case_number in out  # the preview
    assert err.splitlines()[-1] == "avrcase: Nothing changed: add --yes to anonymise these cases."  # exit 1 says why
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(Person.given_names).where(Person.family_name == FAMILY)) == GIVEN
    code, out, _err = run(capsys, monkeypatch, "manager", "retention", "run", "--yes", "--db", str(db_path))
    assert code == 0 and "1 case anonymised" in out
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(Person.id).where(Person.family_name == FAMILY)) is None


def test_the_administrator_sets_the_period_and_a_manager_may_not(capsys, monkeypatch, engine, db_path, actor_as):
    actor_as(StaffRole.ADMINISTRATOR, "admin")
    actor_as(StaffRole.MANAGER, "manager")
    code, out, _err = run(capsys, monkeypatch, "admin", "retention", "set-years", "7", "--db", str(db_path))
    assert code == 0 and "7 years" in out
    code, out, _err = run(capsys, monkeypatch, "manager", "retention", "preview", "--db", str(db_path))
    assert code == 0 and "kept 7 years" in out
    code, _out, err = run(capsys, monkeypatch, "manager", "retention", "set-years", "3", "--db", str(db_path))
    assert code == 1 and "does not allow" in err
