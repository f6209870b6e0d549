"""One signal that tells every open screen the store changed, so it re-queries what it shows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

#: Kinds of change carried by ``data_changed``; the ids are case ids unless the kind says otherwise.
CASES = "case"
FOLLOW_UPS = "follow_up"
USERS = "user"


class ChangeBus(QObject):
    """Emits ``data_changed(kind, ids)`` after a committed change; an empty list means "many"."""

    data_changed = Signal(str, list)

    def cases_changed(self, *case_ids: int) -> None:
        """Announce that these cases (or, with no ids, an unknown set of cases) changed."""
        self.data_changed.emit(CASES, list(case_ids))
