"""Office profile ▸ Texts in other languages…: the organisation's name, letterhead, footer and emergency
phone as printed in one language.

A document printed in that language uses these texts; an empty field prints the profile's own. Each
language is saved on its own (**Save**); validation messages (a line too long, a fourth letterhead line)
appear beside their fields and nothing is saved. Choosing another language or closing with texts typed and not
saved asks first: both threw a language's typed texts away without a word.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from avrcase.documents.registry import DOCUMENT_TYPES
from avrcase.i18n import _
from avrcase.i18n.format import language_name
from avrcase.services import office
from avrcase.services.documents.languages import printable_languages
from avrcase.services.dto import OfficeLanguageTextDetail, OfficeProfileDetail
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain
from avrcase.ui.widgets.combos import CodeCombo
from avrcase.ui.widgets.dialog_buttons import confirm_discard, speak_our_language
from avrcase.ui.widgets.error_label import FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import fit_to_screen


#: The declaration's data-protection fields an office may word per language.
_DATA_PROTECTION = ("controller_name", "dpo_address", "data_recipients", "sharing_recipients", "supervisory_authority")


class OfficeLanguagesDialog(QDialog):
    """Edit the profile's texts in one language at a time."""

    asks_before_discarding = True  # a shutdown discards what was typed unasked (``ui.shutdown``)

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("Office texts in other languages"))
        self.profile: OfficeProfileDetail = ops.read(office.get_office_profile)
        self.errors = FieldErrors()
        self._loaded: OfficeLanguageTextDetail | None = None
        codes = sorted({c for name in DOCUMENT_TYPES for c in printable_languages(name, self.profile)})
        self.language = CodeCombo(((c, f"{language_name(c) or c} ({c})") for c in codes), None, self)
        self.organisation = QLineEdit(self)
        self.office_name = QLineEdit(self)
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.footer_note = QPlainTextEdit(self)
        self.footer_note.setTabChangesFocus(True)
        self.footer_note.setFixedHeight(48)
        self.emergency_phone = QLineEdit(self)
        # The declaration's data-protection texts in this language (#15): a person reads who receives their data.
        self.controller_name = QLineEdit(self)
        self.dpo_address = QLineEdit(self)
        self.data_recipients = self._text_box(56)
        self.sharing_recipients = self._text_box(40)
        self.supervisory_authority = self._text_box(40)
        grid = FieldGrid(self.errors, columns=1)
        grid.add(_("Language:"), self.language, "language")
        grid.add(_("Organisation:"), self.organisation, "organisation")
        grid.add(_("Office name:"), self.office_name, "office_name")
        grid.add(_("Letterhead lines:"), self.address, "address")
        grid.add(_("Footer:"), self.footer_note, "footer_note")
        grid.add(_("Emergency phone:"), self.emergency_phone, "emergency_phone")
        grid.add(_("Controller:"), self.controller_name, "controller_name")
        grid.add(_("DPO address:"), self.dpo_address, "dpo_address")
        grid.add(_("Recipients (one per line):"), self.data_recipients, "data_recipients")
        grid.add(_("Shared only with consent (one per line):"), self.sharing_recipients, "sharing_recipients")
        grid.add(_("Supervisory authority:"), self.supervisory_authority, "supervisory_authority")
        grid.close_rows()
        hint = QLabel(_("Documents printed in this language use these texts; an empty field prints the office "
                        "profile's own. At most 3 letterhead lines and 2 footer lines fit on the page."), self)
        hint.setWordWrap(True)
        self.status = QLabel(self)
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.clicked.connect(self.save)
        buttons = speak_our_language(QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self._on_language_current_index_changed)
        first = next((t.language for t in self.profile.languages), None) or next(
            (c for c in codes if c != self.profile.office_language), "")
        self.language.set_code(first)
        self._load()
        fit_to_screen(self, 600, 640)

    def _text_box(self, height: int) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)
        box.setFixedHeight(height)
        return box

    def set_language(self, code: str) -> None:
        """Show the texts of ``code``."""
        self.language.set_code(code)
        self._load()

    def _load(self) -> None:
        texts = self.profile.texts_in(self.language.code()) or OfficeLanguageTextDetail(self.language.code())
        self.organisation.setText(texts.organisation)
        self.office_name.setText(texts.office_name)
        self.address.setPlainText(texts.address)
        self.footer_note.setPlainText(texts.footer_note)
        self.emergency_phone.setText(texts.emergency_phone)
        for key in _DATA_PROTECTION:
            widget = getattr(self, key)
            (widget.setPlainText if isinstance(widget, QPlainTextEdit) else widget.setText)(getattr(texts, key))
        self.errors.clear()
        self.status.clear()
        self._loaded = self.edited()

    def unsaved(self) -> bool:
        """Whether the fields say something other than the language's texts as loaded or last saved."""
        # the language chooser may already show the next language: compare the texts only
        return self._loaded is not None and replace(self.edited(), language=self._loaded.language) != self._loaded

    def _may_discard(self) -> bool:
        return not self.unsaved() or confirm_discard(
            self, _("Discard what was typed?"),
            _("The texts typed in %(language)s have not been saved and will be lost.")
            % {"language": language_name(self._loaded.language) or self._loaded.language})

    def reject(self) -> None:
        if self._may_discard():
            super().reject()

    def edited(self) -> OfficeLanguageTextDetail:
        """The texts as the fields now say."""
        def value(widget) -> str:
            return (widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()).strip()

        return OfficeLanguageTextDetail(
            self.language.code(), self.organisation.text().strip(), self.office_name.text().strip(),
            self.address.toPlainText().strip(), self.footer_note.toPlainText().strip(), self.emergency_phone.text().strip(),
            **{key: value(getattr(self, key)) for key in _DATA_PROTECTION})

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.errors.show(errors)
        field = self.errors.first_invalid()
        if field is not None:
            field.setFocus()

    def save(self) -> bool:
        """Save this language's texts; on a validation error show the messages beside the fields."""
        self.errors.clear()
        saved = save_or_explain(self, lambda: self._ops.write(office.save_language_texts, self.edited()),
                                show_errors=self._show_errors)
        if saved is UNSAVED:
            return False
        self.profile = saved
        self._loaded = self.edited()
        self.status.setText(_("Saved."))
        return True

    def _on_language_current_index_changed(self, _index: int) -> None:
        if self._loaded is not None and not self._may_discard():  # keep the language whose texts were typed
            self.language.blockSignals(True)
            self.language.set_code(self._loaded.language)
            self.language.blockSignals(False)
            return
        self._load()
