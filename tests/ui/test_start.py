"""The desktop app's start (#14): on the everyday store the sign-in screen shows before SQLAlchemy and the main
window's modules load, and they load behind it; any other start is the command line's, as before.

The whole start runs in fresh interpreters (``python -m avrcase``'s own ``main``), driven through its windows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import select

from avrcase import start
from avrcase.domain.codes import StaffRole
from avrcase.services import server_profiles
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.conftest import TEST_PASSWORD

#: Runs ``avrcase --db STORE`` as the console script does, then does what a person does in its windows:
#: each step of ``steps`` once the sign-in screen is up; prints what it saw as JSON lines.
DRIVER = r"""
import json, os, sys
store, steps = sys.argv[1], json.loads(sys.argv[2])
if os.environ.get("BREAK_THE_OPEN"):
    import avrcase.store.schema as schema
    from avrcase.domain.errors import StoreError
    def refuse(url, **kwargs):
        raise StoreError("The store is locked by another program.")
    schema.open_store = refuse
sys.argv = ["avrcase", "--db", store]
import avrcase.__main__ as entry
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

app = QApplication(sys.argv)
seen = {}

def say(**what):
    print(json.dumps(what), flush=True)

def poll():
    for w in app.topLevelWidgets():
        kind = type(w).__name__
        if not w.isVisible():
            continue
        if kind == "SignInDialog" and "dialog" not in seen:
            seen["dialog"] = w
            say(dialog=w.windowTitle(), sqlalchemy="sqlalchemy.orm" in sys.modules and "early",
                username=w.username.text(), demo=hasattr(w, "demo_label"))
            for step in steps:
                if step == "cancel":
                    w.reject()
                    return
                w.username.setText(step[0])
                w.password.setText(step[1])
                w.sign_in_button.click()
                say(message=w.message.message if hasattr(w.message, "message") else "", visible=w.isVisible())
        if kind == "ChangePasswordDialog" and "changed" not in seen and os.environ.get("NEW_PASSWORD"):
            seen["changed"] = True
            say(change=w.windowTitle())
            w.current.setText(steps[-1][1])
            w.new.setText(os.environ["NEW_PASSWORD"])
            w.again.setText(os.environ["NEW_PASSWORD"])
            w.save_button.click()
        if isinstance(w, QMessageBox):
            say(box=w.windowTitle(), text=w.text())
            w.accept()
        if kind == "MainWindow" and w.case_list.model.rowCount() > 0:
            from avrcase.ui.script_fonts import install_script_fonts
            from avrcase.ui.widgets.date_edit import locale_date_format
            say(main_window=w.windowTitle(), rows=w.case_list.model.rowCount(), user=w.user_label.full_text(),
                date_format=locale_date_format(), script_fonts=install_script_fonts.cache_info().currsize)
            QTimer.singleShot(0, w.close)
            return
    QTimer.singleShot(10, poll)

QTimer.singleShot(0, poll)
try:
    entry.main()
except SystemExit as exc:
    say(exit=exc.code)
"""


def _launch(store, steps, **env) -> list[dict]:
    done = subprocess.run([sys.executable, "-c", DRIVER, str(store), json.dumps(steps)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})
    seen = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert seen, done.stderr
    return seen


@pytest.fixture
def everyday_store(engine, db_path, actor, make_case):
    """A store at this schema with a counsellor who can sign in and one case, closed as at the end of a day."""
    make_case()
    engine.dispose()
    return db_path


def _actions(engine):
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_a_wrong_password_then_the_right_one_opens_the_main_window_with_the_cases(everyday_store, engine, actor):
    seen = _launch(everyday_store, [[actor.username, "not my password"], [actor.username, TEST_PASSWORD]])
    assert seen[0]["dialog"] == "Sign in to avrcase" and not seen[0]["demo"]
    assert seen[1] == {"message": "The user name or password is wrong.", "visible": True}
    assert seen[2]["visible"] is False
    window = next(s for s in seen if "main_window" in s)
    assert window["rows"] == 1 and "Rūta Counsellor" in window["user"]
    assert window["date_format"] == "dd/MM/yyyy"  # a Vilnius office, though this computer says US English
    assert window["script_fonts"] == 1  # lent to Qt behind the sign-in screen, or after Sign in at the latest
    assert seen[-1] == {"exit": 0}
    done = _actions(engine)
    assert done.count("sign_in_failed") == 1 and done.count("sign_in") == 1


def test_cancelling_the_sign_in_ends_the_app_and_leaves_the_store_closed(everyday_store, engine, actor):
    before = everyday_store.read_bytes()
    seen = _launch(everyday_store, ["cancel"])
    assert "dialog" in seen[0] and seen[-1] == {"exit": 1}
    assert not any("main_window" in s for s in seen)
    assert not everyday_store.with_name(everyday_store.name + "-wal").exists()
    assert everyday_store.read_bytes() == before


def test_a_store_that_cannot_open_behind_the_screen_is_explained_and_nobody_is_signed_in(everyday_store, engine,
                                                                                        actor):
    seen = _launch(everyday_store, [[actor.username, TEST_PASSWORD]], BREAK_THE_OPEN="1")
    box = next(s for s in seen if "box" in s)
    assert box == {"box": "avrcase cannot open the store", "text": "The store is locked by another program."}
    assert seen[-1] == {"exit": 1} and not any("main_window" in s for s in seen)
    assert "sign_in" not in _actions(engine)


def test_a_password_set_by_an_administrator_is_changed_before_the_main_window(everyday_store, engine, actor):
    from avrcase.services.accounts import accounts
    from avrcase.services.permissions import SYSTEM
    from avrcase.store.models import User

    with unit_of_work(engine) as session:
        accounts.reset_password(session, SYSTEM, actor.id, "first given passphrase")
    engine.dispose()
    seen = _launch(everyday_store, [[actor.username, "first given passphrase"]], NEW_PASSWORD="my very own passphrase")
    assert {"change": "Change your password"} in seen and any("main_window" in s for s in seen)
    assert seen[-1] == {"exit": 0}
    with unit_of_work(engine, write=False) as session:
        user = session.get(User, actor.id)
        assert user.must_change_password is False
        assert accounts.password_matches(user.password_hash, "my very own passphrase")


def test_a_store_that_is_not_everyday_starts_as_before(engine, db_path, tmp_path):
    """The first run (nobody can sign in yet): the full open and the first-run dialog, not the quick screen."""
    engine.dispose()
    assert start.desktop_store(["--db", str(db_path)]) == f"sqlite:///{db_path}"
    assert start.sign_in_at_once(["--db", str(db_path)], load=lambda: None) is None


def test_the_sign_in_screen_and_what_it_imports_need_no_sqlalchemy(everyday_store):
    """What shows the screen is imported, the store looked at and the screen built: nothing of SQLAlchemy yet,
    nor the services' data classes (about 20 ms of the screen's start), nor the script fonts lent to Qt (15–20 ms,
    done behind the screen)."""
    code = f"""
import sys
import threading
import avrcase.start as start
from avrcase.store import probe
from avrcase.ui.dialogs.sign_in_dialog import SignInDialog
from PySide6.QtWidgets import QApplication
app = QApplication([])
start.prepare_application(app)
assert probe.everyday_store({f"sqlite:///{everyday_store}"!r}) is not None
SignInDialog(None, demo=True, username="ruta").show()
print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "reportlab")
             or m in ("avrcase.services.dto", "avrcase.ui.script_fonts")))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("argv", "wanted"), [
    ([], "default"), (["gui"], "default"), (["--db", "STORE"], "store"), (["--db=STORE"], "store"),
    (["--db", "STORE", "gui"], "store"), (["gui", "--db", "STORE"], "store"),
    (["--db", "sqlite:///STORE"], "store"),
    (["--db", "sqlite:///STORE?mode=ro"], None), (["--db", "postgresql+psycopg://u@host/office"], "server"),
    (["--db=postgresql+psycopg://u@host/office", "gui"], "server"), (["--db", "postgresql://u@host/office"], None),
    (["--profile", "office"], None), (["--version"], None), (["--db", "STORE", "case", "list"], None),
    (["db", "upgrade"], None), (["--db"], None), (["--profile"], None), (["--profile="], None),
    (["--db", "STORE", "--profile", "office"], None),
])
def test_only_a_plain_desktop_launch_on_a_sqlite_file_or_a_server_takes_the_quick_start(argv, wanted, tmp_path,
                                                                                       monkeypatch):
    store = tmp_path / "office store.sqlite"
    monkeypatch.delenv("AVRCASE_DB", raising=False)
    words = [w.replace("STORE", str(store)) for w in argv]
    found = start.desktop_store(words)
    if wanted == "server":
        assert isinstance(found, start.ServerStore)
        assert found.conninfo == {"user": "u", "host": "host", "dbname": "office"}
        assert found.url() == "postgresql+psycopg://u@host/office"
        return
    expected = {"default": f"sqlite:///{start.probe.default_store_path()}", "store": f"sqlite:///{store}",
                None: None}[wanted]  # (``--profile office``: no such server is remembered here)
    assert found == expected


def test_a_remembered_office_server_or_avrcase_db_decides_the_store_of_a_bare_launch(tmp_path, monkeypatch):
    store = tmp_path / "from the environment.sqlite"
    monkeypatch.setenv("AVRCASE_DB", str(store))
    assert start.desktop_store([]) == f"sqlite:///{store}"
    monkeypatch.setenv("AVRCASE_DB", "postgresql+psycopg://u@host/office")
    assert isinstance(start.desktop_store([]), start.ServerStore)
    monkeypatch.delenv("AVRCASE_DB")
    monkeypatch.setattr(server_profiles, "keyring_available", lambda: False)
    monkeypatch.delenv(server_profiles.ENV_DB_PASSWORD, raising=False)
    profile = server_profiles.save(server_profiles.ServerProfile("office", "db.office.local", user="rūta"),
                                   make_current=True)
    assert start.desktop_store([]) is None  # no password at hand: the full start asks for it
    assert start.desktop_store(["--profile", "office"]) is None
    monkeypatch.setenv(server_profiles.ENV_DB_PASSWORD, "s3cret:/@")
    for words in ([], ["--profile", "office"], ["gui", "--profile=office"]):
        found = start.desktop_store(words)
        assert isinstance(found, start.ServerStore)
        assert found.conninfo == profile.conninfo("s3cret:/@") and found.url() == profile.url("s3cret:/@")


def test_the_roles_home_page_opens_after_the_quick_sign_in(everyday_store, actor_as, engine):
    manager = actor_as(StaffRole.MANAGER)
    engine.dispose()
    seen = _launch(everyday_store, [[manager.username, TEST_PASSWORD]])
    assert any(s.get("main_window") for s in seen) and seen[-1] == {"exit": 0}


def test_a_command_passes_the_quick_start_without_loading_qt(tmp_path):
    """``avrcase case list`` (any command) goes through ``python -m avrcase``'s main: the quick start's look at
    the words costs a command nothing (no Qt, no look at the store)."""
    code = ("import sys; sys.argv = ['avrcase', '--version']\n"
            "import avrcase.__main__ as entry\n"
            "try:\n    entry.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('PySide6', 'shiboken6') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_loading_thread_warms_up_the_first_window_after_the_store_opened(engine, db_path, caplog):
    """``warm`` runs on the loading thread once the store is open, before the sign-in may go on; a failure there
    is logged and changes nothing; a store that cannot open is not warmed for."""
    engine.dispose()
    url = f"sqlite:///{db_path}"
    seen: list[str] = []

    def warm() -> None:
        seen.append(threading.current_thread().name)
        assert loading.engine is not None  # the store is open
        raise RuntimeError("a head start only")

    loading = start.StoreLoading(url, load=lambda: None, warm=warm)
    loading.start()
    loading._thread.join(10)  # noqa: SLF001 - the person is still typing
    ops = loading.ops()
    assert seen == ["avrcase-loading"] and ops.engine is loading.engine
    assert "warming up the first window failed" in caplog.text
    loading.close()

    refused = start.StoreLoading(str(db_path.with_name("missing") / "x.sqlite"), load=lambda: None,
                                 warm=lambda: seen.append("warmed anyway"))
    refused.start()
    refused._thread.join(10)  # noqa: SLF001
    with pytest.raises(Exception):  # noqa: B017 - the store's own error, shown by the sign-in screen
        refused.ops()
    assert seen == ["avrcase-loading"]


WARMED = r"""
import enum, json, sys
made = []
create = enum.EnumType._create_
def counted(cls, name, names, **kwargs):
    made.append(name)
    return create(cls, name, names, **kwargs)
enum.EnumType._create_ = counted
if sys.argv[1] == "warm":
    import threading
    from avrcase.app import warm_up_behind_sign_in
    thread = threading.Thread(target=warm_up_behind_sign_in)
    thread.start(); thread.join()
from PySide6.QtWidgets import QApplication
from avrcase.ui.widgets.combos import CountryCombo
from avrcase.ui.widgets.wheel_guard import install_wheel_guard
app = QApplication([])
before = len(made)
install_wheel_guard(app)
CountryCombo().show()
app.processEvents()
print(json.dumps({"made": len(made) - before}))
"""


def test_the_warm_up_does_the_windows_one_time_work_ahead(tmp_path):
    """PySide6 makes its wrapper types (and their enums) all at once the first time an unwrapped Qt object
    reaches Python: behind the sign-in screen, not after Sign in."""
    def made(mode: str) -> int:
        done = subprocess.run([sys.executable, "-c", WARMED, mode], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        return json.loads(done.stdout.splitlines()[-1])["made"]

    assert made("cold") > 50
    assert made("warm") < 5


def test_a_sign_in_before_the_store_opened_skips_the_warm_up(engine, db_path):
    """The head start is for a person still typing: someone who already pressed Sign in is not kept waiting
    for it (the window does that work itself)."""
    engine.dispose()
    opened, warmed = threading.Event(), []

    def load() -> None:
        opened.wait(10)

    loading = start.StoreLoading(f"sqlite:///{db_path}", load=load, warm=lambda: warmed.append(True))
    loading.start()
    pressed = threading.Thread(target=loading.ops)
    pressed.start()
    while not loading._wanted.is_set():  # noqa: SLF001 - the press has been seen
        pass
    opened.set()
    pressed.join(10)
    assert warmed == [] and loading.engine is not None
    loading.close()


def test_head_starts_run_in_order_and_stop_once_sign_in_is_pressed(db_path, engine):
    """#14: the pages built later are imported while the person types; pressing Sign in during a head start
    lets the window build as soon as that one ends, without the ones after it."""
    url = f"sqlite:///{db_path}"
    engine.dispose()
    done: list[str] = []
    pressed = threading.Event()
    loading: start.StoreLoading

    def first() -> None:
        done.append("first")
        loading._wanted.set()  # noqa: SLF001 - Sign in pressed while this head start runs
        pressed.set()

    loading = start.StoreLoading(url, load=lambda: None, warm=(first, lambda: done.append("second")))
    loading.start()
    assert pressed.wait(10)
    loading.ops()
    assert done == ["first"]
    loading.close()

    typing = start.StoreLoading(url, load=lambda: None, warm=(lambda: done.append("a"), lambda: done.append("b")))
    typing.start()
    typing._thread.join(10)  # noqa: SLF001 - still typing: every head start ran
    assert done == ["first", "a", "b"]
    typing.close()


def test_the_later_pages_are_imported_behind_the_sign_in_screen():
    """The console script's head starts import the departures board and the dashboard (the manager's home page),
    which importing the app leaves for later."""
    code = ("import sys, avrcase.__main__ as m, avrcase.app; "
            "before = 'avrcase.ui.views.dashboard' in sys.modules; m._load_the_later_pages(); "
            "print(before, 'avrcase.ui.views.dashboard' in sys.modules, 'avrcase.ui.views.departures_board' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True"]
