"""CSV and XLSX writers for protected statistics tables and record-level exports.

The writers do no database work: they take a :class:`~avrcase.domain.disclosure.ProtectedTable` or
plain rows, and notes already in words. Suppressed cells are written ``c``, totals ``TOTAL``; text
that a spreadsheet would run as a formula is neutralised in CSV and XLSX alike.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from avrcase.domain.disclosure import TOTAL, ProtectedTable
from avrcase.exports.csv_safe import safe_cell, write_csv
from avrcase.i18n import _

_SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Sheet:
    """One table to write: a title (the XLSX sheet name), a header row and data rows."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def _value(table: ProtectedTable, key: tuple[str, ...]) -> object:
    shown = table.shown(key)
    return table.text(key) if shown is None else shown


def crosstab(table: ProtectedTable, title: str, value_header: str = "value") -> Sheet:
    """The table as people read it: the last dimension across, the others down, ``TOTAL`` last.

    A one-dimensional table is a list with a ``TOTAL`` row.
    """
    axes = [(*cats, TOTAL) for cats in table.categories]
    if len(axes) == 1:
        rows = tuple((cat, _value(table, (cat,))) for cat in axes[0])
        return Sheet(title, (table.dimensions[0], value_header), rows)
    leading = table.dimensions[:-1]
    header = (*leading[:-1], f"{leading[-1]} \\ {table.dimensions[-1]}", *axes[-1])
    rows = tuple((*down, *(_value(table, (*down, across)) for across in axes[-1]))
                 for down in itertools.product(*axes[:-1]))
    return Sheet(title, header, rows)


def long_form(table: ProtectedTable, title: str, time_period: str) -> Sheet:
    """One line per entry (totals included), as statistical offices exchange data (Eurostat's layout)."""
    header = (*table.dimensions, "TIME_PERIOD", "OBS_VALUE")
    rows = tuple((*key, time_period, _value(table, key)) for key in table.keys())
    return Sheet(title, header, rows)


def write_sheet_csv(stream: TextIO, sheet: Sheet) -> int:
    """Write one sheet as UTF-8 CSV (formula-safe); return the number of data rows."""
    return write_csv(stream, [safe_cell(h) for h in sheet.header], sheet.rows)


def write_csv_file(path: Path, sheet: Sheet) -> int:
    """Write one sheet to a CSV file with a UTF-8 byte order mark, so spreadsheets read the accents."""
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        return write_sheet_csv(stream, sheet)


def csv_bytes(sheet: Sheet) -> bytes:
    """One sheet as the bytes of a CSV file (UTF-8 with a byte order mark), ready to be delivered."""
    stream = io.StringIO()
    write_sheet_csv(stream, sheet)
    return stream.getvalue().encode("utf-8-sig")


def sdmx_csv_bytes(sheet: Sheet) -> bytes:
    """One sheet as SDMX-CSV: UTF-8 without a byte order mark, comma-separated, formula-safe."""
    stream = io.StringIO()
    write_sheet_csv(stream, sheet)
    return stream.getvalue().encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet], notes: Sequence[tuple[str, str]]) -> bytes:
    """A workbook (see :func:`write_xlsx`) as bytes, ready to be delivered."""
    stream = io.BytesIO()
    write_xlsx(stream, sheets, notes)
    return stream.getvalue()


def sheet_title(text: str) -> str:
    """A valid, unique-enough XLSX sheet name from any text."""
    return (text.translate(_SHEET_TITLE_FORBIDDEN).strip() or "Sheet")[:_SHEET_TITLE_MAX]


def _cell(value: object) -> object:
    # openpyxl stores a string beginning with "=" as a formula: neutralise as in CSV.
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return value
    return safe_cell(value)


def write_xlsx(target: Path | BinaryIO, sheets: Sequence[Sheet], notes: Sequence[tuple[str, str]]) -> None:
    """Write an XLSX workbook: one sheet per table, then a "Notes" sheet of (label, text) lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        title = sheet_title(sheet.title)
        for n in itertools.count(2):
            if title not in used:
                break
            title = sheet_title(f"{sheet.title[:_SHEET_TITLE_MAX - 4]} ({n})")
        used.add(title)
        ws = book.create_sheet(title)
        ws.append([_cell(h) for h in sheet.header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_cell(v) for v in row])
        ws.freeze_panes = "A2"
    ws = book.create_sheet(sheet_title(_("Notes")))
    for label, text in notes:
        ws.append([_cell(label), _cell(text)])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    book.save(target)
