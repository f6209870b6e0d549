"""The desktop app's start on the office server (#14): the sign-in screen shows before SQLAlchemy loads when a look
at the server finds its store as on every working day, and anything else falls back to the full start and its
messages. Each start runs in a fresh interpreter (``python -m avrcase``'s own ``main``), driven through its windows.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select, text

from avrcase.domain.codes import StaffRole
from avrcase.services import server_profiles
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AuditEntry
from tests.conftest import TEST_PASSWORD, _with_password, make_case_form

#: Runs ``avrcase WORDS…`` as the console script does, tries on each sign-in screen the next of ``steps`` (a list of
#: ``[user, password]`` tried in turn)
#: (``SIGN_OUT=1``: signs out of the first main window), and prints what it saw as JSON lines. ``HOLD_THE_LOADING=1``
#: holds the loading thread until the first screen has been seen, so what that screen needed is all that is loaded.
DRIVER = r"""
import json, os, sys, threading
words, steps = json.loads(sys.argv[1]), json.loads(sys.argv[2])
import avrcase.start as start_module
released = threading.Event()
if os.environ.get("HOLD_THE_LOADING"):
    opening = start_module.StoreLoading._open
    def held(self):
        released.wait(60)
        opening(self)
    start_module.StoreLoading._open = held
sys.argv = ["avrcase", *words]
import avrcase.__main__ as entry
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

app = QApplication(sys.argv)
seen = []

def say(**what):
    print(json.dumps(what), flush=True)

def poll():
    for w in app.topLevelWidgets():
        kind = type(w).__name__
        if not w.isVisible() or any(w is s for s in seen):
            continue
        if kind == "SignInDialog":
            seen.append(w)
            say(dialog=w.windowTitle(), store_open=w.ops is not None, demo=hasattr(w, "demo_label"),
                loaded=sorted(m for m in ("sqlalchemy", "psycopg", "avrcase.app") if m in sys.modules))
            released.set()
            if not steps:
                w.reject()
                continue
            for user, password in steps.pop(0):
                w.username.setText(user)
                w.password.setText(password)
                w.sign_in_button.click()
        elif isinstance(w, QMessageBox):
            seen.append(w)
            say(box=w.windowTitle(), text=w.text())
            w.accept()
        elif kind == "MainWindow" and w.case_list.model.rowCount() > 0:
            seen.append(w)
            say(main_window=w.windowTitle(), rows=w.case_list.model.rowCount(), user=w.user_label.full_text(),
                on_server=w.server_actions is not None and w.live_refresh is not None)
            if os.environ.get("SIGN_OUT") and len([s for s in seen if type(s).__name__ == "MainWindow"]) == 1:
                QTimer.singleShot(0, w.account_menu.sign_out)
            else:
                QTimer.singleShot(0, w.close)
    QTimer.singleShot(10, poll)

QTimer.singleShot(0, poll)
try:
    entry.main()
except SystemExit as exc:
    say(exit=exc.code)
"""


def _launch(words: list[str], steps: list[list[list[str]]], **env) -> list[dict]:
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(words), json.dumps(steps)], capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **env})
    seen = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert seen, done.stderr
    return seen


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def server_store(pg_engine):
    """The office server's store at this schema with a counsellor who can sign in and one case."""
    with unit_of_work(pg_engine) as session:
        ruta = _with_password(session, users.add_user(session, SYSTEM, "ruta", "Rūta Counsellor",
                                                       StaffRole.COUNSELLOR).id)
    with unit_of_work(pg_engine, actor=ruta) as session:
        cases.register_case(session, ruta, make_case_form())
    return pg_engine


def _actions(engine) -> list[str]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_the_server_sign_in_screen_shows_before_sqlalchemy_and_leads_to_the_main_window(server_store):
    seen = _launch(["--db", _url(server_store)], [[["ruta", TEST_PASSWORD]]], HOLD_THE_LOADING="1")
    assert seen[0] == {"dialog": "Sign in to avrcase", "store_open": False, "demo": False, "loaded": []}
    window = next(s for s in seen if "main_window" in s)
    assert window["rows"] == 1 and "Rūta Counsellor" in window["user"] and window["on_server"]
    assert seen[-1] == {"exit": 0}
    assert _actions(server_store).count("sign_in") == 1


def test_signing_out_on_the_server_signs_in_again_through_the_full_start(server_store):
    seen = _launch(["--db", _url(server_store)], [[["ruta", "not my password"], ["ruta", TEST_PASSWORD]],
                                                  [["ruta", TEST_PASSWORD]]], SIGN_OUT="1")
    dialogs = [s for s in seen if "dialog" in s]
    windows = [s for s in seen if "main_window" in s]
    assert len(dialogs) == 2 and dialogs[1]["store_open"]  # after Sign out: the full start's screen, store open
    assert len(windows) == 2 and all(w["on_server"] for w in windows)
    assert seen[-1] == {"exit": 0}
    done = _actions(server_store)
    assert done.count("sign_in") == 2 and done.count("sign_in_failed") == 1 and done.count("sign_out") == 1


def test_the_remembered_server_with_its_password_at_hand_takes_the_quick_start(server_store, tmp_path):
    url = server_store.url
    profile = server_profiles.ServerProfile("office", url.query["host"], int(url.query["port"]), url.database,
                                            url.username, tls_mode="require")
    config = tmp_path / "config"
    os.environ[server_profiles.ENV_CONFIG_DIR] = str(config)
    try:
        server_profiles.save(profile, make_current=True)
    finally:
        del os.environ[server_profiles.ENV_CONFIG_DIR]
    seen = _launch([], [[["ruta", TEST_PASSWORD]]], HOLD_THE_LOADING="1", AVRCASE_CONFIG_DIR=str(config),
                   AVRCASE_DB_PASSWORD="the service login's password")
    assert seen[0]["loaded"] == [] and not seen[0]["store_open"]
    assert any(s.get("main_window") for s in seen) and seen[-1] == {"exit": 0}


def test_a_server_store_at_another_schema_falls_back_to_the_full_start_and_its_message(server_store):
    with server_store.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0025'"))
    seen = _launch(["--db", _url(server_store)], [[["ruta", TEST_PASSWORD]]])
    assert not any("dialog" in s for s in seen)
    assert {"box": "avrcase cannot open the store",
            "text": "The store needs an upgrade; run “avrcase db upgrade”."} in seen
    assert seen[-1] == {"exit": 1}
    assert "sign_in" not in _actions(server_store)


def test_a_server_that_does_not_answer_falls_back_to_the_full_start_and_its_message():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    held: list[socket.socket] = []

    def take() -> None:
        try:
            while True:
                held.append(silent.accept()[0])
        except OSError:
            return

    threading.Thread(target=take, daemon=True).start()
    url = (f"postgresql+psycopg://ruta@/avrcase?host=127.0.0.1&port={silent.getsockname()[1]}"
           "&connect_timeout=2&sslmode=disable")
    started = time.monotonic()
    try:
        seen = _launch(["--db", url], [[["ruta", TEST_PASSWORD]]])
    finally:
        silent.close()
        for connection in held:
            connection.close()
    assert not any("dialog" in s for s in seen)
    box = next(s for s in seen if "box" in s)
    assert box["box"] == "avrcase cannot open the store" and box["text"].startswith("The store cannot be opened:")
    assert seen[-1] == {"exit": 1}
    assert time.monotonic() - started < 30  # the look gave up within its timeout, the full start within the URL's
