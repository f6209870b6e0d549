"""``avrcase import cases|template`` and ``avrcase export all`` on the command line."""

import json

import pytest
from openpyxl import load_workbook

from tests.cli.test_cli_accounts import ADMIN_PASSWORD, own_password, run
from tests.services.imports.messy import write_messy_xlsx


def _store(capsys, monkeypatch, db_path):
    for name, value in (("AVRCASE_NEW_PASSWORD", ADMIN_PASSWORD), ("AVRCASE_PASSWORD", ADMIN_PASSWORD)):
        monkeypatch.setenv(name, value)
    assert run(capsys, "user", "add", "aiste", "--name", "Aistė Admin", "--role", "administrator", "--db", str(db_path))[0] == 0
    assert run(capsys, "--user", "aiste", "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor",
               "--db", str(db_path))[0] == 0
    own_password(db_path, "ruta")
    monkeypatch.setenv("AVRCASE_PASSWORD", ADMIN_PASSWORD)


def test_import_dry_run_report_then_import_and_rerun(db_path, capsys, monkeypatch, tmp_path):
    _store(capsys, monkeypatch, db_path)
    sheet = write_messy_xlsx(tmp_path / "bylos.xlsx")
    report = tmp_path / "report.xlsx"
    base = ("--db", str(db_path), "--user", "ruta")
    code, out, err = run(capsys, "import", "cases", str(sheet), "--dry-run", "--report", str(report), *base)
    assert code == 1 and "6 rows read; 3 cases ready to import; 3 rows with problems; 0 cases imported before" in out
    assert "  Bylos 2026, row 10, Gimimo data: " in err  # in words: "Bylos 2026 10" ran the sheet into the row
    rows = list(load_workbook(report).worksheets[0].iter_rows(values_only=True))
    # 6 problems (the empty "Vardas" of "Nobody" is none: one name only is a name)
    assert len(rows) == 7 and rows[0] == ("Sheet", "Row", "Column", "Value", "Message")
    code, out, err = run(capsys, "import", "cases", str(sheet), "--all-or-nothing", *base)
    assert code == 1 and err.endswith("avrcase: 3 rows have problems; with --all-or-nothing nothing was imported.\n")
    code, out, err = run(capsys, "import", "cases", str(sheet), *base)
    assert code == 1 and "3 cases imported" in out  # exit 1: some rows were left out
    code, out, err = run(capsys, "case", "list", "--format", "csv", *base)
    assert out.count("\n") == 4
    code, out, err = run(capsys, "import", "cases", str(sheet), *base)
    assert "3 cases imported before" in out and "0 cases imported" in out


def test_import_map_option_and_bad_input(db_path, capsys, monkeypatch, tmp_path):
    _store(capsys, monkeypatch, db_path)
    sheet = tmp_path / "list.csv"
    sheet.write_text("Nr;Surname;Forename;Gender;Born;Country\n1;Doe;Jane;F;01.02.1990;Gruzija\n", encoding="utf-8")
    base = ("--db", str(db_path), "--user", "ruta")
    code, out, err = run(capsys, "import", "cases", str(sheet), "--dry-run", *base)
    assert code == 1 and "Forename" not in out
    code, out, err = run(capsys, "import", "cases", str(sheet), "--dry-run", "--map", "Forename=given_names",
                         "--map", "Born=date_of_birth", "--map", "Country=citizenship", *base)
    assert code == 0 and "1 case ready to import; 0 rows with problems" in out, err
    # The mapping was saved for this layout: the next run needs no --map.
    code, out, err = run(capsys, "import", "cases", str(sheet), "--dry-run", *base)
    assert code == 0 and "1 case ready to import" in out
    code, out, err = run(capsys, "import", "cases", str(sheet), "--dry-run", "--map", "Fornename=given_names", *base)
    assert (code, out) == (1, "") and err.splitlines()[-1] == (  # a mistyped header was saved (and audited)
        "avrcase: The file has no column “Fornename”; its columns are: Nr, Surname, Forename, Gender, Born, Country.")
    code, out, err = run(capsys, "import", "cases", str(sheet), "--map", "Forename=nickname", *base)
    assert code == 1 and err.splitlines()[-1].startswith("avrcase: “nickname” is not an import field")
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "none.xlsx"), *base)
    assert code == 1 and err.splitlines()[-1] == f"avrcase: There is no file {tmp_path / 'none.xlsx'}."


def test_template_and_export_all(db_path, capsys, monkeypatch, tmp_path):
    _store(capsys, monkeypatch, db_path)
    code, out, err = run(capsys, "import", "template", "--out", str(tmp_path / "t.xlsx"))
    assert code == 0 and load_workbook(tmp_path / "t.xlsx").sheetnames[0] == "Cases"
    out_dir = tmp_path / "all"
    code, out, err = run(capsys, "export", "all", "--out", str(out_dir), "--db", str(db_path), "--user", "aiste")
    assert code == 0 and f"Everything exported to {out_dir}" in out, err
    assert json.loads((out_dir / "schema.json").read_text())["format"] == "avrcase-export"
    code, out, err = run(capsys, "export", "all", "--out", str(out_dir), "--db", str(db_path), "--user", "aiste")
    assert code == 1 and "not an empty folder" in err
    code, out, err = run(capsys, "export", "all", "--out", str(tmp_path / "x"), "--db", str(db_path), "--user", "ruta")
    assert code == 1 and "does not allow" in err


@pytest.mark.parametrize("out, said", [("/proc/t.xlsx", "Cannot write /proc/t.xlsx: "), ("", "Give the name of the file"),
                                       ("/nonexistent/dir/t.xlsx", "The folder /nonexistent/dir does not exist.")])
def test_a_template_that_cannot_be_written_is_one_clear_line(capsys, out, said):
    """Each was an "internal error" (a full disk: ten lines of traceback)."""
    if out.startswith("/proc") and not __import__("pathlib").Path("/proc/self").is_dir():
        pytest.skip("needs a folder that takes no new file")
    code, _stdout, err = run(capsys, "import", "template", "--out", out)
    assert code == 1 and err.startswith(f"avrcase: {said}") and err.count("\n") == 1, err


def test_dry_run_names_dates_that_read_both_ways_instead_of_guessing(db_path, capsys, monkeypatch, tmp_path):
    """One typo (05/13/1988) in a day-first column made the dry run say "4 cases ready … 0 rows with problems"
    and store 1980-03-04 for 03/04/1980."""
    _store(capsys, monkeypatch, db_path)
    sheet = tmp_path / "list.csv"
    sheet.write_text("Nr;Surname;Forename;Gender;Born;Country\n" + "".join(
        f"{n};Doe{'ABCD'[n - 1]};Jane;F;{born};Gruzija\n" for n, born in enumerate(
            ["03/04/1980", "07/08/1975", "11/12/1990", "05/13/1988"], start=1)), encoding="utf-8")
    base = ("--db", str(db_path), "--user", "ruta", "--map", "Forename=given_names", "--map", "Born=date_of_birth",
            "--map", "Country=citizenship")
    code, out, err = run(capsys, "import", "cases", str(sheet), "--dry-run", *base)
    assert code == 1 and "1 case ready to import; 3 rows with problems" in out, (out, err)
    assert "03/04/1980" in err and "1980-04-03 or 1980-03-04" in err


def test_a_zip_bomb_is_refused_in_one_line_before_it_is_unpacked(db_path, capsys, monkeypatch, tmp_path):
    from tests.services.imports.messy import HEADERS
    from tests.services.imports.test_workbook_limits import ROW, _padded, _rewrite, _workbook

    _store(capsys, monkeypatch, db_path)
    sheet = _rewrite(_workbook(tmp_path / "bomb.xlsx", ("Cases", [HEADERS, ROW])), "xl/worksheets/sheet1.xml",
                     _padded(20))
    code, out, err = run(capsys, "import", "cases", str(sheet), "--db", str(db_path), "--user", "ruta")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1].startswith("avrcase: bomb.xlsx is not imported: a part of it unpacks to ")
    assert "Traceback" not in err and not any(line.startswith("avrcase: bomb") for line in err.splitlines()[:-1])
    code, out, err = run(capsys, "case", "list", "--format", "csv", "--db", str(db_path), "--user", "ruta")
    assert out.count("\n") == 1  # the header line only: nothing was imported


def test_a_forename_column_is_read_and_a_column_not_read_is_named(db_path, capsys, monkeypatch, tmp_path):
    """Names in other scripts imported from a sheet headed "Forename" lost their given names without a word."""
    _store(capsys, monkeypatch, db_path)
    sheet = tmp_path / "list.csv"
    sheet.write_text("Nr;Surname;Forename;Surname (original);Forename (original);Gender;Born;Nationality;Shoe size\n"
                     "1;Xelîl;Şêrko;خەلیل;شێرکۆ;M;12.03.1985;Iraq;42\n", encoding="utf-8")
    base = ("--db", str(db_path), "--user", "ruta")
    code, out, err = run(capsys, "import", "cases", str(sheet), *base)
    assert code == 0 and "1 case imported" in out, err
    assert "Columns not read: “Shoe size”. Name the field of one with --map HEADER=FIELD." in out
    code, out, err = run(capsys, "case", "list", "--format", "csv", *base)
    assert "XELÎL Şêrko" in out
    number = out.splitlines()[1].split(",")[0]
    code, out, err = run(capsys, "case", "show", number, *base)
    assert "XELÎL Şêrko (خەلیل شێرکۆ)" in out


def test_an_old_export_is_said_to_be_read_as_utc(capsys, monkeypatch, db_path, engine, actor, tmp_path):
    """A format 1 ``export all`` imported silently with its times read as UTC; the summary now says so, and only
    for such a sheet."""
    from tests.services.imports.test_export_origin import _old_export

    monkeypatch.setenv("AVRCASE_USER", actor.username)
    old = _old_export(tmp_path / "export-november")
    code, out, err = run(capsys, "import", "cases", str(old), "--dry-run", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == ("This sheet is from an older avrcase export (format version 1), which wrote times "
                                   "without a time zone; they were read as UTC, as that version meant.")
    new = _old_export(tmp_path / "export-december", version=2)
    assert "UTC" not in run(capsys, "import", "cases", str(new), "--dry-run", "--db", str(db_path))[1]


def test_map_splits_at_the_last_equals_sign_so_a_header_may_hold_one(db_path, capsys, monkeypatch, tmp_path):
    """``--map "a=b=given_names"`` split at the first "=": header "a", field "b=given_names", refused, so a
    column headed "a=b" could not be mapped at all."""
    _store(capsys, monkeypatch, db_path)
    sheet = tmp_path / "list.csv"
    sheet.write_text("Nr;Surname;Name=Vardas;Gender;Born;Country\n1;Doe;Jane;F;01.02.1990;Gruzija\n", encoding="utf-8")
    base = ("--db", str(db_path), "--user", "ruta", "--map", "Born=date_of_birth", "--map", "Country=citizenship")
    code, out, err = run(capsys, "import", "cases", str(sheet), "--map", "Name=Vardas=given_names", *base)
    assert code == 0 and "1 case imported" in out, err
    code, out, err = run(capsys, "case", "list", "--format", "csv", *base[:4])
    assert "DOE Jane" in out
    code, out, err = run(capsys, "import", "cases", str(sheet), "--dry-run", "--map", "=given_names", *base)
    assert code == 1 and err.splitlines()[-1] == "avrcase: --map takes HEADER=FIELD, not “=given_names”."
