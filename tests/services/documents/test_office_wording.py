"""The office's own wording (issue #15 items 2 and 3): per-language letterhead texts, wording files kept in
the store (import, export, review), the draft note on the office's copy, and papers with no fixed
organisation name."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.domain.wording import DECLARATION, DOCUMENTS, shipped_file
from avrcase.services import office
from avrcase.services.documents import office_wording
from avrcase.services.documents import register as documents
from avrcase.services.documents.languages import printable_languages_by_type
from avrcase.services.dto import OfficeLanguageTextDetail
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, OfficeLanguageText, OfficeWordingRecord
from tests.conftest import make_person
from tests.documents.conftest import page_texts
from tests.support.clock import FIXED_TODAY

#: A national agency: nothing on its papers may mention IOM.
AGENCY = dataclasses.replace(
    office.IOM_VILNIUS, organisation="Migracijos departamentas", office_name="Grįžimo skyrius",
    address="Laisvės pr. 88\nLT-06125 Vilnius", email="grizimas@migracija.lt", website="www.migracija.lt",
    footer_note="Savanoriško grįžimo programa.", emergency_phone="+370 699 99999", controller_name="",
    dpo_email="duomenys@migracija.lt", dpo_address="")


@pytest.fixture
def admin(actor_as):
    return actor_as(StaffRole.ADMINISTRATOR)


def _audit(engine, entity: str) -> list[dict]:
    with unit_of_work(engine, write=False) as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.seq)).all()
        return [{"action": r.action, "details": json.loads(r.details)} for r in rows]


def _georgian_declaration(**changes) -> bytes:
    data = dict(shipped_file(DECLARATION, "en"))
    data.update({"language": "ka", "title": "განცხადება ნებაყოფლობითი დაბრუნების შესახებ", **changes})
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _issue(engine, actor, doc_type, case_id, lang):
    with unit_of_work(engine) as session:
        row = documents.issue_document(session, actor, doc_type, case_id, lang)
        return row, documents.document_bytes(session, actor, row.id)


# ---------------------------------------------------------------- the organisation's name per language


def test_a_non_iom_office_prints_no_iom_on_any_case_document(engine, admin, actor, make_case):
    with unit_of_work(engine) as session:
        current = office.get_office_profile(session, admin)
        office.save_office_profile(session, admin, dataclasses.replace(AGENCY, version=current.version))
    case = make_case(members=1, principal=make_person(languages=("ru",)))
    for doc_type in ("case-summary", "declaration"):
        for lang in ("en", "lt"):
            _row, pdf = _issue(engine, actor, doc_type, case.id, lang)
            text = "\n".join(page_texts(pdf))
            assert "Migracijos departamentas" in text, (doc_type, lang)
            for word in ("IOM", "International Organization for Migration", "МОМ", "TMO"):
                assert word not in text, (doc_type, lang, word)


def test_texts_per_language_go_on_the_letterhead_of_that_language_and_are_audited(engine, admin, actor, make_case):
    with unit_of_work(engine) as session:
        office.save_language_texts(session, admin, OfficeLanguageTextDetail(
            "lt", organisation="Tarptautinė migracijos organizacija", footer_note="Biuro poraštė lietuviškai.",
            emergency_phone="+370 612 55555"))
    with unit_of_work(engine, write=False) as session:
        row = session.scalars(select(OfficeLanguageText)).one()
        assert (row.language, row.organisation) == ("lt", "Tarptautinė migracijos organizacija")
    [entry] = _audit(engine, "office_language_texts")
    assert entry["action"] == "create" and "Tarptautinė migracijos organizacija" in json.dumps(entry["details"], ensure_ascii=False)

    case = make_case(principal=make_person(languages=("lt",)))
    _row, lt_pdf = _issue(engine, actor, "case-summary", case.id, "lt")
    _row, en_pdf = _issue(engine, actor, "case-summary", case.id, "en")
    lt_text, en_text = "\n".join(page_texts(lt_pdf)), "\n".join(page_texts(en_pdf))
    assert "Tarptautinė migracijos organizacija" in lt_text and "Biuro poraštė lietuviškai." in lt_text
    assert "International Organization for Migration" in en_text and "Tarptautinė" not in en_text

    with unit_of_work(engine) as session:  # all fields empty: the language's texts go
        office.save_language_texts(session, admin, OfficeLanguageTextDetail("lt"))
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(OfficeLanguageText)) == 0
    assert [e["action"] for e in _audit(engine, "office_language_texts")] == ["create", "delete"]


@pytest.mark.parametrize("field, text, message", [
    ("address", "Line one\nLine two\nLine three\nLine four", "At most 3 lines"),
    ("address", "A very long letterhead line that cannot fit in the block, no", "at most 48 characters"),
    ("footer_note", "one\ntwo\nthree", "At most 2 lines"),
    ("footer_note", ("MMMMMMMMM " * 11).strip() + "\nsecond line", "more than 2 printed lines"),
    ("organisation", "two\nlines", "one line"),
])
def test_letterhead_and_footer_that_would_fall_off_the_page_are_refused(engine, admin, field, text, message):
    with unit_of_work(engine) as session:
        current = office.get_office_profile(session, admin)
    for save in (lambda s: office.save_office_profile(s, admin, dataclasses.replace(current, **{field: text})),
                 lambda s: office.save_language_texts(s, admin, OfficeLanguageTextDetail("lt", **{field: text}))):
        with unit_of_work(engine) as session, pytest.raises(ValidationError) as caught:
            save(session)
        assert field in caught.value.errors and message in caught.value.errors[field]
    with unit_of_work(engine, write=False) as session:
        assert office.get_office_profile(session, admin) == current


def test_the_itinerary_prints_the_emergency_phone_not_the_office_number(engine, actor, actor_as, make_case):
    from tests.documents.test_travel_documents import book

    officer = actor_as(StaffRole.TRAVEL_OFFICER)
    case = book(engine, actor, officer, make_case, principal=make_person(languages=("ru",)))
    _row, pdf = _issue(engine, officer, "itinerary", case.id, "en")
    text = "\n".join(page_texts(pdf))
    emergency = text.split("In an emergency")[1].split("Travellers")[0]
    assert office.IOM_VILNIUS.emergency_phone in emergency
    assert office.IOM_VILNIUS.phone not in emergency


# ---------------------------------------------------------------- wording files in the store


def test_import_keeps_the_file_in_the_store_as_a_draft_and_review_is_audited(engine, admin, actor, make_case):
    with unit_of_work(engine) as session:
        row = office_wording.import_wording(session, admin, _georgian_declaration())
    assert (row.kind, row.language, row.source, row.status) == (DECLARATION, "ka", "office", "draft")
    with unit_of_work(engine, write=False) as session:
        record = session.scalars(select(OfficeWordingRecord)).one()
        assert json.loads(record.content)["title"].startswith("განცხადება")
        assert "ka" in printable_languages_by_type(session, actor)["declaration"]
    assert _audit(engine, "office_wordings")[0]["action"] == "create"

    case = make_case(principal=make_person(languages=("ka",)))
    _row, pdf = _issue(engine, actor, "declaration", case.id, "en")
    pages = page_texts(pdf)
    note = "Translation not yet reviewed (draft): Georgian"
    office_pages = [i for i, text in enumerate(pages) if note in text]
    assert office_pages and office_pages[0] > 0, "the returnee's copy comes first, without the note"
    assert all(note not in text for text in pages[:office_pages[0]])
    assert len(pages) == 2 * office_pages[0]  # the office's copy is a whole second copy
    assert "Page 1 of" in pages[office_pages[0]]

    with unit_of_work(engine) as session:
        reviewed = office_wording.mark_reviewed(session, admin, DECLARATION, "ka", "Nino Reviewer", FIXED_TODAY)
    assert (reviewed.status, reviewed.reviewed_by, reviewed.reviewed_on) == ("reviewed", "Nino Reviewer", FIXED_TODAY)
    audit = _audit(engine, "office_wordings")
    assert audit[-1]["action"] == "update" and "Nino Reviewer" in json.dumps(audit[-1]["details"], ensure_ascii=False)
    _row, pdf = _issue(engine, actor, "declaration", case.id, "en")
    assert all(note not in text for text in page_texts(pdf))

    with unit_of_work(engine) as session:  # an edited file is a draft again: the review vouched for other text
        again = office_wording.import_wording(session, admin, _georgian_declaration(title="ახალი სათაური"))
    assert again.status == "draft"


def test_a_review_names_someone_and_is_not_dated_in_the_future(engine, admin):
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as caught:
        office_wording.mark_reviewed(session, admin, DOCUMENTS, "lt", " ", FIXED_TODAY + dt.timedelta(days=1))
    assert set(caught.value.errors) == {"reviewer", "reviewed_on"}
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(OfficeWordingRecord)) == 0


def test_export_then_import_round_trips_and_remove_goes_back_to_the_shipped_file(engine, admin):
    with unit_of_work(engine, write=False) as session:
        raw = office_wording.export_wording(session, admin, DOCUMENTS, "lt")
    data = json.loads(raw)
    assert (data["kind"], data["language"], data["status"]) == ("documents", "lt", "reviewed")
    data["itinerary"]["title"] = "Jūsų kelionės planas (biuro)"
    with unit_of_work(engine) as session:
        row = office_wording.import_wording(session, admin, json.dumps(data, ensure_ascii=False).encode())
    assert (row.source, row.status) == ("office", "draft")
    with unit_of_work(engine, write=False) as session:
        assert json.loads(office_wording.export_wording(session, admin, DOCUMENTS, "lt"))["itinerary"]["title"] \
            == "Jūsų kelionės planas (biuro)"
    with unit_of_work(engine) as session:
        office_wording.remove_wording(session, admin, DOCUMENTS, "lt")
    with unit_of_work(engine, write=False) as session:
        [lt] = [r for r in office_wording.list_wordings(session, admin) if (r.kind, r.language) == (DOCUMENTS, "lt")]
    assert (lt.source, lt.status) == ("shipped", "reviewed")
    assert [e["action"] for e in _audit(engine, "office_wordings")] == ["create", "delete"]


@pytest.mark.parametrize("raw, message", [
    (b"\xff\xfe not json", "not JSON text in UTF-8"),
    (b'{"name": "a spreadsheet", "rows": []}', "not an avrcase wording file"),
    (json.dumps({"kind": "declaration", "title": "x", "labels": {}, "statements": []}).encode(), "which language"),
    (_georgian_declaration(statements=["Only one {name}"]), "must have 6 entries"),
    (_georgian_declaration(statements=["{name} {secret}", "b", "c", "d", "e", "f"]), "unknown placeholders: {secret}"),
    (_georgian_declaration(title="broken {"), "stray { or }"),
    (_georgian_declaration(labels={"applicant": "განმცხადებელი"}), "lacks"),
])
def test_a_corrupt_or_foreign_file_is_refused_with_a_message_and_changes_nothing(engine, admin, raw, message):
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as caught:
        office_wording.import_wording(session, admin, raw)
    assert message in caught.value.message and "Nothing was changed" in caught.value.message
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(OfficeWordingRecord)) == 0
    assert _audit(engine, "office_wordings") == []


def test_only_the_office_profile_s_editors_change_wording(engine, actor):
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        office_wording.import_wording(session, actor, _georgian_declaration())


# ---------------------------------------------------------------- languages a document cannot print


def test_a_language_a_document_cannot_print_is_refused_with_those_it_can(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as caught:
        documents.issue_document(session, actor, "case-summary", case.id, "xx")
    message = caught.value.message
    assert "cannot print the case summary" in message and "en (English)" in message and "lt (" in message
    assert "\n" not in message
    with unit_of_work(engine, write=False) as session:
        assert documents.list_documents(session, actor, case.id) == []


def _documents_file(lang: str = "ka", **frame) -> bytes:
    data = json.loads(json.dumps(shipped_file(DOCUMENTS, lang)))
    data["frame"].update(frame)
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.mark.parametrize("frame, message", [
    ({"case": "საქმე {pages}"}, "“frame.case” uses unknown placeholders: {pages}"),
    ({"page": "გვერდი {page} {secret}"}, "“frame.page” uses unknown placeholders: {secret}"),
    ({"expired": ""}, "“frame.expired” must be a text"),
])
def test_a_documents_file_whose_page_footer_would_not_print_is_refused(engine, admin, frame, message):
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as caught:
        office_wording.import_wording(session, admin, _documents_file(**frame))
    assert message in caught.value.message and "Nothing was changed" in caught.value.message


def test_a_documents_file_from_before_the_page_footer_is_still_taken_and_prints_it_from_the_catalog(engine, admin):
    from avrcase.services.documents.case_snapshots import _FRAME_TEXTS, printed

    data = json.loads(_documents_file("ka", case="ჩვენი საქმე {number}"))
    with unit_of_work(engine) as session:
        office_wording.import_wording(session, admin, json.dumps(data, ensure_ascii=False).encode())
        catalog = office.get_office_profile(session, admin).wording
    assert printed("ka", "case", _FRAME_TEXTS["case"], catalog) % {"number": "VNO-1"} == "ჩვენი საქმე VNO-1"
    del data["frame"]
    with unit_of_work(engine) as session:
        office_wording.import_wording(session, admin, json.dumps(data, ensure_ascii=False).encode())
        catalog = office.get_office_profile(session, admin).wording
    assert printed("ka", "case", _FRAME_TEXTS["case"], catalog) % {"number": "VNO-1"} == "Case VNO-1"
