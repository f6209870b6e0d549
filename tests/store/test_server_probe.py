"""The sign-in screen's look at the office server (#14): what it finds on a real PostgreSQL server, and that it
connects where SQLAlchemy's psycopg dialect would."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from sqlalchemy import make_url, text

from avrcase.domain.codes import StaffRole
from avrcase.services import server_profiles, store_kind
from avrcase.services.accounts import users
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store import server_probe
from avrcase.store.engine import create_store_engine
from tests.conftest import _with_password


def _dialect_args(url: str) -> dict[str, str]:
    """What SQLAlchemy's psycopg dialect hands ``psycopg.connect`` for ``url`` (values as text)."""
    engine = create_store_engine(url)
    try:
        args, kwargs = engine.dialect.create_connect_args(make_url(url))
    finally:
        engine.dispose()
    assert args in ([], [""])
    kwargs.pop("context", None)  # psycopg's adapters for SQLAlchemy's types, not a connection keyword
    return {key: str(value) for key, value in kwargs.items()}


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://avrcase@/postgres?host=/tmp/avrcase-pg-x&port=55432",
    "postgresql+psycopg://ruta:s%40cr%3At%2F%20x@db.office.local:5433/avrcase?sslmode=verify-full"
    "&sslrootcert=/etc/office/ca.pem&application_name=avrcase",
    "postgresql+psycopg://ruta@DB.Office.local/avr%20case",
    "postgresql+psycopg://db.office.local/avrcase",
    "postgresql+psycopg://ruta:pw@10.0.0.5:5432/avrcase?connect_timeout=5",
])
def test_a_plain_server_url_gives_libpq_what_sqlalchemy_gives_psycopg(url):
    assert server_probe.conninfo_of_url(url) == _dialect_args(url)


@pytest.mark.parametrize("url", [
    "postgresql://ruta@db/avrcase",  # SQLAlchemy's default driver for it is psycopg2, not what the app runs
    "postgresql+psycopg2://ruta@db/avrcase",
    "sqlite:///office.sqlite",
    "postgresql+psycopg://ruta@db/avrcase?host=h1,h2",  # several hosts: SQLAlchemy splits them
    "postgresql+psycopg://ruta@db/avrcase?host=h1:5433",
    "postgresql+psycopg://ruta@db/avrcase?sslmode=require&sslmode=disable",
    "postgresql+psycopg://ruta@[::1]:5432/avrcase",
    "postgresql+psycopg://ruta@db:port/avrcase",
    "postgresql+psycopg://ruta@db/avr/case",
    "postgresql+psycopg://ruta:p@ss@db/avrcase",  # an unescaped @ in the password: read differently by each
])
def test_any_other_url_is_left_to_the_full_start(url):
    assert server_probe.conninfo_of_url(url) is None


def test_a_remembered_server_gives_libpq_what_its_url_gives_psycopg(tmp_path):
    ca = tmp_path / "office ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    for profile in (server_profiles.ServerProfile("office", "db.office.local", 5433, "avr case", "rūta",
                                                  ca_file=str(ca)),
                    server_profiles.ServerProfile("here", "/run/postgresql", 5432, "avrcase", "avrcase",
                                                  tls_mode="require")):
        for password in ("p@ss:w/ord %20", None):
            assert profile.conninfo(password) == _dialect_args(profile.url(password))


@pytest.fixture
def server_store(pg_engine):
    """The office server's store at this schema with a counsellor who can sign in."""
    with unit_of_work(pg_engine) as session:
        _with_password(session, users.add_user(session, SYSTEM, "ruta", "Rūta Counsellor", StaffRole.COUNSELLOR).id)
    return pg_engine


def _conninfo(engine) -> dict[str, str]:
    info = server_probe.conninfo_of_url(engine.url.render_as_string(hide_password=False))
    assert info is not None
    return info


def _run(engine, statement: str) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement))


def test_an_everyday_server_store_is_found_with_its_kind(server_store):
    assert server_probe.everyday_server(_conninfo(server_store)) == server_probe.EverydayServer(demo=False)
    with unit_of_work(server_store) as session:
        store_kind.record_store_kind(session, SYSTEM, demo=True)
    assert server_probe.everyday_server(_conninfo(server_store)) == server_probe.EverydayServer(demo=True)


def test_a_server_store_at_another_schema_is_left_to_the_full_start(server_store):
    _run(server_store, "UPDATE alembic_version SET version_num = '0025'")
    assert server_probe.everyday_server(_conninfo(server_store)) is None


def test_a_server_store_nobody_can_sign_in_to_is_the_first_run(pg_engine):
    assert server_probe.everyday_server(_conninfo(pg_engine)) is None


def test_a_rule_another_tool_added_is_left_to_the_full_open_that_refuses_it(server_store):
    _run(server_store, "CREATE RULE keep_quiet AS ON INSERT TO audit_entries DO INSTEAD NOTHING")
    assert server_probe.everyday_server(_conninfo(server_store)) is None


def test_a_database_that_is_not_there_or_a_wrong_login_is_none(server_store):
    info = _conninfo(server_store)
    assert server_probe.everyday_server({**info, "dbname": "no_such_store"}) is None
    assert server_probe.everyday_server({**info, "user": "nobody_here"}) is None


def test_a_server_that_does_not_answer_is_given_up_within_the_timeout():
    """A server that takes the connection and says nothing (a hung machine, a firewall that swallows packets)."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(silent.accept()[0]), daemon=True).start()
    started = time.monotonic()
    try:
        found = server_probe.everyday_server({"host": "127.0.0.1", "port": str(silent.getsockname()[1]),
                                              "dbname": "avrcase", "user": "ruta", "sslmode": "disable"})
    finally:
        silent.close()
        for connection in held:
            connection.close()
    assert found is None
    assert time.monotonic() - started < server_probe.TIMEOUT_S + 1


def test_no_libpq_found_leaves_the_start_to_the_full_one(server_store, monkeypatch):
    monkeypatch.setattr(server_probe, "libpq_path", lambda: None)
    assert server_probe.everyday_server(_conninfo(server_store)) is None
