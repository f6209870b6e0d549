"""The document register: what was issued can be reprinted byte for byte; only real scans are kept."""

from __future__ import annotations

import hashlib
import io
import sqlite3

import pytest
from alembic import command
from pypdf import PdfReader

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.cases import case_file
from avrcase.services.cases import register as case_service
from avrcase.services.documents import register as documents
from avrcase.services.dto import CaseQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.engine import create_store_engine
from avrcase.store.schema import alembic_config, current_revision, head_revision, open_store
from avrcase.services.permissions import SYSTEM
from tests.conftest import make_case_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"


def test_issued_document_is_registered_with_its_hash_and_pages(engine, actor, make_case):
    case = make_case(members=1)
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "case-summary", case.id, "en")
    with unit_of_work(engine, write=False) as session:
        data = documents.document_bytes(session, actor, row.id)
        listed = documents.list_documents(session, actor, case.id)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.pages == len(PdfReader(io.BytesIO(data)).pages)
    assert (row.doc_type, row.language, row.issued_by, row.case_number) == (
        "case-summary", "en", actor.display_name, case.case_number)
    assert [r.id for r in listed] == [row.id]


def test_reprint_is_the_identical_file_even_after_the_case_changed(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id)
        first = documents.document_bytes(session, actor, row.id)
    with unit_of_work(engine) as session:
        detail = case_file.get_case(session, actor, case.id)
        form = make_case_form(final_destination="Batumi")
        case_service.update_case(session, actor, case.id, detail.version, form)
    with unit_of_work(engine, write=False) as session:
        again = documents.document_bytes(session, actor, row.id)
    assert again == first
    assert b"Batumi" not in again


def test_declaration_language_records_both_languages(engine, actor, make_case):
    case = make_case()  # the applicant reads Georgian and Russian; the office is Lithuanian
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "declaration", case.id)
    assert row.language == "lt+ka"  # the first language the applicant reads that has a wording


def test_unknown_document_type_is_refused(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session, pytest.raises(ValidationError, match="no document type"):
        documents.issue_document(session, actor, "passport-photo", case.id)


def test_unknown_language_is_refused_and_nothing_recorded(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session, pytest.raises(ValidationError, match="cannot print"):
        documents.issue_document(session, actor, "case-summary", case.id, "klingon-ish")
    with unit_of_work(engine, write=False) as session:
        assert documents.list_documents(session, actor, case.id) == []


def test_sensitive_copy_is_not_reprinted_for_a_travel_officer(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, "case-summary", case.id, "en")
        travel = users.actor_by_id(session, users.add_user(session, SYSTEM, "tomas", "Tomas", StaffRole.TRAVEL_OFFICER).id)
        own = documents.issue_document(session, travel, "case-summary", case.id, "en")
    assert row.sensitive and not own.sensitive
    with unit_of_work(engine, write=False) as session:
        with pytest.raises(PermissionDeniedError):
            documents.document_bytes(session, travel, row.id)
        assert documents.document_bytes(session, travel, own.id).startswith(b"%PDF")


@pytest.mark.parametrize(("name", "data", "media_type"), [
    ("signed.pdf", PDF, "application/pdf"), ("scan.png", PNG, "image/png"), ("photo.jpg", JPEG, "image/jpeg"),
])
def test_real_scans_are_attached_and_read_back(engine, actor, make_case, name, data, media_type):
    case = make_case()
    with unit_of_work(engine) as session:
        row = documents.attach_scan(session, actor, case.id, f"C:\\Scans\\{name}", data, " signed declaration ")
    with unit_of_work(engine, write=False) as session:
        listed = documents.list_attachments(session, actor, case.id)
        stored = documents.attachment_bytes(session, actor, row.id)
    assert stored == data
    assert [(a.filename, a.media_type, a.description) for a in listed] == [(name, media_type, "signed declaration")]


@pytest.mark.parametrize("data", [b"Just some notes\n", b"", PDF[:-7], PNG[:40]],
                         ids=["renamed-text", "empty", "truncated-pdf", "truncated-png"])
def test_foreign_or_damaged_file_is_refused_and_nothing_saved(engine, actor, make_case, data):
    case = make_case()
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as error:
        documents.attach_scan(session, actor, case.id, "declaration.pdf", data)
    assert "file" in error.value.errors
    with unit_of_work(engine, write=False) as session:
        assert documents.list_attachments(session, actor, case.id) == []


@pytest.mark.parametrize("name", ["signed\ncopy.pdf", "signed\rcopy.pdf", "x\u202egpj.exe.pdf", "a\u2028b.pdf",
                                  "x\u2067y.pdf"], ids=["line-feed", "carriage-return", "override", "line-separator",
                                                        "open-isolate"])
def test_a_file_name_with_line_breaks_or_direction_controls_is_refused_and_nothing_saved(engine, actor, make_case,
                                                                                         name):
    """A name turned round by U+202E showed "x‮gpj.exe.pdf" as "xfdp.exe.jpg" in the case file and the listing, and a
    line break split ``attachment list``'s line in two; now the file must be renamed first."""
    case = make_case()
    with unit_of_work(engine) as session, pytest.raises(ValidationError, match="rename the file") as error:
        documents.attach_scan(session, actor, case.id, name, PDF)
    assert "filename" in error.value.errors
    with unit_of_work(engine, write=False) as session:
        assert documents.list_attachments(session, actor, case.id) == []


def test_a_long_file_name_keeps_its_type_and_a_turned_description_is_refused(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session:
        row = documents.attach_scan(session, actor, case.id, "n" * 300 + ".pdf", PDF)
    assert row.filename == "n" * 251 + ".pdf"
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as error:
        documents.attach_scan(session, actor, case.id, "scan.pdf", PDF, "signed \u202efdp.exe")
    assert "description" in error.value.errors


def test_oversized_file_is_refused(engine, actor, make_case, monkeypatch):
    monkeypatch.setattr(documents, "MAX_ATTACHMENT_BYTES", 100)
    case = make_case()
    with unit_of_work(engine) as session, pytest.raises(ValidationError, match="at most"):
        documents.attach_scan(session, actor, case.id, "big.pdf", PDF + b"\n" * 200 + b"%%EOF\n")


def _copy_rows(source, target) -> None:
    """Copy every row of the tables ``target`` has, in the columns it has."""
    from sqlalchemy import MetaData

    old_tables = MetaData()
    old_tables.reflect(target)
    with source.connect() as src, target.begin() as dst:
        for table in old_tables.sorted_tables:
            if table.name == "alembic_version":
                continue
            columns = [c.name for c in table.columns]
            rows = src.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {table.name}").mappings().all()
            if rows:  # raw values, as SQLite stored them
                marks = ", ".join("?" for _ in columns)
                dst.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})",
                                    [tuple(r[c] for c in columns) for r in rows])


def test_store_at_0001_upgrades_to_0002_with_a_backup_and_keeps_its_cases(tmp_path):
    path = tmp_path / "old.sqlite"
    old = create_store_engine(f"sqlite:///{path}")
    config = alembic_config()
    with old.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.commit()
    # The models are at head now, so the case is made in a current store and copied into the old one.
    current = open_store(f"sqlite:///{tmp_path / 'current.sqlite'}")
    with unit_of_work(current) as session:
        author = users.actor_by_id(session, users.add_user(session, SYSTEM, "ona", "Ona", StaffRole.COUNSELLOR).id)
        number = case_service.register_case(session, author, make_case_form()).case_number
    _copy_rows(current, old)
    current.dispose()
    assert current_revision(old) == "0001"
    old.dispose()

    upgraded = open_store(f"sqlite:///{path}")
    try:
        assert current_revision(upgraded) == head_revision()
        with unit_of_work(upgraded) as session:
            case_id = case_file.find_case_id(session, number)
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)  # no paper names nobody (#14)
            documents.issue_document(session, author, "case-summary", case_id, "en")
            assert len(documents.list_documents(session, author, case_id)) == 1
    finally:
        upgraded.dispose()
    backups = list(tmp_path.glob("old.before-0001-*.sqlite"))
    assert len(backups) == 1
    connection = sqlite3.connect(backups[0])
    try:
        assert connection.execute("SELECT case_number FROM cases").fetchall() == [(number,)]
    finally:
        connection.close()


def test_a_turkish_family_name_keeps_the_dot_of_its_i_in_capitals(engine, actor, capsys):
    """“Şahin” printed as “ŞAHIN”, which a Turkish reader reads Şahın: another name on a signed paper."""
    from avrcase.cli.main import main
    from tests.conftest import make_person

    principal = make_person(family_name="Şahin", given_names="Zeynep", family_name_original="", given_names_original="",
                            citizenship="TR", document_issuing_country="TR", languages=("tr",))
    with unit_of_work(engine) as session:
        case = case_service.register_case(session, actor, make_case_form(principal=principal, country_of_return="TR"))
        row = documents.issue_document(session, actor, "case-summary", case.id, "en")
        data = documents.document_bytes(session, actor, row.id)
        listed = case_service.list_cases(session, actor, CaseQuery())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "ŞAHİN" in text and "ŞAHIN" not in text
    assert [r.principal_name for r in listed] == ["ŞAHİN Zeynep"]
    with unit_of_work(engine) as session:  # a Turkish citizen's name without a Turkish letter: DEMİR, not DEMIR
        other = case_service.register_case(session, actor, make_case_form(principal=make_person(
            family_name="Demir", given_names="Emre", family_name_original="", given_names_original="", citizenship="TR",
            document_number="U12345678", document_issuing_country="TR", languages=("tr",)), country_of_return="TR"))
        data = documents.document_bytes(session, actor, documents.issue_document(session, actor, "case-summary",
                                                                                 other.id, "en").id)
    assert "DEMİR Emre" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    engine.dispose()
    assert main(["--db", str(engine.url.database), "--user", "ruta", "case", "list", "--format", "csv"]) == 0
    listing = capsys.readouterr().out
    assert ",ŞAHİN Zeynep," in listing and ",DEMİR Emre," in listing
