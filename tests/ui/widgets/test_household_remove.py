"""Remove member asks first: it removed a household member and all that was typed for them at once, with no
question and no undo (an Alt+R meant for another field lost a child's details). Where the keyboard goes after a
removal: ``test_widgets.test_removing_a_member_leaves_the_keyboard_on_the_list_not_in_another_members_field``."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from avrcase.domain.codes import Relationship
from avrcase.ui.widgets.household_edit import HouseholdEdit
from tests.conftest import make_person
from tests.support.keyboard import answer_box


def _press_in_box(key: Qt.Key, asked: list[tuple[str, str]]) -> None:
    """When the question opens, note its text and default button, then press ``key`` in it."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append((box.text(), box.defaultButton().text().replace("&", "")))
        QTest.keyClick(box.focusWidget() or box, key)

    QTimer.singleShot(0, answer)


def _household(qtbot) -> HouseholdEdit:
    household = HouseholdEdit()
    qtbot.addWidget(household)
    household.show()
    household.activateWindow()
    qtbot.waitUntil(household.isActiveWindow)
    household.add_member(make_person(family_name="Hnatiuk", given_names="Olena", citizenship="UA"),
                         Relationship.SPOUSE)
    household.add_member(make_person(family_name="Hnatiuk", given_names="Taras", citizenship="UA"), Relationship.CHILD)
    household.list.setCurrentRow(0)
    return household


def test_remove_member_asks_naming_the_person_and_no_or_escape_keeps_them(qtbot):
    household = _household(qtbot)
    household.member_pages()[0].person.phone.setText("+380 44 000 00 00")
    asked: list[tuple[str, str]] = []
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Return):  # Enter takes the default answer
        _press_in_box(key, asked)
        household.remove_button.click()
    assert asked == [("Remove Olena HNATIUK from this household?", "No")] * 2
    assert [m.person.given_names for m in household.forms()] == ["Olena", "Taras"]
    assert household.forms()[0].person.phone == "+380 44 000 00 00"  # nothing typed is lost

    answer_box("Yes")
    household.remove_button.click()
    assert [m.person.given_names for m in household.forms()] == ["Taras"]

