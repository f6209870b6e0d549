"""Every command-line argument is checked at the boundary (issue #21, item 8).

Each input the attack found answering "internal error", running without end or doing something unsafe
is one line ``avrcase: …``, exit 1 or 2, and changes nothing: the store's data stay as they were and no
output file is left. A hypothesis fuzz test then throws hostile values at the whole command surface.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.services.statistics import counts as statistics

ALL_DIMENSIONS = ",".join(statistics.DIMENSIONS)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def data_of(path: Path) -> str:
    """A digest of everything in the store but sign-in bookkeeping (sign-in entries, last sign-in times, a password hash renewed
    with stronger parameters at sign-in)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            if table == "users":
                rows = con.execute("SELECT id, username, display_name, role, active, password_hash IS NULL FROM users ORDER BY id")
            elif table == "audit_entries":
                rows = con.execute("SELECT seq, action, entity, details, at, username, entity_id, case_id, hash "
                                   "FROM audit_entries ORDER BY seq")
            else:
                # Sorted here, not by rowid: the search index's FTS5 shadow tables are WITHOUT ROWID.
                rows = sorted(con.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608 (table names from the store)
            rows = rows.fetchall() if isinstance(rows, sqlite3.Cursor) else rows
            got = [row for row in rows if not (table == "audit_entries" and _sign_in_bookkeeping(row))]
            digest.update(repr((table, got)).encode())
        return digest.hexdigest()
    finally:
        con.close()


SIGN_IN_COLUMNS = {"last_sign_in_at", "password_hash", "failed_attempts", "last_failed_at", "locked_until"}


def _sign_in_bookkeeping(row) -> bool:
    """An audit entry a successful sign-in writes: the sign-in, or an update of the account's sign-in columns."""
    entry = dict(zip(("seq", "action", "entity", "details"), row[:4], strict=True))
    if entry["action"] == "sign_in":
        return True
    if entry["entity"] == "users" and entry["action"] == "update":
        return set(json.loads(entry["details"] or "{}").get("fields", {})) <= SIGN_IN_COLUMNS
    return False


@pytest.fixture
def store(engine, actor_as, db_path, monkeypatch):
    """A store with an administrator; commands sign in as them."""
    actor_as(StaffRole.ADMINISTRATOR, "admin")
    actor_as(StaffRole.MANAGER, "manager")
    monkeypatch.setenv("AVRCASE_USER", "admin")
    return db_path


def assert_refused(code: int, out: str, err: str, *, codes=(1, 2)) -> None:
    assert code in codes, (code, err)
    assert err.startswith("avrcase: ") and err.count("\n") == 1, err
    assert "internal error" not in err, err
    assert out == ""


BAD = [
    ("--db", "foo://bar", "case", "list"),
    ("--db", "mysql://root:secret@localhost/avr", "case", "list"),
    ("stats", "--from", "0001-01-01", "--to", "9999-12-31", "--by", "sex", "--out", "OUT.csv"),
    ("stats", "--from", "2026-01-01", "--to", "2026-12-31", "--by", ALL_DIMENSIONS, "--out", "OUT.csv"),
    ("stats", "--eurostat", "--year", "0", "--out", "OUT.csv"),
    ("stats", "--eurostat", "--year", "-1", "--out", "OUT.csv"),
    ("stats", "--eurostat", "--year", "99999", "--out", "OUT.csv"),
    ("departures", "--from", "9999-12-31"),
    ("retention", "preview", "--years", "5000"),
    ("audit", "list", "--limit", str(10**30)),
    ("audit", "list", "--limit", "0"),
    ("audit", "list", "--limit", "-1"),
    ("manifest", "--date", "2026-12-02", "--flight", "X" * 120_000, "--out", "OUT.pdf"),
    ("demo", "--cases", "1000000000000"),
    ("case", "show", "2026-\udcff\udcfe"),
    ("case", "list", "--search", "\x1b]0;pwned\x07"),
    ("export-anonymised", "--from", "0001-01-01", "--to", "2026-01-01", "--out", "OUT.csv"),
    ("subject-access", "--case", "X", "--person", "0", "--out", "OUT.json"),
    ("stats", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "sex", "--min-cell", str(10**9), "--out", "OUT.csv"),
    ("office", "set", "--lang", "", "--organisation", "X"),  # set the office's main texts, as if no --lang
    ("stats", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "sex", "--format", "csv", "--out", "OUT.xlsx"),
    ("document", "case-summary", "--case", "X", "--lang", " ", "--out", "OUT.pdf"),
]


@pytest.mark.parametrize("argv", BAD, ids=lambda a: " ".join(a)[:60])
def test_bad_arguments_are_one_line_and_change_nothing(capsys, store, tmp_path, argv):
    before_bytes = store.read_bytes()
    out_file = tmp_path / "OUT"
    argv = tuple(a.replace("OUT", str(out_file)) if a.startswith("OUT") else a for a in argv)
    code, out, err = run(capsys, *argv, "--db", str(store)) if "--db" not in argv else run(capsys, *argv)
    assert_refused(code, out, err)
    assert store.read_bytes() == before_bytes  # refused before the store was opened or signed in to
    assert not list(tmp_path.glob("OUT*"))


def test_unsupported_database_urls_say_what_a_store_is_and_hide_the_password(capsys):
    code, _, err = run(capsys, "--db", "mysql://root:secret@localhost/avr", "case", "list")
    assert code == 1 and "PostgreSQL" in err and "secret" not in err


def test_non_utf8_and_control_characters_in_names_are_refused(capsys, store, monkeypatch):
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "a good long passphrase")
    for name in ("Bad\x1b[2JName", "Ring\x07", "Two\rLines", "Not \udcff UTF-8", "x" * 120_000):
        before = data_of(store)
        code, out, err = run(capsys, "user", "add", "newbie", "--name", name, "--role", "counsellor", "--db", str(store))
        assert_refused(code, out, err)
        assert data_of(store) == before


def test_a_display_name_with_control_characters_is_refused_by_the_service(engine, actor_as):
    from avrcase.domain.errors import ValidationError
    from avrcase.services.accounts import users
    from avrcase.services.uow import unit_of_work

    admin = actor_as(StaffRole.ADMINISTRATOR, "admin")
    for name in ("Bell\x07", "Esc\x1b[31m", "y" * 121):
        with pytest.raises(ValidationError), unit_of_work(engine) as session:
            users.add_user(session, admin, "someone", name, StaffRole.COUNSELLOR)


def test_person_names_with_control_characters_are_refused():
    import datetime as dt

    from avrcase.domain.validation import person_errors
    from tests.conftest import make_person

    errors = person_errors(make_person(given_names="Mo\x1b[31m"), dt.date(2026, 11, 2))
    assert "given_names" in errors


def test_an_empty_new_password_never_makes_an_account(capsys, store, monkeypatch):
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "")
    before = data_of(store)
    code, out, err = run(capsys, "user", "add", "nopass", "--name", "No Password", "--role", "counsellor",
                         "--db", str(store))
    assert_refused(code, out, err)
    assert "password" in err.lower()
    assert data_of(store) == before


def test_an_empty_password_is_refused_by_the_service(engine, actor_as):
    from avrcase.domain.errors import ValidationError
    from avrcase.services.accounts import accounts
    from avrcase.services.uow import unit_of_work

    admin = actor_as(StaffRole.ADMINISTRATOR, "admin")
    with pytest.raises(ValidationError), unit_of_work(engine) as session:
        accounts.add_account(session, admin, "nopass", "No Password", StaffRole.COUNSELLOR, "")


def test_a_non_utf8_password_is_one_line(capsys, store, monkeypatch):
    monkeypatch.setenv("AVRCASE_PASSWORD", "pass\udcffword")
    code, out, err = run(capsys, "case", "list", "--db", str(store))
    assert_refused(code, out, err)


def test_audit_list_limit_must_be_positive(capsys, store):
    for limit in ("0", "-1", "abc"):
        code, out, err = run(capsys, "audit", "list", "--limit", limit, "--db", str(store))
        assert_refused(code, out, err, codes=(2,))
        assert "--limit" in err


# ---------------------------------------------------------------- fuzz

HOSTILE = st.one_of(
    st.text(max_size=24),
    st.sampled_from(["", "0", "-1", "-0", "1e9", str(10**30), "0001-01-01", "9999-12-31", "2026-02-30", "99999",
                     "\x1b[31m", "\x07", "a\rb", "a\nb", "\udcff\udcfe", "X" * 5000, "=1+1", "＝1+1", "..",
                     ALL_DIMENSIONS, "sex,sex", "/", "%s%s%n", "' OR 1=1 --", "NaN", "inf"]),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)

TEMPLATES = [
    ("case", "list", "--limit", "V", "--search", "V"),
    ("case", "list", "--status", "V"),
    ("case", "show", "V"),
    ("audit", "list", "--limit", "V"),
    ("audit", "list", "--from", "V", "--to", "V", "--case", "V"),
    ("stats", "--from", "V", "--to", "V", "--by", "V", "--out", "OUT.csv"),
    ("stats", "--eurostat", "--year", "V", "--out", "OUT.csv"),
    ("stats", "--from", "2026-01-01", "--to", "2026-12-31", "--by", "sex", "--min-cell", "V", "--out", "OUT.xlsx"),
    ("export-anonymised", "--from", "V", "--to", "V", "--k", "V", "--out", "OUT.csv"),
    ("departures", "--from", "V", "--to", "V"),
    ("retention", "preview", "--years", "V"),
    ("retention", "run", "--years", "V"),
    ("retention", "set-years", "V"),
    ("manifest", "--date", "V", "--flight", "V", "--out", "OUT.pdf"),
    ("document", "V", "--case", "V", "--out", "OUT.pdf"),
    ("document", "case-summary", "--case", "V", "--lang", "V", "--out", "OUT.pdf"),
    ("subject-access", "--case", "V", "--person", "V", "--out", "OUT.json"),
    ("demo", "--cases", "V", "--seed", "V"),
    ("user", "add", "V", "--name", "V", "--role", "counsellor"),
    ("user", "deactivate", "V"),
    ("user", "reset-password", "V"),
    ("budget", "--project", "V"),
    ("V",),
    ("case", "V"),
]


def test_fuzzed_arguments_over_the_whole_cli(capsys, store, tmp_path, monkeypatch):
    """Hostile values in every slot of every command: exit 1 or 2 with one ``avrcase:`` line, or (for a value
    that happens to be valid, like ``--limit 7``) exit 0 with nothing changed; never an internal error, a
    changed store or an output file left behind by a refused command."""
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "")  # user add / reset-password: never without a password
    monkeypatch.setenv("AVRCASE_USER", "manager")  # retention run needs --yes; set-years needs an administrator
    before = data_of(store)
    out_file = tmp_path / "OUT"
    seen = {"refused": 0, "ok": 0}

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(template=st.sampled_from(TEMPLATES), values=st.lists(HOSTILE, min_size=6, max_size=6))
    def check(template, values):
        slots = iter(values)
        argv = [next(slots) if a == "V" else a.replace("OUT", str(out_file)) if a.startswith("OUT") else a
                for a in template]
        for leftover in out_file.parent.glob("OUT*"):
            leftover.unlink()
        code = main([*argv, "--db", str(store)])
        out, err = capsys.readouterr()
        assert "internal error" not in err, (argv, err)
        assert "Traceback" not in err
        if code == 0:
            seen["ok"] += 1
        else:
            seen["refused"] += 1
            assert code in (1, 2), (argv, code, err)
            lines = err.splitlines()
            assert len(lines) == 1 and lines[0].startswith("avrcase: "), (argv, err)
            assert not list(out_file.parent.glob("OUT*")), argv
        assert data_of(store) == before, argv

    check()
    assert seen["refused"] > 100


@pytest.mark.parametrize(("name", "value"), [("m", 0), ("m", 2**40), ("t", 0), ("t", 2**31), ("p", 0),
                                             ("p", 2**24), ("m", "19456"), ("salt", "AAAA")])
def test_a_tampered_key_slot_is_a_clear_error_not_a_crash(name, value):
    from avrcase.domain.errors import StoreError
    from avrcase.store.encryption import StoreKey, unwrap, wrap

    key = StoreKey.generate()
    record = wrap(key, "user:admin", "a good long passphrase")
    assert unwrap(record, "user:admin", "a good long passphrase") == key
    record[name] = value
    with pytest.raises(StoreError, match="damaged"):
        unwrap(record, "user:admin", "a good long passphrase")
