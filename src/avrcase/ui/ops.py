"""The session boundary of the UI: run a service call in a unit of work, here or on a worker thread.

Widgets call ``ops.read``/``ops.write`` with a service function; only this module opens a unit of
work. Slow jobs go through ``run_in_background``, whose worker has its own session and reports
back through queued signals, so no widget is touched off the UI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QToolTip, QWidget

from avrcase.domain.errors import AvrcaseError, ConflictError, ValidationError
from avrcase.i18n import _
from avrcase.i18n.format import set_display_zone, set_office_country
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, may
from avrcase.services.clock import Clock, clock_of, engine_clock, system_clock
from avrcase.services.uow import office_clock, unit_of_work
from avrcase.ui.change_bus import ChangeBus

#: What a write says it changed: a case id, several, or a function of the service's result that gives them;
#: an empty collection means "many cases".
Changed = int | Iterable[int] | Callable[[Any], int | Iterable[int]]

log = logging.getLogger(__name__)


class BackgroundTask(QObject):
    """The UI side of one background job: progress, outcome, and a way to cancel it."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    #: What the job changes, announced once it has committed (``Ops.run_in_background``'s ``changed``, ``also``).
    announcement: tuple[Changed | None, tuple[str, ...]] = (None, ())

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self.done = False

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report; its unit of work then rolls back."""
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        """True once ``cancel`` was called."""
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> bool:
        """Progress callback for the job (runs on the worker); False tells the job to stop."""
        self.progressed.emit(done, total)
        return not self._cancel.is_set()


class _Runner(QRunnable):
    def __init__(self, engine, job: Callable[[Any, Callable[[int, int], bool]], Any], task: BackgroundTask,
                 actor: Actor | None, clock: Clock):
        super().__init__()
        self._engine = engine
        self._clock = clock
        self._actor = actor
        self._job = job
        self._task = task

    def run(self) -> None:  # worker thread: emit only, never touch widgets
        task = self._task
        try:
            with unit_of_work(self._engine, actor=self._actor, clock=self._clock) as session:
                result = self._job(session, task.report)
        except BaseException as exc:  # noqa: BLE001 - every outcome must reach the UI thread
            if task.is_cancelled:
                task.cancelled.emit()
            else:
                if not isinstance(exc, AvrcaseError):
                    log.exception("background job failed")
                task.failed.emit(exc)
        else:
            if task.is_cancelled:
                task.cancelled.emit()
            else:
                task.finished.emit(result)


class Ops(QObject):
    """Holds the engine, the acting user, the clock and the change bus; runs ``fn(session, actor, *args)`` in a
    unit of work.

    ``bus`` is the one change bus of the window (made here when none is given); ``write`` announces on it.
    ``base_clock`` is the clock the app built at start-up (default: the one the engine carries); ``clock()``
    is that clock in the office's time zone, where views and dialogs take "today" from.
    """

    def __init__(self, engine, actor: Actor | None = None, parent: QObject | None = None, *,
                 clock: Clock | None = None, bus: ChangeBus | None = None):
        super().__init__(parent)
        self.engine = engine
        self.actor = actor
        self.bus = bus if bus is not None else ChangeBus(self)
        self.base_clock: Clock = clock if clock is not None else (
            engine_clock(engine) if engine is not None else system_clock())
        self._tasks: set[BackgroundTask] = set()
        self._pool = QThreadPool.globalInstance()

    @property
    def store_location(self) -> str:
        """Where the store is, for the status bar (a file path, or the URL without password)."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return url.database or _("in memory")
        return url.render_as_string(hide_password=True)

    def clock(self) -> Clock:
        """The clock in the office's time zone (read from the office profile, which may change meanwhile)."""
        if self.engine is None:
            return self.base_clock
        return office_clock(self.engine, self.base_clock)

    def today(self) -> dt.date:
        """The calendar day it is in the office."""
        return self.clock().today()

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in user's role allows ``permission`` (the UI hides what it does not)."""
        return may(self.actor, permission)

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a service that only looks; nothing is committed."""
        with unit_of_work(self.engine, write=False, actor=self.actor, clock=self.base_clock) as session:
            return fn(session, self.actor, *args, **kwargs)

    def read_page(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """:meth:`read` for a page of a list (a read that needs no transaction of its own): on a server, two trips
        fewer each page scrolled (``unit_of_work``'s ``transaction``)."""
        with unit_of_work(self.engine, write=False, actor=self.actor, clock=self.base_clock, transaction=False) as session:
            return fn(session, self.actor, *args, **kwargs)

    def read_with_today(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, dt.date]:
        """:meth:`read`, and the calendar day it is in the office as that same unit of work saw it: one trip to
        the store where ``read`` then ``today`` made two (#14)."""
        return self.read(lambda session, actor: (fn(session, actor, *args, **kwargs), clock_of(session).today()))

    def announce(self, changed: Changed | None, result: Any = None, *, also: Iterable[str] = ()) -> None:
        """Tell every open screen what a committed change touched: ``changed`` as for :meth:`write`, and the
        other kinds in ``also`` (``change_bus.USERS``…) as "many". The one place the UI emits the change bus."""
        for kind in also:
            self.bus.data_changed.emit(kind, [])
        if changed is not None:
            ids = changed(result) if callable(changed) else changed
            self.bus.cases_changed(*((ids,) if isinstance(ids, int) else ids))

    def write(self, fn: Callable[..., Any], *args: Any, changed: Changed | None = None, **kwargs: Any) -> Any:
        """Call a service that changes the store; committed when it returns, rolled back if it raises.

        ``changed`` names the cases the call changes; once the change is committed the change bus tells every
        open screen (nothing is announced when the call raises). The ids are the caller's to give, since only it
        knows which case a service touched (a follow-up or a visa carries no case id of its own).
        """
        with unit_of_work(self.engine, actor=self.actor, clock=self.base_clock) as session:
            result = fn(session, self.actor, *args, **kwargs)
        self.announce(changed, result)
        return result

    def run_in_background(self, job: Callable[[Any, Callable[[int, int], bool]], Any], *,
                          finished: Callable | None = None, failed: Callable | None = None,
                          cancelled: Callable | None = None, progressed: Callable | None = None,
                          changed: Changed | None = None, also: Iterable[str] = ()) -> BackgroundTask:
        """Run ``job(session, progress)`` on the thread pool in its own unit of work.

        ``progress(done, total)`` returns False once the task is cancelled; the job should then stop
        (raising rolls its unit of work back). The given slots are connected before the worker starts,
        so even a job that ends at once cannot finish unheard; pass bound methods of QObjects living
        on the UI thread, so Qt queues the calls to it. ``changed`` and ``also`` are announced as by
        :meth:`announce` when the job's unit of work has committed, before ``finished`` is called.
        """
        task = BackgroundTask(self)
        self._tasks.add(task)
        task.announcement = (changed, tuple(also))
        if changed is not None or also:
            task.finished.connect(self._announce_done)  # a slot of this object: run on the UI thread
        for signal, slot in ((task.finished, finished), (task.failed, failed), (task.cancelled, cancelled),
                             (task.progressed, progressed)):
            if slot is not None:
                signal.connect(slot)
        task.finished.connect(self._on_task_done)
        task.failed.connect(self._on_task_done)
        task.cancelled.connect(self._on_task_done)
        self._pool.start(_Runner(self.engine, job, task, self.actor, self.base_clock))
        return task

    @Slot(object)
    def _announce_done(self, result: Any) -> None:
        task = self.sender()
        if isinstance(task, BackgroundTask):
            changed, also = task.announcement
            self.announce(changed, result, also=also)

    @Slot()
    def _on_task_done(self, *_args: Any) -> None:
        task = self.sender()
        if isinstance(task, BackgroundTask):
            task.done = True
            self._tasks.discard(task)

    def wait_for_background(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (used when the app quits and by tests)."""
        return self._pool.waitForDone(msecs)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show an error as one clear sentence in a message box."""
    if isinstance(error, AvrcaseError):
        text = error.message
    else:
        log.error("unexpected error", exc_info=error)
        text = _("Something went wrong that avrcase did not expect: %(error)s") % {"error": error}
    QMessageBox.warning(parent, _("avrcase"), text)


#: What ``save_or_explain`` returns when the save was refused and the refusal is shown.
UNSAVED = object()


def save_or_explain(parent: QWidget, save: Callable[[], Any], *, show_errors: Callable[[dict[str, str]], Any],
                    show_conflict: Callable[[str], Any] | None = None) -> Any:
    """Run a dialog's ``save`` (a service call); return its result, or ``UNSAVED`` once the refusal is shown.

    The one way a dialog saves: rule breaks go beside their fields (``show_errors``), a concurrent change to
    ``show_conflict`` (the dialog's summary line, or a reload offer; a message box when not given), anything
    else a person can act on to a message box. A date typed wrong just before the click is no save either: its
    field says why (``date_edit.refused_date``).
    """
    from avrcase.ui.widgets.date_edit import refused_date  # (not on the sign-in screen's path)

    refused = refused_date(parent)
    if refused is not None:
        edit, message = refused
        edit.setFocus()
        edit.selectAll()
        QToolTip.showText(edit.mapToGlobal(edit.rect().bottomLeft()), message, edit)
        if show_conflict is not None:
            show_conflict(message)
        return UNSAVED
    try:
        return save()
    except ValidationError as exc:
        show_errors(exc.errors)
    except ConflictError as exc:
        if show_conflict is None:
            show_error(parent, exc)
        else:
            show_conflict(exc.message)
    except AvrcaseError as exc:
        show_error(parent, exc)
    return UNSAVED


def show_times_in_the_office_zone(ops: Ops) -> None:
    """Every screen shows instants in the office's time zone, as its documents print them, whatever zone the
    computer is set to (a document issued at 11:30 in Vilnius read 4:30 on a laptop set to New York); dates are
    typed as the office's country writes them (see ``date_edit.ui_locale``)."""
    from avrcase.services import office  # (not on the sign-in screen's path)

    zone, country = ops.read(lambda session, _actor: (clock_of(session).zone, office.office_country(session)))
    set_display_zone(zone)
    set_office_country(country)
