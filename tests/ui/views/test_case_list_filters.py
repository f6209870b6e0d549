"""The case list's filters read whole on a 1024-pixel screen in every interface language: the Russian walk under
X11 saw "Все консульт", "Все страны возвра…" and "С уязвимостями или б" (the search box kept the room)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox

from avrcase.i18n import set_locale
from avrcase.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, ops, bus, tmp_path, make_case):
    def _make(locale: str, width: int) -> MainWindow:
        set_locale(locale)
        make_case()
        made = MainWindow(ops, bus, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(made)
        made.resize(width, 700)
        made.show()
        qtbot.waitExposed(made)
        QApplication.processEvents()
        return made
    yield _make
    set_locale("en")


def shown_text(combo) -> str:
    """What the combo shows: its chosen entry, or the placeholder of an editable one left empty."""
    if combo.isEditable() and not combo.currentText():
        return combo.lineEdit().placeholderText()
    return combo.currentText()


def text_room(combo) -> int:
    """The width the combo gives its text (its edit field, or the label area beside the arrow)."""
    if combo.isEditable():
        edit = combo.lineEdit()
        return edit.width() - edit.textMargins().left() - edit.textMargins().right() - 4
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    rect = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo)
    return rect.width()


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_the_filters_read_whole_at_1024_pixels(window, locale):
    view = window(locale, 1024).case_list
    for combo in view._filter_combos():
        text = shown_text(combo)
        assert combo.fontMetrics().horizontalAdvance(text) <= text_room(combo), (locale, text)
    # Side by side, none over another, all in the window.
    row = [view.search, *view._filter_combos()]
    for left, right in zip(row, row[1:], strict=False):
        assert left.geometry().right() < right.geometry().left()
    assert row[-1].geometry().right() < row[-1].parentWidget().width()
    # The search box keeps room for a name.
    assert view.search.width() >= view.search.fontMetrics().horizontalAdvance("M") * 8


def test_a_narrower_window_still_opens_and_the_filters_give_way(window):
    """Below what they need, the filters shrink (their text elided, whole in the list) rather than widening
    the window off a small screen."""
    made = window("ru", 820)
    assert made.width() <= 820


def test_a_role_without_the_case_list_is_not_offered_its_search_and_filters(qtbot, window_as):
    """Seen on the walk: an administrator's window showed the search box and four filters above "No case list for
    your role"; typing in them found nothing."""
    from avrcase.domain.codes import StaffRole

    admin = window_as(StaffRole.ADMINISTRATOR)
    qtbot.waitUntil(lambda: admin.case_list.pages.currentWidget() is admin.case_list.empty_panel)
    assert "No case list for your role" in admin.case_list.empty_title.text()
    assert not admin.case_list.search.isVisible()
    assert not any(combo.isVisible() for combo in admin.case_list._filter_combos())
    counsellor = window_as(StaffRole.COUNSELLOR, "rasa")
    assert counsellor.case_list.search.isVisible()
