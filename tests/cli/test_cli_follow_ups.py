"""``avrcase follow-up list|reopen``: a follow-up marked done by mistake could be opened again only in the window
(its **Undo**, for 15 seconds); the command line now reopens one by its number, on the audit trail the same way,
and refuses in one line what it cannot do."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from avrcase.cli.main import main
from avrcase.domain.codes import ConsultationMode, StaffRole
from avrcase.domain.forms import ConsultationForm
from avrcase.services.cases import counselling
from avrcase.services.dto import FollowUpForm
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, FollowUp
from tests.cli.test_cli import signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)
from tests.support.clock import FIXED_TODAY


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _done_follow_up(engine, actor, make_case) -> tuple[int, str]:
    case = make_case(registered_on=FIXED_TODAY - dt.timedelta(days=10))
    held = dt.datetime.combine(FIXED_TODAY - dt.timedelta(days=5), dt.time(10), dt.timezone.utc)
    with unit_of_work(engine) as session:
        consultation = counselling.record_consultation(session, actor, case.id, ConsultationForm(
            held_at=held, mode=ConsultationMode.PHONE, notes="asked about travel documents",
            follow_ups=(FollowUpForm("Ask the embassy for a passport", FIXED_TODAY + dt.timedelta(days=2)),)))
        follow_up_id = consultation.follow_ups[0].id
        counselling.complete_follow_up(session, actor, follow_up_id)
    return follow_up_id, case.case_number


def _done_on(engine, follow_up_id):
    with unit_of_work(engine, write=False) as session:
        stored = session.get(FollowUp, follow_up_id)
        changes = [json.loads(e.details)["fields"]["done_on"] for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "follow_ups", AuditEntry.entity_id == follow_up_id,
                                     AuditEntry.action == "update").order_by(AuditEntry.seq))]
        return stored.done_on, stored.done_by_id, changes


def test_reopen_opens_a_follow_up_marked_done_on_the_record(capsys, db_path, engine, actor, make_case):
    follow_up_id, number = _done_follow_up(engine, actor, make_case)
    code, out, err = run(capsys, "follow-up", "list", "--done", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split("\t")[::2] == [str(follow_up_id), number, "Ask the embassy for a passport"]
    assert out.splitlines()[0].startswith(f"{follow_up_id}\t") and "\tdone " in out
    assert run(capsys, "follow-up", "list", "--db", str(db_path))[1] == "0 follow-ups\n"  # only open ones

    code, out, err = run(capsys, "follow-up", "reopen", str(follow_up_id), "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out.startswith(f"Follow-up {follow_up_id} of case {number} is open again: Ask the embassy for a passport")
    done_on, done_by, changes = _done_on(engine, follow_up_id)
    today = FIXED_TODAY.isoformat()
    assert (done_on, done_by) == (None, None) and changes == [[None, today], [today, None]]
    assert run(capsys, "follow-up", "list", "--db", str(db_path))[1].endswith("\topen\n1 follow-up\n")


def test_reopen_refuses_in_one_line(capsys, monkeypatch, db_path, engine, actor, actor_as, make_case):
    follow_up_id, _number = _done_follow_up(engine, actor, make_case)
    code, out, err = run(capsys, "follow-up", "reopen", "999", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err == "avrcase: There is no follow-up 999; “avrcase follow-up list --done” lists yours.\n"

    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.FINANCE_OFFICER).username)
    code, out, err = run(capsys, "follow-up", "reopen", str(follow_up_id), "--db", str(db_path))
    assert (code, out) == (1, "") and err.startswith("avrcase: Your role (") and err.count("\n") == 1
    assert _done_on(engine, follow_up_id)[0] == FIXED_TODAY

    monkeypatch.setenv("AVRCASE_USER", actor.username)
    assert run(capsys, "follow-up", "reopen", str(follow_up_id), "--db", str(db_path))[0] == 0
    code, out, err = run(capsys, "follow-up", "reopen", str(follow_up_id), "--db", str(db_path))
    assert (code, out, err) == (1, "", "avrcase: This follow-up is not marked done.\n")
    assert len(_done_on(engine, follow_up_id)[2]) == 2  # the refusals changed nothing


def _audit_count(engine) -> int:
    with unit_of_work(engine, write=False) as session:
        return len(session.scalars(select(AuditEntry.seq).where(AuditEntry.entity == "follow_ups")).all())


def test_reopen_follows_the_rule_of_counselling_work_any_counsellor_on_an_open_case(
        capsys, monkeypatch, db_path, engine, actor, actor_as, make_case):
    """Cases are the office's, not one counsellor's (the case file offers Mark done to every counsellor): a colleague
    may reopen; nobody reopens on a closed case, whose counselling record is final, and the refusal leaves no trace."""
    from avrcase.domain.codes import ClosureReason
    from avrcase.domain.stages import Stage, StageMove
    from avrcase.services.cases import case_file, stages

    follow_up_id, number = _done_follow_up(engine, actor, make_case)
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.COUNSELLOR, "colleague").username)
    assert run(capsys, "follow-up", "reopen", str(follow_up_id), "--db", str(db_path))[0] == 0
    with unit_of_work(engine) as session:
        counselling.complete_follow_up(session, actor, follow_up_id)
        case = case_file.get_case(session, actor, case_file.find_case_id(session, number))
        case = stages.change_stage(session, actor, case.id, case.version, StageMove(Stage.WITHDRAWN, "withdrew"))
        stages.change_stage(session, actor, case.id, case.version,
                            StageMove(Stage.CLOSED, "withdrew", ClosureReason.WITHDREW))
    trail = _audit_count(engine)
    code, out, err = run(capsys, "follow-up", "reopen", str(follow_up_id), "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err == f"avrcase: Case {number} is closed; reopening is not possible, register a new case.\n"
    assert _done_on(engine, follow_up_id)[0] == FIXED_TODAY and _audit_count(engine) == trail


def test_the_follow_up_listing_is_on_the_audit_trail_without_its_names(capsys, db_path, engine, actor, make_case):
    """``follow-up list`` printed each follow-up's case and applicant's name and left no entry, unlike ``case list``,
    ``departures`` and ``attachment list`` (session 30's attack)."""
    _done_follow_up(engine, actor, make_case)
    for argv, rows, done in ((("--done",), 1, True), ((), 0, False)):
        code, out, err = run(capsys, "follow-up", "list", *argv, "--db", str(db_path))
        assert (code, err) == (0, "")
        with unit_of_work(engine, write=False) as session:
            entity, username, details = session.execute(
                select(AuditEntry.entity, AuditEntry.username, AuditEntry.details)
                .where(AuditEntry.action == "export").order_by(AuditEntry.seq.desc())).first()
        assert (entity, username) == ("follow_up_list", actor.username)
        assert json.loads(details) == {"rows": rows, "done": done}
        name = out.splitlines()[0].split("\t")[3] if rows else None
        assert name is None or name not in details
