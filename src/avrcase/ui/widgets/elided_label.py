"""A one-line label that gives up width first: its text elided in the middle, the whole of it in the tooltip.

For a long path in the status bar, so that it never pushes a warning beside it out of view; with ``wants_room`` it
takes the width of its whole text when there is some (who is signed in, an amount's preview) and gives it up to a
few characters when there is not. ``shorter`` forms of the text (who is signed in without "Signed in as", then the
name alone) are shown whole before any is elided: the name was cut in the middle while the words around it stayed.
With a ``path`` in its text, only the path's folder gives way: the words around it ("Хранилище:") and the file's
name stay whole ("Хранили....sqlite" read neither).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def elide_folder(metrics: QFontMetrics, text: str, path: str, room: int) -> str:
    """``text`` fitted into ``room`` pixels by eliding the middle of the folder of ``path`` (found in ``text``): the
    rest of ``text`` and the file's name stay whole. Where even "…/name" does not fit beside the words, the words
    still stay whole and the path gives way in its middle ("Хранилище: /ho…ite")."""
    at = text.find(path) if path else -1
    if at < 0 or metrics.horizontalAdvance(text) <= room:
        return text
    before, after = text[:at], text[at + len(path):]
    cut = max(path.rfind("/"), path.rfind("\\"))
    spare = room - metrics.horizontalAdvance(before + path[cut:] + after)
    if cut > 0 and spare >= metrics.horizontalAdvance("…"):
        return before + (metrics.elidedText(path[:cut], Qt.TextElideMode.ElideMiddle, spare) or "…") + path[cut:] + after
    rest = room - metrics.horizontalAdvance(before)
    if rest > metrics.horizontalAdvance("…"):
        return before + metrics.elidedText(path + after, Qt.TextElideMode.ElideMiddle, rest)
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)


class ElidedLabel(QLabel):
    """``full_text()`` is what was set; what is drawn is as much of it as fits ("/home/…/store.sqlite")."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, wants_room: bool = False):
        super().__init__(parent)
        self._full = self._path = ""
        self._shorter: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Preferred if wants_room else QSizePolicy.Policy.Ignored,
                           QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_full_text(text)

    def set_full_text(self, text: str, *shorter: str) -> None:
        """Show ``text`` (else the first of ``shorter`` that fits, else the last elided to the width there is); the
        tooltip holds it whole."""
        self._full, self._shorter, self._path = text, shorter, ""
        self.setToolTip(text)
        self._elide()

    def set_path_text(self, text: str, path: str) -> None:
        """Show ``text``, which holds ``path``; when it does not fit, only the path's folder is elided."""
        self.set_full_text(text)
        self._path = path
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
        if self._path:
            super().setText(elide_folder(self.fontMetrics(), self._full, self._path, room) if room else self._full)
            return
        forms = (self._full, *self._shorter)
        fits = [form for form in forms if not room or self.fontMetrics().horizontalAdvance(form) <= room]
        super().setText(fits[0] if fits else self.fontMetrics().elidedText(forms[-1], Qt.TextElideMode.ElideMiddle, room))
