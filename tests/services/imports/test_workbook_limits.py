"""An XLSX made to unpack to far more than it weighs is refused before it is unpacked, and a sheet is read
past its first rows only when they hold a header."""

import zipfile

import pytest
from openpyxl import Workbook

from avrcase.domain.errors import ValidationError
from avrcase.services.imports import sheet as sheet_module
from avrcase.services.imports.sheet import read_workbook
from tests.services.imports.messy import HEADERS

ROW = ["K1", "Doe", "Jane", "F", "17.05.1988", "Gruzija", "Gruzija", "", "", "2026-11-01", "", ""]


def _workbook(path, *sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def _rewrite(path, part, change):
    """``path`` with the zip entry ``part`` replaced by ``change(its bytes)`` (written as a stream)."""
    source = path.with_suffix(".orig.xlsx")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            data = old.read(entry.filename)
            if entry.filename != part:
                new.writestr(entry, data)
                continue
            info = zipfile.ZipInfo(part)
            info.compress_type = zipfile.ZIP_DEFLATED
            with new.open(info, "w", force_zip64=True) as out:
                for chunk in change(data):
                    out.write(chunk)
    return path


def _padded(megabytes):
    """The sheet's XML with ``megabytes`` MB of spaces between its rows: valid, and packed about 1,000 times."""
    def change(data):
        head, tail = data.split(b"</row>", 1)
        yield head + b"</row>"
        for _ in range(megabytes):
            yield b" " * (1024 * 1024)
        yield tail
    return change


def test_a_workbook_packed_a_thousand_times_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = _rewrite(_workbook(tmp_path / "bomb.xlsx", ("Cases", [HEADERS, ROW])), "xl/worksheets/sheet1.xml",
                    _padded(20))
    assert path.stat().st_size < 200_000
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("the workbook was unpacked"))
    with pytest.raises(ValidationError) as caught:
        read_workbook(path)
    message = str(caught.value.errors["file"])
    assert message.startswith("bomb.xlsx is not imported: a part of it unpacks to") and "times its size" in message


def test_a_workbook_that_unpacks_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_module, "MAX_XLSX_UNPACKED", 2 * 1024 * 1024)
    monkeypatch.setattr(sheet_module, "MAX_XLSX_RATIO", 10_000)
    path = _rewrite(_workbook(tmp_path / "big.xlsx", ("Cases", [HEADERS, ROW])), "xl/worksheets/sheet1.xml",
                    _padded(3))
    with pytest.raises(ValidationError) as caught:
        read_workbook(path)
    assert str(caught.value.errors["file"]) == ("big.xlsx is not imported: it would unpack to 3 MB, more than a "
                                                "spreadsheet of cases can be (2 MB at most). Save the sheet again "
                                                "from the spreadsheet program, or split it into several files.")


def test_a_real_workbook_with_many_rows_is_read(tmp_path):
    rows = [HEADERS] + [[f"K{n}", f"Doe{n}", "Jane", "F", "17.05.1988", "GE", "GE", None, None, "2026-11-01"]
                        for n in range(3_000)]
    cases, consultations = read_workbook(_workbook(tmp_path / "caseload.xlsx", ("Bylos", rows)))
    assert len(cases.rows) == 3_000 and cases.rows[-1] == (3_001, rows[-1] + [None, None]) and consultations is None


def test_a_sheet_without_a_header_in_its_first_rows_is_not_read_further(tmp_path):
    """Every row of every sheet was read before the header was looked for in the first 15."""
    notes = [[f"note {n}", n] for n in range(40)]
    path = _workbook(tmp_path / "bylos.xlsx", ("Notes", notes), ("Cases", [HEADERS, ROW]))
    # Past its 20th row the notes sheet is broken XML: reading it there fails.
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda data: [data[:data.index(b'<row r="21"')] + b"<row r=\"21\"><c"])
    cases, _consultations = read_workbook(path)
    assert cases.name == "Cases" and [cells[:2] for _n, cells in cases.rows] == [["K1", "Doe"]]


def test_empty_rows_of_a_csv_are_skipped_and_the_rows_after_them_keep_their_numbers(tmp_path):
    """A sheet saved with a million empty rows (``,,,,`` each) below the data took minutes before the import said a
    word: an empty row is no longer read cell by cell (``benchmarks/import_empty_rows.py`` measures it)."""
    path = tmp_path / "padded.csv"
    empty = "," * (len(HEADERS) - 1) + "\n"
    path.write_text(",".join(HEADERS) + "\n" + empty * 3000 + ",".join(ROW + [""] * (len(HEADERS) - len(ROW)))
                    + "\n" + empty * 3000, encoding="utf-8")
    cases, _consultations = read_workbook(path)
    assert [(number, cells[:3]) for number, cells in cases.rows] == [(3002, ["K1", "Doe", "Jane"])]


def test_a_role_that_may_not_import_is_refused_before_the_file_is_read(engine, actor_as, tmp_path):
    """An administrator (no case.edit) waited for the whole file to be read twice before being told."""
    from avrcase.domain.codes import StaffRole
    from avrcase.domain.errors import PermissionDeniedError
    from avrcase.services.imports import mappings
    from avrcase.services.uow import unit_of_work

    unreadable = tmp_path / "cases.xlsx"
    unreadable.write_bytes(b"not a workbook at all")
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        mappings.mapping_for_file(session, actor_as(StaffRole.ADMINISTRATOR, "aiste"), unreadable, {})
