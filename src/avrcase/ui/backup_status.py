"""Backups in the main window: the status-bar note, the daily and on-close backups, File ▸ Restore from backup….

``BackupStatus`` shows when the last good backup was made (or a warning when it is older than the
office's limit, or the last one failed), runs a scheduled backup in the background at most once a day
while the app is open, and one on close. Restoring asks for the file, shows what it holds, restores
and then signs out, so the app reopens the restored store.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox

from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, counted
from avrcase.i18n.format import format_datetime
from avrcase.services.accounts import encryption
from avrcase.services.backup import backups
from avrcase.services.permissions import Permission
from avrcase.ui import palette
from avrcase.ui.dialogs.store_preparation_dialog import run_showing_progress
from avrcase.ui.ops import BackgroundTask, Ops, show_error
from avrcase.ui.widgets import file_dialogs
from avrcase.ui.widgets.elided_label import elide_folder
from avrcase.ui.widgets.message_room import MESSAGE_MARGINS

if TYPE_CHECKING:
    from avrcase.services.backup import restore
    from avrcase.ui.dialogs.backup_settings_dialog import BackupSettingsDialog

log = logging.getLogger(__name__)
#: How often the open app looks whether a scheduled backup is due.
CHECK_INTERVAL_MS = 30 * 60 * 1000
FIRST_CHECK_MS = 2 * 60 * 1000
#: The window's first activation this soon after it was built does not read the note again (it was read while the
#: window was built: a second unit of work on a fresh connection after Sign in, #14).
FRESH_MS = 5000


class BackupStatus(QObject):
    """The backup note in the status bar, the scheduled backups and the restore action of one main window."""

    def __init__(self, window: QMainWindow, ops: Ops):
        super().__init__(window)
        self._window, self._ops = window, ops
        self.task: BackgroundTask | None = None
        self.restored = False
        self._asked_in_settings = False  # Back up now opened the settings: back up once they are saved
        self.label = QLabel()
        window.statusBar().addPermanentWidget(self.label)
        self.restore_action = QAction(_("&Restore from backup…"), window)
        self.restore_action.setStatusTip(_("Replace the store with a backup; the current store is kept"))
        # Not connected directly: ``triggered(checked)`` would pass False as the path (a crash, #19).
        self.restore_action.triggered.connect(lambda: self.restore_from_backup())
        self.restore_action.setVisible(ops.may(Permission.STORE_MAINTAIN))
        self.settings_action = QAction(_("&Backup settings…"), window)
        self.settings_action.triggered.connect(self.edit_settings)
        self.settings_action.setVisible(ops.may(Permission.STORE_MAINTAIN))
        # Anyone signed in runs the scheduled backups; before a laptop goes on a journey they may want one now.
        self.backup_now_action = QAction(_("Back &up now"), window)
        self.backup_now_action.setStatusTip(_("Copy the store to the backup folder now"))
        self.backup_now_action.triggered.connect(lambda: self.back_up_now())
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.back_up_if_due)
        self.timer.start(FIRST_CHECK_MS)
        window.installEventFilter(self)
        self._built = QElapsedTimer()
        self._built.start()
        self.refresh()

    def _health(self) -> backups.BackupHealth:
        settings = self._ops.read(backups.get_backup_settings)
        return backups.backup_health(self._ops.engine, settings, now=self._ops.base_clock.now())

    def refresh(self) -> None:
        """Show when the last good backup was made, or what is wrong."""
        try:
            health = self._health()
        except AvrcaseError as exc:
            self.label.setText(_("Backups: %(problem)s") % {"problem": exc.message})
            return
        if health.warning:
            self.label.setText("⚠ " + health.warning)
            self.label.setStyleSheet(palette.ERROR_TEXT_STYLE + " font-weight: bold;")
        else:
            self.label.setText(_("Last backup: %(when)s") % {"when": format_datetime(health.last_good_at, "short")})
            self.label.setStyleSheet("")
        tip = _("Last good backup: %(file)s") % {"file": health.last_good_file} if health.last_good_file else ""
        self.label.setToolTip(tip)

    def back_up_if_due(self) -> BackgroundTask | None:
        """Start a scheduled backup in the background when none was made in the last day."""
        self.timer.start(CHECK_INTERVAL_MS)
        if self.task is not None or self._ops.engine is None:
            return None
        try:
            if not self._health().due(self._ops.base_clock.now()):
                self.refresh()  # a folder set or a backup made elsewhere (the command line) shows now
                return None
        except AvrcaseError:
            return None
        return self._start_backup(asked=False)

    def back_up_now(self) -> BackgroundTask | None:
        """File ▸ Back up now: a backup to the office's folder at once, said when done or why it failed."""
        if self._ops.engine is None:
            return None
        if self.task is not None:  # one is being made: it is the one asked for
            self.task.finished.connect(self._said_done)
            return self.task
        if self._ops.may(Permission.STORE_MAINTAIN) and not self._folder():
            # The administrator was told "an administrator sets one under File ▸ Backup settings": they are the
            # one, so the settings open; the backup starts once a folder is saved.
            self._asked_in_settings = True
            self.edit_settings().rejected.connect(lambda: setattr(self, "_asked_in_settings", False))
            return None
        self.label.setText(_("Backing up…"))
        self.label.setStyleSheet("")
        return self._start_backup(asked=True)

    def _folder(self) -> str:
        """The office's backup folder, or ``""`` when none is set (or the settings cannot be read)."""
        try:
            return self._ops.read(backups.get_backup_settings).folder
        except AvrcaseError:
            return ""

    def _start_backup(self, *, asked: bool) -> BackgroundTask:
        self.task = self._ops.run_in_background(
            lambda session, _progress: backups.run_scheduled_backup(session, self._ops.actor, now=self._ops.base_clock.now()),
            finished=lambda manifest: self._on_task_finished(manifest, asked=asked),
            failed=lambda error: self._on_task_failed(error, asked=asked))
        return self.task

    def _on_task_finished(self, manifest: object, *, asked: bool = False) -> None:
        self.task = None
        self.refresh()
        if asked:
            self._said_done(manifest)

    def _said_done(self, manifest: object) -> None:
        """"Backup made: /media/…/avrcase-backup-….sqlite": the file's name whole (what the person looks for), the folder
        elided to the width of the status bar, the whole path in the bar's tooltip while the message shows."""
        name, folder = str(getattr(manifest, "file", "")), self._folder()  # the manifest names the file alone
        bar, path = self._window.statusBar(), str(Path(folder) / name) if folder and name else name
        text = _("Backup made: %(file)s") % {"file": path}
        room = bar.width() - MESSAGE_MARGINS - (bar.height() if bar.isSizeGripEnabled() else 0)
        shown = elide_folder(bar.fontMetrics(), text, path, room)
        if not shown.endswith(name):  # a window too narrow even for "…/name": the name alone, never cut by us
            shown = _("Backup made: %(file)s") % {"file": name}
        bar.showMessage(shown, 10_000)
        bar.setToolTip(text)
        bar.messageChanged.connect(self._on_bar_message_changed)

    def _on_bar_message_changed(self, message: str) -> None:
        bar = self._window.statusBar()
        bar.setToolTip("")  # the path was the tooltip of the message that is gone
        bar.messageChanged.disconnect(self._on_bar_message_changed)

    def _on_task_failed(self, error: BaseException, *, asked: bool = False) -> None:
        self.task = None
        self.refresh()
        if asked:
            show_error(self._window, error)

    def back_up_on_close(self) -> None:
        """The backup made when the window closes (when a folder is set); a failure shows at the next start."""
        self.timer.stop()
        if self.restored or self._ops.engine is None:
            return
        self._ops.wait_for_background()
        try:
            if self._ops.read(backups.get_backup_settings).folder:
                self._ops.write(lambda session, actor: backups.run_scheduled_backup(session, actor, now=self._ops.base_clock.now()))
        except AvrcaseError as exc:
            log.warning("backup on close failed: %s", type(exc).__name__)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.back_up_on_close()
        elif watched is self._window and event.type() == QEvent.Type.WindowActivate:
            # A folder an administrator set from the command line kept "No backup folder is set" until the next
            # backup: the note is read again whenever the window regains focus (a settings row and a small file).
            if not self._first_activation() and self.task is None:
                self.refresh()
        return False

    def _first_activation(self) -> bool:
        """True once: at the window's first activation, when it comes soon after the window was built."""
        first = self._built.isValid() and not self._built.hasExpired(FRESH_MS)
        self._built.invalidate()
        return first

    def edit_settings(self) -> BackupSettingsDialog:
        """Open the backup settings (modal); after a save the first backup to a new folder starts at once."""
        from avrcase.ui.dialogs.backup_settings_dialog import BackupSettingsDialog  # not on the start path (#14)

        dialog = BackupSettingsDialog(self._ops, self._window)
        dialog.accepted.connect(self._on_settings_saved)
        dialog.open()
        return dialog

    def _on_settings_saved(self) -> None:
        # A folder just set said "No backup has been made yet" until the next check, minutes later.
        self.refresh()
        asked, self._asked_in_settings = self._asked_in_settings, False
        if asked and self.task is None:  # File ▸ Back up now opened the settings: that backup, said when done
            self.label.setText(_("Backing up…"))
            self._start_backup(asked=True)
        else:
            self.back_up_if_due()

    # ------------------------------------------------------------ restore

    def restore_from_backup(self, path: str | None = None) -> bool:
        """Pick a backup, show what it holds, confirm, restore, then sign out so the app reopens the store."""
        from avrcase.services.backup import restore  # imported when a restore is asked for, not at start (#14)

        if path is None:  # opened on the office's backup folder when there is one
            try:
                folder = self._ops.read(backups.get_backup_settings).folder
            except AvrcaseError:
                folder = ""
            path, _filter = file_dialogs.open_file_name(self._window, _("Restore from backup"),
                                                        folder if folder and Path(folder).is_dir() else "",
                                                        _("avrcase backups (*.sqlite *.db);;All files (*)"))
            if not path:
                return False
        backup = Path(path)
        try:
            key = None
            if restore.asks_for_a_password(backup) and self._ops.actor is not None:
                password, ok = QInputDialog.getText(
                    self._window, _("Restore from backup"),
                    _("This backup is encrypted. Your password when the backup was made:"), QLineEdit.EchoMode.Password)
                if not ok:
                    return False
                key = encryption.unlock(backup, self._ops.actor.username, password)
            contents = restore.checked_against_open(self._ops.engine, restore.inspect_backup(backup, key),
                                                    self._ops.actor)
            restore.refuse_a_cut_trail(contents, accept=False)  # the command line's --accept-broken-trail overrides
            foreign = restore.another_store_than_open(self._ops.engine, contents)
        except AvrcaseError as exc:
            show_error(self._window, exc)
            return False
        if foreign and not self._another_store_accepted(foreign):
            return False
        if QMessageBox.question(self._window, _("Restore from backup"), describe(contents)) != QMessageBox.StandardButton.Yes:
            return False
        self._ops.wait_for_background()
        try:
            engine, actor, now = self._ops.engine, self._ops.actor, self._ops.base_clock.now()
            # On a thread: a backup of an older avrcase is updated first, with the window saying so.
            result = run_showing_progress(lambda progress: restore.restore_over(
                engine, backup, actor=actor, backup_key=key, now=now, inspected=contents,
                accept_another_store=bool(foreign), progress=progress),
                self._window)
        except AvrcaseError as exc:
            show_error(self._window, exc)
            return False
        self.restored = True
        kept = (_("The previous store was kept as %(path)s.") % {"path": result.safety_copy}) if result.safety_copy else ""
        QMessageBox.information(self._window, _("Restore from backup"),
                                _("The store was restored from %(file)s. Please sign in again.") % {"file": backup.name}
                                + ("\n\n" + kept if kept else ""))
        menu = getattr(self._window, "account_menu", None)
        if menu is not None:
            menu.signed_out.emit()
        self._window.close()
        return True

    def _another_store_accepted(self, why: str) -> bool:
        """Ask, No by default, before a backup of another store replaces this one's records."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Restore from backup"), why, parent=self._window)
        box.setInformativeText(_("Restore it all the same only if this computer is to work on that store from now "
                                 "on. Restore it?"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


def describe(contents: restore.BackupContents) -> str:
    """What a backup holds, and the question whether to restore it."""
    lines = [_("%(file)s holds %(cases)s.") % {"file": contents.path.name, "cases": counted.cases(contents.cases)}]
    if contents.made_at is not None:
        lines.append(_("Made %(when)s by %(who)s.") % {"when": format_datetime(contents.made_at, "short"),
                                                       "who": contents.made_by})
    if contents.last_change_at is not None:
        lines.append(_("Last change on record: %(when)s by %(who)s.")
                     % {"when": format_datetime(contents.last_change_at, "short"), "who": contents.last_change_by})
    if contents.needs_migration:
        lines.append(_("It was made by an older version of avrcase and will be upgraded."))
    if contents.trail_warning:  # set apart: it is what the person must weigh before answering
        lines += ["", contents.trail_warning, ""]
    lines.append(_("The current store is kept as a safety copy. Close avrcase on every other computer first. "
                   "Restore this backup?"))
    return "\n".join(lines)


def install(window: QMainWindow, ops: Ops) -> BackupStatus:
    """Add the backup note and File ▸ Restore from backup… to ``window``."""
    status = BackupStatus(window, ops)
    anchor = getattr(window, "office_profile_action", None)
    for menu in (anchor.associatedObjects() if anchor is not None else []):
        if hasattr(menu, "insertAction") and menu is not window:
            actions = menu.actions()
            index = actions.index(anchor) + 1
            before = actions[index] if index < len(actions) else None
            menu.insertAction(before, status.backup_now_action)
            menu.insertAction(before, status.settings_action)
            menu.insertAction(before, status.restore_action)
            break
    return status
