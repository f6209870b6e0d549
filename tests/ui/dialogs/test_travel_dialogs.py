"""Travel documents and arrangements through their dialogs: saved to the store, or refused beside the field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from avrcase.domain.readiness import CheckItem
from avrcase.domain.travel import (
    AssistanceKind,
    MedicalNeed,
    TravelMode,
    WheelchairCode,
)
from avrcase.domain.travel_documents import TravelDocumentKind, TravelDocumentStatus
from avrcase.services.travel import arrangements as travel
from avrcase.ui.dialogs.arrangements_dialog import ArrangementsDialog
from avrcase.ui.views.travel_tab import TravelTab
from tests.support.clock import FIXED_TODAY
from tests.ui.travel_data import book, give_passports, prepare_for_travel, travel_ops  # noqa: F401 - fixture

DAY = FIXED_TODAY + dt.timedelta(days=5)


def _tab(qtbot, ops, bus, case_id) -> TravelTab:
    tab = TravelTab(ops, bus, case_id)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def _person(detail, index):
    return detail.travellers[index]


def test_a_travel_certificate_is_recorded_and_moved_to_received(qtbot, travel_ops, bus, make_case):
    case = make_case()
    tab = _tab(qtbot, travel_ops, bus, case.id)
    assert tab.documents.model.index(0, 4).data() == "No travel document recorded"
    dialog = tab.documents.add_document()
    qtbot.addWidget(dialog)
    dialog.kind.set_code(TravelDocumentKind.TRAVEL_CERTIFICATE.value)
    dialog.status.set_code(TravelDocumentStatus.REQUESTED.value)
    qtbot.keyClicks(dialog.issuing_authority, "Embassy of Georgia in Vilnius")
    with qtbot.waitSignal(dialog.document_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = _person(travel_ops.read(travel.get_travel, case.id), 0).documents
    assert [(d.kind, d.status, d.requested_on) for d in stored] == [
        (TravelDocumentKind.TRAVEL_CERTIFICATE, TravelDocumentStatus.REQUESTED, FIXED_TODAY)]

    tab.documents.table.selectRow(0)
    dialog = tab.documents.edit_selected()
    qtbot.addWidget(dialog)
    dialog.status.set_code(TravelDocumentStatus.RECEIVED.value)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "document number" in dialog.errors.message("number")  # issued documents have a number
    qtbot.keyClicks(dialog.number, "ETC 0042")
    with qtbot.waitSignal(dialog.document_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    document = _person(travel_ops.read(travel.get_travel, case.id), 0).documents[0]
    assert (document.status, document.number, document.received_on) == (
        TravelDocumentStatus.RECEIVED, "ETC 0042", FIXED_TODAY)


def test_a_document_cannot_go_back_a_step(qtbot, travel_ops, bus, make_case):
    case = make_case()
    give_passports(travel_ops, case)
    tab = _tab(qtbot, travel_ops, bus, case.id)
    tab.documents.table.selectRow(0)
    dialog = tab.documents.edit_selected()
    qtbot.addWidget(dialog)
    dialog.status.set_code(TravelDocumentStatus.REQUESTED.value)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "cannot go back" in dialog.errors.message("status")
    assert _person(travel_ops.read(travel.get_travel, case.id), 0).documents[0].status is TravelDocumentStatus.RECEIVED


def test_a_transit_visa_is_recorded_and_a_mistake_removed(qtbot, travel_ops, bus, make_case, monkeypatch):
    case = make_case()
    give_passports(travel_ops, case)
    tab = _tab(qtbot, travel_ops, bus, case.id)
    dialog = tab.documents.add_visa()
    qtbot.addWidget(dialog)
    dialog.country.set_code("TR")
    dialog.status.set_code(TravelDocumentStatus.ISSUED.value)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "visa number" in dialog.errors.message("number")
    qtbot.keyClicks(dialog.number, "TR-V-7781")
    with qtbot.waitSignal(dialog.visa_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    visas = _person(travel_ops.read(travel.get_travel, case.id), 0).visas
    assert [(v.country, v.number) for v in visas] == [("TR", "TR-V-7781")]
    assert tab.documents.model.index(1, 2).data() == "Visa for Türkiye"

    tab.documents.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.documents.remove_button, Qt.MouseButton.LeftButton)
    traveller = _person(travel_ops.read(travel.get_travel, case.id), 0)
    assert traveller.visas == () and len(traveller.documents) == 1
    assert tab.documents.model.rowCount() == 1


@pytest.fixture
def booked(make_case, travel_ops):
    """A household in travel preparation, booked and ticketed, nothing arranged yet."""
    case = make_case(members=1)
    give_passports(travel_ops, case)
    prepare_for_travel(travel_ops, case.id)
    book(travel_ops, case.id, DAY)
    return case


def _arrangements(qtbot, ops, bus, case_id) -> ArrangementsDialog:
    dialog = ArrangementsDialog(ops, bus, ops.read(travel.get_travel, case_id))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_usual_assistance_confirmed_in_the_dialog_makes_the_case_ready(qtbot, travel_ops, bus, booked):
    dialog = _arrangements(qtbot, travel_ops, bus, booked.id)
    qtbot.mouseClick(dialog.assistance.add_expected_button, Qt.MouseButton.LeftButton)
    assert [(r.kind.value(), r.place.text()) for r in dialog.assistance.rows] == [
        (AssistanceKind.DEPARTURE, "VNO"), (AssistanceKind.TRANSIT, "IST"), (AssistanceKind.RECEPTION, "TBS")]
    for row in dialog.assistance.rows:
        row.notified_on.set_date(FIXED_TODAY - dt.timedelta(days=2))
        row.confirmed_on.set_date(FIXED_TODAY)
    child = dialog.needs.rows[1]
    child.wheelchair.set_code(WheelchairCode.WCHS.value)
    dialog.baggage_kg.setValue(20)
    qtbot.keyClicks(dialog.baggage_cost.amount.line_edit, "45")
    dialog.inland_mode.set_code(TravelMode.BUS.value)
    with qtbot.waitSignal(dialog.arrangements_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    detail = travel_ops.read(travel.get_travel, booked.id)
    assert all(a.is_confirmed for a in detail.arrangements.assistance) and len(detail.arrangements.assistance) == 3
    assert detail.travellers[1].wheelchair is WheelchairCode.WCHS
    assert detail.arrangements.excess_baggage.kg == 20 and detail.arrangements.excess_baggage.cost.amount == 45
    assert detail.arrangements.inland_transport.destination == "Kutaisi"  # the case's final destination
    assert detail.readiness.ready


def test_an_escort_without_a_name_is_refused_beside_the_escort(qtbot, travel_ops, bus, booked):
    dialog = _arrangements(qtbot, travel_ops, bus, booked.id)
    row = dialog.assistance.add_row()
    row.kind.set_code(AssistanceKind.ESCORT_MEDICAL.value)
    dialog.needs.rows[0].medical.set_values([MedicalNeed.OXYGEN])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "name of the escort" in row.errors.message("escort_name")
    detail = travel_ops.read(travel.get_travel, booked.id)
    assert detail.arrangements.assistance == () and detail.travellers[0].medical == frozenset()
    assert CheckItem.ASSISTANCE in {i.item for i in detail.readiness.items if not i.done}


def test_every_kind_of_assistance_reads_whole_in_its_field(qtbot):
    from avrcase.domain.travel import AssistanceKind
    from avrcase.ui.widgets.arrangements_edit import AssistanceRowEdit

    row = AssistanceRowEdit()
    qtbot.addWidget(row)
    row.resize(row.minimumSizeHint())
    row.show()
    metrics = row.kind.fontMetrics()
    longest = max(metrics.horizontalAdvance(kind.label) for kind in AssistanceKind)
    assert row.kind.width() > longest  # "Reception assistance on arrival" was cut to "…on arriv"


def test_a_date_typed_into_an_assistance_row_added_in_the_dialog_is_kept(qtbot, travel_ops, bus, booked):
    """The rows added in the dialog had no "today": typed digits went nowhere, the field stayed "no date" and the
    request was saved without its date, unsaid."""
    dialog = _arrangements(qtbot, travel_ops, bus, booked.id)
    qtbot.mouseClick(dialog.assistance.add_expected_button, Qt.MouseButton.LeftButton)
    row = dialog.assistance.rows[0]
    row.notified_on.edit.setFocus()
    qtbot.keyClicks(row.notified_on.edit, "11/20/2026")
    assert row.notified_on.date() == dt.date(2026, 11, 20)
    with qtbot.waitSignal(dialog.arrangements_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = travel_ops.read(travel.get_travel, booked.id).arrangements.assistance
    assert [a.notified_on for a in saved if a.kind is AssistanceKind.DEPARTURE] == [dt.date(2026, 11, 20)]


def test_a_negative_baggage_cost_is_said_once_and_a_zero_cost_needs_no_weight(qtbot, travel_ops, bus, booked):
    """"An amount cannot be negative." showed twice (the second cut off), stayed after the cost was corrected to 0,
    and then Save asked for "the weight the cost is for" although nothing was to be paid."""
    dialog = _arrangements(qtbot, travel_ops, bus, booked.id)
    qtbot.keyClicks(dialog.baggage_cost.amount.line_edit, "-50")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    shown = [label.text() for label in dialog.findChildren(type(dialog.summary)) if label.isVisible()]
    assert sum(text.count("An amount cannot be negative.") for text in shown) == 1, shown
    dialog.baggage_cost.amount.line_edit.clear()
    qtbot.keyClicks(dialog.baggage_cost.amount.line_edit, "0")
    assert not [label.text() for label in dialog.findChildren(type(dialog.summary))
                if label.isVisible() and "negative" in label.text()]
    with qtbot.waitSignal(dialog.arrangements_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert travel_ops.read(travel.get_travel, booked.id).arrangements.excess_baggage is None


def test_the_usual_requests_of_a_connection_between_two_airports_cover_both(qtbot, travel_ops, bus, make_case):
    """Seen on the walk: landing at IST and leaving from SAW, "Add the usual requests" asked for transit assistance at
    IST only, though crossing Istanbul between airports is when a family most needs someone; now at SAW too."""
    import dataclasses

    from avrcase.services.travel.dto import ItineraryForm
    from tests.ui.travel_data import two_legs

    case = make_case(members=1)
    give_passports(travel_ops, case)
    prepare_for_travel(travel_ops, case.id)
    detail = travel_ops.read(travel.get_travel, case.id)
    first, second = two_legs(DAY, [t.person_id for t in detail.travellers], gap_minutes=240)
    legs = (first, dataclasses.replace(second, origin="SAW"))
    travel_ops.write(travel.save_itinerary, case.id, detail.version, ItineraryForm(legs))
    dialog = _arrangements(qtbot, travel_ops, bus, case.id)
    qtbot.mouseClick(dialog.assistance.add_expected_button, Qt.MouseButton.LeftButton)
    assert [(r.kind.value(), r.place.text()) for r in dialog.assistance.rows] == [
        (AssistanceKind.DEPARTURE, "VNO"), (AssistanceKind.TRANSIT, "IST"), (AssistanceKind.TRANSIT, "SAW"),
        (AssistanceKind.RECEPTION, "TBS")]


@pytest.mark.parametrize("locale", ["en", "ru", "lt"])
def test_the_arrangements_dialog_is_as_wide_as_its_rows_where_the_screen_allows(qtbot, travel_ops, bus, booked,
                                                                               monkeypatch, locale):
    """On a 1280-pixel screen the Russian dialog opened 980 wide: "Офис", "Сопровождающий" and the medical needs were
    cut at the right edge, reached only by a horizontal scroll bar."""
    from PySide6.QtCore import QRect

    from avrcase.i18n import set_locale
    from avrcase.ui.widgets import screen_fit

    set_locale(locale)
    monkeypatch.setattr(screen_fit, "available_area", lambda widget=None: QRect(0, 0, 1280, 760))
    dialog = _arrangements(qtbot, travel_ops, bus, booked.id)
    qtbot.mouseClick(dialog.assistance.add_expected_button, Qt.MouseButton.LeftButton)  # rows to lay out
    qtbot.wait(10)
    assert dialog.area.horizontalScrollBar().maximum() == 0, dialog.width()
    assert dialog.width() <= 1280


def _typing_a_wrong_date(qtbot, travel_ops, bus, make_case):
    """A passport's dialog open and active, "31/12/2031" (day first) typed into its month-first "valid until";
    returns the tab, the dialog, the documents it saved, the typing, and a check that the stored date did not change."""
    case = make_case()
    give_passports(travel_ops, case)

    def expiry():
        return _person(travel_ops.read(travel.get_travel, case.id), 0).documents[0].expires_on

    before = expiry()
    tab = _tab(qtbot, travel_ops, bus, case.id)
    tab.documents.table.selectRow(0)
    dialog = tab.documents.edit_selected()
    qtbot.addWidget(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    saved = []
    dialog.document_saved.connect(saved.append)

    def type_it():
        dialog.expires_on.edit.setFocus()
        qtbot.keyClick(dialog.expires_on.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.expires_on.edit, "31/12/2031")

    type_it()
    return tab, dialog, saved, type_it, lambda: expiry() == before  # the test holds the tab: it owns the dialog


def test_a_date_typed_in_the_wrong_order_keeps_the_keyboard_and_saves_nothing(qtbot, travel_ops, bus, make_case):
    """X11 walk: "31/12/2031" typed (day first) over a month-first "valid until" went back to the old date without a
    word seen, and Enter then saved the dialog with it; Tab went on as if it were taken."""
    _tab_kept, dialog, saved, type_it, unchanged = _typing_a_wrong_date(qtbot, travel_ops, bus, make_case)
    field = dialog.expires_on.edit
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert dialog.isVisible() and field.hasFocus() and not saved
    type_it()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.isVisible() and field.hasFocus() and not saved
    assert unchanged()


def test_the_traveller_given_a_document_stays_chosen_in_the_list(qtbot, travel_ops, bus, make_case):
    """X11 walk: after saving a document for the third traveller the list began again at the first, so the next
    traveller was three rows away and Edit was off."""
    case = make_case(members=2)
    tab = _tab(qtbot, travel_ops, bus, case.id)
    tab.documents.table.selectRow(2)
    member = tab.documents.selected()[0]
    dialog = tab.documents.add_document()
    qtbot.addWidget(dialog)
    dialog.status.set_code(TravelDocumentStatus.REQUESTED.value)
    with qtbot.waitSignal(dialog.document_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    chosen = tab.documents.selected()
    assert chosen is not None and chosen[0] == member and tab.documents.edit_button.isEnabled()


def test_save_clicked_right_after_a_date_typed_in_the_wrong_order_saves_nothing(qtbot, travel_ops, bus, make_case):
    """The same date, then a click on Save: the field went back to its old date and the dialog saved that."""
    _tab_kept, dialog, saved, _type_it, unchanged = _typing_a_wrong_date(qtbot, travel_ops, bus, make_case)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not saved and "is not a date in this field" in dialog.summary.text()
    assert unchanged()
