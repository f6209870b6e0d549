"""The dialogs of a counsellor's and a travel officer's day give every button its own Alt letter in every language:
the Lithuanian assistance dialog had Alt+P on both "Pridėti &prašymą" and "Pridėti į&prastus prašymus"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication

from avrcase.i18n import set_locale
from avrcase.services.cases import case_file
from avrcase.services.travel import arrangements as travel
from tests.support.clock import FIXED_TODAY
from tests.ui.travel_data import book, give_passports, prepare_for_travel, travel_ops  # noqa: F401 - fixture
from tests.ui.views.test_case_file_mnemonics import _letters_clash


@pytest.mark.parametrize("locale", ["en", "lt", "ru"])
def test_no_two_buttons_of_a_dialog_share_an_alt_letter(qtbot, travel_ops, bus, make_case, locale):
    from avrcase.ui.dialogs.arrangements_dialog import ArrangementsDialog
    from avrcase.ui.dialogs.consultation_dialog import ConsultationDialog
    from avrcase.ui.dialogs.itinerary_dialog import ItineraryDialog

    case = make_case(members=1)
    give_passports(travel_ops, case)
    prepare_for_travel(travel_ops, case.id)
    book(travel_ops, case.id, FIXED_TODAY)
    detail = travel_ops.read(case_file.get_case, case.id)
    trip = travel_ops.read(travel.get_travel, case.id)
    set_locale(locale)
    try:
        problems = []
        for dialog in (ConsultationDialog(travel_ops, bus, detail), ItineraryDialog(travel_ops, bus, trip),
                       ArrangementsDialog(travel_ops, bus, trip)):
            qtbot.addWidget(dialog)
            dialog.show()
            QApplication.processEvents()
            texts = [b.text() for b in dialog.findChildren(QAbstractButton) if "&" in b.text() and b.isVisible()]
            problems += [f"{type(dialog).__name__}: {p}" for p in _letters_clash(texts) if "share" in p]
        assert not sorted(set(problems))
    finally:
        set_locale("en")
