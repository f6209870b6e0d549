"""Put statistics table exports on the audit trail, as the anonymised export and subject access reports are.

An entry says what left the app (title, measure, dimensions, period, format, disclosure rule and how
many cells were suppressed), never the numbers themselves nor the path written.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from avrcase.domain.disclosure import DisclosureRule
from avrcase.services import audit
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics.counts import CountTable


def record_table_export(session: Session, actor: Actor | None, table: CountTable, rule: DisclosureRule, fmt: str,
                        title: str, *, suppressed: int | None = None, kind: str = "table") -> None:
    """Queue an ``export`` entry for a protected statistics table (``kind``: table, eurostat or report)."""
    require(actor, Permission.STATISTICS_VIEW)
    query = table.query
    audit.record(session, actor, audit.Action.EXPORT, entity="statistics_table", kind=kind, title=title,
                 measure=query.measure, dimensions=list(query.dimensions), date_from=query.date_from,
                 date_to=query.date_to, project=query.project or "", format=fmt, min_cell=rule.min_cell,
                 round5=rule.round5, suppressed=suppressed)
