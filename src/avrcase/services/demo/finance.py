"""Demo finance: three projects with EUR rates, caps and budget lines; cases assigned to them; allowances.

Runs once after the cases and their travel are written (``services/demo.py``), reading back the stage
history, households and booked departures, so the case story stays the one place that decides stages.
Departed cases were paid their entitlement (cash at departure, a prepaid card, or through a partner after
arrival; a few reversed and paid again, a few missed, a few with an override a manager approved); most
upcoming departures have a planned payment, the rest show on "allowances due". Plans, monitoring and
surveys come from ``services/demo_reintegration.py``. Budget lines are sized to what the demo commits.
Deterministic for a seed and a ``today``; rows go in with Core bulk INSERTs so 10,000 cases stay quick.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

from sqlalchemy import func, insert, select, true, update
from sqlalchemy.orm import Session

from avrcase.domain.allowances import AllowanceRates, Household, compute_entitlement
from avrcase.domain.finance_codes import LineKind
from avrcase.domain.money import Money
from avrcase.domain.stages import Stage
from avrcase.domain.validation import ADULT_AGE, age_on
from avrcase.services.demo.common import PROJECTS, DemoCase, Rows, S, at, case_id_ranges, euros
from avrcase.services.demo.reintegration import Reintegration
from avrcase.services.finance.projects import all_line_rows
from avrcase.store.models import (
    AllowancePayment,
    BudgetLine,
    Case,
    CaseMember,
    CaseVulnerability,
    EntitlementOverride,
    Itinerary,
    Person,
    Project,
    ProjectCase,
    StageChange,
    User,
)


def load_cases(session: Session, first: int | None = None, last: int | None = None) -> dict[int, DemoCase]:
    """Every case (with an id from ``first`` to ``last`` when given) with its stage moves, household,
    vulnerabilities and booked departure."""
    connection = session.connection()
    found = {}

    def within(column):
        return column.between(first, last) if first is not None and last is not None else true()

    for case_id, stage, country, label in connection.execute(
            select(Case.id, Case.stage, Case.country_of_return, Case.project).where(within(Case.id)).order_by(Case.id)):
        index = next((i for i, p in enumerate(PROJECTS) if any(word in label for word in p.takes)), 0)
        found[case_id] = DemoCase(case_id, Stage(stage), country, index)
    for case_id, stage, changed in connection.execute(
            select(StageChange.case_id, StageChange.to_stage, StageChange.changed_at)
            .where(StageChange.to_stage.in_([S.DEPARTED.value, S.REINTEGRATION.value, S.CLOSED.value]),
                   within(StageChange.case_id))
            .order_by(StageChange.case_id, StageChange.changed_at)):
        found[case_id].moves[Stage(stage)] = changed.date() if isinstance(changed, dt.datetime) else changed
    for case_id, born in connection.execute(
            select(CaseMember.case_id, Person.date_of_birth).join(Person, Person.id == CaseMember.person_id)
            .where(within(CaseMember.case_id)).order_by(CaseMember.case_id, CaseMember.position)):
        found[case_id].births.append(born)
    for case_id, count in connection.execute(
            select(CaseVulnerability.case_id, func.count(CaseVulnerability.person_id.distinct()))
            .where(within(CaseVulnerability.case_id)).group_by(CaseVulnerability.case_id)):
        found[case_id].vulnerable = count
    for case_id, day in connection.execute(select(Itinerary.case_id, Itinerary.departure_date)
                                           .where(within(Itinerary.case_id))):
        found[case_id].departure = day
    return found


def _household(case: DemoCase, on: dt.date) -> Household:
    adults = sum(1 for born in case.births if born is None or age_on(born, on) >= ADULT_AGE)
    children = len(case.births) - adults
    return Household(adults, children, min(case.vulnerable, adults + children))


@cache
def _entitlement(project: int, adults: int, children: int, vulnerable: int) -> Money:
    """The entitlement under a demo project's rates (households repeat, so it is computed once each)."""
    rates = AllowanceRates(*(euros(v) for v in PROJECTS[project].rates))
    return compute_entitlement(rates, Household(adults, children, vulnerable)).amount


def add_finance(session: Session, *, seed: int, today: dt.date) -> dict[str, int]:
    """Add projects, memberships, allowances, plans, monitoring and surveys; returns counts per table."""
    ranges = list(case_id_ranges(session))
    if not ranges:
        return {}
    staff = dict(session.execute(select(User.username, User.id)).all())
    started = today.replace(month=1, day=1) - dt.timedelta(days=3 * 365)
    projects = []
    for position, spec in enumerate(PROJECTS):
        adult, child, vulnerable, cap = spec.rates
        project = Project(
            name=spec.name, funder=spec.funder, starts_on=started, ends_on=today.replace(month=12, day=31)
            + dt.timedelta(days=366 * (1 + position % 2)), currency="EUR", per_adult_minor=adult * 100,
            per_child_minor=child * 100, per_vulnerable_minor=vulnerable * 100, household_cap_minor=cap * 100,
            reintegration_per_person_minor=spec.reintegration[0] * 100,
            reintegration_per_household_minor=spec.reintegration[1] * 100, created_at=at(started, 8),
            updated_at=at(started, 8),
            lines=[BudgetLine(kind=LineKind.ALLOWANCE.value, name="Reinstallation allowances", amount_minor=0,
                              position=0),
                   BudgetLine(kind=LineKind.REINTEGRATION.value, name="Reintegration assistance", amount_minor=0,
                              position=1)])
        session.add(project)
        projects.append(project)
    session.flush()
    rows = Rows(session, (AllowancePayment, EntitlementOverride))
    writer = _Allowances(random.Random(f"finance-{seed}"), today, staff, rows, projects)
    reintegration = Reintegration(session, projects, staff, seed=seed, today=today)
    # The cases are read back a batch at a time (memory stays flat at any size, #14); each part keeps its
    # own random generator and hands out its own ids, so the store is the same as in one pass.
    for first, last in ranges:
        cases = load_cases(session, first, last)
        if not cases:
            continue
        memberships = [{"case_id": c.id, "project_id": projects[c.project].id, "assigned_at": at(started, 9),
                        "assigned_by_id": staff.get("manager")} for c in cases.values()]
        session.execute(insert(ProjectCase.__table__), memberships)
        for index, project in enumerate(projects):
            ids = [c.id for c in cases.values() if c.project == index]
            for start in range(0, len(ids), 500):
                session.execute(update(Case.__table__).where(Case.__table__.c.id.in_(ids[start:start + 500]))
                                .values(project=project.name, updated_at=Case.__table__.c.updated_at))
        for case in cases.values():
            writer.case(case)
            rows.flush_if_full(session)
        reintegration.add(session, cases.values())
    rows.write(session)
    # Each payment paid to the principal applicant, who signed its receipt: one statement for the whole demo.
    payments = AllowancePayment.__table__
    session.execute(update(payments).where(payments.c.paid_to_id.is_(None)).values(
        paid_to_id=select(Case.__table__.c.principal_id).where(Case.__table__.c.id == payments.c.case_id)
        .scalar_subquery()))
    counts = reintegration.finish(session)
    committed = _committed(session)
    for project in projects:
        for line in project.lines:
            # Sized to what the demo commits plus a margin, in round tens of thousands.
            used = committed.get(line.id, 0)
            line.amount_minor = max(5_000_000, -(-used * 5 // 4 // 1_000_000) * 1_000_000)
    session.flush()
    counts.update({"allowance_payments": rows.count(AllowancePayment), "projects": len(projects)})
    return counts


def _committed(session: Session) -> dict[int, int]:
    return {row.id: row.committed.to_minor_units() for row in all_line_rows(session)}


class _Allowances:
    """Invents each case's allowance payments from one random generator."""

    def __init__(self, rng: random.Random, today: dt.date, staff: dict[str, int], rows: Rows, projects):
        self.rng, self.today, self.rows, self.projects = rng, today, rows, projects
        self.finance, self.manager = staff.get("finance"), staff.get("manager")

    def _pay(self, case: DemoCase, amount: Money, method: str, planned: dt.date, paid: dt.date | None, *,
             status: str = "paid", reverses: int | None = None, note: str = "", signed: bool = True) -> int:
        project = self.projects[case.project]
        return self.rows.add(
            AllowancePayment, case_id=case.id, project_id=project.id, budget_line_id=project.lines[0].id,
            amount_minor=amount.to_minor_units(), currency="EUR", method=method, status=status, planned_on=planned,
            paid_on=paid, paid_by_id=self.finance if paid else None, receipt_signed=bool(paid) and signed,
            reverses_id=reverses, note=note, created_at=at(planned, 9), created_by_id=self.finance)

    def case(self, case: DemoCase) -> None:
        rng = self.rng
        departed = case.moves.get(S.DEPARTED)
        on = departed or case.departure
        if on is None or (departed is None and (case.stage not in (S.TRAVEL_PREPARATION, S.DEPARTURE_SCHEDULED)
                                                or on < self.today)):
            return
        household = _household(case, on)
        amount = _entitlement(case.project, household.adults, household.children, household.vulnerable)
        if departed is None:  # an upcoming departure: most have their allowance planned already
            if rng.random() < 0.7:
                self._pay(case, amount, rng.choice(("cash_at_departure", "prepaid_card")), on, None,
                          status="planned")
            return
        if case.vulnerable and rng.random() < 0.05:
            amount = amount + euros(300)
            self.rows.add(EntitlementOverride, case_id=case.id, amount_minor=amount.to_minor_units(),
                          currency="EUR", reason="Medical costs on arrival (synthetic demo reason)",
                          requested_at=at(on - dt.timedelta(days=10)), requested_by_id=self.finance, approved=True,
                          decided_at=at(on - dt.timedelta(days=8)), decided_by_id=self.manager)
        roll = rng.random()
        if roll < 0.01:
            self._pay(case, amount, "cash_at_departure", on, None, status="missed",
                      note="The returnee did not come to collect the allowance.")
        elif roll < 0.04:
            first = self._pay(case, amount, "prepaid_card", on, on)
            again = min(self.today, on + dt.timedelta(days=rng.randint(2, 10)))
            self._pay(case, amount, "prepaid_card", again, again, reverses=first,
                      note="The prepaid card could not be activated; a new card was issued.")
            self._pay(case, amount, "prepaid_card", again, again)
        elif roll < 0.24:
            paid = on + dt.timedelta(days=rng.randint(10, 40))
            self._pay(case, amount, "through_partner", on, paid if paid <= self.today else None,
                      status="paid" if paid <= self.today else "planned")
        else:
            method = "cash_at_departure" if roll < 0.75 else "prepaid_card"
            self._pay(case, amount, method, on, on, signed=rng.random() < 0.96)
