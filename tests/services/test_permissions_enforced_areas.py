"""Travel, allowances, reintegration, monitoring, work lists and the dashboard follow the permission table.

Like ``test_permissions_enforced`` (the case register's services), parametrised over the whole table:
every service function × every role. A refused call raises ``PermissionDeniedError`` before it looks at
its (dummy) arguments; an allowed call may fail for other reasons, never for permission.
"""

import datetime as dt

import pytest

from avrcase.domain.finance_codes import ContactMethod
from avrcase.domain.reintegration import ItemStatus
from avrcase.services import listings, office
from avrcase.services.data_protection import audit_keys
from avrcase.services.documents import languages, office_wording
from avrcase.services.dto import OfficeLanguageTextDetail
from avrcase.services.finance.dto import MonitoringContactRow
from avrcase.services.finance import allowances, projects, work_lists
from avrcase.services.permissions import Permission, allowed
from avrcase.services.reintegration import monitoring
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.statistics import dashboard
from avrcase.services.travel import arrangements as travel
from avrcase.services.travel import departures
from avrcase.services.travel import documents as travel_documents
from tests.support.permissions import ACTING, acting_id, check_call, role_store

P = Permission
DAY = dt.date(2026, 1, 1)
A_CONTACT = MonitoringContactRow(999, 999, DAY, ContactMethod.PHONE, "x", "", "")


def all_of(*permissions):
    return lambda role: role is not None and all(allowed(role, p) for p in permissions)


def any_of(*permissions):
    return lambda role: role is not None and any(allowed(role, p) for p in permissions)


#: (name, which roles may call it, the call with dummy arguments)
SERVICES = [
    ("audit_keys.show_keys", all_of(P.AUDIT_VIEW), lambda s, a: audit_keys.show_keys(s, a)),
    ("audit_keys.export_key", all_of(P.STORE_MAINTAIN), lambda s, a: audit_keys.export_key(s, a, None)),
    ("audit_keys.accept_restore", all_of(P.STORE_MAINTAIN), lambda s, a: audit_keys.accept_restore(s, a)),
    ("audit_keys.import_key", all_of(P.STORE_MAINTAIN), lambda s, a: audit_keys.import_key(s, a, None, seal_with=False)),
    ("travel.get_travel", all_of(P.TRAVEL_READ), lambda s, a: travel.get_travel(s, a, 999)),
    ("travel.save_itinerary", all_of(P.TRAVEL_EDIT), lambda s, a: travel.save_itinerary(s, a, 999, 0, None)),
    ("travel.save_arrangements", all_of(P.TRAVEL_EDIT), lambda s, a: travel.save_arrangements(s, a, 999, 0, None)),
    ("travel.confirm_itinerary", all_of(P.TRAVEL_EDIT, P.CASE_STAGE),
     lambda s, a: travel.confirm_itinerary(s, a, 999, 0)),
    ("travel.confirm_departure", all_of(P.TRAVEL_EDIT, P.CASE_STAGE),
     lambda s, a: travel.confirm_departure(s, a, 999, 0, DAY)),
    ("travel_documents.save_travel_document", all_of(P.TRAVEL_EDIT),
     lambda s, a: travel_documents.save_travel_document(s, a, 999, None)),
    ("travel_documents.move_travel_document_status", all_of(P.TRAVEL_EDIT),
     lambda s, a: travel_documents.move_travel_document_status(s, a, 999, 0, None)),
    ("travel_documents.correct_travel_document", all_of(P.TRAVEL_EDIT),
     lambda s, a: travel_documents.correct_travel_document(s, a, 999, None, document_id=999, version=0)),
    ("travel_documents.remove_travel_document", all_of(P.TRAVEL_EDIT),
     lambda s, a: travel_documents.remove_travel_document(s, a, 999, 0)),
    ("travel_documents.save_visa", all_of(P.TRAVEL_EDIT), lambda s, a: travel_documents.save_visa(s, a, 999, None)),
    ("travel_documents.remove_visa", all_of(P.TRAVEL_EDIT), lambda s, a: travel_documents.remove_visa(s, a, 999, 0)),
    ("departures.list_departures", all_of(P.TRAVEL_READ), lambda s, a: departures.list_departures(s, a, DAY, DAY)),
    ("work_lists.awaiting_approval", any_of(P.REINTEGRATION_APPROVE, P.ALLOWANCE_APPROVE),
     lambda s, a: work_lists.awaiting_approval(s, a)),
    ("projects.create_project", all_of(P.PROJECT_MANAGE), lambda s, a: projects.create_project(s, a, None)),
    ("projects.update_project", all_of(P.PROJECT_MANAGE), lambda s, a: projects.update_project(s, a, 999, 0, None)),
    ("projects.get_project", any_of(P.ALLOWANCE_READ, P.REINTEGRATION_READ, P.PROJECT_MANAGE),
     lambda s, a: projects.get_project(s, a, 999)),
    ("projects.list_projects", any_of(P.ALLOWANCE_READ, P.REINTEGRATION_READ, P.PROJECT_MANAGE),
     lambda s, a: projects.list_projects(s, a)),
    ("projects.assign_case", any_of(P.PROJECT_MANAGE, P.CASE_EDIT), lambda s, a: projects.assign_case(s, a, 999, 999)),
    ("projects.budget_lines", any_of(P.PROJECT_MANAGE, P.ALLOWANCE_PAY), lambda s, a: projects.budget_lines(s, a)),
    ("allowances.get_allowance", all_of(P.ALLOWANCE_READ), lambda s, a: allowances.get_allowance(s, a, 999)),
    ("allowances.get_payment", all_of(P.ALLOWANCE_READ), lambda s, a: allowances.get_payment(s, a, 999)),
    ("allowances.plan_payment", all_of(P.ALLOWANCE_PAY), lambda s, a: allowances.plan_payment(s, a, 999, None)),
    ("allowances.record_payment", all_of(P.ALLOWANCE_PAY),
     lambda s, a: allowances.record_payment(s, a, 999, None, paid_on=DAY)),
    ("allowances.pay_payment", all_of(P.ALLOWANCE_PAY), lambda s, a: allowances.pay_payment(s, a, 999, 0, paid_on=DAY)),
    ("allowances.set_payment_status", all_of(P.ALLOWANCE_PAY),
     lambda s, a: allowances.set_payment_status(s, a, 999, 0, None)),
    ("allowances.mark_receipt_signed", all_of(P.ALLOWANCE_PAY),
     lambda s, a: allowances.mark_receipt_signed(s, a, 999, 0)),
    ("allowances.reverse_payment", all_of(P.ALLOWANCE_PAY), lambda s, a: allowances.reverse_payment(s, a, 999, "x")),
    ("allowances.request_override", all_of(P.ALLOWANCE_PAY),
     lambda s, a: allowances.request_override(s, a, 999, None, "x")),
    ("allowances.decide_override", all_of(P.ALLOWANCE_APPROVE),
     lambda s, a: allowances.decide_override(s, a, 999, 0, approve=True)),
    ("reintegration.get_needs_assessment", all_of(P.REINTEGRATION_READ),
     lambda s, a: reintegration.get_needs_assessment(s, a, 999)),
    ("reintegration.save_needs_assessment", all_of(P.REINTEGRATION_EDIT),
     lambda s, a: reintegration.save_needs_assessment(s, a, 999, None)),
    ("reintegration.get_plan", all_of(P.REINTEGRATION_READ), lambda s, a: reintegration.get_plan(s, a, 999)),
    ("reintegration.draft_plan", all_of(P.REINTEGRATION_EDIT), lambda s, a: reintegration.draft_plan(s, a, 999, [])),
    ("reintegration.edit_plan", all_of(P.REINTEGRATION_EDIT), lambda s, a: reintegration.edit_plan(s, a, 999, 0, [])),
    ("reintegration.revise_plan", all_of(P.REINTEGRATION_EDIT),
     lambda s, a: reintegration.revise_plan(s, a, 999, 0, [], "x")),
    ("reintegration.approve_plan", all_of(P.REINTEGRATION_APPROVE),
     lambda s, a: reintegration.approve_plan(s, a, 999, 0)),
    ("reintegration.move_item", all_of(P.REINTEGRATION_EDIT),
     lambda s, a: reintegration.move_item(s, a, 999, 0, "i1", ItemStatus.DELIVERED)),
    ("reintegration.check_approval", all_of(P.REINTEGRATION_APPROVE),
     lambda s, a: reintegration.check_approval(s, a, 999, 0)),
    ("monitoring.record_contact", all_of(P.REINTEGRATION_EDIT), lambda s, a: monitoring.record_contact(s, a, 999, None)),
    ("monitoring.correct_contact", all_of(P.REINTEGRATION_EDIT),
     lambda s, a: monitoring.correct_contact(s, a, A_CONTACT, None)),
    ("monitoring.remove_contact", all_of(P.REINTEGRATION_EDIT), lambda s, a: monitoring.remove_contact(s, a, A_CONTACT)),
    ("monitoring.list_contacts", all_of(P.REINTEGRATION_READ), lambda s, a: monitoring.list_contacts(s, a, 999)),
    ("monitoring.record_survey", all_of(P.REINTEGRATION_EDIT), lambda s, a: monitoring.record_survey(s, a, 999, None)),
    ("monitoring.list_surveys", all_of(P.REINTEGRATION_READ), lambda s, a: monitoring.list_surveys(s, a, 999)),
    ("monitoring.closing_blockers", all_of(P.REINTEGRATION_READ), lambda s, a: monitoring.closing_blockers(s, a, 999)),
    ("monitoring.close_reintegrated_case", all_of(P.CASE_STAGE),
     lambda s, a: monitoring.close_reintegrated_case(s, a, 999, 0, "x")),
    ("work_lists.allowances_due", all_of(P.ALLOWANCE_READ), lambda s, a: work_lists.allowances_due(s, a)),
    ("work_lists.overdue_items", all_of(P.REINTEGRATION_READ), lambda s, a: work_lists.overdue_items(s, a)),
    ("work_lists.monitoring_due", all_of(P.REINTEGRATION_READ), lambda s, a: work_lists.monitoring_due(s, a)),
    ("work_lists.export_csv", any_of(P.ALLOWANCE_READ, P.REINTEGRATION_READ, P.PROJECT_MANAGE),
     lambda s, a: work_lists.export_csv(s, a, [], None, None)),
    ("dashboard.list_projects", all_of(P.STATISTICS_VIEW), lambda s, a: dashboard.list_projects(s, a)),
    ("dashboard.release_snapshot", all_of(P.STATISTICS_VIEW),
     lambda s, a: dashboard.release_snapshot(s, a, None)),
    ("dashboard.compute_dashboard", all_of(P.STATISTICS_VIEW),
     lambda s, a: dashboard.compute_dashboard(s, a, dashboard.DashboardQuery(DAY, DAY))),
    # Reading, like the office profile: every signed-in role (a manager was refused; changing needs OFFICE_EDIT).
    ("office_wording.list_wordings", lambda role: role is not None,
     lambda s, a: office_wording.list_wordings(s, a)),
    ("office_wording.export_wording", any_of(P.OFFICE_EDIT, P.DOCUMENT_ISSUE),
     lambda s, a: office_wording.export_wording(s, a, "declaration", "en")),
    ("office_wording.import_wording", all_of(P.OFFICE_EDIT), lambda s, a: office_wording.import_wording(s, a, b"")),
    ("office_wording.remove_wording", all_of(P.OFFICE_EDIT),
     lambda s, a: office_wording.remove_wording(s, a, "declaration", "en")),
    ("office_wording.mark_reviewed", all_of(P.OFFICE_EDIT),
     lambda s, a: office_wording.mark_reviewed(s, a, "declaration", "en", "A. Reviewer")),
    ("office_wording.mark_draft", all_of(P.OFFICE_EDIT),
     lambda s, a: office_wording.mark_draft(s, a, "declaration", "en")),
    ("languages.printable_languages_by_type", all_of(P.DOCUMENT_ISSUE),
     lambda s, a: languages.printable_languages_by_type(s, a)),
    ("languages.issue_defaults", all_of(P.DOCUMENT_ISSUE), lambda s, a: languages.issue_defaults(s, a, 999)),
    ("office.save_language_texts", all_of(P.OFFICE_EDIT),
     lambda s, a: office.save_language_texts(s, a, OfficeLanguageTextDetail("ka", organisation="X"))),
    ("listings.record_case_list", all_of(P.CASE_READ),
     lambda s, a: listings.record_case_list(s, a, rows=0, fmt="csv", status=None, searched=False, limit=0)),
    ("listings.record_departures", all_of(P.TRAVEL_READ),
     lambda s, a: listings.record_departures(s, a, rows=0, fmt="csv", date_from=DAY, date_to=DAY)),
    ("listings.record_attachment_list", all_of(P.CASE_READ),
     lambda s, a: listings.record_attachment_list(s, a, case_id=1, rows=0)),
    ("listings.record_follow_up_list", all_of(P.CASE_READ),
     lambda s, a: listings.record_follow_up_list(s, a, rows=0, done=False)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One store with one account per role, shared by the parametrised calls (each rolls back)."""
    engine, actors = role_store(tmp_path_factory.mktemp("perm-areas"))
    yield engine, actors
    engine.dispose()


@pytest.mark.parametrize("role", ACTING, ids=acting_id)
@pytest.mark.parametrize("name, may, call", SERVICES, ids=[s[0] for s in SERVICES])
def test_service_follows_the_permission_table(store, name, may, call, role):
    engine, actors = store
    check_call(engine, actors[role], name, may(role), call)


def test_every_area_module_is_covered():
    """A new public service function in these modules must be added above."""
    import inspect

    modules = {"allowances": allowances, "dashboard": dashboard, "departures": departures, "monitoring": monitoring,
               "projects": projects, "reintegration": reintegration, "travel": travel,
               "travel_documents": travel_documents, "work_lists": work_lists, "office_wording": office_wording,
               "languages": languages, "listings": listings}
    covered = {name for name, _may, _call in SERVICES}
    public = {f"{label}.{n}" for label, m in modules.items() for n, f in inspect.getmembers(m, inspect.isfunction)
              if f.__module__ == m.__name__ and not n.startswith("_")
              and list(inspect.signature(f).parameters)[:2] == ["session", "actor"]}
    assert public - covered == set()
