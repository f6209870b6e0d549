"""Six computers on one office server (issue #22): one process per role doing its daily job at once.

No action refused, no lost update (a stale edit is refused with the conflict message), the audit chain
verifies, and every client hears the others' changes (LISTEN/NOTIFY). About 10 s of work (each client pauses
25–100 ms between actions, a busy office), so CI stays well under a minute; ``AVRCASE_OFFICE_SECONDS`` runs it longer by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from avrcase.domain.codes import StaffRole
from avrcase.services import audit
from avrcase.services.accounts import users
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work

SECONDS = float(os.environ.get("AVRCASE_OFFICE_SECONDS", "10"))
ROOT = Path(__file__).resolve().parents[2]


def test_six_clients_one_per_role_work_at_once_on_the_office_server(pg_engine):
    url = pg_engine.url.render_as_string(hide_password=False)
    with unit_of_work(pg_engine) as session:
        staff = {role: users.add_user(session, SYSTEM, f"{role.value}1", role.value, role).id for role in StaffRole}
        manager = users.actor_by_id(session, staff[StaffRole.MANAGER])
    # The clients import the code this test imports (a checkout's src/ on PYTHONPATH), and tests/ from ROOT.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    clients = {role: subprocess.Popen([sys.executable, "-m", "tests.support.office_client", url, role.value,
                                       str(user_id), str(SECONDS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
               for role, user_id in staff.items()}
    for role, client in clients.items():
        line = client.stdout.readline().strip()
        assert line == "ready", f"{role.value}: {line!r} {client.stderr.read()[-2000:]}"
    for client in clients.values():  # everyone starts at once
        client.stdin.write("go\n")
        client.stdin.flush()
    results = {}
    for role, client in clients.items():
        out, err = client.communicate(timeout=SECONDS + 60)
        assert client.returncode == 0, f"{role.value}: {err[-3000:]}"
        results[role] = json.loads(out.strip().splitlines()[-1])

    for role, result in results.items():
        assert result["refused"] == [], f"{role.value}: {result['refused'][:3]}"
        assert result["done"] > 0, role.value
    counsellor, admin = results[StaffRole.COUNSELLOR], results[StaffRole.ADMINISTRATOR]
    assert counsellor["conflicts"] > 0  # stale edits were tried, and refused with the conflict message
    for role, result in results.items():  # each computer heard the others' changes
        if role != StaffRole.COUNSELLOR:
            assert set(counsellor["changed_cases"]) & set(result["heard_cases"]), f"{role.value} heard no case"
        if role != StaffRole.ADMINISTRATOR and admin["added_users"]:
            assert set(admin["added_users"]) & set(result["heard_users"]), f"{role.value} heard no user"
    with unit_of_work(pg_engine, write=False) as session:
        check = audit.verify(session, manager)
    assert check.ok, check.problem
    summary = ", ".join(f"{r.value} {x['done']}" for r, x in results.items())
    print(f"6 clients for {SECONDS:.0f} s: {summary} actions; {counsellor['conflicts']} stale edits refused; 0 refused")
