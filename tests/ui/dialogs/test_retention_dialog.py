"""Retention…: a manager sees the due cases, confirms, and they are anonymised; refusing changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from avrcase import app as app_module
from avrcase.domain.codes import StaffRole
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Person, StageChange
from avrcase.ui.dialogs.retention_dialog import RetentionDialog
from avrcase.ui.ops import Ops
from tests.support.data_protection import FAMILY, closed_case


@pytest.fixture
def old_case(engine, actor, make_case):
    """A case closed eleven years ago."""
    case = closed_case(engine, actor, make_case)
    with unit_of_work(engine) as session:
        for change in session.scalars(select(StageChange).where(StageChange.case_id == case.id)):
            change.changed_at = change.changed_at - dt.timedelta(days=366 * 11)
    return case


@pytest.fixture
def dialog(qtbot, engine, actor_as, old_case):
    widget = RetentionDialog(Ops(engine, actor_as(StaffRole.MANAGER)))
    qtbot.addWidget(widget)
    return widget


def _names(engine):
    with unit_of_work(engine, write=False) as session:
        return session.scalars(select(Person.family_name).where(Person.family_name == FAMILY)).all()


def test_the_preview_lists_the_due_case(dialog, old_case):
    assert dialog.model.rowCount() == 1 and dialog.model.texts(0)[0] == old_case.case_number
    assert dialog.model.texts(0)[2] == "2" and dialog.model.texts(0)[3] == "2"
    assert dialog.run_button.isEnabled() and "1 case closed before" in dialog.summary.text()


def test_saying_no_changes_nothing(dialog, engine, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.run_button.click()
    assert _names(engine) == [FAMILY] and dialog.model.rowCount() == 1


def test_confirming_anonymises_and_empties_the_preview(dialog, engine, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    dialog.run_button.click()
    assert "1 case" in asked[0] and _names(engine) == []
    assert dialog.model.rowCount() == 0 and not dialog.run_button.isEnabled()
    assert "1 case anonymised" in dialog.result.text()


def test_only_a_manager_sees_the_menu_item(qtbot, engine, db_path, tmp_path, actor_as, actor):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    for who, visible in ((actor_as(StaffRole.MANAGER), True), (actor, False)):
        window = app_module.build_main_window(f"sqlite:///{db_path}", settings, actor=who)
        qtbot.addWidget(window)
        assert window.account_menu.retention_action.isVisible() is visible
        window.ops.engine.dispose()



def test_with_nothing_due_the_summary_says_so_in_words(qtbot, engine, actor_as):
    """Not "0 closed cases were closed before …" (#19)."""
    from avrcase.ui.dialogs.retention_dialog import RetentionDialog
    from avrcase.ui.ops import Ops

    dialog = RetentionDialog(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(dialog)
    text = dialog.summary.text()
    assert text.startswith("No case closed before ") and "is waiting to be anonymised." in text
    assert "The office keeps closed cases 10 years." in text and not text.startswith("0")
