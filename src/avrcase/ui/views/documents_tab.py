"""The Documents tab of a case file: the register of issued documents and the attached scans.

Issue a document (type and language), preview, print or save one exactly as it was issued,
attach a signed copy, open an attachment in the system viewer.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from avrcase.documents.registry import DOCUMENT_TYPES
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.i18n import N_, _
from avrcase.i18n.format import format_datetime, format_number, language_name
from avrcase.services import office
from avrcase.services.documents import register as documents
from avrcase.services.permissions import Permission
from avrcase.services.documents.languages import issue_defaults, printable_languages_by_type
from avrcase.ui.dialogs.issue_document_dialog import IssueDocumentDialog
from avrcase.ui.dialogs.office_missing import refuse_unnamed_office
from avrcase.ui.dialogs.pdf_preview import PdfPreviewDialog
from avrcase.ui.models.row_table import TextTableModel
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.sensitive_scan_box import SensitiveScanBox
from avrcase.ui.widgets.list_table import KeyboardTable

# Labels used inside f-strings: marked here (Babel cannot see into f-strings), translated at use.
L_ISSUED_DOCUMENTS = N_("Issued documents")
L_ATTACHMENTS = N_("Attachments")

#: Columns of the register and of the attachments.
COL_DOCUMENT, COL_SHA, COL_STATUS, COL_DESCRIPTION = 1, 5, 6, 5
#: How many hexadecimal digits of the SHA-256 the register shows (enough to tell copies apart by eye).
SHA_SHOWN = 12

_open_copies: list[Path] = []


def _temp_folder() -> Path:
    """A private folder for copies handed to the system viewer, removed when the app exits."""
    if not _open_copies:
        folder = Path(tempfile.mkdtemp(prefix="avrcase-open-"))
        _open_copies.append(folder)
        atexit.register(shutil.rmtree, folder, True)
    return _open_copies[0]


def _table(model: TextTableModel, parent: QWidget, *, stretch: int) -> QTableView:
    view = KeyboardTable(parent)
    view.setTabKeyNavigation(False)  # Tab leaves the list (rows are chosen with the arrow keys)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)  # the words get the room
    return view


def document_title(row: documents.IssuedDocumentRow) -> str:
    """The document's title in the language of the screen (the register keeps the printed one)."""
    kind = DOCUMENT_TYPES.get(row.doc_type)
    return _(kind.title) if kind is not None else row.title


def document_languages(codes: str) -> str:
    """"lt+ru" as "Lithuanian + Russian", in the language of the screen."""
    return " + ".join(language_name(code) or code for code in codes.split("+") if code)


class CaseDocumentsTab(QWidget):
    """Issued documents and attachments of one case, with the actions on them."""

    document_issued = Signal(int)
    attachment_added = Signal(int)

    def __init__(self, ops: Ops, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.case_id = case_id
        self.documents_model = TextTableModel(
            [_("Issued"), _("Document"), _("Language"), _("Pages"), _("Issued by"), _("SHA-256"), _("Status")], self)
        self.attachments_model = TextTableModel(
            [_("Added"), _("File"), _("Type"), _("Size"), _("Added by"), _("Description"), _("Sensitive")], self)
        self.documents_view = _table(self.documents_model, self, stretch=COL_DOCUMENT)
        self.attachments_view = _table(self.attachments_model, self, stretch=COL_DESCRIPTION)
        self.issue_button = QPushButton(_("&Issue document…"), self)
        self.preview_button = QPushButton(_("Pre&view"), self)
        self.print_button = QPushButton(_("&Print…"), self)
        self.save_button = QPushButton(_("&Save as…"), self)
        self.attach_button = QPushButton(_("&Attach signed copy…"), self)
        self.open_attachment_button = QPushButton(_("&Open attachment"), self)
        self.attach_sensitive = SensitiveScanBox(ops.may(Permission.SENSITIVE_READ), self)
        self.mark_button = QPushButton(_("&Mark not sensitive"), self)
        self.mark_button.setVisible(ops.may(Permission.SENSITIVE_READ) and ops.may(Permission.DOCUMENT_ISSUE))

        document_buttons = QHBoxLayout()
        for button in (self.issue_button, self.preview_button, self.print_button, self.save_button):
            document_buttons.addWidget(button)
        document_buttons.addStretch(1)
        attachment_buttons = QHBoxLayout()
        for widget in (self.attach_button, self.open_attachment_button, self.mark_button):
            attachment_buttons.addWidget(widget)
        attachment_buttons.addStretch(1)
        # The box for the next scan on a line of its own: beside the buttons it made the Russian tab 1,075 pixels
        # wide, and the case file ran off a 1024-pixel screen.
        QWidget.setTabOrder(self.mark_button, self.attach_sensitive)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{_(L_ISSUED_DOCUMENTS)}</b>", self))
        layout.addWidget(self.documents_view, 3)
        layout.addLayout(document_buttons)
        layout.addWidget(QLabel(f"<b>{_(L_ATTACHMENTS)}</b>", self))
        layout.addWidget(self.attachments_view, 2)
        layout.addLayout(attachment_buttons)
        layout.addWidget(self.attach_sensitive)

        self.issue_button.clicked.connect(self.issue_document)
        self.preview_button.clicked.connect(self.preview_selected)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.attach_button.clicked.connect(self.attach_copy)
        self.open_attachment_button.clicked.connect(self.open_selected_attachment)
        self.mark_button.clicked.connect(self.toggle_sensitive)
        self.documents_view.doubleClicked.connect(self.preview_selected)
        self.attachments_view.doubleClicked.connect(self.open_selected_attachment)
        self.documents_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.attachments_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    # ------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the register and the attachments again."""
        try:
            issued = self._ops.read(documents.list_documents, self.case_id)
            attached = self._ops.read(documents.list_attachments, self.case_id)
        except Exception as exc:  # noqa: BLE001 - a tab that cannot load says why instead of breaking the case file
            show_error(self, exc)
            return
        # The title and language in the language of the screen (a document issued in Lithuanian is listed as
        # "Return declaration" in the English UI); the fingerprint shortened, whole in the tooltip.
        # A travel paper printed before its journey changed says so in words, beside its title too.
        self.documents_model.set_rows(
            [(format_datetime(r.issued_at), document_title(r), document_languages(r.language), str(r.pages),
              r.issued_by, r.sha256[:SHA_SHOWN] + "…", r.out_of_date) for r in issued], issued,
            {**{(row, COL_SHA): r.sha256 for row, r in enumerate(issued)},
             **{(row, COL_DOCUMENT): f"{document_title(r)}\n{r.out_of_date}" for row, r in enumerate(issued)
                if r.out_of_date}})
        self.attachments_model.set_rows(
            [(format_datetime(a.added_at), a.shown_name, documents.media_name(a.media_type),
              _("%(kb)s KB") % {"kb": format_number(max(1, round(a.size / 1024)))}, a.added_by, a.description,
              _("sensitive") if a.sensitive else "")
             for a in attached], attached)
        self._update_buttons()

    def _selected(self, view: QTableView) -> int | None:
        rows = view.selectionModel().selectedRows()
        return view.model().payload(rows[0].row()) if rows else None

    @property
    def selected_document(self) -> documents.IssuedDocumentRow | None:
        """The document selected in the register."""
        return self._selected(self.documents_view)

    @property
    def selected_attachment(self) -> documents.AttachmentRow | None:
        """The selected attachment."""
        return self._selected(self.attachments_view)

    def _update_buttons(self, *_args) -> None:
        has_document = self.selected_document is not None
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(has_document)
        attachment = self.selected_attachment
        self.open_attachment_button.setEnabled(attachment is not None and not attachment.hidden)
        self.mark_button.setEnabled(attachment is not None)
        self.mark_button.setText(_("&Mark sensitive") if attachment and not attachment.sensitive
                                 else _("&Mark not sensitive"))

    def _select(self, view: QTableView, item_id: int) -> None:
        model = view.model()
        for row in range(model.rowCount()):
            if model.payload(row).id == item_id:
                view.selectRow(row)
                return

    # ------------------------------------------------------------ actions

    def issue(self, doc_type: str, language: str) -> int | None:
        """Issue a document and select it in the register; returns its id (``None`` after an error)."""
        try:
            row = self._ops.write(documents.issue_document, doc_type, self.case_id, language)
        except Exception as exc:  # noqa: BLE001 - shown to the person
            show_error(self, exc)
            return None
        self.reload()
        self._select(self.documents_view, row.id)
        self.document_issued.emit(row.id)
        return row.id

    def issue_document(self) -> None:
        """Ask for type and language, issue the document, then show it."""
        profile = self._ops.read(office.get_office_profile)
        if refuse_unnamed_office(self, profile):  # a paper naming nobody as responsible (#14)
            return
        dialog = IssueDocumentDialog(profile.office_language, self,
                                     languages=self._ops.read(printable_languages_by_type),
                                     defaults=self._ops.read(issue_defaults, self.case_id))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self.issue(*dialog.choice) is not None:
            self.preview_selected()

    def _preview_dialog(self) -> PdfPreviewDialog | None:
        document = self.selected_document
        if document is None:
            return None
        try:
            data = self._ops.read(documents.document_bytes, document.id)
        except Exception as exc:  # noqa: BLE001 - e.g. a copy the acting role may not open
            show_error(self, exc)
            return None
        name = f"{document.case_number}-{document.doc_type}-{document.id}.pdf"
        document_id = document.id

        def save(path: Path) -> None:  # the copy is recorded with the bytes it writes, then written 0600
            self._ops.write(documents.save_document_copy, document_id, path)

        return PdfPreviewDialog(data, document.title, self, file_name=name, save=save)

    def preview_selected(self, *_args) -> PdfPreviewDialog | None:
        """Open the selected document in the preview window."""
        dialog = self._preview_dialog()
        if dialog is not None:
            dialog.open()
        return dialog

    def _on_print_button_clicked(self) -> None:
        dialog = self._preview_dialog()
        if dialog is not None:
            dialog.print_with_dialog()
            dialog.deleteLater()

    def _on_save_button_clicked(self) -> None:
        dialog = self._preview_dialog()
        if dialog is not None:
            dialog.save_with_dialog()
            dialog.deleteLater()

    def attach_copy(self) -> None:
        """Pick a scanned PDF, JPEG or PNG and keep it with the case."""
        path, _filter = file_dialogs.open_file_name(self, _("Attach signed copy"), "",
                                                    _("Scans (*.pdf *.jpg *.jpeg *.png);;All files (*)"))
        if not path:
            return
        description, ok = QInputDialog.getText(self, _("Attach signed copy"), _("What is it? (optional)"))
        if not ok:
            return
        self.attach_file(Path(path), description)

    def attach_file(self, path: Path, description: str = "") -> int | None:
        """Attach the file at ``path``; returns the attachment's id (``None`` after an error)."""
        try:
            data = documents.read_scan(path)
        except OSError as exc:
            show_error(self, AvrcaseError(_("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}))
            return None
        except ValidationError as exc:
            show_error(self, exc)
            return None
        try:
            row = self._ops.write(documents.attach_scan, self.case_id, path.name, data, description,
                                  sensitive=self.attach_sensitive.isChecked())
        except Exception as exc:  # noqa: BLE001 - e.g. not a real PDF/JPEG/PNG
            show_error(self, exc)
            return None
        self.attach_sensitive.reset()
        self.reload()
        self._select(self.attachments_view, row.id)
        self.attachment_added.emit(row.id)
        return row.id

    def toggle_sensitive(self) -> None:
        """Mark the selected attachment sensitive, or not sensitive when it is."""
        attachment = self.selected_attachment
        if attachment is not None:
            try:
                self._ops.write(documents.mark_attachment_sensitive, attachment.id, not attachment.sensitive)
            except Exception as exc:  # noqa: BLE001 - shown to the person
                show_error(self, exc)
            self.reload()
            self._select(self.attachments_view, attachment.id)

    def open_selected_attachment(self, *_args) -> Path | None:
        """Hand a temporary copy of the selected attachment to the system viewer; returns the copy's path."""
        attachment = self.selected_attachment
        if attachment is None:
            return None
        name = Path(attachment.filename).name or "attachment"
        folder = _temp_folder() / str(attachment.id)
        folder.mkdir(mode=0o700, exist_ok=True)
        copy = folder / name
        try:  # the opening is recorded with the bytes; the copy (0600) is written only once that commits
            self._ops.write(documents.open_attachment_copy, attachment.id, copy)
        except Exception as exc:  # noqa: BLE001 - shown to the person
            show_error(self, exc)
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        return copy

