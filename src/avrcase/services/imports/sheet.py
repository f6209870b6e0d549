"""Reading a spreadsheet (XLSX or CSV) into header + numbered rows, whatever the office put above the header."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from avrcase.domain.errors import ValidationError
from avrcase.exports.csv_safe import FORMULA_STARTS
from avrcase.i18n import _
from avrcase.services.imports.fields import CASE_FIELDS, CASES_SHEET, CONSULTATION_FIELDS, Field, header_score

#: The header row is looked for in the first this many rows (title rows and merged headings come first).
HEADER_SEARCH_ROWS = 15
Cell = str | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, the header row's number and cells, and the data rows as (sheet row number, cells)."""

    name: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _find_header(raw: list[list[Cell]], fields: tuple[Field, ...]) -> int | None:
    best, best_score = None, 2
    for index, cells in enumerate(raw[:HEADER_SEARCH_ROWS]):
        score = header_score([c for c in cells if isinstance(c, str)], fields)
        if score > best_score:
            best, best_score = index, score
    return best


def _sheet(name: str, raw: list[list[Cell]], fields: tuple[Field, ...]) -> Sheet | None:
    index = _find_header(raw, fields)
    if index is None:
        return None
    headers = [str(c) if c is not None else "" for c in raw[index]]
    rows = []
    for number, cells in enumerate(raw[index + 1:], start=index + 2):
        if any(c is not None for c in cells):
            rows.append((number, cells + [None] * (len(headers) - len(cells))))
    return Sheet(name, index + 1, headers, rows)


def read_workbook(path: Path) -> tuple[Sheet, Sheet | None]:
    """The case sheet and (if there is one) the consultations sheet of ``path``; ``ValidationError`` if unreadable."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raws = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        raws = [(CASES_SHEET, _read_csv(path))]
    else:
        raise ValidationError({"file": _("Import reads .xlsx and .csv files; %(name)s is neither.") % {"name": path.name}})
    cases, consultations = None, None
    for name, raw in raws:
        if cases is None and (found := _sheet(name, raw, CASE_FIELDS)) is not None and \
                header_score(found.headers, CASE_FIELDS) >= header_score(found.headers, CONSULTATION_FIELDS):
            cases = found
        elif consultations is None and (found := _sheet(name, raw, CONSULTATION_FIELDS)) is not None:
            consultations = found
    if cases is None:
        raise ValidationError({"file": _("No header row with case columns (family name, given names, sex, "
                                         "citizenship…) was found in the first %(n)d rows of %(name)s.")
                               % {"n": HEADER_SEARCH_ROWS, "name": path.name}})
    return cases, consultations


def _read_xlsx(path: Path) -> list[tuple[str, list[list[Cell]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged or foreign file
        raise ValidationError({"file": _("%(name)s cannot be read as an XLSX workbook.") % {"name": path.name}}) from exc
    try:
        return [(ws.title, [[_cell(_unguard(v) if isinstance(v, str) else v) for v in row]
                            for row in ws.iter_rows(values_only=True)]) for ws in book.worksheets]
    finally:
        book.close()


def decode_text(data: bytes) -> str | None:
    """The text of a spreadsheet saved as CSV: UTF-16 with its byte-order mark (Excel's "Unicode text"), UTF-8,
    else Windows-1257 (Lithuanian) or Windows-1251 (Cyrillic), told apart by their letters; None for no text.

    Almost any bytes decode as Windows-1257, so trying it first read every Windows-1251 file as Baltic letters:
    "Хуцишвили" was stored as "Õóöčųāčėč".
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1257", "cp1251"]).best()
    if best is not None:
        return str(best)
    try:
        return data.decode("cp1257")
    except UnicodeDecodeError:
        return None


def _read_csv(path: Path) -> list[list[Cell]]:
    text = decode_text(path.read_bytes())
    if text is None:
        raise ValidationError({"file": _("%(name)s is not a text file.") % {"name": path.name}})
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[_cell(_unguard(v)) for v in row] for row in csv.reader(io.StringIO(text), dialect)]


_STARTS = "".join(ch for ch in FORMULA_STARTS if ch not in "\t\r\n")
#: The quote the safe-cell rule put before a formula start after a delimiter, quote or line break inside a cell.
_INNER_GUARD = re.compile(f"([,;\t\r\n\"|][ \u3000]*)'([{re.escape(_STARTS)}])")


def _unguard(text: str) -> str:
    """Undo the safe-cell rule of avrcase's own CSV (``'=…`` was written for ``=…``), so an export imports back."""
    if len(text) > 1 and text[0] == "'" and text.startswith(FORMULA_STARTS, 1):
        text = text[1:]
    return _INNER_GUARD.sub(r"\1\2", text)
