"""The case file on the smallest laptop screen offices have (1024×700): its header reads whole, the stage line on
one line, in every language (it wrapped to three lines in the room the buttons left, in Russian)."""

from __future__ import annotations

import pytest

from avrcase.i18n import set_locale
from avrcase.ui.views.case_file import CaseFileView

# WORKAROUND: the offscreen platform cannot raise windows.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

#: 1024×700 less a window's frame and title bar.
SMALL_WINDOW = (1008, 660)


def _unwrapped(label) -> bool:
    """The label's text takes no more lines at its width than with all the room in the world."""
    return label.heightForWidth(label.width()) <= label.heightForWidth(100_000)


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_the_header_reads_whole_and_the_stage_on_one_line_at_1024_pixels(qtbot, ops, bus, make_case, locale):
    set_locale(locale)
    case = make_case(members=2)
    view = CaseFileView(ops, bus, case.id)
    qtbot.addWidget(view)
    view.show()
    view.resize(*SMALL_WINDOW)
    qtbot.waitUntil(lambda: view.width() == SMALL_WINDOW[0])
    qtbot.wait(20)
    assert _unwrapped(view.header), (view.header.text(), view.header.width())  # the stage line
    title = getattr(view, "title", view.header)  # the number and name: may wrap between words, never cut
    for label in (title, view.header):
        assert label.isVisible() and label.height() >= label.heightForWidth(label.width())
        assert label.geometry().right() <= view.width()


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_no_tab_widens_the_case_file_off_a_1024_pixel_screen(qtbot, ops, bus, make_case, locale):
    """The Russian walk opened the Documents tab and the window grew to 1,101 pixels, its right edge (the
    attachment buttons, "Отчёт о доступе субъекта данных…") off the screen: the box for the next scan stood beside
    the attachment buttons."""
    from PySide6.QtWidgets import QApplication

    set_locale(locale)
    view = CaseFileView(ops, bus, make_case(members=2).id)
    qtbot.addWidget(view)
    view.show()
    view.resize(*SMALL_WINDOW)
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        assert view.minimumSizeHint().width() <= SMALL_WINDOW[0], (locale, view.tabs.tabText(tab))
        assert view.width() == SMALL_WINDOW[0], (locale, view.tabs.tabText(tab))
