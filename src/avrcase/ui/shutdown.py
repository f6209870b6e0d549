"""The computer shutting down closes avrcase the way "Quit" does, so the on-close backup runs.

A shutdown or a session ending sends SIGTERM (and a closed terminal SIGHUP); Python's default ended avrcase at
once, without the backup it makes on close and with the store left open, so the next start showed the note
after a crash. Here the signals wake Qt's event loop through ``signal.set_wakeup_fd`` and a
``QSocketNotifier`` (a Python handler alone runs only when Python next gets control, which Qt's loop never
gives it); the desktop session's ``commitDataRequest``, and a quit with windows still open, do the same: open
dialogs are closed (what they asked is not done; what was typed in an edit is discarded without asking) and then
every window, so the main window's close handlers run.
"""

from __future__ import annotations

import logging
import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

log = logging.getLogger(__name__)

#: The signals that mean "the computer is shutting down / the session ends" (SIGHUP does not exist on Windows).
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def close_everything() -> None:
    """Reject open dialogs (innermost first), then close every top-level window the normal way."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    stood: list[QDialog] = []
    while (modal := QApplication.activeModalWidget()) is not None:
        if isinstance(modal, QDialog):
            _close_dialog(modal, stood)
        if not modal.close() and modal is QApplication.activeModalWidget():
            break  # it refused to close: leave the rest to the window's own close
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            _close_dialog(widget, stood)
    app.closeAllWindows()
    if any(w.isVisible() for w in QApplication.topLevelWidgets()):
        for dialog in stood:  # a window stayed open: the lock comes back over it, as it was
            dialog.show()


def _close_dialog(dialog: QDialog, stood: list[QDialog]) -> None:
    """Cancel ``dialog``; one that asks before discarding what was typed (``asks_before_discarding``) is closed
    without the question: asked while the computer shuts down, it held the shutdown up until the session killed
    avrcase, without the on-close backup. Nothing typed there was saved, and nothing is.

    One that stays open when cancelled (the idle lock's: Esc must not unlock) is put away all the same and noted
    in ``stood``: left up, it refused every close, so a laptop locked after a few idle minutes (the usual state at
    a shutdown) kept avrcase running until the session killed it, without the on-close backup. The windows
    behind it close under their curtains; nothing is shown unlocked."""
    if getattr(dialog, "asks_before_discarding", False):
        dialog.done(QDialog.DialogCode.Rejected)
        return
    dialog.reject()
    if dialog.isVisible():
        dialog.done(QDialog.DialogCode.Rejected)
        stood.append(dialog)


class CloseOnTermination(QObject):
    """Turns SIGTERM/SIGHUP and the session's end into ``close_everything`` on the UI thread."""

    def __init__(self, app: QGuiApplication):
        super().__init__(app)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for number in SIGNALS:
            signal.signal(number, self._on_signal)
        app.commitDataRequest.connect(lambda _manager: self._close())
        # A session manager's "die" quits the event loop with the windows still open: close them as it ends.
        app.aboutToQuit.connect(self._close_what_is_open)

    def _on_signal(self, number: int, _frame) -> None:
        log.warning("closing on signal %s", signal.Signals(number).name)
        QTimer.singleShot(0, self._close)  # not inside the handler: a nested event loop may be running

    def _woken(self) -> None:
        try:
            self._reader.recv(64)  # the signal numbers; Python runs the handlers once this slot returns
        except OSError:
            pass

    def _close(self) -> None:
        close_everything()

    def _close_what_is_open(self) -> None:
        if any(widget.isVisible() for widget in QApplication.topLevelWidgets()):
            close_everything()


def install(app: QGuiApplication) -> CloseOnTermination | None:
    """Close ``app`` the normal way on SIGTERM/SIGHUP and at the session's end (once per process, main thread)."""
    try:
        return CloseOnTermination(app)
    except ValueError:  # not the main thread (set_wakeup_fd and signal.signal refuse)
        return None
