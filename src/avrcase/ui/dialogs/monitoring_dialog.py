"""Record a monitoring contact with a returnee: when, how, who made it and what was found."""

from __future__ import annotations

import datetime as dt

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from avrcase.domain.finance_codes import ContactMethod
from avrcase.i18n import _
from avrcase.services.finance.dto import MonitoringContactForm, MonitoringContactRow
from avrcase.ui.dialogs.form_dialog import FormDialog, date_field
from avrcase.ui.widgets.combos import VocabularyCombo
from avrcase.ui.widgets.screen_fit import fit_to_screen


class MonitoringDialog(FormDialog):
    """One contact for case ``case_number``; ``on_save(form)`` stores it (may raise ``ValidationError``)."""

    def __init__(self, case_number: str, on_save: Callable[[MonitoringContactForm], object],
                 conducted_by: str = "", parent: QWidget | None = None, *, today: dt.date,
                 current: MonitoringContactRow | None = None):
        super().__init__(parent)
        self._on_save = on_save
        self.setWindowTitle(_("Monitoring contact — case %(number)s") % {"number": case_number})
        self.contacted_on = date_field(today, current.contacted_on if current is not None else None)
        self.method = VocabularyCombo(ContactMethod)
        self.conducted_by = QLineEdit(conducted_by)
        self.conducted_by.setPlaceholderText(_("Who spoke with the returnee, e.g. a partner's caseworker"))
        self.findings = QPlainTextEdit()
        self.findings.setTabChangesFocus(True)
        self.findings.setMinimumHeight(140)
        self.findings.setPlaceholderText(_("How the returnee is doing, what was delivered, what is needed next"))
        self.grid.add(_("Date:"), self.contacted_on, "contacted_on")
        self.grid.add(_("How:"), self.method, "method")
        self.grid.add(_("Made by:"), self.conducted_by, "conducted_by")
        self.grid.add(_("Findings:"), self.findings, "findings")
        if current is not None:  # correcting a contact recorded wrongly
            self.setWindowTitle(_("Correct monitoring contact — case %(number)s") % {"number": case_number})
            self.method.set_code(current.method.value)
            self.conducted_by.setText(current.conducted_by)
            self.findings.setPlainText(current.findings)
        self.finish()
        fit_to_screen(self, 640, 400)

    def form(self) -> MonitoringContactForm:
        """The contact as entered."""
        return MonitoringContactForm(self.contacted_on.date().toPython(), self.method.value(),
                                     self.conducted_by.text().strip(), self.findings.toPlainText().strip())

    def save(self) -> None:
        """Hand the contact to ``on_save``; a refusal is shown and the dialog stays open."""
        form = self.form()
        self.attempt(lambda: self._on_save(form))
