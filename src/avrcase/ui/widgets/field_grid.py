"""A two-column form layout where every field has its own error label underneath."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from avrcase.ui import palette
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors


class Caption(QLabel):
    """A field's caption on one line where there is room, wrapped where there is not: in Russian on a 1024-pixel
    screen "Фамилия (в оригинальном написании):" made the case form scroll sideways."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As wide as the text on one line (a wrapping label asks for less, and wrapped where it had room)."""
        margins = self.contentsMargins()
        shown = self.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        width = self.fontMetrics().horizontalAdvance(shown) + margins.left() + margins.right() + 2 * self.margin() + 2
        return QSize(width, self.heightForWidth(width))


class FieldGrid(QGridLayout):
    """Label/field pairs in ``columns`` columns; ``add`` registers the field's ErrorLabel under a path."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None, *, columns: int = 2):
        super().__init__(parent)
        self.errors = errors
        self._columns = columns
        self._next = 0
        self.setHorizontalSpacing(12)
        self.setVerticalSpacing(6)
        for column in range(columns):
            self.setColumnStretch(column * 2 + 1, 1)

    def add(self, label: str, field: QWidget, path: str | None = None, *, span: bool = False,
            rest_of_row: bool = False) -> ErrorLabel:
        """Place ``field`` in the next cell (a whole row when ``span``, the cells left in its row when
        ``rest_of_row``) with its error label."""
        if span and self._next % self._columns:
            self._next += self._columns - self._next % self._columns
        row, column = divmod(self._next, self._columns)
        cells = self._columns - column if span or rest_of_row else 1
        caption = Caption(label)
        caption.setBuddy(field)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, 4, 0, 0)
        box = QVBoxLayout()
        box.setSpacing(palette.TIGHT_SPACING)
        box.addWidget(field)
        error = ErrorLabel()
        box.addWidget(error)
        box.addStretch(1)  # a message beside a taller neighbour stays under its own field
        self.addWidget(caption, row, column * 2)
        self.addLayout(box, row, column * 2 + 1, 1, cells * 2 - 1)
        self._next += cells
        if path:
            self.errors.add(path, error, field)
        return error

    def close_rows(self) -> None:
        """Let the space below the last row stay empty instead of spreading the rows apart."""
        self.setRowStretch(self.rowCount(), 1)
