"""In-app preview of a PDF (QtPdf), with Print… through the system dialog and Save as….

The PDF stays in memory (a ``QBuffer``); nothing is written to disk unless the person saves it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QPointF, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, ngettext
from avrcase.services import outgoing
from avrcase.ui.widgets.dialog_buttons import speak_our_language
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.save_location import suggested_path
from avrcase.ui.widgets import file_dialogs

#: Resolution pages are rendered at for printing; 300 dpi keeps small print sharp.
PRINT_DPI = 300


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Render every page of ``document`` onto ``printer``, scaled to fit its page; returns pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        first, last = 0, document.pageCount() - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage() - 1, min(last, printer.toPage() - 1)
        for page in range(first, last + 1):
            if printed:
                printer.newPage()
            points = document.pagePointSize(page)
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            scale = min(target.width() / points.width(), target.height() / points.height())
            pixels = QSize(round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72))
            image = document.render(page, pixels)
            size = points * scale
            origin = QPointF((target.width() - size.width()) / 2, (target.height() - size.height()) / 2)
            painter.drawImage(QRectF(origin, size), image)
            printed += 1
    finally:
        painter.end()
    return printed


class PdfPreviewDialog(QDialog):
    """Shows a PDF page after page; Print… and Save as… work on exactly these bytes."""

    def __init__(self, pdf_bytes: bytes, title: str, parent: QWidget | None = None, *, file_name: str = "document.pdf",
                 save: Callable[[Path], None] | None = None):
        super().__init__(parent)
        #: Records the copy on the audit trail and writes it once that commits (the documents tab gives it).
        self._save = save
        self.setWindowTitle(title)
        self._bytes = bytes(pdf_bytes)
        self._file_name = file_name
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self._bytes))
        self._buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.pages_label = QLabel(ngettext("%(n)d page", "%(n)d pages", self.page_count) % {"n": self.page_count}, self)

        buttons = speak_our_language(QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self))
        self.print_button = QPushButton(_("&Print…"), self)
        self.save_button = QPushButton(_("&Save as…"), self)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)

        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        bottom = QVBoxLayout()
        bottom.addWidget(self.pages_label)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        fit_to_screen(self, 820, 960)

    @property
    def page_count(self) -> int:
        """Pages in the previewed document (0 when it could not be read)."""
        return self.document.pageCount() if self.document.status() == QPdfDocument.Status.Ready else 0

    def print_to(self, printer: QPrinter) -> int:
        """Print onto an already configured printer (the dialog's or a PDF file printer); pages printed."""
        return print_pdf(self.document, printer)

    def save_to(self, path: Path) -> None:
        """Write the PDF, byte for byte, to ``path``: recorded first when the dialog was given ``save``, and
        always 0600 through a temporary file that is renamed into place."""
        if self._save is not None:
            self._save(Path(path))
        else:
            outgoing.write_private(Path(path), self._bytes)

    def print_with_dialog(self) -> None:
        """Ask for a printer with the system print dialog, then print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.page_count, 1))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def save_with_dialog(self) -> None:
        """Ask where to save with the system file dialog, then save."""
        path, _filter = file_dialogs.save_file_name(self, _("Save document as"), suggested_path(self._file_name), _("PDF files (*.pdf)"))
        if not path:
            return
        try:
            self.save_to(Path(path))
        except AvrcaseError as exc:
            QMessageBox.warning(self, _("avrcase"), exc.message)
