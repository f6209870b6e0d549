"""The idle lock: after some minutes without keyboard or mouse, cover every window and ask for the password.

An application-wide event filter restarts a timer on every key press or mouse use. Locking covers
each open window with an opaque curtain (children, so no dialog is closed and no unsaved work is
lost) and opens an application-modal ``UnlockDialog``; the right password lifts both.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from avrcase.i18n import _
from avrcase.ui.dialogs.sign_in_dialog import UnlockDialog
from avrcase.ui.ops import Ops

#: OWASP's advice for high-value data: lock after 5 minutes without use.
DEFAULT_MINUTES = 5
SETTINGS_KEY = "security/idle_lock_minutes"
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin}


def idle_minutes(settings: QSettings) -> int:
    """Minutes without use before the lock (``security/idle_lock_minutes``; at least 1)."""
    value = settings.value(SETTINGS_KEY, DEFAULT_MINUTES)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_MINUTES


class _Curtain(QWidget):
    """An opaque cover over one window while the app is locked."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Dark))
        self.setPalette(palette)
        layout = QVBoxLayout(self)
        label = QLabel(_("avrcase is locked"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        label.setFont(font)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()


class IdleLock(QObject):
    """Locks the app after ``minutes`` without use; ``lock()`` locks at once (Account ▸ Lock)."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, ops: Ops, minutes: int = DEFAULT_MINUTES, parent: QObject | None = None):
        super().__init__(parent)
        self._ops = ops
        self.dialog: UnlockDialog | None = None
        self._curtains: list[_Curtain] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self._lock_when_idle)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        """True while the unlock dialog is showing."""
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.is_locked:
            self.timer.start()
        elif event.type() == QEvent.Type.Resize and self.is_locked:
            for curtain in self._curtains:  # a window resized while locked stays covered
                if curtain.parentWidget() is watched:
                    curtain.setGeometry(watched.rect())
        return False

    def lock(self, *, on_purpose: bool = True) -> None:
        """Cover every window and ask for the password (Account ▸ Lock now, or the idle time being up)."""
        if self.is_locked or self._ops.actor is None:
            return
        self.timer.stop()
        self._curtains = [_Curtain(w) for w in QApplication.topLevelWidgets() if w.isVisible() and not w.isHidden()]
        self.dialog = UnlockDialog(self._ops, idle=not on_purpose)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # not open(): that is window-modal
        self.dialog.show()
        self.locked.emit()

    def _lock_when_idle(self) -> None:
        self.lock(on_purpose=False)

    def _on_dialog_accepted(self) -> None:
        for curtain in self._curtains:
            curtain.deleteLater()
        self._curtains = []
        self.dialog.deleteLater()
        self.dialog = None
        self.timer.start()
        self.unlocked.emit()

    def stop(self) -> None:
        """Stop watching (on sign-out or quit)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
