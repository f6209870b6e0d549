"""File ▸ Import cases from a spreadsheet…: choose the file, check the column mapping, dry run, import.

The mapping table lists the sheet's headers with the field each one fills (the office's saved mapping
or the guesses from the header names; "(ignore)" leaves a column out). **Check** runs the dry run in
the background, says how many cases are ready and how many rows have problems, and lists the problems
(row, column, value, what to correct), then the values read that should be checked, below the mapping; **Save report…** writes them as XLSX. **Import** writes the valid cases in one transaction in the background,
with progress and Cancel (nothing is written when cancelled). A changed mapping is saved for sheets
with the same headers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QProgressDialog, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import N_, _, ngettext
from avrcase.services.imports import mappings, run, wording
from avrcase.services.imports.fields import CASE_FIELDS
from avrcase.services.imports.plan import ImportPlan
from avrcase.services.imports.template import write_report, write_template
from avrcase.ui.ops import BackgroundTask, Ops, show_error
from avrcase.ui.widgets.screen_fit import fit_to_screen
from avrcase.ui.widgets.save_location import suggested_path
from avrcase.ui.widgets import file_dialogs

IGNORE = ""
#: The columns of the problems found by Check, as in the saved report.
PROBLEM_COLUMNS = (N_("Sheet"), N_("Row"), N_("Column"), N_("Value"), N_("Message"))


class ImportDialog(QDialog):
    """The import window; ``imported`` carries the new case numbers after an import."""

    imported = Signal(list)

    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self.plan: ImportPlan | None = None
        self.task: BackgroundTask | None = None
        self.progress: QProgressDialog | None = None
        self.headers: list[str] = []
        self.setWindowTitle(_("Import cases from a spreadsheet"))
        fit_to_screen(self, 720, 560)
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        choose = QPushButton(_("Choose file…"))
        choose.clicked.connect(self._on_choose_clicked)
        template = QPushButton(_("Save the template…"))
        template.clicked.connect(self._on_template_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("File:")))
        top.addWidget(self.file_edit, 1)
        top.addWidget(choose)
        top.addWidget(template)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([_("Column in the sheet"), _("Goes into")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        # What the check found wrong, row by row: read here, not only in a report saved and opened elsewhere.
        self.problems = QTableWidget(0, len(PROBLEM_COLUMNS))
        self.problems.setHorizontalHeaderLabels([_(label) for label in PROBLEM_COLUMNS])
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.problems.setWordWrap(True)
        self.problems.verticalHeader().setVisible(False)
        header = self.problems.horizontalHeader()
        for column in range(len(PROBLEM_COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(PROBLEM_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.problems.hide()
        self.summary = QLabel(_("Choose an XLSX or CSV file; the first sheet with case columns is read."))
        self.summary.setWordWrap(True)
        self.all_or_nothing = QCheckBox(_("Import nothing if any row has a problem"))
        self.check_button = QPushButton(_("&Check"))
        self.check_button.clicked.connect(self.check)
        self.report_button = QPushButton(_("Save &report…"))
        self.report_button.clicked.connect(self._on_report_clicked)
        self.import_button = QPushButton(_("&Import"))
        self.import_button.clicked.connect(self.start_import)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_or_nothing)
        buttons.addStretch(1)
        for button in (self.check_button, self.report_button, self.import_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        self._enable()

    def _enable(self) -> None:
        busy = self.task is not None
        self.check_button.setEnabled(bool(self.headers) and not busy)
        self.report_button.setEnabled(self.plan is not None and bool(self.plan.problems or self.plan.notes)
                                      and not busy)
        self.import_button.setEnabled(self.plan is not None and bool(self.plan.cases) and not busy)

    # ------------------------------------------------------------ file and mapping

    def _on_choose_clicked(self) -> None:
        path, _filter = file_dialogs.open_file_name(self, _("Import cases"), "", _("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Read the sheet's headers and show the mapping; False (with the reason shown) when it cannot be read."""
        try:
            headers, mapping = self._ops.read(mappings.preview_columns, path)
        except AvrcaseError as exc:
            show_error(self, exc)
            return False
        self.file_edit.setText(str(path))
        self.headers, self.plan = headers, None
        self._show_problems()
        self.table.setRowCount(len(headers))
        for row, header in enumerate(headers):
            self.table.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            combo.addItem(_("(ignore)"), IGNORE)
            for field in CASE_FIELDS:
                combo.addItem(_(field.label), field.key)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(header, IGNORE))))
            combo.currentIndexChanged.connect(self._on_mapping_changed)
            self.table.setCellWidget(row, 1, combo)
        self.summary.setText(ngettext("%(n)d column found. Check the mapping, then press Check.",
                                       "%(n)d columns found. Check the mapping, then press Check.", len(headers))
                              % {"n": len(headers)})
        self._enable()
        return True

    def mapping(self) -> dict[str, str]:
        """Header → field as chosen in the table ("" = ignored)."""
        out = {}
        for row, header in enumerate(self.headers):
            combo = self.table.cellWidget(row, 1)
            if isinstance(combo, QComboBox):
                out[header] = combo.currentData()
        return out

    def _on_mapping_changed(self, _index: int) -> None:
        self.plan = None
        self._show_problems()
        self._enable()

    def _show_problems(self) -> None:
        """List the checked plan's problems (none shown before a check or once the mapping changed)."""
        problems = self.plan.problems if self.plan is not None else ()
        notes = self.plan.notes if self.plan is not None else ()
        self.problems.setRowCount(len(problems) + len(notes))
        for row, (problem, is_note) in enumerate((*((p, False) for p in problems), *((n, True) for n in notes))):
            message = _("To check: %(message)s") % {"message": problem.message} if is_note else problem.message
            cells = (problem.sheet, str(problem.row), problem.column, problem.value, message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problems.setItem(row, column, item)
        self.problems.resizeRowsToContents()
        self.problems.setVisible(bool(problems or notes))

    # ------------------------------------------------------------ dry run and import

    def check(self) -> BackgroundTask | None:
        """Save the mapping and run the dry run in the background."""
        path, chosen = Path(self.file_edit.text()), self.mapping()
        try:
            self._ops.write(mappings.save_mapping, self.headers, chosen)
        except AvrcaseError as exc:
            show_error(self, exc)
            return None
        actor, today = self._ops.actor, self._ops.clock().today()
        self.summary.setText(_("Checking every row…"))
        self.task = self._ops.run_in_background(
            lambda session, progress: run.dry_run(session, actor, path, today=today, mapping=chosen, progress=progress),
            finished=self._on_check_finished, failed=self._on_task_failed, cancelled=self._on_task_cancelled)
        self._enable()
        return self.task

    def _on_check_finished(self, plan: ImportPlan) -> None:
        self.task, self.plan = None, plan
        summary = _("%(rows)s: %(cases)s, %(bad)s, %(before)s.") % wording.check_parts(plan)
        if plan.times_read_as_utc:
            summary += " " + wording.times_note(plan)
        if plan.notes:
            summary += " " + wording.to_check(len(plan.notes))
        self.summary.setText(summary)
        self._show_problems()
        self._enable()

    def _on_report_clicked(self) -> None:
        path, _filter = file_dialogs.save_file_name(self, _("Save the report"), suggested_path("import-report.xlsx"), "XLSX (*.xlsx)")
        if path and self.plan is not None:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        """Write the dry run's problems (row, column, value, message) as XLSX."""
        assert self.plan is not None
        try:
            write_report(self.plan, path)
        except OSError as exc:
            show_error(self, AvrcaseError(_("The report could not be written: %(reason)s") % {"reason": exc.strerror}))

    def _on_template_clicked(self) -> None:
        path, _filter = file_dialogs.save_file_name(self, _("Save the template"), suggested_path("avrcase-import-template.xlsx"),
                                                    "XLSX (*.xlsx)")
        if path:
            write_template(Path(path))

    def start_import(self) -> BackgroundTask | None:
        """Import the checked cases in the background, with progress and Cancel."""
        plan = self.plan
        if plan is None:
            return None
        if self.all_or_nothing.isChecked() and plan.problems:
            QMessageBox.warning(self, _("Import cases"), ngettext(
                "%(n)d row has problems; nothing was imported.", "%(n)d rows have problems; nothing was imported.",
                plan.invalid_rows) % {"n": plan.invalid_rows})
            return None
        actor, now, today = self._ops.actor, self._ops.base_clock.now(), self._ops.clock().today()
        self.progress = QProgressDialog(_("Importing cases…"), _("Cancel"), 0, len(plan.cases), self)
        self.progress.setMinimumDuration(0)
        self.task = self._ops.run_in_background(
            lambda session, progress: run.import_cases(session, actor, plan, today=today, now=now,
                                                       all_or_nothing=self.all_or_nothing.isChecked(), progress=progress),
            finished=self._on_import_finished, failed=self._on_task_failed, cancelled=self._on_task_cancelled,
            progressed=self._on_task_progressed, changed=())  # every open screen hears of the new cases
        self.progress.canceled.connect(self.task.cancel)
        self._enable()
        return self.task

    def _on_task_progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _end_task(self) -> None:
        self.task = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self._enable()

    def _on_import_finished(self, result: run.ImportResult) -> None:
        self._end_task()
        self.plan = None
        self.summary.setText(_("%(imported)s; %(left_out)s.") % {
            "imported": wording.imported(len(result.case_numbers)), "left_out": wording.left_out(result.skipped_rows)})
        self.imported.emit(list(result.case_numbers))
        self._enable()

    def _on_task_failed(self, error: BaseException) -> None:
        self._end_task()
        self.summary.setText("")
        show_error(self, error)

    def _on_task_cancelled(self) -> None:
        self._end_task()
        self.summary.setText(_("Cancelled; nothing was imported."))
