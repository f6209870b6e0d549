"""Room in the status bar for a message (a menu item's status tip, "Backup made: …") to read whole.

Qt draws the message left of the permanent widgets (the case count, who is signed in, the backup note), so in
Russian "Зарегистрировать человека или семью" was cut after "Зарегистрировать ч" by "Вы вошли как …". While a
message is shown, the permanent widgets it needs the room of step aside, the leftmost first (the backup note on
the right last); they come back when the message is gone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QWidget

#: Qt's margins around the message: 6 pixels on its left, 2 before the first permanent widget and some play.
MESSAGE_MARGINS = 12


class MessageRoom(QObject):
    """Watches ``bar``'s messages and hides the permanent widgets in their way until each is cleared."""

    def __init__(self, bar: QStatusBar):
        super().__init__(bar)
        self._bar = bar
        self._stepped_aside: list[QWidget] = []
        bar.messageChanged.connect(self._on_bar_message_changed)

    def _on_bar_message_changed(self, message: str) -> None:
        for widget in self._stepped_aside:
            widget.show()
        self._stepped_aside = []
        if not message:
            return
        bar = self._bar
        # Qt hid the ordinary widgets for the message: the ones still shown are the permanent ones.
        children = [w for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                    if w.isVisible()]
        shown = sorted((w for w in children if not isinstance(w, QSizeGrip)), key=lambda w: w.x())
        spacing = bar.layout().spacing() if bar.layout() else 0
        needed = bar.fontMetrics().horizontalAdvance(message) + MESSAGE_MARGINS
        room = bar.width() - sum(w.width() + spacing for w in children)
        for widget in shown:
            if room >= needed:
                break
            widget.hide()
            self._stepped_aside.append(widget)
            room += widget.width() + spacing

