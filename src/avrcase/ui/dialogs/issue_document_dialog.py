"""The Issue document dialog: a document type and the language it is printed in (only languages that type can be
printed in), proposed as ``services.documents.languages.default_language`` decides for the case."""

from __future__ import annotations

import dataclasses
import unicodedata

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from avrcase.documents.registry import DOCUMENT_TYPES
from avrcase.i18n import _
from avrcase.i18n.format import language_name
from avrcase.services import office
from avrcase.services.documents.languages import printable_languages
from avrcase.ui.widgets.dialog_buttons import speak_our_language
from avrcase.ui.widgets.error_label import grow_to_fit


def _alphabetical(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores case and accents first (Č with C), then tells them apart."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold(), text


class IssueDocumentDialog(QDialog):
    """Pick a document type and the language it is printed in (only languages that type can be printed in)."""

    def __init__(self, office_language: str, parent: QWidget | None = None, *,
                 languages: dict[str, list[str]] | None = None, defaults: dict[str, str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Issue document"))
        if languages is None:  # the shipped wording only (no store at hand)
            shipped = dataclasses.replace(office.BLANK, office_language=office_language)
            languages = {name: printable_languages(name, shipped) for name in DOCUMENT_TYPES}
        self._languages = languages
        self._office_language = office_language
        #: The language proposed per type (``languages.default_language``: the returnee's for a paper in one
        #: language); without it, the office language as before.
        self._defaults = defaults or {}
        #: A language the person chose by hand is kept when they change the type.
        self._picked = False
        self.type_combo = QComboBox(self)
        for kind in DOCUMENT_TYPES.values():
            self.type_combo.addItem(_(kind.title), kind.name)
        self.language_combo = QComboBox(self)
        self._fill_languages()
        self.type_combo.currentIndexChanged.connect(self._on_type_combo_current_index_changed)
        self.language_combo.activated.connect(self._on_language_combo_activated)
        #: Shown for a document printed in two languages only (not for a case summary or a letter).
        self.hint = hint = QLabel(_("This document is also printed in the applicant's language where a "
                                    "translation exists."), self)
        hint.setWordWrap(True)
        buttons = speak_our_language(
            QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Issue"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("Document:"), self.type_combo)
        form.addRow(_("Language:"), self.language_combo)
        form.addRow(hint)
        form.addRow(buttons)
        self._show_hint()

    def _fill_languages(self) -> None:
        chosen = self.language_combo.currentData()
        self.language_combo.clear()
        codes = self._languages.get(self.type_combo.currentData(), [])
        named = [(f"{language_name(code) or code} ({code})", code) for code in codes]
        # The office language first (as given), then the others by their names: by code, thirty languages read
        # "amharų, arabų, azerbaidžaniečių, soranių kurdų, anglų…".
        first = named[:1] if codes and codes[0] == self._office_language else []
        for text, code in first + sorted(named[len(first):], key=lambda pair: _alphabetical(pair[0])):
            self.language_combo.addItem(text, code)
        if not self._picked:
            chosen = self._defaults.get(self.type_combo.currentData(), chosen)
        index = self.language_combo.findData(chosen)
        self.language_combo.setCurrentIndex(max(index, 0))

    def _on_language_combo_activated(self, _index: int) -> None:
        self._picked = True

    def _on_type_combo_current_index_changed(self, _index: int) -> None:
        self._fill_languages()
        self._show_hint()

    def _show_hint(self) -> None:
        kind = DOCUMENT_TYPES.get(self.type_combo.currentData())
        self.hint.setVisible(kind is not None and kind.bilingual)
        grow_to_fit(self)  # the note's lines, once shown, are not cut off

    @property
    def choice(self) -> tuple[str, str]:
        """(document type, language code) chosen."""
        return self.type_combo.currentData(), self.language_combo.currentData()
