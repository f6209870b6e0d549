"""The dashboard's table and report exports are put on the audit trail, like the anonymised export."""

from __future__ import annotations

import json

from sqlalchemy import select

from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.services.statistics.test_statistics import store  # noqa: F401  (fixture)
from tests.ui.views.test_dashboard import WAIT_MS, manager_ops, view  # noqa: F401  (fixtures)


def _exports(engine):
    with unit_of_work(engine, write=False) as session:
        return [(e.username, json.loads(e.details)) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export", AuditEntry.entity == "statistics_table"))]


def test_an_exported_table_and_report_are_on_record(qtbot, view, store, tmp_path):  # noqa: F811
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_table("citizenships", tmp_path / "citizenships.xlsx")
    [(user, details)] = _exports(store)
    assert user == "manager" and details["format"] == "xlsx" and details["kind"] == "table"
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_report(tmp_path / "dashboard.pdf")
    reports = [d for _u, d in _exports(store) if d["kind"] == "report"]
    assert len(reports) == len(view.snapshot.panels) and {d["format"] for d in reports} == {"pdf"}
