"""What the window shows while a store is prepared on its first open after an update (a minute or more at 100,000
cases): the words, the step, a progress bar with the people done; and the relay that brings the reports from the
thread that opens the store to the UI thread (a signal, never a widget touched from that thread).

Closing during the work asks first; "Stop" stops at the next committed piece of work (``PreparationStopped``):
what was done is kept and the rest is done at the next open. Free of SQLAlchemy (the sign-in screen, #14).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from avrcase.i18n import _, ngettext
from avrcase.services.store_preparation import PreparationStopped, Step
from avrcase.ui.widgets.error_label import grow_to_fit

if TYPE_CHECKING:
    from avrcase.services.store_preparation import Preparation


def explanation() -> str:
    """The sentence the window shows for the whole of the work."""
    return _("Updating the case store for the new version of avrcase. This is done once and can take a few "
             "minutes. Do not close avrcase.")


def step_text(report: Preparation) -> str:
    """“Step 2 of 4: …”, the step in words."""
    words = {
        Step.BACKUP: _("making a backup copy of the store"),
        Step.MIGRATE: _("updating the layout of the store"),
        Step.CHECK: _("checking the updated store"),
        Step.NAME_KEYS: _("rebuilding the search keys of people's names"),
    }[report.step]
    if report.finished:
        return _("The store is ready.")
    return _("Step %(n)d of %(m)d: %(what)s") % {"n": report.number, "m": report.steps, "what": words}


class PreparationRelay(QObject):
    """Made on the UI thread; ``progress`` is handed to ``open_store`` on the loading thread and re-emits each report
    there as ``reported`` (queued to the UI thread). ``ended`` when the loading thread is done, either way."""

    reported = Signal(object)
    ended = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._stop = threading.Event()
        self.last: Preparation | None = None
        self.reported.connect(self._on_reported)

    def progress(self, report: Preparation) -> None:
        """The store's ``Progress`` (called on the loading thread, between committed pieces of work)."""
        self.reported.emit(report)
        if self._stop.is_set():
            raise PreparationStopped()

    def request_stop(self) -> None:
        """Stop at the next report (what was done is kept)."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        """True once ``request_stop`` was called."""
        return self._stop.is_set()

    @property
    def working(self) -> bool:
        """True between the first report and the last (the store is being prepared now)."""
        return self.last is not None and not self.last.finished

    def _on_reported(self, report: Preparation) -> None:
        self.last = report


class PreparationPanel(QWidget):
    """The explanation, the step and a progress bar; hidden until the first report."""

    def __init__(self, relay: PreparationRelay, parent: QWidget | None = None):
        super().__init__(parent)
        self.explanation = QLabel(explanation())
        self.explanation.setWordWrap(True)
        font = self.explanation.font()
        font.setBold(True)
        self.explanation.setFont(font)
        self.step = QLabel()
        self.step.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explanation)
        layout.addWidget(self.step)
        layout.addWidget(self.bar)
        self.setVisible(False)
        relay.reported.connect(self.show_report)

    def show_report(self, report: Preparation) -> None:
        """Show where the work is: the step, and for the name keys the people done of all."""
        if not self.isVisible():
            self.setVisible(True)
            grow_to_fit(self.window())  # a window sized before the panel showed cut its lines off
        self.step.setText(step_text(report))
        if report.total:
            self.bar.setRange(0, report.total)
            self.bar.setValue(report.done)
            from avrcase.i18n.format import format_number  # Babel's numbers: not on the sign-in screen's start

            self.bar.setFormat(ngettext("%(done)s of %(total)s person", "%(done)s of %(total)s people", report.total)
                               % {"done": format_number(report.done), "total": format_number(report.total)})
        elif report.finished:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.bar.setFormat("")
        else:
            self.bar.setRange(0, 0)  # a step without counts: a busy bar

    def show_stopping(self) -> None:
        """Say that the work stops at the next safe point."""
        self.step.setText(_("Stopping after the current step… What was done is kept."))


def confirm_stop(parent: QWidget | None) -> bool:
    """Ask whether to stop the update now; True to stop."""
    answer = QMessageBox.question(
        parent, _("Stop updating the store?"),
        _("avrcase is updating the store for its new version. If you stop now, what was done is kept and the rest "
          "is done the next time avrcase opens this store; avrcase cannot be used until then.\n\nStop now?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
