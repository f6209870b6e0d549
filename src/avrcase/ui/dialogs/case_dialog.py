"""Register a new case or edit one: every field of the case and its people, checked before anything is saved.

The dialog loads a ``CaseDetail``, lets the counsellor edit with no session open, and saves by id and
version; a case changed meanwhile is a conflict the counsellor resolves by reloading.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.codes import (
    ApprovalStatus,
    CaseKind,
    IdDocumentType,
    LegalStatus,
    ReferralSource,
    Sex,
    StaffRole,
)
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.capitals import capitals
from avrcase.domain.validation import validate_case
from avrcase.i18n import _
from avrcase.services.accounts import users
from avrcase.services.cases import case_file
from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseDetail, CaseForm, PersonForm
from avrcase.ui import palette
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.dialogs.duplicates_dialog import DuplicatesDialog
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain, show_error
from avrcase.ui.widgets.changed_banner import ChangedBanner
from avrcase.ui.widgets.combos import CountryCombo, UserCombo, VocabularyCombo
from avrcase.ui.widgets.consent_fields import ConsentFields
from avrcase.ui.widgets.date_edit import OptionalDateEdit, make_date_edit, set_today, to_qdate
from avrcase.ui.widgets.dialog_buttons import confirm_discard, make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.household_edit import HouseholdEdit
from avrcase.ui.widgets.person_fields import PersonFields
from avrcase.ui.widgets.screen_fit import fit_to_screen, form_scroller
from avrcase.ui.widgets.travel_inputs import ranked_completer
from avrcase.ui.widgets.vulnerabilities_edit import VulnerabilitiesEdit, by_code
from avrcase.ui.widgets.tab_keys import switch_tabs_with_keys

_INVALID = QColor(palette.ERROR)


class CaseFacts(QWidget):
    """Why and where the person returns, who counsels them, the decision and the authorities' answer."""

    def __init__(self, errors: FieldErrors, staff, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.legal_status = VocabularyCombo(LegalStatus, empty_text="—")
        self.referral_source = VocabularyCombo(ReferralSource, empty_text="—")
        self.country_of_return = CountryCombo(empty_text="")
        self.final_destination = QLineEdit()
        self.final_destination.setPlaceholderText(_("Town or village the person goes to"))
        self.counsellor = UserCombo(staff, empty_text=_("nobody yet"))
        self.project = QLineEdit()
        self.registered_on = make_date_edit(value=today)
        self.return_decision_number = QLineEdit()
        self.return_decision_date = OptionalDateEdit()
        self.approval_status = VocabularyCombo(ApprovalStatus)
        self.approval_date = OptionalDateEdit()
        self.approval_reference = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        grid = FieldGrid(errors, self)
        grid.add(_("Legal status:"), self.legal_status, "legal_status")
        grid.add(_("Referred by:"), self.referral_source, "referral_source")
        grid.add(_("Country of return:"), self.country_of_return, "country_of_return")
        grid.add(_("Final destination:"), self.final_destination, "final_destination")
        grid.add(_("Counsellor:"), self.counsellor, "counsellor_id")
        grid.add(_("Project or programme:"), self.project, "project")
        grid.add(_("Registered on:"), self.registered_on, "registered_on")
        grid.add(_("Return decision no.:"), self.return_decision_number, "return_decision_number")
        grid.add(_("Return decision of:"), self.return_decision_date, "return_decision_date")
        grid.add(_("Authorities' approval:"), self.approval_status, "approval_status")
        grid.add(_("Answer dated:"), self.approval_date, "approval_date")
        grid.add(_("Approval reference:"), self.approval_reference, "approval_reference")
        grid.add(_("Notes:"), self.notes, "notes", span=True)
        grid.close_rows()

    def input_errors(self) -> dict[str, str]:
        """Choices left empty that the form cannot do without."""
        errors = {}
        if self.legal_status.value() is None:
            errors["legal_status"] = _("Please choose the person's legal status.")
        if self.referral_source.value() is None:
            errors["referral_source"] = _("Please choose who referred the person.")
        return errors

    def load(self, case: CaseDetail) -> None:
        """Show a stored case's facts."""
        self.legal_status.set_code(case.legal_status)
        self.referral_source.set_code(case.referral_source)
        self.country_of_return.set_code(case.country_of_return)
        self.final_destination.setText(case.final_destination)
        if case.counsellor_id is not None and self.counsellor.findData(case.counsellor_id) < 0:
            # A counsellor who has left is still shown, so saving never unassigns them silently.
            self.counsellor.addItem(case.counsellor_name, case.counsellor_id)
        self.counsellor.set_user_id(case.counsellor_id)
        self.project.setText(case.project)
        self.registered_on.setDate(to_qdate(case.registered_on))
        self.registered_on.setEnabled(False)
        self.return_decision_number.setText(case.return_decision_number)
        self.return_decision_date.set_date(case.return_decision_date)
        self.approval_status.set_code(case.approval_status)
        self.approval_date.set_date(case.approval_date)
        self.approval_reference.setText(case.approval_reference)
        self.notes.setPlainText(case.notes)


class CaseDialog(QDialog):
    """A new case (``case`` is None) or an edit of ``case``; emits ``case_saved(id)`` after the commit."""

    asks_before_discarding = True  # a shutdown discards what was typed unasked (``ui.shutdown``)

    case_saved = Signal(int)
    open_case_requested = Signal(int)

    def __init__(self, ops: Ops, bus: ChangeBus, case: CaseDetail | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._bus = bus
        self.case = case
        self.duplicates_dialog: DuplicatesDialog | None = None
        self.conflict_box: QMessageBox | None = None
        self.errors = FieldErrors()
        staff = ops.read(users.list_users)
        #: The office's day when the dialog opened: the default registration and consent day, and what
        #: "in the future" means for the dates entered.
        self.today = ops.today()

        self.summary = ErrorLabel()
        self.principal = PersonFields(self.errors, "principal.")
        self.household = HouseholdEdit()
        self.household.prefill = self._member_prefill
        for edit in (self.principal.family_name, self.principal.given_names):
            edit.textChanged.connect(self._on_principal_name_changed)
        self.principal.citizenship.currentIndexChanged.connect(self._on_principal_name_changed)  # (DEMİR, not DEMIR)
        self.facts = CaseFacts(self.errors, staff, self.today)
        # The office's projects as finance named them, and names typed before: one spelling, one project.
        self.facts.project.setCompleter(ranked_completer(self.facts.project, ops.read(cases.project_choices)))
        self.vulnerabilities = VulnerabilitiesEdit(self.errors)
        self.consent = ConsentFields(self.errors, self.today)
        care = QWidget()
        care_layout = QVBoxLayout(care)
        vulnerable = QGroupBox(_("Vulnerabilities of the principal applicant (tick all that apply)"))
        vulnerable_layout = QVBoxLayout(vulnerable)
        #: Vulnerabilities recorded for the whole household before they were per person: check them.
        self.vulnerabilities_review = QLabel()
        self.vulnerabilities_review.setWordWrap(True)
        self.vulnerabilities_review.setStyleSheet(palette.ERROR_TEXT_STYLE)
        self.vulnerabilities_review.hide()
        vulnerable_layout.addWidget(self.vulnerabilities_review)
        vulnerable_layout.addWidget(self.vulnerabilities)
        members_hint = QLabel(_("Each household member's own vulnerabilities are ticked on their page of the "
                                "Household tab."))
        members_hint.setWordWrap(True)
        vulnerable_layout.addWidget(members_hint)
        care_layout.addWidget(vulnerable)
        care_layout.addWidget(self.consent)
        care_layout.addStretch(1)

        self.tabs = QTabWidget()
        switch_tabs_with_keys(self.tabs)
        self.tabs.addTab(form_scroller(self.principal), _("&Principal applicant"))
        self.tabs.addTab(form_scroller(self.household), _("Hous&ehold"))
        self.tabs.addTab(form_scroller(self.facts), _("Re&turn and case"))
        self.tabs.addTab(form_scroller(care), _("&Vulnerabilities and consent"))

        self.buttons, self.save_button = save_cancel_buttons(self, self.save)

        #: Says so when someone else saved this case while it is open here (before this save is refused).
        self.changed_banner: ChangedBanner | None = None
        layout = QVBoxLayout(self)
        if case is not None:
            self.changed_banner = ChangedBanner(ops, bus, case.id, case.version, self._current_version, self)
            self.changed_banner.reload_requested.connect(self._on_changed_banner_reload_requested)
            layout.addWidget(self.changed_banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        make_default(self.save_button)
        fit_to_screen(self, 980, 660)  # fits a 1366×768 laptop with the task bar and title bar
        self.household.today = self.today
        set_today(self, self.today)
        if case is None:
            self.setWindowTitle(_("New case"))
            if ops.actor is not None and ops.actor.role == StaffRole.COUNSELLOR:
                self.facts.counsellor.set_user_id(ops.actor.id)
            self.consent.load(None)
        else:
            self.load(case)
        self.principal.family_name.setFocus()
        self._as_opened = self.form()

    # ------------------------------------------------------------ loading and reading

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: what was typed is not thrown away unasked."""
        if self.form() != self._as_opened and not confirm_discard(
                self, _("Discard the new case?") if self.case is None else _("Discard the changes to this case?"),
                _("What was typed here has not been saved and will be lost.")):
            return
        super().reject()

    def load(self, case: CaseDetail) -> None:
        """Show a stored case for editing (also after reloading a case changed meanwhile)."""
        self.case = case
        if self.changed_banner is not None:
            self.changed_banner.reset(case.version)
        self.setWindowTitle(_("Edit case %(number)s") % {"number": case.case_number})
        self.principal.load(case.principal)
        self.household.load(case.members[1:])
        self.facts.load(case)
        self.vulnerabilities.load(case.vulnerabilities_of(case.principal.id))
        for page in self.household.member_pages():
            if page.person_id is not None:
                page.vulnerabilities.load(case.vulnerabilities_of(page.person_id))
        self.vulnerabilities_review.setText(case_file.review_vulnerabilities_text())
        self.vulnerabilities_review.setVisible(case.vulnerabilities_to_review)
        self.consent.load(case.consent)
        self.show_errors({})
        self._as_opened = self.form()  # the case as stored is what Cancel compares with

    def _member_prefill(self) -> PersonForm:
        """A new member starts with the principal's family name, citizenship, languages and address."""
        p = self.principal.form()
        return PersonForm(
            family_name=p.family_name, given_names="", sex=Sex.UNKNOWN, date_of_birth=None, citizenship=p.citizenship,
            languages=p.languages, document_type=p.document_type if p.document_type != IdDocumentType.NONE
            else IdDocumentType.PASSPORT, document_issuing_country=p.document_issuing_country, address=p.address,
        )

    def form(self) -> CaseForm:
        """The case as entered (placeholders stand in for empty choices; ``input_errors`` reports them)."""
        members = self.household.forms()
        f = self.facts
        return CaseForm(
            principal=self.principal.form(),
            legal_status=f.legal_status.value() or LegalStatus.OTHER,
            referral_source=f.referral_source.value() or ReferralSource.OTHER,
            country_of_return=f.country_of_return.code(),
            kind=CaseKind.HOUSEHOLD if members else CaseKind.INDIVIDUAL,
            members=members,
            final_destination=f.final_destination.text().strip(),
            vulnerabilities=self.vulnerabilities.forms(),
            counsellor_id=f.counsellor.user_id(),
            project=f.project.text().strip(),
            return_decision_number=f.return_decision_number.text().strip(),
            return_decision_date=f.return_decision_date.date(),
            approval_status=f.approval_status.value(),
            approval_date=f.approval_date.date(),
            approval_reference=f.approval_reference.text().strip(),
            consent=self.consent.form(),
            registered_on=self.case.registered_on if self.case else f.registered_on.date().toPython(),
            notes=f.notes.toPlainText().strip(),
        )

    def problems(self, form: CaseForm) -> dict[str, str]:
        """Every problem with the form: empty choices, unknown words, and the domain's rules."""
        errors = {**self.principal.input_errors(), **self.household.input_errors(), **self.facts.input_errors()}
        try:
            validate_case(form, self.today)
        except ValidationError as exc:
            errors = {**exc.errors, **errors}
        return by_code(errors, form.vulnerabilities, [m.vulnerabilities for m in form.members])

    # ------------------------------------------------------------ errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field, mark the tabs concerned, and focus the first invalid field."""
        left = self.household.show_errors(self.errors.show(errors))
        lines = [_("Nothing was saved. Please correct the fields marked in red."), *left.values()]
        self.summary.show_message("\n".join(lines) if errors else "")
        first = self.errors.first_invalid() or self.household.first_invalid()
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            invalid = any(page.isAncestorOf(label) for label in self._shown_labels())
            self.tabs.tabBar().setTabTextColor(index, _INVALID if invalid else self.palette().windowText().color())
        if first is not None:
            for index in range(self.tabs.count()):
                if self.tabs.widget(index).isAncestorOf(first):
                    self.tabs.setCurrentIndex(index)
                    self.tabs.widget(index).ensureWidgetVisible(first)
            first.setFocus()

    def _shown_labels(self) -> list[ErrorLabel]:
        return [label for label in self.findChildren(ErrorLabel) if label.message and label is not self.summary]

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        """Check everything; for a new case look for duplicates first; then save by id and version."""
        form = self.form()
        errors = self.problems(form)
        if errors:
            self.show_errors(errors)
            return
        self.show_errors({})
        if self.case is None:
            people = [form.principal, *(m.person for m in form.members)]
            candidates = self._ops.read(cases.find_duplicates, people)
            if candidates:
                self.duplicates_dialog = DuplicatesDialog(candidates, self, people=len(people))
                self.duplicates_dialog.accepted.connect(lambda: self._write(form))
                self.duplicates_dialog.open_case_requested.connect(self._on_duplicates_open_case_requested)
                self.duplicates_dialog.open()
                return
        self._write(form)

    def _write(self, form: CaseForm) -> None:
        case = self.case

        def save():
            if case is None:
                return self._ops.write(cases.register_case, form, changed=lambda new: new.id)
            return self._ops.write(cases.update_case, case.id, case.version, form, changed=case.id)

        saved = save_or_explain(
            self, save, show_conflict=self._show_conflict,
            show_errors=lambda errors: self.show_errors(
                by_code(errors, form.vulnerabilities, [m.vulnerabilities for m in form.members])))
        if saved is UNSAVED:
            return
        self.case_saved.emit(saved.id)
        self.accept()

    def _show_conflict(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Case changed meanwhile"),
                          message + "\n\n" + _("Reload the case as it is now? What you changed here is lost."),
                          QMessageBox.StandardButton.NoButton, self)
        self.reload_button = box.addButton(_("&Reload the case"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("&Keep this window as it is"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.reload_button)
        box.buttonClicked.connect(self._on_conflict_box_button_clicked)
        self.conflict_box = box
        box.open()

    def _on_conflict_box_button_clicked(self, button) -> None:
        if button is self.reload_button:
            self.reload()

    def reload(self) -> None:
        """Show the case as it is stored now; what was changed here is dropped."""
        if self.case is None:
            return
        try:
            self.load(self._ops.read(case_file.get_case, self.case.id))
        except AvrcaseError as exc:
            show_error(self, exc)

    def _current_version(self, session, actor) -> int:
        """The case's version as stored now (the banner compares it with the one shown)."""
        return case_file.reread_case(session, actor, self.case.id).version

    def _on_changed_banner_reload_requested(self) -> None:
        self.reload()

    def _on_principal_name_changed(self) -> None:
        p = self.principal
        self.household.set_principal_name(
            " ".join(x for x in (capitals(p.family_name.text().strip(), p.citizenship.code()), p.given_names.text().strip()) if x))

    def _on_duplicates_open_case_requested(self, case_id: int) -> None:
        self.reject()
        self.open_case_requested.emit(case_id)
