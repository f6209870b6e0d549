"""An account's role as the audit trail records it: a role (or a reactivation) written into the store with other
tools gives no rights.

Every role an account is given (``add_account``, ``change_role``) is on the audit trail. A counsellor who opens a
plain store in an SQLite editor and writes ``administrator`` into their own row leaves no entry; signing in then
compares the row with the trail's last word on it and refuses the account, naming both roles, until an
administrator gives it a role through avrcase (which puts it on record); so is a deactivated account turned on
again by hand. An account the trail says nothing about (made before stores kept an audit trail) is let in as before.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.codes import StaffRole
from avrcase.i18n import _
from avrcase.store.models import AuditEntry, User


def recorded_value(session: Session, user_id: int, field: str) -> object:
    """The last value the audit trail gives ``field`` of account ``user_id`` (``None``: it records none)."""
    rows = session.execute(select(AuditEntry.details).where(
        AuditEntry.entity == "users", AuditEntry.entity_id == user_id, AuditEntry.action.in_(("create", "update")),
        AuditEntry.details.contains(f'"{field}":')).order_by(AuditEntry.seq.desc()))
    for (details,) in rows:
        try:
            fields = json.loads(details).get("fields", {})
        except (ValueError, AttributeError):
            continue
        values = fields.get(field) if isinstance(fields, dict) else None
        if isinstance(values, list) and values:
            return values[-1]
    return None


def recorded_role(session: Session, user_id: int) -> str | None:
    """The last role the audit trail gives account ``user_id`` (``None``: it records none)."""
    role = recorded_value(session, user_id, "role")
    return role if isinstance(role, str) else None


def role_off_the_record(session: Session, user: User) -> str:
    """Why ``user`` may not sign in with the role in its row (written there outside avrcase); ``""`` when it may."""
    if user.active and recorded_value(session, user.id, "active") is False:
        return _("This account was deactivated and turned on again outside avrcase; it cannot sign in until an "
                 "administrator reactivates it in avrcase.")
    recorded = recorded_role(session, user.id)
    if recorded is None or recorded == user.role:
        return ""
    return _("This account's role was changed outside avrcase (the store says %(now)s, the audit trail last "
             "recorded %(recorded)s); it cannot sign in until an administrator gives it a role in avrcase.") % {
        "now": _label(user.role), "recorded": _label(recorded)}


def _label(role: str) -> str:
    try:
        return StaffRole(role).label
    except ValueError:
        return role
