"""The main window's navigation panel: one row per page, a long row wrapped onto two lines rather than widening it.

In Russian "Предстоящие действия (43)" kept the panel 210 px wide (its minimum reserved the whole row with a
three-digit count), and the departures board beside it elided names at 1024 px. Rows now wrap at spaces (no text is
cut, so no tooltip is needed); the panel is never narrower than its longest word and starts no wider than
:data:`PREFERRED_MOST`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QListView, QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

#: The widest the panel starts (the person may drag it wider, up to :data:`WIDEST`); rows longer than this wrap.
PREFERRED_MOST = 160
WIDEST = 260
#: A count as wide as any the panel shows ("Follow-ups due (999)"), so a longer count never needs more room.
WIDEST_COUNT = "(999)"


class _WrappedRows(QStyledItemDelegate):
    """Each row as tall as its text wrapped to the panel's width. WORKAROUND: Qt's list view measured a row a little
    wider than the panel (one line), then drew it wrapped in the panel's width: "Предстоящие …" over an empty line.
    """

    def __init__(self, view: NavigationList):
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        at_width = QStyleOptionViewItem(option)
        at_width.rect = QRect(0, 0, self._view.row_width(), 1)  # the style wraps the text in the room it is drawn in
        return QSize(self._view.row_width(), super().sizeHint(at_width, index).height())


    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        if self._view.hasFocus() and index.row() == self._view.currentRow():
            # The keyboard's place: the chosen row is drawn alike with or without focus, and Tab reached the panel
            # unseen (walk 13). A line inside the row, in the colour of its text.
            painter.save()
            pen = QPen(option.palette.highlightedText().color())
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()


class NavigationList(QListWidget):
    """The pages' names, one row each, wrapped at spaces where the panel is narrow."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows laid out again (wrapped or not) as the width changes
        self.setSpacing(3)
        self.setMaximumWidth(WIDEST)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappedRows(self))
        self.model().rowsInserted.connect(self._on_rows_changed)
        self.model().dataChanged.connect(self._on_rows_changed)

    def row_width(self) -> int:
        """The width every row is laid out and drawn in: the panel's, less the spacing around the rows."""
        return self.viewport().width() - 2 * self.spacing()

    def _chrome(self) -> int:
        """What a row's text does not get of the panel's width: the frame, the spacing and the item's margins."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        return 2 * self.frameWidth() + 2 * self.spacing() + 2 * margin + 2

    def _texts(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def minimumSizeHint(self) -> QSize:
        """As narrow as the longest word of any row (with a three-digit count): rows wrap, no word is cut."""
        metrics = self.fontMetrics()
        words = [word for text in self._texts() for word in text.split()] + [WIDEST_COUNT]
        widest = max(metrics.horizontalAdvance(word) for word in words)
        return QSize(widest + self._chrome(), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        """Every row on one line (with a count) where that takes no more than :data:`PREFERRED_MOST` pixels."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(text) for text in self._texts()), default=0)
        whole = widest + metrics.horizontalAdvance(" " + WIDEST_COUNT) + self._chrome()  # and a count beside it
        width = max(self.minimumSizeHint().width(), min(whole, PREFERRED_MOST))
        return QSize(width, super().sizeHint().height())

    def _on_rows_changed(self, *_args) -> None:
        """A row added or renamed (a new count) may have a longer word: the splitter asks again."""
        self.updateGeometry()
