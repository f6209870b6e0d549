"""The Documents tab's "Holds health or other sensitive data" box starts as the role would want it.

It was ticked for everyone: a finance officer who attached a receipt and left it ticked could not open their own
receipt afterwards. Now it is ticked for roles that may read sensitive data and unticked for the others.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices

from avrcase.domain.codes import StaffRole
from avrcase.ui.ops import Ops
from avrcase.ui.views.documents_tab import CaseDocumentsTab
from tests.services.documents.test_documents import PNG


@pytest.mark.parametrize(("role", "ticked"), [(StaffRole.COUNSELLOR, True), (StaffRole.TRAVEL_OFFICER, True),
                                              (StaffRole.FINANCE_OFFICER, False), (StaffRole.MANAGER, False)])
def test_the_box_is_ticked_only_for_roles_that_may_read_sensitive_data(qtbot, engine, bus, actor_as, make_case,
                                                                       role, ticked):
    tab = CaseDocumentsTab(Ops(engine, actor_as(role), bus=bus), make_case().id)
    qtbot.addWidget(tab)
    assert tab.attach_sensitive.isChecked() is ticked
    tip = tab.attach_sensitive.toolTip()
    assert ("yours may not" in tip) is not ticked and "roles that may see medical details" in tip


def test_a_finance_officer_opens_the_receipt_they_just_attached(qtbot, engine, bus, actor_as, make_case, tmp_path,
                                                               monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    tab = CaseDocumentsTab(Ops(engine, actor_as(StaffRole.FINANCE_OFFICER), bus=bus), make_case().id)
    qtbot.addWidget(tab)
    (tmp_path / "bus ticket receipt.png").write_bytes(PNG)
    assert tab.attach_file(tmp_path / "bus ticket receipt.png", "receipt") is not None
    assert not tab.attach_sensitive.isChecked()  # still the role's default for the next scan
    assert tab.open_attachment_button.isEnabled()
    try:
        assert tab.open_selected_attachment() is not None and Path(opened[0]).read_bytes() == PNG
    finally:
        for copy in opened:
            Path(copy).unlink(missing_ok=True)
