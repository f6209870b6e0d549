"""Reading a spreadsheet (XLSX or CSV) into header + numbered rows, whatever the office put above the header."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from avrcase.domain.errors import ValidationError
from avrcase.exports.csv_safe import FORMULA_STARTS
from avrcase.i18n import _
from avrcase.i18n.format import format_number
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
    #: (row number, column index from 0) of the cells holding a formula whose result was never saved: read as empty.
    unsaved: frozenset[tuple[int, int]] = frozenset()


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _find_header(head: list[list[Cell]], fields: tuple[Field, ...]) -> int | None:
    best, best_score = None, 2
    for index, cells in enumerate(head[:HEADER_SEARCH_ROWS]):
        score = header_score([c for c in cells if isinstance(c, str)], fields)
        if score > best_score:
            best, best_score = index, score
    return best


def _sheet(name: str, head: list[list[Cell]], index: int, rest: Iterator[list[Cell]]) -> Sheet:
    """The sheet whose header is ``head[index]``; the rows after ``head`` are read from ``rest`` only now."""
    headers = [str(c) if c is not None else "" for c in head[index]]
    rows = []
    for number, cells in enumerate(itertools.chain(head[index + 1:], rest), start=index + 2):
        if any(c is not None for c in cells):
            rows.append((number, cells + [None] * (len(headers) - len(cells))))
    return Sheet(name, index + 1, headers, rows)


def read_workbook(path: Path) -> tuple[Sheet, Sheet | None]:
    """The case sheet and (if there is one) the consultations sheet of ``path``; ``ValidationError`` if unreadable.

    Only the first ``HEADER_SEARCH_ROWS`` rows of a sheet are read before its header is found: a sheet without
    one is left unread, and no sheet is read once both are found."""
    suffix = path.suffix.lower()
    book = None
    hidden: list[str] = []
    unsaved: dict[str, frozenset[tuple[int, int]]] = {}
    if suffix in (".xlsx", ".xlsm"):
        book = _open_xlsx(path)
        sources: Iterable[tuple[str, Iterator[list[Cell]]]] = _xlsx_sheets(book, hidden, unsaved)
    elif suffix in (".csv", ".txt"):
        sources = [(CASES_SHEET, iter(_read_csv(path)))]
    else:
        raise ValidationError({"file": _("Import reads .xlsx and .csv files; %(name)s is neither.") % {"name": path.name}})
    cases, consultations = None, None
    try:
        for name, rows in sources:
            head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
            index = _find_header(head, CASE_FIELDS) if cases is None else None
            headers = [str(c) for c in head[index] if c is not None] if index is not None else []
            if index is not None and header_score(headers, CASE_FIELDS) >= header_score(headers, CONSULTATION_FIELDS):
                cases = replace(_sheet(name, head, index, rows), unsaved=unsaved.get(name, frozenset()))
            elif consultations is None and (index := _find_header(head, CONSULTATION_FIELDS)) is not None:
                consultations = replace(_sheet(name, head, index, rows), unsaved=unsaved.get(name, frozenset()))
            if cases is not None and consultations is not None:
                break
    finally:
        if book is not None:
            book.close()
    if cases is None and hidden:
        raise ValidationError({"file": _("No header row with case columns (family name, given names, sex, "
                                         "citizenship…) was found in the first %(n)d rows of the visible sheets of "
                                         "%(name)s; hidden sheets (%(hidden)s) are not read: show the one with the "
                                         "cases in the spreadsheet program and save the file again.")
                               % {"n": HEADER_SEARCH_ROWS, "name": path.name,
                                  "hidden": ", ".join(f"“{title}”" for title in hidden)}})
    if cases is None:
        raise ValidationError({"file": _("No header row with case columns (family name, given names, sex, "
                                         "citizenship…) was found in the first %(n)d rows of %(name)s.")
                               % {"n": HEADER_SEARCH_ROWS, "name": path.name}})
    return cases, consultations


#: What an XLSX may unpack to. A workbook is a zip of XML: a caseload of 50,000 rows of eight columns is
#: about 24 MB of sheet XML, so 200 MB leaves room for any office's sheet, while a "zip bomb" (3.9 MB on disk,
#: 1.5 GB unpacked) was read whole, for minutes and 2 GB of memory, before it was found to be no case sheet.
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
#: Sheet XML packs about 10 to 20 times; more than 100 times (Apache POI's limit too) in a part above 1 MB is
#: a file made to unpack, not a spreadsheet.
MAX_XLSX_RATIO = 100
_RATIO_FROM = 1024 * 1024


def check_xlsx_size(path: Path) -> None:
    """Refuse, before anything is unpacked, a workbook whose parts would unpack to more than
    ``MAX_XLSX_UNPACKED`` or pack absurdly well. The sizes are those the zip declares; Python's ``zipfile``
    never unpacks an entry past its declared size (it stops there and the CRC check fails), so they bound
    what openpyxl can read."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError({"file": _("%(name)s cannot be read as an XLSX workbook.") % {"name": path.name}}) from exc
    total = sum(entry.file_size for entry in entries)
    if total > MAX_XLSX_UNPACKED:
        raise ValidationError({"file": _("%(name)s is not imported: it would unpack to %(size)s MB, more than a "
                                          "spreadsheet of cases can be (%(limit)s MB at most). Save the sheet again "
                                          "from the spreadsheet program, or split it into several files.")
                               % {"name": path.name, "size": format_number(total // (1024 * 1024)),
                                  "limit": format_number(MAX_XLSX_UNPACKED // (1024 * 1024))}})
    for entry in entries:
        ratio = entry.file_size // max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FROM and ratio > MAX_XLSX_RATIO:
            raise ValidationError({"file": _("%(name)s is not imported: a part of it unpacks to %(ratio)s times its "
                                              "size, which no spreadsheet does. Save the sheet again from the "
                                              "spreadsheet program.")
                                   % {"name": path.name, "ratio": format_number(ratio)}})


def _open_xlsx(path: Path) -> Any:
    from openpyxl import load_workbook

    check_xlsx_size(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged or foreign file
        raise ValidationError({"file": _("%(name)s cannot be read as an XLSX workbook.") % {"name": path.name}}) from exc


def _xlsx_sheets(book: Any, hidden: list[str],
                 unsaved: dict[str, frozenset[tuple[int, int]]]) -> Iterator[tuple[str, Iterator[list[Cell]]]]:
    """Each visible worksheet's title and its rows, read as they are asked for; the titles of hidden ones are added
    to ``hidden`` (an old copy or a list of values a person does not see is not the caseload they mean), and the
    cells holding a formula whose result was never saved to ``unsaved`` (they read as empty)."""
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            hidden.append(ws.title)
            continue
        if hasattr(ws, "reset_dimensions"):
            # A sheet's declared size (A1:XFD1048576 from some programs) would pad every row to 16,384 cells.
            ws.reset_dimensions()
        rows = ([_cell(_unguard(v) if isinstance(v, str) else v) for v in row] for row in ws.iter_rows(values_only=True))
        merged, unsaved[ws.title] = _scan_xml(ws)
        yield ws.title, (_filled(rows, merged) if merged else rows)


#: A merged range in a sheet's XML (``<mergeCell ref="A2:A4"/>``), read without parsing the whole sheet again.
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\"")
#: A formula cell without a saved result, as a program that writes formulas without computing them leaves it
#: (``<c r="D2"><f>…</f><v/></c>``). Excel and LibreOffice save every result; an empty text result has t="str".
_UNSAVED = re.compile(rb"<c\s+r=\"([A-Z]{1,3})(\d+)\"(?:\s+s=\"\d+\")?\s*>\s*<f[^>]*?(?:/>|>[^<]*</f>)\s*"
                      rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


_OVERLAP = 4096


def _scan_xml(ws: Any) -> tuple[dict[int, list[tuple[int, int]]], frozenset[tuple[int, int]]]:
    """Cells merged down one column (``case_key`` once for a household's rows), as {row: [(column, last row)]},
    numbered from 1, and the cells with a formula but no saved result. openpyxl's read-only sheets give neither;
    the sheet's XML is scanned for them without being parsed again."""
    from openpyxl.utils import column_index_from_string

    get_source = getattr(ws, "_get_source", None)  # WORKAROUND: openpyxl's read-only sheet has no merged_cells
    if get_source is None:
        return {}, frozenset()
    merges: dict[int, list[tuple[int, int]]] = {}
    unsaved: set[tuple[int, int]] = set()

    def read(text: bytes, before: int) -> None:  # the matches that start before ``before``
        for match in _MERGE.finditer(text):
            first, top, last, bottom = match.group(1), int(match.group(2)), match.group(3), int(match.group(4))
            if match.start() < before and first == last and bottom > top:
                merges.setdefault(top, []).append((column_index_from_string(first.decode()), bottom))
        unsaved.update((int(m.group(2)), column_index_from_string(m.group(1).decode()) - 1)
                       for m in _UNSAVED.finditer(text) if m.start() < before)

    tail = b""
    with get_source() as source:
        while chunk := source.read(1 << 20):
            text = tail + chunk
            read(text, len(text) - _OVERLAP)  # a match starting later is read with the next chunk
            tail = text[-_OVERLAP:]
    read(tail, len(tail))
    return merges, frozenset(unsaved)


def _filled(rows: Iterator[list[Cell]], merges: dict[int, list[tuple[int, int]]]) -> Iterator[list[Cell]]:
    """The rows with a value merged down a column repeated in every row of the merge, as the sheet shows it."""
    carried: dict[int, tuple[Cell, int]] = {}  # column -> (value, last row)
    for number, cells in enumerate(rows, start=1):
        for column, bottom in merges.get(number, ()):
            carried[column] = (cells[column - 1] if column <= len(cells) else None, bottom)
        for column, (value, bottom) in list(carried.items()):
            if number > bottom:
                del carried[column]
            elif value is not None:
                cells = cells + [None] * (column - len(cells))
                cells[column - 1] = value
        yield cells


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
    # A CSV file past the workbook limit is refused by its size, not read whole into memory (nor /dev/zero for ever).
    with path.open("rb") as stream:
        too_large = os.fstat(stream.fileno()).st_size > MAX_XLSX_UNPACKED
        data = b"" if too_large else stream.read(MAX_XLSX_UNPACKED + 1)
    if too_large or len(data) > MAX_XLSX_UNPACKED:
        raise ValidationError({"file": _("%(name)s is not imported: it is larger than a spreadsheet of cases can be "
                                          "(%(limit)s MB at most). Split it into several files.") % {
            "name": path.name, "limit": format_number(MAX_XLSX_UNPACKED // (1024 * 1024))}})
    text = decode_text(data)
    if text is None:
        raise ValidationError({"file": _("%(name)s is not a text file.") % {"name": path.name}})
    delimiter = _delimiter(text[:8192])
    # Only the delimiter is guessed: the sniffer also guesses the quoting from the first 8 KB, and a file whose
    # first quoted quote ("") comes later was read with quotes undoubled ('Gus "the" Man' became 'Gus "the"" Man"').
    # Every spreadsheet (and avrcase's own export) quotes as RFC 4180 does.
    # A cell is as long as the file may be: past csv's own limit (128 KB) a long note was an "internal error" of the
    # whole import, where the same cell in an XLSX is a problem of its row ("at most 4000 characters").
    csv.field_size_limit(max(csv.field_size_limit(), MAX_XLSX_UNPACKED))
    rows = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    # An empty row stays one short list, its cells not each read: a sheet saved with a million empty rows below the
    # data (",,,,," each) took minutes and 800 MB before the import said a word.
    return [[_cell(_unguard(v)) if v else None for v in row] if any(row) else [] for row in rows]


def _delimiter(head: str) -> str:
    """The delimiter (``,`` ``;`` or tab) under which the first rows hold a header of known columns, else the one
    Python's sniffer guesses. The sniffer alone gave up on an Excel semicolon file where a quoted address held a
    semicolon and a name an apostrophe (O'Brien, Дем'яненко), and the file was then read as one column."""
    best, best_score = "", 2
    for delimiter in (",", ";", "\t"):
        score = 0
        try:
            for row in itertools.islice(csv.reader(io.StringIO(head), csv.excel, delimiter=delimiter), HEADER_SEARCH_ROWS):
                score = max(score, header_score(row, CASE_FIELDS))
        except csv.Error:
            pass  # the head ends inside a quoted cell: the rows before it count
        if score > best_score:
            best, best_score = delimiter, score
    if best:
        return best
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


_STARTS = "".join(ch for ch in FORMULA_STARTS if ch not in "\t\r\n")
#: The quote the safe-cell rule put before a formula start after a delimiter, quote or line break inside a cell.
_INNER_GUARD = re.compile(f"([,;\t\r\n\"|][ \u3000]*)'([{re.escape(_STARTS)}])")


def _unguard(text: str) -> str:
    """Undo the safe-cell rule of avrcase's own CSV (``'=…`` was written for ``=…``), so an export imports back."""
    if len(text) > 1 and text[0] == "'" and text.startswith(FORMULA_STARTS, 1):
        text = text[1:]
    return _INNER_GUARD.sub(r"\1\2", text)
