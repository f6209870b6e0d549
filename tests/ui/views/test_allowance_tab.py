"""The Allowance tab: entitlement with its computation, payments recorded through the dialog, an
overpayment refused with the numbers, reversals, overrides, and buttons a role may not use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from avrcase.domain.allowances import PaymentMethod, PaymentStatus
from avrcase.domain.codes import StaffRole
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import PaymentForm
from avrcase.ui.ops import Ops
from avrcase.ui.views.allowance_tab import AllowanceTab
from tests.support.clock import FIXED_TODAY
from tests.support.finance import eur
from tests.ui.finance_setup import household, manager, project  # noqa: F401 - fixtures

TODAY = FIXED_TODAY


@pytest.fixture
def as_finance(ops, actor_as):
    ops.actor = actor_as(StaffRole.FINANCE_OFFICER)
    return ops


def make_tab(qtbot, ops, bus, case_id) -> AllowanceTab:
    tab = AllowanceTab(ops, bus, case_id)
    qtbot.addWidget(tab)
    tab.resize(1000, 640)
    tab.show()
    return tab


def stored(ops, case_id):
    return ops.read(allowances.get_allowance, case_id)


def test_shows_the_entitlement_with_how_it_was_computed(qtbot, household, as_finance, bus, qtmodeltester):
    tab = make_tab(qtbot, as_finance, bus, household.id)
    text = tab.entitlement.text()
    assert "1 adult × €500.00" in text and "2 children × €250.00" in text
    assert "Supplement for 1 vulnerable person × €200.00" in text and "€1,200.00" in text
    assert "remaining €1,200.00" in tab.position.text()
    qtmodeltester.check(tab.payments)


def test_records_a_payment_through_the_dialog(qtbot, household, as_finance, bus):
    tab = make_tab(qtbot, as_finance, bus, household.id)
    dialog = tab.record_payment()
    assert dialog.amount.money() == eur(1200)  # what remains is offered
    dialog.amount.line_edit.clear()
    qtbot.keyClicks(dialog.amount.line_edit, "700")
    dialog.method.set_code(PaymentMethod.CASH_AT_DEPARTURE.value)
    dialog.paid_now.setChecked(True)
    dialog.receipt_signed.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    [payment] = stored(as_finance, household.id).payments
    assert (payment.amount, payment.status, payment.paid_on, payment.receipt_signed, payment.method) == (
        eur(700), PaymentStatus.PAID, TODAY, True, PaymentMethod.CASH_AT_DEPARTURE)
    assert payment.paid_by == "Test Finance officer"
    assert tab.payments.rowCount() == 1 and tab.payments.texts(0)[1:4] == ["€700.00", "Cash at departure", "Paid"]
    assert "remaining €500.00" in tab.position.text()


def test_an_overpayment_is_refused_with_the_numbers_and_nothing_is_saved(qtbot, household, as_finance, bus):
    as_finance.write(allowances.plan_payment, household.id, PaymentForm(eur(1000), PaymentMethod.PREPAID_CARD, TODAY))
    tab = make_tab(qtbot, as_finance, bus, household.id)
    dialog = tab.record_payment()
    assert dialog.amount.money() == eur(200)
    dialog.amount.line_edit.setText("300")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = dialog.errors.message("amount")
    assert "€300.00" in message and "€200.00 of €1,200.00" in message and "planned €1,000.00" in message
    assert dialog.amount.error.isVisibleTo(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert [p.amount for p in stored(as_finance, household.id).payments] == [eur(1000)]


def test_marking_paid_and_reversing_keep_the_ledger(qtbot, household, as_finance, bus):
    planned = as_finance.write(allowances.plan_payment, household.id,
                               PaymentForm(eur(400), PaymentMethod.TRANSFER, TODAY))
    tab = make_tab(qtbot, as_finance, bus, household.id)
    assert not tab.mark_paid_button.isEnabled() and not tab.reverse_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.mark_paid_button.isEnabled() and not tab.reverse_button.isEnabled()
    dialog = tab.mark_paid()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert stored(as_finance, household.id).payments[0].status is PaymentStatus.PAID

    assert tab.table.select_where(lambda p: p.id == planned.id)
    assert tab.reverse_button.isEnabled()
    dialog = tab.reverse()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no reason: refused
    assert dialog.errors.message("reason") == "Please say why the payment is reversed."
    assert len(stored(as_finance, household.id).payments) == 1
    qtbot.keyClicks(dialog.reason, "Transferred to a wrong account; bank returned it")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    allowance = stored(as_finance, household.id)
    assert [(p.amount, p.reverses_id) for p in allowance.payments] == [(eur(400), None), (eur(400), planned.id)]
    assert allowance.position.paid == eur(0)
    texts = [tab.payments.texts(row) for row in range(tab.payments.rowCount())]
    assert ["€400.00", "Paid, reversed"] == [texts[0][1], texts[0][3]]
    assert ["-€400.00", "Reversal"] == [texts[1][1], texts[1][3]]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "€1,200.00 in cash at departure, planned for "),
    ("lt", " grynaisiais pinigais išvykstant, suplanuota "),
    ("ru", " наличными при отъезде, запланировано на "),
])
def test_mark_paid_says_the_method_in_the_sentence_s_own_case(qtbot, household, as_finance, bus, lang, expected):
    """The walk read "€1,200.00 by Cash at departure": the method's label, capitalised as a list shows it, sat in the
    middle of the sentence (Lithuanian and Russian the same)."""
    from PySide6.QtWidgets import QLabel

    from avrcase.i18n import set_locale

    as_finance.write(allowances.plan_payment, household.id,
                     PaymentForm(eur(1200), PaymentMethod.CASH_AT_DEPARTURE, TODAY))
    set_locale(lang)
    try:
        tab = make_tab(qtbot, as_finance, bus, household.id)
        tab.table.selectRow(0)
        dialog = tab.mark_paid()
        [about] = [label.text() for label in dialog.findChildren(QLabel) if "1" in label.text() and "200" in label.text()]
    finally:
        set_locale("en")
    assert expected in about, about
    assert "Cash" not in about and "Grynaisiais" not in about and "Наличные" not in about


def test_a_future_paid_on_date_is_refused_as_typed_not_changed_to_another_day(qtbot, household, as_finance, bus):
    """A day after today typed into "Paid on" was cut by the field to another day (12/20 became 12/2) and
    saved without a word; it now reaches the ledger's rule, which refuses it, and nothing is saved."""
    import datetime as dt

    as_finance.write(allowances.plan_payment, household.id, PaymentForm(eur(400), PaymentMethod.TRANSFER, TODAY))
    tab = make_tab(qtbot, as_finance, bus, household.id)
    tab.table.selectRow(0)
    dialog = tab.mark_paid()
    later = TODAY + dt.timedelta(days=14)
    dialog.paid_on.setFocus()
    dialog.paid_on.setSelectedSection(dialog.paid_on.sectionAt(0))
    qtbot.keyClicks(dialog.paid_on, f"{later.month}/{later.day}/{later.year}")
    assert dialog.paid_on.date().toPython() == later
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.errors.message("paid_on") == "A payment cannot be recorded as paid in the future."
    [payment] = stored(as_finance, household.id).payments
    assert payment.status is PaymentStatus.PLANNED and payment.paid_on is None


def test_a_counsellor_sees_the_allowance_but_its_buttons_say_why_they_are_off(qtbot, household, ops, bus):
    tab = make_tab(qtbot, ops, bus, household.id)  # ops acts as a counsellor
    assert "€1,200.00" in tab.entitlement.text()
    for button in (tab.record_button, tab.override_button, tab.reverse_button):
        assert not button.isEnabled()
        assert button.toolTip() == "Your role (Counsellor) does not allow you to record and pay allowances."
    assert not tab.approve_button.isVisible()


def test_override_requested_by_finance_and_approved_by_a_manager(qtbot, household, as_finance, bus, manager,
                                                                 monkeypatch):
    tab = make_tab(qtbot, as_finance, bus, household.id)
    dialog = tab.request_override()
    qtbot.keyClicks(dialog.amount.line_edit, "1400")
    qtbot.keyClicks(dialog.reason, "Medical needs of the younger child")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert stored(as_finance, household.id).pending_override.amount == eur(1400)
    assert "Waiting for a manager" in tab.override.text()
    assert not tab.override_button.isEnabled() and not tab.approve_button.isVisible()

    as_finance.actor = manager
    tab.reload()
    assert tab.approve_button.isVisible() and tab.approve_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    allowance = stored(as_finance, household.id)
    assert allowance.entitlement.amount == eur(1400) and allowance.pending_override is None
    assert "changed from €1,200.00" in tab.override.text()


def test_a_case_without_a_project_says_so_and_a_counsellor_assigns_one(qtbot, make_case, as_finance, bus, project,
                                                                       engine, actor):
    case = make_case()
    tab = make_tab(qtbot, as_finance, bus, case.id)
    assert "belongs to no project" in tab.message.text()
    assert not tab.record_button.isEnabled()
    assert tab.project_picker.currentText() == "Return Home"
    assert not tab.assign_button.isEnabled()  # finance officers do not assign cases
    assert tab.assign_button.toolTip() == "Your role (Finance officer) does not allow you to register and edit cases."

    counsellor = Ops(engine, actor, bus=bus)
    other = make_tab(qtbot, counsellor, bus, case.id)
    assert other.assign_button.isEnabled()
    qtbot.mouseClick(other.assign_button, Qt.MouseButton.LeftButton)
    assert "€500.00" in other.entitlement.text() and not other.message.isVisibleTo(other)
    assert "€500.00" in tab.entitlement.text()  # the finance officer's tab follows through the change bus
    assert counsellor.read(allowances.get_allowance, case.id).project_name == "Return Home"


def test_the_reason_of_a_reversal_reads_whole_in_the_payments_list(qtbot, household, as_finance, bus):
    """Seen on the walk (case file, 1280 px screen): the reversal's note read "Paid ..." in a narrow last column
    while "Cash at departure" sat in a column sized for the longest method; now the columns fit what they show."""
    paid = as_finance.write(allowances.record_payment, household.id,
                            PaymentForm(eur(400), PaymentMethod.CASH_AT_DEPARTURE, TODAY), paid_on=TODAY)
    tab = make_tab(qtbot, as_finance, bus, household.id)
    tab.resize(988, 640)  # the Allowance tab of a case file on a 1280 × 800 screen
    assert tab.table.select_where(lambda p: p.id == paid.id)
    dialog = tab.reverse()
    qtbot.keyClicks(dialog.reason, "Paid twice by mistake")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    note = tab.payments.columnCount() - 1
    row = next(r for r in range(tab.payments.rowCount()) if tab.payments.texts(r)[note] == "Paid twice by mistake")
    needed = tab.table.fontMetrics().horizontalAdvance("Paid twice by mistake")
    qtbot.waitUntil(lambda: tab.table.visualRect(tab.table.model().index(row, note)).width() > needed)
    assert tab.table.horizontalHeader().sectionViewportPosition(note) + needed < tab.table.viewport().width()


def test_the_notes_header_reads_whole_in_russian_at_1024_pixels(qtbot, household, as_finance, bus):
    """The Russian walk saw "Іримечание": the note's header cut while "Наличные при отъезде" kept its room."""
    from avrcase.i18n import set_locale
    from avrcase.ui.widgets.header_fit import header_width

    as_finance.write(allowances.record_payment, household.id,
                     PaymentForm(eur(400), PaymentMethod.CASH_AT_DEPARTURE, TODAY), paid_on=TODAY)
    set_locale("ru")
    try:
        tab = make_tab(qtbot, as_finance, bus, household.id)
        tab.resize(960, 640)  # the Allowance tab of a case file on a 1024 × 768 screen
        header = tab.table.horizontalHeader()
        note = tab.payments.columnCount() - 1
        qtbot.waitUntil(lambda: header.sectionSize(note) >= header_width(header, note))
        assert header.length() <= tab.table.viewport().width()
    finally:
        set_locale("en")
