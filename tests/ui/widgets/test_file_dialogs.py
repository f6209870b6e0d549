"""A file dialog showing the store's folder must not make the running window lose its hold on the store.

Qt's own dialog opened every file it listed to guess its type and closed it again; on Linux and macOS that
drops the process's SQLite locks on the file, so the next avrcase command on the store deleted the
write-ahead log under the running window ("database disk image is malformed", and its next saves lost).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileSystemModel
from sqlalchemy import text

from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case
from avrcase.ui.widgets import file_dialogs

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the locks this process holds")


def _locks_held(path: Path) -> int:
    inode, pid = os.stat(path).st_ino, os.getpid()
    return sum(1 for line in Path("/proc/locks").read_text().splitlines()
               if line.split()[4] == str(pid) and line.split()[5].endswith(f":{inode}"))


def _another_avrcase_reads(path: Path) -> None:
    """Another process opens the store, reads, and closes: the last one out folds the log in and deletes it."""
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                    "c.execute('SELECT count(*) FROM cases').fetchone(); c.close()", str(path)], check=True)


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_listing_the_store_s_folder_keeps_the_store_s_locks_and_its_log(qtbot, engine, db_path, make_case):
    make_case()
    held = engine.connect()  # the window's connection, as after sign-in
    held.execute(text("SELECT count(*) FROM cases")).one()
    before = _locks_held(db_path)
    assert before > 0

    dialog = file_dialogs._dialog(None, "Export", str(db_path.parent), "")
    qtbot.addWidget(dialog)
    model = dialog.findChild(QFileSystemModel)
    with qtbot.waitSignal(model.directoryLoaded, timeout=5000):
        dialog.show()
    listed = model.index(str(db_path))
    assert listed.isValid() and model.type(listed)  # listed, with a type (from its name)
    qtbot.wait(1500)  # the dialog's worker thread fetches every file's icon and type meanwhile
    dialog.close()

    assert _locks_held(db_path) == before
    _another_avrcase_reads(db_path)
    assert Path(f"{db_path}-wal").exists()  # not deleted under the window
    make_case()  # the window still writes, and another process sees it
    held.close()
    count = subprocess.run([sys.executable, "-c", "import sqlite3, sys; "
                            "print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM cases').fetchone()[0])",
                            str(db_path)], check=True, capture_output=True, text=True).stdout.strip()
    with unit_of_work(engine, write=False) as session:
        assert int(count) == session.query(Case).count() == 2


@pytest.mark.parametrize("suffix", ["", "-wal"])
@pytest.mark.parametrize("ask", ["save_file_name", "open_file_name"])
def test_the_open_store_is_never_handed_out_to_read_or_to_write_over(monkeypatch, qapp, db_path, ask, suffix):
    """Choosing the store (say, to save a CSV over it, or to attach it as a scan) is refused in words."""
    import importlib

    real = importlib.reload(file_dialogs)  # the module as the app has it (the UI tests' guard replaced its calls)
    told = []
    monkeypatch.setattr(real, "_chosen", lambda _dialog: (f"{db_path}{suffix}", ""))
    monkeypatch.setattr(real.QMessageBox, "warning", lambda _parent, _title, text: told.append(text))
    real.hold_store(db_path)
    try:
        assert getattr(real, ask)(None, "Export") == ("", "")
        assert told == [f"{db_path.name}{suffix} is the store avrcase has open, with everyone's casework in it. "
                        "Choose another file."]
        other = db_path.with_name("report.csv")
        monkeypatch.setattr(real, "_chosen", lambda _dialog: (str(other), "CSV (*.csv)"))
        assert getattr(real, ask)(None, "Export") == (str(other), "CSV (*.csv)")
    finally:
        real.hold_store(None)


def test_a_dialog_with_no_folder_opens_in_the_home_folder(monkeypatch, qapp, tmp_path):
    import importlib

    real = importlib.reload(file_dialogs)
    monkeypatch.setenv("HOME", str(tmp_path))
    seen = []
    monkeypatch.setattr(real, "_chosen", lambda dialog: seen.append(dialog.directory().absolutePath()) or ("", ""))
    real.open_file_name(None, "Import cases")
    assert seen == [str(tmp_path)]


def test_a_name_typed_without_its_ending_gets_the_chosen_type_s(monkeypatch, qapp, tmp_path):
    """A report saved as "march" was written without ".pdf"; the type chosen in the dialog decides the ending."""
    import importlib

    from PySide6.QtWidgets import QFileDialog

    real = importlib.reload(file_dialogs)
    assert [real.suffix_of(f) for f in ("PDF report (*.pdf)", "Scans (*.pdf *.jpg)", "All files (*)")] == ["pdf", "pdf", ""]
    seen = []

    def choose(dialog: QFileDialog):
        seen.append(dialog.defaultSuffix())
        dialog.selectNameFilter("Excel workbook (*.xlsx)")
        dialog.filterSelected.emit("Excel workbook (*.xlsx)")
        seen.append(dialog.defaultSuffix())
        return "", ""

    monkeypatch.setattr(real, "_chosen", choose)
    real.save_file_name(None, "Export table", str(tmp_path), "CSV (*.csv);;Excel workbook (*.xlsx)")
    assert seen == ["csv", "xlsx"]
