"""The mouse wheel scrolls a form; it never changes an answer the user is not working in.

Qt lets the wheel change a spin box, a date, a combo box or a slider as soon as the pointer passes over
it, so scrolling a long form (a survey, a plan) silently turned answers ("Yes" to "No", a score from 1.00
to 0.80). ``WheelGuard``, installed once on the application, passes the wheel to the scroll area around
such a field unless the field has the keyboard focus (the user clicked or tabbed into it).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget

_GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)


class WheelGuard(QObject):
    """An application-wide event filter: see the module's note."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, _GUARDED) or watched.hasFocus():
            return False
        if isinstance(watched, QScrollBar):
            return False  # scroll bars are what the wheel is for
        area = _scroll_area_of(watched)
        if area is not None:
            QCoreApplication.sendEvent(area.verticalScrollBar(), event)
        return True


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard on ``app`` once; returns it (the app owns it)."""
    for child in app.children():
        if isinstance(child, WheelGuard):
            return child
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
