"""The UI tests' guard: an unpatched modal message box or file dialog fails the test instead of hanging the run."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox


def test_an_unpatched_message_box_fails_at_once(qapp):
    with pytest.raises(AssertionError, match="QMessageBox.warning"):
        QMessageBox.warning(None, "Title", "Text")


def test_an_unpatched_file_dialog_fails_at_once(qapp):
    with pytest.raises(AssertionError, match="QFileDialog.getSaveFileName"):
        QFileDialog.getSaveFileName(None, "Save", "", "")


def test_a_test_may_still_patch_the_dialog_it_expects(qapp, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert QMessageBox.question(None, "Title", "Sure?") == QMessageBox.StandardButton.Yes
