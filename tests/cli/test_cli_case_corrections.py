"""``avrcase case sharing`` and ``avrcase case patronymic``: one field of a case, on record, shown back."""

from __future__ import annotations

from sqlalchemy import select

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services.cases import case_file
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.documents.conftest import page_texts


def run(capsys, monkeypatch, user, *argv):
    monkeypatch.setenv("AVRCASE_USER", user)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sharing_choice_is_recorded_shown_and_audited(capsys, monkeypatch, engine, actor, make_case, db_path):
    case = make_case()
    code, out, err = run(capsys, monkeypatch, "ruta", "case", "sharing", case.case_number.lower(), "no", "--db", str(db_path))
    assert (code, err) == (0, "") and out == f"Case {case.case_number}: optional sharing with third parties: did not agree.\n"
    with unit_of_work(engine, write=False) as session:
        assert case_file.get_case(session, actor, case.id).consent.sharing is False
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "cases",
                                                           AuditEntry.entity_id == case.id)).all()
        assert any("consent_sharing" in (e.details or "") for e in entries)
    code, out, err = run(capsys, monkeypatch, "ruta", "case", "show", case.case_number, "--db", str(db_path))
    assert "optional sharing with third parties: did not agree" in out
    code, out, _err = run(capsys, monkeypatch, "ruta", "case", "sharing", case.case_number, "unasked", "--db", str(db_path))
    assert code == 0 and out.endswith("not asked or not answered.\n")


def test_sharing_needs_recorded_consent_and_an_editing_role(capsys, monkeypatch, engine, actor, actor_as, make_case,
                                                            db_path):
    case = make_case(consent=False)
    code, _out, err = run(capsys, monkeypatch, "ruta", "case", "sharing", case.case_number, "yes", "--db", str(db_path))
    assert code == 1 and "has no consent recorded yet" in err
    actor_as(StaffRole.FINANCE_OFFICER, "finn")
    other = make_case()
    code, _out, err = run(capsys, monkeypatch, "finn", "case", "sharing", other.case_number, "yes", "--db", str(db_path))
    assert code == 1 and err.startswith("avrcase: ")
    code, _out, err = run(capsys, monkeypatch, "ruta", "case", "sharing", other.case_number, "maybe", "--db", str(db_path))
    assert code == 2 and "maybe" in err


def test_patronymic_is_set_per_person_and_printed_on_the_declaration(capsys, monkeypatch, engine, actor, make_case,
                                                                     db_path):
    case = make_case(members=1)
    code, out, err = run(capsys, monkeypatch, "ruta", "case", "patronymic", case.case_number, "Петровна", "--db", str(db_path))
    assert (code, err) == (0, "") and out == f"Case {case.case_number}: BERIDZE Nino Петровна.\n"
    code, out, err = run(capsys, monkeypatch, "ruta", "case", "patronymic", case.case_number, "Георгиевич", "--person", "2",
                         "--db", str(db_path))
    assert code == 0 and "Child One Георгиевич" in out
    code, _out, err = run(capsys, monkeypatch, "ruta", "case", "patronymic", case.case_number, "X", "--person", "3",
                          "--db", str(db_path))
    assert code == 1 and "has 2 people" in err
    code, _out, err = run(capsys, monkeypatch, "ruta", "case", "patronymic", case.case_number, "Bad\x1bname",
                          "--db", str(db_path))
    assert code == 2  # the command line refuses control characters before the store is opened
    code, out, _err = run(capsys, monkeypatch, "ruta", "case", "show", case.case_number, "--db", str(db_path))
    assert "BERIDZE Nino Петровна" in out and "Child One Георгиевич" in out
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "ru")
        text = " ".join(" ".join(page_texts(documents.document_bytes(session, actor, row.id))).split())
    assert "Я, BERIDZE Nino Петровна, прошу" in text
    assert "Я согласна на передачу" in text  # Nino is recorded as female
    code, out, _err = run(capsys, monkeypatch, "ruta", "case", "patronymic", case.case_number, "", "--db", str(db_path))
    assert code == 0 and out == f"Case {case.case_number}: BERIDZE Nino.\n"
