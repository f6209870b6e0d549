"""A heading label with room above its first line for a capital's stacked marks (NGUYỄN, not NGUYÊN).

Qt draws a rich-text or selectable label clipped to its first line, and a line is only as tall as the font's
ascent: the tilde above the circumflex of "Ễ", the accent above the diaeresis of "Ǘ", were cut off and a Vietnamese
family name in capitals read as another name. Plain, non-selectable text in a bold, larger font, with a margin
above that the marks are drawn into, keeps them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

#: Capitals with the tallest marks the names we print use (Vietnamese, Pinyin, Latvian, Yoruba…).
TALL_CAPITALS = "ỄẾỀỂǗǛǙǕḮ"
#: A heading is this much larger than the window's text (Qt's ``<h2>``).
HEADING_SCALE = 1.5


class TitleLabel(QLabel):
    """A word-wrapped bold heading in plain text, its capitals' marks never cut off.

    WORKAROUND: not selectable with the mouse: Qt's text control clips the first line to the font's ascent.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *, scale: float = HEADING_SCALE):
        super().__init__(parent)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * scale)
        self.setFont(font)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        make_room_for_marks(self)
        self.setText(text)


def make_room_for_marks(label: QLabel) -> None:
    """Give a plain-text, non-selectable ``label`` a margin above as tall as its font's capitals' stacked marks reach past the line
    ("Returning with the principal applicant NGUYỄN…" was drawn "NGUYËN", the tilde's top cut off)."""
    metrics = QFontMetrics(label.font())
    above = max(0, -metrics.boundingRect(TALL_CAPITALS).top() - metrics.ascent())
    margins = label.contentsMargins()
    label.setContentsMargins(margins.left(), max(margins.top(), above + 1), margins.right(), margins.bottom())
