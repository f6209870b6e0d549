"""Accounts: the first administrator, adding users, passwords (argon2id), sign-in with lockout.

Passwords are hashed with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane). Consecutive
failures make the next attempt wait and the sixth locks the account for 30 minutes; a failed
sign-in is reported back (``SignInOutcome``) rather than raised, so the unit of work commits the
failure count. Accounts are deactivated, never deleted.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from avrcase.domain import passwords
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from avrcase.i18n import _, ngettext
from avrcase.services import audit, audit_checkpoint
from avrcase.services.accounts import users
from avrcase.services.accounts.recorded_role import off_the_record, record_missing_digests, recorded_role, recorded_value
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor, UserRow
from avrcase.services.permissions import SYSTEM, Permission, may, require, require_account
from avrcase.services.store_kind import record_store_kind
from avrcase.store import key_slots
from avrcase.store.models import User

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@functools.cache
def hasher() -> PasswordHasher:
    """The argon2id hasher at OWASP's parameters, made when a password is first hashed or checked (argon2 is not
    imported on the desktop app's start path before the sign-in screen or with the sign-in skipped, #14)."""
    from argon2 import PasswordHasher, Type

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)


# Verified against when the user name is unknown, so a wrong name takes as long as a wrong password.
@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the account has none (made on first use: 25 ms at every import otherwise)."""
    return hasher().hash("avrcase: no such account")


@dataclass(frozen=True)
class SignInOutcome:
    """The result of a sign-in attempt: the actor, or a message saying why not (never which part was wrong)."""

    actor: Actor | None
    message: str = ""
    must_change_password: bool = False
    #: For a role that sees the audit trail: the trail changed since this computer last verified it (else ``""``).
    trail_warning: str = ""

    @property
    def ok(self) -> bool:
        """True when the person is signed in."""
        return self.actor is not None


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salt and parameters encoded in it)."""
    return hasher().hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    """True when ``password`` matches the stored argon2 hash (a missing hash costs the same time, then fails)."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return hasher().verify(stored or _dummy_hash(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _set_password(user: User, password: str, *, must_change: bool, own: bool = True) -> None:
    passwords.check_password(password, username=user.username, display_name=user.display_name, own=own)
    user.password_hash = hash_password(password)
    user.password_changed_at = clock_of(object_session(user)).now()
    user.must_change_password = must_change
    user.failed_attempts = 0
    user.locked_until = None
    key_slots.on_password_set(object_session(user), user.username, password)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("There is no such user."))
    return user


def needs_first_administrator(session: Session) -> bool:
    """True while no account can sign in: the first run must create the administrator."""
    return session.scalar(select(func.count(User.id)).where(User.password_hash.is_not(None))) == 0




def create_first_administrator(session: Session, username: str, display_name: str, password: str) -> Actor:
    """Make the administrator on a store where nobody can sign in yet; refused afterwards."""
    if not needs_first_administrator(session):
        raise PermissionDeniedError(_("This store already has accounts; ask an administrator to add yours."))
    record_store_kind(session, SYSTEM, demo=False)  # a store set up with its administrator is a real one
    row = users.add_user(session, SYSTEM, username, display_name, StaffRole.ADMINISTRATOR)
    _set_password(_user(session, row.id), password, must_change=False)
    actor = users.actor_by_id(session, row.id)
    audit.record(session, actor, audit.Action.CREATE, entity="first_administrator", entity_id=row.id)
    return actor


def add_account(session: Session, actor: Actor | None, username: str, display_name: str, role: StaffRole,
                password: str, *, must_change: bool = True) -> UserRow:
    """Add a user with a first password (which they change at their first sign-in by default).

    There is no account without a password: an empty one is refused like any too-short one.
    """
    require(actor, Permission.USERS_MANAGE)
    passwords.check_password(password, username=username, display_name=display_name, own=False)
    row = users.add_user(session, actor, username, display_name, role)
    _set_password(_user(session, row.id), password, must_change=must_change, own=False)
    return row


def reset_password(session: Session, actor: Actor | None, user_id: int, password: str) -> None:
    """Give a user a new password they must change at their next sign-in; unlocks the account."""
    require(actor, Permission.USERS_MANAGE)
    _set_password(_user(session, user_id), password, must_change=True, own=actor is not None and actor.id == user_id)


def change_own_password(session: Session, actor: Actor, current: str, new: str) -> None:
    """The signed-in user replaces their password; the current one must be right."""
    user = _user(session, require_account(actor).id)
    if not password_matches(user.password_hash, current):
        raise ValidationError({"current": _("The current password is wrong.")})
    if new == current:
        raise ValidationError({"password": _("The new password must differ from the current one.")})
    _set_password(user, new, must_change=False)


def deactivate(session: Session, actor: Actor | None, user_id: int) -> None:
    """Stop an account from signing in; its name stays on everything it did."""
    require(actor, Permission.USERS_MANAGE)
    user = _user(session, user_id)
    if actor is not None and actor.id == user_id:
        raise ValidationError({"user": _("You cannot deactivate your own account.")})
    if user.role == StaffRole.ADMINISTRATOR.value and session.scalar(
            select(func.count(User.id)).where(User.role == StaffRole.ADMINISTRATOR.value, User.active.is_(True))) <= 1:
        raise ValidationError({"user": _("The last active administrator cannot be deactivated.")})
    user.active = False
    key_slots.on_password_set(session, user.username, None)


def reactivate(session: Session, actor: Actor | None, user_id: int, password: str) -> None:
    """Let a deactivated account sign in again, with a new password its owner changes at the next sign-in
    (deactivating dropped the old one's key slot, so the old password could not open an encrypted store)."""
    require(actor, Permission.USERS_MANAGE)
    user = _user(session, user_id)
    turned_on_by_hand = user.active and recorded_value(session, user.id, "active") is False
    if user.active and not turned_on_by_hand:
        raise ValidationError({"user": _("This account is active already.")})
    _set_password(user, password, must_change=True, own=False)
    user.last_failed_at = None
    user.active = True
    if turned_on_by_hand:  # the row says active already: the administrator's word is what goes on record
        audit.record(session, actor, audit.Action.UPDATE, entity="users", entity_id=user.id, fields={"active": [False, True]})


def change_role(session: Session, actor: Actor | None, user_id: int, role: StaffRole) -> None:
    """Give an account another role (it applies from the owner's next sign-in); never one's own, never the
    last active administrator's."""
    require(actor, Permission.USERS_MANAGE)
    user = _user(session, user_id)
    if actor is not None and actor.id == user_id:
        raise ValidationError({"role": _("You cannot change your own role; ask another administrator.")})
    if user.role == role.value:
        recorded = recorded_role(session, user.id)
        if recorded not in (None, role.value):  # the row was written outside avrcase: this is the role on record now
            audit.record(session, actor, audit.Action.UPDATE, entity="users", entity_id=user.id,
                         fields={"role": [recorded, role.value]})
        return
    if user.role == StaffRole.ADMINISTRATOR.value and user.active and session.scalar(
            select(func.count(User.id)).where(User.role == StaffRole.ADMINISTRATOR.value, User.active.is_(True))) <= 1:
        raise ValidationError({"role": _("The last active administrator keeps that role.")})
    user.role = role.value


def _wait_message(until: dt.datetime, now: dt.datetime) -> str:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    if seconds > 90:
        minutes = (seconds + 59) // 60
        return ngettext("Too many failed attempts: this account is locked for %(n)s more minute.",
                        "Too many failed attempts: this account is locked for %(n)s more minutes.", minutes) % {"n": minutes}
    return ngettext("Please wait %(n)s second before trying again.",
                    "Please wait %(n)s seconds before trying again.", seconds) % {"n": seconds}


def authenticate(session: Session, username: str, password: str, *, now: dt.datetime | None = None,
                 refuse_set_password: bool = False) -> SignInOutcome:
    """Check a user name and password; count failures, slow down, lock, and put the attempt on record.
    ``refuse_set_password``: a right password an administrator set (not yet changed) is a refused sign-in, on record
    as one (the command line, where nothing else than ``avrcase user password`` may run until it is changed)."""
    now = now or clock_of(session).now()
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    wrong = _("The user name or password is wrong.")
    if user is None or not user.active or user.password_hash is None:
        password_matches(None, password)  # same time as a wrong password
        audit.record(session, None, audit.Action.SIGN_IN_FAILED, entity="users",
                     entity_id=user.id if user else None, reason="unknown or inactive account")
        return SignInOutcome(None, wrong)
    if user.locked_until is not None and user.locked_until > now:
        audit.record(session, None, audit.Action.SIGN_IN_FAILED, entity="users", entity_id=user.id, reason="locked")
        return SignInOutcome(None, _wait_message(user.locked_until, now))
    if user.last_failed_at is not None:
        ready = user.last_failed_at + passwords.retry_delay(user.failed_attempts)
        if ready > now:
            return SignInOutcome(None, _wait_message(ready, now))
    if not password_matches(user.password_hash, password):
        user.failed_attempts += 1
        user.last_failed_at = now
        user.locked_until = passwords.lock_until(user.failed_attempts, now)
        audit.record(session, None, audit.Action.SIGN_IN_FAILED, entity="users", entity_id=user.id,
                     reason="wrong password", failures=user.failed_attempts)
        if user.locked_until is not None:
            return SignInOutcome(None, _wait_message(user.locked_until, now))
        return SignInOutcome(None, wrong)
    refusal = off_the_record(session, user)
    if refusal is not None:
        audit.record(session, None, audit.Action.SIGN_IN_FAILED, entity="users", entity_id=user.id,
                     reason=refusal.reason, role=user.role)
        return SignInOutcome(None, refusal.message)
    if refuse_set_password and user.must_change_password:
        audit.record(session, None, audit.Action.SIGN_IN_FAILED, entity="users", entity_id=user.id,
                     reason="password set by an administrator not changed yet")
        return SignInOutcome(None, _("Your password was set by an administrator: change it first with "
                                     "“avrcase user password” (or in the app); nothing else was done."))
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts = 0
    user.last_failed_at = None
    user.locked_until = None
    user.last_sign_in_at = now
    actor = users.actor_by_id(session, user.id)
    record_missing_digests(session, actor, user)
    audit.record(session, actor, audit.Action.SIGN_IN, entity="users", entity_id=user.id)
    # Those who see the trail hear at once of entries edited since it was last verified here (a few ms).
    warning = audit_checkpoint.sign_in_warning(session) if may(actor, Permission.AUDIT_VIEW) else ""
    return SignInOutcome(actor, must_change_password=user.must_change_password, trail_warning=warning)


def sign_out(session: Session, actor: Actor) -> None:
    """Put the end of a signed-in session on record."""
    require_account(actor)
    audit.record(session, actor, audit.Action.SIGN_OUT, entity="users", entity_id=actor.id)


def unlock(session: Session, actor: Actor, password: str, *, now: dt.datetime | None = None) -> SignInOutcome:
    """Ask the signed-in user for their password again after the idle lock (same rules as sign-in)."""
    actor = require_account(actor)
    outcome = authenticate(session, actor.username, password, now=now)
    if outcome.ok and outcome.actor.id != actor.id:  # pragma: no cover - user names are unique
        return SignInOutcome(None, _("The user name or password is wrong."))
    return outcome
