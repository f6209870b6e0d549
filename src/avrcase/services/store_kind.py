"""Whether a store is a demo store or a real office store, recorded once when the store is set up.

A new store is set up either with its first administrator (a real office store) or with demo data (a demo
store). Demo data goes only into an empty store created as a demo store, loaded by an administrator of that
store, or by ``SYSTEM`` on the first run ("Load demo data instead", ``avrcase demo`` on a new store).
"""

from __future__ import annotations

import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError, PermissionDeniedError
from avrcase.i18n import _
from avrcase.services import audit
from avrcase.services.dto import Actor
from avrcase.services.permissions import SYSTEM, Permission, require, require_actor
from avrcase.store.models import Case, StoreInfo, User


class StoreKind(enum.Enum):
    """What the store was created as; ``NEW`` until its first run decides."""

    NEW = "new"
    DEMO = "demo"
    REAL = "real"


def store_kind(session: Session) -> StoreKind:
    """What the store was created as (open to anyone: the sign-in screen shows demo accounts on a demo store)."""
    demo = session.scalar(select(StoreInfo.demo).where(StoreInfo.id == 1))
    if demo is None:
        return StoreKind.NEW
    return StoreKind.DEMO if demo else StoreKind.REAL


def is_demo_store(session: Session) -> bool:
    """True for a store created as a demo store."""
    return store_kind(session) is StoreKind.DEMO


def _anyone_can_sign_in(session: Session) -> bool:
    return session.scalar(select(User.id).where(User.password_hash.is_not(None)).limit(1)) is not None


def record_store_kind(session: Session, actor: Actor | None, *, demo: bool) -> None:
    """Record, once, that this new store is a demo store or a real office store; a store keeps its kind."""
    require(actor, Permission.STORE_MAINTAIN if demo else Permission.USERS_MANAGE)
    kind = store_kind(session)
    wanted = StoreKind.DEMO if demo else StoreKind.REAL
    if kind is wanted:
        return
    if kind is not StoreKind.NEW:
        raise ConflictError(_("This store was created as a real office store and stays one.") if kind is StoreKind.REAL
                            else _("This store was created as a demo store and stays one; create a new store for "
                                   "real work."))
    session.add(StoreInfo(id=1, demo=demo))
    session.flush()
    audit.record(session, actor, audit.Action.CREATE, entity="store_info", entity_id=1, demo=demo)


def require_demo_loader(actor: Actor | None) -> Actor:
    """Refuse, saying so, anyone but an administrator (or ``SYSTEM``) before anything else is looked at."""
    actor = require_actor(actor)
    if actor is not SYSTEM and actor.role is not StaffRole.ADMINISTRATOR:
        raise PermissionDeniedError(_("Only an administrator of a demo store may load demo data; your role "
                                      "(%(role)s) may not.") % {"role": actor.role.label})
    require(actor, Permission.STORE_MAINTAIN)
    return actor


def check_demo_allowed(session: Session, actor: Actor | None) -> None:
    """Refuse, saying why, unless demo data may be loaded here by ``actor``; marks a new store as a demo store.

    Allowed: an administrator of an empty store created as a demo store, or ``SYSTEM`` on a new store
    nobody can sign in to yet (the first run's "Load demo data instead", ``avrcase demo`` on a new store).
    """
    actor = require_demo_loader(actor)
    kind = store_kind(session)
    if kind is StoreKind.NEW and _anyone_can_sign_in(session):
        kind = StoreKind.REAL  # set up by hand before stores recorded their kind: treat it as real
    if kind is StoreKind.REAL:
        raise PermissionDeniedError(_(
            "This is a real office store, so demo data cannot be loaded into it: invented cases and demo "
            "accounts would mix with real ones. To try avrcase, create a new store for demo data (for example "
            "“avrcase demo --db demo.sqlite”, or “Load demo data instead” when a new store opens)."))
    if actor is SYSTEM and _anyone_can_sign_in(session):
        raise PermissionDeniedError(_("Only an administrator of this demo store may load demo data; please sign in."))
    if session.scalar(select(Case.id).limit(1)) is not None:
        raise ConflictError(_("This store already holds cases; demo data goes only into an empty store."))
    if kind is StoreKind.NEW:
        record_store_kind(session, actor, demo=True)


def demo_refusal(session: Session, actor: Actor | None) -> str:
    """Why demo data may not be loaded here by ``actor`` (one sentence), or ``""`` when it may.

    Run it in a read-only unit of work: on a new store it would otherwise record the store as a demo store.
    """
    try:
        check_demo_allowed(session, actor)
    except (PermissionDeniedError, ConflictError) as exc:
        return exc.message
    return ""
