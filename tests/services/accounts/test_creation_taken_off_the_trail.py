"""Deleting the audit entry that records an account's creation locked the account out with "This account was added
to the store outside avrcase", which puzzled a manager whose colleague's account had been made in avrcase. The
refusal stays (the trail was tampered with), and now says so, and what to do; ``audit verify`` names the gap."""

from __future__ import annotations

from sqlalchemy import text

from avrcase.domain.codes import StaffRole
from avrcase.services import audit
from avrcase.services.accounts import accounts
from avrcase.services.uow import unit_of_work
from tests.services.accounts.test_accounts import GOOD, _last_entry, admin, sign_in  # noqa: F401  (fixture)

TAMPERED = ("This account cannot sign in because the audit trail was tampered with: entries were removed from it, "
            "among them the one recording that this account was created. A manager or administrator should run "
            "“avrcase audit verify” (or Verify the chain in Account ▸ Audit trail), which names the first damaged "
            "entry, and restore the last backup made before it (“avrcase db restore”).")


def _add(engine, admin, username):
    with unit_of_work(engine) as session:
        return accounts.add_account(session, admin, username, f"Colleague {username}", StaffRole.COUNSELLOR, GOOD,
                                    must_change=False)


def _remove_creation(engine, user_id) -> int:
    with engine.begin() as connection:
        return connection.execute(text("DELETE FROM audit_entries WHERE entity = 'users' AND action = 'create' "
                                       "AND entity_id = :id RETURNING seq"), {"id": user_id}).scalar_one()


def test_an_account_whose_creation_was_taken_off_the_trail_is_refused_saying_the_trail_was_tampered_with(engine, admin):
    jonas = _add(engine, admin, "jonas")
    assert sign_in(engine, "jonas", GOOD).ok
    removed = _remove_creation(engine, jonas.id)
    refused = sign_in(engine, "jonas", GOOD)
    assert not refused.ok and refused.message == TAMPERED
    action, entity_id, details = _last_entry(engine)
    assert (action, entity_id) == ("sign_in_failed", jonas.id) and "creation removed from the audit trail" in details
    with unit_of_work(engine, write=False) as session:
        check = audit.verify(session, admin)
    assert not check.ok and check.problem == (f"entry {removed + 1} follows entry {removed - 1}: entries in between "
                                              "were removed")


def test_renumbered_after_the_removal_it_is_still_said_to_be_tampering(engine, admin):
    """Entries renumbered to hide the gap: an account made after it is on record, so this one was made in avrcase."""
    jonas, _ona = _add(engine, admin, "jonas"), _add(engine, admin, "ona")
    removed = _remove_creation(engine, jonas.id)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET seq = seq - 1 WHERE seq > :seq"), {"seq": removed})
    assert sign_in(engine, "jonas", GOOD).message == TAMPERED
