"""What the small-screen test looks for in a shown window: text cut off, and a window bigger than the screen.

Text is "cut" when the room a widget got is narrower than the text needs (``fontMetrics().horizontalAdvance``
plus the style's margins): a label, a button, a check box, a tab, a group box title, a table header. A
widget that is meant to elide (a long path in the status bar) says so with ``ELIDES_PROPERTY``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QTabBar,
    QToolButton,
    QWidget,
)

#: A widget whose text may be cut on purpose (set it to True): a path, a free-text preview.
ELIDES_PROPERTY = "avrcase_elides"
#: Rounding slack, in pixels.
SLACK = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a window: what, where, and the numbers."""

    window: str
    kind: str
    widget: str
    text: str
    needed: int
    got: int

    def __str__(self) -> str:
        return f"{self.window}: {self.kind} {self.widget} {self.text!r} needs {self.needed}px, has {self.got}px"


def plain(text: str) -> str:
    """Button or tab text as drawn: "&&" is an ampersand, a single "&" marks the shortcut letter."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def _elides(widget: QWidget) -> bool:
    while widget is not None:
        if widget.property(ELIDES_PROPERTY):
            return True
        widget = widget.parentWidget()
    return False


def _label(label: QLabel) -> tuple[int, int] | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    room = label.contentsRect().width() - 2 * label.margin() - (label.indent() if label.indent() > 0 else 0)
    if label.wordWrap():
        if label.hasHeightForWidth():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + SLACK:
                return needed, label.height()  # wrapped text cut at the bottom
        return None
    if label.textFormat() == Qt.TextFormat.RichText or (label.textFormat() == Qt.TextFormat.AutoText
                                                        and QtGui.Qt.mightBeRichText(text)):
        needed = label.minimumSizeHint().width() - 2 * label.margin()
    else:
        needed = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    return (needed, room) if needed > room + SLACK else None


def _button(button: QAbstractButton) -> tuple[int, int] | None:
    text = plain(button.text())
    if not text:
        return None
    if isinstance(button, (QCheckBox, QRadioButton)):
        needed = button.sizeHint().width()
        return (needed, button.width()) if needed > button.width() + SLACK else None
    style = button.style()
    icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
    frame = 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button) if isinstance(
        button, QPushButton) else 6
    menu = style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button) if (
        isinstance(button, QPushButton) and button.menu() is not None) else 0
    needed = button.fontMetrics().horizontalAdvance(text) + icon + frame + menu
    return (needed, button.width()) if needed > button.width() + SLACK else None


def _header(header: QHeaderView) -> list[tuple[str, int, int]]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    style = header.style()
    margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    sort = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) if header.isSortIndicatorShown() else 0
    cut = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        needed = max(header.fontMetrics().horizontalAdvance(line) for line in str(text).split("\n")) + margin
        needed += sort if header.sortIndicatorSection() == section else 0
        if needed > header.sectionSize(section) + SLACK:
            cut.append((str(text), needed, header.sectionSize(section)))
    return cut


def _tabs(bar: QTabBar) -> list[tuple[str, int, int]]:
    cut = []
    for index in range(bar.count()):
        text = plain(bar.tabText(index))
        needed = bar.fontMetrics().horizontalAdvance(text) + 8
        if bar.isTabVisible(index) and bar.tabRect(index).width() + SLACK < needed:
            cut.append((text, needed, bar.tabRect(index).width()))
    return cut


def cut_texts(window: QWidget, name: str) -> list[Problem]:
    """Every visible text in ``window`` drawn narrower than it needs."""
    problems: list[Problem] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or _elides(widget):
            continue
        found = None
        if isinstance(widget, QLabel):
            found = _label(widget)
            text = widget.text()
        elif isinstance(widget, (QPushButton, QCheckBox, QRadioButton, QToolButton)):
            if isinstance(widget, QToolButton) and widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
                continue
            found = _button(widget)
            text = widget.text()
        elif isinstance(widget, QGroupBox) and widget.title():
            text = plain(widget.title())
            needed = widget.fontMetrics().horizontalAdvance(text) + 16
            found = (needed, widget.width()) if needed > widget.width() else None
        elif isinstance(widget, QHeaderView):
            view = widget.parentWidget()
            while view is not None and not isinstance(view, QAbstractItemView):
                view = view.parentWidget()
            problems += [Problem(name, "header", _name(view or widget), text, needed, got)
                         for text, needed, got in _header(widget)]
        elif isinstance(widget, QTabBar):
            problems += [Problem(name, "tab", _name(widget), text, needed, got) for text, needed, got in _tabs(widget)]
        if found is not None:
            problems.append(Problem(name, type(widget).__name__, _name(widget), text, found[0], found[1]))
    return problems


def off_screen(window: QWidget, name: str, area: QRect, frame: tuple[int, int]) -> list[Problem]:
    """The window (with a title bar and frame of ``frame`` pixels) does not fit ``area``, or cannot shrink to it."""
    problems = []
    width, height = window.width() + frame[0], window.height() + frame[1]
    if width > area.width() or height > area.height():
        problems.append(Problem(name, "window", _name(window), f"{window.width()}×{window.height()}",
                                max(width - area.width(), height - area.height()), 0))
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() + frame[0] > area.width() or least.height() + frame[1] > area.height():
        problems.append(Problem(name, "minimum size", _name(window), f"{least.width()}×{least.height()}",
                                max(least.width() + frame[0] - area.width(), least.height() + frame[1] - area.height()),
                                0))
    return problems
