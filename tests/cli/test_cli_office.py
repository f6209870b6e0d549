"""``avrcase office``: letterhead texts per language, wording files (export, import, review), and ``--lang``
refusing what cannot be printed, in one line."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services import office
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, OfficeWordingRecord


def run(capsys, monkeypatch, user, *argv):
    monkeypatch.setenv("AVRCASE_USER", user)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR)


def test_office_set_per_language_then_show(capsys, monkeypatch, engine, db_path, admin):
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "set", "--lang", "lt", "--organisation",
                         "Tarptautinė migracijos organizacija", "--emergency-phone", "+370 612 77777",
                         "--address", "Jakšto g. 12\\nVilnius", "--db", str(db_path))
    assert (code, err) == (0, "") and "saved" in out
    with unit_of_work(engine, write=False) as session:
        texts = office.get_office_profile(session, admin).texts_in("lt")
    assert (texts.organisation, texts.emergency_phone, texts.address) == (
        "Tarptautinė migracijos organizacija", "+370 612 77777", "Jakšto g. 12\nVilnius")
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "show", "--db", str(db_path))
    assert code == 0 and "[lt]" in out and "+370 612 77777" in out

    code, out, err = run(capsys, monkeypatch, admin.username, "office", "set", "--emergency-phone", "+370 600 1",
                         "--db", str(db_path))
    assert code == 0
    with unit_of_work(engine, write=False) as session:
        assert office.get_office_profile(session, admin).emergency_phone == "+370 600 1"


def test_office_set_refuses_a_fourth_letterhead_line_in_one_line(capsys, monkeypatch, engine, db_path, admin):
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "set", "--address", "a\\nb\\nc\\nd",
                         "--db", str(db_path))
    assert code == 1 and err.startswith("avrcase: At most 3 lines") and err.count("\n") == 1


def test_wording_export_edit_import_review(capsys, monkeypatch, engine, db_path, admin, tmp_path):
    target = tmp_path / "documents-lt.json"
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "wording", "export", "documents", "lt",
                         "--out", str(target), "--db", str(db_path))
    assert (code, err) == (0, "")
    data = json.loads(target.read_text(encoding="utf-8"))
    data["itinerary"]["title"] = "Kelionės planas"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "wording", "import", str(target),
                         "--db", str(db_path))
    assert (code, err) == (0, "") and "draft" in out
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "wording", "review", "documents", "lt",
                         "--reviewer", "Rūta Reviewer", "--date", "2026-12-01", "--db", str(db_path))
    assert (code, err) == (0, "") and "Rūta Reviewer" in out
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "wording", "list", "--db", str(db_path))
    line = next(x for x in out.splitlines() if x.startswith("documents") and " lt " in x)
    assert "office" in line and "Rūta Reviewer" in line
    with unit_of_work(engine, write=False) as session:
        record = session.scalars(select(OfficeWordingRecord)).one()
        assert json.loads(record.content)["itinerary"]["title"] == "Kelionės planas"
        assert record.reviewed_by == "Rūta Reviewer"
        entries = [(e.action, e.username) for e in
                   session.scalars(select(AuditEntry).where(AuditEntry.entity == "office_wordings"))]
    assert entries == [("create", admin.username), ("update", admin.username)]


def test_wording_import_of_a_foreign_file_is_one_line_and_changes_nothing(capsys, monkeypatch, engine, db_path, admin,
                                                                         tmp_path):
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"hello": "world"}', encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "wording", "import", str(foreign),
                         "--db", str(db_path))
    assert code == 1 and "not an avrcase wording file" in err and err.count("\n") == 1 and "Traceback" not in err
    with unit_of_work(engine, write=False) as session:
        assert session.scalars(select(OfficeWordingRecord)).all() == []


@pytest.mark.skipif(__import__("os").name == "nt", reason="no named pipes in the file system")
def test_wording_and_key_imports_of_a_pipe_are_one_line_not_a_wait(capsys, monkeypatch, db_path, admin, tmp_path):
    """A named pipe given as the file to import made ``office wording import`` and ``audit key import`` wait for ever."""
    import os

    pipe = tmp_path / "wording.json"
    os.mkfifo(pipe)
    for argv in (("office", "wording", "import"), ("audit", "key", "import")):
        code, out, err = run(capsys, monkeypatch, admin.username, *argv, str(pipe), "--db", str(db_path))
        assert code == 1 and err.startswith("avrcase: ") and err.count("\n") == 1


@pytest.mark.parametrize("argv", [
    ("document", "case-summary", "--case", "VNO-2026-00001", "--lang", "zz", "--out", "{tmp}/x.pdf"),
    ("manifest", "--date", "2026-12-10", "--lang", "zz", "--out", "{tmp}/x.pdf"),
    ("office", "set", "--lang", "zz", "--organisation", "X"),
])
def test_lang_refuses_a_language_it_cannot_print_with_those_it_can(capsys, monkeypatch, engine, db_path, actor, admin,
                                                                   make_case, tmp_path, argv):
    make_case()
    user = admin.username if argv[0] == "office" else actor.username
    code, out, err = run(capsys, monkeypatch, user, *(a.format(tmp=tmp_path) for a in argv), "--db", str(db_path))
    assert code == 1 and err.startswith("avrcase: avrcase cannot print") and err.count("\n") == 1
    assert "en" in err.split(":")[-1] and "lt" in err.split(":")[-1]
    assert not (tmp_path / "x.pdf").exists()


def test_the_declarations_data_protection_texts_are_set_per_language_and_printed_in_it(
        capsys, monkeypatch, engine, db_path, admin, actor, make_case):
    """#15: a Russian reader's declaration named the recipients and the supervisory authority as the office
    typed them in English."""
    from avrcase.domain.codes import Sex
    from avrcase.services.documents import register as documents
    from tests.conftest import make_person
    from tests.documents.conftest import page_texts

    import dataclasses

    with unit_of_work(engine) as session:
        current = office.get_office_profile(session, admin)
        office.save_office_profile(session, admin, dataclasses.replace(
            current, data_recipients=office.IOM_VILNIUS.data_recipients,
            supervisory_authority="State Data Protection Inspectorate"))
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "set", "--lang", "ru",
                         "--recipients", "Департамент миграции (проездные документы)\\nавиакомпании (билеты)",
                         "--supervisory-authority", "Государственная инспекция по защите данных",
                         "--controller", "Международная организация по миграции, бюро в Вильнюсе",
                         "--db", str(db_path))
    assert (code, err) == (0, "")
    code, out, err = run(capsys, monkeypatch, admin.username, "office", "show", "--db", str(db_path))
    assert "Государственная инспекция по защите данных" in out
    case = make_case(principal=make_person(languages=("ru",), sex=Sex.FEMALE))
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id, "ru")
        text = " ".join(" ".join(page_texts(documents.document_bytes(session, actor, row.id))).split())
    assert "Департамент миграции (проездные документы); авиакомпании (билеты)" in text
    assert "Государственная инспекция по защите данных" in text and "Международная организация по миграции" in text
    assert "State Border Guard Service" not in text  # the office's English recipients, not for this language
    with unit_of_work(engine) as session:  # another language still prints the profile's own
        row = documents.issue_document(session, actor, "declaration", case.id, "lt")
        assert "State Border Guard Service" in " ".join(page_texts(documents.document_bytes(session, actor, row.id)))


@pytest.mark.parametrize("role", list(StaffRole))
def test_every_role_may_list_the_wording_files_but_only_the_administrator_change_them(capsys, monkeypatch, engine,
                                                                                     db_path, actor_as, role, tmp_path):
    """``office wording list`` was refused to a manager ("does not allow you to edit the office profile"):
    listing is reading, like ``office show``; importing, reviewing and removing stay the administrator's."""
    user = actor_as(role)
    code, out, err = run(capsys, monkeypatch, user.username, "office", "wording", "list", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert any(line.startswith("declaration") for line in out.splitlines())
    if role is StaffRole.ADMINISTRATOR:
        return
    code, out, err = run(capsys, monkeypatch, user.username, "office", "wording", "review", "documents", "lt",
                         "--reviewer", "Somebody", "--db", str(db_path))
    assert code == 1 and "does not allow you to edit the office profile" in err and err.count("\n") == 1
    with unit_of_work(engine, write=False) as session:
        assert session.scalars(select(OfficeWordingRecord)).all() == []
