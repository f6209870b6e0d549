"""Ctrl+Tab / Ctrl+Shift+Tab (and Ctrl+PgDown / Ctrl+PgUp) go through every tab of a tabbed window, in order and
round, from wherever the keyboard is in it, and put the keyboard on the new tab's first field (#walk: it stopped
at the case file's Documents tab, with focus on a header button, and did nothing before focus was in the tabs)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from avrcase.ui.dialogs.case_dialog import CaseDialog
from avrcase.ui.views.case_file import CaseFileView
from tests.support.keyboard import press

# WORKAROUND: the offscreen platform cannot raise windows.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _shown(qtbot, window) -> None:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)


def _on_current_page(tabs) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and tabs.currentWidget().isAncestorOf(focused)


def test_ctrl_tab_goes_round_every_tab_of_the_case_file_from_anywhere(qtbot, ops, bus, make_case):
    case = make_case()
    view = CaseFileView(ops, bus, case.id)
    _shown(qtbot, view)
    view.edit_button.setFocus()  # the keyboard on a header button, outside the tabs
    count = view.tabs.count()
    assert count >= 7
    seen = []
    for _ in range(count):
        press(Qt.Key.Key_Tab, CTRL)
        seen.append(view.tabs.currentIndex())
        assert _on_current_page(view.tabs), (view.tabs.tabText(view.tabs.currentIndex()), QApplication.focusWidget())
    assert seen == [*range(1, count), 0]  # every tab in order, then round to the first
    press(Qt.Key.Key_Backtab, CTRL_SHIFT)
    assert view.tabs.currentIndex() == count - 1
    assert _on_current_page(view.tabs)
    press(Qt.Key.Key_PageDown, CTRL)
    assert view.tabs.currentIndex() == 0
    press(Qt.Key.Key_PageUp, CTRL)
    assert view.tabs.currentIndex() == count - 1


def test_a_tab_shown_by_its_alt_letter_takes_the_keyboard(qtbot, ops, bus, make_case):
    view = CaseFileView(ops, bus, make_case().id)
    _shown(qtbot, view)
    view.edit_button.setFocus()  # the keyboard on a header button, outside the tabs
    press(Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Histor&y
    assert view.tabs.currentWidget() is view.history_tab
    assert QApplication.focusWidget() is view.history_tab
    press(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # &Travel, built when first shown
    assert _on_current_page(view.tabs), QApplication.focusWidget()
    assert not isinstance(QApplication.focusWidget(), QScrollArea)  # a field one sees, not the page's scroller
    press(Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # Reinte&gration, then its own &Monitoring page
    press(Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    monitoring = view.reintegration_tab.monitoring
    assert view.reintegration_tab.currentWidget() is monitoring
    assert monitoring.isAncestorOf(QApplication.focusWidget()), QApplication.focusWidget()


def test_ctrl_tab_moves_through_the_case_dialog_tabs_from_the_buttons(qtbot, ops, bus):
    dialog = CaseDialog(ops, bus)
    _shown(qtbot, dialog)
    dialog.save_button.setFocus()
    for expected in (1, 2, 3, 0):
        press(Qt.Key.Key_Tab, CTRL)
        assert dialog.tabs.currentIndex() == expected
        assert _on_current_page(dialog.tabs)
    press(Qt.Key.Key_Backtab, CTRL_SHIFT)
    assert dialog.tabs.currentIndex() == 3


def test_ctrl_tab_moves_through_the_work_lists_from_the_navigation_and_only_while_they_are_shown(qtbot, window_as):
    from avrcase.domain.codes import StaffRole

    window = window_as(StaffRole.MANAGER)
    window.activateWindow()
    qtbot.waitActive(window)
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    window.navigation.setCurrentRow(titles.index("Work lists"))
    lists = window.work_lists
    window.navigation.setFocus()  # the keyboard on the navigation, outside the tabs
    for expected in [*range(1, lists.count()), 0]:
        press(Qt.Key.Key_Tab, CTRL)
        assert lists.currentIndex() == expected
        assert _on_current_page(lists)
    window.navigation.setCurrentRow(0)
    window.navigation.setFocus()
    press(Qt.Key.Key_Tab, CTRL)  # another page shown: the hidden work lists stay where they are
    assert lists.currentIndex() == 0
    assert window.pages.currentIndex() == 0
