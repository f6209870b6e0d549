"""Case numbers as staff say them: office code, year, sequence (``VNO-2026-00042``)."""

from __future__ import annotations

import re

_PATTERN = re.compile(r"^([A-Z]{2,6})-(\d{4})-(\d{5,})$")


def format_case_number(office_code: str, year: int, sequence: int) -> str:
    """The case number for the ``sequence``-th case of ``year`` in an office."""
    return f"{office_code}-{year:04d}-{sequence:05d}"


def parse_case_number(text: str) -> tuple[str, int, int] | None:
    """(office, year, sequence) for a well-formed case number, else ``None``."""
    match = _PATTERN.match(text.strip().upper())
    if not match:
        return None
    return match.group(1), int(match.group(2)), int(match.group(3))


#: Dashes a word processor or another keyboard puts where a case number has its hyphen (‐ ‑ ‒ – — ― − ﹣).
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), "-")


def typed_case_number(text: str) -> str:
    """A case number as typed or pasted, written as the store writes it: trimmed, in capitals, its digits ASCII
    (``VNO-２０２６-٠٠٠٤٢`` from an East Asian or Arabic keyboard is ``VNO-2026-00042``), its dashes hyphens."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).translate(_DASHES).strip().upper()
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in folded)
