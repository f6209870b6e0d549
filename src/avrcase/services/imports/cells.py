"""What every reader of a cell shares: the cell's text folded for comparing, and the error of a cell that cannot be
read (its message goes into the report)."""

from __future__ import annotations

import re
import unicodedata


class CellError(ValueError):
    """A cell that cannot be read; the message is for the report."""


def fold(text: str) -> str:
    """Case-folded, accents dropped, inner spaces collapsed."""
    value = unicodedata.normalize("NFKD", text).casefold()
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", value).strip()
