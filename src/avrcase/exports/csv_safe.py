"""One safe-cell rule for every CSV and XLSX writer.

A spreadsheet runs a cell as a formula when its text starts with ``= + - @`` (or a tab or carriage
return, which some programs strip first); full-width forms (``＝ ＋ － ＠``) are folded to those by some
locales' input methods and import filters. Such a cell gets a leading single quote. A CSV cell holding
a delimiter of any locale (``,`` ``;`` tab), a quote or a line break is always quoted, so a program
that splits on ``;`` (the default in Lithuanian and most European locales) cannot cut a cell into
pieces that start a formula. Quoting alone is not enough: a reader splitting on ``;`` treats the
quotes of a comma-separated file as text, so a formula start that follows a delimiter, quote or line
break *inside* a cell (``Mo;=1+1;x``) gets a single quote too (``Mo;'=1+1;x``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TextIO

#: A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\u2212",
                  "\ufe62", "\ufe63", "\ufe66")

_STARTS_CLASS = "=+\\-@\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66"
#: A formula start right after a delimiter of any locale, a quote or a line break (spaces between).
_INNER_START = re.compile(f"([,;\t\r\n\"|][ \u3000]*)([{_STARTS_CLASS}])")

#: A CSV cell holding any of these is quoted: the delimiters of every locale, the quote, line breaks.
_QUOTE_WHEN = (",", ";", "\t", "\r", "\n", '"', "|")


def safe_cell(value: object) -> str:
    """The text of a cell; a leading formula character is escaped with a single quote.

    Plain numbers stay numbers (``-12.5``), anything else starting with a formula character is text.
    """
    text = "" if value is None else str(value)
    if text.startswith("-") and _is_number(text):
        return text
    text = _INNER_START.sub(r"\1'\2", text)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    if not all(c in "0123456789.-eE" for c in text):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def quote_cell(text: str) -> str:
    """The CSV form of an already safe cell: quoted when it holds a delimiter of any locale."""
    if any(c in text for c in _QUOTE_WHEN):
        return '"' + text.replace('"', '""') + '"'
    return text


#: Characters that make ``safe_cell`` or ``quote_cell`` change a cell: a formula start in first place, or
#: anywhere a delimiter, quote or line break (``_INNER_START`` and ``_QUOTE_WHEN`` need one of these).
_FIRST_CHARS = frozenset(FORMULA_STARTS)
_DELIMITERS = re.compile("[" + re.escape("".join(_QUOTE_WHEN)) + "]")


def csv_cell(value: object) -> str:
    """``quote_cell(safe_cell(value))``, with a quick path for the common cell that neither rule changes."""
    text = "" if value is None else str(value)
    if (not text or text[0] not in _FIRST_CHARS) and _DELIMITERS.search(text) is None:
        return text
    return quote_cell(safe_cell(value))


def csv_line(cells: Iterable[object]) -> str:
    """One CSV line (comma-separated, ``\\n``-terminated) of safe, quoted cells."""
    texts = ["" if v is None else v if v.__class__ is str else str(v) for v in cells]
    return _as_they_are([texts]) or ",".join([csv_cell(t) for t in texts]) + "\n"


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write UTF-8 CSV with a header row; return the number of data rows written."""
    stream.write(csv_line(header))
    count = 0
    for row in rows:
        stream.write(csv_line(row))
        count += 1
    return count


#: In lines joined with commas and line breaks: a delimiter other than those, or a quote; a formula start
#: at the start of a cell that is not the first of the text. Looked for by plain substring searches, a
#: fraction of a regular expression's time over a page of names in many scripts (#14).
_OTHERS_IN_LINES = tuple(c for c in _QUOTE_WHEN if c not in ",\n")
_STARTS_IN_LINES = tuple(c for c in FORMULA_STARTS if c not in "\t\r\n")  # the characters of _STARTS_CLASS


def _a_cell_starts_a_formula(text: str) -> bool:
    """A formula character right after a comma or a line break; the pairs are searched for only for the
    characters the text holds at all (a hyphen, usually: names and dates have them)."""
    return any(c in text and ("," + c in text or "\n" + c in text) for c in _STARTS_IN_LINES)


def _as_they_are(rows: Sequence[Sequence[str]]) -> str | None:
    """The CSV lines of ``rows`` (of text) when no cell needs the safe-cell rule, else ``None``.

    Checked on the whole text at once: no comma or line break inside a cell (the counts match), no other
    delimiter or quote, no formula character starting a cell. ``csv_cell`` leaves such cells as they are.
    """
    text = "\n".join([",".join(row) for row in rows]) + "\n"
    return text if all(rows) and lines_as_they_are(text, len(rows), sum(map(len, rows))) else None


def lines_as_they_are(text: str, rows: int, cells: int) -> bool:
    """Whether ``text``, ``rows`` lines of ``cells`` cells in all joined with commas (each line ending in a line
    break), is exactly the CSV of those cells: no cell needs the safe-cell rule or quotes (see ``_as_they_are``).
    A listing writes its lines straight from the rows it read and checks them here, a page at a time (#14)."""
    return (text.count(",") == cells - rows and text.count("\n") == rows and text[:1] not in _FIRST_CHARS
            and not any(c in text for c in _OTHERS_IN_LINES) and not _a_cell_starts_a_formula(text))


def csv_lines(rows: Sequence[Sequence[object]]) -> str:
    """The CSV lines of ``rows``: exactly ``"".join(csv_line(row) for row in rows)``, checked a page at a time
    when every cell is text (property-tested)."""
    try:
        text = _as_they_are(rows)  # type: ignore[arg-type]  # a cell that is not text: TypeError
    except TypeError:
        text = None
    return text if text is not None else "".join([csv_line(row) for row in rows])


