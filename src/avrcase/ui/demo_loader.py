"""File ▸ Load demo data…: synthetic cases made on a worker thread, with a progress dialog that can cancel.

Offered only where it would work (an administrator's empty demo store); elsewhere the action is greyed out
and says why. The outcome is told in the main window's status bar, and every open screen hears of the new
cases and accounts through ``Ops`` once they are committed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QPushButton

from avrcase.i18n import _
from avrcase.i18n.format import format_number
from avrcase.services import store_kind
from avrcase.ui.change_bus import USERS
from avrcase.ui.ops import BackgroundTask, Ops, show_error

#: How many synthetic cases "Load demo data…" creates.
DEMO_CASES = 500
DEMO_SEED = 1


class DemoLoader(QObject):
    """Runs the demo generator for the main window; ``task`` and ``progress`` while it runs."""

    def __init__(self, window: QMainWindow, ops: Ops):
        super().__init__(window)
        self._window, self._ops = window, ops
        self.cases = DEMO_CASES
        self.task: BackgroundTask | None = None
        self.progress: QProgressDialog | None = None

    def offer(self, action: QAction, button: QPushButton) -> None:
        """Enable ``action`` and ``button`` only where loading would work, saying why not."""
        refusal = self._ops.read(store_kind.demo_refusal) if self._ops.actor is not None else ""
        action.setEnabled(not refusal)
        action.setToolTip(refusal or action.statusTip())
        action.setStatusTip(refusal or _("Fill an empty store with synthetic cases to try avrcase out"))
        button.setEnabled(not refusal)
        button.setToolTip(refusal)

    def start(self) -> BackgroundTask | None:
        """Start loading (refused at once, saying why, for a role other than administrator, a real office store
        or a store with cases); ``None`` when refused or already running."""
        if self.task is not None:
            return None
        refusal = self._ops.read(store_kind.demo_refusal)
        if refusal:
            QMessageBox.information(self._window, _("Load demo data"), refusal)
            return None
        progress = QProgressDialog(_("Creating synthetic demo cases…"), _("Cancel"), 0, self.cases, self._window)
        progress.setWindowTitle(_("Load demo data"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress
        from avrcase.services.demo import generate

        count, actor = self.cases, self._ops.actor
        task = self._ops.run_in_background(
            lambda session, report: generate.generate_demo(session, cases=count, seed=DEMO_SEED, progress=report, actor=actor),
            progressed=self._on_progressed, finished=self._on_finished, failed=self._on_failed,
            cancelled=self._on_cancelled, changed=(), also=(USERS,))
        self.task = task
        progress.canceled.connect(task.cancel)
        progress.show()
        return task

    def _on_progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(done)

    def _end(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
        self.progress = None
        self.task = None

    def _on_failed(self, error: BaseException) -> None:
        self._end()
        show_error(self._window, error)

    def _on_cancelled(self) -> None:
        self._end()
        self._window.statusBar().showMessage(_("Loading demo data was cancelled; nothing was added."), 8000)

    def _on_finished(self, summary) -> None:
        self._end()
        self._window.statusBar().showMessage(_(
            "Demo store ready: %(cases)s cases, %(persons)s persons, %(consultations)s consultations.") % {
            "cases": format_number(summary.cases), "persons": format_number(summary.persons),
            "consultations": format_number(summary.consultations)}, 10000)
