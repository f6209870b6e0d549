"""The demo generator: a realistic, deterministic store that the rest of the app can work with."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from avrcase.cli.main import main
from avrcase.domain.codes import ClosureReason, ConsentGiver, LegalBasis, Relationship, Sex, StaffRole
from avrcase.domain.errors import ConflictError, ValidationError
from avrcase.domain.forms import ConsentForm
from avrcase.domain.stages import STAGES_NEEDING_CONSENT, TRANSITIONS, Stage
from avrcase.domain.validation import age_on
from avrcase.services import office, store_kind
from avrcase.services.accounts import users
from avrcase.services.cases import case_file, counselling
from avrcase.services.cases import register as cases
from avrcase.services.demo import generate as demo
from avrcase.services.demo.patronymics import patronymic
from avrcase.services.dto import CaseQuery
from avrcase.services.reintegration.monitoring import reintegration_blockers
from avrcase.services.uow import unit_of_work
from avrcase.store.models import complete_metadata
from avrcase.store.models import Case, CaseMember, Consultation, FollowUp, Person, StageChange, User
from avrcase.store.schema import open_store
from avrcase.services.permissions import SYSTEM
from tests.conftest import make_case_form
from tests.support.actors import COUNSELLOR

TODAY = dt.date(2026, 11, 23)


def _generate(engine, **kwargs):
    with unit_of_work(engine) as session:
        return demo.generate_demo(session, today=TODAY, **kwargs, actor=SYSTEM)


def _dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in key order (not the audit trail, which records when, nor salted hashes)."""
    out = {}
    with engine.connect() as connection:
        for table in complete_metadata().sorted_tables:
            if table.name == "audit_entries":
                continue
            columns = [c for c in table.columns if c.name != "password_hash"]  # salted: differs every time
            out[table.name] = [tuple(r) for r in connection.execute(
                table.select().with_only_columns(*columns).order_by(*table.primary_key))]
    return out


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """A store with 300 demo cases, shared by the tests that only read."""
    eng = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    summary = _generate(eng, cases=300, seed=3)
    yield eng, summary
    eng.dispose()


# ---------------------------------------------------------------- determinism and contract

def test_same_seed_gives_the_same_store_and_another_seed_does_not(tmp_path):
    stores = [open_store(f"sqlite:///{tmp_path / name}") for name in ("a.sqlite", "b.sqlite", "c.sqlite")]
    for eng, seed in zip(stores, (5, 5, 6), strict=True):
        _generate(eng, cases=120, seed=seed)
    dumps = [_dump(eng) for eng in stores]
    for eng in stores:
        eng.dispose()
    assert dumps[0]["cases"] and dumps[0] == dumps[1]
    assert dumps[0]["persons"] != dumps[2]["persons"]


def test_cases_read_and_rows_written_in_small_batches_make_the_same_store(tmp_path, monkeypatch):
    """Travel and finance read the cases back and write their rows in batches (memory stays flat at
    100,000 cases, #14); the batch sizes change nothing in the store."""
    from avrcase.services.demo import common

    whole, batched = (open_store(f"sqlite:///{tmp_path / name}") for name in ("whole.sqlite", "batched.sqlite"))
    _generate(whole, cases=150, seed=5)
    monkeypatch.setattr(common, "ROWS_PER_FLUSH", 7)
    monkeypatch.setattr(common, "CASES_PER_BATCH", 16)
    _generate(batched, cases=150, seed=5)
    dumps = [_dump(eng) for eng in (whole, batched)]
    for eng in (whole, batched):
        eng.dispose()
    assert dumps[0]["itineraries"] and dumps[0]["allowance_payments"] and dumps[0]["monitoring_contacts"]
    assert dumps[0] == dumps[1]


def test_summary_counts_what_was_written(demo_store):
    engine, summary = demo_store
    with unit_of_work(engine, write=False) as session:
        assert summary.cases == 300 == session.scalar(select(func.count(Case.id)))
        assert summary.persons == session.scalar(select(func.count(Person.id))) > 300
        assert summary.consultations == session.scalar(select(func.count(Consultation.id))) > 300


def test_staff_accounts_and_office_profile_are_set_up(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        roles = {u.username: u.role for u in users.list_users(session, COUNSELLOR)}
        profile = office.get_office_profile(session)
        numbers = session.scalars(select(Case.case_number)).all()
    named = ("admin", "counsellor", "travel", "finance", "reintegration", "manager")
    assert {roles[name] for name in named} == set(StaffRole)
    assert sum(role == StaffRole.COUNSELLOR for role in roles.values()) >= 4
    assert profile.office_code == "VNO" and profile.office_name == "IOM Vilnius Office"
    assert all(n.startswith("VNO-") for n in numbers) and len(set(numbers)) == len(numbers)


@pytest.mark.parametrize(("lang", "heads", "english_left"), [
    ("lt", ("Tarptautinė migracijos organizacija", "TMO Vilniaus biuras", "Jakšto g. 12, 4 aukštas", "Lietuva"), False),
    ("ru", ("Международная организация по миграции", "Бюро МОМ в Вильнюсе", "Литва"), False),
    ("en", ("International Organization for Migration", "IOM Vilnius Office", "Lithuania"), True),
])
def test_a_paper_in_lithuanian_or_russian_has_the_demo_letterhead_in_its_language(demo_store, lang, heads,
                                                                                   english_left):
    """A Lithuanian case summary of a demo store was headed "International Organization for Migration, IOM Vilnius
    Office … Lithuania"; the demo office now gives its letterhead and footer in Lithuanian and Russian too."""
    import subprocess

    from avrcase.documents import case_summary
    from avrcase.services.documents import case_snapshots, travel_snapshots

    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        case = case_file.get_case(session, COUNSELLOR, session.scalars(select(Case.id).order_by(Case.id)).first())
        profile = office.get_office_profile(session)
    snapshot = case_snapshots.case_summary_snapshot(case, profile, lang, dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC),
                                                    show_sensitive=False)
    pdf = case_summary.render(snapshot).pdf
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
                    .decode().split())
    assert all(head in text for head in heads)
    assert ("IOM Vilnius Office" in text) is english_left
    with unit_of_work(engine, write=False) as session:  # the letter names the office in its text and signature too
        letter = travel_snapshots.introduction_letter_snapshot(session, COUNSELLOR, case, profile, lang,
                                                               dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC))
    assert (heads[0] in letter.paragraphs[0], letter.signatory_office) == (True, heads[1])


# ---------------------------------------------------------------- realism

def test_every_stage_is_present_and_closed_cases_say_why(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        counts = {stage: cases.count_cases(session, COUNSELLOR, CaseQuery(stage=stage)) for stage in Stage}
        reasons = session.execute(select(Case.stage, Case.closure_reason)).all()
    assert all(counts.values()), counts
    assert all((reason is not None) == (stage == Stage.CLOSED.value) for stage, reason in reasons)


def test_cases_closed_as_reintegrated_meet_the_closing_rule(demo_store):
    """A demo case leaves reintegration as reintegrated only with a verified plan and a 12-month survey."""
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        closed = session.scalars(select(StageChange.case_id).where(
            StageChange.from_stage == Stage.REINTEGRATION.value, StageChange.to_stage == Stage.CLOSED.value,
            StageChange.closure_reason == ClosureReason.RETURNED_AND_REINTEGRATED.value)).all()
        broken = {case_id: reintegration_blockers(session, case_id) for case_id in closed}
    assert closed
    assert {k: v for k, v in broken.items() if v} == {}


def test_stage_history_walks_the_allowed_transitions(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        history = defaultdict(list)
        for change in session.execute(select(StageChange.case_id, StageChange.from_stage, StageChange.to_stage,
                                             StageChange.changed_at)
                                      .order_by(StageChange.case_id, StageChange.changed_at)):
            history[change.case_id].append(change)
        current = dict(session.execute(select(Case.id, Case.stage)).all())
        registered = dict(session.execute(select(Case.id, Case.registered_on)).all())
    for case_id, changes in history.items():
        assert changes[0].from_stage is None and changes[0].to_stage == Stage.REGISTERED.value
        assert changes[0].changed_at.date() == registered[case_id]
        for before, after in zip(changes, changes[1:]):
            assert after.from_stage == before.to_stage
            assert Stage(after.to_stage) in TRANSITIONS[Stage(after.from_stage)]
            assert after.changed_at > before.changed_at
        assert changes[-1].to_stage == current[case_id]
        assert changes[-1].changed_at.date() <= TODAY
    assert len(history) == len(current)


def test_households_have_the_principal_first_and_plausible_members(demo_store):
    engine, _ = demo_store
    households = 0
    with unit_of_work(engine, write=False) as session:
        for case in session.scalars(select(Case)):
            members = sorted(case.members, key=lambda m: m.position)
            assert members[0].person_id == case.principal_id
            assert members[0].relationship_to_principal == Relationship.PRINCIPAL.value
            assert case.household_size == len(members)
            assert (case.kind == "household") == (len(members) > 1)
            principal = members[0].person
            for member in members[1:]:
                assert member.relationship_to_principal != Relationship.PRINCIPAL.value
                age = age_on(member.person.date_of_birth, case.registered_on)
                if member.relationship_to_principal == Relationship.CHILD.value:
                    assert age < 18 and age_on(principal.date_of_birth, case.registered_on) - age >= 17
                if member.relationship_to_principal == Relationship.SPOUSE.value:
                    assert age >= 18 and member.person.sex != principal.sex
            households += len(members) > 1
    assert households >= 30


def test_names_are_written_as_documents_and_original_scripts_write_them(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        people = session.execute(select(Person.citizenship, Person.family_name, Person.given_names,
                                        Person.family_name_original)).all()
    by_country = defaultdict(list)
    for citizenship, family, given, original in people:
        by_country[citizenship].append((family + given, original))
    latin_with_marks = {c for c, names in by_country.items() if any(not latin.isascii() for latin, _ in names)}
    assert {"VN", "AZ", "TR"} <= latin_with_marks
    for citizenship, script in (("GE", "GEORGIAN"), ("RU", "CYRILLIC"), ("IQ", "ARABIC")):
        originals = [original for _, original in by_country[citizenship] if original]
        assert originals
        assert all(unicodedata.name(ch).startswith(script) for o in originals for ch in o if ch != " ")


def test_patronymics_where_documents_carry_them_and_children_take_the_fathers_name(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        rows = session.execute(select(CaseMember.case_id, CaseMember.relationship_to_principal.label("relationship"), Person.citizenship, Person.sex,
                                      Person.given_names, Person.patronymic)
                               .join(Person, Person.id == CaseMember.person_id)).all()
    with_patronymic = {r.citizenship for r in rows if r.patronymic}
    assert {"RU", "UA", "BY"} <= with_patronymic <= {"RU", "BY", "UA", "TJ", "KG", "UZ"}
    assert all(r.patronymic for r in rows if r.citizenship in {"RU", "UA", "BY"})
    for r in rows:
        if r.patronymic and r.citizenship == "RU":
            assert r.patronymic.endswith("vna" if r.sex == "F" else "vich"), r.patronymic
    by_case = defaultdict(list)
    for r in rows:
        by_case[r.case_id].append(r)
    checked = 0
    for members in by_case.values():
        fathers = [m.given_names for m in members if m.sex == "M" and m.relationship in ("principal", "spouse")]
        children = [m for m in members if m.relationship == "child" and m.patronymic]
        if fathers and children:
            assert all(c.patronymic == patronymic(c.citizenship, fathers[0], Sex(c.sex)) for c in children), children
            checked += 1
    assert checked >= 3


def test_every_consent_answers_the_separate_sharing_question(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        answers = session.execute(select(Case.consent_sharing, func.count()).where(Case.consent_given_on.is_not(None))
                                  .group_by(Case.consent_sharing)).all()
    assert {answer for answer, _ in answers} == {True, False}


def test_every_case_opens_in_the_case_file(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        ids = session.scalars(select(Case.id).order_by(Case.id)).all()
        details = [case_file.get_case(session, COUNSELLOR, case_id) for case_id in ids[::5]]
    assert all(d.members and d.stage_history for d in details)
    assert any(d.consultations and d.consultations[0].follow_ups for d in details)


def test_consent_is_recorded_wherever_the_stage_requires_it(demo_store):
    engine, _ = demo_store
    needing = {s.value for s in STAGES_NEEDING_CONSENT}
    with unit_of_work(engine, write=False) as session:
        passed = session.execute(
            select(Case.id, Case.consent_given_on, func.min(StageChange.changed_at))
            .join(StageChange, StageChange.case_id == Case.id)
            .where(StageChange.to_stage.in_(needing)).group_by(Case.id, Case.consent_given_on)
        ).all()
        detail = case_file.get_case(session, COUNSELLOR, passed[0][0])
    assert len(passed) > 50
    for _, given_on, first_needing in passed:
        assert given_on is not None and given_on <= first_needing.date()
    assert detail.consent is not None and detail.consent.shared_with


def test_counsellors_have_follow_ups_due_and_overdue(demo_store):
    engine, _ = demo_store
    with unit_of_work(engine, write=False) as session:
        actor = users.get_actor(session, "counsellor")
        due = counselling.list_follow_ups(session, actor, due_by=TODAY + dt.timedelta(days=30))
        done = session.scalar(select(func.count(FollowUp.id)).where(FollowUp.done_on.is_not(None)))
    assert any(f.due_on < TODAY for f in due) and any(f.due_on >= TODAY for f in due)
    assert done > 0


# ---------------------------------------------------------------- search finds demo people

def _first_person(engine, where):
    """(family name in original script, given names in original script, document number, case id)."""
    with unit_of_work(engine, write=False) as session:
        return session.execute(
            select(Person.family_name_original, Person.given_names_original, Person.document_number, Case.id)
            .join(CaseMember, CaseMember.person_id == Person.id)
            .join(Case, Case.id == CaseMember.case_id).where(where).order_by(Person.id).limit(1)
        ).one()


def _found(engine, text: str) -> tuple[set[int], int]:
    with unit_of_work(engine, write=False) as session:
        rows = cases.list_cases(session, COUNSELLOR, CaseQuery(search=text, limit=1000))
        total = cases.count_cases(session, COUNSELLOR, CaseQuery())
    return {r.id for r in rows}, total


@pytest.mark.parametrize("citizenship", ["GE", "RU", "UA", "TJ"])
def test_search_by_original_script_name_finds_the_case(demo_store, citizenship):
    engine, _ = demo_store
    family, given, _, case_id = _first_person(engine, (Person.citizenship == citizenship)
                                              & (Person.given_names_original != ""))
    found, total = _found(engine, f"{family} {given}")
    assert case_id in found and len(found) < total


def test_search_by_arabic_original_name_narrows_to_the_case(demo_store):
    engine, _ = demo_store
    family, given, _, case_id = _first_person(engine, (Person.citizenship == "IQ")
                                              & (Person.family_name_original != ""))
    found, total = _found(engine, f"{family} {given}")
    assert case_id in found and len(found) < total


def test_search_by_document_number_finds_the_case(demo_store):
    engine, _ = demo_store
    # Russian passport numbers are written with a space ("45 1234567"); people type them without.
    *_, number, case_id = _first_person(engine, Person.document_number.like("% %")
                                        & (Person.document_type == "passport"))
    found, _ = _found(engine, number.replace(" ", ""))
    assert found == {case_id}


# ---------------------------------------------------------------- refusals, cancellation, afterwards

def test_a_demo_store_with_cases_is_refused(engine, actor_as, make_case):
    with unit_of_work(engine) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=True)
    make_case()
    with pytest.raises(ConflictError, match="already holds cases"), unit_of_work(engine) as session:
        demo.generate_demo(session, cases=10, actor=actor_as(StaffRole.ADMINISTRATOR))


def test_fewer_than_one_case_is_refused(engine):
    with pytest.raises(ValidationError) as error:
        _generate(engine, cases=0)
    assert "cases" in error.value.errors


def test_progress_is_reported_often_and_cancelling_leaves_the_store_empty(engine):
    calls = []

    def report(done, total):
        calls.append((done, total))
        return len(calls) < 30

    with pytest.raises(demo.DemoCancelled):
        _generate(engine, cases=200, progress=report)
    assert len(calls) == 30 and all(total == 200 for _, total in calls)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count(Case.id))) == 0
        assert session.scalar(select(func.count(Person.id))) == 0
        assert session.scalar(select(func.count(User.id))) == 0

    seen = []
    _generate(engine, cases=200, progress=lambda done, total: seen.append(done) or True)
    assert len(seen) >= 50 and seen[-1] == 200


def test_a_case_registered_afterwards_gets_the_next_number(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'after.sqlite'}")
    _generate(engine, cases=150, seed=2)
    with unit_of_work(engine) as session:
        last = session.scalar(select(func.max(Case.case_number)).where(Case.case_number.like(f"VNO-{TODAY.year}-%")))
        actor = users.get_actor(session, "counsellor")
        form = make_case_form(consent=False, registered_on=TODAY)
        form = replace(form, consent=ConsentForm(TODAY, ConsentGiver.SELF, LegalBasis.CONSENT))
        detail = cases.register_case(session, actor, form, today=TODAY)
    engine.dispose()
    assert detail.case_number == f"VNO-{TODAY.year}-{int(last.rsplit('-', 1)[1]) + 1:05d}"


def test_avrcase_demo_command_fills_a_store(capsys, tmp_path, monkeypatch):
    path = tmp_path / "cli.sqlite"
    assert main(["demo", "--db", str(path), "--cases", "200"]) == 0  # a new store: no sign-in yet
    out = capsys.readouterr().out
    assert "Demo store ready: 200 cases" in out
    monkeypatch.setenv("AVRCASE_PASSWORD", "counsellor-demo-password")  # the documented demo account
    assert main(["case", "list", "--db", str(path), "--limit", "0", "--format", "csv", "--user", "counsellor"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 201
    monkeypatch.setenv("AVRCASE_PASSWORD", "admin-demo-password")
    assert main(["demo", "--db", str(path), "--cases", "5", "--user", "admin"]) == 1
    assert "already holds cases" in capsys.readouterr().err


def test_demo_on_postgres_leaves_ids_free_for_new_cases(pg_engine):
    _generate(pg_engine, cases=40, seed=4)
    with unit_of_work(pg_engine) as session:
        actor = users.get_actor(session, "counsellor")
        form = make_case_form(members=1, consent=False, registered_on=TODAY)
        detail = cases.register_case(session, actor, form, today=TODAY)
    assert detail.case_number.startswith(f"VNO-{TODAY.year}-") and len(detail.members) == 2
