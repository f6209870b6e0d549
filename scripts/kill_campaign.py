#!/usr/bin/env python3
"""Crash safety, proven: SIGKILL the command line's write paths at random moments, then check the store.

    .venv/bin/python scripts/kill_campaign.py [--kills N] [--seed S] [--ops register,import,...] [--json FILE]

Each round starts one write (registering cases one commit at a time, importing a sheet, issuing a
document, generating demo data, migrating, encrypting, backing up, restoring) as a child process and
kills it with SIGKILL after a random delay. After every kill the store the write was working on is
checked: ``integrity_check``, ``foreign_key_check``, the audit chain, and that no commit the child had
acknowledged (a line it printed after the commit) is missing; multi-row writes must be all or nothing.
The short form (``--kills 13 --rounds 13``, each path once) runs in the test suite; the long form (≥ 200
kills) by hand. ``password_reset``, ``retention`` and ``encryption_swap`` aim at the crash windows of issue
#21 item 6: they wait for the key-slot file or the compaction marker to change and kill within moments of it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PASSWORD = "kill campaign passphrase"
OPS = ("register", "import", "document", "demo", "migration", "encryption", "backup", "restore", "payment", "app",
       "password_reset", "retention", "encryption_swap")
#: Each op is killed after a delay drawn from this range (seconds): the process start plus its work.
#: The ranges lie inside each command's usual run time (Python's start-up is most of the first 0.5 s).
DELAYS = {"register": (0.5, 3.0), "import": (0.45, 1.6), "document": (0.45, 1.0), "demo": (0.5, 2.5),
          "migration": (0.45, 0.8), "encryption": (0.5, 2.2), "backup": (0.45, 0.85), "restore": (0.45, 0.95),
          "payment": (0.6, 3.0), "app": (1.0, 4.0),
          # Rounds that wait for a file to change (the key-slot file, the compaction marker) kill within this
          # many seconds of the change; the others are killed at a random moment of the command as above.
          "password_reset": (0.0, 0.15), "retention": (0.0, 1.6), "encryption_swap": (0.0, 0.0)}
#: Retention rounds anonymise the demo store's closed cases as of this day (every one is past its period).
RETENTION_DAY = (2040, 1, 1)


@dataclass
class Tally:
    """What the campaign did and found."""

    kills: dict[str, int] = field(default_factory=dict)
    finished_before_kill: dict[str, int] = field(default_factory=dict)
    acknowledged: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: The factor the kill windows were stretched by on this machine (see ``_slowness``).
    slowness: float = 1.0
    durations: dict[str, list[float]] = field(default_factory=dict)
    #: Kills that came after the child had started writing (a file in the work folder changed).
    mid_write: dict[str, int] = field(default_factory=dict)
    #: Where the targeted rounds' kills landed ("retention: run committed, compaction redone at next start").
    outcomes: dict[str, int] = field(default_factory=dict)

    def saw(self, what: str) -> None:
        self.outcomes[what] = self.outcomes.get(what, 0) + 1


# ---------------------------------------------------------------- the child side (one process per write)

def worker_register(db: str) -> None:
    """Register synthetic cases one unit of work at a time, printing ``ACK <case number>`` after each commit."""
    import datetime as dt

    from avrcase.services.accounts import accounts
    from avrcase.services.cases import register as cases
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    engine = open_store(f"sqlite:///{db}")
    with unit_of_work(engine) as session:
        actor = accounts.authenticate(session, "ruta", PASSWORD).actor
    i = 0
    while True:
        i += 1
        with unit_of_work(engine, actor=actor) as session:
            number = cases.register_case(session, actor, _case_form(i, f"Kill{_letters(os.getpid())}"),
                                         today=dt.date(2026, 12, 1)).case_number
        print(f"ACK {number}", flush=True)


def _letters(value: object) -> str:
    """``value`` (a number, a tag such as ``r12``) with its digits written as letters: a name holds no digits."""
    return str(value).translate(str.maketrans("0123456789", "abcdefghij"))


def _case_form(i: int, family: str):
    import datetime as dt

    from avrcase.domain.codes import ConsentGiver, LegalBasis, LegalStatus, ReferralSource, Sex
    from avrcase.domain.forms import CaseForm, ConsentForm, PersonForm

    return CaseForm(
        principal=PersonForm(family, f"Case{_letters(i)}", Sex.FEMALE, dt.date(1985, 1, 1 + i % 28), "GE"),
        legal_status=LegalStatus.REJECTED_ASYLUM_SEEKER, referral_source=ReferralSource.NGO, country_of_return="GE",
        consent=ConsentForm(dt.date(2026, 11, 2), ConsentGiver.SELF, LegalBasis.CONSENT),
        registered_on=dt.date(2026, 11, 2))


def worker_payment(db: str) -> None:
    """Pay allowances as the finance officer does (plan and pay in one unit of work, €1.00 at a time) on a
    demo store, printing ``ACK <payment id>`` after each commit; moves to the next case when one is paid out."""
    from sqlalchemy import select

    from avrcase.domain.allowances import PaymentMethod
    from avrcase.domain.errors import AvrcaseError
    from avrcase.domain.money import Money
    from avrcase.services.accounts import accounts
    from avrcase.services.clock import clock_of
    from avrcase.services.demo.generate import demo_password
    from avrcase.services.finance import allowances
    from avrcase.services.finance.dto import PaymentForm
    from avrcase.services.uow import unit_of_work
    from avrcase.store.models import AllowancePayment
    from avrcase.store.schema import open_store

    engine = open_store(f"sqlite:///{db}")
    with unit_of_work(engine) as session:
        actor = accounts.authenticate(session, "finance", demo_password("finance")).actor
        # Cases the demo already pays allowances to (in a project, departed); most have some left to pay.
        case_ids = list(session.scalars(select(AllowancePayment.case_id).distinct().order_by(AllowancePayment.case_id)))
    while case_ids:
        case_id = case_ids[0]
        try:
            with unit_of_work(engine, actor=actor) as session:
                today = clock_of(session).today()
                form = PaymentForm(Money("1.00", "EUR"), PaymentMethod.CASH_AT_DEPARTURE, today, note="kill campaign")
                row = allowances.record_payment(session, actor, case_id, form, paid_on=today)
        except AvrcaseError:  # paid out, not entitled, wrong stage: the next case
            case_ids.pop(0)
            continue
        print(f"ACK {row.id}", flush=True)


def worker_retention(db: str) -> None:
    """The manager's retention run on a demo store as of ``RETENTION_DAY`` (every closed case due), then the
    compaction; ``ACK run <cases>`` after the run's commit, ``ACK compacted`` after the compaction."""
    import datetime as dt

    from avrcase.services.accounts import accounts
    from avrcase.services.data_protection import retention
    from avrcase.services.demo.generate import demo_password
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    engine = open_store(f"sqlite:///{db}")
    with unit_of_work(engine) as session:
        actor = accounts.authenticate(session, "manager", demo_password("manager")).actor
    today = dt.date(*RETENTION_DAY)
    with unit_of_work(engine, actor=actor, write=False) as session:
        due = retention.preview(session, actor, 1, today=today)
    with unit_of_work(engine, actor=actor) as session:
        result = retention.run(session, actor, due, today=today)
    print(f"ACK run {result.cases}", flush=True)
    retention.compact_store(engine)
    print("ACK compacted", flush=True)


def worker_app(db: str) -> None:
    """The desktop app itself: its main window built as at start-up (backup status, import, idle lock, the
    background store check), the counsellor signed in, registering cases through the window's session
    boundary one at a time from Qt's event loop, ``ACK <case number>`` after each commit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from avrcase import app as desktop
    from avrcase.services import clock as clock_module
    from avrcase.services.accounts import accounts
    from avrcase.services.cases import register as cases
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store

    application = QApplication([])
    url = f"sqlite:///{db}"
    engine = open_store(url)
    with unit_of_work(engine) as session:
        actor = accounts.authenticate(session, "ruta", PASSWORD).actor
    engine.dispose()
    desktop.sign_in = lambda *args, **kwargs: actor  # the sign-in dialog, answered
    window = desktop.build_main_window(url, QSettings(), clock=clock_module.system_clock())
    assert window is not None
    window.show()
    checker = desktop.StoreHealthCheck(window)
    QTimer.singleShot(0, lambda: checker.start(window.ops.engine))
    count = [0]

    def register_one() -> None:
        count[0] += 1
        detail = window.ops.write(cases.register_case, _case_form(count[0], f"App{_letters(os.getpid())}"))
        print(f"ACK {detail.case_number}", flush=True)

    timer = QTimer()
    timer.timeout.connect(register_one)
    timer.start(20)
    application.exec()


# ---------------------------------------------------------------- the driver side

def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns


class Campaign:
    """Builds the stores once, then runs kill rounds and checks after each."""

    def __init__(self, folder: Path, rng: random.Random):
        self.folder, self.rng = folder, rng
        self.main = folder / "main.sqlite"
        self.env = dict(os.environ, AVRCASE_PASSWORD=PASSWORD, AVRCASE_USER="aiste", AVRCASE_DB="",
                        XDG_DATA_HOME=str(folder / "xdg"), XDG_CONFIG_HOME=str(folder / "xdg"), PYTHONUNBUFFERED="1")
        self.env.pop("AVRCASE_DB")
        self.acked_cases: set[str] = set()
        self.acked_keys: set[str] = set()
        #: How many times longer than on an idle laptop a command takes on this machine now (at least 1).
        self.slowness = 1.0
        self.documents = 0
        self.round = 0

    # ------------------------------------------------ set-up

    def set_up(self) -> None:
        from avrcase.domain.codes import StaffRole
        from avrcase.services import office
        from avrcase.services.accounts import accounts
        from avrcase.services.permissions import SYSTEM
        from avrcase.services.uow import unit_of_work
        from avrcase.store.schema import open_store

        engine = open_store(f"sqlite:///{self.main}")
        with unit_of_work(engine) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
            admin = accounts.create_first_administrator(session, "aiste", "Aistė Admin", PASSWORD)
        with unit_of_work(engine, actor=admin) as session:
            accounts.add_account(session, admin, "ruta", "Rūta Counsellor", StaffRole.COUNSELLOR, PASSWORD,
                                 must_change=False)
        engine.dispose()
        # A store at the previous schema revision, for migration rounds.
        self.older = self.folder / "older.sqlite"
        self._copy(self.main, self.older)
        from alembic import command

        from avrcase.store.engine import create_store_engine
        from avrcase.store.schema import alembic_config

        eng = create_store_engine(f"sqlite:///{self.older}")
        config = alembic_config()
        with eng.connect() as connection:
            # As avrcase migrates (store.schema): rebuilding a table must not cascade-delete its children.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
            connection.commit()
        eng.dispose()
        self.empty = self.folder / "empty.sqlite"
        self._copy(self.main, self.empty)
        # Demo data goes only into a new store (which becomes a demo store), never into the office's.
        self.new = self.folder / "new.sqlite"
        open_store(f"sqlite:///{self.new}").dispose()
        ok = self.cli("import", "cases", str(self._sheet(20, "seed")), "--db", str(self.main), user="ruta")
        assert ok.returncode == 0, ok.stderr
        self.acked_keys |= {f"seed-{i}" for i in range(20)}

    def _copy(self, source: Path, target: Path) -> None:
        target.unlink(missing_ok=True)
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target)
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.close()
        src.close()

    def _sheet(self, n: int, tag: str) -> Path:
        path = self.folder / f"sheet-{tag}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["case_key", "family_name", "given_names", "sex", "date_of_birth", "citizenship",
                             "registered_on"])
            for i in range(n):
                writer.writerow([f"{tag}-{i}", f"Import{_letters(tag)}", f"Person{_letters(i)}", "M", f"1990-01-{1 + i % 28:02d}", "Gruzija",
                                 "2026-11-02"])
        return path

    # ------------------------------------------------ children

    def cli_argv(self, *args: str, user: str = "aiste") -> list[str]:
        return [sys.executable, "-m", "avrcase", "--user", user, *args]

    def cli(self, *args: str, user: str = "aiste") -> subprocess.CompletedProcess:
        return subprocess.run(self.cli_argv(*args, user=user), env=self.env, capture_output=True, text=True, timeout=300)

    def kill_after(self, argv: list[str], op: str, tally: Tally, watch: Path | None = None) -> tuple[bool, str]:
        """Start ``argv``, SIGKILL it after a random delay; (killed, what it printed).

        With ``watch``, the delay starts when that file appears or changes (polled every millisecond): the kill
        lands in the write that follows it (a key-slot rewrite, a compaction, the swap of an encrypted copy).
        """
        low, high = DELAYS[op]
        # The windows are set for an idle laptop; on a busy machine every step takes longer, so a window
        # that starts a command and lets it write is stretched by the share of a core each process gets.
        delay = self.rng.uniform(low, high) * (self.slowness if watch is None else 1.0)
        before = self._footprint()
        child = subprocess.Popen(argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started = time.monotonic()
        if watch is not None:
            seen = _stamp(watch)
            while child.poll() is None and _stamp(watch) == seen and time.monotonic() - started < 120:
                time.sleep(0.001)
        try:
            out, err = child.communicate(timeout=delay if delay > 0 else 0.0001)
            tally.finished_before_kill[op] = tally.finished_before_kill.get(op, 0) + 1
            tally.durations.setdefault(op, []).append(round(time.monotonic() - started, 2))
            if child.returncode != 0:
                tally.failures.append(f"{op}: the command failed without being killed: {err.strip()[-300:]}")
            return False, out
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            out, _err = child.communicate()
            tally.kills[op] = tally.kills.get(op, 0) + 1
            if self._footprint() != before:
                tally.mid_write[op] = tally.mid_write.get(op, 0) + 1
            return True, out

    def _footprint(self) -> dict[str, tuple[int, int]]:
        """Size and modification time of every file in the work folder (a write shows as a change)."""
        out = {}
        for item in self.folder.iterdir():
            try:
                info = item.stat()
            except FileNotFoundError:
                continue
            out[item.name] = (info.st_size, info.st_mtime_ns)
        return out

    # ------------------------------------------------ checks

    def check(self, path: Path, label: str, tally: Tally, key=None) -> dict[str, int]:
        """integrity_check, foreign_key_check and the audit chain of ``path``; row counts of a few tables."""
        from avrcase.domain.codes import StaffRole
        from avrcase.services import audit
        from avrcase.services.dto import Actor
        from avrcase.services.uow import unit_of_work
        from avrcase.store.engine import create_store_engine

        engine = create_store_engine(f"sqlite:///{path}", key)
        try:
            with engine.connect() as connection:
                integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                counts = {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar()
                          for t in ("cases", "issued_documents", "audit_entries")}
            if integrity != "ok":
                tally.failures.append(f"{label}: integrity_check {integrity}")
            if broken:
                tally.failures.append(f"{label}: foreign_key_check {len(broken)} rows")
            with unit_of_work(engine, write=False) as session:
                chain = audit.verify(session, Actor(1, "aiste", "Aistė", StaffRole.ADMINISTRATOR))
            if not chain.ok:
                tally.failures.append(f"{label}: audit chain broken at {chain.broken_at}: {chain.problem}")
            return counts
        finally:
            engine.dispose()

    def _present(self, path: Path, column: str, table: str) -> set[str]:
        connection = sqlite3.connect(path)
        try:
            return {row[0] for row in connection.execute(f"SELECT {column} FROM {table}")}
        finally:
            connection.close()

    # ------------------------------------------------ rounds

    def run_round(self, op: str, tally: Tally) -> None:
        self.round += 1
        getattr(self, f"round_{op}")(tally, f"{op} #{self.round}")

    def round_register(self, tally: Tally, label: str) -> None:
        self._registering_round("register", tally, label)

    def round_app(self, tally: Tally, label: str) -> None:
        self._registering_round("app", tally, label)

    def _registering_round(self, op: str, tally: Tally, label: str) -> None:
        """A worker (``worker-register`` or the desktop app) registering cases, killed; every ACK must be there."""
        argv = [sys.executable, __file__, f"worker-{op}", str(self.main)]
        _killed, out = self.kill_after(argv, op, tally)
        acks = {line.split()[1] for line in out.splitlines() if line.startswith("ACK ")}
        self.acked_cases |= acks
        tally.acknowledged += len(acks)
        self.check(self.main, label, tally)
        missing = self.acked_cases - self._present(self.main, "case_number", "cases")
        if missing:
            tally.failures.append(f"{label}: acknowledged cases missing: {sorted(missing)[:5]}")

    def round_import(self, tally: Tally, label: str) -> None:
        tag = f"r{self.round}"
        sheet = self._sheet(200, tag)
        _killed, out = self.kill_after(self.cli_argv("import", "cases", str(sheet), "--db", str(self.main), user="ruta"),
                                       "import", tally)
        keys = {f"{tag}-{i}" for i in range(200)}
        present = self._present(self.main, "source_key", "import_sources")
        if "200 cases imported" in out:
            self.acked_keys |= keys
            tally.acknowledged += 1
        if keys & present and not keys <= present:
            tally.failures.append(f"{label}: import half written ({len(keys & present)} of 200)")
        self.check(self.main, label, tally)
        if not self.acked_keys <= present:
            tally.failures.append(f"{label}: acknowledged imports missing")

    def round_document(self, tally: Tally, label: str) -> None:
        number = sorted(self._present(self.main, "case_number", "cases"))[0]
        before = self.check(self.main, label + " (before)", tally)["issued_documents"]
        out_pdf = self.folder / f"doc-{self.round}.pdf"
        _killed, out = self.kill_after(self.cli_argv("document", "case-summary", "--case", number, "--out", str(out_pdf),
                                                     "--db", str(self.main), user="ruta"), "document", tally)
        after = self.check(self.main, label, tally)["issued_documents"]
        if "written to" in out:
            tally.acknowledged += 1
            if after != before + 1 or not out_pdf.is_file():
                tally.failures.append(f"{label}: acknowledged document missing")
        elif after not in (before, before + 1):
            tally.failures.append(f"{label}: {after - before} documents from one command")

    def round_demo(self, tally: Tally, label: str) -> None:
        store = self.folder / "demo.sqlite"
        self._copy(self.new, store)
        _killed, out = self.kill_after(self.cli_argv("demo", "--cases", "300", "--db", str(store)), "demo", tally)
        counts = self.check(store, label, tally)
        if "Demo store ready" in out:
            tally.acknowledged += 1
            if counts["cases"] != 300:
                tally.failures.append(f"{label}: acknowledged demo has {counts['cases']} cases")
        elif counts["cases"] not in (0, 300):
            tally.failures.append(f"{label}: demo half written ({counts['cases']} cases)")

    def round_migration(self, tally: Tally, label: str) -> None:
        store = self.folder / "migrating.sqlite"
        for leftover in self.folder.glob("migrating.before-*"):
            leftover.unlink()
        self._copy(self.older, store)
        _killed, out = self.kill_after(self.cli_argv("db", "upgrade", "--db", str(store)), "migration", tally)
        revision = sqlite3.connect(store).execute("SELECT version_num FROM alembic_version").fetchone()[0]
        from avrcase.store.schema import head_revision

        if "Store ready" in out:
            tally.acknowledged += 1
            if revision != head_revision():
                tally.failures.append(f"{label}: acknowledged migration not at head ({revision})")
        if revision not in ("0007", head_revision()):
            tally.failures.append(f"{label}: store left at revision {revision}")
        again = self.cli("db", "upgrade", "--db", str(store))  # the interrupted upgrade completes next time
        if again.returncode != 0:
            tally.failures.append(f"{label}: upgrade after the kill failed: {again.stderr.strip()}")
        self.check(store, label, tally)  # at the head: the chain is read with this version's model

    def round_encryption(self, tally: Tally, label: str) -> None:
        from avrcase.services.accounts import encryption
        from avrcase.store.encryption import keys_path

        store = self.folder / "encrypting.sqlite"
        for leftover in self.folder.glob("encrypting*"):
            leftover.unlink()
        self._copy(self.main, store)
        _killed, out = self.kill_after(self.cli_argv("db", "encrypt", "--db", str(store)), "encryption", tally)
        encrypted = not store.read_bytes()[:16].startswith(b"SQLite format 3")
        if "The store is encrypted" in out:
            tally.acknowledged += 1
            if not encrypted:
                tally.failures.append(f"{label}: acknowledged encryption but the store is plain")
        key = encryption.unlock(store, "aiste", PASSWORD) if encrypted else None
        if encrypted and not keys_path(store).exists():
            tally.failures.append(f"{label}: encrypted store without its key file")
        self.check(store, label, tally, key)

    def round_backup(self, tally: Tally, label: str) -> None:
        from avrcase.services.backup.copies import check_copy, read_manifest

        target = self.folder / f"backup-{self.round}.sqlite"
        _killed, out = self.kill_after(self.cli_argv("db", "backup", "--out", str(target), "--db", str(self.main)),
                                       "backup", tally)
        if "Backup written" in out:
            tally.acknowledged += 1
            if not target.is_file() or read_manifest(target) is None:
                tally.failures.append(f"{label}: acknowledged backup missing")
        if target.exists() and not check_copy(target, None, full=True).ok:
            tally.failures.append(f"{label}: a damaged backup under its final name")
        self.check(self.main, label, tally)
        self.last_backup = target if target.exists() and read_manifest(target) else getattr(self, "last_backup", None)

    def round_payment(self, tally: Tally, label: str) -> None:
        store = self.folder / "payments.sqlite"
        if not store.exists():  # one demo store (its finance officer can sign in), paid into round after round
            self._copy(self.new, store)
            made = self.cli("demo", "--cases", "300", "--db", str(store))
            assert made.returncode == 0, made.stderr
            self.acked_payments: set[int] = set()
        argv = [sys.executable, __file__, "worker-payment", str(store)]
        _killed, out = self.kill_after(argv, "payment", tally)
        acks = {int(line.split()[1]) for line in out.splitlines() if line.startswith("ACK ")}
        self.acked_payments |= acks
        tally.acknowledged += len(acks)
        self.check(store, label, tally)
        connection = sqlite3.connect(store)
        try:
            paid = {row[0] for row in connection.execute(
                "SELECT id FROM allowance_payments WHERE note = 'kill campaign' AND status = 'paid'")}
            half = connection.execute("SELECT count(*) FROM allowance_payments "
                                      "WHERE note = 'kill campaign' AND status != 'paid'").fetchone()[0]
        finally:
            connection.close()
        if not self.acked_payments <= paid:
            tally.failures.append(f"{label}: acknowledged payments missing: {sorted(self.acked_payments - paid)[:5]}")
        if half:
            tally.failures.append(f"{label}: {half} payments planned but not paid (plan and pay must be one commit)")

    # ------------------------------------------------ rounds of issue #21 item 6 (crash windows)

    def _encrypted_source(self) -> Path:
        """The main store encrypted once (aiste's slot and the recovery slot; ruta's added by a reset)."""
        from avrcase.store.encryption import keys_path

        source = self.folder / "enc-source.sqlite"
        if not source.exists():
            self._copy(self.main, source)
            done = self.cli("db", "encrypt", "--db", str(source))
            assert done.returncode == 0, done.stderr
            env = dict(self.env, AVRCASE_NEW_PASSWORD=PASSWORD)
            done = subprocess.run(self.cli_argv("user", "reset-password", "ruta", "--db", str(source)), env=env,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
            assert keys_path(source).exists()
        return source

    def round_password_reset(self, tally: Tally, label: str) -> None:
        """An administrator resets ruta's password on an encrypted store: killed just after the key-slot
        file changed (the pending slot written, the commit not yet) or a moment later."""
        from avrcase.services.accounts import encryption
        from avrcase.store.encryption import keys_path

        source = self._encrypted_source()
        store = self.folder / "resetting.sqlite"
        for leftover in self.folder.glob("resetting*"):
            leftover.unlink()
        shutil.copyfile(source, store)
        shutil.copyfile(keys_path(source), keys_path(store))
        new = f"reset password {self.round}"
        env, self.env = self.env, dict(self.env, AVRCASE_NEW_PASSWORD=new)
        try:
            _killed, out = self.kill_after(self.cli_argv("user", "reset-password", "ruta", "--db", str(store)),
                                           "password_reset", tally, watch=keys_path(store))
        finally:
            self.env = env
        try:
            key = encryption.unlock(store, "aiste", PASSWORD)
        except Exception as exc:  # noqa: BLE001 - any refusal is the failure being looked for
            tally.failures.append(f"{label}: the administrator cannot unlock the store: {exc}")
            return
        self.check(store, label, tally, key)
        opened = []
        for password in (new, PASSWORD):
            try:
                encryption.unlock(store, "ruta", password)
                opened.append(password)
            except Exception:  # noqa: BLE001
                continue
        tally.saw("password_reset: " + ("new password unlocks" if new in opened else "old password unlocks"))
        if "New password set" in out:
            tally.acknowledged += 1
            if new not in opened:
                tally.failures.append(f"{label}: acknowledged reset but the new password does not unlock")
        if not opened:
            tally.failures.append(f"{label}: neither the old nor the new password unlocks ruta's slot")

    def round_retention(self, tally: Tally, label: str) -> None:
        """The retention run and its compaction on a demo store: killed at a random moment after the
        compaction marker appears (the run's commit and the VACUUM after it). The next start must finish it."""
        from avrcase.store.schema import compaction_marker, open_store

        source = self.folder / "retention-source.sqlite"
        if not source.exists():
            self._copy(self.new, source)
            made = self.cli("demo", "--cases", "150", "--db", str(source))
            assert made.returncode == 0, made.stderr
            self.retention_due = None
        store = self.folder / "retaining.sqlite"
        for leftover in self.folder.glob("retaining*"):
            leftover.unlink()
        self._copy(source, store)
        argv = [sys.executable, __file__, "worker-retention", str(store)]
        _killed, out = self.kill_after(argv, "retention", tally, watch=compaction_marker(store))
        anonymised = self._anonymised(store)
        acks = [line.split() for line in out.splitlines() if line.startswith("ACK ")]
        if self.retention_due is None and any(a[1] == "run" for a in acks):
            self.retention_due = int(next(a[2] for a in acks if a[1] == "run"))
        if any(a[1] == "run" for a in acks):
            tally.acknowledged += 1
            if anonymised == 0:
                tally.failures.append(f"{label}: acknowledged retention run missing")
        if self.retention_due is not None and anonymised not in (0, self.retention_due):
            tally.failures.append(f"{label}: retention half done ({anonymised} of {self.retention_due} cases)")
        self.check(store, label, tally)
        marker = compaction_marker(store)
        tally.saw("retention: " + ("run committed" if anonymised else "run not committed")
                  + (", compaction marker left" if marker.exists() else ", no marker"))
        if marker.exists():  # the next start finishes the compaction
            open_store(f"sqlite:///{store}").dispose()
            if marker.exists():
                tally.failures.append(f"{label}: the compaction marker is still there after the next start")
            self.check(store, label + " (after the next start)", tally)
        elif anonymised and "ACK compacted" not in out and self._freelist(store):
            tally.failures.append(f"{label}: run committed, no compaction marker, free pages left")

    def _anonymised(self, path: Path) -> int:
        connection = sqlite3.connect(path)
        try:
            return connection.execute("SELECT count(*) FROM audit_entries WHERE action = 'anonymised'").fetchone()[0]
        finally:
            connection.close()

    def _freelist(self, path: Path) -> int:
        connection = sqlite3.connect(path)
        try:
            return connection.execute("PRAGMA freelist_count").fetchone()[0]
        finally:
            connection.close()

    def round_encryption_swap(self, tally: Tally, label: str) -> None:
        """``db encrypt`` killed the moment its key-slot file appears: the slots are saved and the encrypted
        copy is about to take the store's name (or just took it). The store must open as it is, plain or
        encrypted, and an interrupted encryption must complete when run again."""
        from avrcase.services.accounts import encryption
        from avrcase.store.encryption import keys_path

        store = self.folder / "swapping.sqlite"
        for leftover in self.folder.glob("swapping*"):
            leftover.unlink()
        self._copy(self.main, store)
        _killed, out = self.kill_after(self.cli_argv("db", "encrypt", "--db", str(store)), "encryption_swap", tally,
                                       watch=keys_path(store))
        encrypted = not store.read_bytes()[:16].startswith(b"SQLite format 3")
        tally.saw("encryption_swap: " + ("encrypted" if encrypted else "still plain, key-slot file left"
                                         if keys_path(store).exists() else "still plain"))
        if "The store is encrypted" in out:
            tally.acknowledged += 1
        if encrypted:
            if not keys_path(store).exists():
                tally.failures.append(f"{label}: encrypted store without its key file")
                return
            self.check(store, label, tally, encryption.unlock(store, "aiste", PASSWORD))
            return
        if "The store is encrypted" in out:
            tally.failures.append(f"{label}: acknowledged encryption but the store is plain")
        self.check(store, label, tally)
        again = self.cli("db", "encrypt", "--db", str(store))  # an interrupted encryption completes when run again
        if again.returncode != 0:
            tally.failures.append(f"{label}: db encrypt after the kill failed: {again.stderr.strip()[-300:]}")
            return
        self.check(store, label + " (encrypted again)", tally, encryption.unlock(store, "aiste", PASSWORD))

    def round_restore(self, tally: Tally, label: str) -> None:
        backup = getattr(self, "last_backup", None)
        if backup is None:
            backup = self.folder / f"backup-for-restore-{self.round}.sqlite"
            done = self.cli("db", "backup", "--out", str(backup), "--db", str(self.main))
            assert done.returncode == 0, done.stderr
        store = self.folder / "restoring.sqlite"
        for leftover in self.folder.glob("restoring*"):
            leftover.unlink()
        self._copy(self.empty, store)
        _killed, out = self.kill_after(self.cli_argv("db", "restore", str(backup), "--yes", "--db", str(store)),
                                       "restore", tally)
        counts = self.check(store, label, tally)
        expected = sqlite3.connect(backup).execute("SELECT count(*) FROM cases").fetchone()[0]
        if "The store was restored" in out:
            tally.acknowledged += 1
            if counts["cases"] != expected:
                tally.failures.append(f"{label}: acknowledged restore has {counts['cases']} cases, not {expected}")
        elif counts["cases"] not in (0, expected):
            tally.failures.append(f"{label}: store is neither the old one nor the backup")


def campaign(kills: int, seed: int, ops: tuple[str, ...], rounds_at_most: int | None = None) -> Tally:
    """Run rounds (cycling through ``ops`` in a shuffled order) until ``kills`` children were killed
    (or ``rounds_at_most`` rounds ran: the short form runs each op once)."""
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="avrcase-kill-"))
    tally = Tally()
    start = time.monotonic()
    try:
        driver = Campaign(folder, rng)
        driver.set_up()
        driver.slowness = tally.slowness = _slowness()
        order = list(ops)
        rounds = 0
        limit = rounds_at_most if rounds_at_most is not None else kills * 4
        while sum(tally.kills.values()) < kills and rounds < limit:
            if rounds % len(order) == 0:
                rng.shuffle(order)
            driver.run_round(order[rounds % len(order)], tally)
            rounds += 1
    finally:
        tally.seconds = time.monotonic() - start
        shutil.rmtree(folder, ignore_errors=True)
    return tally


def _slowness() -> float:
    """How much longer than on an idle laptop a command takes here now (at least 1): with more runnable
    processes than cores, each gets only its share of a core (the 1-minute load average over the cores)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on every platform
        return 1.0
    return max(1.0, load / (os.cpu_count() or 1))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    workers = {"worker-register": worker_register, "worker-payment": worker_payment, "worker-app": worker_app,
               "worker-retention": worker_retention}
    if args[:1] and args[0] in workers:
        workers[args[0]](args[1])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("--rounds", type=int, help="stop after this many rounds even with fewer kills")
    parser.add_argument("--window", action="append", default=[], metavar="OP=LOW:HIGH",
                        help="kill OP after LOW to HIGH seconds (narrow it to the write itself on a given machine)")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args(args)
    for window in options.window:
        op, _sep, span = window.partition("=")
        low, _sep, high = span.partition(":")
        DELAYS[op] = (float(low), float(high))
    tally = campaign(options.kills, options.seed, tuple(options.ops.split(",")), options.rounds)
    print("| write path | kills | of them after the first write | finished before the kill |")
    print("|---|---|---|---|")
    for op in options.ops.split(","):
        print(f"| {op} | {tally.kills.get(op, 0)} | {tally.mid_write.get(op, 0)} | {tally.finished_before_kill.get(op, 0)} |")
    print(f"\n{sum(tally.kills.values())} kills, {tally.acknowledged} acknowledged commits checked, "
          f"{len(tally.failures)} failures, {tally.seconds:.0f} s")
    for op, times in sorted(tally.durations.items()):
        print(f"{op}: finished in {min(times):.1f}-{max(times):.1f} s")
    for what, n in sorted(tally.outcomes.items()):
        print(f"{what}: {n}")
    for failure in tally.failures:
        print("FAIL", failure)
    if options.json:
        options.json.write_text(json.dumps({"kills": tally.kills, "mid_write": tally.mid_write,
                                            "finished": tally.finished_before_kill,
                                            "acknowledged": tally.acknowledged, "failures": tally.failures,
                                            "outcomes": tally.outcomes,
                                            "seconds": round(tally.seconds, 1),
                                            "slowness": round(tally.slowness, 2)}, indent=2))
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
