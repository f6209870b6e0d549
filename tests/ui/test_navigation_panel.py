"""The navigation panel beside the pages: narrow in every language (a long row wraps, no word is cut), so the page
beside it has the room at 1024 px."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from avrcase.domain.codes import StaffRole
from avrcase.i18n import _, set_locale


def _rows_cut(navigation) -> list[str]:
    """The rows whose text, wrapped at spaces, does not fit the room the list gives it."""
    margin = 2 * 4
    metrics = QFontMetrics(navigation.font())
    cut = []
    for row in range(navigation.count()):
        item = navigation.item(row)
        if item.isHidden():
            continue
        rect = navigation.visualItemRect(item)
        needed = metrics.boundingRect(0, 0, rect.width() - margin, 1000, Qt.TextFlag.TextWordWrap, item.text())
        if needed.height() > rect.height() or needed.width() > rect.width() - margin:
            cut.append(item.text())
    return cut


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
@pytest.mark.parametrize("count", ["", " (43)"])
def test_the_panel_is_narrow_at_1024_pixels_and_its_rows_read_whole(qtbot, window_as, locale, count):
    """Walk 13: in Russian the panel kept 210 px for "Предстоящие действия (999)" on one line (the departures board
    beside it cut names); the row wraps now, and Qt's list no longer draws a wrapped row one line high
    ("Предстоящие …" over an empty line)."""
    set_locale(locale)
    window = window_as(StaffRole.TRAVEL_OFFICER)
    window.resize(1010, 700)
    navigation = window.navigation
    navigation.item(1).setText(navigation.item(1).text().split(" (")[0] + count)
    qtbot.waitUntil(lambda: navigation.width() <= 160)
    qtbot.waitUntil(lambda: not _rows_cut(navigation))
    wrapped = navigation.visualItemRect(navigation.item(1))
    assert navigation.visualItemRect(navigation.item(2)).top() - wrapped.bottom() <= 2 * navigation.spacing() + 1


def test_the_panel_is_never_narrower_than_its_longest_word(qtbot, window_as):
    set_locale("ru")
    window = window_as(StaffRole.TRAVEL_OFFICER)
    window.splitter.setSizes([10, 1000])
    navigation = window.navigation
    longest = max(navigation.fontMetrics().horizontalAdvance(word) for word in _("Follow-ups due").split())
    qtbot.waitUntil(lambda: not _rows_cut(navigation))
    assert navigation.width() > longest


def test_the_panel_shows_when_it_has_the_keyboard(qtbot, window_as):
    """Walk 13: Tab reached the panel unseen, its chosen row drawn alike with the keyboard there or not."""
    from PySide6.QtWidgets import QApplication

    window = window_as(StaffRole.MANAGER)
    navigation = window.navigation
    rect = navigation.visualItemRect(navigation.currentItem())
    window.activateWindow()
    window.case_list.search.setFocus()
    qtbot.waitUntil(lambda: not navigation.hasFocus())
    unfocused = navigation.viewport().grab(rect).toImage()
    navigation.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is navigation)
    focused = navigation.viewport().grab(rect).toImage()
    line = navigation.palette().highlightedText().color().rgb()
    top = [(x, 1) for x in range(2, rect.width() - 2)]
    assert sum(focused.pixel(x, y) == line for x, y in top) > len(top) // 3  # a dotted line along the row's top
    assert not any(unfocused.pixel(x, y) == line for x, y in top)
