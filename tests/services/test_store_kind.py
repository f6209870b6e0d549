"""Demo data only where it belongs: a store records once whether it is a demo store; only its administrator
(or avrcase itself on the first run) loads demo data, only into it, only while it is empty."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError, PermissionDeniedError
from avrcase.services import store_kind
from avrcase.services.accounts import accounts
from avrcase.services.demo import generate as demo
from avrcase.services.permissions import SYSTEM
from avrcase.services.store_kind import StoreKind
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, Case, StoreInfo, User

PASSWORD = "a long enough passphrase for tests"


def _kind(engine) -> StoreKind:
    with unit_of_work(engine, write=False) as session:
        return store_kind.store_kind(session)


def _cases(engine) -> int:
    with unit_of_work(engine, write=False) as session:
        return len(session.scalars(select(Case.id)).all())


def test_a_new_store_is_undecided_until_its_first_run(engine):
    assert _kind(engine) is StoreKind.NEW


def test_creating_the_first_administrator_makes_a_real_office_store(engine, clock):
    with unit_of_work(engine) as session:
        accounts.create_first_administrator(session, "aiste", "Aistė Admin", PASSWORD)
    assert _kind(engine) is StoreKind.REAL
    with unit_of_work(engine, write=False) as session:
        info = session.get(StoreInfo, 1)
        assert info.created_at == clock.now()
        assert session.scalar(select(AuditEntry.username).where(AuditEntry.entity == "store_info")) == "system"


def test_the_first_runs_demo_data_makes_a_demo_store(engine):
    with unit_of_work(engine) as session:
        demo.generate_demo(session, cases=5, actor=SYSTEM)
    assert _kind(engine) is StoreKind.DEMO
    assert _cases(engine) == 5


def test_a_real_store_refuses_demo_data_and_says_why(engine):
    with unit_of_work(engine) as session:
        admin = accounts.create_first_administrator(session, "aiste", "Aistė Admin", PASSWORD)
    with pytest.raises(PermissionDeniedError) as refused, unit_of_work(engine) as session:
        demo.generate_demo(session, cases=5, actor=admin)
    assert "real office store" in str(refused.value) and "would mix with real ones" in str(refused.value)
    assert _cases(engine) == 0
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(User.id).where(User.username == "counsellor")) is None


def test_a_store_set_up_by_hand_before_the_record_counts_as_real(engine, actor):
    """Accounts that can sign in but no record of the store's kind: never a place for demo data."""
    with pytest.raises(PermissionDeniedError, match="real office store"), unit_of_work(engine) as session:
        demo.generate_demo(session, cases=5, actor=SYSTEM)
    assert _kind(engine) is StoreKind.NEW and _cases(engine) == 0


@pytest.mark.parametrize("role", [r for r in StaffRole if r is not StaffRole.ADMINISTRATOR], ids=lambda r: r.value)
def test_only_an_administrator_loads_demo_data(engine, actor_as, role):
    someone = actor_as(role)
    with pytest.raises(PermissionDeniedError) as refused, unit_of_work(engine) as session:
        demo.generate_demo(session, cases=5, actor=someone)
    assert role.label in str(refused.value)
    assert _cases(engine) == 0


def test_nobody_loads_demo_data(engine):
    with pytest.raises(PermissionDeniedError, match="sign in"), unit_of_work(engine) as session:
        demo.generate_demo(session, cases=5, actor=None)
    assert _kind(engine) is StoreKind.NEW


def test_an_administrator_of_an_empty_demo_store_may_load_it(engine, actor_as):
    with unit_of_work(engine) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=True)
    admin = actor_as(StaffRole.ADMINISTRATOR)
    with unit_of_work(engine, write=False) as session:
        assert store_kind.demo_refusal(session, admin) == ""
    with unit_of_work(engine) as session:
        demo.generate_demo(session, cases=5, actor=admin)
    assert _cases(engine) == 5
    with unit_of_work(engine, write=False) as session:  # accounts existed: the demo ones get no known password
        assert session.scalar(select(User.password_hash).where(User.username == "counsellor")) is None
        assert "already holds cases" in store_kind.demo_refusal(session, admin)


def test_the_system_actor_may_not_load_demo_data_once_people_can_sign_in(engine):
    with unit_of_work(engine) as session:
        demo.generate_demo(session, cases=5, actor=SYSTEM)
    with unit_of_work(engine, write=False) as session:
        assert "please sign in" in store_kind.demo_refusal(session, SYSTEM)


def test_a_store_keeps_its_kind(engine):
    with unit_of_work(engine) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=False)
    with pytest.raises(ConflictError, match="stays one"), unit_of_work(engine) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=True)
    assert _kind(engine) is StoreKind.REAL


def test_asking_why_not_changes_nothing(engine):
    with unit_of_work(engine, write=False) as session:
        assert store_kind.demo_refusal(session, SYSTEM) == ""
    assert _kind(engine) is StoreKind.NEW

