"""Long choices in the case dialog (a Lithuanian legal status) are readable whole on a 1024 × 700 screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from avrcase.domain.codes import LegalStatus
from avrcase.i18n import set_locale
from avrcase.ui.dialogs.case_dialog import CaseDialog


@pytest.fixture
def lithuanian():
    set_locale("lt")
    yield
    set_locale("en")


def test_a_long_legal_status_is_readable_whole_in_a_dialog_that_fits_1024_pixels(qtbot, ops, bus, lithuanian):
    """"Prieglobsčio prašytojas, kuriam atsisakyta suteikti prieglobstį" was cut off after "kuriam atsisa" in the
    field and in its list, which was no wider than the field."""
    dialog = CaseDialog(ops, bus)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 680)
    dialog.show()
    qtbot.waitExposed(dialog)
    combo = dialog.facts.legal_status
    dialog.tabs.setCurrentIndex(next(i for i in range(dialog.tabs.count())
                                     if dialog.tabs.widget(i).isAncestorOf(combo)))
    combo.set_code(LegalStatus.REJECTED_ASYLUM_SEEKER.value)
    text = combo.currentText()
    assert text == "Prieglobsčio prašytojas, kuriam atsisakyta suteikti prieglobstį"
    assert dialog.width() <= 1024
    assert combo.fontMetrics().horizontalAdvance(text) > combo.width()  # the field itself cannot show it all

    # The pointer resting on the field shows the whole choice.
    middle = combo.rect().center()
    QApplication.sendEvent(combo, QHelpEvent(QEvent.Type.ToolTip, middle, combo.mapToGlobal(middle)))
    assert QToolTip.text() == text
    QToolTip.hideText()

    # The open list is as wide as its longest entry, and each entry tells itself whole too.
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = combo.findData(LegalStatus.REJECTED_ASYLUM_SEEKER.value)
    assert view.visualRect(view.model().index(row, 0)).width() >= view.fontMetrics().horizontalAdvance(text)
    assert view.model().index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == text
    combo.hidePopup()
