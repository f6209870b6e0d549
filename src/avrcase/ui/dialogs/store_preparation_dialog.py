"""A small window for a store opened before any other window (a store to migrate): the store opens on a thread and
this window shows, from its first report, what is being done; closing it asks whether to stop (``PreparationPanel``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from avrcase.i18n import _
from avrcase.ui.widgets.store_preparation import PreparationPanel, PreparationRelay, confirm_stop

if TYPE_CHECKING:
    from avrcase.services.store_preparation import Progress

T = TypeVar("T")


class StorePreparationDialog(QDialog):
    """“Updating the case store…”, the step and the progress bar; it closes by itself when the store is ready."""

    def __init__(self, relay: PreparationRelay, parent: QWidget | None = None):
        super().__init__(parent)
        self._relay = relay
        self.setWindowTitle(_("avrcase: updating the store"))
        self.setMinimumWidth(460)
        self.setModal(True)
        self.panel = PreparationPanel(relay)
        QVBoxLayout(self).addWidget(self.panel)
        self._done = False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """The window stays until the work ends; asked to close, it offers to stop at the next safe point."""
        if not self._done:
            event.ignore()
            if not self._relay.stop_requested and confirm_stop(self):
                self._relay.request_stop()
                self.panel.show_stopping()
            return
        super().closeEvent(event)

    def reject(self) -> None:  # Esc: as the window's close button
        self.close()

    def finish(self) -> None:
        """The work ended: the window may close."""
        self._done = True
        self.hide()


class _Outcome(Generic[T]):
    value: T
    error: BaseException | None = None


def run_showing_progress(work: Callable[[Progress], T], parent: QWidget | None = None) -> T:
    """``work(progress)`` (opening a store) on a thread while the UI thread goes on; from its first report a window
    says what is being done. Returns its result or raises what it raised (``PreparationStopped`` when stopped)."""
    relay = PreparationRelay()
    dialog = StorePreparationDialog(relay, parent)
    relay.reported.connect(lambda _report: None if dialog.isVisible() else dialog.show())
    outcome: _Outcome[T] = _Outcome()

    def run() -> None:
        try:
            outcome.value = work(relay.progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread, raised there
            outcome.error = exc
        finally:
            relay.ended.emit()

    loop = QEventLoop()
    relay.ended.connect(loop.quit)
    thread = threading.Thread(target=run, name="avrcase-preparing-store", daemon=True)
    thread.start()
    loop.exec()
    thread.join()
    dialog.finish()
    dialog.deleteLater()
    relay.deleteLater()
    if outcome.error is not None:
        raise outcome.error
    return outcome.value
