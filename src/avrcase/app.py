"""GUI bootstrap: the QApplication, translations, the store, sign-in (or the first run) and the main window.

``cli.py`` calls ``run_gui`` lazily, so the command line never imports Qt. A plain desktop launch on an
everyday store starts in ``avrcase.start`` instead (the sign-in screen first, this module loaded behind it),
which hands the signed-in person to ``run_gui``.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

import avrcase.ui  # noqa: F401 - first: its Qt work-arounds hold before SQLAlchemy and the rest load
from sqlalchemy import Engine

import avrcase
from avrcase.domain.errors import AvrcaseError, StoreError
from avrcase.i18n import _
from avrcase.i18n.format import countries
from avrcase.services import clock as clock_module
from avrcase.services import server_profiles, store_kind
from avrcase.services.accounts import accounts, encryption
from avrcase.services.clock import Clock
from avrcase.services.dto import Actor
from avrcase.services.store_preparation import PreparationStopped
from avrcase.services.uow import unit_of_work
from avrcase.start import APPLICATION as APPLICATION
from avrcase.start import LAST_USER_KEY as LAST_USER_KEY
from avrcase.start import ORGANISATION as ORGANISATION
from avrcase.start import app_icon as app_icon
from avrcase.start import install_translations as install_translations
from avrcase.start import log_to_file as log_to_file
from avrcase.start import prepare_application
from avrcase.start import system_locale as system_locale
from avrcase.store.engine import is_server_url, resolve_url, sqlite_path
from avrcase.store.models import complete_metadata
from avrcase.store.probe import stopped_without_closing
from avrcase.store.schema import open_store, quick_check
from avrcase.ui import backup_status, encrypt_store_action, import_action, live_refresh, server_action
from avrcase.ui.account_menu import AccountMenu
from avrcase.ui.dialogs.first_run_dialog import FirstRunDialog
from avrcase.ui.dialogs.sign_in_dialog import ChangePasswordDialog, SignInDialog
from avrcase.ui.dialogs.store_preparation_dialog import run_showing_progress
from avrcase.ui.idle_lock import IdleLock, idle_minutes
from avrcase.ui.script_fonts import install_script_fonts
from avrcase.ui.main_window import MainWindow
from avrcase.ui.ops import Ops, show_times_in_the_office_zone
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.focus_frame import keep_focus_visible
from avrcase.ui.widgets.wheel_guard import install_wheel_guard

log = logging.getLogger(__name__)

# The desktop app reads every area: all models are declared here, behind the sign-in screen (this module is imported
# while the person types), as before a command line declared only its own (#14); else the areas a page names later
# were declared and their mappers configured after Sign in (0.45 → 0.59 s to the window after typing for 0.3 s).
complete_metadata()

#: After this long with the window up, the modules of the case file are imported (not on the start path).
WARM_UP_MS = 300


class SwitchStore(Exception):
    """The person chose another store (the office server) before signing in; ``url`` is where to go."""

    def __init__(self, url: str):
        super().__init__("switch store")
        self.url = url


def ask_server_password(profile: server_profiles.ServerProfile, parent: QWidget | None = None) -> str | None:
    """Ask for the office server login's password (this computer keeps none); ``None`` if cancelled."""
    password, ok = QInputDialog.getText(parent, _("Connect to the office server"),
                                        _("Password of %(login)s:") % {"login": profile.shown()},
                                        QLineEdit.EchoMode.Password)
    return password if ok else None


def start_url() -> str | None:
    """The store this computer opens: the remembered office server (asking its password if need be), else the
    store in the user data folder; ``None`` when the person cancelled the password."""
    try:
        profile = server_profiles.current()
    except AvrcaseError as exc:
        QMessageBox.warning(None, _("avrcase"), exc.message)
        profile = None
    if profile is None:
        return resolve_url(None)
    password = server_profiles.password_for(profile, ask_server_password)
    return None if password is None else profile.url(password)


def sign_in(ops: Ops, settings: QSettings, *, unlock_store=None) -> Actor | None:
    """The first-run dialog on a store nobody can sign in to, then the sign-in dialog; ``None`` if cancelled.

    On an encrypted store ``ops.engine`` is ``None`` and ``unlock_store(name, password)`` opens it from the
    sign-in dialog (the same password unlocks the store and signs in).
    """
    demo = False
    if ops.engine is not None:
        with unit_of_work(ops.engine, write=False) as session:
            first_run = accounts.needs_first_administrator(session)
        if first_run:
            welcome = FirstRunDialog(ops)
            if welcome.exec() != QDialog.DialogCode.Accepted:
                return None
            if welcome.server_url is not None:
                raise SwitchStore(welcome.server_url)
            if welcome.actor is not None:
                return welcome.actor
        with unit_of_work(ops.engine, write=False) as session:
            demo = store_kind.is_demo_store(session)
    dialog = SignInDialog(ops, demo=demo, username=settings.value(LAST_USER_KEY, "", str) or "",
                          unlock_store=unlock_store)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.must_change_password:
        ops.actor = dialog.actor
        if ChangePasswordDialog(ops, required=True).exec() != QDialog.DialogCode.Accepted:
            return None
    return dialog.actor


def encrypted_store_opener(url: str, clock: Clock):
    """For an encrypted store: ``open(name, password)`` that unlocks the person's key slot and opens it; else ``None``."""
    path = sqlite_path(url)
    if not encryption.store_is_encrypted(path):
        return None
    # On a thread: a store an older avrcase wrote is updated inside the unlock, with the window saying so.
    return lambda username, password: run_showing_progress(lambda progress: encryption.open_unlocked(
        url, username, password, clock=clock, progress=progress))


def warm_up_behind_sign_in() -> None:
    """Do the first main window's one-time work ahead, on ``avrcase.start``'s loading thread while the person types
    (nothing here touches a widget, the store or the person's data).

    - PySide6 makes its Python wrapper types, and their enums, when first used. The first object of a Qt class it
      does not wrap (Qt's private window class, met by the application's event filter) makes it create every type
      of its modules at once, about 40 ms of the window's build after Sign in.
    - The country names of the interface's language (the case list's country filter) are read from Babel.
    - The shipped script fonts are lent to Qt (``install_script_fonts``, 15–20 ms and 15–50 ms more for the 4 MB
      Chinese font; Qt's font database is thread-safe), not before the sign-in screen.
    """
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets

    if PySide6.QtGui.QGuiApplication.instance() is not None:  # (Qt's font database needs the application)
        install_script_fonts()
    for module in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets):
        for name in dir(module):
            getattr(module, name, None)
    countries()


def import_later_pages() -> None:
    """Import the modules of the main window's pages built when first shown (the departures board, the
    dashboard), ahead of their first showing (``avrcase.start``'s loading thread, while the person types)."""
    import avrcase.ui.views.dashboard  # noqa: F401
    import avrcase.ui.views.departures_board  # noqa: F401


def build_main_window(url: str, settings: QSettings, *, actor: Actor | None = None,
                      clock: Clock | None = None, engine: Engine | None = None) -> MainWindow | None:
    """Open the store at ``url`` (unless its ``engine`` is given, opened behind the sign-in screen by
    ``avrcase.start``), sign in (unless ``actor`` is given) and build the main window.

    ``None`` after showing why the store cannot open, or when the person cancelled the sign-in.
    """
    clock = clock if clock is not None else clock_module.system_clock()
    crashed = engine is None and stopped_without_closing(sqlite_path(url))  # asked before anything opens it
    unlock_store = encrypted_store_opener(url, clock) if engine is None else None
    try:
        # The office server's schema is created and upgraded by IT (``avrcase db upgrade``, docs/server.md),
        # never by a client signing in with the least-privilege application login.
        if engine is None and unlock_store is None:
            # On a thread: a store to migrate (a minute or more) shows what is being done (it showed nothing).
            engine = run_showing_progress(lambda progress: open_store(
                url, clock=clock, upgrade=not is_server_url(url), progress=progress))
    except PreparationStopped:
        return None  # the person stopped the update (what was done is kept)
    except StoreError as exc:
        QMessageBox.critical(None, _("avrcase cannot open the store"), exc.message)
        return None
    ops = Ops(engine, clock=clock)
    try:
        actor = actor or sign_in(ops, settings, unlock_store=unlock_store)
    except AvrcaseError as exc:
        QMessageBox.critical(None, _("avrcase cannot open the store"), exc.message)
        actor = None
    except SwitchStore:
        if ops.engine is not None:
            ops.engine.dispose()
        raise
    if actor is None:
        if ops.engine is not None:
            ops.engine.dispose()
        return None
    ops.actor = actor
    settings.setValue(LAST_USER_KEY, actor.username)
    bus = ops.bus
    install_wheel_guard(QApplication.instance())  # the wheel scrolls forms, never changes an answer
    keep_focus_visible(QApplication.instance())  # a focus the app sets is drawn, not only one moved by Tab
    install_script_fonts()  # a Tamil or Ge'ez name on a computer without such a font (done once; mostly behind sign-in)
    show_times_in_the_office_zone(ops)
    file_dialogs.hold_store(sqlite_path(url))
    window = MainWindow(ops, bus, settings)
    ops.setParent(window)
    window.idle_lock = IdleLock(ops, idle_minutes(settings), window)
    window.account_menu = AccountMenu(window, ops, window.idle_lock)
    window.encrypt_action = encrypt_store_action.install(window, ops, window.account_menu.users_action)
    window.backup_status = backup_status.install(window, ops)
    window.import_action = import_action.install(window, ops)
    window.next_url = None
    window.server_actions = server_action.install(window, on_server=is_server_url(url))
    window.live_refresh = live_refresh.install(ops, bus, window)
    window.crash_note = _say_the_store_was_checked(window) if crashed else None
    window.encryption_note = None
    if encryption.encryption_interrupted(sqlite_path(url)):
        window.encryption_note = _note(window, _("The store is not encrypted"), _(
            "Encrypting this store did not finish (avrcase was ended while it encrypted): the store is as it was, "
            "readable without a password, and no recovery key was made. An administrator encrypts it again under "
            "Account ▸ Encrypt the store…"), QMessageBox.Icon.Warning)
    return window


def _say_the_store_was_checked(window: QWidget) -> QMessageBox:
    """After a crash the store was checked in full before it opened (``open_store``): say so, and what it means
    for the work in hand then, once the window is up (not modal: it holds nothing up)."""
    return _note(window, _("avrcase was not closed properly"), _(
        "avrcase stopped last time without closing the store (the program was ended or the computer lost power). "
        "The store was checked and is whole: everything saved before is in it, and a change that was being saved "
        "then is either all in it or not at all. Look at what you were working on last and enter it again if it "
        "is missing."))


def _note(window: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    """A message shown beside the window once it is up, not modal."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window)
    box.setModal(False)
    QTimer.singleShot(0, box.show)
    return box


class StoreHealthCheck(QObject):
    """SQLite's ``quick_check`` on its own thread once the window is up (never on the start path)."""

    damaged = Signal(str)

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self._thread: threading.Thread | None = None
        self.damaged.connect(self._on_damaged)

    def start(self, engine) -> None:
        """Run the check in the background; a problem is shown in a message box."""
        def run() -> None:
            try:
                problem = quick_check(engine)
            except Exception as exc:  # noqa: BLE001 - a failed check is reported like damage
                problem = str(exc)
            if problem is not None:
                log.warning("store quick check found a problem")
                self.damaged.emit(problem)

        self._thread = threading.Thread(target=run, name="store-quick-check", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Let a running check finish before the engine is disposed."""
        if self._thread is not None:
            self._thread.join()

    def _on_damaged(self, problem: str) -> None:
        QMessageBox.warning(self._window, _("The store may be damaged"), _(
            "A check of the store found a problem (%(detail)s). Keep working only to save what you need, then "
            "ask an administrator to run “avrcase db check” and restore a backup.") % {"detail": problem})


#: The longest the store's background check waits for the home page's first figures (a failed count never brings them).
HOME_PAGE_WAIT_MS = 10_000


def after_the_home_page(window: MainWindow, *then: Callable[[], object]) -> None:
    """Start ``then`` (the store's background check, the case file's warm-up) once the first page shows what its
    person came for: at once, or after the dashboard's first figures when that is the page shown (#14).

    The check reads the whole store and the warm-up imports modules; begun with the window, they took the cores and
    the interpreter from the manager's dashboard while it counted, and its figures came later.
    """
    started: list[bool] = []

    def start() -> None:
        if not started:
            started.append(True)
            for step in then:
                step()

    dashboard = window.dashboard if window.navigation.currentRow() == window.dashboard_page else None
    if dashboard is None or dashboard.task is None or dashboard.task.done:
        QTimer.singleShot(0, start)
        return
    dashboard.computed.connect(lambda _snapshot: QTimer.singleShot(0, start))
    QTimer.singleShot(HOME_PAGE_WAIT_MS, start)


def run_gui(url: str | None, *, clock: Clock | None = None,
            signed_in: tuple[Engine, Actor] | None = None) -> int:
    """Start the desktop app on the store at ``url`` (``None``: what this computer remembers); the exit code.

    ``clock`` is built once here (the system clock) unless given, and serves every window until the app ends.
    ``signed_in`` is the store's engine and the person who signed in on ``avrcase.start``'s screen: the first
    window opens for them without asking again.
    """
    clock = clock if clock is not None else clock_module.system_clock()
    app = QApplication.instance() or QApplication(sys.argv)
    prepare_application(app)
    while True:  # again after "Sign out"
        if url is None:
            url = start_url()
            if url is None:
                return 1
        try:
            engine, actor = signed_in if signed_in is not None else (None, None)
            signed_in = None  # after "Sign out": the sign-in dialog
            window = build_main_window(url, QSettings(), clock=clock, actor=actor, engine=engine)
        except SwitchStore as switch:
            url = switch.url
            continue
        if window is None:
            return 1
        signed_out: list[bool] = []
        # The lambdas below run within this iteration (during app.exec), so they see its own objects.
        window.account_menu.signed_out.connect(lambda: signed_out.append(True))  # noqa: B023
        window.show()
        # Take the keyboard: after the sign-in screen closes nothing has it, and where no window manager hands it
        # on (a kiosk, a remote X session) what the person types next went nowhere until they clicked.
        window.raise_()
        window.activateWindow()
        avrcase.resume_collection(enable=False)  # the start is over; the collector above runs collections
        checker = StoreHealthCheck(window)
        after_the_home_page(window, lambda: checker.start(window.ops.engine),  # noqa: B023
                            lambda: QTimer.singleShot(WARM_UP_MS, window.warm_up))  # noqa: B023
        code = app.exec()
        checker.wait()
        window.idle_lock.stop()
        window.ops.wait_for_background()
        if window.live_refresh is not None:
            window.live_refresh.stop()
        window.ops.engine.dispose()
        if window.next_url is not None:  # File ▸ Connect to the office server… or back to this computer
            url = window.next_url or resolve_url(None)
            continue
        if not signed_out:
            return code
