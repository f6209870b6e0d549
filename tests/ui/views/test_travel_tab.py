"""The Travel tab: readiness named, documents and segments listed, confirming the itinerary and the
departure moves the case in the store, and buttons a role may not use are disabled with the reason."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from avrcase.domain.codes import StaffRole
from avrcase.domain.stages import Stage
from avrcase.services.cases import case_file
from avrcase.services.travel import arrangements as travel
from avrcase.ui import palette
from avrcase.ui.ops import Ops
from avrcase.ui.views.travel_tab import TravelTab
from tests.support.clock import FIXED_TODAY
from tests.ui.travel_data import book, give_passports, prepare_for_travel, travel_ops  # noqa: F401 - fixture


@pytest.fixture
def booked(make_case, travel_ops):
    """A household in travel preparation with passports in hand and tickets, leaving today."""
    case = make_case(members=1)
    give_passports(travel_ops, case)
    prepare_for_travel(travel_ops, case.id)
    book(travel_ops, case.id, FIXED_TODAY)
    return case


def _tab(qtbot, ops, bus, case_id) -> TravelTab:
    tab = TravelTab(ops, bus, case_id)
    qtbot.addWidget(tab)
    tab.resize(1000, 900)
    tab.show()
    return tab


def test_the_tab_shows_the_documents_segments_and_what_is_missing(qtbot, travel_ops, bus, booked):
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    assert tab.segments_model.rowCount() == 2
    assert tab.documents.model.rowCount() == 2
    assert "Assistance on the way is not confirmed" in tab.readiness.text()


def _stage(ops, case_id) -> Stage:
    return ops.read(case_file.get_case, case_id).stage


def test_confirming_the_itinerary_schedules_the_departure_in_the_store(qtbot, travel_ops, bus, booked, monkeypatch):
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or QMessageBox.StandardButton.Yes)
    assert tab.confirm_itinerary_button.isEnabled() and not tab.confirm_departure_button.isEnabled()
    qtbot.mouseClick(tab.confirm_itinerary_button, Qt.MouseButton.LeftButton)

    assert asked and _stage(travel_ops, booked.id) is Stage.DEPARTURE_SCHEDULED
    assert "Itinerary confirmed on" in tab.status.text()  # the tab re-read the store
    assert tab.confirm_departure_button.isEnabled() and not tab.confirm_itinerary_button.isEnabled()


def test_answering_no_leaves_the_stage_as_it_was(qtbot, travel_ops, bus, booked, monkeypatch):
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    qtbot.mouseClick(tab.confirm_itinerary_button, Qt.MouseButton.LeftButton)
    assert _stage(travel_ops, booked.id) is Stage.TRAVEL_PREPARATION


def _scheduled(ops, case_id) -> None:
    detail = ops.read(travel.get_travel, case_id)
    ops.write(travel.confirm_itinerary, case_id, detail.version)


def test_confirming_the_departure_moves_the_case_to_departed(qtbot, travel_ops, bus, booked):
    _scheduled(travel_ops, booked.id)
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    dialog = tab.confirm_departure()
    qtbot.addWidget(dialog)
    assert dialog.departed_on.date().toPython() == FIXED_TODAY
    with qtbot.waitSignal(dialog.departure_confirmed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    case = travel_ops.read(case_file.get_case, booked.id)
    assert case.stage is Stage.DEPARTED
    assert case.stage_history[-1].to_stage is Stage.DEPARTED
    assert travel_ops.read(travel.get_travel, booked.id).departed_on == FIXED_TODAY
    assert "Departed on" in tab.status.text()
    assert not tab.itinerary_button.isEnabled()  # the journey can no longer change


def test_a_departure_in_the_future_is_refused_beside_the_date(qtbot, travel_ops, bus, booked):
    _scheduled(travel_ops, booked.id)
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    dialog = tab.confirm_departure()
    qtbot.addWidget(dialog)
    dialog.departed_on.setDate(dialog.departed_on.date().addDays(2))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "in the future" in dialog.errors.message("departed_on")
    assert _stage(travel_ops, booked.id) is Stage.DEPARTURE_SCHEDULED


def test_a_day_other_than_the_booked_one_is_asked_about_in_amber_and_nothing_is_confirmed_yet(
        qtbot, travel_ops, bus, make_case):
    case = make_case(members=1)  # registered today, booked to leave tomorrow, confirmed as left today
    give_passports(travel_ops, case)
    prepare_for_travel(travel_ops, case.id)
    book(travel_ops, case.id, FIXED_TODAY + dt.timedelta(days=1))
    _scheduled(travel_ops, case.id)
    tab = _tab(qtbot, travel_ops, bus, case.id)
    dialog = tab.confirm_departure()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "The booked departure was on" in dialog.warning.message
    assert dialog.warning.styleSheet() == palette.CAUTION_TEXT_STYLE  # a question, not a refusal in red
    assert _stage(travel_ops, case.id) is Stage.DEPARTURE_SCHEDULED


@pytest.mark.parametrize("role", [StaffRole.FINANCE_OFFICER, StaffRole.COUNSELLOR])
def test_buttons_a_role_may_not_use_are_disabled_and_say_why(qtbot, engine, actor_as, bus, booked, role):
    ops = Ops(engine, actor_as(role))
    tab = _tab(qtbot, ops, bus, booked.id)
    assert tab.segments_model.rowCount() == 2  # may read
    for button in (tab.itinerary_button, tab.arrangements_button, tab.documents.add_document_button,
                   tab.documents.add_visa_button,
                   tab.confirm_itinerary_button):
        assert not button.isEnabled()
        assert "does not allow you to arrange travel" in button.toolTip()


def test_someone_left_out_is_named_with_the_reason(qtbot, travel_ops, bus, make_case):
    from avrcase.services.travel.dto import ItineraryForm
    from tests.ui.travel_data import two_legs

    case = make_case(members=1)
    give_passports(travel_ops, case)
    principal, child = (m.person.id for m in case.members)
    travel_ops.write(travel.save_itinerary, case.id, 0, ItineraryForm(
        two_legs(FIXED_TODAY + dt.timedelta(days=3), (principal,)), frozenset({child}), "Stays with the father"))
    tab = _tab(qtbot, travel_ops, bus, case.id)
    assert "Not travelling: BERIDZE Child One (Stays with the father)" in tab.status.text()
    assert [tab.documents.model.index(r, 1).data() for r in range(2)] == ["yes", "no"]


def test_the_confirm_itinerary_tooltip_says_the_real_reason(qtbot, travel_ops, bus, booked):
    """After booking and confirming, it no longer says "Book the itinerary first" (#19)."""
    _scheduled(travel_ops, booked.id)
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    assert not tab.confirm_itinerary_button.isEnabled()
    assert tab.confirm_itinerary_button.toolTip() == "The itinerary is confirmed: the departure is scheduled."


def test_before_booking_the_tooltip_asks_to_book(qtbot, travel_ops, bus, make_case):
    case = make_case()
    prepare_for_travel(travel_ops, case.id)
    tab = _tab(qtbot, travel_ops, bus, case.id)
    assert tab.confirm_itinerary_button.toolTip() == "Book the itinerary first."


def test_in_russian_what_is_missing_on_the_way_agrees_with_every_kind_of_assistance(qtbot, travel_ops, bus, booked):
    """Seen on the walk (Russian): "Помощь при отъезде в пункте VNO не запрошено" (a feminine noun with a neuter
    participle), and so for every kind; the Russian wording no longer depends on the kind's gender."""
    from avrcase.i18n import set_locale

    set_locale("ru")
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    text = tab.readiness.text()
    assert "Помощь при отъезде в пункте VNO — запрос не отправлен." in text
    assert "Встреча и помощь по прибытии в пункте TBS — запрос не отправлен." in text
    assert "не запрошено" not in text and "не подтверждено." not in text


@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard")
def test_moving_a_flight_of_a_confirmed_itinerary_says_so_and_puts_it_back_to_be_confirmed(qtbot, travel_ops, bus,
                                                                                            booked):
    """Before: the second flight moved by an hour, the itinerary stayed "confirmed" and the departure "scheduled"."""
    _scheduled(travel_ops, booked.id)
    tab = _tab(qtbot, travel_ops, bus, booked.id)
    dialog = tab.edit_itinerary()
    qtbot.addWidget(dialog)
    second = dialog.segments.cards[1]
    second.departure.set_local(second.departure.local() + dt.timedelta(hours=1))
    second.arrival.set_local(second.arrival.local() + dt.timedelta(hours=1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "With this change it needs to be confirmed again" in dialog.warning_summary.message
    assert dialog.save_button.text().replace("&", "") == "Save anyway"
    assert dialog.warning_summary.styleSheet() == palette.CAUTION_TEXT_STYLE  # "the notes in amber", not red
    letters = [text[text.index("&") + 1].lower()
               for text in (dialog.save_button.text(), dialog.segments.add_button.text())]
    assert letters[0] != letters[1]  # Alt+A went between "Save anyway" and "Add segment", pressing neither
    assert _stage(travel_ops, booked.id) is Stage.DEPARTURE_SCHEDULED  # nothing changed yet

    with qtbot.waitSignal(dialog.itinerary_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = travel_ops.read(travel.get_travel, booked.id)
    assert stored.stage is Stage.TRAVEL_PREPARATION and stored.confirmed_at is None
    assert "The itinerary is not confirmed yet." in tab.status.text()
    assert tab.confirm_itinerary_button.isEnabled() and not tab.confirm_departure_button.isEnabled()


def test_the_itinerarys_last_header_reads_whole_in_russian_at_1024_pixels(qtbot, travel_ops, bus, booked):
    """The Russian walk saw "тоимость билета": the fare's header cut while "Воздушный транспорт" kept its room."""
    from PySide6.QtWidgets import QApplication

    from avrcase.i18n import set_locale
    from avrcase.ui.widgets.header_fit import header_width

    set_locale("ru")
    try:
        tab = _tab(qtbot, travel_ops, bus, booked.id)
        tab.resize(960, 900)
        QApplication.processEvents()
        header = tab.segments.horizontalHeader()
        last = header.count() - 1
        assert header.sectionSize(last) >= header_width(header, last), header.sectionSize(last)
        assert header.length() <= tab.segments.viewport().width()
    finally:
        set_locale("en")
