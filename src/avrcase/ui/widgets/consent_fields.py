"""Consent to the processing and sharing of personal data: when, by whom, on what basis, shared with whom,
and the separate, optional choice about sharing with third parties as the applicant ticked it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QWidget

from avrcase.domain.codes import ConsentGiver, LegalBasis, SharingParty
from avrcase.i18n import _
from avrcase.services.dto import ConsentDetail, ConsentForm
from avrcase.ui.widgets.check_list import VocabularyCheckList
from avrcase.ui.widgets.combos import CodeCombo, VocabularyCombo
from avrcase.ui.widgets.date_edit import make_date_edit, to_qdate
from avrcase.ui.widgets.error_label import FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid


SHARING_YES, SHARING_NO = "yes", "no"


class ConsentFields(QGroupBox):
    """A checkable group: unticked means no consent is recorded yet (the case cannot pass “application signed”)."""

    def __init__(self, errors: FieldErrors, today: dt.date, parent: QWidget | None = None):
        super().__init__(_("Consent to processing and sharing of personal data is recorded"), parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.today = today
        self.given_on = make_date_edit(value=today)
        self.given_by = VocabularyCombo(ConsentGiver)
        self.legal_basis = VocabularyCombo(LegalBasis)
        self.shared_with = VocabularyCheckList(SharingParty, columns=2)
        self.sharing = CodeCombo(((SHARING_YES, _("Yes: agreed to sharing with third parties")),
                                  (SHARING_NO, _("No: did not agree (the return goes ahead all the same)"))),
                                 _("Not asked or not answered"))
        grid = FieldGrid(errors, self)
        grid.add(_("Given on:"), self.given_on, "consent.given_on")
        grid.add(_("Given by:"), self.given_by, "consent.given_by")
        grid.add(_("Legal basis:"), self.legal_basis, "consent.legal_basis", span=True)
        grid.add(_("May be shared with:"), self.shared_with, "consent.shared_with", span=True)
        grid.add(_("Optional sharing:"), self.sharing, "consent.sharing", span=True)

    def form(self) -> ConsentForm | None:
        """The consent as entered, or ``None`` when none is recorded."""
        if not self.isChecked():
            return None
        sharing = {SHARING_YES: True, SHARING_NO: False}.get(self.sharing.code())
        return ConsentForm(self.given_on.date().toPython(), self.given_by.value(), self.legal_basis.value(),
                           self.shared_with.values(), sharing)

    def load(self, consent: ConsentDetail | None) -> None:
        """Show stored consent, or an unticked group with today's date ready."""
        self.setChecked(consent is not None)
        self.given_on.setDate(to_qdate(consent.given_on if consent else self.today))
        self.given_by.set_code(consent.given_by if consent else ConsentGiver.SELF.value)
        self.legal_basis.set_code(consent.legal_basis if consent else LegalBasis.CONSENT.value)
        self.shared_with.set_values(consent.shared_with if consent else ())
        choice = consent.sharing if consent else None
        self.sharing.set_code("" if choice is None else SHARING_YES if choice else SHARING_NO)
