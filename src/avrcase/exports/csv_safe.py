"""CSV that is safe to open in a spreadsheet: cells that could run as formulas are neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

#: A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The text of a cell; a leading formula character is escaped with a single quote."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        # Plain negative numbers stay numbers; anything else starting with "-" is text.
        if text.startswith("-") and _is_number(text):
            return text
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write UTF-8 CSV with a header row; return the number of data rows written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        count += 1
    return count
