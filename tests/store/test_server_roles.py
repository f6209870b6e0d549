"""The least-privilege set-up of docs/server.md, run on the test server: a migration role owns the schema,
staff logins only read and write rows, and cannot change the schema."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import StoreError
from avrcase.services import audit
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store
from tests.conftest import make_case_form

#: docs/server.md, step 3 (as the postgres superuser), with this test's names.
SETUP = """
CREATE ROLE {owner} LOGIN;
CREATE ROLE {app} NOLOGIN;
CREATE ROLE {person} LOGIN IN ROLE {app};
CREATE DATABASE {db} OWNER {owner} ENCODING 'UTF8' TEMPLATE template0;
"""
#: docs/server.md, step 3, in the new database.
IN_DATABASE = """
REVOKE ALL ON DATABASE {db} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {owner}, {app};
CREATE EXTENSION IF NOT EXISTS pg_trgm;
GRANT USAGE ON SCHEMA public TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app};
"""


def test_staff_logins_work_without_owning_anything_and_cannot_change_the_schema(pg_server_url):
    tag = uuid.uuid4().hex[:8]
    names = {"owner": f"owner_{tag}", "app": f"staff_{tag}", "person": f"ruta_{tag}", "db": f"office_{tag}"}
    server = make_url(pg_server_url)
    superuser = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        for statement in filter(str.strip, SETUP.format(**names).split(";")):
            connection.execute(text(statement))
    database = create_engine(server.set(database=names["db"]), isolation_level="AUTOCOMMIT")
    with database.connect() as connection:
        for statement in filter(str.strip, IN_DATABASE.format(**names).split(";")):
            connection.execute(text(statement))
    database.dispose()
    as_owner = server.set(database=names["db"], username=names["owner"]).render_as_string(hide_password=False)
    as_person = server.set(database=names["db"], username=names["person"]).render_as_string(hide_password=False)
    try:
        open_store(as_owner).dispose()  # "avrcase db upgrade --db postgresql://avrcase_owner@…"
        engine = open_store(as_person, upgrade=False)  # what the desktop app does on the server
        try:
            with unit_of_work(engine) as session:
                manager = users.actor_by_id(session, users.add_user(session, SYSTEM, "manager1", "M", StaffRole.MANAGER).id)
                ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta1", "R", StaffRole.COUNSELLOR).id)
            with unit_of_work(engine, actor=ruta) as session:
                cases.register_case(session, ruta, make_case_form())
            with unit_of_work(engine, write=False) as session:
                assert audit.verify(session, manager).ok
            with pytest.raises(Exception, match="(must be owner|permission denied)"):
                with engine.begin() as connection:
                    connection.execute(text("DROP TABLE audit_entries"))
            with engine.connect() as connection:
                assert not connection.execute(text("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles "
                                                   "WHERE rolname = current_user")).scalar()
        finally:
            engine.dispose()
        with pytest.raises(StoreError):  # a staff login cannot create the schema either
            open_store(server.set(database="postgres", username=names["person"]).render_as_string(hide_password=False))
    finally:
        with superuser.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS {names["db"]} WITH (FORCE)'))
            for role in ("person", "app", "owner"):
                connection.execute(text(f"DROP ROLE IF EXISTS {names[role]}"))
        superuser.dispose()
