"""A field the app puts the keyboard on shows its focus frame (the X11 walk: after Alt+A "Add member" the
relationship list had the keyboard and no frame; it appeared only after Tab and Shift+Tab)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from avrcase.ui.widgets import focus_frame
from avrcase.ui.widgets.household_edit import HouseholdEdit


@pytest.fixture
def focus_shown(qapp):
    focus_frame.keep_focus_visible(qapp)
    yield
    qapp.focusChanged.disconnect(focus_frame.show_focus_frame)
    focus_frame._installed.discard(id(qapp))


def test_the_relationship_of_a_member_just_added_shows_it_has_the_keyboard(qtbot, focus_shown):
    household = HouseholdEdit()
    qtbot.addWidget(household)
    household.show()
    household.activateWindow()
    qtbot.waitUntil(household.isActiveWindow)
    household.add_button.setFocus()
    qtbot.keyClick(household.add_button, Qt.Key.Key_Space)  # "Add member" pressed from the keyboard
    combo = household.member_pages()[0].relationship
    assert QApplication.focusWidget() is combo
    drawn = combo.grab().toImage()
    household.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, False)  # as Qt left it
    assert combo.grab().toImage() != drawn  # the frame is what differs
