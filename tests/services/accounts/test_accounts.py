"""Accounts: the first administrator, password rules, argon2id hashes, lockout and deactivation."""

import datetime as dt

import pytest
from sqlalchemy import select

from avrcase.domain import passwords
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import PermissionDeniedError, ValidationError
from avrcase.services.accounts import accounts, users
from avrcase.services.store_kind import is_demo_store
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry, User
from avrcase.services.permissions import SYSTEM

GOOD = "correct horse battery"
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)


def sign_in(engine, username, password, now=T0):
    with unit_of_work(engine) as session:
        return accounts.authenticate(session, username, password, now=now)


@pytest.fixture
def admin(engine):
    with unit_of_work(engine) as session:
        return accounts.create_first_administrator(session, "aiste", "Aistė Admin", GOOD)


def test_first_administrator_only_while_nobody_can_sign_in(engine, admin):
    assert admin.role == StaffRole.ADMINISTRATOR
    with unit_of_work(engine) as session:
        assert not accounts.needs_first_administrator(session)
        with pytest.raises(PermissionDeniedError):
            accounts.create_first_administrator(session, "mallory", "Mallory", "another good passphrase")


def test_password_is_stored_as_argon2id_with_owasp_parameters(engine, admin):
    with unit_of_work(engine, write=False) as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "aiste"))
    assert stored.startswith("$argon2id$") and GOOD not in stored
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2 and int(params["p"]) == 1


@pytest.mark.parametrize("password, problem", [
    ("short pass", "at least 12"),
    ("password1234", "too common"),
    ("qwertyuiopasdfghjkl", "too common"),
    ("aaaaaaaaaaaaaaaa", "too common"),
    ("jonas-joins-today", "user name"),
])
def test_weak_passwords_are_refused(engine, admin, password, problem):
    with unit_of_work(engine) as session, pytest.raises(ValidationError) as err:
        accounts.add_account(session, admin, "jonas", "Jonas Kazlauskas", StaffRole.COUNSELLOR, password)
    assert problem in err.value.errors["password"]
    if problem == "user name":
        with unit_of_work(engine) as session, pytest.raises(ValidationError):
            accounts.reset_password(session, admin, admin.id, "aiste-is-the-admin")


def test_common_list_is_shipped_and_long():
    assert len(passwords.common_passwords()) > 3000
    assert all(len(p) >= passwords.MIN_LENGTH for p in passwords.common_passwords())


def test_sign_in_with_the_right_password_and_change_it_at_first_use(engine, admin):
    with unit_of_work(engine) as session:
        accounts.add_account(session, admin, "jonas", "Jonas Kazlauskas", StaffRole.COUNSELLOR, "first given passphrase")
    outcome = sign_in(engine, "Jonas", "first given passphrase")
    assert outcome.ok and outcome.actor.username == "jonas" and outcome.must_change_password
    with unit_of_work(engine) as session:
        accounts.change_own_password(session, outcome.actor, "first given passphrase", "my own secret phrase")
    assert sign_in(engine, "jonas", "my own secret phrase").must_change_password is False
    assert not sign_in(engine, "jonas", "first given passphrase").ok


def test_wrong_name_and_wrong_password_give_the_same_answer(engine, admin):
    unknown = sign_in(engine, "nobody", GOOD)
    wrong = sign_in(engine, "aiste", "not the password at all")
    assert not unknown.ok and not wrong.ok and unknown.message == wrong.message


def test_failures_slow_down_then_lock_for_thirty_minutes(engine, admin):
    now = T0
    for attempt in range(1, 7):
        outcome = sign_in(engine, "aiste", "wrong password here", now=now)
        assert not outcome.ok
        now += dt.timedelta(seconds=20)
    assert "locked for 30 more minutes" in outcome.message
    # Even the right password is refused while locked, and the lock lifts after 30 minutes.
    assert "locked" in sign_in(engine, "aiste", GOOD, now=now).message
    assert sign_in(engine, "aiste", GOOD, now=now + dt.timedelta(minutes=30)).ok
    with unit_of_work(engine, write=False) as session:
        user = session.scalar(select(User).where(User.username == "aiste"))
        assert user.failed_attempts == 0 and user.locked_until is None


def test_too_quick_a_retry_is_refused_without_checking(engine, admin):
    for i in range(3):
        sign_in(engine, "aiste", "wrong password here", now=T0 + dt.timedelta(seconds=30 * i))
    last = T0 + dt.timedelta(seconds=60)
    outcome = sign_in(engine, "aiste", GOOD, now=last + dt.timedelta(seconds=1))
    assert not outcome.ok and "wait" in outcome.message
    assert sign_in(engine, "aiste", GOOD, now=last + dt.timedelta(seconds=3)).ok


def test_reset_unlocks_and_deactivated_accounts_cannot_sign_in(engine, admin):
    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas K", StaffRole.COUNSELLOR, "first given passphrase")
    for i in range(6):
        sign_in(engine, "jonas", "wrong password here", now=T0 + dt.timedelta(minutes=i))
    with unit_of_work(engine) as session:
        accounts.reset_password(session, admin, row.id, "second given passphrase")
    assert sign_in(engine, "jonas", "second given passphrase", now=T0 + dt.timedelta(minutes=7)).ok
    with unit_of_work(engine) as session:
        accounts.deactivate(session, admin, row.id)
    assert not sign_in(engine, "jonas", "second given passphrase").ok
    with unit_of_work(engine, write=False) as session:  # deactivated, never deleted
        assert [u.username for u in users.list_users(session, admin, active_only=False)] == ["aiste", "jonas"]


def test_the_last_administrator_and_oneself_cannot_be_deactivated(engine, admin, actor_as):
    with unit_of_work(engine) as session, pytest.raises(ValidationError):
        accounts.deactivate(session, admin, admin.id)
    other = actor_as(StaffRole.ADMINISTRATOR)
    with unit_of_work(engine) as session:
        accounts.deactivate(session, other, admin.id)
    with unit_of_work(engine) as session, pytest.raises(ValidationError):
        accounts.deactivate(session, admin, other.id)


def test_a_deactivated_account_is_reactivated_with_a_new_password_and_it_is_on_record(engine, admin):
    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas K", StaffRole.COUNSELLOR, "first given passphrase")
        accounts.deactivate(session, admin, row.id)
    with unit_of_work(engine) as session, pytest.raises(ValidationError):
        accounts.reactivate(session, admin, row.id, "short")
    with unit_of_work(engine) as session:
        accounts.reactivate(session, admin, row.id, "third given passphrase")
    outcome = sign_in(engine, "jonas", "third given passphrase")
    assert outcome.ok and outcome.must_change_password
    with unit_of_work(engine) as session, pytest.raises(ValidationError):
        accounts.reactivate(session, admin, row.id, "fourth given passphrase")  # active already
    with unit_of_work(engine, write=False) as session:
        changes = session.scalars(select(AuditEntry.details).where(AuditEntry.entity == "users",
                                                                   AuditEntry.entity_id == row.id)).all()
    assert any('"active"' in d for d in changes)


def test_a_role_is_changed_but_never_ones_own_nor_the_last_administrators(engine, admin, actor_as):
    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas K", StaffRole.COUNSELLOR, "first given passphrase")
        accounts.change_role(session, admin, row.id, StaffRole.MANAGER)
    with unit_of_work(engine, write=False) as session:
        assert users.actor_by_id(session, row.id).role == StaffRole.MANAGER
    with unit_of_work(engine) as session, pytest.raises(ValidationError):
        accounts.change_role(session, admin, admin.id, StaffRole.COUNSELLOR)
    other = actor_as(StaffRole.ADMINISTRATOR)
    with unit_of_work(engine) as session:
        accounts.change_role(session, admin, other.id, StaffRole.MANAGER)  # two administrators: fine
    with unit_of_work(engine) as session, pytest.raises(ValidationError, match="last active administrator"):
        accounts.change_role(session, SYSTEM, admin.id, StaffRole.COUNSELLOR)


@pytest.mark.parametrize("role", [r for r in StaffRole if r != StaffRole.ADMINISTRATOR])
def test_only_administrators_manage_accounts(engine, admin, actor_as, role):
    someone = actor_as(role)
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        accounts.add_account(session, someone, "eve", "Eve", StaffRole.ADMINISTRATOR, "sneaky admin passphrase")
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        accounts.reset_password(session, someone, admin.id, "sneaky admin passphrase")
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        accounts.deactivate(session, someone, admin.id)
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        accounts.reactivate(session, someone, admin.id, "sneaky admin passphrase")
    with unit_of_work(engine) as session, pytest.raises(PermissionDeniedError):
        accounts.change_role(session, someone, someone.id, StaffRole.ADMINISTRATOR)


def test_no_password_or_hash_reaches_the_trail(engine, admin):
    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas K", StaffRole.COUNSELLOR, "first given passphrase")
        accounts.reset_password(session, admin, row.id, "second given passphrase")
    sign_in(engine, "jonas", "a wrong passphrase")
    sign_in(engine, "jonas", "second given passphrase", now=T0 + dt.timedelta(hours=1))
    with unit_of_work(engine, write=False) as session:
        details = session.scalars(select(AuditEntry.details)).all()
        actions = set(session.scalars(select(AuditEntry.action)))
        hashes = session.scalars(select(User.password_hash)).all()
    text = "\n".join(details)
    assert "passphrase" not in text and "$argon2" not in text
    assert not any(h in text for h in hashes)
    assert {"sign_in", "sign_in_failed"} <= actions


def test_demo_data_is_refused_on_a_store_set_up_with_its_administrator(engine, admin):
    from avrcase.domain.errors import PermissionDeniedError
    from avrcase.services.demo import generate as demo

    with pytest.raises(PermissionDeniedError, match="real office store"), unit_of_work(engine) as session:
        demo.generate_demo(session, actor=admin, cases=12)
    assert not sign_in(engine, "counsellor", demo.demo_password("counsellor")).ok
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(User.id).where(User.username == "counsellor")) is None
        assert not is_demo_store(session)  # so the sign-in screen lists no demo accounts


def test_a_first_run_demo_store_opens_with_the_documented_passwords(engine):
    from avrcase.services.demo import generate as demo

    with unit_of_work(engine) as session:
        demo.generate_demo(session, cases=12, actor=SYSTEM)
    with unit_of_work(engine, write=False) as session:
        assert is_demo_store(session)
    outcome = sign_in(engine, "reintegration", "reintegration-demo-password")
    assert outcome.ok and outcome.actor.role == StaffRole.REINTEGRATION_OFFICER


def test_a_role_written_into_the_store_by_hand_gives_no_rights(engine, admin):
    """A counsellor who wrote 'administrator' into their own row with an SQLite editor signed in as an administrator
    (users, backups, export of everything); the audit trail still said counsellor."""
    from sqlalchemy import text

    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas Kazlauskas", StaffRole.COUNSELLOR, GOOD,
                                   must_change=False)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET role = 'administrator' WHERE username = 'jonas'"))
    refused = sign_in(engine, "jonas", GOOD)
    assert not refused.ok and refused.message == (
        "This account's role was changed outside avrcase (the store says Administrator, the audit trail last recorded "
        "Counsellor); it cannot sign in until an administrator gives it a role in avrcase.")
    with unit_of_work(engine, write=False) as session:
        last = session.execute(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.details)
                               .order_by(AuditEntry.seq.desc())).first()
    assert last[:2] == ("sign_in_failed", row.id) and "outside avrcase" in last[2]
    with unit_of_work(engine) as session:  # the administrator decides, on record (here: the role the row holds)
        accounts.change_role(session, admin, row.id, StaffRole.ADMINISTRATOR)
    outcome = sign_in(engine, "jonas", GOOD)
    assert outcome.ok and outcome.actor.role == StaffRole.ADMINISTRATOR


def test_an_account_turned_on_again_by_hand_stays_off_until_an_administrator_reactivates_it(engine, admin):
    from sqlalchemy import text

    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas Kazlauskas", StaffRole.COUNSELLOR, GOOD,
                                   must_change=False)
        accounts.deactivate(session, admin, row.id)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET active = 1, password_hash = "
                                "(SELECT password_hash FROM users WHERE username = 'aiste') WHERE username = 'jonas'"))
    refused = sign_in(engine, "jonas", GOOD)
    assert not refused.ok and refused.message.startswith("This account was deactivated and turned on again outside")
    with unit_of_work(engine) as session:
        accounts.reactivate(session, admin, row.id, "a new given passphrase")
    outcome = sign_in(engine, "jonas", "a new given passphrase")
    assert outcome.ok and outcome.must_change_password


def _last_entry(engine):
    with unit_of_work(engine, write=False) as session:
        return session.execute(select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.details)
                               .order_by(AuditEntry.seq.desc())).first()


def test_an_account_inserted_into_the_store_by_hand_cannot_sign_in(engine, admin):
    """An INSERT INTO users with the administrator's hash copied in signed in (as an administrator, with nothing on
    the audit trail about the account)."""
    from sqlalchemy import text

    with engine.begin() as connection:
        for name, number in (("mallory", "NULL"), ("trudy", "0")):  # the next number, and one below the first account's
            connection.execute(text(f"INSERT INTO users (id, username, display_name, role, active, created_at, "
                                    f"password_hash, must_change_password, failed_attempts) SELECT {number}, '{name}', "
                                    "'Mallory', 'administrator', 1, created_at, password_hash, 0, 0 FROM users "
                                    "WHERE username = 'aiste'"))
    for name in ("mallory", "trudy"):
        refused = sign_in(engine, name, GOOD)
        assert not refused.ok and refused.message == (
            "This account was added to the store outside avrcase (the audit trail does not record its creation); it "
            "cannot sign in: an administrator adds accounts in avrcase.")
        action, _, details = _last_entry(engine)
        assert action == "sign_in_failed" and "account added outside avrcase" in details
    assert sign_in(engine, "aiste", GOOD).ok


def test_accounts_older_than_the_trails_record_of_them_still_sign_in(engine):
    """A store whose accounts were made before its trail recorded accounts: those sign in, a later one added by
    hand does not."""
    from sqlalchemy import text

    with engine.begin() as connection:
        for number, name in ((1, "ona"), (2, "petras")):
            connection.execute(text("INSERT INTO users (id, username, display_name, role, active, created_at, "
                                    "password_hash, must_change_password, failed_attempts) VALUES (:id, :name, "
                                    "'Old Account', 'administrator', 1, '2020-01-01 00:00:00', :hash, 0, 0)"),
                               {"id": number, "name": name, "hash": accounts.hash_password(GOOD)})
    assert sign_in(engine, "ona", GOOD).ok  # no account's creation on record at all
    with unit_of_work(engine) as session:
        accounts.add_account(session, users.actor_by_id(session, 1), "jonas", "Jonas K", StaffRole.COUNSELLOR, GOOD)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO users (username, display_name, role, active, created_at, password_hash, "
                                "must_change_password, failed_attempts) SELECT 'mallory', 'Mallory', role, 1, "
                                "created_at, password_hash, 0, 0 FROM users WHERE username = 'petras'"))
    assert sign_in(engine, "petras", GOOD).ok and sign_in(engine, "jonas", GOOD).ok
    assert "added to the store outside avrcase" in sign_in(engine, "mallory", GOOD).message


def test_a_password_hash_copied_over_another_accounts_by_hand_is_refused(engine, admin):
    """The administrator's hash copied over a counsellor's let anyone who knew the administrator's password sign in
    as the counsellor."""
    from sqlalchemy import text

    with unit_of_work(engine) as session:
        row = accounts.add_account(session, admin, "jonas", "Jonas Kazlauskas", StaffRole.COUNSELLOR,
                                   "his very own passphrase", must_change=False)
    assert sign_in(engine, "jonas", "his very own passphrase").ok
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = "
                                "'aiste') WHERE username = 'jonas'"))
    refused = sign_in(engine, "jonas", GOOD)
    assert not refused.ok and refused.message == (
        "This account's password was changed outside avrcase (it is not the one the audit trail last recorded); it "
        "cannot sign in until an administrator sets a new password in avrcase.")
    action, entity_id, details = _last_entry(engine)
    assert (action, entity_id) == ("sign_in_failed", row.id) and "password changed outside avrcase" in details
    with unit_of_work(engine) as session:
        accounts.reset_password(session, admin, row.id, "a new given passphrase")
    assert sign_in(engine, "jonas", "a new given passphrase").ok


def test_hashes_from_before_digests_go_on_record_at_the_first_sign_in(engine, admin):
    """No digest on record (a store from before them): the first sign-in is let in and records the digest of every
    account's hash that has none, so a hash replaced after it is refused, even that of an account that has not signed
    in since; the digests are never shown as details of the entry."""
    from sqlalchemy import text

    from avrcase.services.data_protection import audit_trail

    with unit_of_work(engine) as session:
        rows = [users.add_user(session, admin, name, f"{name.title()} Kazlauskas", StaffRole.COUNSELLOR)
                for name in ("jonas", "petras")]
    with engine.begin() as connection:  # as an older avrcase wrote them: no digest beside the hash
        for row in rows:
            connection.execute(text("UPDATE users SET password_hash = :hash WHERE id = :id"),
                               {"hash": accounts.hash_password("his very own passphrase"), "id": row.id})
    assert sign_in(engine, "jonas", "his very own passphrase").ok
    with unit_of_work(engine, write=False) as session:
        shown = audit_trail.list_entries(session, admin, audit_trail.AuditQuery(action="store_upgraded"))
    assert [(r.entity, r.details) for r in shown] == [("users", {"digests_recorded": 2})]
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = "
                                "'aiste') WHERE username = 'petras'"))
    assert "password was changed outside avrcase" in sign_in(engine, "petras", GOOD).message
    assert sign_in(engine, "jonas", "his very own passphrase").ok and sign_in(engine, "aiste", GOOD).ok
    with unit_of_work(engine, write=False) as session:  # once every account has a digest, nothing more is recorded
        assert len(audit_trail.list_entries(session, admin, audit_trail.AuditQuery(action="store_upgraded"))) == 1
