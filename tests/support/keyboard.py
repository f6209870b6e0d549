"""Driving the app with the keyboard only: keys go where Qt would deliver them, text is typed key by key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def keyboard_widget() -> QWidget:
    """The widget a key press reaches: the open popup (a suggestion list), else the focused widget.

    WORKAROUND: on the offscreen platform the window under a popup is not activated again when the popup
    closes (a window manager would do it), so focus changes no longer reach its widgets; do it here.
    """
    popup = QApplication.activePopupWidget()
    if popup is not None:
        return popup
    active = QApplication.activeWindow()
    focused = QApplication.focusWidget()
    if active is None or not active.isVisible():
        window = focused.window() if focused is not None else QApplication.activeModalWidget()
        if window is None:
            shown = [w for w in QApplication.topLevelWidgets()
                     if w.isVisible() and w.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)]
            window = shown[-1] if shown else None
        assert window is not None, "no window to type into"
        window.activateWindow()
        QApplication.processEvents()
        focused = QApplication.focusWidget() or window.focusWidget() or window
    assert focused is not None, "no widget has the keyboard"
    return focused


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` (with ``modifier``) where Qt would deliver it."""
    QTest.keyClick(keyboard_widget(), key, modifier)
    QApplication.processEvents()


def type_text(text: str, widget: QWidget | None = None) -> None:
    """Type ``text`` key by key into the focused widget (letters of any script: QTest.keyClicks knows only
    ASCII)."""
    for char in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget or keyboard_widget(), Qt.Key.Key_unknown, char,
                           Qt.KeyboardModifier.NoModifier)
    QApplication.processEvents()


def answer_box(choice: str, *, answered: list[str] | None = None) -> None:
    """When the next question box opens, choose the button ``choice`` (its text without ``&``) with the
    keyboard: Tab to it, then Space. ``answered`` collects the box's text, to check what was asked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        if answered is not None:
            answered.append(box.text())
        for _ in range(len(box.buttons()) + 1):
            focused = box.focusWidget()
            if focused is not None and getattr(focused, "text", lambda: "")().replace("&", "") == choice:
                break
            QTest.keyClick(focused or box, Qt.Key.Key_Tab)
        else:
            raise AssertionError(f"no button {choice!r} in {[b.text() for b in box.buttons()]}")
        QTest.keyClick(box.focusWidget(), Qt.Key.Key_Space)

    QTimer.singleShot(0, answer)


def tab_to(widget: QWidget, limit: int = 120) -> None:
    """Press Tab until ``widget`` (or a widget inside it) has the keyboard, as a person tabs through a form."""
    for _ in range(limit):
        focused = QApplication.focusWidget()
        if focused is not None and (focused is widget or widget.isAncestorOf(focused)):
            return
        press(Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    chain = []
    while focused is not None:
        chain.append(type(focused).__name__)
        focused = focused.parentWidget()
    raise AssertionError(f"Tab never reached {widget!r} (focus on {chain})")


def choose(combo, label: str) -> None:
    """Tab to a combo and pick ``label``: typed and Enter in a type-to-search picker, arrow keys in a list."""
    tab_to(combo)
    if combo.isEditable():
        type_text(label)
        press(Qt.Key.Key_Return)
    else:
        press(Qt.Key.Key_Home)
        for _ in range(combo.count()):
            if combo.currentText() == label:
                break
            press(Qt.Key.Key_Down)
    assert combo.currentText() == label, f"{combo!r} shows {combo.currentText()!r}, not {label!r}"


def type_into(widget: QWidget, text: str) -> None:
    """Tab to a field, select what it holds and type ``text`` over it."""
    tab_to(widget)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(text)
