"""The banner an edit dialog shows when its record was saved elsewhere while the dialog is open.

Another user's commit reaches this app on the change bus (through the office server's live refresh, or
from another window of this app). The banner then re-reads the record's version; when it is no longer the
one the dialog opened, it says so at once, with the time, and offers to reload the record as it is now or
to keep editing. Saving stale data is refused by the service regardless (the version check), with the
conflict message: the banner only makes sure nobody learns it after typing for ten minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _
from avrcase.i18n.format import format_datetime
from avrcase.ui import palette
from avrcase.ui.change_bus import CASES, ChangeBus


class ChangedBanner(QFrame):
    """Hidden until the watched record changes elsewhere; ``reload_requested`` when the person asks to reload.

    ``current(session, actor)`` reads what the record is now (its version, or any value that changes
    with it) and is compared with ``baseline``, what it was when the dialog opened. Notes about other
    cases are ignored. The check runs once control is back in the event loop, so the dialog's own save
    (which closes it before the bus is heard) never shows the banner.
    """

    reload_requested = Signal()

    def __init__(self, ops, bus: ChangeBus, case_id: int, baseline: Any,
                 current: Callable[..., Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._case_id = case_id
        self._current = current
        self.baseline = baseline
        #: When the change was heard (aware UTC), or ``None`` while the record is as the dialog opened it.
        self.changed_at = None
        self.setObjectName("changedBanner")
        self.setStyleSheet(f"#changedBanner {{ background: {palette.NOTICE_BACKGROUND}; border: 1px solid {palette.NOTICE_BORDER}; }}")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.reload_button = QPushButton(_("&Reload"))
        self.reload_button.setToolTip(_("Show the record as it is now; what you changed here is lost"))
        self.keep_button = QPushButton(_("&Keep editing"))
        self.keep_button.setToolTip(_("Hide this note; saving will still be refused until you reload"))
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.keep_button)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        self.keep_button.clicked.connect(self.hide)
        self.hide()
        bus.data_changed.connect(self._on_bus_data_changed)

    @property
    def message(self) -> str:
        """The text shown, or ``""`` while the banner is hidden."""
        return self.text.text() if not self.isHidden() else ""

    def reset(self, baseline: Any) -> None:
        """The dialog now shows the record at ``baseline`` (after a reload): hide the banner."""
        self.baseline = baseline
        self.changed_at = None
        self.hide()

    def check(self) -> bool:
        """Re-read the record; show the banner (and return True) when it changed since the dialog opened."""
        try:
            now = self._ops.read(self._current)
        except AvrcaseError:
            return False  # gone or no longer readable: the save will say why
        if now == self.baseline:
            return False
        if self.changed_at is None:
            self.changed_at = self._ops.clock().now()
        self.text.setText(_(
            "Changed by another user at %(time)s. Saving what is shown here would be refused: reload it "
            "(your changes here are lost) or keep editing and note them first.") % {
            "time": format_datetime(self.changed_at, "short", tz=self._ops.clock().zone)})
        self.show()
        return True

    def _on_bus_data_changed(self, kind: str, ids: list) -> None:
        if kind != CASES or (ids and self._case_id not in ids):
            return
        QTimer.singleShot(0, self, self._check_if_open)

    def _check_if_open(self) -> None:
        window = self.window()
        if window is not None and window.isVisible():
            self.check()

    def _on_reload_button_clicked(self) -> None:
        self.hide()
        self.reload_requested.emit()


def watch_record(dialog: QWidget, ops, bus: ChangeBus, case_id: int, baseline: Any, current: Callable[..., Any],
                 reopen: Callable[[], object] | None = None) -> ChangedBanner:
    """Put a ``ChangedBanner`` at the top of ``dialog`` (as ``dialog.changed_banner``); Reload closes the dialog
    and calls ``reopen()``, which opens it again on the record as it is now."""
    banner = ChangedBanner(ops, bus, case_id, baseline, current, dialog)
    dialog.layout().insertWidget(0, banner)
    dialog.changed_banner = banner

    def _reload() -> None:
        dialog.reject()  # a dialog with typed work asks first (``typed_work``): kept open, it is not opened again
        if reopen is not None and not dialog.isVisible():
            reopen()

    banner.reload_requested.connect(_reload)
    return banner
