"""The restore drill of docs/server.md (step 8) on the test server: a ``pg_dump -Fc`` of a store in use,
restored with ``pg_restore --no-owner`` into a scratch database, passes ``avrcase db check``, its audit chain
verifies with every entry, and its cases are found by search (the trigram index came back too)."""

from __future__ import annotations

import subprocess
import uuid

from sqlalchemy import create_engine, make_url, text

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services import audit
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store import search_index
from avrcase.store.schema import open_store
from tests.conftest import make_case_form, make_person
from tests.support.postgres import server_binaries


def _libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def test_a_nightly_dump_restores_into_a_scratch_database_that_checks_and_verifies(pg_engine, tmp_path, capsys):
    with unit_of_work(pg_engine) as session:
        ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
        manager = users.actor_by_id(session, users.add_user(session, SYSTEM, "vida", "V", StaffRole.MANAGER).id)
    with unit_of_work(pg_engine, actor=ruta) as session:
        number = cases.register_case(session, ruta, make_case_form(
            principal=make_person(family_name="Khutsishvili", given_names="Giorgi"))).case_number
    with unit_of_work(pg_engine, write=False) as session:
        before = audit.verify(session, manager)
    assert before.broken_at is None and before.entries > 0

    bin_dir = server_binaries()
    live = make_url(pg_engine.url.render_as_string(hide_password=False))
    dump = tmp_path / "avrcase-nightly.dump"
    subprocess.run([str(bin_dir / "pg_dump"), "-Fc", "-d", _libpq(live), "-f", str(dump)], check=True,
                   capture_output=True)
    drill = live.set(database=f"avrcase_drill_{uuid.uuid4().hex[:8]}")
    admin = create_engine(live.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{drill.database}"'))
    try:
        subprocess.run([str(bin_dir / "pg_restore"), "--no-owner", "-d", _libpq(drill), str(dump)], check=True,
                       capture_output=True)
        url = drill.render_as_string(hide_password=False)
        assert main(["db", "check", "--db", url]) == 0
        assert "no damage found" in capsys.readouterr().out
        restored = open_store(url)
        try:
            with unit_of_work(restored, write=False) as session:
                after = audit.verify(session, manager)
                found = [r.case_number for r in cases.list_cases(session, manager, CaseQuery(search="khutsi"))]
                index = session.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = :name"),
                                        {"name": search_index.TRGM_INDEX}).scalar()
            assert after.broken_at is None and after.entries == before.entries
            assert after.last_hash == before.last_hash
            assert found == [number] and index == 1
        finally:
            restored.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{drill.database}" WITH (FORCE)'))
        admin.dispose()
