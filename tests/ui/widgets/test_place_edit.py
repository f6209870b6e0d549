"""Choosing an airport from the suggestion list leaves a place the itinerary can save (#19, item 1)."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from avrcase.domain.travel import TravelMode
from avrcase.ui.widgets.segments_edit import SegmentEdit
from avrcase.ui.widgets.travel_inputs import PlaceEdit


#: WORKAROUND: the offscreen platform cannot raise the suggestion popup or grab the keyboard for it.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("This plugin does not support", "does not support grabbing the keyboard")


def _choose_from_the_list(qtbot, edit: PlaceEdit, typed: str) -> None:
    edit.setFocus()
    qtbot.keyClicks(edit, typed)
    popup = edit.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait(50)  # whatever Qt does after the choice has run


@OFFSCREEN_POPUP
def test_an_airport_chosen_from_the_list_leaves_its_code_and_zone(qtbot):
    edit = PlaceEdit()
    qtbot.addWidget(edit)
    edit.show()
    _choose_from_the_list(qtbot, edit, "Vilnius")
    assert edit.text() == "VNO"
    assert edit.place() == "VNO" and edit.airport() is not None and edit.airport().tz == "Europe/Vilnius"


def test_a_whole_label_left_in_the_field_still_names_its_airport(qtbot):
    edit = PlaceEdit()
    qtbot.addWidget(edit)
    edit.setText("VNO — Vilnius, Vilnius International Airport (Lithuania)")
    assert edit.place() == "VNO" and edit.airport().tz == "Europe/Vilnius"


@OFFSCREEN_POPUP
def test_a_flight_chosen_from_the_lists_gets_both_time_zones(qtbot):
    card = SegmentEdit([(1, "BERIDZE Nino")], dt.date(2026, 12, 4))
    qtbot.addWidget(card)
    card.show()
    assert card.mode.value() is TravelMode.AIR
    _choose_from_the_list(qtbot, card.origin, "Vilnius")
    _choose_from_the_list(qtbot, card.destination, "Tbilisi")
    assert (card.origin.place(), card.destination.place()) == ("VNO", "TBS")
    assert (card.origin_tz.zone(), card.destination_tz.zone()) == ("Europe/Vilnius", "Asia/Tbilisi")
