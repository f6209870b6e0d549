"""Screens by role: a role that may not see, register or edit cases is told so or not offered the action."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from avrcase.domain.codes import StaffRole
from avrcase.services.cases import register as case_service
from avrcase.services.dto import CaseQuery
from avrcase.services.uow import unit_of_work
from avrcase.ui.ops import Ops
from avrcase.ui.views.case_file import CaseFileView
from tests.support.actors import COUNSELLOR


def test_an_administrator_is_told_why_there_is_no_case_list(window_as, make_case):
    make_case()
    window = window_as(StaffRole.ADMINISTRATOR)
    case_list = window.case_list
    assert case_list.pages.currentWidget() is case_list.empty_panel
    assert "No cases yet" not in case_list.empty_title.text()
    assert "does not allow you to see case lists" in case_list.empty_text.text()
    assert not case_list.new_case_button.isVisibleTo(window)
    assert not case_list.load_demo_button.isVisibleTo(window)
    assert not window.new_case_action.isEnabled()


def test_a_counsellor_on_an_empty_store_is_invited_to_register(window_as):
    window = window_as(StaffRole.COUNSELLOR)
    assert "No cases yet" in window.case_list.empty_title.text()
    assert window.case_list.new_case_button.isVisibleTo(window) and window.new_case_action.isEnabled()


def test_new_case_is_not_offered_to_a_travel_officer(window_as):
    assert not window_as(StaffRole.TRAVEL_OFFICER).new_case_action.isEnabled()


def test_demo_data_asked_by_an_administrator_is_refused_with_a_reason_not_an_error(qtbot, window_as, make_case,
                                                                                   monkeypatch, engine):
    make_case()
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: shown.append(text))
    window = window_as(StaffRole.ADMINISTRATOR)
    assert window.load_demo() is None  # refused at once, before any work starts
    assert window.demo_task is None
    assert len(shown) == 1 and "real office store" in shown[0]
    with unit_of_work(engine, write=False) as session:  # nothing was added to the real case
        assert case_service.count_cases(session, COUNSELLOR, CaseQuery()) == 1


@pytest.mark.parametrize(("role", "edit", "consult", "stage"), [
    (StaffRole.COUNSELLOR, True, True, True),
    (StaffRole.FINANCE_OFFICER, False, False, False),
    (StaffRole.TRAVEL_OFFICER, False, False, True),
    (StaffRole.MANAGER, False, False, False),
])
def test_the_case_file_offers_only_what_the_role_may_do(qtbot, engine, bus, actor_as, make_case, role, edit,
                                                        consult, stage):
    case = make_case()
    view = CaseFileView(Ops(engine, actor_as(role)), bus, case.id)
    qtbot.addWidget(view)
    assert (view.edit_button.isEnabled(), view.consultation_button.isEnabled(),
            view.stage_button.isEnabled()) == (edit, consult, stage)
