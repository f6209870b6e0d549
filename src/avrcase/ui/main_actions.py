"""The main window's actions (with their shortcuts), its File, Go and Help menus and its toolbar.

``MainWindow`` builds them here and decides, by role, which it offers; the shortcuts dialog reads them back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from avrcase.i18n import _

#: Navigation rows of the two pages every role has.
PAGE_CASES, PAGE_FOLLOW_UPS = range(2)


def _action(window: Any, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def make_actions(window: Any) -> None:
    """Give ``window`` (a ``MainWindow``) its actions, as attributes named after what they do."""
    window.new_case_action = _action(window, _("&New case…"), window.new_case, QKeySequence.StandardKey.New,
        _("Register a person or a household"))
    window.load_demo_action = _action(window, _("Load &demo data…"), window.load_demo,
        tip=_("Fill an empty store with synthetic cases to try avrcase out"))
    window.office_profile_action = _action(window, _("&Office profile…"), window.edit_office_profile)
    window.quit_action = _action(window, _("&Quit"), window.close, "Ctrl+Q")
    window.find_action = _action(window, _("&Find case"), window.find_case, QKeySequence.StandardKey.Find,
        _("Search cases by name, case number or document number"))
    window.cases_action = _action(window, _("&Cases"), lambda: window.navigation.setCurrentRow(PAGE_CASES), "Ctrl+1")
    window.follow_ups_action = _action(window, _("F&ollow-ups due"),
        lambda: window.navigation.setCurrentRow(PAGE_FOLLOW_UPS), "Ctrl+2")
    window.departures_action = _action(window, _("&Departures"), lambda: window.go_to(window.departures_page), "Ctrl+3")
    window.dashboard_action = _action(window, _("Das&hboard"), lambda: window.go_to(window.dashboard_page), "Ctrl+4")
    window.work_lists_action = _action(window, _("&Work lists"), lambda: window.go_to(window.work_lists_page), "Ctrl+5")
    window.budget_action = _action(window, _("&Budget"), lambda: window.go_to(window.budget_page), "Ctrl+6")
    window.refresh_action = _action(window, _("&Refresh"), window.refresh, "F5")
    window.shortcuts_action = _action(window, _("&Keyboard shortcuts"), window.show_shortcuts, "Ctrl+/")
    window.about_action = _action(window, _("&About avrcase"), window.show_about)
    window.guide_action = _action(window, _("&User guide"), window.show_guide, QKeySequence.StandardKey.HelpContents,
        tip=_("How to do each job in avrcase, in the language of the interface"))


def make_menus_and_toolbar(window: Any) -> None:
    """The File, Go and Help menus and the main toolbar of ``window``'s actions."""
    file_menu = window.menuBar().addMenu(_("&File"))
    file_menu.addActions([window.new_case_action, window.load_demo_action, window.office_profile_action])
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    go_menu = window.menuBar().addMenu(_("&Go"))
    go_menu.addActions([window.find_action, window.cases_action, window.follow_ups_action, window.departures_action,
                        window.dashboard_action, window.work_lists_action, window.budget_action])
    go_menu.addSeparator()
    go_menu.addAction(window.refresh_action)
    window.go_menu = go_menu
    window.help_menu = window.menuBar().addMenu(_("&Help"))
    window.help_menu.addActions([window.guide_action, window.shortcuts_action, window.about_action])

    toolbar = QToolBar(_("Main toolbar"))
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.addActions([window.new_case_action, window.find_action, window.refresh_action])
    window.addToolBar(toolbar)
