"""The Allowance tab of a case file: the entitlement with how it was computed, the payments ledger with
statuses and reversals, and the finance officer's actions (record, mark paid, reverse, request override)
and the manager's decision on an override."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.allowances import Household, PaymentStatus
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_date, format_datetime
from avrcase.services.finance import allowances, projects
from avrcase.services.finance.dto import AllowanceDetail, PaymentForm, PaymentRow
from avrcase.services.permissions import Permission
from avrcase.ui import palette
from avrcase.ui.change_bus import CASES, ChangeBus
from avrcase.ui.dialogs.form_dialog import ReasonDialog
from avrcase.ui.dialogs.payment_dialog import MarkPaidDialog, OverrideDialog, PaymentDialog, position_text, reverse_dialog
from avrcase.ui.models.row_table import MUTED, WARNING, Column, RowTableModel
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.changed_banner import watch_record
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.permission_gate import gate, may

L_ENTITLEMENT = N_("Entitlement")
L_TOTAL = N_("Total")


def _status_text(payment: PaymentRow) -> str:
    if payment.is_reversal:
        return _("Reversal")
    if payment.reversed_by_id is not None:
        return _("%(status)s, reversed") % {"status": payment.status.label}
    return payment.status.label


def _amount_text(payment: PaymentRow) -> str:
    # A reversal takes money back: shown with a minus, though stored as a positive entry.
    return (-payment.amount).format() if payment.is_reversal else payment.amount.format()


def _colour(payment: PaymentRow):
    if payment.is_reversal or payment.status in (PaymentStatus.REFUSED, PaymentStatus.MISSED):
        return WARNING
    if payment.reversed_by_id is not None:
        return MUTED
    return None


PAYMENT_COLUMNS = (
    Column(N_("Planned for"), lambda p: format_date(p.planned_on), sort=lambda p: p.planned_on.isoformat()),
    Column(N_("Amount"), _amount_text, numeric=True, colour=_colour,
           sort=lambda p: -p.amount.to_minor_units() if p.is_reversal else p.amount.to_minor_units()),
    Column(N_("Method"), lambda p: p.method.label),
    Column(N_("Status"), _status_text, colour=_colour),
    Column(N_("Paid on"), lambda p: format_date(p.paid_on), sort=lambda p: p.paid_on.isoformat() if p.paid_on else ""),
    Column(N_("Paid to"), lambda p: p.paid_to),
    Column(N_("Paid by"), lambda p: p.paid_by),
    Column(N_("Receipt signed"), lambda p: _("yes") if p.receipt_signed else ("—" if p.is_reversal else _("no"))),
    Column(N_("Note"), lambda p: p.note.replace("\n", " · ")),
)


def household_text(household: Household) -> str:
    """“2 adults, 1 child (1 vulnerable)”."""
    parts = [ngettext("%(n)d adult", "%(n)d adults", household.adults) % {"n": household.adults}]
    if household.children:
        parts.append(ngettext("%(n)d child", "%(n)d children", household.children) % {"n": household.children})
    text = ", ".join(parts)
    if household.vulnerable:
        text += " " + ngettext("(%(n)d vulnerable)", "(%(n)d vulnerable)", household.vulnerable) % {
            "n": household.vulnerable}
    return text


def entitlement_html(allowance: AllowanceDetail) -> str:
    """The computation as a small table: each line with its amount, then the total payments are checked against."""
    entitlement = allowance.entitlement
    rows = "".join(
        f"<tr><td style='padding-right:{palette.COLUMN_GAP}px'>{escape(line.description)}</td>"
        f"<td align='right'>{escape(line.amount.format())}</td></tr>"
        for line in entitlement.lines)
    total = f"<tr><td style='padding-right:{palette.COLUMN_GAP}px'><b>{escape(_(L_TOTAL))}</b></td>" \
            f"<td align='right'><b>{escape(entitlement.amount.format())}</b></td></tr>"
    head = escape(_("%(project)s · household of %(household)s") % {
        "project": allowance.project_name, "household": household_text(allowance.household)})
    return f"<p>{head}</p><table cellspacing='0' cellpadding='3'>{rows}<tr><td colspan='2'><hr></td></tr>{total}</table>"


class AllowanceTab(QWidget):
    """Shows one case's allowance; every change goes through a dialog, then the tab reads the case again."""

    def __init__(self, ops: Ops, bus: ChangeBus, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case_id = case_id
        self.allowance: AllowanceDetail | None = None

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.project_picker = QComboBox()
        self.assign_button = QPushButton(_("Assign to &project"))
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.message, 1)
        assign_row.addWidget(self.project_picker)
        assign_row.addWidget(self.assign_button)
        self.entitlement = QLabel()
        self.entitlement.setTextFormat(Qt.TextFormat.RichText)
        self.entitlement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position = QLabel()
        self.position.setWordWrap(True)
        self.override = QLabel()
        self.override.setWordWrap(True)
        self.override_button = QPushButton(_("Re&quest override…"))
        self.approve_button = QPushButton(_("&Approve override"))
        self.decline_button = QPushButton(_("Decline &override"))
        entitlement_box = QGroupBox(_(L_ENTITLEMENT))
        left = QVBoxLayout()
        left.addWidget(self.entitlement)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.position)
        right.addWidget(self.override)
        override_buttons = QHBoxLayout()
        override_buttons.addStretch(1)
        for button in (self.override_button, self.approve_button, self.decline_button):
            override_buttons.addWidget(button)
        right.addLayout(override_buttons)
        right.addStretch(1)
        top = QHBoxLayout(entitlement_box)
        top.addLayout(left, 1)
        top.addLayout(right, 1)

        self.payments = RowTableModel(PAYMENT_COLUMNS, self)
        self.table = ListTable(self.payments, widths=(105, 95, 200, 110, 105, 160, 140, 95), stretch=8)
        self.record_button = QPushButton(_("&Record payment…"))
        self.mark_paid_button = QPushButton(_("&Mark paid…"))
        self.receipt_button = QPushButton(_("Receipt &signed"))
        self.missed_button = QPushButton(_("M&issed"))
        self.refused_button = QPushButton(_("Re&fused"))
        self.reverse_button = QPushButton(_("Re&verse…"))
        ledger_box = QGroupBox(_("Payments"))
        ledger = QVBoxLayout(ledger_box)
        ledger.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        for button in (self.mark_paid_button, self.receipt_button, self.missed_button, self.refused_button,
                       self.reverse_button):
            buttons.addWidget(button)
        ledger.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(assign_row)
        layout.addWidget(entitlement_box)
        layout.addWidget(ledger_box, 1)

        self.record_button.clicked.connect(self.record_payment)
        self.mark_paid_button.clicked.connect(self.mark_paid)
        self.reverse_button.clicked.connect(self.reverse)
        self.override_button.clicked.connect(self.request_override)
        self.receipt_button.clicked.connect(self._on_receipt_button_clicked)
        self.missed_button.clicked.connect(lambda: self._set_status(PaymentStatus.MISSED))
        self.refused_button.clicked.connect(lambda: self._set_status(PaymentStatus.REFUSED))
        self.assign_button.clicked.connect(self._on_assign_button_clicked)
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.decline_button.clicked.connect(lambda: self._decide(False))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        bus.data_changed.connect(self._on_bus_data_changed)
        self.reload()

    def _on_bus_data_changed(self, kind: str, ids: list) -> None:
        if kind == CASES and (not ids or self.case_id in ids):
            self.reload()

    # ------------------------------------------------------------ showing

    def reload(self) -> None:
        """Read the case's allowance again (a case without a project or a role without access says why)."""
        selected = self.table.selected()
        try:
            self.allowance = self._ops.read(allowances.get_allowance, self.case_id)
        except AvrcaseError as exc:
            self.allowance = None
            self.message.setText(exc.message)
            self.message.setVisible(True)
            self._offer_projects(isinstance(exc, ValidationError) and "project" in exc.errors)
            self.payments.set_rows([])
            self.entitlement.clear()
            self.position.clear()
            self.override.clear()
            self._update_buttons()
            return
        allowance = self.allowance
        self.message.setVisible(False)
        self._offer_projects(False)
        self.entitlement.setText(entitlement_html(allowance))
        position = allowance.position
        text = f"<b>{escape(position_text(position))}</b>"
        if position.overdrawn:
            over = _("Over the entitlement by %(amount)s.") % {"amount": position.overdrawn.format()}
            text += f"<br><span style='color:{palette.ERROR}'>{escape(over)}</span>"
        self.position.setText(text)
        self.override.setText(self._override_text(allowance))
        self.payments.set_rows(allowance.payments)
        self.table.fit_to_contents(give_way=(2, 5, 6))  # method, paid to, who paid: the note's header read "Іримечание"
        if selected is not None:
            self.table.select_where(lambda p: p.id == selected.id)
        self._update_buttons()

    def _offer_projects(self, offer: bool) -> None:
        """Show the project picker while the case belongs to no project (its allowance needs one)."""
        self.project_picker.setVisible(offer)
        self.assign_button.setVisible(offer)
        if not offer:
            return
        self.project_picker.clear()
        try:
            for row in self._ops.read(projects.list_projects):
                self.project_picker.addItem(row.name, row.id)
        except AvrcaseError:
            pass
        actor = self._ops.actor
        if may(actor, Permission.PROJECT_MANAGE):  # managers assign cases as well as counsellors
            gate(self.assign_button, actor, Permission.PROJECT_MANAGE, applicable=self.project_picker.count() > 0)
        else:
            gate(self.assign_button, actor, Permission.CASE_EDIT, applicable=self.project_picker.count() > 0,
                 why_not=_("There is no project yet; a manager creates projects."))

    def _on_assign_button_clicked(self) -> None:
        project_id = self.project_picker.currentData()
        if project_id is not None:
            self._act(projects.assign_case, self.case_id, project_id)

    @staticmethod
    def _override_text(allowance: AllowanceDetail) -> str:
        pending = allowance.pending_override
        if pending is not None:
            return _("Override requested by %(who)s on %(when)s: %(amount)s — “%(reason)s”. Waiting for a manager.") % {
                "who": pending.requested_by, "when": format_datetime(pending.requested_at, "short"),
                "amount": pending.amount.format(), "reason": pending.reason}
        if allowance.entitlement.override is not None:
            return _("The entitlement was changed from %(computed)s by a manager's approval.") % {
                "computed": allowance.entitlement.computed.format()}
        return ""

    def _update_buttons(self) -> None:
        actor, allowance, payment = self._ops.actor, self.allowance, self.table.selected()
        open_entry = payment is not None and not payment.is_reversal
        planned = open_entry and payment.status is PaymentStatus.PLANNED
        pick = _("Choose a planned payment in the list first.")
        gate(self.record_button, actor, Permission.ALLOWANCE_PAY, applicable=allowance is not None)
        gate(self.mark_paid_button, actor, Permission.ALLOWANCE_PAY, applicable=planned, why_not=pick)
        gate(self.missed_button, actor, Permission.ALLOWANCE_PAY, applicable=planned, why_not=pick)
        gate(self.refused_button, actor, Permission.ALLOWANCE_PAY, applicable=planned, why_not=pick)
        paid = open_entry and payment.status is PaymentStatus.PAID and payment.reversed_by_id is None
        gate(self.receipt_button, actor, Permission.ALLOWANCE_PAY, applicable=paid and not payment.receipt_signed,
             why_not=_("Choose a paid payment whose receipt is not signed yet."))
        gate(self.reverse_button, actor, Permission.ALLOWANCE_PAY, applicable=paid,
             why_not=_("Only a paid payment that is not reversed yet can be reversed."))
        pending = allowance.pending_override if allowance is not None else None
        gate(self.override_button, actor, Permission.ALLOWANCE_PAY, applicable=allowance is not None and not pending,
             why_not=_("A request already waits for a manager's decision."))
        for button in (self.approve_button, self.decline_button):
            gate(button, actor, Permission.ALLOWANCE_APPROVE, applicable=pending is not None,
                 why_not=_("No request waits for a decision."))
            # Only the people who can act on a request see its buttons.
            button.setVisible(pending is not None and may(actor, Permission.ALLOWANCE_APPROVE))

    # ------------------------------------------------------------ actions

    def _write(self, fn, *args, **kwargs):
        """Run a service through ops, then tell every open screen; errors go to the dialog that called."""
        return self._ops.write(fn, *args, changed=self.case_id, **kwargs)

    def record_payment(self) -> PaymentDialog:
        """Open the payment dialog (non-modal); returns it."""
        def save(form: PaymentForm, paid_on: dt.date | None, receipt: bool):
            if paid_on is None:
                return self._write(allowances.plan_payment, self.case_id, form)
            return self._write(allowances.record_payment, self.case_id, form, paid_on=paid_on, receipt_signed=receipt)

        dialog = PaymentDialog(self.allowance, save, self, today=self._ops.today())
        self._watch_allowance(dialog, self.record_payment)
        dialog.open()
        return dialog

    def mark_paid(self) -> MarkPaidDialog:
        """Open the dialog that marks the selected planned payment paid; returns it."""
        payment = self.table.selected()
        dialog = MarkPaidDialog(payment, lambda paid_on, receipt, paid_to: self._write(
            allowances.pay_payment, payment.id, payment.version, paid_on=paid_on, receipt_signed=receipt,
            paid_to_id=paid_to), self, today=self._ops.today(),
            recipients=self.allowance.recipients if self.allowance is not None else ())
        watch_record(dialog, self._ops, self._bus, self.case_id, payment.version,
                     lambda session, actor: allowances.get_payment(session, actor, payment.id).version, self.mark_paid)
        dialog.open()
        return dialog

    def reverse(self) -> ReasonDialog:
        """Open the dialog that reverses the selected paid payment; returns it."""
        payment = self.table.selected()
        dialog = reverse_dialog(payment, lambda reason: self._write(allowances.reverse_payment, payment.id, reason),
                               self)
        dialog.open()
        return dialog

    def request_override(self) -> OverrideDialog:
        """Open the dialog that asks a manager for another entitlement; returns it."""
        dialog = OverrideDialog(self.allowance, lambda amount, reason: self._write(
            allowances.request_override, self.case_id, amount, reason), self)
        self._watch_allowance(dialog, self.request_override)
        dialog.open()
        return dialog

    def _watch_allowance(self, dialog, reopen) -> None:
        """Tell ``dialog`` when someone else changes this allowance (its payments, entitlement) meanwhile."""
        case_id, on = self.case_id, self._ops.today()
        watch_record(dialog, self._ops, self._bus, case_id, self.allowance,
                     lambda session, actor: allowances.get_allowance(session, actor, case_id, on=on), reopen)

    def _act(self, fn, *args, **kwargs) -> None:
        try:
            self._write(fn, *args, **kwargs)
        except AvrcaseError as exc:
            show_error(self, exc)

    def _on_receipt_button_clicked(self) -> None:
        payment = self.table.selected()
        if payment is not None:
            self._act(allowances.mark_receipt_signed, payment.id, payment.version)

    def _set_status(self, status: PaymentStatus) -> None:
        payment = self.table.selected()
        if payment is not None:
            self._act(allowances.set_payment_status, payment.id, payment.version, status)

    def _decide(self, approve: bool) -> None:
        pending = self.allowance.pending_override if self.allowance is not None else None
        if pending is None:
            return
        question = _("Set the entitlement to %(amount)s?") if approve else _("Decline the request for %(amount)s?")
        answer = QMessageBox.question(self, _("Entitlement override"), question % {"amount": pending.amount.format()})
        if answer == QMessageBox.StandardButton.Yes:
            self._act(allowances.decide_override, pending.id, pending.version, approve=approve)

