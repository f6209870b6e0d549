"""``avrcase import cases`` on sheets as offices keep them: names in their own script, months as words, a birth
year alone, three-letter country codes, dashed dates; the store checked after."""

from __future__ import annotations

from openpyxl import load_workbook

from avrcase.cli.main import main
from tests.services.imports.office_sheets import (
    EXPECTED,
    MONTH_FIRST_BORN,
    MONTH_FIRST_ROWS,
    REFUSED,
    stored_people,
    write_office_sheet,
)


def _run(capsys, monkeypatch, *argv):
    monkeypatch.setenv("AVRCASE_USER", "ruta")
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_office_sheet_is_read_as_written(engine, actor, db_path, capsys, monkeypatch, tmp_path):
    """Before: "Іван Петренко" went into the Latin name fields, "12 Mar 1980", "1980" and "UKR" were refused and
    "03-04-1980" was read as 3 April without a word."""
    sheet = write_office_sheet(tmp_path / "bylos.xlsx")
    report = tmp_path / "report.xlsx"
    code, out, err = _run(capsys, monkeypatch, "import", "cases", str(sheet), "--report", str(report), "--db", str(db_path))
    assert code == 1  # three rows were left out
    assert "9 rows read; 6 cases ready to import; 3 rows with problems" in out and "6 cases imported" in out
    assert stored_people(engine) == EXPECTED
    # Each refused row is named with its column and why; nothing of it was written.
    named = {(int(line.split(", ")[1].removeprefix("row ")), line.split(", ")[2].split(":")[0])
             for line in err.splitlines() if line.startswith("  Cases, row ")}
    assert set(REFUSED.items()) <= named and {row for row, _column in named} == set(REFUSED)
    assert ("Cases, row 8, date_of_birth: “03-04-1980” in the column “date_of_birth” can mean April 3, 1980 or March 4, "
            "1980") in err
    assert ("Cases, row 10, citizenship: “XYZ” is not a country avrcase knows; write the country's name or its two- or "
            "three-letter ISO code (GE or GEO).") in err
    # What was made of a name in another script is said, to be checked against the passport.
    assert "7 values were read but should be checked" in out
    assert ("Cases, row 2, family_name: “Петренко” is not in Latin letters: it is kept as the name in the original "
            "script, and the Latin spelling “Petrenko” was made by romanisation. Check it against the passport.") in out
    assert "Cases, row 4, date_of_birth: Only the year of birth is given: read as 1 January 1980 and marked as estimated." in out
    checks = list(load_workbook(report)["To check"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[2]) for row in checks] == [
        (2, "family_name"), (2, "given_names"), (3, "family_name"), (3, "given_names"), (4, "family_name"),
        (4, "given_names"), (4, "date_of_birth")]


def test_a_dashed_column_written_month_first_is_read_month_first(engine, actor, db_path, capsys, monkeypatch, tmp_path):
    """Before: 12-25-1980 was "not a date" and 03-04-1980 was read day first, whatever the column showed."""
    sheet = write_office_sheet(tmp_path / "us.xlsx", MONTH_FIRST_ROWS)
    code, out, err = _run(capsys, monkeypatch, "import", "cases", str(sheet), "--db", str(db_path))
    assert (code, err) == (0, "") and "4 cases imported" in out
    assert {row[0]: row[4] for row in stored_people(engine)} == MONTH_FIRST_BORN
