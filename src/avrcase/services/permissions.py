"""One permission table: which staff role may do what. Every service checks it through ``require``.

The table is the contract documented in the README ("Roles and permissions"); the UI only hides what
a role cannot do, the services refuse it. It fails closed: no actor, no access. Jobs that run before
anyone signs in (the first run, creating the first administrator, loading demo data into a new demo
store) act as ``SYSTEM``, whose permissions are a column of the same table.
"""

from __future__ import annotations

import enum

from avrcase.domain.codes import StaffRole, SystemRole
from avrcase.domain.errors import PermissionDeniedError
from avrcase.i18n import N_, _
from avrcase.services.dto import Actor


class Permission(enum.StrEnum):
    """Something a member of staff may be allowed to do."""

    CASE_READ = "case.read"                      # case list and case file (identity, stage, household)
    CASE_EDIT = "case.edit"                      # register and edit cases
    CASE_STAGE = "case.stage"                    # move a case through its stages
    SENSITIVE_READ = "sensitive.read"            # vulnerability, medical and psychosocial details, sensitive scans
    COUNSELLING_READ = "counselling.read"        # counselling notes
    COUNSELLING_RECORD = "counselling.record"    # log consultations and follow-ups
    DOCUMENT_ISSUE = "document.issue"            # issue and print case documents, attach scans
    TRAVEL_READ = "travel.read"
    TRAVEL_EDIT = "travel.edit"                  # travel documents, itineraries, assistance, departures
    ALLOWANCE_READ = "allowance.read"
    ALLOWANCE_PAY = "allowance.pay"              # record, pay and reverse allowance payments
    ALLOWANCE_APPROVE = "allowance.approve"      # approve an entitlement override
    REINTEGRATION_READ = "reintegration.read"
    REINTEGRATION_EDIT = "reintegration.edit"    # needs assessment, plan items, monitoring, surveys
    REINTEGRATION_APPROVE = "reintegration.approve"
    PROJECT_MANAGE = "project.manage"            # projects, budget lines, rates
    STATISTICS_VIEW = "statistics.view"          # dashboard and protected tables
    EXPORT_ANONYMISED = "export.anonymised"
    EXPORT_RECORDS = "export.records"            # record-level personal data (subject access report)
    OFFICE_EDIT = "office.edit"                  # office profile (letterhead)
    USERS_MANAGE = "users.manage"
    AUDIT_VIEW = "audit.view"
    RETENTION_RUN = "retention.run"
    STORE_MAINTAIN = "store.maintain"            # demo data, upgrades, encryption, backups


#: The acting user of jobs that run before anyone signs in: first run, first administrator, demo store.
SYSTEM = Actor(id=None, username="system", display_name="avrcase", role=SystemRole.SYSTEM)

P = Permission
_CASEWORK = {P.CASE_READ, P.DOCUMENT_ISSUE, P.TRAVEL_READ, P.ALLOWANCE_READ, P.REINTEGRATION_READ}

ROLE_PERMISSIONS: dict[StaffRole | SystemRole, frozenset[Permission]] = {
    StaffRole.COUNSELLOR: frozenset(_CASEWORK | {
        P.CASE_EDIT, P.CASE_STAGE, P.SENSITIVE_READ, P.COUNSELLING_READ, P.COUNSELLING_RECORD,
        P.EXPORT_RECORDS}),
    StaffRole.TRAVEL_OFFICER: frozenset(_CASEWORK | {P.CASE_STAGE, P.SENSITIVE_READ, P.TRAVEL_EDIT}),
    StaffRole.FINANCE_OFFICER: frozenset(_CASEWORK | {P.ALLOWANCE_PAY}),
    StaffRole.REINTEGRATION_OFFICER: frozenset(_CASEWORK | {
        P.CASE_STAGE, P.SENSITIVE_READ, P.COUNSELLING_READ, P.COUNSELLING_RECORD, P.REINTEGRATION_EDIT,
        P.EXPORT_RECORDS}),
    StaffRole.MANAGER: frozenset({
        P.CASE_READ, P.TRAVEL_READ, P.ALLOWANCE_READ, P.REINTEGRATION_READ, P.ALLOWANCE_APPROVE,
        P.REINTEGRATION_APPROVE, P.PROJECT_MANAGE, P.STATISTICS_VIEW, P.EXPORT_ANONYMISED, P.AUDIT_VIEW,
        P.RETENTION_RUN}),
    StaffRole.ADMINISTRATOR: frozenset({
        P.OFFICE_EDIT, P.USERS_MANAGE, P.AUDIT_VIEW, P.STORE_MAINTAIN, P.PROJECT_MANAGE}),
    # Only what a new store needs before its first sign-in: the office profile, the first accounts, the demo
    # data of a demo store. Never case data, never the audit trail.
    SystemRole.SYSTEM: frozenset({P.OFFICE_EDIT, P.USERS_MANAGE, P.STORE_MAINTAIN}),
}

_DESCRIPTIONS = {
    P.CASE_READ: N_("see case lists and case files"),
    P.CASE_EDIT: N_("register and edit cases"),
    P.CASE_STAGE: N_("move a case to another stage"),
    P.SENSITIVE_READ: N_("see vulnerability and medical details, psychosocial notes, health referrals and "
                         "sensitive attachments"),
    P.COUNSELLING_READ: N_("read counselling notes"),
    P.COUNSELLING_RECORD: N_("record consultations"),
    P.DOCUMENT_ISSUE: N_("issue and print case documents"),
    P.TRAVEL_READ: N_("see travel arrangements"),
    P.TRAVEL_EDIT: N_("arrange travel and confirm departures"),
    P.ALLOWANCE_READ: N_("see allowances"),
    P.ALLOWANCE_PAY: N_("record and pay allowances"),
    P.ALLOWANCE_APPROVE: N_("approve allowance overrides"),
    P.REINTEGRATION_READ: N_("see reintegration plans and monitoring"),
    P.REINTEGRATION_EDIT: N_("assess needs, plan reintegration and record monitoring"),
    P.REINTEGRATION_APPROVE: N_("approve reintegration plans"),
    P.PROJECT_MANAGE: N_("manage projects and budgets"),
    P.STATISTICS_VIEW: N_("see statistics"),
    P.EXPORT_ANONYMISED: N_("export anonymised data"),
    P.EXPORT_RECORDS: N_("export personal data of a case"),
    P.OFFICE_EDIT: N_("edit the office profile"),
    P.USERS_MANAGE: N_("manage user accounts"),
    P.AUDIT_VIEW: N_("see the audit trail"),
    P.RETENTION_RUN: N_("anonymise old closed cases"),
    P.STORE_MAINTAIN: N_("maintain the store"),
}


def describe(permission: Permission) -> str:
    """What the permission lets a person do, translated."""
    return _(_DESCRIPTIONS[permission])


def allowed(role: StaffRole | SystemRole, permission: Permission) -> bool:
    """Whether staff with ``role`` may do ``permission``."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def markdown_table() -> str:
    """The table as Markdown (English), as README's "Accounts, roles and the audit trail" shows it."""
    roles = list(ROLE_PERMISSIONS)
    lines = ["| Permission | " + " | ".join(role.label for role in roles) + " |",
             "|---|" + "---|" * len(roles)]
    for permission in Permission:
        marks = " | ".join("✓" if permission in ROLE_PERMISSIONS[role] else "" for role in roles)
        lines.append(f"| `{permission.value}`: {_DESCRIPTIONS[permission]} | {marks} |")
    return "\n".join(lines)


def may(actor: Actor | None, permission: Permission) -> bool:
    """Whether ``actor`` may do ``permission``; nobody (``None``) may do anything."""
    return actor is not None and allowed(actor.role, permission)


def require_actor(actor: Actor | None) -> Actor:
    """Refuse when nobody acts (fail closed); return the actor."""
    if actor is None:
        raise PermissionDeniedError(_("Nobody is signed in; sign in first."))
    return actor


def require_account(actor: Actor | None) -> Actor:
    """Refuse unless a person with an account acts (not nobody, not ``SYSTEM``): for their own password."""
    if actor is None or actor.id is None:
        raise PermissionDeniedError(_("Nobody is signed in; sign in first."))
    return actor


def require(actor: Actor | None, permission: Permission) -> None:
    """Raise ``PermissionDeniedError`` unless someone acts and their role grants ``permission``.

    ``actor`` is a ``services.dto.Actor`` (``SYSTEM`` before anyone signs in); ``None`` is refused.
    """
    actor = require_actor(actor)
    if not allowed(actor.role, permission):
        raise PermissionDeniedError(
            _("Your role (%(role)s) does not allow you to %(action)s.") % {"role": actor.role.label, "action": describe(permission)})


def require_any(actor: Actor | None, *permissions: Permission) -> None:
    """Let the actor through when any of ``permissions`` is granted; otherwise refuse naming the first."""
    if actor is not None and any(allowed(actor.role, p) for p in permissions):
        return
    require(actor, permissions[0])
