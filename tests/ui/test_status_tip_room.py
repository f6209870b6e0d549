"""A menu item's status tip reads whole in the status bar at 1024 pixels: in Russian "Зарегистрировать человека
или семью" was cut after "Зарегистрировать ч" by "Вы вошли как …" (and the backup warning beside it)."""

from __future__ import annotations

from PySide6.QtWidgets import QSizeGrip, QWidget

from avrcase.domain.codes import StaffRole
from avrcase.i18n import set_locale
from avrcase.ui import backup_status
from tests.ui.test_status_bar_small_screen import SMALL_WINDOW


def message_room(bar) -> int:
    """The width Qt gives the message: from 6 pixels in to 2 before the first permanent widget shown."""
    shown = [w for w in bar.findChildren(QWidget) if w.parentWidget() is bar and w.isVisible()
             and not isinstance(w, QSizeGrip)]
    return min((w.x() for w in shown), default=bar.width()) - 2 - 6


def test_a_menu_items_status_tip_reads_whole_and_who_is_signed_in_comes_back(qtbot, window_as):
    set_locale("ru")
    window = window_as(StaffRole.COUNSELLOR, "a-counsellor-with-a-long-name")
    backup_status.install(window, window.ops)
    window.resize(*SMALL_WINDOW)
    qtbot.waitUntil(lambda: window.width() == SMALL_WINDOW[0])
    bar = window.statusBar()
    tip = window.new_case_action.statusTip()
    assert tip.startswith("Зарегистрировать")
    window.new_case_action.showStatusText(window)  # what hovering the menu item does
    qtbot.waitUntil(lambda: message_room(bar) >= bar.fontMetrics().horizontalAdvance(tip))
    assert bar.currentMessage() == tip
    bar.clearMessage()  # the pointer left the menu
    qtbot.waitUntil(lambda: window.user_label.isVisible() and window.count_label.isVisible())
