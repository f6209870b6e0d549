"""Subject access report: every record about the person, their own documents only, who accessed the case."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pypdf import PdfReader

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.services.data_protection import subject_access
from avrcase.services.uow import unit_of_work
from tests.support.data_protection import FAMILY, GIVEN, closed_case


@pytest.fixture
def case(engine, actor, make_case):
    return closed_case(engine, actor, make_case)


def _report(engine, actor, number, member=None):
    with unit_of_work(engine, write=False) as session:
        return subject_access.build_report(session, actor, number, member)


def test_the_report_covers_every_kind_of_record_of_the_case(engine, actor, case):
    report = _report(engine, actor, case.case_number)
    tables = {s.table for s in report.sections}
    assert {"persons", "cases", "case_members", "case_vulnerabilities", "stage_changes", "consultations",
            "issued_documents", "attachments"} <= tables
    identity = dict(next(s for s in report.sections if s.table == "persons").rows[0])
    assert (identity["family_name"], identity["given_names"], identity["document_number"]) == (FAMILY, GIVEN, "ZV998877")
    listed = dict(next(s for s in report.sections if s.table == "attachments").rows[0])
    assert "data" not in listed and listed["filename"] == f"{FAMILY}.pdf"  # listed, not embedded
    assert {"case_opened", "create", "document_issued"} & {a.action for a in report.accesses}
    assert "ruta" in {a.username for a in report.accesses}  # who issued the case summary


def test_a_household_member_gets_their_identity_not_the_principals(engine, actor, case):
    report = _report(engine, actor, case.case_number, 2)
    [person] = next(s for s in report.sections if s.table == "persons").rows
    assert dict(person)["given_names"] == "Child One"
    assert [dict(r)["relationship_to_principal"] for r in next(s for s in report.sections if s.table == "case_members").rows] == ["child"]
    with pytest.raises(ValidationError):
        _report(engine, actor, case.case_number, 3)


def test_json_is_utf8_with_iso_dates_and_decimal_strings(engine, actor, case):
    report = _report(engine, actor, case.case_number)
    data = json.loads(subject_access.report_json(report))
    person = data["records"]["persons"][0]
    assert person["date_of_birth"] == "1990-05-17" and person["family_name_original"] == "ზვიადაური"
    assert "ზვიადაური" in subject_access.report_json(report)  # not \u-escaped
    assert subject_access.plain(Decimal("120.50")) == "120.50"
    assert data["access_log"][0]["at"].startswith(str(report.accesses[0].at.year))


def test_pdf_has_the_letterhead_sections_and_page_numbers(engine, actor, case, tmp_path):
    target = tmp_path / "report.pdf"
    with unit_of_work(engine, write=False) as session:
        subject_access.write_report(session, actor, case.case_number, target)
    reader = PdfReader(target)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in text and "Identity" in text and "Stage history" in text
    assert "Who accessed or changed the case" in text and "ZV998877" in text


def test_the_report_is_an_export_on_the_audit_trail(engine, actor, case):
    from sqlalchemy import select

    from avrcase.store.models import AuditEntry

    _report(engine, actor, case.case_number)
    with unit_of_work(engine, write=False) as session:
        entries = session.execute(select(AuditEntry.action, AuditEntry.case_id, AuditEntry.username)
                                  .where(AuditEntry.entity == "subject_access")).all()
    assert [tuple(e) for e in entries] == [("export", case.id, "ruta")]


@pytest.mark.parametrize("role", [StaffRole.MANAGER, StaffRole.TRAVEL_OFFICER, StaffRole.FINANCE_OFFICER,
                                  StaffRole.ADMINISTRATOR])
def test_roles_that_do_not_hold_the_case_are_refused(engine, actor_as, case, role):
    with pytest.raises(PermissionDeniedError):
        _report(engine, actor_as(role), case.case_number)
