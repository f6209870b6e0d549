"""The case list's columns fitted to the window, so that it never scrolls sideways while there is a way to fit.

A narrow window (1024 pixels in Russian) first narrows the country, stage and counsellor columns down to their
headers, then puts the headers on two lines and the case number and date at their text, then narrows those columns
further (their text elided, the whole of it in the tooltip), and the name last. With room again, the columns are
as they were set (the defaults, or as the person dragged them).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtWidgets import QTableView

from avrcase.ui.models.case_table import (
    COL_NUMBER,
    COL_PRINCIPAL,
    COL_REGISTERED,
    COL_VULNERABLE,
    ELIDED_COLUMNS,
    CaseTableModel,
)
from avrcase.ui.widgets.header_fit import give_way, header_width, text_width

#: The narrowest an elided column gets, in widths of "M" ("Узбеки…", "Консул…").
ELIDED_EMS = 6
#: Rows whose names size the name column (the first page, those in view at the start).
NAME_ROWS = 200
#: The narrowest the name gets, in widths of "M", once every other column has given all it can.
NAME_EMS = 12


def two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle ("Country of" over "return"); one word stays on one line."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(len(text) - 2 * i))
    return text[:middle] + "\n" + text[middle + 1:]


class CaseColumnFit(QObject):
    """Fits ``table``'s columns to its viewport whenever that is resized; ``preferred`` are the widths with room."""

    def __init__(self, table: QTableView, model: CaseTableModel, longest_date: str):
        super().__init__(table)
        self._table, self._model, self._longest_date = table, model, longest_date
        self._fitting = False
        self._widest: tuple[tuple[tuple[str, ...], str], int] | None = None  # (names, font): width
        self.preferred: dict[int, int] = {}
        table.horizontalHeader().sectionResized.connect(self._on_header_section_resized)
        table.viewport().installEventFilter(self)

    def remember(self) -> None:
        """Take the columns' widths now as the ones wanted when there is room."""
        header = self._table.horizontalHeader()
        self.preferred = {column: header.sectionSize(column) for column in range(header.count())}

    def saved_state(self) -> QByteArray:
        """The header's state with the preferred widths (not those a narrow window squeezed them to)."""
        self._resize(self.preferred)
        state = self._table.horizontalHeader().saveState()
        self.fit()
        return state

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """The preferred widths, narrowed as little as needed to bring every column into view."""
        table, header = self._table, self._table.horizontalHeader()
        room = table.viewport().width()
        if room <= 0 or not self.preferred:
            return
        shown = [c for c in self.preferred if c < header.count() and not header.isSectionHidden(c)]
        widths = {c: self.preferred[c] for c in shown}
        em = table.fontMetrics().horizontalAdvance("M")
        sorting = table.isSortingEnabled()
        texts = {c: self._whole_header(c) for c in shown if c != COL_VULNERABLE}  # the mark is not cut

        def excess() -> int:
            return sum(widths.values()) - room

        def squeeze(columns, floor) -> None:
            columns = [c for c in columns if c in widths]
            widths.update(give_way({c: widths[c] for c in columns}, {c: floor(c) for c in columns}, excess()))

        def least(column: int) -> int:
            header_room = header_width(header, column, any_sorted=sorting, text=texts[column])
            return max(ELIDED_EMS * em, header_room)

        squeeze(ELIDED_COLUMNS, least)  # nothing cut yet: down to the headers
        squeeze((COL_PRINCIPAL,), lambda _c: max(NAME_EMS * em, self._widest_name(), least(COL_PRINCIPAL)))
        if excess() > 0:
            texts = {c: two_lines(text) for c, text in texts.items()}
            for column, text in ((COL_NUMBER, self._first_case_number()), (COL_REGISTERED, self._longest_date)):
                if column in widths and text:
                    widths[column] = min(widths[column], max(text_width(table, text), least(column)))
            squeeze(ELIDED_COLUMNS, least)  # down to the headers on two lines
            squeeze(ELIDED_COLUMNS, lambda _c: ELIDED_EMS * em)  # elided, whole in the tooltips
            squeeze((COL_PRINCIPAL,), lambda _c: NAME_EMS * em)
        self._resize(widths)
        self._model.set_header_texts({c: self._elided(c, text, widths[c]) for c, text in texts.items()
                                      if text != self._whole_header(c) or least(c) > widths[c]})

    def _whole_header(self, column: int) -> str:
        return str(self._model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or "")

    def _elided(self, column: int, text: str, width: int) -> str:
        """``text`` with each line cut short to fit ``width`` ("Гражд…"; Qt would clip it at both ends)."""
        header = self._table.horizontalHeader()
        spare = width - header_width(header, column, any_sorted=self._table.isSortingEnabled(), text="")
        metrics = header.fontMetrics()
        return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, spare) for line in text.split("\n"))

    def _widest_name(self) -> int:
        """The width the longest name of the rows read so far needs (the first page: those in view).

        Measured once for the same names in the same font: the window's first show fits the columns four times,
        each measuring 200 names (#14)."""
        count = min(self._model.rowCount(), NAME_ROWS)
        names = tuple(str(self._model.index(row, COL_PRINCIPAL).data() or "") for row in range(count))
        if not names:
            return 0
        asked = (names, self._table.font().key())
        if self._widest is None or self._widest[0] != asked:
            metrics = self._table.fontMetrics()  # text_width is a name's advance plus the cell's margins
            widest = max(metrics.horizontalAdvance(name) for name in names)
            self._widest = (asked, text_width(self._table, "") + widest)
        return self._widest[1]

    def _first_case_number(self) -> str:
        return str(self._model.index(0, COL_NUMBER).data() or "") if self._model.rowCount() else ""

    def _resize(self, widths: dict[int, int]) -> None:
        header = self._table.horizontalHeader()
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _on_header_section_resized(self, column: int, _old: int, new: int) -> None:
        if not self._fitting and self.preferred:  # dragged by the person: their width, wanted when there is room
            self.preferred[column] = new
