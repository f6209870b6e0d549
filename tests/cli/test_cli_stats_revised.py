"""``avrcase stats`` and ``export-anonymised`` of a period released again after a departure was recorded late into it
(session 28's attack, from the command line): the changed figures are hidden, the record-level file is refused in
one line, and a release the protection cannot make safe is refused in one line naming the earlier release."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from avrcase.cli.main import main
from avrcase.domain import release as domain_release
from avrcase.domain import revisions
from avrcase.domain.codes import StaffRole
from tests.services.statistics.test_release_figures_kept import record_late
from tests.services.statistics.test_release_intruder import demo_year

YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]


@pytest.fixture
def demo(engine, actor_as, store_templates, monkeypatch, db_path):
    demo_year(engine, store_templates)
    actor_as(StaffRole.MANAGER, "head-of-office")
    monkeypatch.setenv("AVRCASE_USER", "head-of-office")
    return engine


def stats(capsys, db_path, out_file):
    code = main(["stats", *YEAR, "--by", "citizenship", "--measure", "returnees", "--format", "csv",
                 "--out", str(out_file), "--db", str(db_path)])
    _out, err = capsys.readouterr()
    if code != 0:
        return code, err, None
    with out_file.open(encoding="utf-8-sig", newline="") as stream:
        return code, err, {row[0]: row[1] for row in list(csv.reader(stream))[1:]}


def test_the_year_published_again_after_a_late_departure_hides_what_changed(capsys, demo, db_path, tmp_path):
    code, err, first = stats(capsys, db_path, tmp_path / "first.csv")
    assert (code, err) == (0, "") and first["TOTAL"].isdigit()
    record_late(demo)
    code, err, second = stats(capsys, db_path, tmp_path / "second.csv")
    assert (code, err) == (0, "")
    assert second["TOTAL"] == "c"
    assert not [key for key in first.keys() & second.keys() if first[key] != "c" and second[key] != "c"
                and 0 < abs(int(second[key]) - int(first[key])) < 5]


def test_the_same_anonymised_file_again_is_refused_in_one_line(capsys, demo, db_path, tmp_path):
    argv = ["export-anonymised", *YEAR, "--k", "5", "--db", str(db_path)]
    assert main([*argv, "--out", str(tmp_path / "first.csv")]) == 0
    record_late(demo)
    capsys.readouterr()
    code = main([*argv, "--out", str(tmp_path / "second.csv")])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and not (tmp_path / "second.csv").exists()
    assert err.count("\n") == 1 and "2025-01-01 to 2025-12-31 was released before" in err


def test_a_release_that_cannot_be_made_safe_is_refused_in_one_line_naming_the_earlier_one(
        capsys, demo, db_path, tmp_path, monkeypatch):
    stats(capsys, db_path, tmp_path / "first.csv")
    record_late(demo)
    # Stand-ins: every change is a figure of the new table, and nothing more of it can be hidden.
    monkeypatch.setattr(domain_release, "_cheapest", lambda *_args: None)
    monkeypatch.setattr(revisions, "hide_changes", list)
    monkeypatch.setattr(revisions, "targets", lambda model, real=revisions.targets: [
        dataclasses.replace(t, table=len(model.tables) - 1) for t in real(model)])
    code, err, _table = stats(capsys, db_path, tmp_path / "second.csv")
    assert code == 1 and err.count("\n") == 1 and not (tmp_path / "second.csv").exists()
    assert "the earlier release “Returnees (persons departed)” (Dec 4, 2026)" in err  # its title and day
    assert "publish a period that release does not cover" in err
