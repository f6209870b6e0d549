"""What the first open after an update reports while it works: the steps of preparing a store, how far each got.

``schema.open_store(progress=…)`` calls the ``Progress`` it is given at each step's start, after each committed
batch of name keys and once at the end, so the sign-in screen and the command line can say that the store is
being updated (it took over a minute at 100,000 cases, in silence). The callback may raise ``PreparationStopped``
to stop at that point: every report is made between committed pieces of work (the migration is one transaction,
the name keys commit batch by batch), so what was done stays done and the rest goes on at the next open.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avrcase.domain.errors import StoreError
from avrcase.i18n import _


@dataclass(frozen=True)
class MigrationBackup:
    """The verified copy made of a store before it was migrated (``<store>.before-<revision>-<time>.sqlite``), and
    the key that opens it (``None``: a plain one)."""

    path: Path
    key: Any = None


#: Called as ``hook(connection, before, after, backup)`` inside the transaction of a migration, after the last
#: revision, with the schema revisions before and after it and the copy made before it (``None``: none was made)
#: (``services.store_upgrades`` puts the upgrade and that copy on the audit trail: the store layer does not know the
#: trail). Not called when a new store is made.
AFTER_UPGRADE: list[Callable[[Any, str, str, MigrationBackup | None], None]] = []


class Step(enum.Enum):
    """One piece of a store's preparation, in the order they run."""

    BACKUP = "backup"        # a verified copy of the store before it is migrated
    MIGRATE = "migrate"      # Alembic, all revisions in one transaction
    CHECK = "check"          # the full integrity checks after a migration
    NAME_KEYS = "name_keys"  # search and duplicate keys of every person made by older rules


@dataclass(frozen=True)
class Preparation:
    """A report: step ``number`` of ``steps`` is ``step``; ``done`` of ``total`` persons (name keys only)."""

    step: Step
    number: int
    steps: int
    done: int = 0
    total: int = 0
    finished: bool = False  # the last report: the store is ready


Progress = Callable[[Preparation], None]


class PreparationStopped(StoreError):
    """The person stopped the update (raised by a ``Progress`` callback between committed pieces of work)."""

    def __init__(self) -> None:
        super().__init__(_("The update of the store was stopped. What was done is kept; the rest is done the next "
                           "time avrcase opens this store."))


class Reporter:
    """Numbers the steps of one preparation and passes reports to ``progress`` (nothing when it is ``None``)."""

    def __init__(self, progress: Progress | None, steps: Sequence[Step]):
        self._progress = progress
        self._steps = list(steps)
        self._last: Preparation | None = None

    def begin(self, step: Step, total: int = 0) -> None:
        """``step`` starts (``total``: how many persons it will go through)."""
        self._send(Preparation(step, self._steps.index(step) + 1, len(self._steps), 0, total))

    def advance(self, done: int) -> None:
        """``done`` of the current step's total are finished (and committed)."""
        if self._last is not None:
            last = self._last
            self._send(Preparation(last.step, last.number, last.steps, done, last.total))

    def finish(self) -> None:
        """The store is ready (sent only if a step began)."""
        if self._last is not None and not self._last.finished:
            last = self._last
            self._send(Preparation(last.step, last.steps, last.steps, last.total, last.total, finished=True))

    def _send(self, report: Preparation) -> None:
        self._last = report
        if self._progress is not None:
            self._progress(report)

