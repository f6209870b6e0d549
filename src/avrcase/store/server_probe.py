"""A first look at the office server's store (PostgreSQL) without SQLAlchemy or psycopg, so that the desktop app
shows its sign-in screen on a server as quickly as on the everyday SQLite file (#14).

``everyday_server`` asks the server, in one statement over libpq, what ``store.probe.everyday_store`` asks a file:
the schema at ``SCHEMA_HEAD``, nothing another tool added that the full open refuses (``foreign_objects``),
someone who can sign in (else the first run), and whether it is a demo store. It answers only when all of that is
so and the server answered within ``TIMEOUT_S``; anything else (no answer, a password it wants and was not given,
another schema, a refused login, no libpq found) is ``None``, and the full start deals with it and says why.

libpq is called through ``ctypes`` (the copy psycopg's binary wheel ships, so the same TLS, ``.pgpass`` and
``PG*`` variables apply): ``import psycopg`` costs 0.2 s of CPU, more than a bare Qt window, and is paid behind
the screen anyway, where SQLAlchemy opens the store as always.
"""

from __future__ import annotations

import glob
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from avrcase.store.probe import SCHEMA_HEAD

#: The longest the look at the server may take before the full start takes over (libpq's least connect timeout).
TIMEOUT_S = 2
#: The SQLAlchemy driver the app's server URLs name (``ServerProfile.url``); another is left to the full start.
_SCHEME = "postgresql+psycopg://"
#: The triggers and rewrite rules on the tables of a PostgreSQL store's schema. avrcase makes none there (its
#: search index is a ``pg_trgm`` index; the foreign keys' own triggers are internal), so any is another tool's:
#: ``CREATE RULE … ON INSERT TO audit_entries DO INSTEAD NOTHING`` hides the trail as a trigger does. A view
#: changes no write, so views are left to the server's administrator. (``foreign_objects`` refuses them.)
PG_QUERY = ("SELECT 'trigger', t.tgname, c.relname, NULL FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema() "
            "UNION ALL SELECT 'rule', rulename, tablename, NULL FROM pg_rules WHERE schemaname = current_schema() "
            "ORDER BY 2")
#: Everything the look asks, in one round trip (an office server may be a VPN away).
_LOOK = ("SELECT (SELECT string_agg(version_num, ',') FROM alembic_version), "
         f"(SELECT count(*) FROM ({PG_QUERY}) AS foreign_objects), "
         "EXISTS (SELECT 1 FROM users WHERE password_hash IS NOT NULL), "
         "EXISTS (SELECT 1 FROM store_info WHERE id = 1 AND demo)")
_CONNECTION_OK = 0
_PGRES_TUPLES_OK = 2


@dataclass(frozen=True)
class EverydayServer:
    """An office server's store that opens as on every working day (see ``everyday_server``)."""

    #: Created as a demo store: the sign-in screen names the demo accounts (``services.store_kind``).
    demo: bool


def conninfo_of_url(url: str) -> dict[str, str] | None:
    """libpq's keywords for a plain ``postgresql+psycopg://`` URL, as SQLAlchemy's psycopg dialect passes them
    (a test compares the two); ``None`` for any other URL, and for several hosts or a repeated option."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    if not url.startswith(_SCHEME):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
        query = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        return None
    database = parts.path.removeprefix("/")
    where = parts.netloc.rpartition("@")[2]
    if (parts.fragment or "/" in database or "[" in where or where.endswith(":") or parts.netloc.count("@") > 1
            or len({key for key, _value in query}) != len(query)):
        return None
    info: dict[str, str] = {}
    if parts.username:
        info["user"] = unquote(parts.username)
    if parts.password:
        info["password"] = unquote(parts.password)
    if where:
        info["host"] = where.rsplit(":", 1)[0] if port is not None else where
    if port is not None:
        info["port"] = str(port)
    if database:
        info["dbname"] = unquote(database)
    for key, value in query:
        if key in ("host", "port") and ("," in value or (key == "host" and ":" in value)):
            return None  # several hosts, or a host's port in the same word: SQLAlchemy splits them, the full start does
        info[key] = value
    return info


def libpq_path() -> str | None:
    """The libpq that psycopg's binary wheel ships (next to it, or in a frozen app's folder), else the system's."""
    from importlib.util import find_spec

    folders: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders += [Path(frozen), Path(frozen) / "psycopg_binary.libs"]
    try:
        spec = find_spec("psycopg_binary")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        package = Path(list(spec.submodule_search_locations)[0])
        folders += [package.parent / "psycopg_binary.libs", package / ".dylibs", package]
    for folder in folders:
        found = sorted(glob.glob(str(folder / "libpq*.so*")) + glob.glob(str(folder / "libpq*.dylib"))
                       + glob.glob(str(folder / "libpq*.dll")))
        if found:
            return found[0]
    import ctypes.util

    return ctypes.util.find_library("pq") or ctypes.util.find_library("libpq")


def _libpq(path: str):
    import ctypes

    if sys.platform == "win32":  # the wheel's libpq finds its libssl and libcrypto beside it (psycopg_binary adds the folder)
        os.add_dll_directory(str(Path(path).parent))
    lib = ctypes.CDLL(path)  # (a CDLL lets the GIL go during each call: the screen's thread is not held up)
    lib.PQconnectdbParams.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
    lib.PQconnectdbParams.restype = ctypes.c_void_p
    lib.PQstatus.argtypes = [ctypes.c_void_p]
    lib.PQstatus.restype = ctypes.c_int
    lib.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.PQexec.restype = ctypes.c_void_p
    lib.PQresultStatus.argtypes = [ctypes.c_void_p]
    lib.PQresultStatus.restype = ctypes.c_int
    lib.PQntuples.argtypes = lib.PQnfields.argtypes = [ctypes.c_void_p]
    lib.PQntuples.restype = lib.PQnfields.restype = ctypes.c_int
    lib.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    lib.PQgetvalue.restype = ctypes.c_char_p
    lib.PQclear.argtypes = lib.PQfinish.argtypes = [ctypes.c_void_p]
    lib.PQclear.restype = lib.PQfinish.restype = None
    return lib


def _ask(conninfo: dict[str, str], timeout_s: int) -> tuple[str, ...] | None:
    """The one row of ``_LOOK`` as text, or ``None`` when libpq, the connection or the statement fails."""
    import ctypes

    path = libpq_path()
    if path is None:
        return None
    lib = _libpq(path)
    # Never a password prompt on a terminal, and no longer than the look may take.
    wanted = {**conninfo, "connect_timeout": str(timeout_s)}
    keys = [k.encode() for k in wanted] + [None]
    values = [v.encode() for v in wanted.values()] + [None]
    connection = lib.PQconnectdbParams((ctypes.c_char_p * len(keys))(*keys),
                                       (ctypes.c_char_p * len(values))(*values), 0)
    if not connection:
        return None
    try:
        if lib.PQstatus(connection) != _CONNECTION_OK:
            return None
        result = lib.PQexec(connection, _LOOK.encode())
        if not result:
            return None
        try:
            if lib.PQresultStatus(result) != _PGRES_TUPLES_OK or lib.PQntuples(result) != 1:
                return None
            return tuple((lib.PQgetvalue(result, 0, i) or b"").decode() for i in range(lib.PQnfields(result)))
        finally:
            lib.PQclear(result)
    finally:
        lib.PQfinish(connection)


def everyday_server(conninfo: dict[str, str], *, timeout_s: int = TIMEOUT_S) -> EverydayServer | None:
    """The server's store when it answers within ``timeout_s`` and is at ``SCHEMA_HEAD``, with nothing the full open
    refuses and someone who can sign in; ``None`` for anything else (the full start then opens it and says why)."""
    answer: list[tuple[str, ...] | None] = []

    def look() -> None:
        try:
            answer.append(_ask(conninfo, timeout_s))
        except Exception:  # noqa: BLE001 - only a look (no usable libpq here, say): the full start explains
            answer.append(None)

    # On a thread: a server gone quiet in the middle of an answer holds that thread, never the start.
    thread = threading.Thread(target=look, name="avrcase-server-look", daemon=True)
    thread.start()
    thread.join(timeout_s + 0.5)
    row = answer[0] if answer else None
    if row is None or len(row) != 4:
        return None
    revisions, foreign, anyone, demo = row
    if revisions != SCHEMA_HEAD or foreign != "0" or anyone != "t":
        return None  # a migration for IT, another tool's trigger or rule, or the first run: the full start
    return EverydayServer(demo=demo == "t")

