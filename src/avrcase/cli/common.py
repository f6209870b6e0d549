"""What every command shares: exit codes, the parser class, table printing, opening the store, signing in.

Signing in: every command that reads or changes cases signs in first; the user name comes from
``--user`` or ``$AVRCASE_USER``, the password from ``$AVRCASE_PASSWORD`` or a prompt (asked once per
run). When the store file is encrypted the same password first opens the user's key slot
(``$AVRCASE_RECOVERY_KEY`` opens the recovery slot instead); sign-in still follows. New passwords
(``user add``, ``user reset-password``) come from ``$AVRCASE_NEW_PASSWORD`` or are asked for twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import getpass
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import NoReturn

from sqlalchemy import Engine

import avrcase
from avrcase.domain.errors import AvrcaseError, StoreError
from avrcase.i18n import _, ngettext
from avrcase.services import clock
from avrcase.services.accounts import accounts, encryption
from avrcase.services.clock import Clock
from avrcase.services.dto import Actor
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import signed_in, unit_of_work
from avrcase.store.encryption import StoreKey
from avrcase.store.engine import resolve_url, sqlite_path
from avrcase.store.preparation import Preparation, Step
from avrcase.store.schema import open_store

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong words on the command line (exit 2)."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors, so scripts get one clear line and exit 2."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("avrcase").strip()
        where = f"{command}: " if command else ""
        raise UsageError(f"avrcase: {where}{' '.join(message.split())} (see '{self.prog} --help')")


def db_option(parser: argparse.ArgumentParser, *, sign_in: bool = True) -> None:
    """Add ``--db`` (and ``--user`` unless ``sign_in`` is false) to a command's parser."""
    # SUPPRESS lets --db stand before or after the subcommand without one hiding the other.
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="DB",
                        help="store file path or SQLAlchemy URL (default: $AVRCASE_DB, else the user data folder)")
    parser.add_argument("--profile", default=argparse.SUPPRESS, metavar="NAME",
                        help="the office server connection NAME remembered on this computer ('avrcase server add')")
    if sign_in:
        parser.add_argument("--user", dest="sign_in_user", default=argparse.SUPPRESS, metavar="NAME",
                            help="sign in as NAME (default: $AVRCASE_USER); the password from $AVRCASE_PASSWORD or a prompt")


def open_engine(args: argparse.Namespace, *, upgrade: bool = True, create: bool = False) -> Engine:
    """Resolve ``--db`` and open (migrating) the store; a SQLite file that is not there is made only with ``create``
    (``demo``, the first ``user add``): a mistyped ``--db`` made a new, empty store and "checked" it."""
    url = resolve_url(getattr(args, "db", None))
    if not create:
        require_existing_store(url)
    key = store_key_for(url, _sign_in_user)
    engine = open_store(url, upgrade=upgrade, key=key, clock=cli_clock(), progress=StoreUpdateLines())
    if key is not None:
        encryption.record_unlock_failures(engine)
    elif encryption.encryption_interrupted(sqlite_path(url)):  # the command still runs: the store is whole
        print("avrcase: " + _("Warning: encrypting this store did not finish (avrcase was ended while it encrypted): "
                              "it is not encrypted. Run “avrcase db encrypt” again."), file=sys.stderr)
    return engine


class StoreUpdateLines:
    """A store's first open after an update, on stderr (stdout is the command's, which scripts read): one line when
    it starts, the persons done so far on a terminal, one line when it is done (it took over a minute in silence)."""

    def __init__(self) -> None:
        self._started = False
        self._shown = -1

    def __call__(self, report: Preparation) -> None:
        if not self._started:
            self._started = True
            print("avrcase: " + _("updating the store for this version (once; can take a few minutes)…"),
                  file=sys.stderr, flush=True)
        if report.step is Step.NAME_KEYS and report.total and not report.finished and sys.stderr.isatty():
            percent = report.done * 100 // report.total
            if percent != self._shown:
                self._shown = percent
                print(f"\r{percent:3d} %", end="", file=sys.stderr, flush=True)
        if report.finished:
            if self._shown >= 0:
                print("\r", end="", file=sys.stderr)
            print("avrcase: " + _("the store is updated for this version.") + (" " + ngettext(
                "The search keys of %(n)d person were rebuilt.", "The search keys of %(n)d people were rebuilt.",
                report.total) % {"n": report.total} if report.total else ""), file=sys.stderr, flush=True)


def require_existing_store(url: str) -> None:
    """``StoreError`` when ``url`` names a SQLite file that is missing or empty (nothing made, nothing changed)."""
    path = sqlite_path(url)
    if path is not None and not (path.is_file() and path.stat().st_size > 0) and not path.is_dir():
        raise StoreError(_("There is no avrcase store at %(path)s; check the path (“avrcase db upgrade” makes a new "
                           "store).") % {"path": path})


def cli_actor(engine: Engine) -> Actor:
    """Sign in the member of staff the command acts as (``--user`` or ``$AVRCASE_USER``, then a password).

    Without the cyclic collector: the first query maps the store's models (SQLAlchemy configures every mapper then),
    and the collector ran about 25 times over what that makes, which lasts as long as the process (#14).
    """
    with avrcase.collection_held(lasting=True):
        return sign_in(engine, _sign_in_user)


#: Who ``--user`` names for this run (``main`` sets it through ``remember_user``).
_sign_in_user: str | None = None
#: The clock this run takes time from, built once in ``main`` (``services.clock``).
_clock: Clock | None = None


def cli_clock() -> Clock:
    """The clock of this command-line run (the system clock ``main`` built)."""
    global _clock
    if _clock is None:
        _clock = clock.system_clock()
    return _clock


def start_run(username: str | None) -> None:
    """Start a run: remember ``--user``, build the run's clock, forget the previous run's password."""
    global _clock
    _clock = clock.system_clock()
    remember_user(username)


def user_of_this_run() -> str | None:
    """The user ``--user`` named for this run, if any (else ``$AVRCASE_USER`` decides at sign-in)."""
    return _sign_in_user


def signed_in_command(run: Callable[[argparse.Namespace, Engine, Actor], int],
                      check: Callable[[argparse.Namespace], object] | None = None) -> Callable[[argparse.Namespace], int]:
    """A command handler: ``check(args)`` before the store is opened, open it, sign in, ``run(args, engine, actor)``, close."""
    def handler(args: argparse.Namespace) -> int:
        if check is not None:
            check(args)
        engine = open_engine(args)
        try:
            return run(args, engine, cli_actor(engine))
        finally:
            engine.dispose()

    return handler


def engine_command(run: Callable[[argparse.Namespace, Engine], int],
                   create: Callable[[argparse.Namespace], bool] = lambda _args: False
                   ) -> Callable[[argparse.Namespace], int]:
    """A command handler that signs in itself (or not at all): open the store (made when ``create(args)``),
    ``run(args, engine)``, close it."""
    def handler(args: argparse.Namespace) -> int:
        engine = open_engine(args, create=create(args))
        try:
            return run(args, engine)
        finally:
            engine.dispose()

    return handler


def remember_user(username: str | None) -> None:
    """Remember the ``--user`` of this run and forget the previous run's password (``main`` calls this first)."""
    global _sign_in_user
    _sign_in_user = username
    forget_password()


def iso(value: object) -> object:
    """JSON for what ``json`` cannot write itself: dates as ISO text, enums as their value, bytes left out."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return None
    raise TypeError(type(value).__name__)


def safe_url(engine: Engine) -> str:
    """The store's URL with any password hidden, fit to print (a SQLite file's path as it is named, not escaped)."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        return f"sqlite:///{engine.url.database}"
    return engine.url.render_as_string(hide_password=True)


def display_width(text: str) -> int:
    """The columns ``text`` takes in a terminal: combining marks and joiners none (the tone mark of Ẹ̀, a Tamil
    vowel sign), wide East Asian characters two."""
    width = 0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _padded(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def print_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as aligned columns under a header, then how many there were."""
    texts = [[str(v) for v in row] for row in rows]
    widths = [max([display_width(h), *(display_width(r[i]) for r in texts)]) for i, h in enumerate(header)]
    print("  ".join(_padded(h, w) for h, w in zip(header, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in texts:
        print("  ".join(_padded(v, w) for v, w in zip(row, widths, strict=True)).rstrip())
    print(ngettext("%(n)s case", "%(n)s cases", len(rows)) % {"n": len(rows)})


def print_listing(write: Callable[[], object]) -> BrokenPipeError | None:
    """Run ``write``, which prints a listing; a reader that stopped early (``| head``) is returned rather than raised,
    so that what was printed still goes on the audit trail before the command ends as it would have."""
    try:
        write()
    except BrokenPipeError as exc:
        return exc
    return None


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“%(v)s” is not a whole number") % {"v": text}) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


# ---------------------------------------------------------------- signing in

ENV_USER = "AVRCASE_USER"
ENV_PASSWORD = "AVRCASE_PASSWORD"
ENV_NEW_PASSWORD = "AVRCASE_NEW_PASSWORD"
ENV_RECOVERY_KEY = "AVRCASE_RECOVERY_KEY"


def _ask(prompt: str, env: str = ENV_PASSWORD) -> str:
    if not sys.stdin.isatty():
        raise AvrcaseError(_("No password given: set %(env)s or run the command in a terminal.") % {"env": env})
    return getpass.getpass(prompt)


#: The password given once for this run: it unlocked an encrypted store and then signs in with it.
_given_password: list[str] = []


def ask_password(name: str) -> str:
    """The password for this run: ``$AVRCASE_PASSWORD``, the one already given, or a prompt (asked once)."""
    password = os.environ.get(ENV_PASSWORD)
    if password is None:
        password = _given_password[0] if _given_password else _ask(_("Password for %(user)s: ") % {"user": name})
    _given_password[:] = [password]
    return password


def forget_password() -> None:
    """Forget the password and the signed-in user of the previous run (``main`` calls this first)."""
    _given_password.clear()
    signed_in.set(None)


def who_signs_in(username: str | None) -> str:
    """The user name from ``--user`` or ``$AVRCASE_USER``; one clear line when there is none."""
    name = (username or os.environ.get(ENV_USER) or "").strip()
    if not name:
        raise AvrcaseError(_("Who is signing in? Give --user NAME or set %(env)s.") % {"env": ENV_USER})
    return name


def sign_in(engine: Engine, username: str | None, *, changing_password: bool = False) -> Actor:
    """Sign in for this run; raises ``AvrcaseError`` with one line when it fails. A password an administrator
    set refuses every command but the one that changes it (``avrcase user password``, ``changing_password``),
    as the app lets its owner do nothing else."""
    name = who_signs_in(username)
    with unit_of_work(engine, write=False) as session:
        if accounts.needs_first_administrator(session):
            raise AvrcaseError(_("Nobody can sign in to this store yet: create the administrator first with "
                                 "'avrcase user add NAME --name \"FULL NAME\" --role administrator'."))
    password = ask_password(name)
    with unit_of_work(engine) as session:
        outcome = accounts.authenticate(session, name, password, refuse_set_password=not changing_password)
    if not outcome.ok:
        raise AvrcaseError(outcome.message)
    if outcome.trail_warning:  # the command runs all the same; a script sees the line on stderr
        print(f"avrcase: {outcome.trail_warning}", file=sys.stderr)
    signed_in.set(outcome.actor)
    return outcome.actor


def sign_in_unless_first_run(engine: Engine, username: str | None) -> Actor:
    """``SYSTEM`` on a store nobody can sign in to yet (its first run), else ``sign_in``."""
    with unit_of_work(engine, write=False) as session:
        if accounts.needs_first_administrator(session):
            return SYSTEM
    return sign_in(engine, username)


def new_password() -> str:
    password = os.environ.get(ENV_NEW_PASSWORD)
    if password is not None:
        return password
    first = _ask(_("New password: "), ENV_NEW_PASSWORD)  # (it named $AVRCASE_PASSWORD, the signing-in one)
    if _ask(_("The same password again: "), ENV_NEW_PASSWORD) != first:
        raise AvrcaseError(_("The two passwords differ; nothing was changed."))
    return first


def store_key_for(url: str, username: str | None) -> StoreKey | None:
    """The ``StoreKey`` that opens the store at ``url``, or ``None`` for a plain store or a server."""
    path = sqlite_path(url)
    if not encryption.store_is_encrypted(path):
        return None
    recovery = os.environ.get(ENV_RECOVERY_KEY)
    if recovery:
        return encryption.unlock_with_recovery(path, recovery)
    name = who_signs_in(username)
    return encryption.unlock(path, name, ask_password(name))

