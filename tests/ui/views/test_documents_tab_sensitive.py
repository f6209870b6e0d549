"""The Documents tab: a scan that holds health data is listed but not opened for roles without ``sensitive.read``.

Before 7 December a finance officer double-clicked a medical certificate in the case file and it opened.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from avrcase.domain.codes import StaffRole
from avrcase.services.documents import register as documents
from avrcase.ui.ops import Ops
from avrcase.ui.views.documents_tab import CaseDocumentsTab
from tests.services.documents.test_documents import PDF, PNG


@pytest.fixture
def opened(monkeypatch):
    """Files handed to the system viewer, and the message boxes shown, captured instead of blocking the test."""
    shown: dict[str, list] = {"files": [], "warnings": []}
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: shown["files"].append(url.toLocalFile()) or True)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown["warnings"].append(text))
    yield shown
    for copy in shown["files"]:  # the app's temporary folder is the process's: leave it as other tests expect it
        Path(copy).unlink(missing_ok=True)


@pytest.fixture
def attached(qtbot, ops, make_case, tmp_path):
    """A counsellor's tab with a medical certificate (left sensitive) and a signed letter (said not sensitive)."""
    case = make_case()
    tab = CaseDocumentsTab(ops, case.id)
    qtbot.addWidget(tab)
    assert tab.attach_sensitive.isChecked() and tab.mark_button.isVisibleTo(tab)
    (tmp_path / "medical certificate.pdf").write_bytes(PDF)
    (tmp_path / "signed letter.png").write_bytes(PNG)
    medical = tab.attach_file(tmp_path / "medical certificate.pdf", "cardiologist")
    qtbot.mouseClick(tab.attach_sensitive, Qt.MouseButton.LeftButton)
    letter = tab.attach_file(tmp_path / "signed letter.png", "signed")
    assert tab.attach_sensitive.isChecked()  # the next scan is sensitive again unless the person says otherwise
    return case, tab, medical, letter


def _rows(tab):
    model = tab.attachments_model
    return {model.payload(r).id: [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())}


def _select(tab, attachment_id):
    model = tab.attachments_model
    tab.attachments_view.selectRow(next(r for r in range(model.rowCount()) if model.payload(r).id == attachment_id))


def test_a_finance_officer_sees_the_certificate_exists_but_cannot_open_it(qtbot, engine, bus, actor_as, attached,
                                                                          opened):
    case, _tab, medical, letter = attached
    finance = CaseDocumentsTab(Ops(engine, actor_as(StaffRole.FINANCE_OFFICER), bus=bus), case.id)
    qtbot.addWidget(finance)
    rows = _rows(finance)
    assert rows[medical][1:3] == ["hidden for your role", "PDF"] and rows[medical][5:] == ["", "sensitive"]
    assert rows[letter][1] == "signed letter.png" and rows[letter][6] == ""
    assert not finance.mark_button.isVisibleTo(finance)

    _select(finance, medical)
    assert not finance.open_attachment_button.isEnabled()
    assert finance.open_selected_attachment() is None  # a double-click
    assert opened["files"] == []
    assert opened["warnings"] == ["This attachment holds health or other sensitive data, which your role may not see."]

    _select(finance, letter)
    assert finance.open_attachment_button.isEnabled()
    qtbot.mouseClick(finance.open_attachment_button, Qt.MouseButton.LeftButton)
    assert len(opened["files"]) == 1


def test_the_counsellor_opens_it_and_marks_the_letter_sensitive(qtbot, ops, attached, opened):
    _case, tab, medical, letter = attached
    assert _rows(tab)[medical][1] == "medical certificate.pdf"
    _select(tab, medical)
    qtbot.mouseClick(tab.open_attachment_button, Qt.MouseButton.LeftButton)
    assert len(opened["files"]) == 1

    _select(tab, letter)
    assert tab.mark_button.text() == "&Mark sensitive"
    qtbot.mouseClick(tab.mark_button, Qt.MouseButton.LeftButton)
    flags = {a.id: a.sensitive for a in ops.read(documents.list_attachments, _case.id)}
    assert flags == {medical: True, letter: True} and opened["warnings"] == []
    assert tab.selected_attachment.id == letter and tab.mark_button.text() == "&Mark not sensitive"
