"""One safe-cell rule for every CSV and XLSX writer, checked by opening the files in LibreOffice.

The attack (issue #21): a given name ``Mo;=1+1;x`` written unquoted is split by a spreadsheet that
separates on ``;`` (Lithuanian and most European locales) into a cell ``=1+1``; full-width ``＝`` was
not neutralised. LibreOffice is asked to evaluate formulas on import, so any formula that survives is
found in its flat-XML output.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avrcase.exports import tables
from avrcase.exports.csv_safe import FORMULA_STARTS, csv_cell, csv_line, csv_lines, quote_cell, safe_cell, write_csv

HOSTILE = [
    "Mo;=1+1;x", "=1+1", "+1+1", "-1+1", "@SUM(1,2)", "\t=1+1", "\r=1+1", "\n=1+1", "＝1+1", "＋1+1",
    "－1+1", "＠SUM(1)", "a,=1+1", "a\t=1+1", "x\n=1+1", 'a";=1+1;"', 'q"=1+1', "x|=1+1", "a; =1+1",
]


def test_formula_starts_are_neutralised_full_width_too():
    for text in ("=1", "+1", "-x", "@a", "\t1", "\r1", "＝1", "＋1", "－1", "＠a"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("\t=1") == "'\t'=1"
    assert safe_cell("-12.5") == "-12.5"
    assert safe_cell(7) == "7"
    assert safe_cell(None) == ""
    assert safe_cell("Jonas") == "Jonas"


def test_every_cell_with_a_delimiter_of_any_locale_is_quoted():
    line = csv_line(["Mo;=1+1;x", "a,b", "a\tb", "plain", 'say "hi"'])
    assert line == '"Mo;\'=1+1;x","a,b","a\tb",plain,"say ""hi"""\n'


def test_a_formula_start_after_a_delimiter_inside_a_cell_is_neutralised():
    assert safe_cell("Mo;=1+1;x") == "Mo;'=1+1;x"
    assert safe_cell('a";=1+1') == 'a";\'=1+1'
    assert safe_cell("x\n ＝1") == "x\n '＝1"
    assert safe_cell("Smith-Jones") == "Smith-Jones"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.skip("LibreOffice is not installed (./run-tests installs libreoffice-calc-nogui)")
    return found


def _formulas_after_import(tmp_path: Path, source: Path, separator: int | None) -> list[str]:
    """Convert ``source`` to flat ODS in LibreOffice; return every formula cell it holds."""
    out = tmp_path / f"out-{separator}"
    command = [_soffice(), "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"]
    if separator is not None:
        # separator, text delimiter ", UTF-8, from line 1, standard columns, language, quoted as text: no,
        # detect special numbers: yes, ..., evaluate formulas: yes.
        command.append(f"--infilter=CSV:{separator},34,76,1,,0,false,true,false,false,false,-1,true")
    command += ["--convert-to", "fods", "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    text = (out / (source.stem + ".fods")).read_text(encoding="utf-8")
    assert "office:spreadsheet" in text
    return re.findall(r'table:formula="([^"]*)"', text)


def test_the_probe_finds_a_formula_in_an_unsafe_file(tmp_path):
    unsafe = tmp_path / "unsafe.csv"
    unsafe.write_text("name\nMo;=1+1;x\n", encoding="utf-8")
    assert _formulas_after_import(tmp_path, unsafe, ord(";"))


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_no_formula_cell_when_a_csv_is_opened_with_any_separator(tmp_path, separator):
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        write_csv(stream, ["name", "note", "amount"], [(h, h, -5) for h in HOSTILE])
    assert _formulas_after_import(tmp_path, path, ord(separator)) == []


def test_no_formula_cell_in_a_statistics_csv_or_xlsx(tmp_path):
    sheet = tables.Sheet("=1+1", ("＝x", "count"), tuple((h, 3) for h in HOSTILE))
    csv_path = tmp_path / "table.csv"
    tables.write_csv_file(csv_path, sheet)
    xlsx_path = tmp_path / "table.xlsx"
    tables.write_xlsx(xlsx_path, [sheet], [("=note", "＠note")])
    assert _formulas_after_import(tmp_path, csv_path, ord(";")) == []
    assert _formulas_after_import(tmp_path, xlsx_path, None) == []


def test_work_list_csv_goes_through_the_same_rule():
    out = io.StringIO()
    write_csv(out, ["a"], [["Mo;=1+1;x"], ["＝1"]])
    assert out.getvalue().splitlines() == ["a", '"Mo;\'=1+1;x"', "'＝1"]


_CELL_CHARACTERS = st.sampled_from(list("ab1 .-eE,;\t\r\n\"|'=+@\u3000") + list(FORMULA_STARTS)) | st.characters()


@given(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(_CELL_CHARACTERS, max_size=12)))
def test_the_quick_csv_cell_is_the_safe_and_quoted_cell(value):
    """``csv_cell`` (the writers' quick path, #14) gives exactly what the two rules give together."""
    assert csv_cell(value) == quote_cell(safe_cell(value))


_CELLS = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(_CELL_CHARACTERS, max_size=8))


@given(st.lists(_CELLS, max_size=6))
def test_the_quick_csv_line_is_every_cell_made_safe(cells):
    """``csv_line`` checks the whole line at once (#14); the line is exactly the safe, quoted cells joined."""
    assert csv_line(cells) == ",".join(quote_cell(safe_cell(v)) for v in cells) + "\n"


def test_a_line_of_ordinary_cells_is_written_as_it_is_and_a_risky_one_is_not():
    assert csv_line(["VNO-2026-00001", "KHUTSISHVILI Nino", 3, None, "yes"]) == "VNO-2026-00001,KHUTSISHVILI Nino,3,,yes\n"
    assert csv_line(["a", "=1+1"]) == "a,'=1+1\n"
    assert csv_line(["a,b", "c"]) == '"a,b",c\n'
    assert csv_line(["-5", "x;=2"]) == "-5,\"x;'=2\"\n"
    assert csv_line(iter(["=x", "y"])) == "'=x,y\n"  # a generator is read once


@given(st.lists(st.lists(_CELLS | st.text(_CELL_CHARACTERS, max_size=8), max_size=4), max_size=5))
def test_the_lines_of_a_page_are_its_safe_lines(rows):
    """``csv_lines`` checks a whole page at once (#14); it is exactly each row's ``csv_line``."""
    assert csv_lines(rows) == "".join(csv_line(row) for row in rows)


def test_a_page_of_text_is_written_as_it_is_unless_a_cell_is_risky():
    page = [("VNO-2026-00001", "KHUTSISHVILI Nino", "3"), ("VNO-2026-00002", "ŞAHIN Ayşe", "")]
    assert csv_lines(page) == "VNO-2026-00001,KHUTSISHVILI Nino,3\nVNO-2026-00002,ŞAHIN Ayşe,\n"
    assert csv_lines([("a", "b"), ("c", "=d")]) == "a,b\nc,'=d\n"
    assert csv_lines([("a", "b\n=c")]) == "a,\"b\n'=c\"\n"
    assert csv_lines([("a", "b"), ("c",)]) == "a,b\nc\n"
    assert csv_lines([("a", 3), (None, "b")]) == "a,3\n,b\n"
