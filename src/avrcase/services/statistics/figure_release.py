"""Which key figures a published report may print, against the reports published before it.

Each key figure with a sum or a mean behind it (``FIGURE_UNITS``) is drawn from units — cases paid, cases
with an item delivered, cases surveyed, cases that left — each on a day and under a project. The reports
already in the release register (kind ``report``) and the new one cut those units into blocks; a figure
whose new or split block holds 1 to k−1 cases is withheld (``domain.figure_disclosure``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.figure_disclosure import FigureScope, UnitRow, figure_exposed
from avrcase.services.statistics.counts import case_project
from avrcase.services.statistics.finance import DELIVERED
from avrcase.services.statistics.measures import departure_days
from avrcase.store.models import (
    AllowancePayment,
    Case,
    PlanItemRecord,
    PlanRevisionRecord,
    Project,
    ReintegrationPlanRecord,
    StatisticsRelease,
    SustainabilitySurvey,
)

#: The register's kind for the tables of a dashboard report (the only releases that carry key figures).
REPORT = "report"


def _paid(session: Session, date_from: dt.date, date_to: dt.date) -> list[UnitRow]:
    rows = session.execute(
        select(AllowancePayment.case_id, AllowancePayment.paid_on, Project.name)
        .outerjoin(Project, Project.id == AllowancePayment.project_id)
        .where(AllowancePayment.status == "paid", AllowancePayment.paid_on.between(date_from, date_to)))
    return [(case_id, day, project) for case_id, day, project in rows if day is not None]


def _delivered(session: Session, date_from: dt.date, date_to: dt.date) -> list[UnitRow]:
    rows = session.execute(
        select(ReintegrationPlanRecord.case_id, PlanItemRecord.delivered_on, Project.name)
        .join(PlanRevisionRecord, PlanRevisionRecord.id == PlanItemRecord.revision_id)
        .join(ReintegrationPlanRecord, ReintegrationPlanRecord.id == PlanRevisionRecord.plan_id)
        .outerjoin(Project, Project.id == ReintegrationPlanRecord.project_id)
        .where(PlanItemRecord.status.in_(DELIVERED), PlanItemRecord.delivered_on.between(date_from, date_to)))
    return [(case_id, day, project) for case_id, day, project in rows if day is not None]


def _surveyed(session: Session, date_from: dt.date, date_to: dt.date) -> list[UnitRow]:
    rows = session.execute(
        select(SustainabilitySurvey.case_id, SustainabilitySurvey.surveyed_on, case_project())
        .join(Case, Case.id == SustainabilitySurvey.case_id)
        .where(SustainabilitySurvey.surveyed_on.between(date_from, date_to)))
    return [(case_id, day, project) for case_id, day, project in rows]


def _departed(session: Session, date_from: dt.date, date_to: dt.date) -> list[UnitRow]:
    departed = departure_days(date_from, date_to, case_project().label("project")).subquery("departed")
    rows = session.execute(select(departed.c.case_id, departed.c.day, departed.c.project))
    return [(case_id, _day(day), project) for case_id, day, project in rows]


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


#: The units behind each key figure that is not a count of the tables, by the figure's name.
FIGURE_UNITS: dict[str, Callable[[Session, dt.date, dt.date], list[UnitRow]]] = {
    "days_to_departure": _departed,
    "allowances_paid": _paid,
    "reintegration_delivered": _delivered,
    "sustainability": _surveyed,
}


def published_scopes(session: Session) -> list[FigureScope]:
    """The period and project of every report published so far (from the release register)."""
    rows = session.execute(select(StatisticsRelease.date_from, StatisticsRelease.date_to, StatisticsRelease.project)
                           .where(StatisticsRelease.kind == REPORT).distinct())
    return [FigureScope(date_from, date_to, project) for date_from, date_to, project in rows]


def withheld_figures(session: Session, new: FigureScope, k: int) -> set[str]:
    """The names of the key figures a report of ``new`` must not print, given the reports published before.

    Read before the new report's own tables are entered in the register.
    """
    earlier = [scope for scope in published_scopes(session) if scope != new]
    first = min([new.date_from, *(scope.date_from for scope in earlier)])
    last = max([new.date_to, *(scope.date_to for scope in earlier)])
    return {name for name, units in FIGURE_UNITS.items()
            if figure_exposed(new, earlier, units(session, first, last), k)}
