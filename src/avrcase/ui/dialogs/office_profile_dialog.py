"""File ▸ Office profile…: the letterhead of every document and the office code in case numbers.

Loaded once, edited with no session open, saved by version: a change made meanwhile elsewhere is a
clear conflict. Validation messages appear beside their fields.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import ValidationError
from avrcase.domain.validation import RETENTION_YEARS
from avrcase.i18n import _
from avrcase.i18n.format import language_name
from avrcase.services import office
from avrcase.services.data_protection import retention
from avrcase.services.documents import register as documents
from avrcase.services.dto import OfficeProfileDetail
from avrcase.ui.ops import UNSAVED, Ops, save_or_explain, show_times_in_the_office_zone
from avrcase.ui.widgets.combos import CodeCombo, CountryCombo
from avrcase.ui.widgets.dialog_buttons import make_default, save_cancel_buttons
from avrcase.ui.widgets.error_label import FieldErrors
from avrcase.ui.widgets.field_grid import FieldGrid
from avrcase.ui.widgets.screen_fit import widen_for_form
from avrcase.ui.widgets.travel_inputs import TimeZoneEdit
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.typed_work import AsksBeforeDiscarding

#: A logo is stored as PNG no taller than this (pixels): sharp at print size, small in the store.
LOGO_MAX_PIXELS = 400


def logo_png_from_file(path: str) -> bytes:
    """The image at ``path`` as PNG bytes, scaled down to ``LOGO_MAX_PIXELS``; ``ValidationError`` if unreadable."""
    image = QImage(path)
    if image.isNull():
        raise ValidationError({"logo_png": _("That file is not an image avrcase can read (use PNG or JPEG).")})
    if image.height() > LOGO_MAX_PIXELS or image.width() > LOGO_MAX_PIXELS * 3:
        image = image.scaled(LOGO_MAX_PIXELS * 3, LOGO_MAX_PIXELS, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


class OfficeProfileDialog(AsksBeforeDiscarding, QDialog):
    """Edit the office profile; ``saved`` is the stored profile after a successful save."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.setWindowTitle(_("Office profile"))
        self.profile: OfficeProfileDetail = ops.read(office.get_office_profile)
        self.saved: OfficeProfileDetail | None = None
        self.errors = FieldErrors()
        p = self.profile

        self.organisation = QLineEdit(p.organisation, self)
        self.office_name = QLineEdit(p.office_name, self)
        self.address = QPlainTextEdit(p.address, self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(70)
        self.city = QLineEdit(p.city, self)
        self.country = CountryCombo(self)
        self.country.set_code(p.country)
        self.phone = QLineEdit(p.phone, self)
        self.emergency_phone = QLineEdit(p.emergency_phone, self)
        self.emergency_phone.setPlaceholderText(_("answered day and night, for returnees on the way"))
        self.email = QLineEdit(p.email, self)
        self.website = QLineEdit(p.website, self)
        self.footer_note = QPlainTextEdit(p.footer_note, self)
        self.footer_note.setTabChangesFocus(True)
        self.footer_note.setFixedHeight(50)
        self.office_code = QLineEdit(p.office_code, self)
        self.office_code.setMaxLength(6)
        languages = documents.document_languages(p.office_language)
        self.office_language = CodeCombo(((c, language_name(c) or c) for c in languages), None, self)
        self.office_language.set_code(p.office_language)
        self.currency = QLineEdit(p.currency, self)
        self.currency.setMaxLength(3)
        self.time_zone = TimeZoneEdit(self)
        self.time_zone.set_zone(p.time_zone)
        self.time_zone.setPlaceholderText(_("e.g. Europe/Vilnius"))
        self.email.setPlaceholderText(_("e.g. office@example.org"))
        self.retention_years = QSpinBox(self)
        self.retention_years.setRange(*RETENTION_YEARS)
        self.retention_years.setValue(p.retention_years)
        retention_row = QWidget(self)
        retention_box = QHBoxLayout(retention_row)
        retention_box.setContentsMargins(0, 0, 0, 0)
        retention_box.addWidget(self.retention_years)
        retention_box.addWidget(QLabel(_("years after a case is closed; then it is anonymised"), self), 1)

        self._logo = p.logo_png
        self.logo_preview = QLabel(self)
        self.logo_preview.setMinimumHeight(48)
        self.choose_logo_button = QPushButton(_("Choose logo…"), self)
        self.remove_logo_button = QPushButton(_("Remove logo"), self)
        logo_row = QWidget(self)
        logo_box = QHBoxLayout(logo_row)
        logo_box.setContentsMargins(0, 0, 0, 0)
        logo_box.addWidget(self.logo_preview, 1)
        logo_box.addWidget(self.choose_logo_button)
        logo_box.addWidget(self.remove_logo_button)

        grid = FieldGrid(self.errors, columns=1)
        grid.add(_("Organisation:"), self.organisation, "organisation")
        grid.add(_("Office name:"), self.office_name, "office_name")
        grid.add(_("Address:"), self.address, "address")
        grid.add(_("City:"), self.city, "city")
        grid.add(_("Country:"), self.country, "country")
        grid.add(_("Phone:"), self.phone, "phone")
        grid.add(_("Emergency phone:"), self.emergency_phone, "emergency_phone")
        grid.add(_("E-mail:"), self.email, "email")
        grid.add(_("Website:"), self.website, "website")
        grid.add(_("Logo:"), logo_row, "logo_png")
        grid.add(_("Footer:"), self.footer_note, "footer_note")
        grid.add(_("Office code:"), self.office_code, "office_code")
        grid.add(_("Office language:"), self.office_language, "office_language")
        grid.add(_("Currency:"), self.currency, "currency")
        grid.add(_("Time zone:"), self.time_zone, "time_zone")
        grid.add(_("Keep closed cases:"), retention_row, "retention_years")
        grid.close_rows()

        # Data protection: what the declaration tells every applicant (issue #15).
        self.controller_name = QLineEdit(p.controller_name, self)
        self.controller_name.setPlaceholderText(_("blank: the organisation above"))
        self.dpo_email = QLineEdit(p.dpo_email, self)
        self.dpo_address = self._text_box(p.dpo_address, 56)
        self.data_recipients = self._text_box(p.data_recipients, 96)
        self.sharing_recipients = self._text_box(p.sharing_recipients, 72)
        self.supervisory_authority = self._text_box(p.supervisory_authority, 56)
        privacy = QGroupBox(_("Data protection (printed on the declaration)"), self)
        privacy_grid = FieldGrid(self.errors, columns=1)
        privacy_grid.add(_("Data controller:"), self.controller_name, "controller_name")
        privacy_grid.add(_("Data-protection officer's e-mail:"), self.dpo_email, "dpo_email")
        privacy_grid.add(_("Data-protection officer's address:"), self.dpo_address, "dpo_address")
        privacy_grid.add(_("Recipients (one per line):"), self.data_recipients, "data_recipients")
        privacy_grid.add(_("Shared only with consent (one per line):"), self.sharing_recipients,
                         "sharing_recipients")
        privacy_grid.add(_("Supervisory authority:"), self.supervisory_authority, "supervisory_authority")
        privacy_hint = QLabel(_("Recipients receive the data needed to organise a return. Third parties are "
                                "asked about separately: the applicant may say no, and the return does not "
                                "depend on it; leave them blank to ask nothing. The retention period printed "
                                "is the office's retention setting."), privacy)
        privacy_hint.setWordWrap(True)
        privacy_box = QVBoxLayout(privacy)
        privacy_box.addLayout(privacy_grid)
        privacy_box.addWidget(privacy_hint)

        hint = QLabel(_("The office code starts every new case number (for example VNO-2026-00012); "
                        "documents are issued in the office language unless another is chosen."), self)
        hint.setWordWrap(True)
        self.languages_button = QPushButton(_("Texts in other languages…"), self)
        self.wording_button = QPushButton(_("Wording files…"), self)
        self.languages_button.clicked.connect(self._on_languages_button_clicked)
        self.wording_button.clicked.connect(self._on_wording_button_clicked)
        more = QHBoxLayout()
        more.addWidget(self.languages_button)
        more.addWidget(self.wording_button)
        more.addStretch(1)
        buttons, self.save_button = save_cancel_buttons(self, self.save)
        self.choose_logo_button.clicked.connect(self._on_choose_logo_button_clicked)
        self.remove_logo_button.clicked.connect(self._on_remove_logo_button_clicked)

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(grid)
        body_layout.addWidget(hint)
        body_layout.addWidget(privacy)
        scroll = self._scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fields narrow, never scroll sideways
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(more)
        layout.addWidget(buttons)
        make_default(self.save_button)
        self._show_logo()
        widen_for_form(self, scroll, 600, 760)  # in Lithuanian the fields were cut at the right edge at 600 pixels

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Widen to the form as laid out on screen: the logo and the group box take their size only once shown."""
        super().showEvent(event)
        self._fit_form()

    def _fit_form(self) -> None:
        self._scroll.widget().layout().activate()
        widen_for_form(self, self._scroll, self.width(), self.height())

    def _text_box(self, text: str, height: int) -> QPlainTextEdit:
        box = QPlainTextEdit(text, self)
        box.setTabChangesFocus(True)
        box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.setFixedHeight(height)
        return box

    # ------------------------------------------------------------ logo

    def set_logo_file(self, path: str) -> bool:
        """Use the image at ``path`` as the logo; False (with a message beside the field) if unreadable."""
        try:
            self._logo = logo_png_from_file(path)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        self.errors.label("logo_png").clear_message()
        self._show_logo()
        return True

    def _show_logo(self) -> None:
        self.remove_logo_button.setEnabled(self._logo is not None)
        if not self._logo:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(self._logo))
        self.logo_preview.setPixmap(pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation))
        if self.isVisible():  # a wider logo widens the form: the dialog follows (once laid out), as the screen allows
            QTimer.singleShot(0, self._fit_form)

    def _on_choose_logo_button_clicked(self) -> None:
        path, _filter = file_dialogs.open_file_name(self, _("Choose logo"), "", _("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.set_logo_file(path)

    def _on_remove_logo_button_clicked(self) -> None:
        self._logo = None
        self._show_logo()

    # ------------------------------------------------------------ languages and wording

    def _on_languages_button_clicked(self) -> None:
        from avrcase.ui.dialogs.office_languages_dialog import OfficeLanguagesDialog

        OfficeLanguagesDialog(self._ops, self).exec()

    def _on_wording_button_clicked(self) -> None:
        from avrcase.ui.dialogs.wording_files_dialog import WordingFilesDialog

        WordingFilesDialog(self._ops, self).exec()

    # ------------------------------------------------------------ saving

    def edited(self) -> OfficeProfileDetail:
        """The profile as the fields now say, with the version that was loaded."""
        return replace(
            self.profile, organisation=self.organisation.text().strip(), office_name=self.office_name.text().strip(),
            address=self.address.toPlainText().strip(), city=self.city.text().strip(), country=self.country.code(),
            phone=self.phone.text().strip(), emergency_phone=self.emergency_phone.text().strip(), email=self.email.text().strip(), website=self.website.text().strip(),
            footer_note=self.footer_note.toPlainText().strip(), office_code=self.office_code.text().strip(),
            office_language=self.office_language.code(), currency=self.currency.text().strip(), logo_png=self._logo,
            time_zone=self.time_zone.zone(), controller_name=self.controller_name.text().strip(),
            dpo_email=self.dpo_email.text().strip(), dpo_address=self.dpo_address.toPlainText().strip(),
            data_recipients=self.data_recipients.toPlainText().strip(),
            sharing_recipients=self.sharing_recipients.toPlainText().strip(),
            supervisory_authority=self.supervisory_authority.toPlainText().strip(),
            retention_years=self.retention_years.value(),
        )

    def save(self) -> bool:
        """Save the profile and the retention period together (never one without the other); on a validation
        error show the messages beside the fields and stay open."""
        self.errors.clear()
        edited, retention_changed = self.edited(), self.edited().retention_years != self.profile.retention_years

        def save_both(session, actor):
            saved = office.save_office_profile(session, actor, edited)
            if retention_changed:  # an office setting of its own, in the same unit of work
                retention.set_retention_years(session, actor, edited.retention_years)
                saved = replace(saved, retention_years=edited.retention_years)
            return saved

        saved = save_or_explain(self, lambda: self._ops.write(save_both), show_errors=self._show_errors)
        if saved is UNSAVED:
            return False
        self.saved = saved
        show_times_in_the_office_zone(self._ops)  # its time zone may have changed
        self.accept()
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        if "years" in errors:
            errors["retention_years"] = errors.pop("years")
        unclaimed = self.errors.show(errors)
        if unclaimed:
            QMessageBox.warning(self, _("Office profile"), "\n".join(unclaimed.values()))
        field = self.errors.first_invalid()
        if field is not None:
            field.setFocus()
