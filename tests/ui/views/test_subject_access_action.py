"""The case file's "Subject access report…" button: a save dialog, the file written, refused to a manager."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from avrcase.domain.codes import StaffRole
from avrcase.ui.ops import Ops
from avrcase.ui.views.case_file import CaseFileView
from avrcase.ui.widgets import file_dialogs
from tests.conftest import make_person
from tests.support.data_protection import FAMILY


def _button(qtbot, ops, bus, case_id):
    view = CaseFileView(ops, bus, case_id)
    qtbot.addWidget(view)
    view.show()
    return view, view.findChild(QPushButton, "subject_access_button")


def test_the_counsellor_saves_the_report_as_json(qtbot, ops, bus, make_case, tmp_path, monkeypatch):
    case = make_case(principal=make_person(family_name=FAMILY))
    target = tmp_path / "report.json"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: (str(target), "JSON (*.json)"))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    _view, button = _button(qtbot, ops, bus, case.id)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["case_number"] == case.case_number and data["records"]["persons"][0]["family_name"] == FAMILY
    assert told and str(target) in told[0]


def test_cancelling_the_save_dialog_writes_nothing(qtbot, ops, bus, make_case, tmp_path, monkeypatch):
    case = make_case()
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: ("", ""))
    _view, button = _button(qtbot, ops, bus, case.id)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.json")) == list(tmp_path.glob("*.pdf")) == []


def test_a_manager_does_not_get_the_button(qtbot, engine, bus, make_case, actor_as):
    case = make_case()
    manager_ops = Ops(engine, actor_as(StaffRole.MANAGER))
    _view, button = _button(qtbot, manager_ops, bus, case.id)
    assert not button.isEnabled()
