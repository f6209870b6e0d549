"""The stage dialog: only allowed moves, a required reason, closure reasons, and refusals explained."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.codes import ClosureReason
from avrcase.domain.stages import Stage, StageMove
from avrcase.services.cases import case_file
from avrcase.services.cases import stages as case_stages
from avrcase.ui.dialogs.stage_dialog import StageDialog
from tests.support.clock import FIXED_NOW
from tests.ui.travel_data import travel_ops  # noqa: F401 - fixture


@pytest.fixture
def open_dialog(qtbot, ops, bus):
    def _open(case):
        dlg = StageDialog(ops, bus, case)
        qtbot.addWidget(dlg)
        dlg.open()
        return dlg
    return _open


def moved(ops, case, *stages):
    for stage in stages:
        case = ops.write(case_stages.change_stage, case.id, case.version, StageMove(stage, "set up by the test"))
    return case


def choices(dialog):
    return [dialog.to_stage.itemText(i) for i in range(1, dialog.to_stage.count())]


def test_the_move_is_recorded_in_the_history_with_who_when_and_why(qtbot, ops, bus, make_case, open_dialog):
    case = make_case()
    dialog = open_dialog(case)
    assert choices(dialog) == [s.label for s in case.allowed_moves]
    assert "Registered" in dialog.current.text()
    before = FIXED_NOW.replace(microsecond=0) - dt.timedelta(seconds=1)
    dialog.to_stage.set_code(Stage.COUNSELLING.value)
    qtbot.keyClicks(dialog.reason, "Came to the first information session")

    with qtbot.waitSignal(bus.data_changed), qtbot.waitSignal(dialog.stage_changed) as changed:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter saves

    assert changed.args == [case.id]
    stored = ops.read(case_file.get_case, case.id)
    assert stored.stage == Stage.COUNSELLING
    last = stored.stage_history[-1]
    assert (last.from_stage, last.to_stage) == (Stage.REGISTERED, Stage.COUNSELLING)
    assert last.reason == "Came to the first information session"
    assert last.changed_by == "Rūta Counsellor"
    assert last.changed_at.replace(tzinfo=last.changed_at.tzinfo or dt.timezone.utc) >= before
    assert not dialog.isVisible()


def test_a_move_refused_for_lack_of_consent_says_why_and_changes_nothing(qtbot, ops, make_case, open_dialog):
    case = moved(ops, make_case(consent=False), Stage.COUNSELLING)
    dialog = open_dialog(case)
    dialog.to_stage.set_code(Stage.APPLICATION_SIGNED.value)
    # Said as soon as the stage is chosen ...
    assert "until consent" in dialog.errors.message("to_stage")
    qtbot.keyClicks(dialog.reason, "Signed today")

    with qtbot.assertNotEmitted(dialog.stage_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # ... and again when the counsellor tries anyway.
    assert "until consent" in dialog.errors.message("to_stage")
    stored = ops.read(case_file.get_case, case.id)
    assert stored.stage == Stage.COUNSELLING
    assert len(stored.stage_history) == len(case.stage_history)
    assert dialog.isVisible()


def test_a_reason_is_required(qtbot, ops, make_case, open_dialog):
    case = make_case()
    dialog = open_dialog(case)
    dialog.save()
    assert "choose the stage" in dialog.errors.message("to_stage")
    dialog.to_stage.set_code(Stage.NO_SHOW.value)
    dialog.save()
    assert "say why" in dialog.errors.message("reason")
    assert dialog.focusWidget() is dialog.reason
    assert ops.read(case_file.get_case, case.id).stage == Stage.REGISTERED


def test_closing_asks_for_the_closure_reason(qtbot, ops, make_case, open_dialog):
    case = moved(ops, make_case(), Stage.WITHDRAWN)
    dialog = open_dialog(case)
    assert choices(dialog) == [Stage.COUNSELLING.label, Stage.CLOSED.label]
    assert not dialog.closure_reason.isEnabled()
    dialog.to_stage.set_code(Stage.CLOSED.value)
    assert dialog.closure_reason.isEnabled()
    qtbot.keyClicks(dialog.reason, "Decided to stay")
    dialog.save()
    assert "why the case is closed" in dialog.errors.message("closure_reason")
    assert ops.read(case_file.get_case, case.id).stage == Stage.WITHDRAWN

    dialog.closure_reason.set_code(ClosureReason.WITHDREW.value)
    with qtbot.waitSignal(dialog.stage_changed):
        dialog.save()
    stored = ops.read(case_file.get_case, case.id)
    assert (stored.stage, stored.closure_reason) == (Stage.CLOSED, "withdrew")
    assert stored.stage_history[-1].closure_reason == "withdrew"


def test_a_stage_changed_meanwhile_is_shown_and_nothing_is_overwritten(qtbot, ops, make_case, open_dialog):
    case = make_case()
    dialog = open_dialog(case)
    moved(ops, case, Stage.COUNSELLING)
    dialog.to_stage.set_code(Stage.NO_SHOW.value)
    qtbot.keyClicks(dialog.reason, "Did not come")

    with qtbot.assertNotEmitted(dialog.stage_changed):
        dialog.save()

    assert "changed by someone else" in dialog.summary.text()
    assert "Counselling" in dialog.current.text()
    assert dialog.to_stage.value() == Stage.NO_SHOW  # still allowed from counselling, so kept
    assert ops.read(case_file.get_case, case.id).stage == Stage.COUNSELLING


def test_escape_asks_before_throwing_away_a_typed_reason(qtbot, monkeypatch, make_case, open_dialog):
    """Esc closed the dialog with a reason typed and a stage chosen, without a word."""
    from avrcase.ui.widgets import typed_work

    asked = []
    answers = iter([False, True])
    monkeypatch.setattr(typed_work, "confirm_discard", lambda _parent, title, *_rest: asked.append(title) or next(answers))
    case = make_case()
    untouched = open_dialog(case)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert asked == [] and not untouched.isVisible()

    dialog = open_dialog(case)
    dialog.to_stage.set_code(Stage.COUNSELLING.value)
    qtbot.keyClicks(dialog.reason, "Came to the first information session")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert asked == ["Discard what was typed?"] and dialog.isVisible()
    assert dialog.reason.text() == "Came to the first information session"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not dialog.isVisible()


def test_a_vietnamese_principal_applicant_is_named_with_every_mark(open_dialog, make_case, ops):
    """Seen on the walk: "Case … (NGUYËN Thị Minh Khai) is at the stage …", the tilde's top cut off at the edge."""
    from tests.conftest import make_person

    def first_ink_row(family: str) -> int:
        case = make_case(principal=make_person(family_name=family, given_names="Thị Minh Khai", citizenship="VN",
                                               given_names_original=""))
        dialog = open_dialog(ops.read(case_file.get_case, case.id))
        assert f"({family.upper()} Thị Minh Khai)" in dialog.current.text()
        image = dialog.current.grab().toImage()
        return next(y for y in range(image.height())
                    if any(image.pixelColor(x, y).lightness() < 128 for x in range(image.width())))

    tilde, circumflex = first_ink_row("Nguyễn"), first_ink_row("Nguyên")
    assert tilde > 0 and tilde <= circumflex - 1  # the tilde is drawn above the circumflex


def test_departed_is_refused_for_a_journey_booked_for_a_day_still_to_come(qtbot, bus, make_case, travel_ops):
    """"Departed" chosen in the stage dialog moved a case booked to leave in five days: it counted as gone, and the
    Travel tab's "Confirm departure…" (which records the day they left) was disabled for good."""
    from avrcase.services.travel import arrangements as travel
    from tests.support.clock import FIXED_TODAY
    from tests.ui.travel_data import book, give_passports, prepare_for_travel

    case = make_case(members=1)
    give_passports(travel_ops, case)
    prepare_for_travel(travel_ops, case.id)
    detail = book(travel_ops, case.id, FIXED_TODAY + dt.timedelta(days=5))
    travel_ops.write(travel.confirm_itinerary, case.id, detail.version)
    case = travel_ops.read(case_file.get_case, case.id)
    assert case.stage == Stage.DEPARTURE_SCHEDULED
    dialog = StageDialog(travel_ops, bus, case)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.to_stage.set_code(Stage.DEPARTED.value)
    qtbot.keyClicks(dialog.reason, "Flew")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "a day still to come" in dialog.errors.message("to_stage")
    assert "Confirm departure…" in dialog.errors.message("to_stage")
    assert travel_ops.read(case_file.get_case, case.id).stage == Stage.DEPARTURE_SCHEDULED
