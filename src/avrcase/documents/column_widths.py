"""Column widths of a document's list tables that keep every word whole where the page has room for it."""

from __future__ import annotations

from collections.abc import Sequence


def longest_word(cell: object) -> float:
    """The width of the longest word of a cell laid out as a paragraph (0 for an empty or other cell)."""
    measure = getattr(cell, "minWidth", None)
    if measure is None:
        return 0.0
    try:
        return float(measure())
    except (AttributeError, IndexError, TypeError, ValueError):  # a flowable that cannot say before its layout
        return 0.0


def widths_for_whole_words(widths: Sequence[float], rows: Sequence[Sequence[object]], padding: float) -> list[float]:
    """``widths`` moved about so each column is as wide as its longest word plus ``padding``, taken from the
    columns with room to spare (in proportion to it): "Таджикистан" in a citizenship column was hyphenated as
    "Таджики-стан", "Afganistanas" as "Afganista-nas", beside a name column with room for both.

    Where the spare room is not enough, each column short of room gets its share of what there is, and the
    words that still do not fit are hyphenated as before. The table's total width never changes.
    """
    needs = [padding + max((longest_word(row[i]) for row in rows if i < len(row)), default=0.0)
             for i in range(len(widths))]
    short = [max(0.0, need - width) for need, width in zip(needs, widths)]
    spare = [max(0.0, width - need) for need, width in zip(needs, widths)]
    wanted, room = sum(short), sum(spare)
    if wanted <= 0 or room <= 0:
        return list(widths)
    given = min(wanted, room)
    return [width + given * s / wanted - given * r / room for width, s, r in zip(widths, short, spare)]
