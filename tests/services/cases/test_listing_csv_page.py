"""A listing's CSV page, written line by line straight from the driver's rows (#14), is exactly what the safe-cell
writer makes of the same rows as text: hostile cells (formula starts, delimiters of any locale, quotes, line breaks),
missing parts, a PostgreSQL date and a Turkish name included."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from avrcase.exports.csv_safe import csv_lines
from avrcase.services.cases.driver_rows import CsvPage, csv_page, text_rows

_TRICKY = st.sampled_from(["=1+1", "+49", "-3", "@SUM(A1)", "a,b", "a;b", 'say "hi"', "line\nbreak", "tab\tin", "x|y",
                           "\uff1dcmd", "Mo;=1+1", "Şahin", "bin Abdullah", "", " ", "−5", "ıi"])
_TEXT = st.one_of(_TRICKY, st.text(max_size=12))


def _row(i, number, stage, family, given, citizenship, country, size, registered, counsellor, vulnerable):
    return (i, number, stage, family, given, citizenship, country, size, registered, counsellor, vulnerable)


_ROWS = st.lists(st.builds(
    _row, st.integers(1, 10**6), _TEXT, st.sampled_from(["registered", "departed", "=stage"]),
    st.one_of(st.none(), _TEXT), st.one_of(st.none(), _TEXT), st.one_of(st.none(), st.sampled_from(["TR", "AZ", "GE", ""])),
    st.one_of(st.none(), _TEXT), st.integers(0, 12),
    st.one_of(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat), st.dates()),
    st.one_of(st.none(), _TEXT), st.sampled_from([0, 1, True, False, None])), max_size=8)


@settings(max_examples=400, deadline=None)
@given(_ROWS)
def test_a_csv_page_is_the_safe_csv_of_its_rows_as_text(rows):
    page = csv_page(rows)
    assert page == CsvPage(len(rows), csv_lines(text_rows(rows)))


def test_a_plain_page_is_written_as_it_was_read():
    rows = [(7, "VNO-2026-00007", "registered", "Demir", "Ali", "TR", "TR", 3, "2026-12-06", "Eglė Butkutė", 1),
            (6, "VNO-2026-00006", "departed", "Rusu", "Andrei", None, None, 1, dt.date(2026, 12, 5), None, 0)]
    assert csv_page(rows) == CsvPage(2, "VNO-2026-00007,registered,DEMİR Ali,TR,TR,3,2026-12-06,Eglė Butkutė,yes\n"
                                        "VNO-2026-00006,departed,RUSU Andrei,,,1,2026-12-05,,no\n")


def test_a_page_with_a_hostile_cell_is_made_cell_by_cell():
    rows = [(1, "VNO-2026-00001", "registered", "=HYPERLINK(1)", "Ann", "LT", "GE", 2, "2026-12-06", "A, B", 0)]
    assert csv_page(rows).text == "VNO-2026-00001,registered,'=HYPERLINK(1) Ann,LT,GE,2,2026-12-06,\"A, B\",no\n"
