"""Each role's main job done with the keyboard alone (#19): only key events reach the app (QTest), no method
is called to do the work; the store is checked afterwards. Set-up that is not the job (a case at the right
stage, a project) is made through the services, as in the other UI tests."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from avrcase.domain.codes import StaffRole
from avrcase.services.cases import case_file
from avrcase.services.dto import CaseQuery
from avrcase.services.cases import register as cases
from avrcase.ui.dialogs.case_dialog import CaseDialog
from avrcase.ui.dialogs.consultation_dialog import ConsultationDialog
from avrcase.ui.main_window import MainWindow
from avrcase.ui.ops import Ops
from tests.support.clock import FIXED_TODAY
from tests.support.keyboard import choose, press, tab_to, type_into, type_text

# WORKAROUND: the offscreen platform cannot raise windows (a case file raises itself when opened).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window_as(qtbot, engine, bus, tmp_path, actor_as):
    """The main window of someone with ``role``, active, as after signing in."""
    opened = []

    def _make(role: StaffRole) -> MainWindow:
        ops = Ops(engine, actor_as(role))
        window = MainWindow(ops, bus, QSettings(str(tmp_path / f"{role.value}.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        opened.append(ops)
        return window

    yield _make
    for ops in opened:
        ops.wait_for_background()


def _visible(kind):
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())


def test_a_counsellor_registers_a_case_and_logs_a_consultation_with_the_keyboard(qtbot, window_as):
    window = window_as(StaffRole.COUNSELLOR)
    press(Qt.Key.Key_N, CTRL)
    dialog = _visible(CaseDialog)
    p = dialog.principal
    type_into(p.family_name, "Beridze")
    type_into(p.given_names, "Nino")
    choose(p.sex, "Female")
    tab_to(p.date_of_birth)
    type_text("5/17/1988")
    choose(p.citizenship, "Georgia")
    choose(p.document_type, "No document")
    press(Qt.Key.Key_T, ALT)  # the "Return and case" tab
    f = dialog.facts
    choose(f.legal_status, f.legal_status.itemText(1))
    choose(f.referral_source, f.referral_source.itemText(1))
    choose(f.country_of_return, "Georgia")
    tab_to(dialog.save_button)
    press(Qt.Key.Key_Space)
    saved = window.ops.read(cases.list_cases, CaseQuery(search="Beridze"))
    assert len(saved) == 1
    case = window.ops.read(case_file.get_case, saved[0].id)
    assert (case.principal.given_names, case.principal.date_of_birth, case.country_of_return) == (
        "Nino", dt.date(1988, 5, 17), "GE")
    view = window.case_files[case.id]  # the saved case opened in its file

    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    press(Qt.Key.Key_L, CTRL)
    consultation = _visible(ConsultationDialog)
    type_into(consultation.notes, "Explained the programme and the travel documents.")
    tab_to(consultation.save_button)
    press(Qt.Key.Key_Space)
    case = window.ops.read(case_file.get_case, case.id)
    assert [c.notes for c in case.consultations] == ["Explained the programme and the travel documents."]
