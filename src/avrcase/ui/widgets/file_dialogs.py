"""Choosing a file or a folder: Qt's own dialog, blind to file contents, on Linux and macOS; the system's on Windows.

WORKAROUND: Qt's file dialog opened each file it listed to guess its type (``QMimeDatabase`` reads the first
bytes of a file whose name it does not know, as ``avrcase.sqlite`` and its ``-wal`` and ``-shm``) and closed it
again. On Linux and macOS closing any handle on a file drops every lock the process holds on that file (POSIX
advisory locks), so a dialog showing the store's folder silently dropped the running window's SQLite locks. The
next avrcase command on the same store then took itself for the store's last user: it folded the write-ahead
log into the file and deleted it under the window, whose every read then failed ("database disk image is
malformed") and whose next saves would have gone to a deleted file. These dialogs tell a file's type by its
name alone. On Windows a lock belongs to its own handle, and the system's dialog is kept.

Call them through the module (``file_dialogs.save_file_name(...)``): tests replace them there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QFileIconProvider, QMessageBox, QWidget

from avrcase.i18n import _

#: True where the system's dialog is used (no POSIX locks to lose).
SYSTEM_DIALOGS = sys.platform == "win32"


class ContentBlindIcons(QAbstractFileIconProvider):
    """Icons and type names from a file's name and kind only: never opens a file."""

    def __init__(self):
        super().__init__()
        self._icons = QFileIconProvider()

    def icon(self, what) -> QIcon:  # noqa: D102 - Qt's overloads: an IconType or a QFileInfo
        if isinstance(what, QFileInfo):
            kinds = QAbstractFileIconProvider.IconType
            what = kinds.Drive if what.isRoot() else kinds.Folder if what.isDir() else kinds.File
        return self._icons.icon(what)

    def type(self, info: QFileInfo) -> str:  # noqa: D102
        if info.isDir():
            return _("Folder")
        suffix = info.suffix()
        return _("%(suffix)s file") % {"suffix": suffix.upper()} if suffix else _("File")


_blind: ContentBlindIcons | None = None
#: The SQLite store the window holds open (``hold_store``): never handed out to be read or written over.
_held: Path | None = None


def hold_store(path: Path | None) -> None:
    """Name the store file the window holds, so that no dialog hands it (or its log) out as a file to read or
    to write over: reading it through another handle drops the window's locks, writing over it destroys it."""
    global _held
    _held = path.resolve() if path is not None else None


def _refused(parent: QWidget | None, caption: str, chosen: str) -> bool:
    if _held is None or not chosen:
        return False
    if Path(chosen).resolve() not in {_held, *(_held.with_name(_held.name + end) for end in ("-wal", "-shm", "-journal"))}:
        return False
    QMessageBox.warning(parent, caption, _("%(file)s is the store avrcase has open, with everyone's casework in it. "
                                           "Choose another file.") % {"file": Path(chosen).name})
    return True


def _dialog(parent: QWidget | None, caption: str, directory: str, filter_: str) -> QFileDialog:
    global _blind
    if _blind is None:  # made once, after the application: the dialogs only borrow it
        _blind = ContentBlindIcons()
    dialog = QFileDialog(parent, caption, directory, filter_)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(_blind)
    return dialog


def _chosen(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def suffix_of(name_filter: str) -> str:
    """The ending of a filter's first pattern: "pdf" for "PDF report (*.pdf)", "" for "All files (*)"."""
    match = re.search(r"\*\.(\w+)", name_filter)
    return match.group(1) if match else ""


def _start(directory: str) -> str:
    """Where a dialog opens: ``directory``, else the person's home folder (not the program's folder, the
    current one when avrcase was started from its icon)."""
    return directory or str(Path.home())


def _file(parent: QWidget | None, caption: str, directory: str, filter_: str, mode: QFileDialog.AcceptMode
          ) -> tuple[str, str]:
    """A file to save (``AcceptSave``) or an existing one to open, never the open store."""
    directory = _start(directory)
    saving = mode is QFileDialog.AcceptMode.AcceptSave
    if SYSTEM_DIALOGS:
        ask = QFileDialog.getSaveFileName if saving else QFileDialog.getOpenFileName
        chosen = ask(parent, caption, directory, filter_)
    else:
        dialog = _dialog(parent, caption, directory, filter_)
        dialog.setAcceptMode(mode)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if saving else QFileDialog.FileMode.ExistingFile)
        if saving:  # a name typed without its ending gets the chosen type's (a report saved as "march" had none)
            dialog.setDefaultSuffix(suffix_of(dialog.selectedNameFilter()))
            dialog.filterSelected.connect(lambda chosen: dialog.setDefaultSuffix(suffix_of(chosen)))
        chosen = _chosen(dialog)
    return ("", "") if _refused(parent, caption, chosen[0]) else chosen


def save_file_name(parent: QWidget | None, caption: str, directory: str = "", filter_: str = "") -> tuple[str, str]:
    """As ``QFileDialog.getSaveFileName``: the path chosen (or "") and the filter it was chosen under."""
    return _file(parent, caption, directory, filter_, QFileDialog.AcceptMode.AcceptSave)


def open_file_name(parent: QWidget | None, caption: str, directory: str = "", filter_: str = "") -> tuple[str, str]:
    """As ``QFileDialog.getOpenFileName``: an existing file chosen (or "") and the filter it was chosen under."""
    return _file(parent, caption, directory, filter_, QFileDialog.AcceptMode.AcceptOpen)


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    """As ``QFileDialog.getExistingDirectory``: the folder chosen, or ""."""
    directory = _start(directory)
    if SYSTEM_DIALOGS:
        return QFileDialog.getExistingDirectory(parent, caption, directory)
    dialog = _dialog(parent, caption, directory, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _chosen(dialog)[0]
