"""Inventing one demo case: its facts and its story through the stages, with consultations.

Pure Python on a ``random.Random`` the caller owns; every move is checked with the same
``domain.stages.check_move`` the services use and every form with ``validate_case``, so the demo
never holds a case the app itself could not have produced. ``services/demo.py`` stores the result.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from avrcase.domain.codes import (
    ApprovalStatus,
    CaseKind,
    ClosureReason,
    ConsentGiver,
    ConsultationMode,
    ConsultationTopic,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    SharingParty,
    Sex,
    Vulnerability,
)
from avrcase.domain.forms import CaseForm, ConsentForm, ConsultationForm, FollowUpForm, PersonForm, VulnerabilityForm
from avrcase.domain.stages import REASON_FIRST_CONSULTATION, REASON_REGISTERED, STAGES_NEEDING_CONSENT, Stage, StageMove, check_move
from avrcase.domain.validation import ADULT_AGE, age_on, validate_case, validate_consultation
from avrcase.services.demo import data
from avrcase.services.demo.odds import ALWAYS_SHARED, CLOSURE, DWELL, LEGAL, NEXT, PHASES, REFERRAL, ROUTES
from avrcase.services.demo.people import Household, PeopleMaker

S = Stage


def _weighted(rng: random.Random, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


@dataclass(frozen=True)
class Staff:
    """Ids of the demo accounts a story needs."""

    admin: int
    travel: int
    reintegration: int
    counsellors: tuple[int, ...]
    caseload: tuple[int, ...]  # weights, one per counsellor


@dataclass(frozen=True)
class Move:
    """One row of stage history."""

    at: dt.datetime
    from_stage: Stage | None
    to_stage: Stage
    reason: str
    closure_reason: ClosureReason | None
    by: int | None


@dataclass(frozen=True)
class PlannedConsultation:
    """A consultation as logged, and the day each of its follow-ups was done (or ``None``)."""

    form: ConsultationForm
    done_on: tuple[dt.date | None, ...]


@dataclass(frozen=True)
class InventedCase:
    """Everything about one demo case, ready to be written."""

    form: CaseForm
    household: Household
    created_by_id: int
    moves: tuple[Move, ...]
    consultations: tuple[PlannedConsultation, ...]

    @property
    def stage(self) -> Stage:
        """Where the case stands now."""
        return self.moves[-1].to_stage


class StoryMaker:
    """Invents whole cases, one after another, from one random generator."""

    def __init__(self, rng: random.Random, today: dt.date, staff: Staff):
        self.rng, self.today, self.staff = rng, today, staff
        self.people = PeopleMaker(rng)
        self._now = dt.datetime.combine(today, dt.time(0, 0), dt.timezone.utc)

    def _at(self, day: dt.date, after: dt.datetime | None) -> dt.datetime:
        """A working-hours instant (UTC) on ``day``, later than ``after``."""
        at = dt.datetime.combine(day, dt.time(7, 0), dt.timezone.utc) + dt.timedelta(minutes=self.rng.randint(0, 480))
        if after is not None and at <= after:
            at = after + dt.timedelta(minutes=self.rng.randint(15, 90))
        return at

    # ---------------------------------------------------------------- the path through the stages

    def _walk(self, registered_on: dt.date, forced: Stage | None) -> list[tuple[dt.date, Stage]]:
        rng, path = self.rng, [(registered_on, S.REGISTERED)]
        if forced is not None:
            for stage in ROUTES[forced]:
                path.append((path[-1][0] + dt.timedelta(days=rng.randint(1, 8)), stage))
            return path
        day, stage, signed = registered_on, S.REGISTERED, False
        for _step in range(16):  # not `_`: that is gettext here
            low, high = DWELL[stage]
            day = day + dt.timedelta(days=rng.randint(max(low, 1 if stage != S.REGISTERED else 0), high))
            if day >= self.today:
                break
            options = [(s, w) for s, w in NEXT[stage]
                       if signed or s not in STAGES_NEEDING_CONSENT or s == S.APPLICATION_SIGNED]
            stage = _weighted(rng, options)
            signed = signed or stage == S.APPLICATION_SIGNED
            path.append((day, stage))
            if stage == S.CLOSED:
                break
        return path

    # ---------------------------------------------------------------- one case

    def case(self, registered_on: dt.date, forced: Stage | None = None) -> InventedCase:
        """A whole case registered on ``registered_on``; ``forced`` makes it end at that stage."""
        rng = self.rng
        household = self.people.household(registered_on)
        counsellor = rng.choices(self.staff.counsellors, weights=self.staff.caseload)[0]
        path = self._walk(registered_on, forced)
        if len(path) == 1 and rng.random() < 0.1:
            counsellor = None  # newly registered, not yet assigned
        consent = self._consent(household, path)
        moves, consultations = self._story(household, path, counsellor, consent)
        form = self._form(household, path, counsellor, consent)
        validate_case(form, self.today)
        for planned in consultations:
            validate_consultation(planned.form, self._now, registered_on)
        return InventedCase(form, household, counsellor or self.staff.admin, tuple(moves), tuple(consultations))

    def _consent(self, household: Household, path) -> ConsentForm | None:
        rng = self.rng
        first = next((d for d, s in path if s == S.COUNSELLING), None)
        signed = next((d for d, s in path if s == S.APPLICATION_SIGNED), None)
        if signed is not None:
            given_on = first if first is not None and rng.random() < 0.4 else signed
        elif first is not None and rng.random() < 0.4:
            given_on = first
        else:
            return None
        minor = age_on(household.principal.date_of_birth, given_on) < ADULT_AGE
        if not minor:
            given_by = ConsentGiver.SELF
        else:
            given_by = ConsentGiver.LEGAL_REPRESENTATIVE if household.unaccompanied else ConsentGiver.PARENT_OR_GUARDIAN
        extra = [p for p in SharingParty if p not in ALWAYS_SHARED and rng.random() < 0.35]
        shared = tuple(p for p in SharingParty if p in ALWAYS_SHARED or p in extra)
        basis = LegalBasis.VITAL_INTERESTS if household.unaccompanied and rng.random() < 0.3 else LegalBasis.CONSENT
        # The separate consent to third parties: given by those who agreed to share beyond what the return
        # itself needs, refused by the others.
        return ConsentForm(given_on, given_by, basis, shared, sharing=bool(extra))

    def _story(self, household: Household, path, counsellor: int | None, consent: ConsentForm | None):
        rng, staff = self.rng, self.staff
        acting = counsellor or staff.admin
        registered_at = self._at(path[0][0], None).replace(hour=7)
        moves = [Move(registered_at, None, S.REGISTERED, REASON_REGISTERED, None, acting)]
        consultations: list[tuple[ConsultationForm, str]] = []
        departed = False
        for index in range(1, len(path)):
            day, stage = path[index]
            previous = path[index - 1][1]
            at = self._at(day, moves[-1].at)
            closure = None
            by = acting
            if stage == S.COUNSELLING and previous == S.REGISTERED:
                consultations.append(self._consultation(household, at, "first", counsellor))
                at, reason = at + dt.timedelta(minutes=rng.randint(30, 60)), REASON_FIRST_CONSULTATION
            elif stage == S.CLOSED:
                closure = _weighted(rng, CLOSURE[previous])
                reason = rng.choice(data.CLOSING_REASONS[closure.value])
                by = staff.reintegration if previous == S.REINTEGRATION else acting
            else:
                reason = rng.choice(data.MOVE_REASONS[stage.value])
                if stage in (S.COUNSELLING, S.APPLICATION_SIGNED):
                    phase = "deciding" if stage == S.COUNSELLING else "signing"
                    consultations.append(self._consultation(household, at, phase, counsellor))
                    at += dt.timedelta(minutes=rng.randint(30, 60))
                by = {S.DEPARTURE_SCHEDULED: staff.travel, S.DEPARTED: staff.travel, S.CANCELLED: staff.admin,
                      S.REINTEGRATION: staff.reintegration}.get(stage, acting)
            move = StageMove(stage, reason, closure)
            has_consent = consent is not None and consent.given_on <= day
            check_move(previous, move, has_consent=has_consent, has_departed=departed)
            departed = departed or stage == S.DEPARTED
            moves.append(Move(at, previous, stage, reason, closure, by))
            consultations.extend(self._during(household, stage, day, path[index + 1][0] if index + 1 < len(path)
                                              else self.today, counsellor))
        consultations.sort(key=lambda c: c[0].held_at)
        planned = [self._with_follow_ups(form, phase, i == len(consultations) - 1, path[-1][1], counsellor)
                   for i, (form, phase) in enumerate(consultations)]
        return moves, planned

    def _during(self, household: Household, stage: Stage, start: dt.date, end: dt.date, counsellor: int | None):
        """Consultations held while the case stays at ``stage`` (strictly between two moves)."""
        rng = self.rng
        phase, count = {S.COUNSELLING: ("deciding", rng.choice((0, 0, 1, 1, 2))),
                        S.TRAVEL_PREPARATION: ("travel", 1), S.DEPARTURE_SCHEDULED: ("travel", rng.choice((0, 1))),
                        S.REINTEGRATION: ("reintegration", rng.choice((1, 2, 3)))}.get(stage, ("", 0))
        span = (end - start).days - 1
        if not count or span < 1:
            return []
        days = sorted(start + dt.timedelta(days=rng.randint(1, span)) for _ in range(count))
        return [self._consultation(household, self._at(day, None), phase, counsellor) for day in days]

    def _consultation(self, household: Household, at: dt.datetime, phase: str, counsellor: int | None):
        rng, nat = self.rng, household.nationality
        if phase == "reintegration":
            mode = _weighted(rng, ((ConsultationMode.PHONE, 50), (ConsultationMode.VIDEO, 40),
                                   (ConsultationMode.IN_PERSON, 10)))
        else:
            mode = _weighted(rng, ((ConsultationMode.IN_PERSON, 70), (ConsultationMode.PHONE, 20),
                                   (ConsultationMode.VIDEO, 10)))
        location = ""
        if mode == ConsultationMode.IN_PERSON:
            centre = household.principal.address
            location = centre if "Centre" in centre and rng.random() < 0.5 else data.OFFICE_LOCATION
        interpreter, language = "", ""
        if nat.interpreter and phase != "reintegration" and rng.random() < 0.75:
            interpreter, language = rng.choice(data.INTERPRETERS[nat.interpreter]), nat.interpreter
        topics, outcomes = PHASES[phase]
        chosen = {topics[0]} | {t for t in topics[1:] if rng.random() < 0.6}
        if household.members and rng.random() < 0.3:
            chosen.add(ConsultationTopic.FAMILY)
        form = ConsultationForm(
            held_at=at, mode=mode, counsellor_id=counsellor or self.staff.counsellors[0], location=location,
            interpreter_name=interpreter, interpreter_language=language,
            participants=data.PARTICIPANTS[household.shape] if mode != ConsultationMode.PHONE else
            data.PARTICIPANTS["alone"],
            topics=tuple(t for t in ConsultationTopic if t in chosen),
            notes=rng.choice(data.CONSULTATION_NOTES[phase]), outcome=rng.choice(outcomes),
        )
        return form, phase

    def _with_follow_ups(self, form: ConsultationForm, phase: str, latest: bool, stage: Stage,
                         counsellor: int | None) -> PlannedConsultation:
        rng = self.rng
        held = form.held_at.date()
        count = rng.choices((0, 1, 2), weights=(35, 45, 20))[0]
        actions = rng.sample(data.FOLLOW_UP_ACTIONS[phase], min(count, len(data.FOLLOW_UP_ACTIONS[phase])))
        follow_ups, done = [], []
        still_open = latest and stage not in (S.CLOSED, S.CANCELLED)
        for action in actions:
            due = held + dt.timedelta(days=rng.randint(2, 28))
            follow_ups.append(FollowUpForm(action, due, form.counsellor_id))
            if still_open:  # the counsellor's current to-do list: mostly not done yet
                finished = due < self.today and rng.random() < 0.3
            else:
                finished = due < self.today and (stage == S.CLOSED or rng.random() < 0.9)
            done_day = max(held, min(due, self.today - dt.timedelta(days=1)) - dt.timedelta(days=rng.randint(0, 3)))
            done.append(done_day if finished else None)
        return PlannedConsultation(replace(form, follow_ups=tuple(follow_ups)), tuple(done))

    # ---------------------------------------------------------------- the case form

    def _form(self, household: Household, path, counsellor: int | None, consent: ConsentForm | None) -> CaseForm:
        rng, nat = self.rng, household.nationality
        registered_on = path[0][0]
        stages = {s: d for d, s in path}  # the last day each stage was reached
        legal = LegalStatus.OTHER if household.unaccompanied else _weighted(rng, LEGAL)
        referral = ReferralSource.NGO if legal == LegalStatus.VICTIM_OF_TRAFFICKING and rng.random() < 0.6 \
            else _weighted(rng, REFERRAL)
        vulnerabilities, household = self._vulnerabilities(household, legal, registered_on)
        decision_number, decision_date = "", None
        if legal in (LegalStatus.REJECTED_ASYLUM_SEEKER, LegalStatus.IRREGULAR_MIGRANT) and rng.random() < 0.75:
            decision_date = registered_on - dt.timedelta(days=rng.randint(3, 120))
            decision_number = f"(15/4-{decision_date.year % 100:02d})-{rng.randint(1000, 99999)}"
        approval, approval_date, reference = ApprovalStatus.NOT_REQUESTED, None, ""
        if S.ELIGIBILITY_APPROVED in stages:
            approval, approval_date = ApprovalStatus.APPROVED, stages[S.ELIGIBILITY_APPROVED]
            reference = f"MD-{approval_date.year}-{rng.randint(100, 99999):05d}"
        elif S.ELIGIBILITY_REJECTED in stages:
            approval, approval_date = ApprovalStatus.REFUSED, stages[S.ELIGIBILITY_REJECTED]
            reference = f"MD-{approval_date.year}-{rng.randint(100, 99999):05d}"
        elif S.APPLICATION_SIGNED in stages:
            approval = ApprovalStatus.REQUESTED
        projects = [name for name, first, last in data.PROJECTS if first <= registered_on.year <= last]
        project = rng.choice(projects) if projects else data.PROJECTS[-1][0]
        if (vulnerabilities or any(m.vulnerabilities for m in household.members)) and rng.random() < 0.4:
            project = data.VULNERABLE_PROJECT
        return CaseForm(
            principal=household.principal, legal_status=legal, referral_source=referral, country_of_return=nat.code,
            kind=CaseKind.HOUSEHOLD if household.members else CaseKind.INDIVIDUAL, members=household.members,
            final_destination=rng.choice(nat.cities), vulnerabilities=vulnerabilities, counsellor_id=counsellor,
            project=project, return_decision_number=decision_number, return_decision_date=decision_date,
            approval_status=approval, approval_date=approval_date, approval_reference=reference, consent=consent,
            registered_on=registered_on, notes=rng.choice(data.CASE_NOTES),
        )

    def _vulnerabilities(self, household: Household, legal: LegalStatus,
                         on: dt.date) -> tuple[tuple[VulnerabilityForm, ...], Household]:
        """The principal's vulnerabilities, and the household with each member's own (#20: per person)."""
        rng = self.rng
        found = set()
        if household.unaccompanied:
            found.add(Vulnerability.UNACCOMPANIED_CHILD)
        if legal == LegalStatus.VICTIM_OF_TRAFFICKING:
            found.add(Vulnerability.VICTIM_OF_TRAFFICKING)
        if household.oldest_age >= 65 and rng.random() < 0.8:
            found.add(Vulnerability.ELDERLY)
        if household.shape == "parent" or household.children >= 4:
            found.add(Vulnerability.SINGLE_PARENT_OR_LARGE_FAMILY)
        if any(18 <= a <= 42 for a in household.women_ages) and rng.random() < 0.06:
            found.add(Vulnerability.PREGNANT)
        for code, share in ((Vulnerability.MEDICAL_CONDITION, 0.07), (Vulnerability.DISABILITY, 0.03),
                            (Vulnerability.TORTURE_OR_VIOLENCE_SURVIVOR, 0.03)):
            if rng.random() < share:
                found.add(code)
        people = [household.principal, *(m.person for m in household.members)]
        owners: dict[int, list[VulnerabilityForm]] = {}
        for code in Vulnerability:
            if code in found:
                form = VulnerabilityForm(code, rng.choice(data.VULNERABILITY_DETAILS[code.value]))
                owners.setdefault(_owner(code, people, on), []).append(form)
        members = tuple(replace(m, vulnerabilities=tuple(owners.get(i, ()))) if i in owners else m
                        for i, m in enumerate(household.members, start=1))
        return tuple(owners.get(0, ())), replace(household, members=members)


def _owner(code: Vulnerability, people: list[PersonForm], on: dt.date) -> int:
    """Whose vulnerability it is (a position in the household): the oldest is elderly, a woman of 18 to 42
    is pregnant, a disability goes to the youngest member, the rest to the principal applicant."""
    born = [(p.date_of_birth or on, i) for i, p in enumerate(people)]
    if code == Vulnerability.ELDERLY:
        return min(born)[1]
    if code == Vulnerability.PREGNANT:
        return next((i for i, p in enumerate(people) if p.sex == Sex.FEMALE and p.date_of_birth
                     and 18 <= age_on(p.date_of_birth, on) <= 42), 0)
    if code == Vulnerability.DISABILITY and len(people) > 1:
        return max(born[1:])[1]
    return 0
