"""Workbooks as offices really save them: household cells merged down, an old copy on a hidden sheet, dates as
day numbers in a column formatted "General"."""

from openpyxl import Workbook

from tests.cli.test_cli_accounts import run
from tests.cli.test_cli_imports import _store

HEADERS = ["case_key", "relationship", "family_name", "given_names", "sex", "date_of_birth", "citizenship"]


def _cases(capsys, db_path):
    code, out, err = run(capsys, "case", "list", "--format", "csv", "--limit", "0", "--db", str(db_path), "--user", "ruta")
    assert code == 0, err
    return [line.split(",") for line in out.splitlines()[1:]]


def test_a_case_key_merged_down_a_household_keeps_the_household_together(db_path, capsys, monkeypatch, tmp_path):
    """openpyxl's read-only sheet gives a merged cell's value to its first row only: the spouse and the child of
    a household whose case_key was merged down became cases of their own (the child refused as a lone minor)."""
    _store(capsys, monkeypatch, db_path)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["M1", "principal", "Melnyk", "Anna", "F", "1980-01-02", "UA"])
    sheet.append([None, "child", None, "Petro", "M", "2015-01-02", None])
    sheet.append([None, "spouse", None, "Ivan", "M", "1979-01-02", None])
    sheet.append(["M2", "principal", "Shevchuk", "Olha", "F", "1985-01-02", "UA"])
    for column in "ACG":
        sheet.merge_cells(f"{column}2:{column}4")
    book.save(tmp_path / "merged.xlsx")
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "merged.xlsx"), "--db", str(db_path), "--user", "ruta")
    assert code == 0 and "2 cases imported" in out, (out, err)
    assert sorted((row[2], row[5]) for row in _cases(capsys, db_path)) == [("MELNYK Anna", "3"), ("SHEVCHUK Olha", "1")]


def test_a_hidden_sheet_is_not_read_and_is_named_when_it_alone_has_cases(db_path, capsys, monkeypatch, tmp_path):
    """The first sheet with case columns was read even when hidden: an old copy the counsellor could not see was
    imported instead of the sheet on screen."""
    _store(capsys, monkeypatch, db_path)
    book = Workbook()
    old = book.active
    old.title = "Old copy"
    old.append(HEADERS)
    old.append(["H1", "principal", "Hidden", "Old", "F", "1980-01-02", "UA"])
    old.sheet_state = "hidden"
    shown = book.create_sheet("Cases")
    shown.append(HEADERS)
    shown.append(["V1", "principal", "Visible", "New", "F", "1981-01-02", "UA"])
    book.save(tmp_path / "hidden.xlsx")
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "hidden.xlsx"), "--db", str(db_path), "--user", "ruta")
    assert code == 0 and "1 case imported" in out, (out, err)
    assert [row[2] for row in _cases(capsys, db_path)] == ["VISIBLE New"]
    shown.sheet_state, old.sheet_state = "hidden", "visible"
    old.delete_rows(1, 2)
    book.save(tmp_path / "only_hidden.xlsx")
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "only_hidden.xlsx"), "--db", str(db_path), "--user", "ruta")
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert "hidden sheets (“Cases”) are not read: show the one with the cases" in err


def test_dates_written_as_spreadsheet_day_numbers_are_read(db_path, capsys, monkeypatch, tmp_path):
    """A date column formatted "General" shows and holds 29222 for 2 January 1980: it was "not a date"."""
    _store(capsys, monkeypatch, db_path)
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(["D1", "principal", "Serial", "Anna", "F", 29222, "UA"])
    book.active.append(["D2", "principal", "Year", "Alone", "F", 1980, "UA"])  # a year alone stays a year
    book.save(tmp_path / "serial.xlsx")
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "serial.xlsx"), "--db", str(db_path), "--user", "ruta")
    assert code == 0 and "2 cases imported" in out, (out, err)
    code, out, err = run(capsys, "export", "all", "--out", str(tmp_path / "all"), "--db", str(db_path), "--user", "aiste")
    text = (tmp_path / "all" / "cases.csv").read_text(encoding="utf-8")
    assert ",Serial,Anna,,,,F,1980-01-02,no," in text and ",Year,Alone,,,,F,1980-01-01,yes," in text


def test_values_under_no_header_are_named_not_dropped_unsaid(db_path, capsys, monkeypatch, tmp_path):
    """A column whose header cell was left empty (or was a formula with an empty result): the family names under
    it were dropped and each person imported with a given name only, without a word."""
    _store(capsys, monkeypatch, db_path)
    book = Workbook()
    book.active.append([None, "given_names", "sex", "date_of_birth", "citizenship"])
    book.active.append(["Hyper", "Anna", "F", "1980-01-02", "UA", "beyond the header"])
    book.save(tmp_path / "formula_header.xlsx")
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "formula_header.xlsx"), "--dry-run",
                         "--db", str(db_path), "--user", "ruta")
    assert ("Columns not read: “column A, which has no header”, “column F, which has no header”. Name the field of "
            "one with --map HEADER=FIELD.") in out, (out, err)


def test_formulas_whose_results_were_never_saved_are_listed_to_check(db_path, capsys, monkeypatch, tmp_path):
    """A workbook written by a program that stores formulas without computing them (openpyxl, pandas) read those
    cells as empty: given names made by ="An"&"na" were dropped and the dry run said nothing."""
    _store(capsys, monkeypatch, db_path)
    book = Workbook()
    book.active.append(HEADERS + ["notes"])
    book.active.append(["F1", "principal", "Formula", '="An"&"na"', "F", "1980-01-02", "UA", "=1+1"])
    book.save(tmp_path / "formulas.xlsx")
    code, out, err = run(capsys, "import", "cases", str(tmp_path / "formulas.xlsx"), "--dry-run", "--db", str(db_path),
                         "--user", "ruta")
    said = ("This cell holds a formula whose result was never saved, so it was read as empty: check it in the "
            "spreadsheet (saving the file again from the spreadsheet program saves the results).")
    assert f"  Sheet, row 2, given_names: {said}\n  Sheet, row 2, notes: {said}\n" in out, (out, err)


def test_a_csv_cell_longer_than_csvs_own_limit_is_a_problem_of_its_row(db_path, capsys, monkeypatch, tmp_path):
    """A note over 128 KB in a CSV file stopped the whole import as "internal error (Error: field larger than
    field limit (131072))"; the same cell in an XLSX is a problem of its row."""
    _store(capsys, monkeypatch, db_path)
    sheet = tmp_path / "long.csv"
    sheet.write_text("family_name,given_names,sex,date_of_birth,citizenship,notes\n"
                     f"Long,Anna,F,1980-01-02,UA,{'x' * 300_000}\nShort,Ivan,M,1981-01-02,UA,\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "cases", str(sheet), "--all-or-nothing", "--db", str(db_path), "--user", "ruta")
    assert code == 1 and "2 rows read; 1 case ready to import; 1 row with problems" in out, (out, err)
    assert "  Cases, row 2, notes: The notes are too long (at most 4000 characters).\n" in err
    assert err.endswith("avrcase: 1 row has a problem; with --all-or-nothing nothing was imported.\n")
    assert _cases(capsys, db_path) == []
