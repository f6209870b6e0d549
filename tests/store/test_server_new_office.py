"""A new office follows docs/server.md on a fresh PostgreSQL cluster and connects three clients (#22, "done when").

Step 2 (a private CA and a server certificate, made with the page's own ``openssl`` commands), step 3 (the
roles and the database), step 4 (``pg_hba.conf``: TLS only, SCRAM passwords), step 5 (``avrcase db upgrade``
as the migration role over ``verify-full``) and step 6 (three clients by remembered connection: two own
logins and the office service login). Then: every client's connection is encrypted, a connection without
TLS or to a name the certificate does not carry is refused, a commit of one client is heard by another,
and a staff login cannot change the schema. The server listens on 127.0.0.1 only and is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services import server_profiles
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery
from avrcase.services.live_changes import ChangeListener
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.schema import open_store
from tests.conftest import make_case_form
from tests.support.postgres import server_binaries

PASSWORDS = {"avrcase_owner": "owner-Secret-1", "ruta": "ruta-Secret-2", "jonas": "jonas-Secret-3",
             "avrcase_office": "office-Secret-4"}

#: docs/server.md step 3, word for word but for the passwords.
STEP_3 = f"""
CREATE ROLE avrcase_owner LOGIN PASSWORD '{PASSWORDS["avrcase_owner"]}';
CREATE ROLE avrcase_staff NOLOGIN;
CREATE ROLE ruta LOGIN PASSWORD '{PASSWORDS["ruta"]}' IN ROLE avrcase_staff;
CREATE ROLE jonas LOGIN PASSWORD '{PASSWORDS["jonas"]}' IN ROLE avrcase_staff;
CREATE ROLE avrcase_office LOGIN PASSWORD '{PASSWORDS["avrcase_office"]}' IN ROLE avrcase_staff;
CREATE DATABASE avrcase OWNER avrcase_owner ENCODING 'UTF8' TEMPLATE template0;
"""
STEP_3_IN_DATABASE = """
REVOKE ALL ON DATABASE avrcase FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE avrcase TO avrcase_owner, avrcase_staff;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
GRANT USAGE ON SCHEMA public TO avrcase_staff;
ALTER DEFAULT PRIVILEGES FOR ROLE avrcase_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO avrcase_staff;
ALTER DEFAULT PRIVILEGES FOR ROLE avrcase_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO avrcase_staff;
"""
#: docs/server.md step 4, for clients on this computer.
PG_HBA = """
local      all       all                                 trust
hostssl    avrcase   +avrcase_staff   127.0.0.1/32       scram-sha-256
hostssl    avrcase   avrcase_owner    127.0.0.1/32       scram-sha-256
hostnossl  all       all              0.0.0.0/0          reject
hostnossl  all       all              ::/0               reject
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def office_server():
    """A fresh cluster set up by docs/server.md steps 2-4: (port, CA file)."""
    bin_dir = server_binaries()
    if bin_dir is None or shutil.which("openssl") is None:
        if os.environ.get("AVRCASE_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL and openssl are required (AVRCASE_REQUIRE_POSTGRES=1)")
        pytest.skip("no PostgreSQL server or openssl installed")
    root = Path(tempfile.mkdtemp(prefix="avrcase-office-"))
    as_postgres = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    certs = root / "certs"
    certs.mkdir()
    # Step 2, for the host name the clients use here: localhost.
    _openssl("req", "-x509", "-new", "-nodes", "-days", "3650", "-newkey", "rsa:3072", "-keyout", "office-ca.key",
             "-out", "office-ca.pem", "-subj", "/CN=Office avrcase CA", cwd=certs)
    _openssl("req", "-new", "-nodes", "-newkey", "rsa:3072", "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=localhost", cwd=certs)
    (certs / "san.txt").write_text("subjectAltName=DNS:localhost\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "office-ca.pem", "-CAkey", "office-ca.key",
             "-CAcreateserial", "-days", "825", "-extfile", "san.txt", "-out", "server.crt", cwd=certs)
    data, port = root / "data", _free_port()
    subprocess.run([*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True, cwd=root)
    for name in ("server.crt", "server.key"):
        shutil.copy(certs / name, data / name)
        if as_postgres:
            shutil.chown(data / name, "postgres")
    os.chmod(data / "server.key", 0o600)
    with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{root}'\n"
                   "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
                   "ssl_min_protocol_version = 'TLSv1.2'\npassword_encryption = scram-sha-256\nfsync = off\n")
    (data / "pg_hba.conf").write_text(PG_HBA, encoding="utf-8")
    subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "server.log"),
                    "start"], check=True, capture_output=True, cwd=root)
    try:
        superuser = create_engine(f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}",
                                  isolation_level="AUTOCOMMIT")
        with superuser.connect() as connection:
            for statement in filter(str.strip, STEP_3.split(";")):
                connection.execute(text(statement))
        superuser.dispose()
        superuser = create_engine(f"postgresql+psycopg://postgres@/avrcase?host={root}&port={port}",
                                  isolation_level="AUTOCOMMIT")
        with superuser.connect() as connection:
            for statement in filter(str.strip, STEP_3_IN_DATABASE.split(";")):
                connection.execute(text(statement))
        superuser.dispose()
        yield port, str(certs / "office-ca.pem")
    finally:
        subprocess.run([*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


def _connect(url: str):
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    engine.dispose()


def test_a_new_office_follows_the_server_page_and_connects_three_clients(office_server, monkeypatch, capsys):
    port, ca_file = office_server
    owner = server_profiles.ServerProfile("it", "localhost", port, "avrcase", "avrcase_owner", "verify-full", ca_file)
    # Step 5: the schema, created by the migration role over a verified TLS connection.
    assert main(["db", "upgrade", "--db", owner.url(PASSWORDS["avrcase_owner"])]) == 0, capsys.readouterr().err
    assert "Store ready at schema" in capsys.readouterr().out

    # Step 6: three computers remember their connection; the password comes from the environment here.
    engines = {}
    for login in ("ruta", "jonas", "avrcase_office"):
        code = main(["server", "add", login, "--host", "localhost", "--port", str(port), "--login", login,
                     "--ca-file", ca_file, *(["--service-login"] if login == "avrcase_office" else [])])
        assert code == 0, capsys.readouterr().err
        monkeypatch.setenv(server_profiles.ENV_DB_PASSWORD, PASSWORDS[login])
        url = server_profiles.profile_url(login)
        assert "sslmode=verify-full" in url and "sslrootcert=" in url
        engines[login] = open_store(url)
    try:
        for engine in engines.values():
            with engine.connect() as connection:
                assert connection.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar()
        # The first person creates the avrcase accounts; the other clients then work on the same cases.
        with unit_of_work(engines["ruta"]) as session:
            ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
            jonas = users.actor_by_id(session, users.add_user(session, SYSTEM, "jonas", "J",
                                                              StaffRole.COUNSELLOR).id)
        heard = []
        listener = ChangeListener(server_profiles.profile_url("avrcase_office"),
                                  lambda kind, ids: heard.append((kind, ids)), own_too=True).start()
        try:
            assert listener.listening.wait(10)
            monkeypatch.setenv(server_profiles.ENV_DB_PASSWORD, PASSWORDS["ruta"])
            with unit_of_work(engines["ruta"], actor=ruta) as session:
                case = cases.register_case(session, ruta, make_case_form())
            with unit_of_work(engines["jonas"], actor=jonas) as session:
                cases.update_case(session, jonas, case.id, case.version, make_case_form(notes="phoned back"))
            with unit_of_work(engines["avrcase_office"], actor=jonas, write=False) as session:
                assert [r.case_number for r in cases.list_cases(session, jonas, CaseQuery())] == [case.case_number]
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline and not any(case.id in ids for _kind, ids in heard):
                time.sleep(0.05)
            assert any(case.id in ids for _kind, ids in heard), heard
        finally:
            listener.stop()
        # A staff login reads and writes rows but cannot change the schema.
        with pytest.raises(ProgrammingError):
            with engines["jonas"].begin() as connection:
                connection.execute(text("DROP TABLE cases"))
    finally:
        for engine in engines.values():
            engine.dispose()

    # Step 4 holds: no connection without TLS, and verify-full refuses a name the certificate lacks.
    ruta_profile = server_profiles.get("ruta")
    with pytest.raises(OperationalError, match="no encryption|reject"):
        _connect(ruta_profile.url(PASSWORDS["ruta"]).replace("sslmode=verify-full", "sslmode=disable"))
    with pytest.raises(OperationalError, match="does not match|certificate"):
        _connect(server_profiles.ServerProfile("ip", "127.0.0.1", port, "avrcase", "ruta", "verify-full",
                                               ca_file).url(PASSWORDS["ruta"]))
