"""Command-line sign-in and the ``avrcase user …`` and ``avrcase audit …`` commands.

Every command that reads or changes cases signs in first: the user name comes from ``--user`` or
``$AVRCASE_USER``, the password from ``$AVRCASE_PASSWORD`` or a prompt. A wrong password is one line
and exit 1. New passwords (``user add``, ``user reset-password``) come from ``$AVRCASE_NEW_PASSWORD``
or are asked for twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from avrcase.cli_args import date_type, int_range
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import AvrcaseError, NotFoundError
from avrcase.i18n import _
from avrcase.services import accounts, audit, audit_trail, users
from avrcase.services.dto import Actor
from avrcase.services.uow import signed_in, unit_of_work

ENV_USER = "AVRCASE_USER"
ENV_PASSWORD = "AVRCASE_PASSWORD"
ENV_NEW_PASSWORD = "AVRCASE_NEW_PASSWORD"
EXIT_OK, EXIT_ERROR = 0, 1


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise AvrcaseError(_("No password given: set %(env)s or run the command in a terminal.") % {"env": ENV_PASSWORD})
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
    """Forget the password of the previous run (``main`` calls this first)."""
    _given_password.clear()


def who_signs_in(username: str | None) -> str:
    """The user name from ``--user`` or ``$AVRCASE_USER``; one clear line when there is none."""
    name = (username or os.environ.get(ENV_USER) or "").strip()
    if not name:
        raise AvrcaseError(_("Who is signing in? Give --user NAME or set %(env)s.") % {"env": ENV_USER})
    return name


def sign_in(engine, username: str | None) -> Actor:
    """Sign in for this run; raises ``AvrcaseError`` with one line when it fails."""
    name = who_signs_in(username)
    with unit_of_work(engine, write=False) as session:
        if accounts.needs_first_administrator(session):
            raise AvrcaseError(_("Nobody can sign in to this store yet: create the administrator first with "
                                 "'avrcase user add NAME --name \"FULL NAME\" --role administrator'."))
    password = ask_password(name)
    with unit_of_work(engine) as session:
        outcome = accounts.authenticate(session, name, password)
    if not outcome.ok:
        raise AvrcaseError(outcome.message)
    if outcome.must_change_password:
        print(_("avrcase: your password was set by an administrator; please change it in the app."), file=sys.stderr)
    signed_in.set(outcome.actor)
    return outcome.actor


def sign_in_unless_first_run(engine, username: str | None) -> Actor | None:
    """``None`` on a store nobody can sign in to yet (demo data may go there), else ``sign_in``."""
    with unit_of_work(engine, write=False) as session:
        if accounts.needs_first_administrator(session):
            return None
    return sign_in(engine, username)


def _new_password() -> str:
    password = os.environ.get(ENV_NEW_PASSWORD)
    if password is not None:
        return password
    first = _ask(_("New password: "))
    if _ask(_("The same password again: ")) != first:
        raise AvrcaseError(_("The two passwords differ; nothing was changed."))
    return first


# ---------------------------------------------------------------- commands

def run_user(args: argparse.Namespace, engine) -> int:
    """``avrcase user add|list|deactivate|reset-password``."""
    if args.user_command == "add":
        role = StaffRole(args.role)
        actor = sign_in_unless_first_run(engine, getattr(args, "sign_in_user", None))
        password = _new_password()
        with unit_of_work(engine, actor=actor) as session:
            if actor is None:
                if role != StaffRole.ADMINISTRATOR:
                    raise AvrcaseError(_("The first account of a store is its administrator: use --role administrator."))
                accounts.create_first_administrator(session, args.username, args.name, password)
            else:
                accounts.add_account(session, actor, args.username, args.name, role, password)
        print(_("Account %(user)s added (%(role)s).") % {"user": args.username.strip().lower(), "role": role.label})
        return EXIT_OK
    actor = sign_in(engine, getattr(args, "sign_in_user", None))
    if args.user_command == "list":
        with unit_of_work(engine, write=False) as session:
            rows = users.list_users(session, actor, active_only=not args.all)
        for row in rows:
            state = "" if row.active else _("deactivated")
            print("  ".join(v for v in (row.username.ljust(16), row.display_name.ljust(30), row.role.label.ljust(22), state) if v).rstrip())
        return EXIT_OK
    with unit_of_work(engine, write=False) as session:
        target = _user_id(session, args.username)
    if args.user_command == "deactivate":
        with unit_of_work(engine) as session:
            accounts.deactivate(session, actor, target)
        print(_("Account %(user)s deactivated; its name stays on everything it did.") % {"user": args.username})
        return EXIT_OK
    password = _new_password()
    with unit_of_work(engine) as session:
        accounts.reset_password(session, actor, target, password)
    print(_("New password set for %(user)s; they must change it at their next sign-in.") % {"user": args.username})
    return EXIT_OK


def _user_id(session, username: str) -> int:
    row = next((u for u in users.list_users(session, None, active_only=False) if u.username == username.strip().lower()), None)
    if row is None:
        raise NotFoundError(_("There is no user “%(name)s”.") % {"name": username})
    return row.id


def run_audit(args: argparse.Namespace, engine) -> int:
    """``avrcase audit verify`` and ``avrcase audit list``."""
    actor = sign_in(engine, getattr(args, "sign_in_user", None))
    if args.audit_command == "verify":
        with unit_of_work(engine, write=False) as session:
            result = audit.verify(session, actor, args.anchor)
        if not result.ok:
            raise AvrcaseError(_("the audit trail is broken: %(problem)s") % {"problem": result.problem})
        print(_("The audit trail is intact: %(n)d entries checked; the last one's hash is %(hash)s.")
              % {"n": result.entries, "hash": result.last_hash})
        print(_("Anchor: %(anchor)s") % {"anchor": result.anchor})
        print(_("Proved: no entry was edited, removed, inserted or reordered, and redacted entries still name "
                "who did what, when, to which row."))
        if result.keyed:
            print(_("The chain is keyed with the store's key: nobody without it can recompute the hashes."))
        else:
            print(_("Not proved: the chain is not keyed, so someone who can write to the store could rewrite "
                    "entries and recompute every hash after them."))
        if result.anchor_checked:
            print(_("The anchor is in the chain: no entry up to it was cut off or recomputed."))
        else:
            print(_("Not proved: that entries were not cut off the end; note the anchor (or the one on a backup's "
                    "manifest) and check it later with --anchor SEQ:HASH."))
        return EXIT_OK
    query = audit_trail.AuditQuery(username=args.filter_user or "", case_number=args.case or "",
                                   action=args.action or "", date_from=args.date_from, date_to=args.date_to,
                                   limit=args.limit)
    with unit_of_work(engine, write=False) as session:
        rows = audit_trail.list_entries(session, actor, query)
    for row in reversed(rows):  # oldest first, like a log
        when = row.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        target = f"{row.entity}#{row.entity_id}" if row.entity_id is not None else row.entity
        print("\t".join((str(row.seq), when, row.username, row.action, target, row.case_number, row.summary)))
    return EXIT_OK


def _anchor(text: str) -> tuple[int, str]:
    try:
        return audit.parse_anchor(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("“%(v)s” is not an anchor like 1234:<64 hex digits>") % {"v": text[:80]}) from None


def add_parsers(sub, db_option) -> None:
    """Add ``user`` and ``audit`` to the command line; ``db_option`` adds --db (and --user for sign-in)."""
    user = sub.add_parser("user", help=_("staff accounts"))
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True, parser_class=user.__class__)
    add = user_sub.add_parser("add", help=_("add an account (the first one is the administrator)"))
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--name", required=True, metavar="FULL_NAME", help=_("the person's name as shown in the app"))
    add.add_argument("--role", required=True, choices=[r.value for r in StaffRole])
    listing = user_sub.add_parser("list", help=_("list accounts"))
    listing.add_argument("--all", action="store_true", help=_("deactivated accounts too"))
    deactivate = user_sub.add_parser("deactivate", help=_("stop an account from signing in (never deleted)"))
    deactivate.add_argument("username", metavar="USERNAME")
    reset = user_sub.add_parser("reset-password", help=_("give an account a new password to change at next sign-in"))
    reset.add_argument("username", metavar="USERNAME")
    for parser in (add, listing, deactivate, reset):
        db_option(parser)
        parser.set_defaults(func=lambda args, run=run_user: _with_engine(args, run))

    trail = sub.add_parser("audit", help=_("the audit trail"))
    trail_sub = trail.add_subparsers(dest="audit_command", metavar="ACTION", required=True, parser_class=user.__class__)
    verify = trail_sub.add_parser("verify", help=_("check that no entry was edited, removed or reordered"))
    verify.add_argument("--anchor", type=_anchor, metavar="SEQ:HASH",
                        help=_("an anchor noted earlier (audit verify, a backup's manifest): it must still be in the chain"))
    db_option(verify)
    listing = trail_sub.add_parser("list", help=_("list entries, oldest first (sign in with $AVRCASE_USER or avrcase --user NAME)"))
    db_option(listing, sign_in=False)
    listing.add_argument("--case", metavar="CASE_NUMBER", help=_("only entries about this case"))
    listing.add_argument("--user", dest="filter_user", metavar="NAME", help=_("only entries by this user"))
    listing.add_argument("--action", choices=audit_trail.ACTIONS, metavar="ACTION")
    listing.add_argument("--from", dest="date_from", type=date_type, metavar="DATE")
    listing.add_argument("--to", dest="date_to", type=date_type, metavar="DATE")
    listing.add_argument("--limit", type=int_range(1, 10_000_000), default=1000, metavar="N", help=_("the newest N entries (default 1000)"))
    for parser in (verify, listing):
        parser.set_defaults(func=lambda args, run=run_audit: _with_engine(args, run))


def _with_engine(args: argparse.Namespace, run) -> int:
    from avrcase.cli import open_engine

    engine = open_engine(args)
    try:
        return run(args, engine)
    finally:
        engine.dispose()
