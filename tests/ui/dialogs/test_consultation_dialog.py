"""The consultation dialog: a logged consultation with follow-ups reaches the store and moves the case on."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDateTime, Qt

from avrcase.domain.codes import ConsultationMode, ConsultationOutcome, ConsultationTopic
from avrcase.domain.stages import Stage
from avrcase.services.cases import case_file, counselling
from avrcase.ui.dialogs.consultation_dialog import ConsultationDialog
from tests.support.clock import FIXED_NOW, FIXED_TODAY

#: The office (Vilnius), whatever zone the computer running the tests is set to.
OFFICE = ZoneInfo("Europe/Vilnius")
#: The test clock's now as the office's wall time, as the dialog shows and reads it.
NOW_LOCAL = QDateTime(FIXED_NOW.astimezone(OFFICE).replace(tzinfo=None, microsecond=0))


@pytest.fixture
def household(make_case):
    # Registered days ago, so "an hour ago" is never before registration, even just after midnight.
    return make_case(members=2, registered_on=FIXED_TODAY - dt.timedelta(days=10))


@pytest.fixture
def dialog(qtbot, ops, bus, household):
    dlg = ConsultationDialog(ops, bus, household)
    qtbot.addWidget(dlg)
    dlg.open()
    return dlg


def test_consultation_with_two_follow_ups_is_stored_and_moves_the_case_to_counselling(qtbot, ops, bus, dialog,
                                                                                    household):
    assert household.stage == Stage.REGISTERED
    held = NOW_LOCAL.addSecs(-3600)
    dialog.held_at.setDateTime(held)
    dialog.mode.set_code(ConsultationMode.PHONE.value)
    qtbot.keyClicks(dialog.location, "Pabrade")
    qtbot.keyClicks(dialog.interpreter_name, "Tamar K.")
    dialog.interpreter_language.lineEdit().setText("Georgian")  # set, not typed: see test_case_dialog
    dialog.member_boxes[2].setChecked(True)
    qtbot.keyClicks(dialog.others, "social worker")
    dialog.topics.boxes[ConsultationTopic.AVR_INFORMATION].setChecked(True)
    dialog.topics.boxes[ConsultationTopic.DOCUMENTS].setChecked(True)
    qtbot.keyClicks(dialog.notes, "Explained the programme.")
    dialog.outcome.set_code(ConsultationOutcome.CONSIDERING.value)
    qtbot.mouseClick(dialog.follow_ups.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.follow_ups.rows[0].action, "Ask the embassy for a travel certificate")
    qtbot.mouseClick(dialog.follow_ups.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.follow_ups.rows[1].action, "Call back about the decision")
    due = held.date().toPython() + dt.timedelta(days=3)
    dialog.follow_ups.rows[1].due_on.setDate(due)

    with qtbot.waitSignal(bus.data_changed), qtbot.waitSignal(dialog.consultation_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    case = ops.read(case_file.get_case, household.id)
    assert case.stage == Stage.COUNSELLING
    assert case.stage_history[-1].to_stage == Stage.COUNSELLING
    [consultation] = case.consultations
    assert consultation.mode == "phone"
    assert consultation.held_at.replace(tzinfo=dt.timezone.utc).astimezone(OFFICE).strftime("%Y-%m-%d %H:%M") == \
        held.toString("yyyy-MM-dd HH:mm")
    assert consultation.interpreter_language == "ka"
    assert consultation.participants == "BERIDZE Nino; BERIDZE Child Two; social worker"
    assert consultation.topics == ("avr_information", "documents")
    assert consultation.outcome == "considering"
    assert sorted((f.due_on, f.action) for f in consultation.follow_ups) == [
        (due, "Call back about the decision"),
        (held.date().toPython() + dt.timedelta(days=7), "Ask the embassy for a travel certificate"),
    ]
    assert len(ops.read(counselling.list_follow_ups)) == 2
    assert not dialog.isVisible()


def test_a_consultation_in_the_future_or_a_follow_up_due_before_it_saves_nothing(qtbot, ops, dialog, household):
    dialog.held_at.setDateTime(NOW_LOCAL.addDays(2))
    dialog.topics.boxes[ConsultationTopic.TRAVEL].setChecked(True)
    row = dialog.follow_ups.add_row("Book the flight", FIXED_TODAY)

    with qtbot.assertNotEmitted(dialog.consultation_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "in the future" in dialog.errors.message("held_at")
    assert "due before the consultation" in row.errors.message("due_on")
    assert dialog.focusWidget() is dialog.held_at
    assert ops.read(case_file.get_case, household.id).consultations == ()


def test_nothing_discussed_is_refused_beside_the_topics(qtbot, ops, dialog, household):
    dialog.held_at.setDateTime(NOW_LOCAL.addSecs(-60))
    dialog.save()
    assert "at least one topic" in dialog.errors.message("topics")
    assert ops.read(case_file.get_case, household.id).stage == Stage.REGISTERED


def test_an_empty_follow_up_row_is_ignored_and_can_be_removed(qtbot, ops, dialog, household):
    dialog.topics.boxes[ConsultationTopic.HEALTH].setChecked(True)
    dialog.held_at.setDateTime(NOW_LOCAL.addSecs(-60))
    dialog.follow_ups.add_row()
    kept = dialog.follow_ups.add_row("Send the medical certificate")
    gone = dialog.follow_ups.add_row("Mistake")
    qtbot.mouseClick(gone.remove_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.consultation_saved):
        dialog.save()
    [consultation] = ops.read(case_file.get_case, household.id).consultations
    assert [f.action for f in consultation.follow_ups] == [kept.action.text()]


def test_a_follow_up_with_a_date_but_no_action_and_nobody_taking_part_are_asked_for(qtbot, ops, dialog, household):
    """Both were saved without a word: the follow-up dropped, the consultation with "Participants —"."""
    dialog.topics.boxes[ConsultationTopic.HEALTH].setChecked(True)
    dialog.held_at.setDateTime(NOW_LOCAL.addSecs(-60))
    for box in dialog.member_boxes:
        box.setChecked(False)
    qtbot.mouseClick(dialog.follow_ups.add_button, Qt.MouseButton.LeftButton)
    row = dialog.follow_ups.rows[0]
    row.due_on.setDate(row.due_on.date().addDays(3))

    with qtbot.assertNotEmitted(dialog.consultation_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert row.errors.message("action") == "Please describe the follow-up action."
    assert dialog.errors.message("participants") == (
        "Please tick who took part, or write who was there under “Others present”.")
    assert dialog.focusWidget() is dialog.member_boxes[0]  # the keyboard on the first person, not the frame
    assert ops.read(case_file.get_case, household.id).consultations == ()
    qtbot.keyClicks(dialog.others, "the principal's lawyer")
    qtbot.keyClicks(row.action, "Send the medical certificate")
    with qtbot.waitSignal(dialog.consultation_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [consultation] = ops.read(case_file.get_case, household.id).consultations
    assert consultation.participants == "the principal's lawyer"
    assert [f.action for f in consultation.follow_ups] == ["Send the medical certificate"]


@pytest.fixture
def answers(monkeypatch):
    """Answer the discard question with the next queued choice (True: discard), recording each question."""
    from avrcase.ui.dialogs import consultation_dialog
    from tests.support.questions import queued_answers

    return queued_answers(monkeypatch, consultation_dialog)


def test_esc_asks_before_throwing_typed_notes_away(qtbot, ops, dialog, household, answers):
    from PySide6.QtCore import Qt

    asked, queued = answers
    dialog.show()
    qtbot.keyClicks(dialog.notes, "Discussed travel documents with the family.")
    queued.append(False)  # "Cancel": keep working
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Discard this consultation?"] and dialog.isVisible()
    assert dialog.notes.toPlainText() == "Discussed travel documents with the family."
    queued.append(True)  # "Discard"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()


def test_esc_on_an_untouched_consultation_closes_without_a_question(qtbot, ops, dialog, household, answers):
    from PySide6.QtCore import Qt

    asked, _queued = answers
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()


def test_enter_with_nothing_discussed_puts_the_keyboard_on_the_first_topic(qtbot, ops, dialog, household):
    """Walk 13 (keyboard only): after Enter was refused with "Tick at least one topic", the keyboard was on the topics'
    frame, where Space ticked nothing and typing went nowhere; it is on the first topic now."""
    from PySide6.QtWidgets import QApplication

    dialog.held_at.setDateTime(NOW_LOCAL.addSecs(-60))
    dialog.activateWindow()
    dialog.others.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.others)
    qtbot.keyClick(dialog.others, Qt.Key.Key_Return)
    assert "at least one topic" in dialog.errors.message("topics")
    first = dialog.topics.boxes[ConsultationTopic.AVR_INFORMATION]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert first.isChecked()
