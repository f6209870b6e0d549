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
    # The field is narrow in a crowded form: the whole zone is said on hover, with why it cannot be edited.
    assert card.destination_tz.toolTip().splitlines() == ["Asia/Tbilisi", "A flight uses the time zone of its airport."]


@OFFSCREEN_POPUP
def test_suggestions_put_names_starting_with_the_text_first(qtbot):
    """#19: Qt's own completer listed airports in code order, so "ist" offered Ashgabat (Turkmenistan)
    before Istanbul."""
    edit = PlaceEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClicks(edit, "ist")
    popup = edit.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    shown = [popup.model().index(row, 0).data() for row in range(min(3, popup.model().rowCount()))]
    assert shown[0].startswith("IST — Istanbul") and shown[1].startswith("SAW — Istanbul")


@pytest.mark.parametrize(("typed", "code"), [("vilni", "VNO"), ("Tbilisi", "TBS"), ("kut", "KUT"), ("tbs", "TBS")])
def test_enter_on_a_partial_name_picks_its_airport(qtbot, typed, code):
    edit = PlaceEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClicks(edit, typed)
    edit.completer().popup().hide()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == code and edit.airport() is not None


def test_a_place_naming_no_airport_stays_as_typed_for_the_itinerary_check(qtbot):
    edit = PlaceEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClicks(edit, "Zzyzx field")
    edit.completer().popup().hide()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "Zzyzx field" and edit.airport() is None


@pytest.mark.parametrize(("typed", "zone"), [("tbil", "Asia/Tbilisi"), ("vilnius", "Europe/Vilnius"),
                                             ("new york", "America/New_York")])
def test_enter_on_a_partial_time_zone_picks_it(qtbot, typed, zone):
    from avrcase.ui.widgets.travel_inputs import TimeZoneEdit

    edit = TimeZoneEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClicks(edit, typed)
    edit.completer().popup().hide()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.zone() == zone


def test_a_zone_put_in_a_narrow_field_shows_from_its_start(qtbot):
    """A flight's zone comes from its airport into a field the Russian form keeps narrow: it read "urope/Istanbul"."""
    from avrcase.ui.widgets.travel_inputs import TimeZoneEdit

    edit = TimeZoneEdit()
    qtbot.addWidget(edit)
    edit.setFixedWidth(60)
    edit.show()
    edit.set_zone("Europe/Istanbul")
    assert edit.zone() == "Europe/Istanbul"
    assert edit.cursorPosition() == 0  # the field scrolls to its cursor: the zone's first letters are in view
