"""Demo reintegration: needs assessments, plans with items in every status, monitoring contacts and surveys.

Called by ``services/demo_finance.py`` with the cases it loaded. A case that moved to "reintegration" had
its plan approved that day (as the service does); closed cases had every item verified before closing;
cases still in reintegration show items approved, delivered, verified, cancelled and overdue, and a few
revised plans. Some departed cases have a draft plan. Every returned case has monitoring contacts at about
1, 3, 6 and 12 months (some missed, so "monitoring due" shows); cases with a plan have a baseline survey and
follow-ups whose scores improve. Closed cases get their last follow-up no later than the day they closed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

from sqlalchemy.orm import Session

from avrcase.domain.finance_codes import ContactMethod, NeedLevel, Referral, SurveyKind
from avrcase.domain.periods import add_months
from avrcase.domain.reintegration import ItemCategory
from avrcase.domain.rss import score_survey
from avrcase.domain.stages import Stage
from avrcase.services.demo.common import PROJECTS, DemoCase, Rows, at
from avrcase.services.reintegration.monitoring import survey_definition
from avrcase.store.models import (
    MonitoringContact,
    NeedsAssessment,
    PlanItemRecord,
    PlanRevisionRecord,
    ReintegrationPlanRecord,
    SurveyAnswer,
    SustainabilitySurvey,
)

S = Stage
C = ItemCategory
#: What each category usually pays for, and how often it is chosen.
SUPPORT: dict[ItemCategory, tuple[int, tuple[str, ...]]] = {
    C.MICRO_BUSINESS: (30, ("Equipment for a small bakery", "Tools and stock for a car repair workshop",
                            "Sewing machines and fabric for a tailoring business", "Livestock and feed for a small farm",
                            "Stock and a refrigerator for a grocery kiosk")),
    C.VOCATIONAL_TRAINING: (14, ("Driving licence course (category C)", "Welding course", "Hairdressing course",
                                 "Computer skills course")),
    C.EDUCATION: (8, ("School fees, books and uniforms for the children", "University enrolment fees")),
    C.JOB_PLACEMENT: (6, ("Wage subsidy for six months with a local employer",)),
    C.HOUSING: (14, ("Rent for the first three months", "Repairs to the family home")),
    C.MEDICAL_CARE: (10, ("Specialist consultations and medication for six months",)),
    C.PSYCHOSOCIAL_SUPPORT: (7, ("Counselling sessions with a psychologist",)),
    C.LEGAL_AND_DOCUMENTATION: (6, ("Replacement identity documents and civil registration",)),
    C.OTHER: (5, ("Household items for a new start",)),
}
PROVIDERS = ("IOM mission in the country of return", "Local partner NGO", "Vocational training centre",
             "Municipal employment office", "Supplier chosen with the returnee")
SKILLS = ("Driver with a category B licence", "Cook; worked in a restaurant kitchen", "Builder and plasterer",
          "Seamstress", "Farm work; keeps poultry", "Shop assistant; basic bookkeeping", "Car mechanic")
PLANS = ("Open a small business near the family", "Find work in construction", "Finish school and train",
         "Return to farming on the family land", "Rent a flat and look for work in the capital")
FINDINGS = ("Settled with relatives; looking for work.", "Business running; first income.",
            "Training completed; applying for jobs.", "Housing secured; children back at school.",
            "Health stable; attends the clinic.", "Difficulties with debts; referred for advice.")
WHO = ("IOM caseworker in the country of return", "Partner NGO caseworker", "Reintegration officer, Vilnius (phone)")
CONTACT_MONTHS = (1, 3, 6, 12)


#: Survey answers are drawn from a few invented returnees per level of wellbeing (in twentieths), so the
#: scoring (exact fractions, slow in bulk) runs once per profile rather than once per survey.
PROFILES_PER_LEVEL = 8


@cache
def _profile(level: int, variant: int, no_school: bool) -> tuple[tuple[tuple[str, str], ...], tuple]:
    """The answers of one invented returnee at wellbeing ``level``/20, and their scores."""
    rng = random.Random(f"rss-{level}-{variant}-{no_school}")
    answers = []
    for indicator in survey_definition().indicators:
        if indicator.key == "soc_education" and no_school:
            answers.append((indicator.key, next(a.key for a in indicator.answers if a.not_applicable)))
        elif rng.random() < 0.04:
            answers.append((indicator.key, next(a.key for a in indicator.answers
                                                if a.value is None and not a.not_applicable)))
        else:
            wanted = min(1.0, max(0.0, level / 20 + rng.gauss(0, 0.2)))
            scored = [a for a in indicator.answers if a.value is not None]
            answers.append((indicator.key, min(scored, key=lambda a: abs(float(a.value) - wanted)).key))
    score = score_survey(survey_definition(), dict(answers))
    scores = (*(score.dimension(key).score for key in ("economic", "social", "psychosocial")), score.composite)
    return tuple(answers), scores


class Reintegration:
    """Plans, assessments, contacts and surveys of the returned cases, given batch by batch in case order."""

    def __init__(self, session: Session, projects, staff: dict[str, int], *, seed: int, today: dt.date):
        self.rows = Rows(session, (NeedsAssessment, ReintegrationPlanRecord, PlanRevisionRecord, PlanItemRecord,
                                   MonitoringContact, SustainabilitySurvey, SurveyAnswer))
        self._writer = _Writer(random.Random(f"reintegration-{seed}"), today, staff, self.rows, projects)

    def add(self, session: Session, cases: Iterable[DemoCase]) -> None:
        """Invent the reintegration of each returned case of ``cases`` (the next ones in case order)."""
        for case in cases:
            if S.DEPARTED in case.moves:
                self._writer.case(case)
                self.rows.flush_if_full(session)

    def finish(self, session: Session) -> dict[str, int]:
        """Write what is still queued; the rows written per table."""
        self.rows.write(session)
        return {model.__tablename__: self.rows.count(model) for model in self.rows.rows}


def add_reintegration(session: Session, cases: dict[int, DemoCase], projects, staff: dict[str, int], *, seed: int,
                      today: dt.date) -> dict[str, int]:
    """Write plans, assessments, contacts and surveys for the returned cases; returns counts per table."""
    writer = Reintegration(session, projects, staff, seed=seed, today=today)
    writer.add(session, cases.values())
    return writer.finish(session)


class _Writer:
    """Invents each returned case's reintegration from one random generator."""

    def __init__(self, rng: random.Random, today: dt.date, staff: dict[str, int], rows: Rows, projects):
        self.rng, self.today, self.rows, self.projects = rng, today, rows, projects
        self.officer, self.manager = staff.get("reintegration"), staff.get("manager")

    def _day(self, start: dt.date, low: int, high: int, end: dt.date) -> dt.date:
        return min(end, start + dt.timedelta(days=self.rng.randint(low, high)))

    def case(self, case: DemoCase) -> None:
        rng = self.rng
        returned = case.moves[S.DEPARTED]
        end = case.moves.get(S.CLOSED, self.today) if case.stage is S.CLOSED else self.today
        approved = case.moves.get(S.REINTEGRATION)
        if approved is not None:
            self._plan(case, returned, approved, end)
            self._surveys(case, returned, approved, end)
        elif case.stage is S.DEPARTED and rng.random() < 0.35 and returned + dt.timedelta(days=3) <= self.today:
            self._plan(case, returned, None, self.today)
        self._contacts(case, returned, end)

    # ------------------------------------------------------------ plans

    def _assessment(self, case: DemoCase, day: dt.date) -> None:
        rng = self.rng
        levels = [NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH]
        self.rows.add(
            NeedsAssessment, case_id=case.id, assessed_on=day, assessed_by_id=self.officer,
            economic_need=rng.choice(levels).value, social_need=rng.choice(levels).value,
            psychosocial_need=rng.choice(levels).value, economic_notes="No regular income yet.",
            social_notes="Lives with relatives.", psychosocial_notes="Stress after return; sleeps badly.",
            skills=rng.choice(SKILLS), plans=rng.choice(PLANS),
            referral_needs=",".join(sorted(r.value for r in rng.sample(list(Referral), rng.randint(0, 2)))),
            referral_notes="", version=1)

    def _items(self, case: DemoCase) -> list[tuple[ItemCategory, str, str, str, int]]:
        rng = self.rng
        per_person, per_household = PROJECTS[case.project].reintegration
        cap = min(per_person * max(1, len(case.births)), per_household)
        total = cap * rng.uniform(0.55, 0.95)
        count = rng.choices((1, 2, 3), (3, 5, 2))[0]
        shares = [rng.uniform(1, 3) for _ in range(count)]
        categories = rng.choices(list(SUPPORT), [w for w, _texts in SUPPORT.values()], k=count)
        out = []
        for category, share in zip(categories, shares, strict=True):
            euros = max(100, int(total * share / sum(shares)) // 10 * 10)
            cash = category in (C.HOUSING, C.EDUCATION) and rng.random() < 0.5
            out.append((category, rng.choice(SUPPORT[category][1]), rng.choice(PROVIDERS),
                        "cash" if cash else "in_kind", euros * 100))
        return out

    def _plan(self, case: DemoCase, returned: dt.date, approved: dt.date | None, end: dt.date) -> None:
        rng = self.rng
        drafted = self._day(returned, 1, 14, approved or end)
        self._assessment(case, drafted)
        project = self.projects[case.project]
        plan = self.rows.add(ReintegrationPlanRecord, case_id=case.id, project_id=project.id,
                             budget_line_id=project.lines[1].id, currency="EUR", created_at=at(drafted),
                             updated_at=at(approved or drafted), version=2 if approved else 1)
        items = self._items(case)
        first = self.rows.add(PlanRevisionRecord, plan_id=plan, number=1, drafted_on=drafted,
                              drafted_by_id=self.officer, reason="", approved_on=approved,
                              approved_by_id=self.manager if approved else None)
        if approved is None:
            for position, item in enumerate(items):
                self._item(first, position, item, "planned", due=drafted + dt.timedelta(days=60))
            return
        revise = case.stage is S.REINTEGRATION and rng.random() < 0.08 and approved + dt.timedelta(days=40) <= end
        progress = [self._progress(approved, end, closed=case.stage is S.CLOSED) for _ in items]
        for position, item in enumerate(items):
            # A revised plan's first revision shows the items as they were when it was agreed.
            status = "approved" if revise else progress[position][0]
            self._item(first, position, item, status, approved=approved,
                       **({} if revise else progress[position][1]))
        if revise:
            day = approved + dt.timedelta(days=30)
            second_approved = day + dt.timedelta(days=5) if rng.random() < 0.6 else None
            second = self.rows.add(PlanRevisionRecord, plan_id=plan, number=2, drafted_on=day,
                                   drafted_by_id=self.officer, reason="The business plan changed after a market "
                                   "assessment.", approved_on=second_approved,
                                   approved_by_id=self.manager if second_approved else None)
            for position, item in enumerate(items):
                self._item(second, position, item, progress[position][0], approved=approved, **progress[position][1])
            extra = (C.VOCATIONAL_TRAINING, "Book-keeping course for the business", PROVIDERS[2], "in_kind", 15000)
            self._item(second, len(items), extra, "approved" if second_approved else "planned",
                       approved=second_approved, due=day + dt.timedelta(days=45))

    def _progress(self, approved: dt.date, end: dt.date, *, closed: bool) -> tuple[str, dict]:
        """An item's status and dates: all verified before a case closed; anything while it is open."""
        rng = self.rng
        due = approved + dt.timedelta(days=rng.randint(30, 120))
        if closed:
            delivered = self._day(approved, 5, max(6, (end - approved).days // 2), end)
            return "verified", {"due": due, "delivered": delivered,
                                "verified": self._day(delivered, 2, max(3, (end - delivered).days), end)}
        if rng.random() < 0.05:
            return "cancelled", {"due": due}
        delivered = approved + dt.timedelta(days=rng.randint(20, 150))
        if delivered > self.today:
            return "approved", {"due": due}
        verified = delivered + dt.timedelta(days=rng.randint(5, 60))
        if verified > self.today or rng.random() < 0.15:
            return "delivered", {"due": due, "delivered": delivered}
        return "verified", {"due": due, "delivered": delivered, "verified": verified}

    def _item(self, revision: int, position: int, item: tuple, status: str, *, approved: dt.date | None = None,
              due: dt.date | None = None, delivered: dt.date | None = None, verified: dt.date | None = None) -> None:
        category, description, provider, modality, minor = item
        actual = None
        if delivered is not None:
            actual = int(Decimal(minor) * Decimal(self.rng.randint(95, 105)) / 100)
        self.rows.add(PlanItemRecord, revision_id=revision, key=f"i{position + 1}", position=position,
                      category=category.value, description=description, provider=provider, modality=modality,
                      estimated_minor=minor, actual_minor=actual, status=status, due_on=due,
                      approved_on=approved if status != "planned" else None, delivered_on=delivered,
                      verified_on=verified, proof_attachment_id=None,
                      proof_note="Partner's delivery report with photos" if verified else "")

    # ------------------------------------------------------------ monitoring

    def _contacts(self, case: DemoCase, returned: dt.date, end: dt.date) -> None:
        rng = self.rng
        for months in CONTACT_MONTHS:
            day = add_months(returned, months) + dt.timedelta(days=rng.randint(-5, 10))
            if day > end or rng.random() < 0.15:
                continue
            method = rng.choices(list(ContactMethod), (20, 10, 40, 10, 10, 10))[0]
            self.rows.add(MonitoringContact, case_id=case.id, contacted_on=day, method=method.value,
                          conducted_by=rng.choice(WHO), findings=rng.choice(FINDINGS), recorded_at=at(day, 15),
                          recorded_by_id=self.officer)

    def _surveys(self, case: DemoCase, returned: dt.date, approved: dt.date, end: dt.date) -> None:
        rng = self.rng
        days = [(SurveyKind.BASELINE, self._day(approved, 0, 20, end))]
        for months in (6, 12):
            day = add_months(returned, months) + dt.timedelta(days=rng.randint(0, 20))
            if day <= end:
                days.append((SurveyKind.FOLLOW_UP, day))
        if case.stage is S.CLOSED and len(days) < 3 and days[-1][1] < end:
            days.append((SurveyKind.FOLLOW_UP, end))  # the closing visit
        level, no_school = rng.uniform(0.25, 0.55), rng.random() < 0.4
        for kind, day in days:
            answers, scores = _profile(round(level * 20), rng.randrange(PROFILES_PER_LEVEL), no_school)
            economic, social, psychosocial, composite = scores
            survey = self.rows.add(
                SustainabilitySurvey, case_id=case.id, kind=kind.value, surveyed_on=day,
                definition_name=survey_definition().name[:200], economic=economic, social=social,
                psychosocial=psychosocial, composite=composite, notes="", recorded_at=at(day, 16),
                recorded_by_id=self.officer)
            for indicator, answer in answers:
                self.rows.add(SurveyAnswer, survey_id=survey, indicator=indicator, answer=answer)
            level = min(0.95, level + rng.uniform(0.08, 0.2))
