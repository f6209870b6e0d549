"""Attachments that hold health data open only for roles that may see medical details (``sensitive.read``).

Before 7 December a finance officer or a manager opened a medical certificate attached to a case; now they see
that it exists ("hidden for your role", its type and date) and are refused its bytes in one line.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.services.documents import register as documents
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.services.documents.test_documents import PDF, PNG

REFUSED = "This attachment holds health or other sensitive data, which your role may not see."


@pytest.fixture
def scans(engine, actor, make_case):
    """A case with a medical certificate (sensitive) and a signed letter (said to hold no sensitive data)."""
    case = make_case()
    with unit_of_work(engine) as session:
        medical = documents.attach_scan(session, actor, case.id, "medical certificate.pdf", PDF, "cardiologist",
                                        sensitive=True)
        letter = documents.attach_scan(session, actor, case.id, "signed letter.png", PNG, "signed",
                                       sensitive=False)
    return case, medical, letter


@pytest.mark.parametrize("role", [StaffRole.FINANCE_OFFICER, StaffRole.MANAGER])
def test_roles_without_sensitive_read_see_a_medical_certificate_exists_but_cannot_open_it(engine, actor_as, scans,
                                                                                        role):
    case, medical, letter = scans
    reader = actor_as(role)
    with unit_of_work(engine, write=False) as session:
        listed = {a.id: a for a in documents.list_attachments(session, reader, case.id)}
    hidden = listed[medical.id]
    assert (hidden.hidden, hidden.shown_name, hidden.filename, hidden.description, hidden.media_type) == (
        True, "hidden for your role", "", "", "application/pdf")
    assert hidden.added_at == medical.added_at
    assert (listed[letter.id].hidden, listed[letter.id].shown_name) == (False, "signed letter.png")
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError) as refused:
        documents.attachment_bytes(session, reader, medical.id)
    assert str(refused.value) == REFUSED
    with unit_of_work(engine, write=False) as session:
        assert documents.attachment_bytes(session, reader, letter.id) == PNG


@pytest.mark.parametrize("role", [StaffRole.COUNSELLOR, StaffRole.TRAVEL_OFFICER, StaffRole.REINTEGRATION_OFFICER])
def test_roles_with_sensitive_read_open_it(engine, actor_as, scans, role):
    case, medical, _letter = scans
    reader = actor_as(role)
    with unit_of_work(engine, write=False) as session:
        listed = {a.id: a for a in documents.list_attachments(session, reader, case.id)}
        assert documents.attachment_bytes(session, reader, medical.id) == PDF
    assert (listed[medical.id].shown_name, listed[medical.id].description) == ("medical certificate.pdf", "cardiologist")


def test_a_scan_is_sensitive_unless_whoever_attaches_it_says_otherwise(engine, actor, make_case):
    case = make_case()
    with unit_of_work(engine) as session:
        row = documents.attach_scan(session, actor, case.id, "scan.pdf", PDF)
    assert row.sensitive is True


def test_a_refused_copy_is_not_written(engine, actor_as, scans, tmp_path):
    _case, medical, _letter = scans
    out = tmp_path / "copy.pdf"
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError, match="your role may not see"):
        documents.save_attachment_copy(session, actor_as(StaffRole.FINANCE_OFFICER), medical.id, out)
    assert not out.exists()


def _attachment_entries(engine) -> list[tuple[str, dict]]:
    with unit_of_work(engine, write=False) as session:
        return [(e.action, json.loads(e.details)) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "attachments").order_by(AuditEntry.seq))]


def test_the_audit_trail_records_the_flag_and_who_changed_it(engine, actor, actor_as, scans):
    _case, medical, letter = scans
    created = [details for action, details in _attachment_entries(engine) if action == "create"]
    assert [d["fields"]["sensitive"] for d in created] == [[None, True], [None, False]]
    with unit_of_work(engine) as session:
        marked = documents.mark_attachment_sensitive(session, actor, letter.id, True)
    assert marked.sensitive is True
    action, details = _attachment_entries(engine)[-1]
    assert action == "update" and details["fields"]["sensitive"] == [False, True]
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        documents.mark_attachment_sensitive(session, actor_as(StaffRole.FINANCE_OFFICER), medical.id, False)


def test_the_audit_trail_hides_what_a_scan_is_from_a_manager(engine, actor_as, scans):
    """A manager read "medical certificate.pdf" among the attachment's recorded values in the audit trail."""
    from avrcase.services.data_protection import audit_trail

    with unit_of_work(engine, write=False) as session:
        rows = audit_trail.list_entries(session, actor_as(StaffRole.MANAGER), audit_trail.AuditQuery(limit=1000))
    details = "\n".join(r.summary for r in rows if r.entity == "attachments")
    assert "filename: — → hidden for your role" in details and "sensitive" in details
    assert "medical certificate" not in details and "cardiologist" not in details


def test_the_subject_access_report_and_export_all_keep_a_sensitive_scan(engine, actor, actor_as, scans, tmp_path):
    """Done by roles that may: the report lists the certificate by name with its flag, export all writes its bytes."""
    from avrcase.services.backup.export_all import export_all
    from avrcase.services.data_protection import subject_access

    case, medical, _letter = scans
    with unit_of_work(engine, write=False) as session:
        report = subject_access.build_report(session, actor, case.case_number, None)
    listed = {dict(row)["filename"]: dict(row) for row in next(s for s in report.sections
                                                               if s.table == "attachments").rows}
    assert listed["medical certificate.pdf"]["sensitive"] is True
    out = tmp_path / "everything"
    with unit_of_work(engine) as session:
        export_all(session, actor_as(StaffRole.ADMINISTRATOR), out, now=medical.added_at)
    assert (out / "files" / "attachments" / f"{medical.id}-medical_certificate.pdf").read_bytes() == PDF
