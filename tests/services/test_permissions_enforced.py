"""Every existing service refuses the roles the permission table excludes, and lets the others through.

Parametrised over the whole table: each service function × each role. The refused call must raise
``PermissionDeniedError`` before it looks at its arguments; an allowed call may fail for other
reasons (dummy arguments), never for permission.
"""

import datetime as dt

import pytest
from pypdf import PdfReader

from avrcase.domain.codes import StaffRole, SystemRole, Vulnerability
from avrcase.domain.errors import PermissionDeniedError
from avrcase.domain.forms import VulnerabilityForm
from avrcase.domain.stages import Stage, StageMove
from avrcase.services import audit, office
from avrcase.services.accounts import accounts, users
from avrcase.services.cases import case_file, corrections, counselling
from avrcase.services.cases import register as cases
from avrcase.services.cases import stages as case_stages
from avrcase.services.data_protection import audit_trail
from avrcase.services.demo import generate as demo
from avrcase.services.documents import register as documents
from avrcase.services.dto import CaseQuery
from avrcase.services.permissions import ROLE_PERMISSIONS, Permission, allowed
from avrcase.services.statistics import anonymised_export
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import eurostat
from avrcase.services.uow import unit_of_work
from tests.conftest import make_case_form, make_person
from tests.services.cases.test_counselling import consult
from tests.support.clock import FIXED_NOW
from tests.support.permissions import ACTING, acting_id, check_call, may, role_store

P = Permission
DAY = dt.date(2026, 1, 1)
STATS = statistics.StatisticsQuery("cases", ("citizenship",), DAY, DAY)

#: (name, the permission it needs, the call with dummy arguments)
SERVICES = [
    ("cases.register_case", P.CASE_EDIT, lambda s, a: cases.register_case(s, a, make_case_form())),
    ("cases.update_case", P.CASE_EDIT, lambda s, a: cases.update_case(s, a, 999, 1, make_case_form())),
    ("case_stages.change_stage", P.CASE_STAGE, lambda s, a: case_stages.change_stage(s, a, 999, 1, StageMove(Stage.COUNSELLING, "x"))),
    ("case_file.get_case", P.CASE_READ, lambda s, a: case_file.get_case(s, a, 999)),
    ("cases.list_cases", P.CASE_READ, lambda s, a: cases.list_cases(s, a, CaseQuery())),
    ("cases.list_with_count", P.CASE_READ, lambda s, a: cases.list_with_count(s, a, CaseQuery(search="Ana"))),
    ("cases.count_cases", P.CASE_READ, lambda s, a: cases.count_cases(s, a, CaseQuery())),
    ("cases.find_duplicates", P.CASE_EDIT, lambda s, a: cases.find_duplicates(s, a, [make_person()])),
    ("corrections.record_sharing_choice", P.CASE_EDIT,
     lambda s, a: corrections.record_sharing_choice(s, a, 999, True)),
    ("corrections.set_patronymic", P.CASE_EDIT, lambda s, a: corrections.set_patronymic(s, a, 999, 1, "")),
    ("counselling.record_consultation", P.COUNSELLING_RECORD,
     lambda s, a: counselling.record_consultation(s, a, 999, consult())),
    ("counselling.list_follow_ups", P.CASE_READ, lambda s, a: counselling.list_follow_ups(s, a)),
    ("counselling.complete_follow_up", P.COUNSELLING_RECORD, lambda s, a: counselling.complete_follow_up(s, a, 999)),
    ("counselling.reopen_follow_up", P.COUNSELLING_RECORD, lambda s, a: counselling.reopen_follow_up(s, a, 999)),
    ("documents.issue_document", P.DOCUMENT_ISSUE, lambda s, a: documents.issue_document(s, a, "case-summary", 999)),
    ("documents.list_documents", P.CASE_READ, lambda s, a: documents.list_documents(s, a, 999)),
    ("documents.document_bytes", P.CASE_READ, lambda s, a: documents.document_bytes(s, a, 999)),
    ("documents.attach_scan", P.DOCUMENT_ISSUE, lambda s, a: documents.attach_scan(s, a, 999, "x.pdf", b"")),
    ("documents.list_attachments", P.CASE_READ, lambda s, a: documents.list_attachments(s, a, 999)),
    ("documents.attachment_bytes", P.CASE_READ, lambda s, a: documents.attachment_bytes(s, a, 999)),
    ("statistics.count", P.STATISTICS_VIEW, lambda s, a: statistics.count(s, a, STATS)),
    ("statistics.eurostat_returns", P.STATISTICS_VIEW, lambda s, a: statistics.eurostat_returns(s, a, 2026)),
    ("eurostat.transmission", P.STATISTICS_VIEW, lambda s, a: eurostat.transmission(s, a, 2026, geo="LT")),
    ("statistics.unit_rows", P.EXPORT_ANONYMISED, lambda s, a: statistics.unit_rows(s, a, STATS)),
    ("anonymised_export.export_anonymised", P.EXPORT_ANONYMISED,
     lambda s, a: anonymised_export.export_anonymised(s, a, DAY, dt.date(2026, 1, 31), secret=b"k" * 32)),
    ("office.save_office_profile", P.OFFICE_EDIT, lambda s, a: office.save_office_profile(s, a, office.IOM_VILNIUS)),
    ("demo.generate_demo", P.STORE_MAINTAIN, lambda s, a: demo.generate_demo(s, actor=a, cases=0)),
    ("users.add_user", P.USERS_MANAGE, lambda s, a: users.add_user(s, a, "x", "", StaffRole.COUNSELLOR)),
    ("accounts.add_account", P.USERS_MANAGE,
     lambda s, a: accounts.add_account(s, a, "x", "", StaffRole.COUNSELLOR, "")),
    ("accounts.reset_password", P.USERS_MANAGE, lambda s, a: accounts.reset_password(s, a, 999, "")),
    ("accounts.deactivate", P.USERS_MANAGE, lambda s, a: accounts.deactivate(s, a, 999)),
    ("accounts.reactivate", P.USERS_MANAGE, lambda s, a: accounts.reactivate(s, a, 999, "")),
    ("accounts.change_role", P.USERS_MANAGE, lambda s, a: accounts.change_role(s, a, 999, StaffRole.COUNSELLOR)),
    ("audit.verify", P.AUDIT_VIEW, lambda s, a: audit.verify(s, a)),
    ("audit_trail.list_entries", P.AUDIT_VIEW, lambda s, a: audit_trail.list_entries(s, a, audit_trail.AuditQuery())),
    ("audit_trail.count_entries", P.AUDIT_VIEW, lambda s, a: audit_trail.count_entries(s, a, audit_trail.AuditQuery())),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One store with one account per role, shared by the parametrised calls (each rolls back)."""
    engine, actors = role_store(tmp_path_factory.mktemp("perm"))
    yield engine, actors
    engine.dispose()


@pytest.mark.parametrize("role", ACTING, ids=acting_id)
@pytest.mark.parametrize("name, permission, call", SERVICES, ids=[s[0] for s in SERVICES])
def test_service_follows_the_permission_table(store, name, permission, call, role):
    engine, actors = store
    check_call(engine, actors[role], name, may(role, permission), call)


def test_the_table_names_every_role_and_each_permission_has_a_role():
    assert set(ROLE_PERMISSIONS) == {*StaffRole, SystemRole.SYSTEM}
    assert set().union(*ROLE_PERMISSIONS.values()) == set(Permission)


# ---------------------------------------------------------------- sensitive details

@pytest.fixture
def sensitive_case(engine, actor):
    form = make_case_form(vulnerabilities=(VulnerabilityForm(Vulnerability.MEDICAL_CONDITION, "Insulin twice daily"),))
    with unit_of_work(engine) as session:
        case = cases.register_case(session, actor, form)
        counselling.record_consultation(session, actor, case.id, consult(
            notes="Fears the uncle in Batumi", held_at=FIXED_NOW, follow_ups=()))
    return case


@pytest.mark.parametrize("role", [StaffRole.TRAVEL_OFFICER, StaffRole.FINANCE_OFFICER, StaffRole.MANAGER])
def test_sensitive_details_are_absent_for_roles_without_the_right(engine, actor_as, sensitive_case, role):
    reader = actor_as(role)
    with unit_of_work(engine, write=False) as session:
        detail = case_file.get_case(session, reader, sensitive_case.id)
    assert [v.code for v in detail.vulnerabilities] == [Vulnerability.MEDICAL_CONDITION]
    sees_medical = allowed(role, P.SENSITIVE_READ)
    assert (detail.vulnerabilities[0].details == "Insulin twice daily") is sees_medical
    assert detail.vulnerabilities[0].details is None or sees_medical
    assert detail.consultations[0].notes is None


def test_documents_leave_sensitive_details_out_for_a_finance_officer(engine, actor, actor_as, sensitive_case):
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    with unit_of_work(engine) as session:
        theirs = documents.issue_document(session, finance, "case-summary", sensitive_case.id, "en")
        ours = documents.issue_document(session, actor, "case-summary", sensitive_case.id, "en")
    with unit_of_work(engine, write=False) as session:
        text = "".join(page.extract_text() for page in PdfReader(
            __import__("io").BytesIO(documents.document_bytes(session, finance, theirs.id))).pages)
        full = "".join(page.extract_text() for page in PdfReader(
            __import__("io").BytesIO(documents.document_bytes(session, actor, ours.id))).pages)
        with pytest.raises(PermissionDeniedError):
            documents.document_bytes(session, finance, ours.id)
    assert "Insulin" in full and "Batumi" in full
    assert "Insulin" not in text and "Batumi" not in text and "BERIDZE" in text
