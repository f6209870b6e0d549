"""``avrcase user …``, ``avrcase audit …`` and the sign-in every command does."""

import sqlite3

import pytest
from sqlalchemy import update

from avrcase.cli.main import main
from avrcase.domain.codes import StaffRole
from avrcase.store.models import AuditEntry

ADMIN_PASSWORD = "office safe passphrase"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def own_password(db_path, username: str) -> None:
    """As if ``username`` had changed the password an administrator set (``avrcase user password``), which the
    command line asks for before it runs anything else."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE users SET must_change_password = 0 WHERE username = ?", (username,))
    connection.close()


@pytest.fixture
def store(db_path, capsys, monkeypatch):
    """A fresh store whose first administrator was made on the command line."""
    monkeypatch.delenv("AVRCASE_USER", raising=False)
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", ADMIN_PASSWORD)
    code, out, err = run(capsys, "user", "add", "aiste", "--name", "Aistė Admin", "--role", "administrator",
                         "--db", str(db_path))
    assert code == 0, err
    monkeypatch.setenv("AVRCASE_PASSWORD", ADMIN_PASSWORD)
    return str(db_path)


def test_first_account_must_be_the_administrator(capsys, db_path, monkeypatch):
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", ADMIN_PASSWORD)
    code, _, err = run(capsys, "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", str(db_path))
    assert code == 1 and "administrator" in err and err.count("\n") == 1


def test_administrator_adds_lists_resets_and_deactivates(capsys, store, monkeypatch):
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "first given passphrase")
    code, out, err = run(capsys, "--user", "aiste", "user", "add", "ruta", "--name", "Rūta Counsellor",
                         "--role", "counsellor", "--db", store)
    assert code == 0, err
    code, out, _ = run(capsys, "user", "list", "--db", store, "--user", "aiste")
    assert code == 0 and "ruta" in out and "Counsellor" in out and "aiste" in out
    # The new counsellor signs in with the given password, changes it, and can list cases.
    monkeypatch.setenv("AVRCASE_PASSWORD", "first given passphrase")
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "amber window orchard 17")
    assert run(capsys, "user", "password", "--db", store, "--user", "ruta")[0] == 0
    monkeypatch.setenv("AVRCASE_PASSWORD", "amber window orchard 17")
    code, out, err = run(capsys, "case", "list", "--db", store, "--user", "ruta")
    assert code == 0 and "0 cases" in out and err == ""
    monkeypatch.setenv("AVRCASE_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "second given passphrase")
    assert run(capsys, "user", "reset-password", "ruta", "--db", store, "--user", "aiste")[0] == 0
    assert run(capsys, "user", "deactivate", "ruta", "--db", store, "--user", "aiste")[0] == 0
    code, out, _ = run(capsys, "user", "list", "--all", "--db", store, "--user", "aiste")
    assert "deactivated" in out
    monkeypatch.setenv("AVRCASE_PASSWORD", "second given passphrase")
    code, _, err = run(capsys, "case", "list", "--db", store, "--user", "ruta")
    assert code == 1 and err == "avrcase: The user name or password is wrong.\n"


def test_wrong_password_is_one_line_and_exit_1(capsys, store, monkeypatch):
    monkeypatch.setenv("AVRCASE_PASSWORD", "not the password")
    code, out, err = run(capsys, "user", "list", "--db", store, "--user", "aiste")
    assert (code, out, err) == (1, "", "avrcase: The user name or password is wrong.\n")
    monkeypatch.delenv("AVRCASE_PASSWORD")
    code, _, err = run(capsys, "user", "list", "--db", store, "--user", "aiste")  # no terminal to ask in
    assert code == 1 and "AVRCASE_PASSWORD" in err


def test_weak_new_password_is_refused(capsys, store, monkeypatch):
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "password1234")
    code, _, err = run(capsys, "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", store,
                       "--user", "aiste")
    assert code == 1 and "too common" in err


def test_a_new_password_missing_without_a_terminal_names_its_own_variable(capsys, store, monkeypatch):
    """It said "set AVRCASE_PASSWORD", the signing-in password, which was set already."""
    import io

    monkeypatch.delenv("AVRCASE_NEW_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", store,
                       "--user", "aiste")
    assert code == 1 and err == "avrcase: No password given: set AVRCASE_NEW_PASSWORD or run the command in a terminal.\n"


def test_a_counsellor_may_not_add_users_or_read_the_trail(capsys, db_path, engine, actor, monkeypatch):
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "sneaky admin passphrase")
    code, _, err = run(capsys, "user", "add", "eve", "--name", "Eve", "--role", "administrator",
                       "--db", str(db_path), "--user", actor.username)
    assert code == 1 and "does not allow you to manage user accounts" in err
    code, _, err = run(capsys, "audit", "verify", "--db", str(db_path), "--user", actor.username)
    assert code == 1 and "audit trail" in err


def test_audit_list_and_verify(capsys, db_path, engine, actor, actor_as, make_case, monkeypatch):
    case = make_case()
    monkeypatch.setenv("AVRCASE_USER", actor.username)
    assert run(capsys, "case", "show", case.case_number, "--db", str(db_path))[0] == 0
    manager = actor_as(StaffRole.MANAGER)
    monkeypatch.setenv("AVRCASE_USER", manager.username)
    code, out, err = run(capsys, "audit", "list", "--case", case.case_number, "--user", actor.username,
                         "--db", str(db_path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines and all(f"\t{actor.username}\t" in line for line in lines)
    assert any("\tcase_opened\t" in line for line in lines) and any("\tcreate\t" in line for line in lines)
    code, out, err = run(capsys, "audit", "list", "--from", "2026-12-31", "--to", "2026-01-01", "--db", str(db_path))
    assert (code, out, err) == (1, "", "avrcase: The period ends before it begins.\n")  # was: nothing, exit 0
    code, out, err = run(capsys, "audit", "list", "--case", "VNO-2099-99999", "--db", str(db_path))
    assert (code, out, err) == (1, "", "avrcase: There is no case VNO-2099-99999.\n")  # was: nothing, exit 0
    code, out, _ = run(capsys, "audit", "verify", "--db", str(db_path))
    assert code == 0 and "intact" in out
    last_hash = out.split("hash is ")[1].split()[0].rstrip(".")
    assert len(last_hash) == 64 and last_hash != "0" * 64

    with engine.begin() as connection:
        connection.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(action="create"))
    code, out, err = run(capsys, "audit", "verify", "--db", str(db_path))
    assert code == 1 and err.startswith("avrcase: the audit trail is broken: entry 3") and err.count("\n") == 1


def test_an_audit_entry_deleted_by_hand_is_one_line_and_exit_1(capsys, db_path, engine, actor, actor_as, monkeypatch):
    """Deleting the first entry read "entry 2 follows entry 0: entries in between were removed"."""
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
    for where, said in (("seq = 2", "entry 3 follows entry 1: entries in between were removed"),
                        ("seq = 1", "entry 3 comes first: the entries before it were removed")):
        with sqlite3.connect(db_path) as connection:
            connection.execute(f"DELETE FROM audit_entries WHERE {where}")
        connection.close()
        code, out, err = run(capsys, "audit", "verify", "--db", str(db_path))
        assert (code, out, err) == (1, "", f"avrcase: the audit trail is broken: {said}\n")


def test_audit_key_show_export_import_and_a_foreign_file(capsys, store, monkeypatch, tmp_path):
    monkeypatch.setenv("AVRCASE_USER", "aiste")
    code, out, err = run(capsys, "audit", "key", "show", "--db", store)
    assert code == 0, err
    sealing = out.split("Sealing key: ")[1].split()[0]
    assert len(sealing) == 16 and "audit-keys.json" in out
    code, out, err = run(capsys, "audit", "key", "export", "--out", str(tmp_path / "office.key"), "--db", store)
    assert code == 0 and f"Audit key {sealing} written" in out, err
    code, out, err = run(capsys, "audit", "key", "export", "--out", str(tmp_path / "office.key"), "--db", store)
    assert code == 1 and err.startswith("avrcase: ") and "exists already" in err and err.count("\n") == 1
    nowhere = tmp_path / "no-such-folder" / "office.key"  # the secret key went into a folder the command made
    code, out, err = run(capsys, "audit", "key", "export", "--out", str(nowhere), "--db", store)
    assert code == 1 and "does not exist" in err and not nowhere.parent.exists()
    (tmp_path / "foreign.txt").write_text("name,given\nA,B\n")
    code, out, err = run(capsys, "audit", "key", "import", str(tmp_path / "foreign.txt"), "--db", store)
    assert code == 1 and "not an audit key" in err and err.count("\n") == 1
    monkeypatch.setenv("AVRCASE_AUDIT_KEY_FILE", str(tmp_path / "second-computer" / "audit-keys.json"))
    code, out, err = run(capsys, "audit", "key", "import", str(tmp_path / "office.key"), "--seal", "--db", store)
    assert code == 0 and f"Audit key {sealing} imported; this computer seals with it" in out, err
    code, out, err = run(capsys, "audit", "verify", "--db", store)
    assert code == 0 and "Proved with this computer's audit key" in out and "Not checked here" not in out, out


def test_a_person_changes_their_own_password_on_the_command_line(capsys, store, monkeypatch):
    """There was no command for it: a password an administrator set could only be changed in the app."""
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "first given passphrase")
    assert run(capsys, "user", "add", "ruta", "--name", "Rūta Counsellor", "--role", "counsellor", "--db", store,
               "--user", "aiste")[0] == 0
    monkeypatch.setenv("AVRCASE_PASSWORD", "first given passphrase")
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "first given passphrase")
    code, _, err = run(capsys, "user", "password", "--db", store, "--user", "ruta")
    assert code == 1 and err.endswith("The new password must differ from the current one.\n")
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "silver harbour lantern 42")
    code, out, err = run(capsys, "user", "password", "--db", store, "--user", "ruta")
    assert code == 0 and "Your password is changed" in out and err == ""
    code, out, err = run(capsys, "case", "list", "--db", store, "--user", "ruta")  # the old one opens nothing
    assert code == 1 and err == "avrcase: The user name or password is wrong.\n"
    monkeypatch.setenv("AVRCASE_PASSWORD", "silver harbour lantern 42")
    code, out, err = run(capsys, "case", "list", "--db", store, "--user", "ruta")
    assert code == 0 and "0 cases" in out and err == ""  # no longer asked to change it


def test_a_password_an_administrator_set_refuses_every_command_but_changing_it(capsys, store, db_path, monkeypatch):
    """The command line only reminded (on stderr) a person whose password an administrator set, and ran the command:
    a script kept working on a password someone else knew. Now it is refused as the app refuses it, in one line, and
    the trail has the refused sign-in (as a failed one), not a sign-in."""
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "first given passphrase")
    assert run(capsys, "user", "add", "ruta", "--name", "Rūta Counsellor", "--role", "counsellor", "--db", store,
               "--user", "aiste")[0] == 0
    monkeypatch.setenv("AVRCASE_PASSWORD", "first given passphrase")

    def trail() -> list[tuple]:
        with sqlite3.connect(db_path) as connection:
            rows = connection.execute("SELECT seq, action, user_id, entity, entity_id FROM audit_entries "
                                      "ORDER BY seq").fetchall()
        connection.close()
        return rows

    with sqlite3.connect(db_path) as connection:
        ruta = connection.execute("SELECT id FROM users WHERE username = 'ruta'").fetchone()[0]
    connection.close()
    refusal = ("avrcase: Your password was set by an administrator: change it first with “avrcase user password” "
               "(or in the app); nothing else was done.\n")
    for argv in (("case", "list"), ("case", "patronymic", "VNO-2026-00001", "Ivanovich"),
                 ("export", "all", "--out", str(db_path.parent / "everything"))):
        before = trail()
        code, out, err = run(capsys, *argv, "--db", store, "--user", "ruta")
        assert (code, out, err) == (1, "", refusal), argv
        after = trail()
        assert [row[1:] for row in after[len(before):]] == [("sign_in_failed", None, "users", ruta)]
    assert not (db_path.parent / "everything").exists()
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "silver harbour lantern 42")
    code, out, err = run(capsys, "user", "password", "--db", store, "--user", "ruta")
    assert code == 0 and "Your password is changed" in out and err == ""
    monkeypatch.setenv("AVRCASE_PASSWORD", "silver harbour lantern 42")
    code, out, err = run(capsys, "case", "list", "--db", store, "--user", "ruta")
    assert code == 0 and "0 cases" in out and err == ""
    monkeypatch.setenv("AVRCASE_PASSWORD", ADMIN_PASSWORD)
    assert run(capsys, "audit", "verify", "--db", store, "--user", "aiste")[0] == 0


def test_an_emptied_audit_trail_fails_verify_though_its_sign_in_wrote_new_entries_first(capsys, store, db_path):
    import sqlite3

    assert run(capsys, "audit", "verify", "--db", store, "--user", "aiste")[0] == 0
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM audit_entries")
    connection.close()
    code, out, err = run(capsys, "audit", "verify", "--db", store, "--user", "aiste")
    assert code == 1 and err.count("\n") == 1, (out, err)
    assert err.startswith("avrcase: the audit trail is broken: it is not the one this computer sealed up to entry ")
    assert "emptied or replaced" in err and "avrcase audit key accept-restore" in err
    assert run(capsys, "audit", "key", "accept-restore", "--db", store, "--user", "aiste")[0] == 0
    code, out, err = run(capsys, "audit", "verify", "--db", store, "--user", "aiste")
    assert code == 0 and "Proved: entry" in out, err


def test_audit_list_of_a_case_shows_a_member_joining_and_leaving_the_household(capsys, db_path, engine, actor, actor_as,
                                                                                make_case, monkeypatch):
    """Removing a member wrote the person's delete entry but no ``case_members`` one: the trail of the case did
    not say that the member left the household."""
    from dataclasses import replace

    from avrcase.services.cases import register as cases
    from avrcase.services.cases.case_file import get_case
    from avrcase.services.uow import unit_of_work
    from tests.conftest import make_case_form

    case = make_case(members=2)
    with unit_of_work(engine, actor=actor) as session:
        detail = get_case(session, actor, case.id)
    form = make_case_form(members=2)
    staying = replace(form.members[0], person_id=detail.members[1].person.id)
    with unit_of_work(engine, actor=actor) as session:
        cases.update_case(session, actor, case.id, case.version, replace(form, members=(staying,)))
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
    code, out, err = run(capsys, "audit", "list", "--case", case.case_number, "--db", str(db_path))
    assert code == 0, err
    membership = [line.split("\t")[3] for line in out.splitlines() if "\tcase_members" in line]
    assert membership.count("create") == 3 and membership.count("delete") == 1, out  # the principal is a member too
    code, out, _ = run(capsys, "audit", "verify", "--db", str(db_path))
    assert code == 0 and "intact" in out


def test_audit_key_show_lists_the_keys_this_computer_lost(capsys, store, monkeypatch, tmp_path):
    """``audit verify`` warned about a key lost with its file, ``audit key show`` did not list it."""
    keys = tmp_path / "desk-1" / "audit-keys.json"
    monkeypatch.setenv("AVRCASE_AUDIT_KEY_FILE", str(keys))
    monkeypatch.setenv("AVRCASE_USER", "aiste")
    monkeypatch.setenv("AVRCASE_NEW_PASSWORD", "first given passphrase")
    code, out, err = run(capsys, "user", "add", "ruta", "--name", "Rūta", "--role", "counsellor", "--db", store)
    assert code == 0, err  # a change is sealed: the key is made
    code, out, err = run(capsys, "audit", "key", "show", "--db", store)
    old = out.split("Sealing key: ")[1].split()[0]
    assert code == 0 and len(old) == 16 and "Lost key" not in out, err
    keys.unlink()
    code, out, err = run(capsys, "user", "add", "jonas", "--name", "Jonas", "--role", "travel_officer", "--db", store)
    assert code == 0, err  # a new key is made
    code, out, err = run(capsys, "audit", "key", "show", "--db", store)
    assert code == 0, err
    new = out.split("Sealing key: ")[1].split()[0]
    assert new != old and f"Lost key (held here before, no longer in the file; its seals cannot be checked): {old}" in out
    assert "avrcase audit key import" in out
    code, verified, _ = run(capsys, "audit", "verify", "--db", store)
    assert code == 0 and f"({old})" in verified and "Warning:" in verified


def test_audit_list_keeps_each_entry_on_one_line_of_seven_cells(capsys, db_path, make_case, actor_as, monkeypatch):
    """A note or an address with a line break or a tab (the demo office's address) split its entry over several
    lines and cells of the tab-separated listing, so a script reading it took a line of the address for an entry."""
    case = make_case(notes="Arrived by bus.\nSpeaks Georgian\tand Russian \\ some English.")
    monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
    code, out, err = run(capsys, "audit", "list", "--case", case.case_number, "--db", str(db_path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines and all(len(line.split("\t")) == 7 and line.split("\t")[0].isdigit() for line in lines), out
    assert any("Arrived by bus.\\nSpeaks Georgian\\tand Russian \\\\ some English." in line for line in lines), out


def test_audit_list_reads_and_prints_the_offices_days_whatever_zone_the_computer_is_in(capsys, db_path, clock,
                                                                                      make_case, actor_as,
                                                                                      monkeypatch):
    """A case registered at 00:30 on 5 December in Vilnius (22:30 UTC the day before) was printed in the
    computer's zone and missing from ``--from 2026-12-05``, whose day began at midnight UTC."""
    import datetime as dt
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"  # the computer's zone (Windows ignores it: the office's is asked)
    if hasattr(time, "tzset"):
        time.tzset()
    try:
        clock.set(dt.datetime(2026, 12, 4, 22, 30, tzinfo=dt.timezone.utc))
        case = make_case()
        monkeypatch.setenv("AVRCASE_USER", actor_as(StaffRole.MANAGER).username)
        code, out, err = run(capsys, "audit", "list", "--case", case.case_number, "--from", "2026-12-05",
                             "--to", "2026-12-05", "--db", str(db_path))
        assert code == 0 and out, err
        assert all(line.split("\t")[1] == "2026-12-05 00:30:00" for line in out.splitlines()), out
        code, out, err = run(capsys, "audit", "list", "--case", case.case_number, "--to", "2026-12-04",
                             "--db", str(db_path))
        assert (code, out) == (0, ""), err
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        if hasattr(time, "tzset"):
            time.tzset()
