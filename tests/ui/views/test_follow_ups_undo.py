"""The follow-ups view offers "Undo" right after "Mark done": a follow-up marked done by mistake stayed done."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select

from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from avrcase.ui.views.follow_ups import UNDO_SECONDS
from tests.ui.views.test_follow_ups import actions, case_with_follow_ups, view  # noqa: F401  (fixtures)


def _done_on_changes(engine, follow_up_id):
    with unit_of_work(engine, write=False) as session:
        return [json.loads(e.details)["fields"]["done_on"] for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "follow_ups", AuditEntry.entity_id == follow_up_id,
                                     AuditEntry.action == "update").order_by(AuditEntry.seq))]


def test_undo_reopens_the_follow_up_just_marked_done_on_the_record(qtbot, case_with_follow_ups, view, engine):  # noqa: F811
    assert not view.undo_button.isVisibleTo(view)
    view.table.selectRow(0)
    marked = view.model.follow_up(0)
    qtbot.mouseClick(view.mark_done_button, Qt.MouseButton.LeftButton)
    assert actions(view) == ["Book the flight"]
    assert view.undo_button.isVisibleTo(view) and "Ask the embassy for a passport" in view.done_label.full_text()

    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert actions(view) == ["Ask the embassy for a passport", "Book the flight"]
    assert view.model.follow_up(view.table.currentIndex().row()).id == marked.id  # chosen again
    assert not view.undo_button.isVisibleTo(view)
    today = view._ops.today().isoformat()
    assert _done_on_changes(engine, marked.id) == [[None, today], [today, None]]


def test_undo_is_offered_for_a_few_seconds_only(qtbot, case_with_follow_ups, view):  # noqa: F811
    view.table.selectRow(0)
    qtbot.mouseClick(view.mark_done_button, Qt.MouseButton.LeftButton)
    assert view.undo_button.isVisibleTo(view) and view._undo_timer.interval() == UNDO_SECONDS * 1000
    view._undo_timer.setInterval(10)  # rather than wait the whole while
    view._undo_timer.start()
    qtbot.waitUntil(lambda: not view.undo_button.isVisibleTo(view), timeout=1000)
    assert not view.done_label.isVisibleTo(view) and actions(view) == ["Book the flight"]
