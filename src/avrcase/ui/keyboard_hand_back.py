"""Hands the keyboard back to the window that had it before, when the window holding it closes.

A window manager does this by itself. With none (Xvfb, a kiosk, a remote X session) the X server gives the keyboard
to the screen's root when a focused window goes away: after a dialog's OK or Escape, a message box, or a closed case
file, nothing of the app had the keyboard and what the person typed next went nowhere until they clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from shiboken6 import isValid

_PASSING = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)


class KeyboardHandBack(QObject):
    """Remembers the order in which the app's windows had the keyboard, and hands it back when one is hidden."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self._history: list[QWindow] = []  # most recent last
        app.focusWindowChanged.connect(self._on_app_focus_window_changed)

    def _on_app_focus_window_changed(self, window: QWindow | None) -> None:
        if window is None or window.type() in _PASSING:
            return
        known = any(w is window for w in self._history)
        self._history = [w for w in self._history if isValid(w) and w is not window] + [window]
        if not known:
            window.visibleChanged.connect(self._on_window_visible_changed)

    def _on_window_visible_changed(self, visible: bool) -> None:
        if not visible and self.sender() is QGuiApplication.focusWindow():
            # Only the window holding the keyboard (not one closing in the background, nor while another
            # application has the keyboard); after the hide is done: the X server handles the unmap first, then this focus request.
            QTimer.singleShot(0, self._hand_back)

    def _hand_back(self) -> None:
        focus = QGuiApplication.focusWindow()
        if focus is not None and focus.isVisible():
            return  # a window of the app has the keyboard (a window manager handed it on, or a new window took it)
        self._history = [w for w in self._history if isValid(w)]
        for window in reversed(self._history):
            if window.isVisible() and window.windowState() != Qt.WindowState.WindowMinimized:
                window.requestActivate()
                return
