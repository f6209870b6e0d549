"""The status bar on the smallest laptop screen offices have (1024×700): a backup warning reads whole in every
language; who is signed in gives way (elided, whole in its tooltip) — the warning was cut at the window's edge."""

from __future__ import annotations

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.i18n import set_locale
from avrcase.ui import backup_status

#: 1024×700 less a window's frame and title bar.
SMALL_WINDOW = (1008, 660)


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_a_backup_warning_reads_whole_in_the_status_bar_at_1024_pixels(qtbot, window_as, locale):
    set_locale(locale)
    window = window_as(StaffRole.TRAVEL_OFFICER, "a-travel-officer-with-a-long-name")
    status = backup_status.install(window, window.ops)
    window.resize(*SMALL_WINDOW)
    qtbot.waitUntil(lambda: window.width() == SMALL_WINDOW[0])
    qtbot.wait(20)
    warning = status.label
    assert warning.text().startswith("⚠")  # no backup folder set in a test store
    assert warning.isVisible()
    needed = warning.fontMetrics().horizontalAdvance(warning.text())
    assert warning.contentsRect().width() >= needed, (warning.text(), warning.width())
    assert warning.mapTo(window, warning.rect().topRight()).x() <= window.width()
    user = window.user_label  # who is signed in: whole in the tooltip when it gives way
    assert user.toolTip() == user.full_text() and all(part in user.full_text() for part in user.text().split("…"))


def test_who_is_signed_in_keeps_the_name_whole_in_russian_at_1024_pixels(qtbot, window_as):
    """In Russian the status bar read "Вы вошли как Test Сотрудник по реи…грации (Сотрудник по реинтеграции)": the
    name cut in the middle, the words around it whole. Now the words give way first, the name stays whole."""
    set_locale("ru")
    window = window_as(StaffRole.REINTEGRATION_OFFICER, "a-reintegration-officer")
    backup_status.install(window, window.ops)
    window.resize(*SMALL_WINDOW)
    qtbot.waitUntil(lambda: window.width() == SMALL_WINDOW[0])
    user = window.user_label
    name = window.ops.actor.display_name
    qtbot.waitUntil(lambda: name in user.text() and "…" not in user.text())
    assert user.toolTip() == f"Вы вошли как {name} ({window.ops.actor.role.label})"
    window.resize(1600, 660)  # a wide window says it all again
    qtbot.waitUntil(lambda: user.text() == user.toolTip())
