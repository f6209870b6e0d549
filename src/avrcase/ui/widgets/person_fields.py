"""Every field of one person (principal applicant or household member), with per-field errors."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from avrcase.domain.codes import IdDocumentType, Sex
from avrcase.domain.names import in_latin_letters, latin_spelling
from avrcase.domain.validation import name_problem
from avrcase.i18n import _
from avrcase.services.dto import PersonDetail, PersonForm
from avrcase.ui.widgets.combos import CountryCombo, VocabularyCombo
from avrcase.ui.widgets.date_edit import OptionalDateEdit, take_estimated_dates
from avrcase.ui.widgets.error_label import ErrorLabel, FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.languages_edit import LanguagesEdit


#: The fields for the name as the travel document spells it, in Latin letters.
LATIN_NAME_KEYS = ("family_name", "given_names", "patronymic")


class PersonFields(QWidget):
    """Names (Latin and original script, patronymic), birth, citizenship, languages, document and contact."""

    def __init__(self, errors: FieldErrors, prefix: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.prefix = prefix
        self.family_name = QLineEdit()
        self.given_names = QLineEdit()
        self.patronymic = QLineEdit()
        self.patronymic.setPlaceholderText(_("father's name, where the person has one"))
        self.family_name_original = QLineEdit()
        self.given_names_original = QLineEdit()
        for edit in (self.family_name_original, self.given_names_original):
            edit.setPlaceholderText(_("as written in the person's own script"))
        self.sex = VocabularyCombo(Sex, empty_text="—")
        self.date_of_birth = OptionalDateEdit()
        self.dob_estimated = QCheckBox(_("estimated"))
        self.dob_estimated.setToolTip(_("Tick when the person does not know the exact date of birth."))
        take_estimated_dates(self.date_of_birth.edit, self.dob_estimated)  # 00.00.1990: 1 January, estimated
        # An empty entry with no text, so typing a country's name is not appended to a dash.
        self.citizenship = CountryCombo(allow_stateless=True, empty_text="")
        self.country_of_birth = CountryCombo(empty_text="")
        self.languages = LanguagesEdit()
        self.document_type = VocabularyCombo(IdDocumentType)
        self.document_number = QLineEdit()
        self.document_issuing_country = CountryCombo(empty_text="")
        self.document_expiry = OptionalDateEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("+370 612 34567")
        self.address = QLineEdit()
        self.address.setPlaceholderText(_("Address or reception centre"))

        birth = QWidget()
        row = QHBoxLayout(birth)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_of_birth, 1)
        row.addWidget(self.dob_estimated)
        birth.setFocusProxy(self.date_of_birth)

        grid = FieldGrid(errors, self)
        grid.setContentsMargins(0, 0, 0, 0)
        p = prefix
        grid.add(_("Family name:"), self.family_name, p + "family_name")
        grid.add(_("Given names:"), self.given_names, p + "given_names")
        grid.add(_("Patronymic (if any):"), self.patronymic, p + "patronymic", span=True)
        grid.add(_("Family name (original script):"), self.family_name_original, p + "family_name_original")
        grid.add(_("Given names (original script):"), self.given_names_original, p + "given_names_original")
        grid.add(_("Sex:"), self.sex, p + "sex")
        birth_error = grid.add(_("Date of birth:"), birth, p + "date_of_birth")
        # The row holds two widgets: a date typed (or "estimated" ticked) takes the message away, as any field does.
        self.date_of_birth.date_changed.connect(birth_error.withdraw_message)
        self.dob_estimated.toggled.connect(birth_error.withdraw_message)
        grid.add(_("Citizenship:"), self.citizenship, p + "citizenship")
        grid.add(_("Country of birth:"), self.country_of_birth, p + "country_of_birth")
        grid.add(_("Languages:"), self.languages, p + "languages", span=True)
        grid.add(_("Document type:"), self.document_type, p + "document_type")
        grid.add(_("Document number:"), self.document_number, p + "document_number")
        grid.add(_("Issued by:"), self.document_issuing_country, p + "document_issuing_country")
        grid.add(_("Valid until:"), self.document_expiry, p + "document_expiry")
        grid.add(_("Phone:"), self.phone, p + "phone")
        grid.add(_("Address:"), self.address, p + "address")
        grid.close_rows()
        self._errors = errors
        self._name_messages: dict[str, str] = {}
        for key in ("family_name", "given_names", "patronymic", "family_name_original", "given_names_original"):
            name_edit: QLineEdit = getattr(self, key)
            name_edit.editingFinished.connect(lambda key=key, edit=name_edit: self._check_name(key, edit))
        self.document_type.currentIndexChanged.connect(self._on_document_type_changed)
        self._on_document_type_changed()
        self._citizenship = ""
        self.citizenship.currentIndexChanged.connect(self._on_citizenship_current_index_changed)  # a choice, not typing

    def _check_name(self, key: str, edit: QLineEdit) -> None:
        """On leaving a name field, say at once what is wrong with it (a script no document font prints, too
        long, control characters) instead of only when saving; clear only a message this check showed."""
        label = self._errors.label(self.prefix + key)
        if label is None:
            return
        if key in LATIN_NAME_KEYS and self._romanise(key, edit, label):
            return
        problem = name_problem(edit.text().strip())
        if problem:
            self._name_messages[key] = problem
            label.show_message(problem)
        elif label.message and label.message == self._name_messages.pop(key, None):
            label.withdraw_message()  # its room stays until the next check: the fields below do not jump

    def _romanise(self, key: str, edit: QLineEdit, label: ErrorLabel) -> bool:
        """A name typed in its own script (Иванов, გიორგი, أحمد) into a field for the travel document's Latin
        spelling: written in Latin letters as the spreadsheet import does, the typed name moved to the empty
        original-script field, and a note asking to check it against the passport. True when it did so."""
        typed = edit.text().strip()
        if not typed or in_latin_letters(typed):
            return False
        latin = latin_spelling(typed, "" if self.citizenship.pending() else self.citizenship.code())
        original: QLineEdit | None = getattr(self, key + "_original", None)
        moved = original is not None and original.text().strip() in ("", typed)
        edit.selectAll()
        edit.insert(latin)  # one Ctrl+Z in the field brings back what was typed
        if moved and original is not None:
            original.setText(typed)
            note = _("“%(name)s” moved to the original script below; “%(latin)s” is its Latin spelling by "
                     "romanisation: check it against the passport.")
        else:
            note = _("“%(latin)s” is the Latin spelling of “%(name)s” by romanisation: check it against the "
                     "passport.")
        label.show_note(note % {"name": typed, "latin": latin})  # stays until the field is changed
        return True

    def _on_citizenship_current_index_changed(self) -> None:
        """The passport's issuer follows the citizenship while it was left as it came (a Turkish husband added to a
        Vietnamese household kept "Issued by: Vietnam", the principal's, after his citizenship was changed)."""
        if self.citizenship.pending():  # half a name typed: ``code()`` would settle it on the first match
            return
        code = self.citizenship.code()
        if not code or code == self._citizenship:  # no change
            return
        issuer = self.document_issuing_country.code()
        if not issuer or issuer == self._citizenship:
            self.document_issuing_country.set_code(code)
        self._citizenship = code

    def _on_document_type_changed(self) -> None:
        has_document = self.document_type.value() != IdDocumentType.NONE
        for widget in (self.document_number, self.document_issuing_country, self.document_expiry):
            widget.setEnabled(has_document)

    def input_errors(self) -> dict[str, str]:
        """Problems the domain never sees: no sex chosen, words naming no language."""
        errors: dict[str, str] = {}
        if self.sex.value() is None:
            errors[self.prefix + "sex"] = _("Please choose the sex as written in the document.")
        unknown = self.languages.unknown()
        if unknown:
            errors[self.prefix + "languages"] = _("Unknown language: %(words)s") % {"words": ", ".join(unknown)}
        return errors

    def form(self) -> PersonForm:
        """The person as entered."""
        has_document = self.document_type.value() != IdDocumentType.NONE
        return PersonForm(
            family_name=self.family_name.text().strip(),
            given_names=self.given_names.text().strip(),
            patronymic=self.patronymic.text().strip(),
            # A placeholder while nothing is chosen; ``input_errors`` stops the save.
            sex=self.sex.value() or Sex.UNKNOWN,
            date_of_birth=self.date_of_birth.date(),
            citizenship=self.citizenship.code(),
            dob_estimated=self.dob_estimated.isChecked(),
            family_name_original=self.family_name_original.text().strip(),
            given_names_original=self.given_names_original.text().strip(),
            country_of_birth=self.country_of_birth.code(),
            languages=self.languages.codes(),
            document_type=self.document_type.value(),
            document_number=self.document_number.text().strip() if has_document else "",
            document_issuing_country=self.document_issuing_country.code() if has_document else "",
            document_expiry=self.document_expiry.date() if has_document else None,
            phone=self.phone.text().strip(),
            address=self.address.text().strip(),
        )

    def load(self, person: PersonDetail | PersonForm) -> None:
        """Fill every field from a stored person or a form."""
        self.family_name.setText(person.family_name)
        self.given_names.setText(person.given_names)
        self.patronymic.setText(person.patronymic)
        self.family_name_original.setText(person.family_name_original)
        self.given_names_original.setText(person.given_names_original)
        self.sex.set_code(str(person.sex))
        self.date_of_birth.set_date(person.date_of_birth)
        self.dob_estimated.setChecked(person.dob_estimated)
        self.citizenship.set_code(person.citizenship)
        self.country_of_birth.set_code(person.country_of_birth)
        self.languages.set_codes(person.languages)
        self.document_type.set_code(str(person.document_type))
        self.document_number.setText(person.document_number)
        self.document_issuing_country.set_code(person.document_issuing_country)
        self.document_expiry.set_date(person.document_expiry)
        self.phone.setText(person.phone)
        self.address.setText(person.address)
