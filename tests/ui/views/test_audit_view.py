"""The audit viewer speaks in words: "Case file opened", "Case VNO-2026-00001", "Payment" — not table names (#19)."""

from __future__ import annotations

from avrcase.domain.codes import StaffRole
from avrcase.services.cases import case_file
from avrcase.ui.ops import Ops
from avrcase.ui.views.audit_view import COL_ACTION, COL_RECORD, AuditView


def test_entries_show_actions_and_records_in_words(qtbot, engine, ops, make_case, actor_as):
    case = make_case()
    ops.read(case_file.get_case, case.id)
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    rows = [(view.model.texts(r)[COL_ACTION], view.model.texts(r)[COL_RECORD]) for r in range(view.model.rowCount())]
    assert ("Case file opened", f"Case {case.case_number}") in rows
    assert ("Added", "Person") in rows
    assert not any("_" in action or "#" in record for action, record in rows)
    filters = [view.action_filter.itemText(i) for i in range(view.action_filter.count())]
    assert "Case file opened" in filters and "case_opened" not in filters


def test_verify_the_chain_says_what_the_seals_proved_and_what_not(qtbot, engine, ops, make_case, actor_as):
    make_case()
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    assert view.verify()
    text = view.verdict.text()
    assert "The audit trail is intact" in text and "Proved with this computer's audit key" in text
    assert "the last this computer sealed in this store, is still there" in text
    assert "Not proved: entries after entry" not in text  # the newest entry is sealed too
    assert "could rewrite entries and recompute" not in text
