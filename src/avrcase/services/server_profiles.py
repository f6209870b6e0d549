"""Connections to the office server (PostgreSQL), remembered per computer; passwords only in the keyring.

A profile holds where the server is and how to check it (host, port, database, TLS mode, the office's CA
file) and whose login is used; ``servers.json`` in the user's configuration folder keeps the profiles
and which one the desktop app opens. The password is never written there: it goes to the system
keyring (``keyring``), or, where this computer has none, it is asked for each time.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from avrcase.domain.errors import StoreError, ValidationError
from avrcase.i18n import N_, _

#: Where ``servers.json`` lives instead of the user's configuration folder (tests, portable installs).
ENV_CONFIG_DIR = "AVRCASE_CONFIG_DIR"
#: A password for a profile's login when there is no keyring and no one to ask (scripts, services).
ENV_DB_PASSWORD = "AVRCASE_DB_PASSWORD"
KEYRING_SERVICE = "avrcase"
DEFAULT_PORT = 5432
#: A host name (letters of any script, digits, dots, hyphens), an IPv4 or an IPv6 address (in brackets or not).
_HOST = re.compile(r"\[?[\w.:%-]+\]?")
#: A name or IPv4 address with a port after one colon (an IPv6 address has two or more colons).
_HOST_AND_PORT = re.compile(r"[^:\[\]]+:\d+")

#: libpq's TLS modes offered, strongest first; ``verify-full`` checks the certificate and the host name.
TLS_MODES = ("verify-full", "verify-ca", "require")
TLS_MODE_NAMES = {
    "verify-full": N_("Verify the certificate and the server's name (recommended)"),
    "verify-ca": N_("Verify the certificate only"),
    "require": N_("Encrypt, but do not verify (testing only)"),
}


@dataclass(frozen=True)
class ServerProfile:
    """One office server connection: where, how TLS is checked, and whose login."""

    name: str
    host: str
    port: int = DEFAULT_PORT
    database: str = "avrcase"
    user: str = ""
    tls_mode: str = "verify-full"
    ca_file: str = ""
    #: True for the office's shared service login, False for the person's own database login.
    service_login: bool = False

    def validate(self) -> ServerProfile:
        """This profile, or a ``ValidationError`` naming the fields to fix."""
        errors: dict[str, str] = {}
        if not self.name.strip():
            errors["name"] = _("Give the connection a name.")
        host = self.host.strip()
        if not host:
            errors["host"] = _("Enter the server's name or address.")
        elif not host.startswith("/") and not _HOST.fullmatch(host):  # "db office" was kept, then no connection
            errors["host"] = _("A server's name or address is one word, for example db.office.local or 10.0.0.5.")
        elif _HOST_AND_PORT.fullmatch(host):  # "db.local:5432" was kept as a host, then "db.local:5432:5432"
            errors["host"] = _("Give the port on its own (%(port)s), not after the server's address: enter "
                               "%(host)s here.") % {"port": host.rsplit(":", 1)[1], "host": host.rsplit(":", 1)[0]}
        if not 1 <= self.port <= 65535:
            errors["port"] = _("The port is a number from 1 to 65535.")
        if not self.database.strip():
            errors["database"] = _("Enter the database name.")
        if not self.user.strip():
            errors["user"] = _("Enter the login name.")
        if self.tls_mode not in TLS_MODES:
            errors["tls_mode"] = _("Choose how the connection is protected.")
        if self.tls_mode in ("verify-full", "verify-ca") and self.ca_file and not Path(self.ca_file).is_file():
            errors["ca_file"] = _("The CA certificate file %(path)s does not exist.") % {"path": self.ca_file}
        if errors:
            raise ValidationError(errors)
        return self

    def url(self, password: str | None) -> str:
        """The SQLAlchemy URL of this server (psycopg), with ``password`` if given."""
        query = {"sslmode": self.tls_mode, "application_name": "avrcase"}
        if self.ca_file:
            query["sslrootcert"] = self.ca_file
        host, port = self.host, self.port
        if host.startswith("/"):  # a Unix socket folder (a server on this computer) goes in the query
            query.update(host=host, port=str(port))
            host, port = None, None
        from sqlalchemy.engine import URL  # not on the desktop app's start path

        return URL.create("postgresql+psycopg", username=self.user, password=password or None, host=host,
                          port=port, database=self.database, query=query).render_as_string(hide_password=False)

    def conninfo(self, password: str | None) -> dict[str, str]:
        """libpq's keywords for this server, as ``url`` has psycopg connect (a test compares them): the sign-in
        screen's look at the server (``store.server_probe``), made without SQLAlchemy."""
        info = {"host": self.host, "port": str(self.port), "dbname": self.database, "user": self.user,
                "sslmode": self.tls_mode, "application_name": "avrcase"}
        if self.ca_file:
            info["sslrootcert"] = self.ca_file
        if password:
            info["password"] = password
        return info

    @property
    def keyring_key(self) -> str:
        """The keyring's name for this login's password (one per login, server and database)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def shown(self) -> str:
        """Where this profile connects, as a person reads it (no password)."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


# ---------------------------------------------------------------- the per-computer file

def config_dir() -> Path:
    """The folder holding ``servers.json``."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("avrcase", appauthor=False)


def _path() -> Path:
    return config_dir() / "servers.json"


def _load() -> dict:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"profiles": {}, "current": None}
    except (OSError, ValueError) as exc:
        raise StoreError(_("The list of office servers (%(path)s) cannot be read: %(reason)s")
                         % {"path": _path(), "reason": exc}) from exc
    data.setdefault("profiles", {})
    data.setdefault("current", None)
    return data


def _save(data: dict) -> None:
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def profiles() -> list[ServerProfile]:
    """Every remembered profile, by name."""
    return [ServerProfile(**fields) for _name, fields in sorted(_load()["profiles"].items())]


def get(name: str) -> ServerProfile:
    """The profile called ``name``; a ``StoreError`` listing the known ones if there is none."""
    fields = _load()["profiles"].get(name)
    if fields is None:
        known = ", ".join(p.name for p in profiles()) or _("none")
        raise StoreError(_("There is no office server connection called “%(name)s” on this computer (known: "
                           "%(known)s).") % {"name": name, "known": known})
    return ServerProfile(**fields)


def save(profile: ServerProfile, *, make_current: bool = False) -> ServerProfile:
    """Remember ``profile`` (replacing one of the same name); optionally as the one the app opens."""
    profile = replace(profile, name=profile.name.strip(), host=profile.host.strip(), user=profile.user.strip(),
                      database=profile.database.strip()).validate()
    data = _load()
    data["profiles"][profile.name] = asdict(profile)
    if make_current:
        data["current"] = profile.name
    _save(data)
    return profile


def remove(name: str) -> None:
    """Forget the profile ``name`` and its saved password."""
    profile = get(name)
    data = _load()
    del data["profiles"][name]
    if data["current"] == name:
        data["current"] = None
    _save(data)
    forget_password(profile)


def current() -> ServerProfile | None:
    """The profile the desktop app opens on this computer, or ``None`` for the store on this computer."""
    name = _load()["current"]
    return get(name) if name else None


def use_local_store() -> None:
    """Let the desktop app open the store on this computer again (the profiles stay)."""
    data = _load()
    data["current"] = None
    _save(data)


# ---------------------------------------------------------------- passwords

def keyring_available() -> bool:
    """True when this computer has a system keyring avrcase may keep passwords in (never a plain-text one)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or "plaintext" in type(backend).__name__.lower():
        return False
    try:
        return backend.priority > 0
    except Exception:  # noqa: BLE001 - a backend that cannot say is not one to trust
        return False


def saved_password(profile: ServerProfile) -> str | None:
    """The password kept in the keyring for this login, or ``None`` (none saved, or no keyring)."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, profile.keyring_key)
    except Exception:  # noqa: BLE001 - a keyring that fails (KeyringError, no D-Bus, locked) is no keyring
        return None


def save_password(profile: ServerProfile, password: str) -> bool:
    """Keep the password in the keyring; False when there is none (it is then asked for each time)."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, profile.keyring_key, password)
    except Exception:  # noqa: BLE001 - a keyring that fails (KeyringError, no D-Bus, locked) is no keyring
        return False
    return True


def forget_password(profile: ServerProfile) -> None:
    """Remove this login's password from the keyring, if one is there."""
    if not keyring_available():
        return
    import keyring

    try:
        keyring.delete_password(KEYRING_SERVICE, profile.keyring_key)
    except Exception:  # noqa: BLE001 - a keyring that fails (KeyringError, no D-Bus, locked) is no keyring
        pass


def password_for(profile: ServerProfile, ask=None) -> str | None:
    """The login's password: the keyring, then ``$AVRCASE_DB_PASSWORD``, then ``ask(profile)`` (``None``: cancelled)."""
    password = saved_password(profile) or os.environ.get(ENV_DB_PASSWORD)
    if password is None and ask is not None:
        password = ask(profile)
    return password


def profile_url(name: str, ask=None) -> str:
    """The URL of the profile ``name``, with its password (see ``password_for``)."""
    profile = get(name)
    password = password_for(profile, ask)
    return profile.url(password)


def check_connection(profile: ServerProfile, password: str | None, *, timeout_s: int = 8) -> None:
    """Connect once and ask the server for nothing; a ``StoreError`` a person can act on if that fails."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    engine = create_engine(profile.url(password), connect_args={"connect_timeout": timeout_s})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise StoreError(_("avrcase cannot connect to the office server %(where)s: %(reason)s")
                         % {"where": profile.shown(), "reason": reason}) from exc
    finally:
        engine.dispose()
