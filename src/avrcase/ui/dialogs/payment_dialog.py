"""The allowance dialogs: record (plan or pay) a payment, mark a planned one paid, reverse a paid one, and
ask a manager to override the entitlement.

The record and mark-paid dialogs ask who the money is paid to (a person of the household, the principal applicant
first and by default). Each dialog gets what it needs to show (an ``AllowanceDetail`` or a ``PaymentRow``) and an ``on_save``
callable that runs the service through ``ui.ops``; a refusal (an overpayment, with the numbers) is shown
under the field it concerns and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from avrcase.domain.allowances import LedgerPosition, PaymentMethod
from avrcase.domain.money import Money
from avrcase.i18n import NP_, _
from avrcase.i18n.format import format_date
from avrcase.services.finance.dto import AllowanceDetail, PaymentForm, PaymentRow, RecipientRow
from avrcase.ui.dialogs.form_dialog import FormDialog, ReasonDialog, date_field, info_label, text_box
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.money_edit import MoneyEdit
from avrcase.ui.widgets.screen_fit import fit_to_screen

#: ``on_save`` of the payment dialog: (form, paid_on or None for a planned payment, receipt signed).
SavePayment = Callable[[PaymentForm, dt.date | None, bool], object]


#: How a payment method reads inside a sentence, after the amount ("€1,200.00 in cash at departure"): the method's
#: label is capitalised as a list or a picker shows it ("Cash at departure").
METHOD_IN_SENTENCE = {
    PaymentMethod.CASH_AT_DEPARTURE: NP_("payment method in a sentence", "in cash at departure"),
    PaymentMethod.PREPAID_CARD: NP_("payment method in a sentence", "on a prepaid card"),
    PaymentMethod.TRANSFER: NP_("payment method in a sentence", "by bank or money transfer"),
    PaymentMethod.THROUGH_PARTNER: NP_("payment method in a sentence", "through a partner after arrival"),
}


def position_text(position: LedgerPosition) -> str:
    """Entitlement, paid, planned and remaining in one line, each as the locale writes money."""
    return _("Entitlement %(limit)s · paid %(paid)s · planned %(planned)s · remaining %(remaining)s") % {
        "limit": position.limit.format(), "paid": position.paid.format(), "planned": position.planned.format(),
        "remaining": position.remaining.format()}


class RecipientCombo(QComboBox):
    """Who a payment is paid to: the household's members, the principal applicant first and chosen at first."""

    def __init__(self, recipients: tuple[RecipientRow, ...], chosen: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        for person in recipients:
            text = (_("%(name)s (principal applicant)") % {"name": person.name}) if person.principal else person.name
            self.addItem(text, person.person_id)
        index = self.findData(chosen) if chosen is not None else -1
        self.setCurrentIndex(index if index >= 0 else 0)

    def person_id(self) -> int | None:
        """The chosen person's id (None when the household could not be read)."""
        return self.currentData()


def _paid_on_edit(today: dt.date) -> QWidget:
    return date_field(today)  # money is recorded as paid once handed over: a later day is refused by the service


class PaymentDialog(FormDialog):
    """A new payment of the case's allowance: planned for a day, or paid now with the receipt."""

    def __init__(self, allowance: AllowanceDetail, on_save: SavePayment, parent: QWidget | None = None, *,
                 today: dt.date):
        super().__init__(parent)
        self._on_save = on_save
        self.allowance = allowance
        self.setWindowTitle(_("Record payment — case %(number)s") % {"number": allowance.case_number})
        position = allowance.position
        self.position = info_label(position_text(position))
        self.amount = MoneyEdit(position.limit.currency, allow_zero=False,
                                value=position.remaining if position.remaining else None)
        self.method = VocabularyCombo(PaymentMethod)
        self.paid_to = RecipientCombo(allowance.recipients)
        self.planned_on = date_field(today)
        self.paid_now = QCheckBox(_("Paid now (the money has been handed over)"))
        self.paid_on = _paid_on_edit(today)
        self.receipt_signed = QCheckBox(_("The returnee signed the receipt"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("e.g. card number, transfer reference, partner"))
        self.grid.add(_("Amount:"), self.amount, "amount")
        self.amount.claim_errors(self.errors, "amount")
        self.grid.add(_("Method:"), self.method, "method")
        self.grid.add(_("Paid &to:"), self.paid_to, "paid_to")
        self.grid.add(_("Planned for:"), self.planned_on, "planned_on")
        self.grid.add("", self.paid_now)
        self.grid.add(_("Paid on:"), self.paid_on, "paid_on")
        self.grid.add("", self.receipt_signed, "receipt_signed")
        self.grid.add(_("Note:"), self.note, "note")
        self.finish(above=self.position, save_text=_("&Record payment"))
        self.paid_now.toggled.connect(self._on_paid_now_toggled)
        self._on_paid_now_toggled(False)
        self.amount.setFocus()
        fit_to_screen(self, 640, 420)

    def form(self) -> PaymentForm | None:
        """The payment as entered; None while the amount is missing or not usable."""
        amount = self.amount.money()
        if amount is None:
            return None
        return PaymentForm(amount, self.method.value(), self.planned_on.date().toPython(), self.note.text().strip(),
                           paid_to_id=self.paid_to.person_id())

    def save(self) -> None:
        """Record the payment; an amount above what remains is refused with the numbers, nothing saved."""
        form = self.form()
        if form is None:
            self.show_errors({"amount": self.amount.problem() or _("Please enter the amount.")})
            return
        paid_on = self.paid_on.date().toPython() if self.paid_now.isChecked() else None
        receipt = self.paid_now.isChecked() and self.receipt_signed.isChecked()
        self.attempt(lambda: self._on_save(form, paid_on, receipt))

    def _on_paid_now_toggled(self, checked: bool) -> None:
        self.paid_on.setEnabled(checked)
        self.receipt_signed.setEnabled(checked)


class MarkPaidDialog(FormDialog):
    """A planned payment handed over: on which day, to whom, and whether the receipt is signed."""

    def __init__(self, payment: PaymentRow, on_save: Callable[[dt.date, bool, int | None], object],
                 parent: QWidget | None = None, *, today: dt.date, recipients: tuple[RecipientRow, ...] = ()):
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(_("Mark payment paid"))
        about = info_label(_("%(amount)s %(method)s, planned for %(date)s") % {
            "amount": payment.amount.format(), "method": _(METHOD_IN_SENTENCE[payment.method]),
            "date": format_date(payment.planned_on)})
        self.paid_on = _paid_on_edit(today)
        self.paid_to = RecipientCombo(recipients, payment.paid_to_id)
        self.receipt_signed = QCheckBox(_("The returnee signed the receipt"))
        self.grid.add(_("Paid on:"), self.paid_on, "paid_on")
        self.grid.add(_("Paid &to:"), self.paid_to, "paid_to")
        self.grid.add("", self.receipt_signed, "receipt_signed")
        self.finish(above=about, save_text=_("Mark &paid"))
        fit_to_screen(self, 520, 240)

    def save(self) -> None:
        """Mark the payment paid."""
        paid_on, receipt = self.paid_on.date().toPython(), self.receipt_signed.isChecked()
        paid_to = self.paid_to.person_id()
        self.attempt(lambda: self._on_save(paid_on, receipt, paid_to))


def reverse_dialog(payment: PaymentRow, on_save: Callable[[str], object], parent: QWidget | None = None
                   ) -> ReasonDialog:
    """Cancel a paid payment in full by a reversing entry, with the reason."""
    about = _("The payment of %(amount)s paid on %(date)s stays in the ledger; a reversing entry of the same "
              "amount cancels it, and the amount is free for the entitlement again.") % {
        "amount": payment.amount.format(), "date": format_date(payment.paid_on)}
    return ReasonDialog(_("Reverse payment"), about, _("e.g. Paid twice by mistake; the card was returned unused"),
                        _("&Reverse payment"), on_save, parent)


class OverrideDialog(FormDialog):
    """Ask a manager to set the entitlement to another amount, and say why."""

    def __init__(self, allowance: AllowanceDetail, on_save: Callable[[Money, str], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(_("Request an entitlement override — case %(number)s") % {
            "number": allowance.case_number})
        about = info_label(_("Computed from the project's rates: <b>%(amount)s</b>. A manager approves or declines "
                        "the new amount; until then payments are checked against the computed one.") % {
            "amount": escape(allowance.entitlement.computed.format())})
        self.amount = MoneyEdit(allowance.entitlement.currency)
        self.reason = text_box(80, _("e.g. Medical needs of a child not covered by the supplement"))
        self.grid.add(_("New entitlement:"), self.amount, "override.amount")
        self.amount.claim_errors(self.errors, "override.amount")
        reason_error = self.grid.add(_("Why:"), self.reason, "override.reason")
        self.errors.add("reason", reason_error, self.reason)  # the service's own check of the length
        self.finish(above=about, save_text=_("&Request approval"))
        fit_to_screen(self, 600, 320)

    def save(self) -> None:
        """Send the request."""
        amount = self.amount.money()
        if amount is None:
            self.show_errors({"override.amount": self.amount.problem() or _("Please enter the amount.")})
            return
        reason = self.reason.toPlainText().strip()
        self.attempt(lambda: self._on_save(amount, reason))
