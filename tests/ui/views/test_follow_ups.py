"""The follow-ups view: the acting counsellor's due follow-ups, overdue first; mark done; open the case."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.codes import StaffRole
from avrcase.services.accounts import users
from avrcase.services.cases import counselling
from avrcase.services.dto import FollowUpForm
from avrcase.ui.models.follow_up_table import COL_ACTION, COL_CASE
from avrcase.ui.views.follow_ups import DUE_WITHIN_DAYS, FollowUpsView
from avrcase.services.permissions import SYSTEM
from tests.support.clock import FIXED_TODAY
from tests.ui.case_data import consultation_form

TODAY = FIXED_TODAY


@pytest.fixture
def case_with_follow_ups(make_case, ops):
    """A case registered ten days ago, counselled five days ago, with an overdue, a due and a later follow-up."""
    case = make_case(registered_on=TODAY - dt.timedelta(days=10))
    ops.write(counselling.record_consultation, case.id, consultation_form(days_ago=5, follow_ups=(
        FollowUpForm("Book the flight", TODAY + dt.timedelta(days=3)),
        FollowUpForm("Ask the embassy for a passport", TODAY - dt.timedelta(days=2)),
        FollowUpForm("Check on reintegration plan", TODAY + dt.timedelta(days=DUE_WITHIN_DAYS + 20)),
    )))
    return case


@pytest.fixture
def view(qtbot, ops, bus):
    widget = FollowUpsView(ops, bus)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    return widget


def actions(view: FollowUpsView) -> list[str]:
    return [view.model.index(r, COL_ACTION).data() for r in range(view.model.rowCount())]


def test_lists_due_follow_ups_overdue_first(case_with_follow_ups, view):
    assert actions(view) == ["Ask the embassy for a passport", "Book the flight"]
    assert view.model.is_overdue(0) and not view.model.is_overdue(1)
    assert "1 overdue" in view.title.text() and "Rūta Counsellor" in view.title.text()
    view.show_all.setChecked(True)
    assert actions(view)[-1] == "Check on reintegration plan"


def test_marking_done_updates_the_store_and_the_list(qtbot, case_with_follow_ups, view, ops, bus):
    assert not view.mark_done_button.isEnabled()  # nothing chosen yet
    view.table.selectRow(0)
    with qtbot.waitSignal(bus.data_changed) as changed:
        qtbot.mouseClick(view.mark_done_button, Qt.MouseButton.LeftButton)
    assert changed.args[1] == [case_with_follow_ups.id]
    done = [f for f in ops.read(counselling.list_follow_ups, include_done=True) if f.done_on]
    assert [(f.action, f.done_on) for f in done] == [("Ask the embassy for a passport", TODAY)]
    assert actions(view) == ["Book the flight"]
    assert view.mark_done_button.isEnabled()  # the next one is chosen: Alt+M again marks it (X11 walk: nothing was)


def test_open_case_asks_for_that_case(qtbot, case_with_follow_ups, view):
    view.table.selectRow(1)
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [case_with_follow_ups.id]
    assert view.model.index(1, COL_CASE).data() == case_with_follow_ups.case_number


def test_another_counsellor_sees_none_of_them(case_with_follow_ups, view, ops):
    other = ops.write(lambda session, _actor: users.add_user(session, SYSTEM, "jonas", "Jonas K.", StaffRole.COUNSELLOR))
    ops.actor = ops.read(lambda session, _actor: users.actor_by_id(session, other.id))
    view.refresh()
    assert actions(view) == []
    assert "0 follow-ups" in view.title.text()


def test_a_list_cut_at_its_limit_says_how_many_there_are_in_all(qtbot, case_with_follow_ups, ops, bus, monkeypatch):
    listed = counselling.list_follow_ups
    monkeypatch.setattr(counselling, "list_follow_ups", lambda *a, **k: listed(*a, **{**k, "limit": 1}))
    widget = FollowUpsView(ops, bus)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.counted) as counted:
        widget.refresh()
    assert counted.args == [2]
    assert actions(widget) == ["Ask the embassy for a passport"]
    assert "2 follow-ups due within 7 days" in widget.title.text()
    assert "the first 1 is listed" in widget.title.text()


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_every_header_reads_whole_in_the_room_the_main_window_leaves_at_1024_pixels(qtbot, ops, bus, locale):
    """"Action" had 26 px beside four columns of fixed width ("Veiksmas" cut to "ksma"); now they give way."""
    from avrcase.i18n import set_locale
    from avrcase.ui.widgets.header_fit import header_width

    set_locale(locale)
    widget = FollowUpsView(ops, bus)
    qtbot.addWidget(widget)
    widget.show()
    widget.resize(770, 400)  # the room beside the navigation on a 1024 px screen
    qtbot.waitUntil(lambda: widget.table.viewport().width() < 770)
    header = widget.table.horizontalHeader()
    for column in range(header.count()):
        assert header.sectionSize(column) >= header_width(header, column), header.model().headerData(
            column, Qt.Orientation.Horizontal)
    assert header.sectionViewportPosition(COL_ACTION) + header.sectionSize(COL_ACTION) <= widget.table.viewport().width()
    widget.resize(1300, 400)  # on a larger screen the usual widths come back
    qtbot.waitUntil(lambda: widget.table.viewport().width() > 1200)
    assert header.sectionSize(COL_CASE) == 140


def test_the_case_number_reads_whole_in_russian_at_1024_pixels(qtbot, ops, bus, case_with_follow_ups, tmp_path):
    """Seen on the walk (Russian, 1024 × 700): every case number on the follow-ups page read "VNO-2026-0…" (the
    columns were fitted before the list was read); now the case number is never cut and the other columns give way."""
    from PySide6.QtCore import QSettings

    from avrcase.i18n import set_locale
    from avrcase.ui.main_window import PAGE_FOLLOW_UPS, MainWindow

    set_locale("ru")
    window = MainWindow(ops, bus, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.navigation.setCurrentRow(PAGE_FOLLOW_UPS)
    view = window.follow_ups
    qtbot.waitUntil(lambda: view.model.rowCount() >= 1)
    number = view.model.index(0, COL_CASE).data()
    assert number == case_with_follow_ups.case_number
    needed = view.table.fontMetrics().horizontalAdvance(number)
    qtbot.waitUntil(lambda: view.table.visualRect(view.table.model().index(0, COL_CASE)).width() > needed + 6)


def test_the_action_keeps_a_line_of_words_in_russian_at_1024_pixels(qtbot, ops, bus, case_with_follow_ups):
    """The Russian walk read "Book an interp…" in 108 px while "Назначено" (the counsellor herself) kept 160 px."""
    from avrcase.i18n import set_locale
    from avrcase.ui.models.follow_up_table import COL_ASSIGNED, COL_DUE
    from avrcase.ui.widgets.header_fit import header_width

    set_locale("ru")
    try:
        widget = FollowUpsView(ops, bus)
        qtbot.addWidget(widget)
        widget.show()
        widget.resize(770, 400)  # the room beside the navigation on a 1024 px screen
        widget.refresh()
        qtbot.waitUntil(lambda: widget.table.viewport().width() < 770)
        header = widget.table.horizontalHeader()
        metrics = widget.table.fontMetrics()
        assert header.sectionSize(COL_ACTION) >= 20 * metrics.horizontalAdvance("M")
        assert header.sectionSize(COL_ASSIGNED) == header_width(header, COL_ASSIGNED)
        date = widget.model.index(0, COL_DUE).data().split(" (")[0]  # the date reads whole, "(overdue)" may not
        assert header.sectionSize(COL_DUE) > metrics.horizontalAdvance(date) + 10
    finally:
        set_locale("en")
