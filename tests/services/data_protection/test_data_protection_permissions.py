"""The data-protection services follow the permission table for every role (parametrised over the table)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule
from avrcase.services.data_protection import retention, subject_access
from avrcase.services.permissions import SYSTEM, Permission
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import export_audit
from tests.support.permissions import ACTING, acting_id, check_call, may

P = Permission
DAY = dt.date(2026, 1, 1)
TABLE = statistics.CountTable(statistics.StatisticsQuery("cases", ("citizenship",), DAY, DAY), ((),), {})
EMPTY = retention.RetentionPreview(10, DAY, ())
SERVICES = [
    ("subject_access.build_report", P.EXPORT_RECORDS, lambda s, a: subject_access.build_report(s, a, "NONE-1")),
    ("subject_access.write_report", P.EXPORT_RECORDS,
     lambda s, a: subject_access.write_report(s, a, "NONE-1", Path("/nonexistent/x.pdf"))),
    ("retention.preview", P.RETENTION_RUN, lambda s, a: retention.preview(s, a)),
    ("retention.run", P.RETENTION_RUN, lambda s, a: retention.run(s, a, EMPTY)),
    ("retention.retention_years", P.RETENTION_RUN, lambda s, a: retention.retention_years(s, a)),
    ("retention.set_retention_years", P.OFFICE_EDIT, lambda s, a: retention.set_retention_years(s, a, 0)),
    ("export_audit.record_table_export", P.STATISTICS_VIEW,
     lambda s, a: export_audit.record_table_export(s, a, TABLE, DisclosureRule(), "csv", "x")),
]


@pytest.mark.parametrize("role", ACTING, ids=acting_id)
@pytest.mark.parametrize("name, permission, call", SERVICES, ids=[s[0] for s in SERVICES])
def test_service_follows_the_permission_table(engine, actor_as, name, permission, call, role):
    actor = actor_as(role) if isinstance(role, StaffRole) else SYSTEM if role is not None else None
    check_call(engine, actor, name, may(role, permission), call)
