"""Upcoming departures as the row-table model: ready cases stand out in green with a ✓, others say what is missing.

Colour is never the only sign: the last column, "Ready", says "✓ Ready to fly" or "✗" and names what is missing
(one item a line in the tooltip). It was two columns, "Ready" ("✗ 4 missing") and "Missing"; at 1024 px the two
left the names seven letters ("BERIDZ…") and the missing items scrolled out of view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from avrcase.i18n import N_, NP_, _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.travel.dto import DepartureRow
from avrcase.ui import palette
from avrcase.ui.models.row_table import Column, Index, RowTableModel
from avrcase.ui.models.travel_text import (
    DONE_SIGN,
    L_READY_TO_FLY,
    MISSING_SIGN,
    clock_time,
)

(COL_DATE, COL_TIME, COL_CASE, COL_PERSON, COL_TRAVELLERS, COL_ROUTE, COL_FLIGHT, COL_FINAL, COL_READY) = range(9)
#: Columns whose header is set on two lines (names and places: the board narrows them first).
WRAPPED_HEADERS = frozenset({COL_PERSON, COL_FINAL, COL_TIME})
#: "Travellers" and "Final destination" have a board's own wording, as short as a language allows: the columns
#: keep "Ready" in view at 1024 px (Russian's "Конечный пункт назначения" and "Пассажиры" pushed it out).
_HEADERS = (N_("Date"), N_("Time (local)"), N_("Case number"), N_("Principal applicant"),
            NP_("departures board", "Travellers"), N_("Route"), N_("Flight"),
            NP_("departures board", "Final destination"), N_("Ready"))
_READY_BACKGROUND = QColor(palette.DONE_BACKGROUND)
_READY_TEXT = QColor(palette.DONE)
_MISSING_TEXT = QColor(palette.ERROR)


def ready_text(item: DepartureRow) -> str:
    """"✓ Ready to fly", or "✗" and what is missing ("✗ Ticket not issued for BERIDZE Nino. …")."""
    if item.ready:
        return f"{DONE_SIGN} {_(L_READY_TO_FLY)}"
    return f"{MISSING_SIGN} " + " ".join(item.missing)


def _ready_tip(item: DepartureRow) -> str:
    if item.ready:
        return ready_text(item)
    n = len(item.missing)
    return "\n".join([f"{MISSING_SIGN} " + ngettext("%(n)d missing", "%(n)d missing", n) % {"n": n}, *item.missing])


def _ready_colour(item: DepartureRow) -> QColor:
    return _READY_TEXT if item.ready else _MISSING_TEXT


def _departs(item: DepartureRow) -> str:
    return item.departure_at.isoformat()


COLUMNS: tuple[Column[DepartureRow], ...] = (
    Column(_HEADERS[COL_DATE], lambda d: format_date(d.departure_date), sort=_departs),
    Column(_HEADERS[COL_TIME], lambda d: clock_time(d.departure_at, d.origin_tz), sort=_departs),
    Column(_HEADERS[COL_CASE], lambda d: d.case_number),
    Column(_HEADERS[COL_PERSON], lambda d: d.principal_name),
    Column(_HEADERS[COL_TRAVELLERS], lambda d: str(d.travellers), sort=lambda d: d.travellers, numeric=True),
    Column(_HEADERS[COL_ROUTE], lambda d: d.route),
    Column(_HEADERS[COL_FLIGHT], lambda d: d.flight),
    Column(_HEADERS[COL_FINAL], lambda d: d.final_destination),
    Column(_HEADERS[COL_READY], ready_text, sort=lambda d: len(d.missing), colour=_ready_colour, tooltip=_ready_tip),
)


class DeparturesTableModel(RowTableModel[DepartureRow]):
    """Departures of one period (the service limits it to a year), loaded at once, earliest first; the row-table
    model with a green background for ready cases, a bold Ready column and headers set on two lines."""

    def __init__(self, parent=None):
        super().__init__(COLUMNS, parent)

    def departure(self, row: int) -> DepartureRow:
        """The row DTO."""
        return self.row(row)

    def ready_count(self) -> int:
        """How many of the listed cases are ready to fly."""
        return sum(1 for row in self.rows if row.ready)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # Two lines where a header is longer than its column needs to be: ten columns fit a laptop.
            text = _(_HEADERS[section])
            return two_lines(text) if section in WRAPPED_HEADERS else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_READY_BACKGROUND) if self.row(index.row()).ready else None
        if role == Qt.ItemDataRole.FontRole and index.column() == COL_READY and self.row(index.row()).ready:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return super().data(index, role) or None
        return super().data(index, role)


def two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle ("Final\ndestination"); one word stays one line."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(2 * i - len(text)))
    return text[:middle] + "\n" + text[middle + 1:]
