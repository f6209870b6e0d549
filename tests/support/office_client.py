"""One member of staff at their own computer, for the multi-client test on the office server.

``python -m tests.support.office_client URL ROLE USER_ID SECONDS``: opens the store (never migrating it),
listens for the other computers' changes, prints ``ready``, waits for ``go`` on stdin, does its role's
daily job for SECONDS, waits a little for late notes and prints one JSON line of what happened.
Synthetic data only; time from a fixed clock.
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import ConflictError
from avrcase.services import audit, live_changes, office
from avrcase.services.accounts import users
from avrcase.services.cases import case_file
from avrcase.services.cases import register as cases
from avrcase.services.clock import DEFAULT_ZONE, FixedClock
from avrcase.services.dto import CaseQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store
from tests.conftest import make_case_form
from tests.support.clock import FIXED_NOW

#: How long a note may take to arrive after the last action (the issue asks for two seconds).
SETTLE_S = 2.5


def main(url: str, role: str, user_id: int, seconds: float) -> dict:
    engine = open_store(url, upgrade=False, clock=FixedClock(FIXED_NOW, DEFAULT_ZONE))
    with unit_of_work(engine, write=False) as session:
        actor = users.actor_by_id(session, user_id)
    heard: dict[str, set[int]] = {live_changes.CASES: set(), live_changes.USERS: set()}
    heard_many = [0]
    lock = threading.Lock()

    def on_change(kind: str, ids: list[int]) -> None:
        with lock:
            if ids:
                heard.setdefault(kind, set()).update(ids)
            else:
                heard_many[0] += 1

    listener = live_changes.ChangeListener(url, on_change).start()
    listener.listening.wait(20)
    print("ready", flush=True)
    sys.stdin.readline()  # "go"
    rng = random.Random(user_id)
    done, conflicts, refused, changed_cases, added_users = 0, 0, [], [], []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            kind = _one_action(engine, actor, rng, changed_cases, added_users)
            if kind == "conflict":
                conflicts += 1
            done += 1
        except Exception as exc:  # noqa: BLE001 - every refusal is reported, then asserted on
            refused.append(f"{type(exc).__name__}: {exc}")
        time.sleep(rng.uniform(0.025, 0.1))  # people think between clicks
    time.sleep(SETTLE_S)
    listener.stop()
    engine.dispose()
    with lock:
        return {"role": role, "done": done, "conflicts": conflicts, "refused": refused,
                "changed_cases": changed_cases, "added_users": added_users,
                "heard_cases": sorted(heard[live_changes.CASES]), "heard_users": sorted(heard[live_changes.USERS]),
                "heard_many": heard_many[0]}


def _some_case(engine, actor, rng) -> int | None:
    with unit_of_work(engine, write=False, actor=actor) as session:
        rows = cases.list_cases(session, actor, CaseQuery(limit=50))
    return rng.choice(rows).id if rows else None


def _one_action(engine, actor, rng, changed_cases: list[int], added_users: list[int]) -> str:
    role = actor.role
    if role == StaffRole.COUNSELLOR:
        if not changed_cases or rng.random() < 0.4:
            with unit_of_work(engine, actor=actor) as session:
                changed_cases.append(cases.register_case(session, actor, make_case_form()).id)
            return "registered"
        case_id = rng.choice(changed_cases)
        with unit_of_work(engine, write=False, actor=actor) as session:
            version = case_file.reread_case(session, actor, case_id).version
        with unit_of_work(engine, actor=actor) as session:
            cases.update_case(session, actor, case_id, version, make_case_form(notes=f"edit {rng.random():.6f}"))
        if rng.random() < 0.3:  # a second window still holding the old version: must be refused, not lost
            try:
                with unit_of_work(engine, actor=actor) as session:
                    cases.update_case(session, actor, case_id, version, make_case_form(notes="stale"))
            except ConflictError as exc:
                # The service's own version check, or the store's (a save that raced past it).
                assert "changed by someone else" in exc.message or "Someone else changed" in exc.message, exc.message
                return "conflict"
            raise AssertionError("a stale edit was saved over a newer one")
        return "edited"
    if role == StaffRole.ADMINISTRATOR:
        with unit_of_work(engine, actor=actor) as session:
            if rng.random() < 0.5:
                n = len(added_users) + 1
                added_users.append(users.add_user(session, actor, f"temp{actor.id}x{n}", f"Temp {n}",
                                                  StaffRole.TRAVEL_OFFICER).id)
            else:
                office.save_office_profile(session, actor, office.get_office_profile(session, actor))
        return "administered"
    if role == StaffRole.MANAGER and rng.random() < 0.3:
        with unit_of_work(engine, write=False, actor=actor) as session:
            check = audit.verify(session, actor)
        assert check.ok, check.problem
        return "verified"
    case_id = _some_case(engine, actor, rng)
    if case_id is not None:  # travel, finance, reintegration, manager: open a case file (put on record)
        with unit_of_work(engine, write=False, actor=actor) as session:
            case_file.get_case(session, actor, case_id)
    return "read"


if __name__ == "__main__":
    result = main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    print(json.dumps(result), flush=True)
