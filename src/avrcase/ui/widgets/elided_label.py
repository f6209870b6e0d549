"""A one-line label that gives up width first: its text elided in the middle, the whole of it in the tooltip.

For a long path in the status bar, so that it never pushes a warning beside it out of view; with ``wants_room`` it
takes the width of its whole text when there is some (who is signed in, an amount's preview) and gives it up to a
few characters when there is not. ``shorter`` forms of the text (who is signed in without "Signed in as", then the
name alone) are shown whole before any is elided: the name was cut in the middle while the words around it stayed.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """``full_text()`` is what was set; what is drawn is as much of it as fits ("/home/…/store.sqlite")."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, wants_room: bool = False):
        super().__init__(parent)
        self._full = ""
        self._shorter: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Preferred if wants_room else QSizePolicy.Policy.Ignored,
                           QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_full_text(text)

    def set_full_text(self, text: str, *shorter: str) -> None:
        """Show ``text`` (else the first of ``shorter`` that fits, else the last elided to the width there is); the
        tooltip holds it whole."""
        self._full, self._shorter = text, shorter
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        """The text as set, not elided."""
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 2 * self.margin() + 2,
                     super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(0, self.contentsRect().width() - 2 * self.margin())
        forms = (self._full, *self._shorter)
        fits = [form for form in forms if not room or self.fontMetrics().horizontalAdvance(form) <= room]
        super().setText(fits[0] if fits else self.fontMetrics().elidedText(forms[-1], Qt.TextElideMode.ElideMiddle, room))
