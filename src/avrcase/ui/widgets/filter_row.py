"""A search field and filter combos on one line, the combos' "all" entries read whole where the line has room.

Stretch factors shared the line in fixed proportions, so on a 1024-pixel screen the search field kept room it
did not need while "Все консультанты" read "Все консульт". Here each combo first gets the width its "all"
entry (or its placeholder) needs, the search field the rest; only on a narrower window do the combos give way,
in proportion, down to a few letters (the chosen entry is then elided, the list shows it whole).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QWidget

SPACING = 6
SEARCH_LEAST_EMS = 9  # the search field keeps room for a short name before a combo gives way
COMBO_LEAST_EMS = 5


def wanted_width(combo: QComboBox) -> int:
    """The width at which ``combo`` shows its first entry (or, when editable and empty, its placeholder) whole."""
    combo.ensurePolished()
    text = combo.lineEdit().placeholderText() if combo.isEditable() and combo.lineEdit() else ""
    text = max(text, combo.itemText(0) if combo.count() else "", key=combo.fontMetrics().horizontalAdvance)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    metrics = combo.fontMetrics()
    contents = QSize(metrics.horizontalAdvance(text) + 12, metrics.height())  # + the edit field's own margins
    return combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, contents, combo).width()


def shares(room: int, wants: Sequence[int], floors: Sequence[int]) -> list[int]:
    """``room`` shared among widgets wanting ``wants``: each its want while the sum fits, else in proportion to
    the wants, never below its floor."""
    if sum(wants) <= room:
        return list(wants)
    scale = max(room, 0) / max(sum(wants), 1)
    return [max(floor, int(want * scale)) for want, floor in zip(wants, floors, strict=True)]


class FilterRow(QWidget):
    """``search`` on the left taking what the ``combos`` leave; see the module's docstring."""

    def __init__(self, search: QWidget, combos: Sequence[QComboBox], parent: QWidget | None = None):
        super().__init__(parent)
        self.search = search
        self.combos = list(combos)
        for widget in (search, *self.combos):  # in this order: Tab goes from the search field along the combos
            widget.setParent(self)

    def _em(self) -> int:
        return self.fontMetrics().horizontalAdvance("M")

    def _search_least(self) -> int:  # never below the field's own minimum: Qt would widen it over a combo
        return max(self._em() * SEARCH_LEAST_EMS, self.search.minimumWidth(), self.search.minimumSizeHint().width())

    def _height(self) -> int:
        return max(w.sizeHint().height() for w in (self.search, *self.combos))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        wants = sum(wanted_width(c) for c in self.combos) + SPACING * len(self.combos)
        return QSize(wants + self.search.sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        least = self._search_least() + self._em() * COMBO_LEAST_EMS * len(self.combos)
        return QSize(least + SPACING * len(self.combos), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.place()

    def place(self) -> None:
        """Set each widget's geometry for the row's present width."""
        em, height = self._em(), self._height()
        room = self.width() - SPACING * len(self.combos) - self._search_least()
        widths = shares(room, [wanted_width(c) for c in self.combos], [em * COMBO_LEAST_EMS] * len(self.combos))
        search_width = self.width() - sum(widths) - SPACING * len(self.combos)
        top = (self.height() - height) // 2
        self.search.setGeometry(QRect(0, top, search_width, height))
        x = search_width + SPACING
        for combo, width in zip(self.combos, widths, strict=True):
            combo.setGeometry(QRect(x, top, width, height))
            x += width + SPACING
