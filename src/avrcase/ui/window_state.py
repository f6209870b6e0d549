"""What the main window remembers between starts on this computer (QSettings): its size and place, its toolbars,
the navigation's width and the case list's columns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from avrcase.ui.widgets.screen_fit import clamp_to_screen, fit_to_screen

#: Where the case list's column order and widths are remembered (renamed when the defaults changed, so
#: columns cut off by an older version are not restored).
CASE_LIST_COLUMNS_KEY = "case_list/columns"
#: Size of the window on the first start, before one is remembered.
DEFAULT_SIZE = (1200, 760)


def restore(window: Any, settings: QSettings) -> None:
    """Give ``window`` (a ``MainWindow``) what was remembered; the default size on a first start."""
    for key, put_back in (("main_window/geometry", window.restoreGeometry), ("main_window/state", window.restoreState),
                          ("main_window/splitter", window.splitter.restoreState),
                          (CASE_LIST_COLUMNS_KEY, window.case_list.restore_header_state)):
        value = settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            put_back(value)
        elif key == "main_window/geometry":
            fit_to_screen(window, *DEFAULT_SIZE)
    clamp_to_screen(window)  # remembered on a bigger monitor: shrink to this one


def save(window: Any, settings: QSettings) -> None:
    """Remember ``window``'s geometry, toolbars, splitter and case list columns."""
    settings.setValue("main_window/geometry", window.saveGeometry())
    settings.setValue("main_window/state", window.saveState())
    settings.setValue("main_window/splitter", window.splitter.saveState())
    settings.setValue(CASE_LIST_COLUMNS_KEY, window.case_list.header_state())
    settings.sync()
