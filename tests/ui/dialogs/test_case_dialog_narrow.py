"""The case form on a 1024-pixel screen in every language: no tab scrolls sideways, captions wrap where they must.

The Russian walk under X11 saw the principal applicant's tab scroll sideways: "Фамилия (в оригинальном
написании):" kept one line, and "приблизительно" and the expiry date's clear button were out of view."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from avrcase.i18n import set_locale
from avrcase.ui.dialogs.case_dialog import CaseDialog

#: The case form on a 1024×768 screen, less a window frame.
NARROW = (985, 700)


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_no_tab_of_the_case_form_scrolls_sideways_at_1024_pixels(qtbot, ops, bus, locale):
    set_locale(locale)
    try:
        dialog = CaseDialog(ops, bus)
        qtbot.addWidget(dialog)
        dialog.resize(*NARROW)
        dialog.show()
        for tab in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(tab)
            QApplication.processEvents()
            area = dialog.tabs.currentWidget()
            assert isinstance(area, QScrollArea)
            assert not area.horizontalScrollBar().isVisible(), (locale, dialog.tabs.tabText(tab))
    finally:
        set_locale("en")


def test_captions_stay_on_one_line_where_there_is_room(qtbot, ops, bus):
    dialog = CaseDialog(ops, bus)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 700)
    dialog.show()
    QApplication.processEvents()
    caption = next(label for label in dialog.principal.findChildren(QLabel)
                   if label.text() == "Family name (original script):")
    assert caption.height() < 2 * caption.fontMetrics().height()


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_every_tab_of_the_case_form_has_alt_letters_of_its_own(qtbot, ops, bus, locale):
    """The walk found Alt+S on both "Pažeidžiamumas ir &sutikimas" and "Iš&saugoti" (Lithuanian), and in Russian
    "&Добавить члена" beside the tab "&Домохозяйство", "&Удалить члена" beside "&Уязвимость и согласие"."""
    from PySide6.QtWidgets import QAbstractButton, QTabBar

    from tests.ui.views.test_case_file_mnemonics import _letters_clash, _on_shown_pages

    set_locale(locale)
    try:
        dialog = CaseDialog(ops, bus)
        qtbot.addWidget(dialog)
        dialog.show()
        problems = []
        for tab in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(tab)
            QApplication.processEvents()
            texts = [b.text() for b in dialog.findChildren(QAbstractButton)
                     if "&" in b.text() and _on_shown_pages(b, dialog) and b.isVisibleTo(dialog)]
            texts += [bar.tabText(i) for bar in dialog.findChildren(QTabBar) for i in range(bar.count())]
            problems += [p for p in _letters_clash(texts) if "share" in p]
        assert not sorted(set(problems))
    finally:
        set_locale("en")
