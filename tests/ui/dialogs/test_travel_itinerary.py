"""Booking an itinerary through the dialog: typed in, checked beside the fields, saved to the store."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from avrcase.domain.money import Money
from avrcase.domain.travel import TravelMode
from avrcase.services.travel import arrangements as travel
from avrcase.ui import palette
from avrcase.ui.dialogs.itinerary_dialog import ItineraryDialog
from tests.support.clock import FIXED_TODAY
from tests.ui.travel_data import give_passports, travel_ops, two_legs  # noqa: F401 - fixture

DAY = FIXED_TODAY + dt.timedelta(days=10)
#: WORKAROUND: typing into an airport field opens its completion popup, and the offscreen platform
#: plugin says it cannot raise it or grab the keyboard for it; harmless here.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard")
pytestmark = OFFSCREEN_POPUP


@pytest.fixture
def household(make_case, travel_ops):
    """A principal and a child with passports in hand."""
    case = make_case(members=1)
    give_passports(travel_ops, case)
    return case


def _dialog(qtbot, ops, bus, case_id: int) -> ItineraryDialog:
    dialog = ItineraryDialog(ops, bus, ops.read(travel.get_travel, case_id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _fill(qtbot, card, origin: str, destination: str, departs: dt.datetime, arrives: dt.datetime,
          number: str, tickets: dict[int, str] | None = None) -> None:
    _type(qtbot, card.origin, origin)
    _type(qtbot, card.destination, destination)
    _type(qtbot, card.carrier, "Turkish Airlines")
    _type(qtbot, card.service_number, number)
    _type(qtbot, card.booking_reference, "x7k2qp")
    card.departure.set_local(departs)
    card.arrival.set_local(arrives)
    for key, ticket in (tickets or {}).items():
        _type(qtbot, card.tickets[key], ticket)


def test_an_itinerary_typed_into_the_dialog_is_booked_for_the_household(qtbot, travel_ops, bus, household):
    principal, child = (m.person.id for m in household.members)
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    at = lambda h, m: dt.datetime.combine(DAY, dt.time(h, m))
    first = dialog.segments.cards[0]
    _fill(qtbot, first, "vno", "IST", at(6, 0), at(9, 50), "TK 1410", {principal: "235-1111111111", child: "235-2"})
    _type(qtbot, first.fare.amount.line_edit, "310.50")
    qtbot.mouseClick(dialog.segments.add_button, Qt.MouseButton.LeftButton)
    second = dialog.segments.cards[1]
    assert second.origin.text() == "IST"  # the next leg starts where the previous one landed
    _fill(qtbot, second, "IST", "TBS", at(12, 20), at(15, 30), "TK 378", {principal: "235-3", child: "235-4"})
    with qtbot.waitSignal(dialog.itinerary_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    stored = travel_ops.read(travel.get_travel, household.id)
    assert [(s.origin, s.destination, s.service_number) for s in stored.segments] == [
        ("VNO", "IST", "TK 1410"), ("IST", "TBS", "TK 378")]
    assert stored.segments[0].departure == at(6, 0) and stored.segments[1].arrival == at(15, 30)
    assert stored.segments[0].origin_tz == "Europe/Vilnius" and stored.segments[1].destination_tz == "Asia/Tbilisi"
    assert stored.segments[0].booking_reference == "X7K2QP"
    assert stored.segments[0].fare == Money("310.50", "EUR")
    assert {(t.person_id, t.number) for t in stored.segments[1].tickets} == {(principal, "235-3"), (child, "235-4")}
    assert all(t.travelling for t in stored.travellers)


def test_a_segment_arriving_before_it_departs_is_refused_beside_the_arrival_and_nothing_is_saved(
        qtbot, travel_ops, bus, household):
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    card = dialog.segments.cards[0]
    _fill(qtbot, card, "VNO", "IST", dt.datetime.combine(DAY, dt.time(9, 0)),
          dt.datetime.combine(DAY, dt.time(8, 0)), "TK 1410")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "before it departs" in card.errors.message("arrival")
    assert card.errors.label("arrival").isVisible()
    assert dialog.isVisible() and "Nothing was saved" in dialog.summary.message
    stored = travel_ops.read(travel.get_travel, household.id)
    assert stored.segments == () and stored.version == 0


def test_a_short_connection_is_shown_and_saved_only_when_the_officer_saves_anyway(qtbot, travel_ops, bus, household):
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    dialog.segments.set_segments(two_legs(DAY, gap_minutes=20))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    second = dialog.segments.cards[1]
    assert "Only 20 minutes to connect" in second.warnings.message("departure")
    assert dialog.save_button.text().replace("&", "") == "Save anyway"
    assert travel_ops.read(travel.get_travel, household.id).segments == ()

    with qtbot.waitSignal(dialog.itinerary_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(travel_ops.read(travel.get_travel, household.id).segments) == 2


def test_a_note_under_a_segment_is_in_amber_as_the_summary_says_not_in_the_red_of_a_refusal(
        qtbot, travel_ops, bus, household):
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    dialog.segments.set_segments(two_legs(DAY, gap_minutes=10))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    note = dialog.segments.cards[1].warnings.label("departure")
    assert "Only 10 minutes to connect" in note.message
    assert "notes in amber" in dialog.warning_summary.message
    assert note.styleSheet() == dialog.warning_summary.styleSheet() == palette.CAUTION_TEXT_STYLE
    assert travel_ops.read(travel.get_travel, household.id).segments == ()


def test_a_fare_that_is_not_an_amount_is_named_beside_the_fare(qtbot, travel_ops, bus, household):
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    dialog.segments.set_segments(two_legs(DAY))
    _type(qtbot, dialog.segments.cards[1].fare.amount.line_edit, "a lot")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "is not an amount" in dialog.segments.cards[1].errors.message("fare")
    assert travel_ops.read(travel.get_travel, household.id).segments == ()


def test_a_negative_fare_is_said_once_and_with_the_other_problems_of_the_same_save(qtbot, travel_ops, bus, household):
    """A fare of -150 was said twice under the fare, and the arrival before the departure only at the next Save
    (found by a walk through the app)."""
    from avrcase.ui.widgets.error_label import ErrorLabel

    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    dialog.show()
    card = dialog.segments.cards[0]
    _fill(qtbot, card, "VNO", "IST", dt.datetime.combine(DAY, dt.time(9, 0)),
          dt.datetime.combine(DAY, dt.time(8, 0)), "TK 1410")
    _type(qtbot, card.fare.amount.line_edit, "-150")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert card.errors.message("fare") == "An amount cannot be negative."
    assert "before it departs" in card.errors.message("arrival")  # in the same round
    said = [label for label in dialog.findChildren(ErrorLabel) if label.isVisible()
            and label.text() == "An amount cannot be negative."]
    assert len(said) == 1
    assert travel_ops.read(travel.get_travel, household.id).segments == ()


def test_leaving_someone_out_needs_a_reason_and_then_books_the_others(qtbot, travel_ops, bus, household):
    principal, child = (m.person.id for m in household.members)
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    dialog.segments.set_segments(two_legs(DAY, (principal,)))
    assert dialog.split_reason.isEnabled() is False
    dialog.traveller_boxes[child].setChecked(False)
    assert not dialog.segments.cards[0].tickets[child].isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "why" in dialog.errors.message("split_reason").lower()

    _type(qtbot, dialog.split_reason, "Stays with the other parent until the court decides")
    with qtbot.waitSignal(dialog.itinerary_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = travel_ops.read(travel.get_travel, household.id)
    assert [t.person_id for t in stored.travelling] == [principal]


def test_a_traveller_without_a_travel_document_is_named_beside_the_travellers(qtbot, travel_ops, bus, make_case):
    case = make_case()
    dialog = _dialog(qtbot, travel_ops, bus, case.id)
    dialog.segments.set_segments(two_legs(DAY))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "has no travel document" in dialog.errors.message("travellers")
    assert travel_ops.read(travel.get_travel, case.id).segments == ()


def test_an_airport_is_found_by_its_city_and_a_bus_leg_asks_for_time_zones(qtbot, travel_ops, bus, household):
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    card = dialog.segments.cards[0]
    qtbot.keyClicks(card.destination, "tbilis")
    popup = card.destination.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.destination.text() == "TBS")  # once Qt has put the chosen label in
    assert card.destination_tz.zone() == "Asia/Tbilisi" and not card.destination_tz.isEnabled()

    card.mode.set_code(TravelMode.BUS.value)
    assert card.destination_tz.isEnabled()


def test_a_father_and_his_son_of_the_same_name_are_told_apart_when_booking(qtbot, travel_ops, bus, engine, actor):
    """Seen on the walk: "MAROZAU Uladzimir" twice among the travellers and twice beside the ticket numbers, nothing
    to say which was the father; now each name carries the year of birth, on the dialog and the Travel tab's list."""
    from avrcase.ui.models.travel_text import document_rows
    import dataclasses

    from avrcase.services.cases import register as cases
    from avrcase.services.uow import unit_of_work
    from tests.conftest import MemberForm, Relationship, make_case_form, make_person

    son = MemberForm(make_person(family_name="Marozau", given_names="Uladzimir", given_names_original="",
                                 date_of_birth=dt.date(2012, 1, 28), document_number="13CH00001"), Relationship.CHILD)
    form = dataclasses.replace(make_case_form(members=1), members=(son,), principal=make_person(
        family_name="Marozau", given_names="Uladzimir", given_names_original=""))
    with unit_of_work(engine, actor=actor) as session:
        case = cases.register_case(session, actor, form)
    dialog = _dialog(qtbot, travel_ops, bus, case.id)
    boxes = sorted(box.text() for box in dialog.traveller_boxes.values())
    assert boxes == ["MAROZAU Uladzimir (1988)", "MAROZAU Uladzimir (2012)"]
    card = dialog.segments.cards[0]
    labels = sorted(label.text() for label in card.findChildren(QLabel) if label.text().startswith("MAROZAU"))
    assert labels == boxes
    listed = [row[0] for row in document_rows(travel_ops.read(travel.get_travel, case.id))[0]]
    assert sorted(listed) == boxes


def test_a_leg_on_a_day_already_past_is_shown_before_it_is_booked(qtbot, travel_ops, bus, make_case):
    """Seen on the walk: a first flight typed as 20 November (today is 6 December) was booked without a word."""
    case = make_case(members=1, registered_on=FIXED_TODAY - dt.timedelta(days=60))
    give_passports(travel_ops, case)
    dialog = _dialog(qtbot, travel_ops, bus, case.id)
    dialog.segments.set_segments(two_legs(FIXED_TODAY - dt.timedelta(days=14)))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "Segment 1 leaves on Nov 20, 2026, a day already past" in dialog.segments.cards[0].warnings.message(
        "departure")
    assert dialog.save_button.text().replace("&", "") == "Save anyway"
    assert travel_ops.read(travel.get_travel, case.id).segments == ()
    with qtbot.waitSignal(dialog.itinerary_saved):  # a journey already made may be recorded late
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(travel_ops.read(travel.get_travel, case.id).segments) == 2


def test_a_connection_of_days_is_shown_as_a_date_to_check(qtbot, travel_ops, bus, household):
    """Seen on the walk: the second flight typed a month after the first landed was booked as a connection."""
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    dialog.segments.set_segments(two_legs(DAY, gap_minutes=30 * 24 * 60))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert ("Segment 2 leaves 30 days after segment 1 arrives; please check the dates."
            in dialog.segments.cards[1].warnings.message("departure"))
    assert travel_ops.read(travel.get_travel, household.id).segments == ()


def test_in_russian_the_arrival_is_named_as_the_departure_is(qtbot, travel_ops, bus, household):
    """Seen on the walk (Russian): "Отправление (местное время)" beside "Прибывает (местное время)", a noun and a verb
    for the two halves of one segment; both are nouns now (and "Прибытие (местное)" in the Travel tab's list)."""
    from PySide6.QtWidgets import QLabel as Label

    from avrcase.i18n import set_locale

    set_locale("ru")
    dialog = _dialog(qtbot, travel_ops, bus, household.id)
    labels = {label.text() for label in dialog.segments.cards[0].findChildren(Label)}
    assert {"Отправление (местное время):", "Прибытие (местное время):"} <= labels
