"""``avrcase attachment``: a scan that holds health data is listed for every role but saved only by roles that see it.

Before 7 December the CLI had no way to tell a medical certificate from a signed letter; now ``add`` keeps a scan
sensitive for a role that may read sensitive data unless ``--not-sensitive`` is given (not sensitive for any other
role unless ``--sensitive`` is), ``list`` shows a hidden one as "hidden for your role" and ``save``
refuses it in one line with exit status 1.
"""

from __future__ import annotations

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from tests.cli.test_cli import signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)
from tests.services.documents.test_documents import PDF, PNG


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_finance_officer_lists_a_medical_certificate_but_cannot_save_it(capsys, monkeypatch, db_path, engine, actor,
                                                                        actor_as, make_case, tmp_path):
    case = make_case()
    (tmp_path / "medical certificate.pdf").write_bytes(PDF)
    (tmp_path / "letter.png").write_bytes(PNG)
    code, out, err = run(capsys, "attachment", "add", str(tmp_path / "medical certificate.pdf"), "--case",
                         case.case_number, "--description", "cardiologist", "--db", str(db_path))
    assert (code, err) == (0, "") and out.endswith("(sensitive).\n")
    code, out, err = run(capsys, "attachment", "add", str(tmp_path / "letter.png"), "--case", case.case_number,
                         "--not-sensitive", "--db", str(db_path))
    assert (code, err) == (0, "") and out.endswith("(not sensitive).\n")
    with unit_of_work(engine, write=False) as session:
        medical, letter = sorted(a.id for a in documents.list_attachments(session, actor, case.id))

    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.FINANCE_OFFICER).username)
    code, out, err = run(capsys, "attachment", "list", "--case", case.case_number, "--db", str(db_path))
    assert (code, err) == (0, "")
    lines = {int(line.split("\t")[0]): line for line in out.splitlines()[:-1]}
    assert lines[medical].endswith("\tPDF\tsensitive\thidden for your role")
    assert "medical certificate" not in out and "cardiologist" not in out and "letter.png" in lines[letter]

    refused = tmp_path / "out.pdf"
    code, out, err = run(capsys, "attachment", "save", str(medical), "--out", str(refused), "--db", str(db_path))
    assert (code, out) == (1, "") and not refused.exists()
    assert err == "avrcase: This attachment holds health or other sensitive data, which your role may not see.\n"
    copy = tmp_path / "letter copy.png"
    code, out, err = run(capsys, "attachment", "save", str(letter), "--out", str(copy), "--db", str(db_path))
    assert (code, err) == (0, "") and copy.read_bytes() == PNG

    monkeypatch.setenv("AVRCASE_USER", actor.username)
    code, out, err = run(capsys, "attachment", "save", str(medical), "--out", str(refused), "--db", str(db_path))
    assert (code, err) == (0, "") and refused.read_bytes() == PDF


def test_a_finance_officers_receipt_is_not_sensitive_unless_they_say_so(capsys, monkeypatch, db_path, actor_as,
                                                                       make_case, tmp_path):
    """A finance officer attached a receipt with no flag: it was kept sensitive and they could not save it back."""
    case = make_case()
    (tmp_path / "receipt.png").write_bytes(PNG)
    (tmp_path / "certificate.pdf").write_bytes(PDF)
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.FINANCE_OFFICER).username)
    code, out, err = run(capsys, "attachment", "add", str(tmp_path / "receipt.png"), "--case", case.case_number,
                         "--db", str(db_path))
    assert (code, err) == (0, "") and out.endswith("(not sensitive).\n")
    receipt = int(out.split("attachment ")[-1].split(" ")[0])
    copy = tmp_path / "receipt copy.png"
    code, out, err = run(capsys, "attachment", "save", str(receipt), "--out", str(copy), "--db", str(db_path))
    assert (code, err) == (0, "") and copy.read_bytes() == PNG
    code, out, err = run(capsys, "attachment", "add", str(tmp_path / "certificate.pdf"), "--case", case.case_number,
                         "--sensitive", "--db", str(db_path))
    assert (code, err) == (0, "") and out.endswith("(sensitive).\n")


def test_an_attachment_listing_is_on_the_audit_trail_without_a_file_name(capsys, monkeypatch, db_path, engine,
                                                                         actor_as, make_case, tmp_path):
    """``attachment list`` printed a case's file names and descriptions with nothing on the audit trail, while
    ``case list`` and ``case show`` are on it; now it is, saying which case and how many, as a case list does."""
    case = make_case()
    (tmp_path / "passport Beridze.png").write_bytes(PNG)
    assert run(capsys, "attachment", "add", str(tmp_path / "passport Beridze.png"), "--case", case.case_number,
               "--db", str(db_path))[0] == 0
    code, out, err = run(capsys, "attachment", "list", "--case", case.case_number, "--db", str(db_path))
    assert (code, err) == (0, "") and "passport Beridze.png" in out
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
    code, out, err = run(capsys, "audit", "list", "--action", "export", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert [line.split("\t", 3)[3] for line in out.splitlines()] == [
        f"export\tattachment_list\t{case.case_number}\trows: 1"]
    assert "beridze" not in out.lower()


def test_a_huge_file_or_a_device_is_refused_without_being_read_into_memory(capsys, db_path, make_case, tmp_path):
    """``attachment add`` read the whole file before its size was checked: a 2 GB file took 2 GB of memory, and
    ``/dev/zero`` never ended. A file past the limit is refused by its size, and no more than the limit is read."""
    import tracemalloc

    case = make_case()
    huge = tmp_path / "scan.pdf"
    with huge.open("wb") as stream:
        stream.truncate(200 * 1024 * 1024)  # sparse: no disk used
    tracemalloc.start()
    try:
        code, out, err = run(capsys, "attachment", "add", str(huge), "--case", case.case_number, "--db", str(db_path))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (code, out) == (1, "") and "The file is 200 MB; at most 25 MB can be attached." in err
    assert peak < 50 * 1024 * 1024
    code, out, err = run(capsys, "attachment", "add", "/dev/zero", "--case", case.case_number, "--db", str(db_path))
    assert (code, out) == (1, "") and "at most 25 MB can be attached." in err
