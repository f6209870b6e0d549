"""Window sizes relative to the screen: a preferred size, shrunk to what the screen in use can show.

A fixed ``resize(820, 960)`` does not fit a 1366×768 laptop (less the task bar and the title bar); every
window and dialog asks here instead, so the limit lives in one place.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget

#: Room kept free on the screen's available area for a window's title bar and frame (the available area
#: already excludes the task bar where the platform reports one; offscreen and some X11 set-ups do not).
FRAME_RESERVE = (16, 48)
#: Room for a task bar the platform did not report (its available area equals the whole screen).
TASK_BAR_RESERVE = 40


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the screen ``widget`` is on (or the primary screen) a window may use, less the task bar."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (a headless start without a platform): do not limit
        return QRect(0, 0, 10_000, 10_000)
    area = screen.availableGeometry()
    if area == screen.geometry():
        area = area.adjusted(0, 0, 0, -TASK_BAR_RESERVE)
    return area


def fitting_size(width: int, height: int, widget: QWidget | None = None) -> QSize:
    """``width`` × ``height``, made smaller where the screen (with a frame around the window) is smaller."""
    area = available_area(widget)
    return QSize(min(width, area.width() - FRAME_RESERVE[0]), min(height, area.height() - FRAME_RESERVE[1]))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to its preferred size, or to the screen's usable area where that is smaller."""
    widget.resize(fitting_size(width, height, widget))


def widen_for_form(dialog: QWidget, area: QScrollArea, width: int, height: int) -> None:
    """Size ``dialog`` to ``width`` × ``height``, wider where the form in ``area`` needs it, as the screen allows.

    A Russian travel arrangements form is wider than the English one the size was chosen for: at 980 pixels its
    offices, escorts and medical needs were cut at the right edge, behind a horizontal scroll bar, on a screen with
    room for them.
    """
    form = area.widget()
    if form is not None:
        margins = dialog.layout().contentsMargins() if dialog.layout() is not None else None
        frame = 2 * area.frameWidth() + area.verticalScrollBar().sizeHint().width()
        width = max(width, form.minimumSizeHint().width() + frame + (margins.left() + margins.right() if margins else 0))
    fit_to_screen(dialog, width, height)


def clamp_to_screen(widget: QWidget) -> None:
    """Shrink an already sized window (a remembered geometry, a size hint) to the screen, and move it onto it."""
    size = fitting_size(widget.width(), widget.height(), widget)
    if size != widget.size():
        widget.resize(size)
    area = available_area(widget)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.x()), max(area.x(), area.right() - frame.width()))
    y = min(max(frame.y(), area.y()), max(area.y(), area.bottom() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


def form_scroller(form: QWidget | None = None) -> QScrollArea:
    """A scroll area around a dialog's form, for a screen too small for it. It is no Tab stop of its own (a
    stop where typing did nothing): Tab goes field to field, and the field reached is scrolled into view."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if form is not None:
        area.setWidget(form)
    return area
