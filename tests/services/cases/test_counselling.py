"""Consultations, follow-ups and the follow-ups-due list."""

import datetime as dt

import pytest

from avrcase.domain.codes import ConsultationMode, ConsultationOutcome, ConsultationTopic, StaffRole
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import ConsultationForm, FollowUpForm
from avrcase.domain.stages import Stage
from avrcase.services.accounts import users
from avrcase.services.cases import case_file, counselling
from avrcase.services.uow import unit_of_work
from avrcase.services.permissions import SYSTEM
from tests.support.clock import FIXED_NOW, FIXED_TODAY

NOW = FIXED_NOW
TODAY = FIXED_TODAY


def consult(**overrides):
    values = dict(held_at=NOW - dt.timedelta(days=5), mode=ConsultationMode.IN_PERSON, location="Pabradė",
                  interpreter_name="I. Interpreter", interpreter_language="ka",
                  topics=(ConsultationTopic.AVR_INFORMATION, ConsultationTopic.DOCUMENTS),
                  notes="Explained the programme.", outcome=ConsultationOutcome.CONSIDERING,
                  follow_ups=(FollowUpForm("Ask embassy for travel certificate", TODAY + dt.timedelta(days=3)),
                              FollowUpForm("Call back", TODAY - dt.timedelta(days=1))))
    values.update(overrides)
    return ConsultationForm(**values)


def test_first_consultation_moves_case_to_counselling_and_is_in_the_file(engine, actor, make_case):
    detail = make_case(registered_on=TODAY - dt.timedelta(days=10))
    with unit_of_work(engine) as session:
        logged = counselling.record_consultation(session, actor, detail.id, consult())
    assert logged.topics == ("avr_information", "documents")
    with unit_of_work(engine, write=False) as session:
        after = case_file.get_case(session, actor, detail.id)
    assert after.stage == Stage.COUNSELLING
    assert after.stage_history[-1].reason == "First consultation logged"
    assert len(after.consultations) == 1
    assert after.consultations[0].interpreter_language == "ka"
    assert len(after.consultations[0].follow_ups) == 2


def test_follow_ups_due_for_the_counsellor_oldest_first_and_mark_done(engine, actor, make_case):
    detail = make_case(registered_on=TODAY - dt.timedelta(days=10))
    with unit_of_work(engine) as session:
        other = users.add_user(session, SYSTEM, "jonas", "Jonas Other", StaffRole.COUNSELLOR)
        counselling.record_consultation(session, actor, detail.id, consult())
        counselling.record_consultation(session, actor, detail.id, consult(
            follow_ups=(FollowUpForm("For Jonas", TODAY, assigned_to_id=other.id),)))
    with unit_of_work(engine, write=False) as session:
        due = counselling.list_follow_ups(session, actor, due_by=TODAY + dt.timedelta(days=7))
    assert [f.action for f in due] == ["Call back", "Ask embassy for travel certificate"]
    assert due[0].case_number == detail.case_number
    with unit_of_work(engine) as session:
        counselling.complete_follow_up(session, actor, due[0].id)
    with unit_of_work(engine, write=False) as session:
        assert [f.action for f in counselling.list_follow_ups(session, actor)] == ["Ask embassy for travel certificate"]
    with pytest.raises(ValidationError, match="already marked done"):
        with unit_of_work(engine) as session:
            counselling.complete_follow_up(session, actor, due[0].id)


def test_invalid_consultation_saves_nothing(engine, actor, make_case):
    detail = make_case(registered_on=TODAY - dt.timedelta(days=10))
    with pytest.raises(ValidationError):
        with unit_of_work(engine) as session:
            counselling.record_consultation(session, actor, detail.id, consult(held_at=NOW + dt.timedelta(days=2)))
    with unit_of_work(engine, write=False) as session:
        after = case_file.get_case(session, actor, detail.id)
    assert after.consultations == () and after.stage == Stage.REGISTERED


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_a_counsellors_follow_ups_are_theirs_or_unassigned_on_their_cases_and_counted_past_the_list(store_kind, request):
    """The list (at most ``limit``, oldest first) and its count (all of them, and how many are overdue)."""
    from tests.conftest import make_case_form

    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    with unit_of_work(engine) as session:
        me = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR).id)
        other = users.actor_by_id(session, users.add_user(session, SYSTEM, "jonas", "Jonas", StaffRole.COUNSELLOR).id)

    def day(offset: int) -> dt.date:
        return TODAY + dt.timedelta(days=offset)

    def held(actor, case_id, *follow_ups):
        with unit_of_work(engine, actor=actor) as session:
            counselling.record_consultation(session, actor, case_id, consult(follow_ups=tuple(
                FollowUpForm(action, day(offset), assigned_to_id=who.id if who else None)
                for action, offset, who in follow_ups)))

    with unit_of_work(engine, actor=me) as session:
        mine = case_file_register(session, me, make_case_form(counsellor_id=me.id, registered_on=day(-10)))
    with unit_of_work(engine, actor=other) as session:
        theirs = case_file_register(session, other, make_case_form(counsellor_id=other.id, registered_on=day(-10)))
    held(me, mine, ("mine, overdue", -2, None), ("mine, tomorrow", 1, None), ("mine, in ten days", 10, None),
         ("for Jonas on my case", 0, other), ("done", -3, None))
    held(other, theirs, ("for me on Jonas's case", -5, me), ("unassigned on Jonas's case", 0, None))
    with unit_of_work(engine, actor=me) as session:
        done = next(f for f in counselling.list_follow_ups(session, me) if f.action == "done")
        counselling.complete_follow_up(session, me, done.id)

    week = day(7)
    with unit_of_work(engine, write=False) as session:
        listed = [f.action for f in counselling.list_follow_ups(session, me, due_by=week)]
        first_two = [f.action for f in counselling.list_follow_ups(session, me, due_by=week, limit=2)]
        counted = counselling.count_follow_ups(session, me, due_by=week)
        everything = counselling.count_follow_ups(session, me, include_done=True)
        all_listed = [f.action for f in counselling.list_follow_ups(session, me, include_done=True)]
        jonas = [f.action for f in counselling.list_follow_ups(session, other)]
    assert listed == ["for me on Jonas's case", "mine, overdue", "mine, tomorrow"]
    assert first_two == listed[:2]
    assert (counted.total, counted.overdue) == (3, 2)
    assert all_listed == ["for me on Jonas's case", "done", "mine, overdue", "mine, tomorrow", "mine, in ten days"]
    assert (everything.total, everything.overdue) == (5, 2)  # a done follow-up is never overdue
    assert jonas == ["for Jonas on my case", "unassigned on Jonas's case"]


def case_file_register(session, actor, form) -> int:
    from avrcase.services.cases import register

    return register.register_case(session, actor, form).id


def test_the_case_file_reads_in_the_same_few_statements_however_much_the_case_holds(engine, actor, make_case):
    """#14: the case file is read as rows, a statement per part of it, not a statement per consultation or member;
    what the same unit of work changed just before is in it, with every consultation, follow-up and staff name."""
    from tests.support.statements import recorded

    small = make_case()
    large = make_case(members=3, registered_on=TODAY - dt.timedelta(days=10))

    def reads(case_id: int) -> tuple[int, object]:
        with unit_of_work(engine, write=False) as session:
            session.connection()  # the transaction begun before counting
            with recorded(engine) as statements:
                detail = case_file.case_detail(session, actor, case_id)
        return len([s for s in statements if s.startswith("SELECT")]), detail

    small_reads, _small = reads(small.id)
    with unit_of_work(engine) as session:
        other = users.add_user(session, SYSTEM, "jonas", "Jonas Other", StaffRole.COUNSELLOR)
        counselling.record_consultation(session, actor, large.id, consult(held_at=NOW - dt.timedelta(days=6)))
        counselling.record_consultation(session, actor, large.id, consult(
            held_at=NOW - dt.timedelta(days=2), counsellor_id=other.id, notes="Second visit.",
            follow_ups=(FollowUpForm("Book the flight", TODAY + dt.timedelta(days=9), assigned_to_id=other.id),
                        FollowUpForm("Phone the embassy", TODAY + dt.timedelta(days=1)))))
        # Logged and read in one unit of work: the file holds it before anything is committed.
        in_the_same_work = case_file.case_detail(session, actor, large.id)
        counselling.record_consultation(session, actor, large.id, consult(held_at=NOW - dt.timedelta(days=1),
                                                                          notes="Third visit.", follow_ups=()))
        assert len(case_file.case_detail(session, actor, large.id).consultations) == 3
    assert len(in_the_same_work.consultations) == 2
    large_reads, detail = reads(large.id)
    assert large_reads == small_reads <= 7  # 6 reads and one for values written by hand (``stored_values``)
    assert [m.person.id for m in detail.members][:1] == [detail.principal.id] and len(detail.members) == 4
    assert [c.notes for c in detail.consultations] == ["Third visit.", "Second visit.", "Explained the programme."]
    second = detail.consultations[1]
    assert second.counsellor == "Jonas Other" and detail.consultations[0].counsellor == actor.display_name
    assert [(f.action, f.assigned_to) for f in second.follow_ups] == [
        ("Phone the embassy", "Jonas Other"), ("Book the flight", "Jonas Other")]
    assert all(f.case_number == detail.case_number for f in second.follow_ups)
    assert [f.action for f in detail.consultations[2].follow_ups] == ["Call back", "Ask embassy for travel certificate"]
    assert [s.to_stage for s in detail.stage_history] == [Stage.REGISTERED, Stage.COUNSELLING]
    assert detail.stage_history[-1].changed_by == actor.display_name


def test_a_follow_up_of_a_case_missing_its_principal_stays_in_the_list_marked_damaged(engine, db_path, actor,
                                                                                       make_case):
    """Follow-ups due said 2 (its count) and listed 1: the follow-up of a case whose principal applicant was deleted
    by hand (foreign keys off) dropped out of the list, which joined the principal."""
    import sqlite3

    detail = make_case(registered_on=TODAY - dt.timedelta(days=10), members=1)
    with unit_of_work(engine) as session:
        counselling.record_consultation(session, actor, detail.id, consult())
    engine.dispose()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM persons WHERE id = ?", (detail.principal.id,))
    connection.close()
    with unit_of_work(engine, write=False) as session:
        due = counselling.list_follow_ups(session, actor, due_by=TODAY + dt.timedelta(days=7))
        count = counselling.count_follow_ups(session, actor, due_by=TODAY + dt.timedelta(days=7))
    assert count.total == len(due) == 2
    assert {(f.case_number, f.principal_name) for f in due} == {
        (detail.case_number, "(damaged: principal applicant missing)")}
