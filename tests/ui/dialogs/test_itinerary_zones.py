"""A flight's time zone reads whole in a crowded segment card at 1024 px, in Lithuanian and Russian."""

from __future__ import annotations

import pytest

from avrcase.services.travel import arrangements as travel
from avrcase.ui.dialogs.itinerary_dialog import ItineraryDialog
from tests.ui.travel_data import give_passports, travel_ops  # noqa: F401 - fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard")
#: The itinerary dialog on a 1024 px screen (less the window frame).
ROOM_AT_1024 = 1008


@pytest.mark.parametrize("locale", ["lt", "ru"])
def test_a_flight_s_time_zone_reads_whole_at_1024_pixels(qtbot, make_case, travel_ops, bus, large_font, locale):
    """Walk 11: the zone field was the one the grid squeezed ("Euro…", the Lithuanian guide picture) beside the
    carrier, the times and the fare; it now keeps room for its zone and the card still fits the dialog."""
    from avrcase.i18n import set_locale

    set_locale(locale)
    case = make_case()
    give_passports(travel_ops, case)
    dialog = ItineraryDialog(travel_ops, bus, travel_ops.read(travel.get_travel, case.id))
    qtbot.addWidget(dialog)
    dialog.resize(ROOM_AT_1024, 720)
    dialog.show()
    qtbot.waitExposed(dialog)
    card = dialog.segments.cards[0]
    card.origin.setText("VNO")
    card.destination.setText("IST")
    qtbot.waitUntil(lambda: card.destination_tz.zone() == "Europe/Istanbul")
    dialog.layout().activate()
    qtbot.wait(20)
    for edit in (card.origin_tz, card.destination_tz):
        needed = edit.fontMetrics().horizontalAdvance(edit.text()) + edit.textMargins().left() + 12
        assert edit.width() >= needed, (edit.text(), edit.width(), needed)
    form = dialog.area.widget()
    assert form.width() <= dialog.area.viewport().width()  # nothing pushed out of view on the right
