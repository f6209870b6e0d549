"""The dashboard's key figures: each a large number over its label, four to a row, the detail in a tooltip."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

if TYPE_CHECKING:
    from avrcase.services.statistics.figures import KeyFigure

#: Key figures per row.
FIGURES_PER_ROW = 4


class KeyFiguresFrame(QFrame):
    """Shows a sequence of key figures; each value label is named ``figure_<name>`` (for tests and screen readers)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(24)

    def show_figures(self, figures: Iterable[KeyFigure]) -> None:
        """Replace the figures shown with ``figures`` (none: an empty frame)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # out of findChild at once, not only when deleted later
                widget.deleteLater()
        for index, figure in enumerate(figures):
            row, column = 2 * (index // FIGURES_PER_ROW), index % FIGURES_PER_ROW
            value = QLabel(figure.text)
            value.setObjectName(f"figure_{figure.name}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            value.setFont(font)
            label = QLabel(figure.label)
            label.setWordWrap(True)
            label.setContentsMargins(0, 0, 0, 10)  # a gap before the next row of figures
            self.grid.addWidget(value, row, column)
            self.grid.addWidget(label, row + 1, column)
            if figure.detail:
                label.setToolTip(figure.detail)
                value.setToolTip(figure.detail)
