"""The Documents tab of a store with no office profile: one message saying what to fill in, no paper issued."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import delete

from avrcase.services.uow import unit_of_work
from avrcase.store.models import OfficeProfile
from avrcase.ui.views.documents_tab import CaseDocumentsTab, IssueDocumentDialog


def test_the_counsellor_is_told_who_fills_in_what_and_nothing_is_issued(qtbot, ops, engine, make_case, monkeypatch):
    case = make_case(members=1)
    with unit_of_work(engine) as session:  # as a fresh clone leaves the store
        session.execute(delete(OfficeProfile))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(IssueDocumentDialog, "exec", lambda self: pytest.fail("the type was asked for first"))
    tab = CaseDocumentsTab(ops, case.id)
    qtbot.addWidget(tab)

    tab.issue_button.click()

    [text] = shown
    assert text.startswith("The office profile is not filled in yet") and "File ▸ Office profile" in text
    assert tab.documents_model.rowCount() == 0

