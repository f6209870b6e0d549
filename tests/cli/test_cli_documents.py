"""``avrcase document``: the PDF lands where asked and in the register; mistakes are one line, exit 1."""

from __future__ import annotations

import hashlib

import pytest

from avrcase.cli.main import main
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from tests.cli.test_cli import collector_seen_by, signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)
from tests.documents.conftest import page_texts


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_document_types(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["document", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "case-summary" in out and "declaration" in out


def test_document_is_written_and_registered_as_the_cli_user(capsys, monkeypatch, db_path, engine, actor, make_case,
                                                             tmp_path):
    case = make_case()
    monkeypatch.setenv("AVRCASE_USER", actor.username)
    out_file = tmp_path / "summary.pdf"
    code, out, err = run(capsys, "document", "case-summary", "--case", case.case_number.lower(), "--lang", "en",
                         "--out", str(out_file), "--db", str(db_path))
    assert (code, err) == (0, "")
    assert case.case_number in out and str(out_file) in out
    data = out_file.read_bytes()
    assert "Case summary" in page_texts(data)[0]
    with unit_of_work(engine, write=False) as session:
        [row] = documents.list_documents(session, actor, case.id)
    assert (row.doc_type, row.language, row.issued_by) == ("case-summary", "en", actor.display_name)
    assert row.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("doc_type", "case_number", "expected"), [
    ("passport", None, "unknown document type “passport”"),
    ("declaration", "VNO-1999-00404", "There is no case VNO-1999-00404"),
])
def test_unknown_type_or_case_is_one_line_and_exit_1(capsys, db_path, engine, make_case, tmp_path, doc_type,
                                                     case_number, expected):
    case = make_case()
    out_file = tmp_path / "x.pdf"
    code, out, err = run(capsys, "document", doc_type, "--case", case_number or case.case_number,
                         "--out", str(out_file), "--db", str(db_path))
    assert code == 1 and out == ""
    assert err.startswith("avrcase: ") and expected in err and err.count("\n") == 1
    assert not out_file.exists()


def test_unwritable_output_records_nothing(capsys, db_path, engine, actor, make_case, tmp_path):
    case = make_case()
    code, _, err = run(capsys, "document", "declaration", "--case", case.case_number,
                       "--out", str(tmp_path / "missing" / "x.pdf"), "--db", str(db_path))
    assert code == 1 and "does not exist" in err
    with unit_of_work(engine, write=False) as session:
        assert documents.list_documents(session, actor, case.id) == []


def test_a_paper_is_made_without_the_cyclic_collector_and_it_is_on_again_after(capsys, monkeypatch, db_path, actor,
                                                                              make_case, tmp_path):
    """#14: the collector ran over ReportLab's modules and a paper's flowables as they were made; it is held while
    the paper is made and is on again afterwards, also after a mistake."""
    import gc

    case = make_case()
    monkeypatch.setenv("AVRCASE_USER", actor.username)
    seen = collector_seen_by(monkeypatch, documents, "issue_document")
    try:
        code, _, err = run(capsys, "document", "case-summary", "--case", case.case_number, "--out",
                           str(tmp_path / "summary.pdf"), "--db", str(db_path))
        assert (code, err, seen) == (0, "", [False]) and gc.isenabled()
        code, _, err = run(capsys, "document", "declaration", "--case", "VNO-1999-00404", "--out",
                           str(tmp_path / "none.pdf"), "--db", str(db_path))
        assert code == 1 and gc.isenabled()
    finally:
        gc.disable()


def test_a_command_process_does_not_walk_the_paper_again_once_it_is_written(capsys, monkeypatch, db_path, actor,
                                                                           make_case, tmp_path):
    """#14: when the collector was switched on again after the paper, its first collection walked everything
    ReportLab and the paper had made (35-48 ms of a loaded machine, a few hundred objects found) right before the
    process ended. In the command's own process (collection paused at its start) what the paper made is frozen
    instead: no collection runs from the paper's delivery to the command's end, and the collector is on."""
    import gc

    import avrcase
    from avrcase.services import outgoing

    case = make_case()
    monkeypatch.setenv("AVRCASE_USER", actor.username)
    monkeypatch.setattr(avrcase, "_paused_at_start", True)  # as the console script starts
    delivered: list[bool] = []
    after_delivery: list[int] = []
    deliver = outgoing.deliver

    def delivering(*args, **kwargs):
        deliver(*args, **kwargs)
        delivered.append(True)

    def noted(phase, info):
        if phase == "start" and delivered:
            after_delivery.append(info["generation"])

    monkeypatch.setattr(outgoing, "deliver", delivering)
    frozen = gc.get_freeze_count()
    gc.enable()
    gc.callbacks.append(noted)
    try:
        code, out, err = run(capsys, "document", "case-summary", "--case", case.case_number, "--out",
                             str(tmp_path / "summary.pdf"), "--db", str(db_path))
        assert (code, err, delivered) == (0, "", [True]) and case.case_number in out
        assert after_delivery == [] and gc.isenabled()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.callbacks.remove(noted)
        gc.unfreeze()  # the test process's objects are collected again
        gc.disable()


def test_a_store_without_an_office_profile_writes_no_paper(capsys, monkeypatch, db_path, engine, actor, make_case,
                                                           tmp_path):
    from sqlalchemy import delete

    from avrcase.store.models import OfficeProfile

    case = make_case()
    with unit_of_work(engine) as session:  # as a fresh clone leaves it: "programme ()", a controller that is nobody
        session.execute(delete(OfficeProfile))
    monkeypatch.setenv("AVRCASE_USER", actor.username)
    out_file = tmp_path / "declaration.pdf"
    code, out, err = run(capsys, "document", "declaration", "--case", case.case_number, "--out", str(out_file),
                         "--db", str(db_path))
    assert code == 1 and out == ""
    assert err.startswith("avrcase: The office profile is not filled in yet") and err.count("\n") == 1
    assert "avrcase office set" in err
    assert not out_file.exists()
    with unit_of_work(engine, write=False) as session:
        assert documents.list_documents(session, actor, case.id) == []
