"""Retention…: a manager's preview of the closed cases due for anonymisation, and the confirmed run.

The dialog lists exactly what a run would change (cases, when they closed, people, documents and
attachments that would be deleted); "Anonymise…" asks once more and then anonymises exactly the
listed cases (the service refuses if the due cases changed in the meantime), compacts the store and
shows the preview again, which is then empty.
"""

from __future__ import annotations

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
from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.data_protection import retention
from avrcase.ui.models.row_table import Column, RowTableModel
from avrcase.ui.ops import Ops, show_error
from avrcase.ui.widgets.list_table import ListTable
from avrcase.ui.widgets.screen_fit import fit_to_screen


#: The cases a retention run would anonymise.
DUE_COLUMNS = (
    Column(N_("Case"), lambda c: c.case_number),
    Column(N_("Closed on"), lambda c: format_date(c.closed_on), sort=lambda c: c.closed_on.isoformat()),
    Column(N_("People"), lambda c: str(c.people), sort=lambda c: c.people, numeric=True),
    Column(N_("Documents and attachments"), lambda c: str(c.documents + c.attachments),
           sort=lambda c: c.documents + c.attachments, numeric=True),
)


class RetentionDialog(QDialog):
    """The preview and the button that anonymises what it lists."""

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.preview: retention.RetentionPreview | None = None
        self.setWindowTitle(_("Retention of closed cases"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: RowTableModel = RowTableModel(DUE_COLUMNS, self)
        self.table = ListTable(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.run_button = QPushButton(_("Anonymise…"))
        self.run_button.setObjectName("retention_run")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.run_button.clicked.connect(self.run)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.table, self.result, buttons):
            layout.addWidget(widget)
        fit_to_screen(self, 620, 420)
        self.refresh()

    def refresh(self) -> None:
        """Read the preview again and show it."""
        try:
            self.preview = self._ops.read(retention.preview)
        except AvrcaseError as error:
            show_error(self, error)
            self.preview = None
        due = self.preview.cases if self.preview else ()
        self.model.set_rows(due)
        self.table.resizeColumnsToContents()
        if self.preview is not None:
            values = {"n": len(due), "cutoff": format_date(self.preview.cutoff), "years": self.preview.years}
            kept = ngettext("The office keeps closed cases %(years)d year.",
                            "The office keeps closed cases %(years)d years.", self.preview.years) % values
            if not due:
                due_text = _("No case closed before %(cutoff)s is waiting to be anonymised.") % values
            else:
                due_text = ngettext("%(n)d case closed before %(cutoff)s is due to be anonymised.",
                                    "%(n)d cases closed before %(cutoff)s are due to be anonymised.", len(due)) % values
            self.summary.setText(" ".join((due_text, kept, _(
                "Anonymising removes names, contact details, document numbers, notes and files; "
                "the statistics stay."))))
        self.run_button.setEnabled(bool(due))

    def run(self) -> retention.RetentionResult | None:
        """Ask once more, then anonymise exactly the previewed cases."""
        if self.preview is None or not self.preview.cases:
            return None
        n = len(self.preview.cases)
        answer = QMessageBox.question(self, _("Anonymise closed cases"), ngettext(
            "Anonymise %(n)d case now? This cannot be undone.",
            "Anonymise %(n)d cases now? This cannot be undone.", n) % {"n": n})
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            result = self._ops.write(retention.run, self.preview)
            retention.compact_store(self._ops.engine)
        except AvrcaseError as error:
            show_error(self, error)
            self.refresh()
            return None
        self.result.setText(ngettext("%(n)d case anonymised.", "%(n)d cases anonymised.", result.cases)
                            % {"n": result.cases})
        self.refresh()
        return result


def open_retention_dialog(window: QWidget, ops: Ops) -> RetentionDialog:
    """Show the retention dialog over ``window`` (the manager's Account menu item)."""
    dialog = RetentionDialog(ops, window)
    dialog.open()
    return dialog
