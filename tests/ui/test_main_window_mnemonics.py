"""Every button and tab of the main window's pages has its own Alt letter, apart from the menus', in every language
(the follow-ups' "Mark done" and "Open case" and the work lists had none)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QTabBar

from avrcase.domain.codes import StaffRole
from avrcase.i18n import set_locale
from tests.ui.views.test_case_file_mnemonics import _letters_clash, _on_shown_pages


@pytest.mark.parametrize("language", ["en", "lt", "ru"])
def test_every_button_and_tab_of_a_page_has_its_own_alt_letter(window_as, language):
    set_locale(language)
    window = window_as(StaffRole.MANAGER)  # the most pages
    menus = [action.text() for action in window.menuBar().actions()]
    problems = []
    for row in range(window.navigation.count()):
        if window.navigation.item(row).isHidden():
            continue
        window.navigation.setCurrentRow(row)  # builds the page
        texts = [b.text() for b in window.findChildren(QPushButton) if _on_shown_pages(b, window) and b.isVisibleTo(window)]
        for bar in window.findChildren(QTabBar):
            if _on_shown_pages(bar, window) and bar.isVisibleTo(window):
                texts += [bar.tabText(i) for i in range(bar.count()) if bar.isTabVisible(i)]
        problems += [f"{window.navigation.item(row).text()}: {p}" for p in _letters_clash(menus + texts)]
    assert not sorted(set(problems))
