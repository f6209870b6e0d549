"""The main window fits the person signed in: their home page, their pages, a status bar that hides nothing."""

from __future__ import annotations

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.ui.account_menu import AccountMenu
from avrcase.ui.idle_lock import IdleLock
from avrcase.ui.main_window import PAGE_CASES, PAGE_FOLLOW_UPS


def test_signing_in_names_the_user_beside_the_store_not_over_it(qtbot, window_as):
    window = window_as(StaffRole.COUNSELLOR)
    window.account_menu = AccountMenu(window, window.ops, IdleLock(window.ops, parent=window))
    assert window.statusBar().currentMessage() == ""  # a temporary message would hide "Store: …" for 5 s
    assert window.store_label.isVisible()
    assert window.user_label.full_text().startswith("Signed in as ") and "(Counsellor)" in window.user_label.full_text()


def test_the_case_count_shows_only_with_the_case_list(qtbot, window_as, make_case):
    make_case()
    window = window_as(StaffRole.COUNSELLOR)
    assert window.count_label.isVisible() and window.count_label.text() == "1 case"
    for page in (PAGE_FOLLOW_UPS, window.departures_page):
        window.navigation.setCurrentRow(page)
        assert not window.count_label.isVisible()
    window.navigation.setCurrentRow(PAGE_CASES)
    assert window.count_label.isVisible()


def test_an_administrator_sees_no_case_count(window_as, make_case):
    make_case()
    window = window_as(StaffRole.ADMINISTRATOR)
    assert window.navigation.currentRow() == PAGE_CASES
    assert not window.count_label.isVisible()


@pytest.mark.parametrize(("role", "home"), [
    (StaffRole.COUNSELLOR, "Cases"), (StaffRole.TRAVEL_OFFICER, "Departures"),
    (StaffRole.FINANCE_OFFICER, "Work lists"), (StaffRole.REINTEGRATION_OFFICER, "Work lists"),
    (StaffRole.MANAGER, "Dashboard"), (StaffRole.ADMINISTRATOR, "Cases")])
def test_each_user_starts_on_their_roles_home_page_not_the_previous_users(window_as, role, home):
    previous = window_as(StaffRole.MANAGER, "previous")
    previous.navigation.setCurrentRow(previous.budget_page)
    previous.close()  # remembers its state in the computer's settings
    window = window_as(role)
    assert window.navigation.currentItem().text() == home
    assert window.pages.currentIndex() == window.navigation.currentRow()


@pytest.mark.parametrize(("role", "budget", "departures", "work_lists"), [
    (StaffRole.COUNSELLOR, False, True, True), (StaffRole.TRAVEL_OFFICER, False, True, True),
    (StaffRole.FINANCE_OFFICER, True, True, True), (StaffRole.MANAGER, True, True, True),
    (StaffRole.ADMINISTRATOR, True, False, False)])
def test_the_navigation_offers_only_pages_the_role_may_use(window_as, role, budget, departures, work_lists):
    window = window_as(role)
    hidden = {window.navigation.item(row).text() for row in range(window.navigation.count())
              if window.navigation.item(row).isHidden()}
    assert ("Budget" not in hidden) is budget
    assert ("Departures" not in hidden) is departures
    assert ("Work lists" not in hidden) is work_lists


def test_demo_data_is_not_offered_on_a_store_that_holds_cases(window_as, make_case):
    make_case()
    window = window_as(StaffRole.ADMINISTRATOR)
    assert not window.load_demo_action.isEnabled()
    assert window.load_demo_action.toolTip()  # says why


def test_a_long_store_path_gives_way_to_the_warnings_beside_it(qtbot, window_as):
    from PySide6.QtWidgets import QLabel

    window = window_as(StaffRole.COUNSELLOR)
    warning = QLabel("⚠ Atsarginių kopijų aplankas nenustatytas: šios saugyklos atsarginės kopijos nedaromos.")
    window.statusBar().addPermanentWidget(warning)
    window.store_label.set_full_text("Store: /home/someone/a/very/long/folder/name/that/goes/on/and/on/" * 3
                                     + "store.sqlite")
    window.resize(1000, 600)
    qtbot.waitUntil(lambda: warning.width() >= warning.fontMetrics().horizontalAdvance(warning.text()))
    assert "…" in window.store_label.text() and window.store_label.text().startswith("Store: ")
    assert window.store_label.toolTip().startswith("Store: /home/someone/")


@pytest.mark.parametrize("role", list(StaffRole))
def test_the_keyboard_never_lands_on_a_page_the_role_may_not_use(qtbot, window_as, role):
    """End in the navigation chose the hidden "Budget" row for a reintegration officer: a page saying their role
    may not use it, with nothing highlighted."""
    from PySide6.QtCore import Qt

    window = window_as(role)
    navigation = window.navigation
    navigation.setFocus()
    for key in (Qt.Key.Key_End, Qt.Key.Key_Home, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, *[Qt.Key.Key_Down] * 6,
                *[Qt.Key.Key_Up] * 6):
        qtbot.keyClick(navigation, key)
        row = navigation.currentRow()
        assert row >= 0 and not navigation.item(row).isHidden(), (role, key, navigation.item(row).text())
        assert window.pages.currentIndex() == row
