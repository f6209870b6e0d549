"""``export all``: every table as documented CSV and JSON, files as files, and the case sheet imports back."""

import csv
import datetime as dt
import json
import stat

import pytest
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, StoreError
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.backup.export_all import export_all
from avrcase.services.permissions import SYSTEM
from avrcase.services.documents import register as documents
from avrcase.services.imports import run
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, Person
from avrcase.store.schema import head_revision, open_store
from tests.conftest import make_person

NOW = dt.datetime(2026, 12, 4, 15, tzinfo=dt.timezone.utc)


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR, "aiste")


def _filled(engine, actor, make_case):
    make_case()
    case = make_case(members=2, notes="=SUM(A1:A2) looks like a formula",
                     principal=make_person(family_name="Tsiklauri", given_names="Giorgi", document_number="14CD00001",
                                           languages=("ka", "ru", "en")))
    with unit_of_work(engine) as session:
        documents.issue_document(session, actor, "case-summary", case.id, "en")
        pdf = documents.document_bytes(session, actor, 1)
    return case, pdf


def test_export_all_writes_every_table_files_and_a_schema(engine, actor, admin, make_case, tmp_path):
    case, pdf = _filled(engine, actor, make_case)
    out = tmp_path / "everything"
    with unit_of_work(engine) as session:
        summary = export_all(session, admin, out, now=NOW)
    schema = json.loads((out / "schema.json").read_text())
    assert schema["format"] == "avrcase-export" and schema["schema_revision"] == head_revision()
    assert schema["version"] == 2  # its times carry their offset: an import reads them as written
    names = {t["name"] for t in schema["tables"]}
    assert {"cases", "persons", "case_members", "consultations", "issued_documents", "attachments", "audit_entries",
            "users", "office_profile"} <= names
    assert summary.rows["cases"] == 2 and summary.rows["persons"] == 4 and summary.files == 1
    cases_doc = next(t for t in schema["tables"] if t["name"] == "cases")
    principal = next(c for c in cases_doc["columns"] if c["name"] == "principal_id")
    assert principal["references"] == "persons.id" and cases_doc["primary_key"] == ["id"]
    # Password hashes never leave the store.
    users_doc = next(t for t in schema["tables"] if t["name"] == "users")
    assert "password_hash" not in {c["name"] for c in users_doc["columns"]}
    assert "password_hash" not in (out / "tables" / "users.csv").read_text()
    # The issued PDF is a file; its cell names it.
    docs = json.loads((out / "tables" / "issued_documents.json").read_text())
    assert docs[0]["pdf"] == "files/issued_documents/1.pdf" and (out / docs[0]["pdf"]).read_bytes() == pdf
    # CSV through the safe-cell rule; JSON exact.
    with (out / "tables" / "cases.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[1]["notes"] == "'=SUM(A1:A2) looks like a formula"
    assert json.loads((out / "tables" / "cases.json").read_text())[1]["notes"] == "=SUM(A1:A2) looks like a formula"
    assert stat.S_IMODE((out / "schema.json").stat().st_mode) == 0o600 and stat.S_IMODE(out.stat().st_mode) == 0o700
    assert not list(tmp_path.glob(".*part"))


def test_export_refuses_a_folder_in_use_and_non_administrators(engine, actor, admin, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("mine")
    with pytest.raises(StoreError, match="not an empty folder"):
        with unit_of_work(engine) as session:
            export_all(session, admin, tmp_path / "full", now=NOW)
    with pytest.raises(PermissionDeniedError):
        with unit_of_work(engine) as session:
            export_all(session, actor, tmp_path / "new", now=NOW)
    assert not (tmp_path / "new").exists()


def test_round_trip_export_then_import_into_a_new_store(engine, actor, admin, make_case, tmp_path):
    _filled(engine, actor, make_case)
    out = tmp_path / "everything"
    with unit_of_work(engine) as session:
        export_all(session, admin, out, now=NOW)

    def people(eng):
        with unit_of_work(eng, write=False) as session:
            rows = session.execute(select(Person.family_name, Person.given_names, Person.date_of_birth, Person.sex,
                                          Person.citizenship, Person.document_number, Person.languages,
                                          Person.phone, Person.address)).all()
            cases = session.execute(select(Case.legal_status, Case.referral_source, Case.country_of_return,
                                           Case.registered_on, Case.household_size, Case.notes, Case.stage)).all()
        return sorted(map(tuple, rows)), sorted(map(tuple, cases))

    fresh = open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        with unit_of_work(fresh) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
            who = users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR)
            counsellor = users.actor_by_id(session, who.id)
        with unit_of_work(fresh, write=False) as session:
            plan = run.dry_run(session, counsellor, out / "cases.csv", today=NOW.date())
        assert plan.problems == () and len(plan.cases) == 2
        with unit_of_work(fresh) as session:
            run.import_cases(session, counsellor, plan, today=NOW.date(), now=NOW)
        assert people(fresh) == people(engine)
    finally:
        fresh.dispose()


def test_export_all_works_on_postgresql(pg_engine, tmp_path):
    """A server store is backed up by the server; ``export all`` still takes everything out."""
    with unit_of_work(pg_engine) as session:
        row = users.add_user(session, SYSTEM, "aiste", "Aiste Admin", StaffRole.ADMINISTRATOR)
        admin = users.actor_by_id(session, row.id)
    with unit_of_work(pg_engine) as session:
        summary = export_all(session, admin, tmp_path / "pg-export", now=NOW)
    schema = json.loads((tmp_path / "pg-export" / "schema.json").read_text())
    assert schema["schema_revision"] == head_revision() and summary.rows["users"] == 1
    assert (tmp_path / "pg-export" / "tables" / "users.csv").read_text().splitlines()[1].split(",")[1] == "aiste"


def test_round_trip_through_the_workbook_keeps_consultations(engine, actor, admin, make_case, tmp_path):
    import datetime as dt_

    from avrcase.domain.codes import ConsultationMode, ConsultationOutcome, ConsultationTopic
    from avrcase.domain.forms import ConsultationForm
    from avrcase.services.cases import counselling
    from avrcase.store.models import Consultation

    case, _pdf = _filled(engine, actor, make_case)
    with unit_of_work(engine) as session:
        counselling.record_consultation(
            session, actor, case.id,
            ConsultationForm(held_at=dt_.datetime(2026, 12, 4, 9, 30, tzinfo=dt_.timezone.utc), mode=ConsultationMode.PHONE,
                             topics=(ConsultationTopic.TRAVEL, ConsultationTopic.DOCUMENTS), notes="+ asked about bags",
                             interpreter_name="Tamar Interpreter", interpreter_language="ka",
                             participants="her brother", outcome=ConsultationOutcome.WANTS_TO_APPLY),
            now=NOW)
    out = tmp_path / "everything"
    with unit_of_work(engine) as session:
        export_all(session, admin, out, now=NOW)

    def snapshot(eng):
        with unit_of_work(eng, write=False) as session:
            consultations = session.execute(select(  # everything the consultation dialog takes but who held it
                Consultation.held_at, Consultation.mode, Consultation.topics, Consultation.notes, Consultation.location,
                Consultation.interpreter_name, Consultation.interpreter_language, Consultation.participants,
                Consultation.outcome)).all()
            stages = session.execute(select(Case.stage, Case.household_size)).all()
        return sorted(map(tuple, consultations)), sorted(map(tuple, stages))

    fresh = open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        with unit_of_work(fresh) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
            counsellor = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR).id)
        with unit_of_work(fresh, write=False) as session:
            plan = run.dry_run(session, counsellor, out / "cases.xlsx", today=NOW.date())
        assert plan.problems == () and len(plan.cases) == 2
        with unit_of_work(fresh) as session:
            run.import_cases(session, counsellor, plan, today=NOW.date(), now=NOW)
        assert snapshot(fresh) == snapshot(engine)
        assert snapshot(fresh)[0][0][3] == "+ asked about bags"
    finally:
        fresh.dispose()


@pytest.mark.parametrize("name", ["cases.csv", "cases.xlsx"])
def test_round_trip_keeps_every_case_dialog_fact(engine, actor, admin, make_case, tmp_path, name):
    """Vulnerabilities with details, counsellor, project, return decision, approval and consent sharing come back."""
    from avrcase.domain.codes import ApprovalStatus, Vulnerability
    from avrcase.domain.forms import VulnerabilityForm
    from avrcase.store.models import CaseVulnerability, User

    make_case(vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION, "diabetes; insulin: twice a day"),
                               VulnerabilityForm(Vulnerability.ELDERLY)),
              project="AVRR-LT 2026", return_decision_number="RD-2026/117", return_decision_date=dt.date(2026, 10, 20),
              approval_status=ApprovalStatus.APPROVED, approval_date=dt.date(2026, 11, 12), approval_reference="MD-55")
    make_case(principal=make_person(family_name="Karimov", given_names="Aziz", document_number="TJ0001", citizenship="TJ"),
              country_of_return="TJ", vulnerabilities=(VulnerabilityForm(Vulnerability.DISABILITY, "uses a wheelchair"),),
              approval_status=ApprovalStatus.REQUESTED)
    out = tmp_path / "everything"
    with unit_of_work(engine) as session:
        export_all(session, admin, out, now=NOW)

    def facts(eng):
        with unit_of_work(eng, write=False) as session:
            cases = session.execute(
                select(Case.case_number, User.username, Case.project, Case.return_decision_number,
                       Case.return_decision_date, Case.approval_status, Case.approval_date, Case.approval_reference,
                       Case.consent_shared_with).join(User, User.id == Case.counsellor_id)).all()
            vulnerable = session.execute(select(Case.case_number, CaseVulnerability.code, CaseVulnerability.details)
                                         .join(Case, Case.id == CaseVulnerability.case_id)).all()
        return sorted(map(tuple, cases)), sorted(map(tuple, vulnerable))

    fresh = open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        with unit_of_work(fresh) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
            users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR)
            who = users.add_user(session, SYSTEM, "jonas", "Jonas", StaffRole.COUNSELLOR)
            importer = users.actor_by_id(session, who.id)
        with unit_of_work(fresh, write=False) as session:
            plan = run.dry_run(session, importer, out / name, today=NOW.date())
        assert plan.problems == () and len(plan.cases) == 2
        with unit_of_work(fresh) as session:
            run.import_cases(session, importer, plan, today=NOW.date(), now=NOW)
        before, after = facts(engine), facts(fresh)
        assert after == before
        assert ("ruta", "AVRR-LT 2026", "RD-2026/117") in {row[1:4] for row in after[0]}  # counsellor is ruta, not jonas
        assert any(row[1:] == ("medical_condition", "diabetes; insulin: twice a day") for row in after[1])
    finally:
        fresh.dispose()


@pytest.mark.parametrize("name", ["cases.csv", "cases.xlsx"])
def test_round_trip_keeps_why_a_closed_case_was_closed(engine, actor, admin, make_case, tmp_path, name):
    """A closed case came back closed without its closure reason (the export wrote no such column): 1,497 closed
    cases of a 2,500-case demo store lost why they were closed, and a closed case with none is one no screen
    could have made."""
    from avrcase.store.models import StageChange

    closed = make_case()
    make_case(principal=make_person(family_name="Karimov", given_names="Aziz", document_number="TJ0001",
                                    citizenship="TJ"), country_of_return="TJ")
    with unit_of_work(engine) as session:
        session.get(Case, closed.id).stage = "closed"
        session.get(Case, closed.id).closure_reason = "withdrew"
    out = tmp_path / "everything"
    with unit_of_work(engine) as session:
        export_all(session, admin, out, now=NOW)

    fresh = open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        with unit_of_work(fresh) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
            who = users.add_user(session, SYSTEM, "ruta", "Rūta", StaffRole.COUNSELLOR)
            counsellor = users.actor_by_id(session, who.id)
        with unit_of_work(fresh, write=False) as session:
            plan = run.dry_run(session, counsellor, out / name, today=NOW.date())
        assert plan.problems == () and len(plan.cases) == 2
        with unit_of_work(fresh) as session:
            run.import_cases(session, counsellor, plan, today=NOW.date(), now=NOW)
        with unit_of_work(fresh, write=False) as session:
            rows = sorted(map(tuple, session.execute(select(Person.family_name, Case.stage, Case.closure_reason)
                                                     .join(Case, Case.principal_id == Person.id))))
            last = session.execute(select(StageChange.to_stage, StageChange.closure_reason)
                                   .where(StageChange.to_stage == "closed")).one()
        assert rows == [("Beridze", "closed", "withdrew"), ("Karimov", "registered", None)]
        assert tuple(last) == ("closed", "withdrew")  # the history's closing move says why, as the case does
    finally:
        fresh.dispose()


def test_a_closure_reason_on_a_case_that_is_not_closed_is_a_problem_of_its_row(engine, actor, tmp_path):
    """A sheet's closure reason beside an open stage is refused for that row (a closed case's reason only)."""
    sheet = tmp_path / "cases.csv"
    sheet.write_text("family_name,given_names,sex,date_of_birth,citizenship,stage,closure_reason\n"
                     "Beridze,Nino,F,1988-05-17,GE,counselling,withdrew\n"
                     "Karimov,Aziz,M,1979-02-03,TJ,closed,withdrew\n", encoding="utf-8")
    with unit_of_work(engine, write=False) as session:
        plan = run.dry_run(session, actor, sheet, today=NOW.date())
    assert [(p.row, p.column) for p in plan.problems] == [(2, "closure_reason")] and len(plan.cases) == 1
    assert plan.cases[0].closure_reason.value == "withdrew"


def test_an_export_killed_half_way_is_deleted_by_the_next_into_the_same_folder(engine, admin, tmp_path):
    """kill -9 during export all left '.everything.part', the whole store in plain text, on the office's USB disk."""
    import os

    killed = tmp_path / ".everything.avrcase-export.part"
    (killed / "tables").mkdir(parents=True)
    (killed / "tables" / "persons.csv").write_text("family_name\nBeridze\n")
    writing = tmp_path / ".other.avrcase-export.part"  # an export still being written, by another window
    writing.mkdir()
    for path, age in ((killed, 7200), (writing, 60)):
        os.utime(path, (NOW.timestamp() - age, NOW.timestamp() - age))
    with unit_of_work(engine) as session:
        export_all(session, admin, tmp_path / "again", now=NOW)
    assert not killed.exists() and writing.exists() and (tmp_path / "again" / "schema.json").exists()
