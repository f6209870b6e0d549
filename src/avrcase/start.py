"""The desktop app's first second (#14): the sign-in screen shows while the rest of avrcase loads behind it.

``python -m avrcase`` and the installed app's launcher hand a plain desktop launch here before the command
line is imported. On the store an office opens every working day (``store.probe.everyday_store``) the
sign-in screen is up in about the time a bare Qt window takes; the services, the store's engine and the
main window's modules load on a thread while the person types, and the password is checked once they have.
The office server (``--db postgresql+psycopg://…``, ``--profile NAME`` or the server this computer remembers, its
password in the URL, the keyring or ``$AVRCASE_DB_PASSWORD``) gets the same screen when a look at it without
SQLAlchemy (``store.server_probe.everyday_server``) finds it as on every working day. Every other start (a first
run, a store to migrate or to check after a crash, an encrypted store, a server that does not answer at once or
wants a password, any command) goes through ``app.run_gui`` as before, which also serves every sign-in after
"Sign out".

This module and what it imports stay free of SQLAlchemy; a test keeps them so.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avrcase import __version__
from avrcase.domain.errors import AvrcaseError, StoreError
from avrcase.i18n import _, formatting_locale, set_locale
from avrcase.store import probe, server_probe

if TYPE_CHECKING:
    from avrcase.services.dto import Actor  # its module is not on the sign-in screen's path (#14)
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QIcon
    from sqlalchemy import Engine

    from avrcase.services.clock import Clock
    from avrcase.services.server_profiles import ServerProfile
    from avrcase.ui.ops import Ops

log = logging.getLogger(__name__)

ORGANISATION = "avrcase"
APPLICATION = "avrcase"
#: The user name offered on the sign-in screen: whoever signed in last on this computer.
LAST_USER_KEY = "sign_in/username"


def app_icon() -> QIcon:
    """The avrcase icon (``resources/icons/avrcase.png``, rendered from ``packaging/icons/avrcase.svg``)."""
    from PySide6.QtGui import QIcon, QPixmap

    icon = resources.files("avrcase.resources") / "icons" / "avrcase.png"
    pixmap = QPixmap()
    pixmap.loadFromData(icon.read_bytes(), "PNG")
    return QIcon(pixmap)


def system_locale() -> str:
    """The UI locale the system asks for (``en`` for the C/POSIX locale or one Babel has no data for here)."""
    from PySide6.QtCore import QLocale

    name = QLocale.system().name()
    return "en" if name in ("C", "POSIX", "") else formatting_locale(name)


def install_translations(app: QCoreApplication, locale: str):
    """Our gettext catalogs, and Qt's bundled catalogs for Qt's own dialogs, menus and buttons (``ui.qt_catalogs``).

    Called again with another language, it replaces the Qt catalog installed before. Returns the installed Qt
    translator (``None`` where neither Qt nor we have anything for the locale).
    """
    from avrcase.ui import qt_catalogs

    set_locale(locale)
    return qt_catalogs.install(app, locale)


def _private_handler_class():
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        """Log files readable by this user only (they were 0644), the rotated ones too."""

        def _open(self):
            stream = super()._open()
            if os.name == "posix":
                os.chmod(self.baseFilename, 0o600)
            return stream

    return PrivateRotatingFileHandler


def log_to_file(folder: Path | None = None) -> Path:
    """Send the desktop app's warnings and errors also to ``avrcase.log`` in the user's log folder.

    A frozen app started from a menu has no terminal, so this file is what IT can read. It rotates at
    1 MB (three old files kept). Nothing logged names a person (see DESIGN.md), so the file holds none.
    """
    from logging.handlers import RotatingFileHandler

    from platformdirs import user_log_path

    private_handler = _private_handler_class()

    folder = folder or user_log_path("avrcase", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "avrcase.log"
    logger = logging.getLogger("avrcase")
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in logger.handlers):
        handler = private_handler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    return path


def prepare_application(app: QCoreApplication) -> None:
    """Once per process: names, icon, the UI-thread garbage collector, the keyboard's hand-back between windows, closing
    on SIGTERM/SIGHUP, the log file and the translations."""
    if app.property("avrcase-prepared"):
        return
    from avrcase.ui.workarounds import MainThreadGarbageCollector

    app.setProperty("avrcase-prepared", True)
    MainThreadGarbageCollector(app)  # lives as the app's child
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    if hasattr(app, "setWindowIcon"):  # a QApplication (a QCoreApplication has no windows)
        from PySide6.QtGui import QGuiApplication

        from avrcase.ui import shutdown
        from avrcase.ui.keyboard_hand_back import KeyboardHandBack

        app.setWindowIcon(app_icon())
        if isinstance(app, QGuiApplication):
            shutdown.install(app)  # a shutdown's SIGTERM closes the windows, so the on-close backup runs
        if isinstance(app, QGuiApplication) and app.platformName() == "xcb":  # X11: maybe no window manager
            KeyboardHandBack(app)  # lives as the app's child
    try:
        log_to_file()
    except OSError as exc:  # a read-only home must not stop the app
        log.warning("no log file: %s", exc.strerror)
    install_translations(app, system_locale())


@dataclass(frozen=True)
class ServerStore:
    """The office server a plain desktop launch opens: libpq's keywords for the look before the screen, and
    ``url()``, SQLAlchemy's URL of the same server, made behind the screen."""

    conninfo: dict[str, str]
    url: Callable[[], str]


def _desktop_words(argv: Sequence[str]) -> tuple[str, str | None] | None:
    """``(db, profile)`` when ``argv`` asks only for the desktop app (no words, ``gui``, ``--db DB``, ``--profile
    NAME``); ``db`` is ``$AVRCASE_DB`` without ``--db`` (may be empty). ``None`` for anything else."""
    words = list(argv)
    if "gui" in words:
        words.remove("gui")
    if not words:
        return os.environ.get(probe.ENV_DB, ""), None
    for option in ("--db", "--profile"):
        if len(words) == 2 and words[0] == option:
            value = words[1]
        elif len(words) == 1 and words[0].startswith(option + "="):
            value = words[0].removeprefix(option + "=")
        else:
            continue
        if not value:
            return None
        return (value, None) if option == "--db" else ("", value)
    return None


def _remembered_server(profile: ServerProfile) -> ServerStore | None:
    """The server of ``profile`` when its password is at hand without asking (the keyring, ``$AVRCASE_DB_PASSWORD``);
    ``None`` when it must be asked for (the full start asks, in a window or on the terminal)."""
    from avrcase.services import server_profiles

    password = server_profiles.password_for(profile)
    if password is None:
        return None
    return ServerStore(profile.conninfo(password), lambda: profile.url(password))


def desktop_store(argv: Sequence[str]) -> str | ServerStore | None:
    """What ``argv`` opens when it asks only for the desktop app: a plain SQLite file's URL, or the office server
    whose password is at hand; ``None`` for anything else (the command line decides, as always).

    Without ``--db``, ``--profile`` or ``$AVRCASE_DB`` that is the store in the user data folder, unless this
    computer remembers an office server.
    """
    asked = _desktop_words(argv)
    if asked is None:
        return None
    db, profile_name = asked
    if not db:
        from avrcase.services import server_profiles

        try:
            profile = server_profiles.get(profile_name) if profile_name else server_profiles.current()
        except AvrcaseError:
            return None  # the full start explains a damaged list of servers, or an unknown name
        if profile is not None:
            return _remembered_server(profile)
        return probe.sqlite_file_url(probe.default_store_path())
    if "://" in db:
        if probe.plain_sqlite_file(db) is not None:
            return db
        conninfo = server_probe.conninfo_of_url(db)
        return None if conninfo is None else ServerStore(conninfo, lambda: db)
    return probe.sqlite_file_url(Path(db).expanduser().resolve())


@dataclass(frozen=True)
class SignedIn:
    """Who signed in on the first screen, and the store opened behind it (``app.run_gui`` goes on from here)."""

    url: str
    engine: Engine
    clock: Clock
    actor: Actor


class StoreLoading:
    """The rest of avrcase imported (``load``) and the store opened on a thread while the sign-in screen is up."""

    def __init__(self, url: str | Callable[[], str], load: Callable[[], object],
                 warm: Callable[[], object] | Sequence[Callable[[], object]] | None = None, *,
                 progress: Callable[[Any], None] | None = None, opened: Callable[[], None] | None = None):
        self._url = url
        #: The store's SQLAlchemy URL (an office server's is made on the thread, with SQLAlchemy).
        self.url: str | None = url if isinstance(url, str) else None
        #: Hears of a first open after an update (``store.preparation``); ``opened()`` once the store opened or failed.
        self._progress = progress
        self._opened = opened
        self._load_modules = load
        #: Head starts, in order; each only while nobody has pressed Sign in yet.
        self._warm: Sequence[Callable[[], object]] = () if warm is None else (warm,) if callable(warm) else warm
        self._thread = threading.Thread(target=self._load, name="avrcase-loading", daemon=True)
        self._wanted = threading.Event()  # someone pressed Sign in: no head start any more, the window builds now
        self._error: AvrcaseError | None = None
        self._ops: Ops | None = None
        self.engine: Engine | None = None
        self.clock: Clock | None = None

    def start(self) -> None:
        """Start loading (once; a sign-in faster than the first turn of the event loop starts it itself)."""
        if self._thread.ident is None:
            self._thread.start()

    def _load(self) -> None:
        try:
            self._open()
        finally:
            if self._opened is not None:
                self._opened()
        if self._error is not None:
            return  # nothing to warm for
        try:
            for step in self._warm:
                if self._wanted.is_set():
                    break
                step()
        except Exception:  # noqa: BLE001 - only a head start: the window does the same itself when it needs it
            log.exception("warming up the first window failed")

    def _open(self) -> None:
        try:
            from avrcase.store.models import complete_metadata

            complete_metadata()  # every area's models first, as the app reads them all (a command declares its own, #14)
            self._load_modules()
            from avrcase.services import clock as clock_module
            from avrcase.store.engine import is_server_url
            from avrcase.store.schema import open_store

            url = self.url = self._url if isinstance(self._url, str) else self._url()
            self.clock = clock_module.system_clock()
            # The office server's schema is IT's to upgrade (``avrcase db upgrade``), as in ``app.build_main_window``.
            self.engine = open_store(url, clock=self.clock, progress=self._progress, upgrade=not is_server_url(url))
        except AvrcaseError as exc:
            self._error = exc
            return
        except Exception as exc:  # noqa: BLE001 - shown to the person as the store not opening, never lost
            log.exception("loading avrcase failed")
            self._error = StoreError(_("The store cannot be opened: %(reason)s") % {"reason": type(exc).__name__})

    def ops(self) -> Ops:
        """The operations on the opened store (waiting for the thread); raises the reason it could not open."""
        self._wanted.set()
        self.start()
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._ops is None:
            from avrcase.ui.ops import Ops

            self._ops = Ops(self.engine, clock=self.clock)
        return self._ops

    def close(self) -> None:
        """Nobody signed in: wait for the thread and close the store."""
        if self._thread.ident is not None:  # started
            self._thread.join()
        if self.engine is not None:
            self.engine.dispose()


def sign_in_at_once(argv: Sequence[str], *, load: Callable[[], object],
                    warm: Callable[[], object] | Sequence[Callable[[], object]] | None = None) -> SignedIn | int | None:
    """The sign-in screen at once when ``argv`` asks for the desktop app on an everyday store (a SQLite file or the
    office server), with ``load``
    (importing the main window's modules), the store's opening and then ``warm`` (head starts on the first
    window's one-time work, each while nobody has pressed Sign in) on a thread behind it.

    ``None`` when this start is not one (the caller runs the command line); an exit code when nobody signed in.
    """
    target = desktop_store(argv)
    if target is None:
        return None
    url: str | Callable[[], str]
    store: probe.EverydayStore | server_probe.EverydayServer | None
    if isinstance(target, ServerStore):
        url, store = target.url, server_probe.everyday_server(target.conninfo)
    else:
        url, store = target, probe.everyday_store(target)
    if store is None:
        return None
    logging.basicConfig(level=logging.DEBUG if os.environ.get("AVRCASE_DEBUG") else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")  # as the command line does
    import avrcase.ui  # noqa: F401 - its workaround runs before any Qt call (and a command never loads Qt)
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from avrcase.ui.dialogs.sign_in_dialog import ChangePasswordDialog, SignInDialog
    from avrcase.ui.widgets.store_preparation import PreparationRelay

    app = QApplication.instance() or QApplication(sys.argv)
    prepare_application(app)
    # The store at head may still have name keys of older rules to rebuild (a minute at 100,000 cases): the screen
    # shows that work's progress, relayed from the loading thread.
    relay = PreparationRelay()
    loading = StoreLoading(url, load, warm, progress=relay.progress, opened=relay.ended.emit)
    settings = QSettings()
    dialog = SignInDialog(None, demo=store.demo, username=str(settings.value(LAST_USER_KEY, "", str) or ""),
                          store_ready=loading.ops, preparing=relay)
    QTimer.singleShot(0, loading.start)  # once the screen is on its way
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if accepted and dialog.must_change_password and dialog.ops is not None:
        dialog.ops.actor = dialog.actor
        accepted = ChangePasswordDialog(dialog.ops, required=True).exec() == QDialog.DialogCode.Accepted
    if (not accepted or dialog.actor is None or loading.engine is None or loading.clock is None
            or loading.url is None):
        if dialog.store_error is not None:
            QMessageBox.critical(None, _("avrcase cannot open the store"), dialog.store_error.message)
        relay.request_stop()  # an update behind the screen stops at its next batch (kept; goes on next time)
        loading.close()
        return 1
    return SignedIn(loading.url, loading.engine, loading.clock, dialog.actor)
