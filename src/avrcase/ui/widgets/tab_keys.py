"""Ctrl+Tab / Ctrl+Shift+Tab and Ctrl+PgDown / Ctrl+PgUp switch a window's tabs from wherever the keyboard is in
the window, going round, and put the keyboard on the new tab's first field.

Qt's own QTabWidget does it only while the keyboard is inside the tab widget, and lost it on a tab built when
first shown (the keyboard fell out to a header button and the next Ctrl+Tab did nothing).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

from avrcase.i18n import _

#: The keys to the next tab and to the previous one (Shift+Tab arrives as Backtab).
NEXT_KEYS = ("Ctrl+Tab", "Ctrl+PgDown")
PREVIOUS_KEYS = ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+PgUp")


def tab_key_shortcuts() -> list[tuple[str, str, str]]:
    """(where, what, keys) of the tab keys, for Help ▸ Keyboard shortcuts (Ctrl+Shift+Backtab is how Ctrl+Shift+Tab
    arrives, not a key of its own)."""
    def keys(names: tuple[str, ...]) -> str:
        return ", ".join(QKeySequence(name).toString(QKeySequence.SequenceFormat.NativeText)
                         for name in names if "Backtab" not in name)

    where = _("Windows with tabs")
    return [(where, _("Next tab"), keys(NEXT_KEYS)), (where, _("Previous tab"), keys(PREVIOUS_KEYS))]


def switch_tabs_with_keys(tabs: QTabWidget) -> list[QShortcut]:
    """Give ``tabs`` window-wide tab keys; they act while ``tabs`` is shown (a shortcut of a hidden widget does
    not), so a tab widget on one page of a window keeps the keys only while its page is shown.

    Only the outermost tabs of a window get them: two visible tab widgets with the same keys would each wait for
    the other (a nested tab bar keeps its arrow keys).
    """
    shortcuts = []
    for keys, step in ((NEXT_KEYS, 1), (PREVIOUS_KEYS, -1)):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), tabs)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda step=step: step_tab(tabs, step))
            shortcuts.append(shortcut)
    into_the_tab_by_its_letter(tabs)
    return shortcuts


def into_the_tab_by_its_letter(tabs: QTabWidget) -> None:
    """Put the keyboard on the first field of a tab shown by its Alt letter (nested tabs too)."""
    _IntoTheTab(tabs)


class _IntoTheTab(QObject):
    """A tab shown by its Alt letter takes the keyboard too, as Ctrl+Tab does (Qt left it on the header button
    where it was: Alt+Y showed the History and the next Tab went to "Log consultation")."""

    def __init__(self, tabs: QTabWidget):
        super().__init__(tabs)
        self._tabs = tabs
        tabs.tabBar().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Shortcut or watched is not self._tabs.tabBar():
            return False
        watched.event(event)  # Qt shows the tab (a tab built when first shown is built here)
        focus_first_field(self._tabs)
        return True


def step_tab(tabs: QTabWidget, step: int) -> None:
    """Show the next (``step`` 1) or previous (-1) enabled, visible tab, round from the last to the first, and put
    the keyboard on its first field."""
    count = tabs.count()
    index = tabs.currentIndex()
    for _step in range(count):
        index = (index + step) % count
        if tabs.isTabEnabled(index) and tabs.isTabVisible(index):
            tabs.setCurrentIndex(index)  # a tab built when first shown is built here
            break
    focus_first_field(tabs)


def focus_first_field(tabs: QTabWidget) -> None:
    """Put the keyboard on the first field or control of the current tab that takes Tab; else on the tab bar."""
    page = tabs.currentWidget()
    if page is None:
        return
    candidate: QWidget | None = page
    while candidate is not None:
        if candidate is not page and not page.isAncestorOf(candidate):
            break
        if (candidate.focusPolicy() & Qt.FocusPolicy.TabFocus) and candidate.isVisible() and candidate.isEnabled():
            candidate.setFocus(Qt.FocusReason.TabFocusReason)
            return
        candidate = candidate.nextInFocusChain()
        if candidate is page:
            break
    tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
