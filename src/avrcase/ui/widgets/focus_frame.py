"""The keyboard's place is drawn wherever the app puts it, not only after a Tab.

Qt draws the focus frame of a combo box, button or check box only while its window is marked as "moved by the
keyboard", and any focus the app sets itself (a dialog's first field, the relationship of a member just added,
the first field with a message, a tab's first field after Ctrl+Tab) clears that mark: a counsellor who pressed
Alt+A for "Add member" saw no frame anywhere and typed into a list they could not see. Only a mouse click still
clears it (the person sees where they clicked).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

_KEYBOARD_MARK = Qt.WidgetAttribute.WA_KeyboardFocusChange
_installed: set[int] = set()


def keep_focus_visible(app: QApplication) -> None:
    """Draw the focus frame after every focus change not made with the mouse (once per application)."""
    if id(app) in _installed:
        return
    _installed.add(id(app))
    app.focusChanged.connect(show_focus_frame)


def show_focus_frame(_old: QWidget | None, new: QWidget | None) -> None:
    """Mark ``new``'s window as moved by the keyboard unless a mouse button is down (a click put it there)."""
    if new is None or QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
        return
    window = new.window()
    if not window.testAttribute(_KEYBOARD_MARK):
        window.setAttribute(_KEYBOARD_MARK, True)
        new.update()
