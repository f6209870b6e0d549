"""An account as the audit trail records it: an account, a role, a reactivation or a password hash written into the
store with other tools gives no rights.

Every account avrcase makes, every role it is given (``add_account``, ``change_role``) and every password hash set
(its digest: ``services.audit_passwords``) is on the audit trail. A counsellor who opens a plain store in an SQLite
editor and writes ``administrator`` into their own row leaves no entry; signing in then compares the row with the
trail's last word on it and refuses the account, naming both roles, until an administrator gives it a role through
avrcase (which puts it on record); so is a deactivated account turned on again by hand, a hash copied over another
account's (until an administrator sets a new password in avrcase), and an account inserted by hand (always: an
administrator adds accounts in avrcase). An account whose creation was taken off the trail (entries removed) is
refused too, saying that the trail was tampered with and what to do.

Stores from before the trail recorded these: an account whose creation the trail does not record is let in when
the trail records no account's creation at all, or only of accounts added after it (a higher number: the accounts
a store had when its trail began); an account with no password digest on record is let in, and that sign-in puts
the digest of every account's hash that has none on record (``record_missing_digests``), so a hash replaced after
it is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from avrcase.domain.codes import StaffRole
from avrcase.i18n import _
from avrcase.services import audit
from avrcase.services.audit_passwords import DIGEST, DIGESTS, password_digest
from avrcase.services.dto import Actor
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


@dataclass(frozen=True)
class Refusal:
    """Why an account may not sign in as its row stands: the message shown, and the reason put on record."""

    message: str
    reason: str


def off_the_record(session: Session, user: User) -> Refusal | None:
    """Why ``user`` may not sign in with the row as it is (written outside avrcase); ``None`` when it may."""
    if not _created_on_record(session, user):
        if _creation_removed(session, user):
            return Refusal(_("This account cannot sign in because the audit trail was tampered with: entries were "
                             "removed from it, among them the one recording that this account was created. A manager "
                             "or administrator should run “avrcase audit verify” (or Verify the chain in Account ▸ "
                             "Audit trail), which names the first damaged entry, and restore the last backup made "
                             "before it (“avrcase db restore”)."),
                           "account's creation removed from the audit trail")
        return Refusal(_("This account was added to the store outside avrcase (the audit trail does not record its "
                         "creation); it cannot sign in: an administrator adds accounts in avrcase."),
                       "account added outside avrcase")
    if user.active and recorded_value(session, user.id, "active") is False:
        return Refusal(_("This account was deactivated and turned on again outside avrcase; it cannot sign in until an "
                         "administrator reactivates it in avrcase."), "turned on again outside avrcase")
    recorded = recorded_role(session, user.id)
    if recorded is not None and recorded != user.role:
        return Refusal(_("This account's role was changed outside avrcase (the store says %(now)s, the audit trail "
                         "last recorded %(recorded)s); it cannot sign in until an administrator gives it a role in "
                         "avrcase.") % {"now": _label(user.role), "recorded": _label(recorded)},
                       "role changed outside avrcase")
    digest = recorded_digest(session, user.id)
    if digest is not None and user.password_hash is not None and digest != password_digest(user.password_hash):
        return Refusal(_("This account's password was changed outside avrcase (it is not the one the audit trail "
                         "last recorded); it cannot sign in until an administrator sets a new password in avrcase."),
                       "password changed outside avrcase")
    return None


def recorded_digest(session: Session, user_id: int) -> str | None:
    """The digest of the last password hash the audit trail records for account ``user_id`` (``None``: none)."""
    own = session.execute(select(AuditEntry.details).where(
        AuditEntry.entity == "users", AuditEntry.entity_id == user_id,
        AuditEntry.details.contains(f'"{DIGEST}":')).order_by(AuditEntry.seq.desc()))
    for (details,) in own:
        digest = _parsed(details).get(DIGEST)
        if isinstance(digest, str):
            return digest
    taken_over = session.execute(select(AuditEntry.details).where(  # ``record_missing_digests``
        AuditEntry.entity == "users", AuditEntry.entity_id.is_(None), AuditEntry.action == "store_upgraded")
        .order_by(AuditEntry.seq.desc()))
    for (details,) in taken_over:
        digests = _parsed(details).get(DIGESTS)
        digest = digests.get(str(user_id)) if isinstance(digests, dict) else None
        if isinstance(digest, str):
            return digest
    return None


def record_missing_digests(session: Session, actor: Actor, user: User) -> None:
    """On a store from before digests (``user``, signing in, has none on record): put the digest of every account's
    hash that has none on the trail, in one ``store_upgraded`` entry, so a hash replaced after this sign-in is refused
    whichever account it is. Once every account has one, this is one look-up of ``user``'s own digest."""
    if user.password_hash is None or recorded_digest(session, user.id) is not None:
        return
    missing = {str(other.id): password_digest(other.password_hash)
               for other in session.scalars(select(User).where(User.password_hash.is_not(None)).order_by(User.id))
               if other.password_hash and (other.id == user.id or recorded_digest(session, other.id) is None)}
    audit.record(session, actor, audit.Action.STORE_UPGRADED, entity="users", digests_recorded=len(missing),
                 password_digests=missing)  # read back by its name, ``DIGESTS``


def _parsed(details: str) -> dict:
    try:
        data = json.loads(details)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _created_on_record(session: Session, user: User) -> bool:
    """Whether the trail records the account's creation, or the account is older than the trail's records of them
    (made before stores kept a trail: numbered below every account the trail saw created)."""
    created = select(AuditEntry.id).where(AuditEntry.entity == "users", AuditEntry.action == "create")
    if session.scalar(created.where(AuditEntry.entity_id == user.id).limit(1)) is not None:
        return True
    first = session.scalar(select(func.min(AuditEntry.entity_id)).where(
        AuditEntry.entity == "users", AuditEntry.action == "create"))
    return first is None or 1 <= user.id < first


def _creation_removed(session: Session, user: User) -> bool:
    """Whether the account's creation, not on the trail, was taken off it rather than never there: entries are missing
    (their numbers have a gap), or an account made after it is on record (avrcase numbers accounts in order, so an
    account numbered between two recorded ones was made in avrcase too). Asked only when sign-in refuses."""
    count, last = session.execute(select(func.count(), func.max(AuditEntry.seq))).one()
    if last is not None and count != last:
        return True
    newest = session.scalar(select(func.max(AuditEntry.entity_id)).where(
        AuditEntry.entity == "users", AuditEntry.action == "create"))
    return newest is not None and 1 <= user.id < newest


def _label(role: str) -> str:
    try:
        return StaffRole(role).label
    except ValueError:
        return role
