"""The fare of an itinerary's segment: wide enough for a real fare with its currency, its preview never widens
the dialog past the screen, and an absurd fare is refused with a clear message."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from avrcase.services.travel import arrangements as travel
from avrcase.ui.dialogs.itinerary_dialog import ItineraryDialog
from tests.ui.travel_data import give_passports, travel_ops  # noqa: F401 - fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing the keyboard")
#: The width of the smallest laptop screen offices have, less a window frame.
SMALL_SCREEN_WIDTH = 1000


@pytest.fixture
def dialog(qtbot, make_case, travel_ops, bus):
    case = make_case()
    give_passports(travel_ops, case)
    dialog = ItineraryDialog(travel_ops, bus, travel_ops.read(travel.get_travel, case.id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _grab(widget, name: str) -> None:
    folder = os.environ.get("AVRCASE_SCREENSHOTS")
    if folder:
        widget.grab().save(os.path.join(folder, name))


def test_a_real_fare_shows_whole_in_the_fare_field(qtbot, dialog):
    card = dialog.segments.cards[0]
    card.fare.set_currency("UZS")
    edit = card.fare.amount.line_edit
    qtbot.keyClicks(edit, "12345678.90")
    edit.editingFinished.emit()  # tidied into the locale's format, "12,345,678.90"
    _grab(dialog, "itinerary-real-fare.png")
    text = edit.text()
    margins = edit.textMargins().left() + edit.textMargins().right() + 12  # the frame and the text's padding
    assert edit.fontMetrics().horizontalAdvance(text) + margins <= edit.width(), text
    assert card.fare.currency_combo.width() >= card.fare.currency_combo.fontMetrics().horizontalAdvance("UZS") + 20


def _fits(dialog) -> bool:
    """The form fits the dialog's width: nothing pushed out of view on the right (it has no sideways scrolling)."""
    dialog.layout().activate()
    form = dialog.area.widget()
    return form.minimumSizeHint().width() <= dialog.area.viewport().width() and form.width() <= dialog.area.viewport().width()


@pytest.mark.parametrize("typed", ["9" * 60, "9" * 60 + "x"])
def test_a_huge_fare_does_not_widen_the_dialog_and_is_refused(qtbot, dialog, typed):
    dialog.resize(SMALL_SCREEN_WIDTH, 660)  # the smallest laptop screen offices have
    qtbot.wait(20)
    assert _fits(dialog)
    card = dialog.segments.cards[0]
    qtbot.keyClicks(card.fare.amount.line_edit, typed)
    qtbot.wait(20)
    _grab(dialog, f"itinerary-huge-fare-{len(typed)}.png")
    assert dialog.width() == SMALL_SCREEN_WIDTH and _fits(dialog)
    assert dialog.minimumSizeHint().width() <= SMALL_SCREEN_WIDTH
    problem = card.fare.amount.problem()
    assert ("too large" if typed.isdigit() else "not an amount") in problem
    assert card.fare.amount.error.isVisible() and card.fare.amount.error.text() == problem
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: nothing saved


def test_a_large_fare_is_previewed_as_far_as_it_fits_and_whole_in_the_tooltip(qtbot, dialog):
    dialog.resize(SMALL_SCREEN_WIDTH, 660)
    card = dialog.segments.cards[0]
    qtbot.keyClicks(card.fare.amount.line_edit, "9999999999.99")
    qtbot.wait(20)
    preview = card.fare.amount.preview
    assert card.fare.amount.problem() == ""
    assert preview.toolTip() == "€9,999,999,999.99"
    assert _fits(dialog)
    assert preview.fontMetrics().horizontalAdvance(preview.text()) <= preview.contentsRect().width() + 1

