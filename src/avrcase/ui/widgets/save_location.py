"""Where a save dialog opens: the person's Documents folder (else their home), never the app's working folder.

The working folder of a desktop app is wherever it was started from (often the install folder or ``/``);
a file saved there is hard to find again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def save_folder() -> Path:
    """The person's Documents folder when there is one, else their home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def suggested_path(file_name: str) -> str:
    """``file_name`` in ``save_folder()``, as a save dialog's starting selection."""
    return str(save_folder() / file_name)
