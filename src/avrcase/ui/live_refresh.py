"""The other computers' changes on the open screens: notes from the office server go onto the change bus.

``services.live_changes.ChangeListener`` hears them on its own thread; a queued signal brings them to the
UI thread, where the bus tells every screen to re-query, exactly as after this app's own changes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from avrcase.services.live_changes import ChangeListener
from avrcase.ui.change_bus import ChangeBus


class LiveRefresh(QObject):
    """Forwards the server's notes to ``bus.data_changed``; ``stop()`` before the engine is disposed."""

    heard = Signal(str, list)

    def __init__(self, url: str, bus: ChangeBus, parent: QObject | None = None, *, own_too: bool = False):
        super().__init__(parent)
        self._bus = bus
        self.heard.connect(self._on_heard)  # emitted on the listener's thread, delivered on ours (queued)
        self.listener = ChangeListener(url, lambda kind, ids: self.heard.emit(kind, ids),
                                       own_too=own_too).start()

    @Slot(str, list)
    def _on_heard(self, kind: str, ids: list) -> None:
        self._bus.data_changed.emit(kind, ids)

    def stop(self) -> None:
        """Stop listening."""
        self.listener.stop()


def install(ops, bus: ChangeBus, parent: QObject) -> LiveRefresh | None:
    """Listen when the store is on the office server; ``None`` for a store on this computer."""
    if ops.engine is None or ops.engine.dialect.name != "postgresql":
        return None
    return LiveRefresh(ops.engine.url.render_as_string(hide_password=False), bus, parent)
