"""Key figures from the finance and reintegration records (#5): allowances paid, items delivered, sustainability.

Each function reads the tables of ``store.models.allowances`` / ``reintegration`` / ``projects`` for a
period and an optional project and returns a :class:`~avrcase.services.statistics_figures.KeyFigure`;
the dashboard lists them after the counts. Sums stay per currency (never added across currencies).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from avrcase.domain.money import Money
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_number
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics.counts import case_project
from avrcase.services.statistics.figures import KeyFigure
from avrcase.store.models import (
    AllowancePayment,
    Case,
    PlanItemRecord,
    PlanRevisionRecord,
    Project,
    ReintegrationPlanRecord,
    SustainabilitySurvey,
)

#: Item statuses that count as delivered (verified items were delivered first).
DELIVERED = ("delivered", "verified")
SCORES = ("economic", "social", "psychosocial", "composite")


def _amounts(rows) -> str:
    """"1 200,00 € · 300,00 $" from (currency, minor units) rows, largest first."""
    money = [Money.from_minor_units(int(minor), currency) for currency, minor in rows if minor]
    return " · ".join(m.format() for m in sorted(money, key=lambda m: (-m.amount, m.currency))) or "—"


def allowances_paid(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                    project: str | None = None) -> KeyFigure:
    """Allowance payments paid in the period, summed per currency (reversing entries included, so net)."""
    require(actor, Permission.STATISTICS_VIEW)
    where = [AllowancePayment.status == "paid", AllowancePayment.paid_on.between(date_from, date_to)]
    if project is not None:
        where.append(AllowancePayment.project_id.in_(select(Project.id).where(Project.name == project)))
    rows = session.execute(select(AllowancePayment.currency, func.sum(AllowancePayment.amount_minor),
                                  func.count(func.distinct(AllowancePayment.case_id)))
                           .where(*where).group_by(AllowancePayment.currency)).all()
    cases = sum(n for _c, _s, n in rows)
    detail = ngettext("to %(n)s case", "to %(n)s cases", cases) % {"n": format_number(cases)}
    return KeyFigure("allowances_paid", _("Allowances paid"), _amounts((c, s) for c, s, _n in rows), detail,
                     float(sum(s for _c, s, _n in rows)) if rows else 0.0, cases)


def reintegration_delivered(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                            project: str | None = None) -> KeyFigure:
    """Reintegration plan items delivered in the period and their cost (actual, else estimated) per currency.

    An item is counted once per plan however many revisions repeat it (the same ``key``).
    """
    require(actor, Permission.STATISTICS_VIEW)
    where = [PlanItemRecord.status.in_(DELIVERED), PlanItemRecord.delivered_on.between(date_from, date_to)]
    if project is not None:
        where.append(ReintegrationPlanRecord.project_id.in_(select(Project.id).where(Project.name == project)))
    items = (select(ReintegrationPlanRecord.id.label("plan_id"), ReintegrationPlanRecord.case_id,
                    ReintegrationPlanRecord.currency, PlanItemRecord.key,
                    func.max(func.coalesce(PlanItemRecord.actual_minor, PlanItemRecord.estimated_minor)).label("cost"))
             .join(PlanRevisionRecord, PlanRevisionRecord.id == PlanItemRecord.revision_id)
             .join(ReintegrationPlanRecord, ReintegrationPlanRecord.id == PlanRevisionRecord.plan_id)
             .where(*where)
             .group_by(ReintegrationPlanRecord.id, ReintegrationPlanRecord.case_id, ReintegrationPlanRecord.currency,
                       PlanItemRecord.key).subquery())
    rows = session.execute(select(items.c.currency, func.sum(items.c.cost), func.count(),
                                  func.count(func.distinct(items.c.case_id))).group_by(items.c.currency)).all()
    delivered = sum(n for _c, _s, n, _k in rows)
    cases = sum(k for _c, _s, _n, k in rows)
    text = format_number(delivered)
    public = ngettext("costing %(amount)s", "costing %(amount)s", delivered) % {
        "amount": _amounts((c, s) for c, s, _n, _k in rows)}
    detail = public + " · " + ngettext("%(n)s case", "%(n)s cases", cases) % {"n": format_number(cases)}
    return KeyFigure("reintegration_delivered", _("Reintegration items delivered"), text, detail, delivered, cases,
                     public)


def sustainability_scores(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                          project: str | None = None) -> KeyFigure:
    """Mean sustainability scores (0 to 1) of the surveys taken in the period, per dimension."""
    require(actor, Permission.STATISTICS_VIEW)
    columns = [func.avg(getattr(SustainabilitySurvey, name)) for name in SCORES]
    stmt = (select(func.count(), *columns).select_from(SustainabilitySurvey)
            .where(SustainabilitySurvey.surveyed_on.between(date_from, date_to)))
    if project is not None:
        stmt = stmt.join(Case, Case.id == SustainabilitySurvey.case_id).where(case_project() == project)
    surveys, *means = session.execute(stmt).one()
    label = _("Sustainability score (mean)")
    if not surveys:
        return KeyFigure("sustainability", label, "—", _("no surveys in the period"), None, 0)
    names = {"economic": _("economic"), "social": _("social"), "psychosocial": _("psychosocial")}
    parts = [_("%(dimension)s %(score)s") % {"dimension": names[name], "score": _score(mean)}
             for name, mean in zip(SCORES[:3], means[:3], strict=True)]
    public = " · ".join(parts)
    parts.append(ngettext("%(n)s survey", "%(n)s surveys", surveys) % {"n": format_number(surveys)})
    return KeyFigure("sustainability", label, _score(means[3]), " · ".join(parts),
                     None if means[3] is None else float(means[3]), surveys, public)


def _score(value: float | None) -> str:
    return "—" if value is None else format_number(round(float(value), 2))
