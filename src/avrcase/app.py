"""GUI bootstrap: the QApplication, translations, the store, the acting user and the main window.

``cli.py`` calls ``run_gui`` lazily, so the command line never imports Qt.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from avrcase import __version__
from avrcase.domain.errors import AvrcaseError, StoreError
from avrcase.i18n import _, set_locale
from avrcase.services import users
from avrcase.services.dto import Actor
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store
from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.main_window import MainWindow
from avrcase.ui.ops import Ops

log = logging.getLogger(__name__)

ORGANISATION = "avrcase"
APPLICATION = "avrcase"
#: Same variable as the command line: act as this member of staff instead of the computer's account.
ENV_USER = "AVRCASE_USER"


def system_locale() -> str:
    """The UI locale the system asks for (``en`` for the C/POSIX locale)."""
    name = QLocale.system().name()
    return "en" if name in ("C", "POSIX", "") else name


def install_translations(app: QApplication, locale: str) -> QTranslator | None:
    """Our gettext catalogs, and Qt's bundled ``qtbase_*.qm`` for Qt's own dialogs and buttons.

    Returns the installed Qt translator (``None`` where Qt ships none for the locale).
    """
    set_locale(locale)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(locale), "qtbase", "_", folder):
        app.installTranslator(translator)
        return translator
    return None


def local_actor(engine, settings: QSettings) -> Actor:
    """Whom the app acts for until sign-in arrives (issue #7).

    ``$AVRCASE_USER``, else the member of staff chosen last time, else this computer's account
    (created as a counsellor on first use).
    """
    with unit_of_work(engine) as session:
        for name in (os.environ.get(ENV_USER), settings.value("acting_user/username", None, str)):
            if name:
                try:
                    return users.get_actor(session, name)
                except AvrcaseError:
                    log.info("remembered acting user is no longer active; using the local account")
        login = (getpass.getuser() or "local").lower()
        return users.ensure_local_user(session, login, login)


def build_main_window(url: str, settings: QSettings) -> MainWindow | None:
    """Open the store at ``url`` and build the main window; ``None`` after showing why the store cannot open."""
    try:
        engine = open_store(url)
    except StoreError as exc:
        QMessageBox.critical(None, _("avrcase cannot open the store"), exc.message)
        return None
    try:
        actor = local_actor(engine, settings)
    except AvrcaseError as exc:
        engine.dispose()
        QMessageBox.critical(None, _("avrcase cannot open the store"), exc.message)
        return None
    ops = Ops(engine, actor)
    window = MainWindow(ops, ChangeBus(ops), settings)
    ops.setParent(window)
    return window


def run_gui(url: str) -> int:
    """Start the desktop app on the store at ``url``; returns the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    install_translations(app, system_locale())
    window = build_main_window(url, QSettings())
    if window is None:
        return 1
    window.show()
    code = app.exec()
    window.ops.wait_for_background()
    window.ops.engine.dispose()
    return code
