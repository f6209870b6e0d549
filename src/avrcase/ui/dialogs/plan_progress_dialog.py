"""Record what happened to an approved plan item (delivered with its actual cost, verified with a proof,
or cancelled), and open a revision of an approved plan with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from avrcase.domain.money import Money
from avrcase.domain.reintegration import ITEM_TRANSITIONS, ItemStatus
from avrcase.i18n import _
from avrcase.services.documents.register import AttachmentRow
from avrcase.services.finance.dto import PlanItemRow
from avrcase.ui.dialogs.form_dialog import FormDialog, ReasonDialog, date_field, info_label
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.dialog_buttons import confirm
from avrcase.ui.widgets.money_edit import MoneyEdit
from avrcase.ui.widgets.screen_fit import fit_to_screen

#: ``on_save`` of the progress dialog: (new status, day, actual cost or None, proof note, proof attachment id).
SaveProgress = Callable[[ItemStatus, dt.date, Money | None, str, int | None], object]


class PlanProgressDialog(FormDialog):
    """Move ``item`` on: only the statuses the rules allow from where it stands are offered."""

    def __init__(self, item: PlanItemRow, on_save: SaveProgress, parent: QWidget | None = None,
                 attachments: tuple[AttachmentRow, ...] = (), *, today: dt.date):
        super().__init__(parent)
        self._on_save = on_save
        self.item = item
        self.setWindowTitle(_("Record progress — %(item)s") % {"item": item.description[:60]})
        about = info_label(_("%(category)s: %(description)s — %(provider)s, estimated %(cost)s, now “%(status)s”") % {
            "category": item.category.label, "description": item.description, "provider": item.provider or "—",
            "cost": item.estimated_cost.format(), "status": item.status.label})
        moves = ITEM_TRANSITIONS[item.status]
        self.to = VocabularyCombo(ItemStatus, members=moves)
        self.on = date_field(today)
        self.actual_cost = MoneyEdit(item.estimated_cost.currency, value=item.actual_cost or item.estimated_cost)
        self.proof = QLineEdit()
        self.proof.setPlaceholderText(_("e.g. Delivery note No. 17 signed by the returnee; photos on file"))
        self.grid.add(_("Now:"), self.to, "status")
        on_error = self.grid.add(_("On:"), self.on, "on")
        for rule_path in ("delivered_on", "verified_on"):  # the rules name the day by what happened on it
            self.errors.add(rule_path, on_error, self.on)
        self.grid.add(_("Actual cost:"), self.actual_cost, "actual_cost")
        self.actual_cost.claim_errors(self.errors, "actual_cost")
        # Proof of delivery is a file attached to the case (a signed delivery note, photos) and/or a note.
        self.proof_file = QComboBox()
        self.proof_file.addItem(_("No file — the note says where the proof is"), None)
        for attachment in attachments:
            label = attachment.shown_name + (f" — {attachment.description}" if attachment.description else "")
            self.proof_file.addItem(label, attachment.id)
        self.grid.add(_("Proof file:"), self.proof_file, "proof_file")
        self.grid.add(_("Proof:"), self.proof, "proof")
        self.finish(above=about, save_text=_("&Record"))
        self.to.currentIndexChanged.connect(self._on_to_current_index_changed)
        self._on_to_current_index_changed()
        fit_to_screen(self, 600, 300)

    def save(self) -> None:
        """Record the move."""
        to = self.to.value()
        if to is None:
            return
        cost = self.actual_cost.money() if to is ItemStatus.DELIVERED else None
        if to is ItemStatus.DELIVERED and cost is None:
            self.show_errors({"actual_cost": self.actual_cost.problem() or _(
                "Please enter what the delivered support actually cost.")})
            return
        if cost is not None and not self._higher_cost_agreed(cost):
            self.actual_cost.setFocus()
            return
        verified = to is ItemStatus.VERIFIED
        proof = self.proof.text().strip() if verified else ""
        proof_file = self.proof_file.currentData() if verified else None
        on = self.on.date().toPython()
        self.attempt(lambda: self._on_save(to, on, cost, proof, proof_file))

    def _higher_cost_agreed(self, cost: Money) -> bool:
        """A delivery dearer than the estimate approved is asked about first (€5,000.00 typed for €1,130.00 was
        recorded without a word, the plan far above its cap); a cost within the estimate is not."""
        approved = self.item.estimated_cost
        if cost.currency != approved.currency or cost <= approved:
            return True
        return confirm(self, _("Record a higher cost?"), _(
            "The delivery cost %(cost)s, %(more)s more than the %(approved)s approved for it. If that is right, "
            "record it; a large difference is agreed with a manager first (revise the plan).") % {
            "cost": cost.format(), "more": (cost - approved).format(), "approved": approved.format()},
            _("Record %(cost)s") % {"cost": cost.format()})

    def _on_to_current_index_changed(self, *_args) -> None:
        to = self.to.value()
        self.actual_cost.setEnabled(to is ItemStatus.DELIVERED)
        self.proof.setEnabled(to is ItemStatus.VERIFIED)
        self.proof_file.setEnabled(to is ItemStatus.VERIFIED)


def revise_dialog(number: int, on_save: Callable[[str], object], parent: QWidget | None = None) -> ReasonDialog:
    """Why the approved plan is revised; the revision starts as a draft with the same items."""
    about = _("Revision %(n)d stays in the history as it was approved. The new revision starts with the same "
              "items; change them, then a manager approves it. Delivered items cannot be changed.") % {"n": number}
    return ReasonDialog(_("Revise the plan"), about,
                        _("e.g. The training course was cancelled; a job placement instead"),
                        _("&Open revision"), on_save, parent)
