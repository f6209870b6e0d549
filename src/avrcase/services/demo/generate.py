"""The demo generator: fills an empty store with deterministic synthetic cases (``avrcase demo``).

The same seed and the same ``today`` give the same store. Cases are invented by
``services/demo_story.py`` and written here in batches with bulk INSERTs; the derived columns
(search text, folded names, normalised document numbers) come from the same helpers
``services/cases.py`` uses when a counsellor registers a case.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.orm import Session

from avrcase.domain.case_numbers import format_case_number
from avrcase.domain.codes import Relationship, StaffRole
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.stages import Stage
from avrcase.i18n import _
from avrcase.domain.names import sort_name
from avrcase.services import audit
from avrcase.services.accounts import accounts
from avrcase.services.cases.register import apply_case, apply_person, case_search_text, name_key_rows
from avrcase.services.clock import clock_of
from avrcase.services.demo import data
from avrcase.services.demo.passwords import DEMO_ACCOUNTS, demo_password  # noqa: F401 - re-exported for callers
from avrcase.services.demo.finance import add_finance  # projects, allowances, plans and monitoring (#5)
from avrcase.services.demo.story import InventedCase, Staff, StoryMaker
from avrcase.services.demo.travel import add_travel  # documents and itineraries of the travel stages (#4)
from avrcase.services.dto import Actor
from avrcase.services.office import (
    IOM_VILNIUS,
    IOM_VILNIUS_TEXTS,
    get_office_profile,
    save_language_texts,
    save_office_profile,
)
from avrcase.services.store_kind import check_demo_allowed, require_demo_loader
from avrcase.store.models import (
    Case,
    CaseMember,
    CaseSequence,
    CaseVulnerability,
    Consultation,
    FollowUp,
    Person,
    PersonNameKey,
    StageChange,
    User,
)

#: Registration dates spread over this many days before ``today`` (more of them recently).
HISTORY_DAYS = 3 * 365
#: Cases old enough that a short path through the stages fits before today.
_SETTLED_DAYS = 120
#: Largest number of cases written per batch (progress is reported after each batch).
MAX_BATCH = 500
#: Demo accounts that can sign in, one per role, with ``demo_password(name)``.

Progress = Callable[[int, int], object]


class DemoCancelled(AvrcaseError):
    """The person cancelled demo generation; the unit of work rolls everything back."""


@dataclass(frozen=True)
class DemoSummary:
    """What a demo run wrote."""

    cases: int
    persons: int
    consultations: int


def generate_demo(session: Session, *, cases: int = 2000, seed: int = 1, today: dt.date | None = None,
                  progress: Progress | None = None, actor: Actor | None = None) -> DemoSummary:
    """Fill an empty store with ``cases`` synthetic cases; ``progress(done, total)`` returning False cancels.

    Creates the demo staff accounts (admin, counsellor, travel, finance, reintegration, manager and
    four more counsellors) when missing and the IOM Vilnius office profile when none is set. On a
    store nobody could sign in to yet, the first six can sign in with ``demo_password(name)``; where
    accounts exist, the demo accounts get no password. Only into an empty store created as a demo
    store (a new store becomes one), by ``SYSTEM`` on the first run or an administrator of the demo
    store: ``store_kind.check_demo_allowed`` says why not otherwise.
    """
    require_demo_loader(actor)
    if cases < 1:
        raise ValidationError({"cases": _("A demo store needs at least one case.")})
    check_demo_allowed(session, actor)
    today = today or clock_of(session).today()
    rng = random.Random(seed)
    office_code = _ensure_office(session, actor)
    # Documented passwords only where nobody could sign in yet: never a way into a store with real accounts.
    staff = _ensure_staff(session, today, with_passwords=accounts.needs_first_administrator(session))
    dates = sorted(today - dt.timedelta(days=int(HISTORY_DAYS * rng.random() ** 1.5)) for _ in range(cases))
    numbers = _issue_case_numbers(session, office_code, dates)
    settled = [i for i, day in enumerate(dates) if (today - day).days >= _SETTLED_DAYS]
    # Make sure even a small demo shows every stage: a few cases are steered to each one.
    forced = dict(zip(rng.sample(settled, len(Stage)), Stage, strict=True)) if len(settled) >= len(Stage) else {}
    maker = StoryMaker(rng, today, staff)
    ids = _Ids(session)
    batch = max(1, min(MAX_BATCH, cases // 100))
    persons = consultations = 0
    for start in range(0, cases, batch):
        stop = min(cases, start + batch)
        invented = [maker.case(dates[i], forced.get(i)) for i in range(start, stop)]
        written = _write(session, ids, invented, numbers[start:stop])
        persons += written[0]
        consultations += written[1]
        if progress is not None and progress(stop, cases) is False:
            raise DemoCancelled(_("Demo generation was cancelled; nothing was saved."))
    ids.sync_sequences(session)
    add_travel(session, seed=seed, today=today)
    add_finance(session, seed=seed, today=today)
    audit.record(session, actor, audit.Action.DEMO_GENERATED, entity="cases", cases=cases, seed=seed)
    return DemoSummary(cases, persons, consultations)


# ---------------------------------------------------------------- office, staff and numbers

def _ensure_office(session: Session, actor: Actor | None) -> str:
    profile = get_office_profile(session)
    if not profile.organisation.strip():
        profile = save_office_profile(session, actor, replace(IOM_VILNIUS, version=profile.version))
        for texts in IOM_VILNIUS_TEXTS:  # a paper in Lithuanian or Russian has its letterhead in that language
            save_language_texts(session, actor, texts)
    return profile.office_code


def _ensure_staff(session: Session, today: dt.date, *, with_passwords: bool) -> Staff:
    wanted = {name: (display, role) for name, display, role in data.STAFF}
    ids = dict(session.execute(select(User.username, User.id).where(User.username.in_(list(wanted)))).all())
    created = dt.datetime.combine(today - dt.timedelta(days=HISTORY_DAYS + 30), dt.time(8, 0), dt.timezone.utc)
    for name, (display, role) in wanted.items():
        if name not in ids:
            user = User(username=name, display_name=display, role=StaffRole(role).value, active=True,
                        created_at=created)
            if with_passwords and name in DEMO_ACCOUNTS:  # documented passwords: a demo store holds nothing real
                user.password_hash = accounts.hash_password(demo_password(name))
            session.add(user)
            session.flush()
            ids[name] = user.id
    return Staff(admin=ids["admin"], travel=ids["travel"], reintegration=ids["reintegration"],
                 counsellors=tuple(ids[name] for name, _ in data.CASELOAD),
                 caseload=tuple(weight for _, weight in data.CASELOAD))


def _issue_case_numbers(session: Session, office_code: str, dates: Sequence[dt.date]) -> list[str]:
    """Numbers in registration order, continuing each year's sequence, which is left at the last one."""
    sequences: dict[int, CaseSequence] = {}
    numbers = []
    for day in dates:
        seq = sequences.get(day.year)
        if seq is None:
            seq = session.get(CaseSequence, (office_code, day.year))
            if seq is None:
                seq = CaseSequence(office_code=office_code, year=day.year, last_value=0)
                session.add(seq)
            sequences[day.year] = seq
        seq.last_value += 1
        numbers.append(format_case_number(office_code, day.year, seq.last_value))
    session.flush()
    return numbers


# ---------------------------------------------------------------- writing a batch

class _Values:
    """A plain attribute bag the services' ``_apply_*`` helpers fill in place of a model instance.

    Much cheaper than an instrumented ORM object, and the helpers only set and read attributes.
    """

    def __init__(self, **initial):
        self.__dict__.update(initial)

    def row(self, columns: Sequence[str]) -> dict:
        """The values of ``columns`` (``None`` where nothing was set)."""
        return {key: self.__dict__.get(key) for key in columns}


def _columns(model) -> tuple[str, ...]:
    return tuple(attr.key for attr in inspect(model).column_attrs if attr.key != "id")


_PERSON_COLUMNS = _columns(Person)
_CASE_COLUMNS = _columns(Case)


class _Ids:
    """Hands out primary keys for the bulk inserts, continuing after the highest one in each table.

    Giving the keys ourselves lets every INSERT run as one batched statement (SQLite cannot batch an
    INSERT whose generated keys must come back in order); ``sync_sequences`` then moves PostgreSQL's
    id sequences past them so later inserts through the services do not collide.
    """

    MODELS = (Person, Case, CaseMember, CaseVulnerability, StageChange, Consultation, FollowUp)

    def __init__(self, session: Session):
        self._next = {m: (session.scalar(select(func.max(m.id))) or 0) + 1 for m in self.MODELS}

    def take(self, model, count: int) -> range:
        """``count`` fresh ids for ``model``."""
        first = self._next[model]
        self._next[model] = first + count
        return range(first, first + count)

    def sync_sequences(self, session: Session) -> None:
        """Let PostgreSQL's serial sequences continue after the ids given here (nothing to do on SQLite)."""
        if session.get_bind().dialect.name != "postgresql":
            return
        for model in self.MODELS:
            table = model.__table__.name
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT coalesce(max(id), 1) FROM {table}))"))


def _insert(session: Session, ids: _Ids, model, rows: list[dict]) -> list[int]:
    """Bulk-insert ``rows`` with fresh ids; returns the ids in row order."""
    given = ids.take(model, len(rows))
    for row, row_id in zip(rows, given, strict=True):
        row["id"] = row_id
    if rows:
        # Core, not ORM bulk: the ORM splits a batch wherever the rows' NULL columns differ.
        session.execute(insert(model.__table__), rows)
    return list(given)


def _write(session: Session, ids: _Ids, invented: Sequence[InventedCase], numbers: Sequence[str]) -> tuple[int, int]:
    """Insert one batch of cases with everything they hold; returns (persons, consultations)."""
    person_rows: list[dict] = []
    case_people: list[list[_Values]] = []
    for case in invented:
        people = []
        for form in (case.form.principal, *(m.person for m in case.form.members)):
            person = _Values(created_at=case.moves[0].at)
            apply_person(person, form)  # type: ignore[arg-type]
            people.append(person)
            person_rows.append(person.row(_PERSON_COLUMNS))
        case_people.append(people)
    inserted = _insert(session, ids, Person, person_rows)
    key_rows = [row for person_id, person in zip(inserted, (p for people in case_people for p in people), strict=True)
                for row in name_key_rows(person_id, person)]  # type: ignore[arg-type]
    if key_rows:
        session.execute(insert(PersonNameKey), key_rows)
    person_ids = iter(inserted)
    member_ids = [[next(person_ids) for _ in people] for people in case_people]

    case_rows, vulnerabilities = [], []
    for case, number, people, person_keys in zip(invented, numbers, case_people, member_ids, strict=True):
        row = _Values()
        apply_case(row, case.form)  # type: ignore[arg-type]
        # Each person's own vulnerabilities: (position in the household, code, details).
        vulnerabilities.append([(position, v.code.value, v.details.strip()) for position, forms in enumerate(
            (case.form.vulnerabilities, *(m.vulnerabilities for m in case.form.members))) for v in forms])
        last = case.moves[-1]
        values = row.row(_CASE_COLUMNS)
        values.update(
            case_number=number, principal_id=person_keys[0], counsellor_id=case.form.counsellor_id,
            stage=last.to_stage.value,
            closure_reason=last.closure_reason.value if last.closure_reason else None,
            registered_on=case.form.registered_on, stage_changed_at=last.at, household_size=len(person_keys),
            search_text=case_search_text(number, people),  # type: ignore[arg-type]
            sort_name=sort_name(people[0].family_name, people[0].given_names),
            created_at=case.moves[0].at, created_by_id=case.created_by_id,
            updated_at=max(last.at, case.consultations[-1].form.held_at) if case.consultations else last.at,
            version=len(case.moves), vulnerabilities_to_review=False,
        )
        case_rows.append(values)
    case_ids = _insert(session, ids, Case, case_rows)

    members, vulnerability_rows, moves, consultation_rows, follow_ups = [], [], [], [], []
    for case_id, case, person_keys, vulns in zip(case_ids, invented, member_ids, vulnerabilities, strict=True):
        relationships = [Relationship.PRINCIPAL, *(m.relationship for m in case.form.members)]
        members += [{"case_id": case_id, "person_id": pid, "relationship_to_principal": rel.value, "position": pos}
                    for pos, (pid, rel) in enumerate(zip(person_keys, relationships, strict=True))]
        vulnerability_rows += [{"case_id": case_id, "person_id": person_keys[position], "code": code, "details": details}
                               for position, code, details in vulns]
        moves += [{"case_id": case_id, "from_stage": m.from_stage.value if m.from_stage else None,
                   "to_stage": m.to_stage.value, "reason": m.reason,
                   "closure_reason": m.closure_reason.value if m.closure_reason else None,
                   "changed_at": m.at, "changed_by_id": m.by} for m in case.moves]
        for planned in case.consultations:
            form = planned.form
            consultation_rows.append({
                "case_id": case_id, "held_at": form.held_at, "counsellor_id": form.counsellor_id,
                "mode": form.mode.value, "location": form.location, "interpreter_name": form.interpreter_name,
                "interpreter_language": form.interpreter_language, "participants": form.participants,
                "topics": ",".join(t.value for t in form.topics), "notes": form.notes,
                "outcome": form.outcome.value if form.outcome else None,
                "recorded_at": form.held_at + dt.timedelta(hours=1), "recorded_by_id": form.counsellor_id,
            })
            follow_ups.append([
                {"case_id": case_id, "action": f.action, "due_on": f.due_on, "assigned_to_id": f.assigned_to_id,
                 "done_on": done, "done_by_id": f.assigned_to_id if done else None}
                for f, done in zip(form.follow_ups, planned.done_on, strict=True)
            ])
    for model, rows in ((CaseMember, members), (CaseVulnerability, vulnerability_rows), (StageChange, moves)):
        _insert(session, ids, model, rows)
    consultation_ids = _insert(session, ids, Consultation, consultation_rows)
    follow_up_rows = [{**row, "consultation_id": cid} for cid, rows in zip(consultation_ids, follow_ups, strict=True)
                      for row in rows]
    _insert(session, ids, FollowUp, follow_up_rows)
    return len(person_rows), len(consultation_rows)
