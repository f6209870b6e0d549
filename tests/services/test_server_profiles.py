"""Office server connections: remembered per computer, the password only in the keyring (or asked each time)."""

from __future__ import annotations

import json

import keyring
import pytest
from sqlalchemy.engine import make_url

from avrcase.domain.errors import StoreError, ValidationError
from avrcase.services import server_profiles
from avrcase.services.server_profiles import ServerProfile
from tests.support.keyrings import use_memory_keyring, use_no_keyring

PROFILE = ServerProfile(name="office", host="db.office.example", port=5433, database="avrcase",
                        user="ruta", ca_file="")


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    backend = use_memory_keyring()
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    use_no_keyring()
    yield
    keyring.set_keyring(before)


def test_the_url_verifies_the_server_by_default_and_names_the_ca_file(tmp_path):
    ca = tmp_path / "office-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    url = make_url(ServerProfile(name="o", host="db", user="ruta", ca_file=str(ca)).url("s3cret"))
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database, url.username, url.password) == ("db", 5432, "avrcase", "ruta", "s3cret")
    assert url.query["sslmode"] == "verify-full"
    assert url.query["sslrootcert"] == str(ca)


def test_a_profile_with_missing_fields_names_each_one():
    with pytest.raises(ValidationError) as caught:
        ServerProfile(name=" ", host="", port=0, database="", user="", tls_mode="disable",
                      ca_file="/no/such.pem").validate()
    assert set(caught.value.errors) == {"name", "host", "port", "database", "user", "tls_mode"}
    with pytest.raises(ValidationError) as caught:
        ServerProfile(name="o", host="db", user="u", ca_file="/no/such.pem").validate()
    assert set(caught.value.errors) == {"ca_file"}


@pytest.mark.parametrize("host", ["db office", "db;rm", "http://db/", "db\tserver"])
def test_a_host_that_is_no_name_or_address_is_refused(host):
    """``avrcase server add --host "db office"`` was kept, and every connection then failed."""
    with pytest.raises(ValidationError) as caught:
        ServerProfile(name="o", host=host, user="u").validate()
    assert caught.value.errors == {"host": "A server's name or address is one word, for example db.office.local or "
                                           "10.0.0.5."}


@pytest.mark.parametrize(("host", "address", "port"), [("db.office.local:5432", "db.office.local", "5432"),
                                                       ("10.0.0.5:6543", "10.0.0.5", "6543")])
def test_a_port_typed_after_the_address_is_asked_for_on_its_own(host, address, port):
    """``--host db.office.local:5432`` was kept, and the connection was then made to "db.office.local:5432:5432"."""
    with pytest.raises(ValidationError) as caught:
        ServerProfile(name="o", host=host, user="u").validate()
    assert caught.value.errors == {"host": f"Give the port on its own ({port}), not after the server's address: "
                                           f"enter {address} here."}


@pytest.mark.parametrize("host", ["db", "db-1.office.local", "10.0.0.5", "::1", "[fe80::1%eth0]", "сервер.офис",
                                  "/var/run/postgresql"])
def test_names_addresses_and_socket_folders_are_hosts(host):
    ServerProfile(name="o", host=host, user="u").validate()


def test_profiles_are_remembered_and_the_file_holds_no_password(memory_keyring):
    server_profiles.save(PROFILE, make_current=True)
    assert server_profiles.save_password(PROFILE, "correct horse battery")
    assert server_profiles.get("office") == PROFILE
    assert server_profiles.current() == PROFILE
    text = (server_profiles.config_dir() / "servers.json").read_text()
    assert "correct horse" not in text
    assert json.loads(text)["current"] == "office"
    assert memory_keyring.passwords == {("avrcase", "ruta@db.office.example:5433/avrcase"): "correct horse battery"}
    assert make_url(server_profiles.profile_url("office")).password == "correct horse battery"

    server_profiles.use_local_store()
    assert server_profiles.current() is None
    server_profiles.remove("office")
    assert server_profiles.profiles() == []
    assert memory_keyring.passwords == {}


def test_without_a_keyring_the_password_is_asked_each_time(no_keyring, monkeypatch):
    monkeypatch.delenv(server_profiles.ENV_DB_PASSWORD, raising=False)
    server_profiles.save(PROFILE)
    assert not server_profiles.keyring_available()
    assert server_profiles.save_password(PROFILE, "x") is False
    asked = []
    url = server_profiles.profile_url("office", ask=lambda profile: asked.append(profile.name) or "typed")
    assert asked == ["office"] and make_url(url).password == "typed"
    monkeypatch.setenv(server_profiles.ENV_DB_PASSWORD, "from-env")
    assert make_url(server_profiles.profile_url("office")).password == "from-env"


def test_an_unknown_profile_lists_the_known_ones():
    server_profiles.save(PROFILE)
    with pytest.raises(StoreError, match="known: office"):
        server_profiles.get("ofice")


def test_check_connection_reaches_the_test_server_and_explains_a_failure(pg_server_url):
    url = make_url(pg_server_url)
    here = ServerProfile(name="t", host=url.query["host"], port=int(url.query["port"]), database="postgres",
                         user=url.username, tls_mode="require")
    server_profiles.check_connection(here, None)  # a Unix socket: libpq uses no TLS there
    with pytest.raises(StoreError, match="cannot connect to the office server"):
        server_profiles.check_connection(ServerProfile(name="t", host="127.0.0.1", port=1, user="x"), "pw", timeout_s=2)
