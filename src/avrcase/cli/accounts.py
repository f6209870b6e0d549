"""The ``avrcase user …`` and ``avrcase audit …`` commands.

Signing in (``--user``, ``$AVRCASE_USER``, ``$AVRCASE_PASSWORD``) and new passwords
(``$AVRCASE_NEW_PASSWORD`` or asked twice) are shared with every command: ``avrcase.cli.common``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from avrcase.cli.args import date_type, int_range
from avrcase.cli.common import (EXIT_OK, ask_password, engine_command, new_password, sign_in,
                                sign_in_unless_first_run)
from avrcase.domain.codes import StaffRole
from avrcase.domain.errors import AvrcaseError, NotFoundError
from avrcase.i18n import _, ngettext
from avrcase.services import audit, audit_checkpoint, audit_explain
from avrcase.services.accounts import accounts, users
from avrcase.services.backup import backup_records
from avrcase.services.clock import clock_of
from avrcase.services.data_protection import audit_keys, audit_trail
from avrcase.services.dto import Actor
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work

# ---------------------------------------------------------------- commands

def run_user(args: argparse.Namespace, engine) -> int:
    """``avrcase user add|list|deactivate|reset-password|password``."""
    if args.user_command == "add":
        role = StaffRole(args.role)
        actor = sign_in_unless_first_run(engine, getattr(args, "sign_in_user", None))
        password = new_password()
        with unit_of_work(engine, actor=actor) as session:
            if actor is SYSTEM:
                if role != StaffRole.ADMINISTRATOR:
                    raise AvrcaseError(_("The first account of a store is its administrator: use --role administrator."))
                accounts.create_first_administrator(session, args.username, args.name, password)
            else:
                accounts.add_account(session, actor, args.username, args.name, role, password)
        print(_("Account %(user)s added (%(role)s).") % {"user": args.username.strip().lower(), "role": role.label})
        return EXIT_OK
    actor = sign_in(engine, getattr(args, "sign_in_user", None), changing_password=args.user_command == "password")
    if args.user_command == "password":
        return _change_own_password(engine, actor)
    if args.user_command == "list":
        with unit_of_work(engine, write=False) as session:
            rows = users.list_users(session, actor, active_only=not args.all)
        for row in rows:
            state = "" if row.active else _("deactivated")
            print("  ".join(v for v in (row.username.ljust(16), row.display_name.ljust(30), row.role.label.ljust(22), state) if v).rstrip())
        return EXIT_OK
    with unit_of_work(engine, write=False) as session:
        target = _user_id(session, actor, args.username)
    if args.user_command == "deactivate":
        with unit_of_work(engine) as session:
            accounts.deactivate(session, actor, target)
        print(_("Account %(user)s deactivated; its name stays on everything it did.") % {"user": args.username})
        return EXIT_OK
    password = new_password()
    with unit_of_work(engine) as session:
        accounts.reset_password(session, actor, target, password)
    print(_("New password set for %(user)s; they must change it at their next sign-in.") % {"user": args.username})
    return EXIT_OK


def _change_own_password(engine, actor: Actor) -> int:
    """``avrcase user password``: the signed-in person replaces the password they signed in with (the one an
    administrator set, say); in an encrypted store their key slot follows it."""
    current = ask_password(actor.username)  # the one this run signed in with: not asked again
    new = new_password()
    with unit_of_work(engine, actor=actor) as session:
        accounts.change_own_password(session, actor, current, new)
    print(_("Your password is changed; sign in with the new one from now on."))
    return EXIT_OK


def _user_id(session, actor: Actor, username: str) -> int:
    row = next((u for u in users.list_users(session, actor, active_only=False) if u.username == username.strip().lower()), None)
    if row is None:
        raise NotFoundError(_("There is no user “%(name)s”.") % {"name": username})
    return row.id


def run_audit(args: argparse.Namespace, engine) -> int:
    """``avrcase audit verify`` and ``avrcase audit list``."""
    actor = sign_in(engine, getattr(args, "sign_in_user", None))
    if args.audit_command == "verify":
        with unit_of_work(engine, write=False) as session:
            result = audit_checkpoint.verify_and_note(session, actor, args.anchor)
            unnoted = backup_records.missing_notes(backup_records.records_in(session)) if result.ok else []
        if not result.ok:
            raise AvrcaseError(_("the audit trail is broken: %(problem)s") % {"problem": result.problem})
        print(ngettext("The audit trail is intact: %(n)d entry checked; the last one's hash is %(hash)s.",
                       "The audit trail is intact: %(n)d entries checked; the last one's hash is %(hash)s.", result.entries)
              % {"n": result.entries, "hash": result.last_hash})
        print(_("Anchor: %(anchor)s") % {"anchor": result.anchor})
        for line in audit_explain.explain(result):
            print(line)
        if unnoted:  # the trail is intact; this computer's other note of its backups is not
            print("avrcase: " + backup_records.missing_notes_message(unnoted), file=sys.stderr)
        return EXIT_OK
    if args.audit_command == "key":
        return _run_key(args, engine, actor)
    if args.date_from and args.date_to and args.date_to < args.date_from:  # printed nothing, exit 0
        raise AvrcaseError(_("The period ends before it begins."))
    query = audit_trail.AuditQuery(username=args.filter_user or "", case_number=args.case or "",
                                   action=args.action or "", date_from=args.date_from, date_to=args.date_to,
                                   limit=args.limit)
    with unit_of_work(engine, write=False) as session:
        if args.case:
            audit_trail.require_case(session, actor, args.case)
        rows = audit_trail.list_entries(session, actor, query)
        zone = clock_of(session).zone  # the office's time, as every screen shows it (not this computer's zone)
    for row in reversed(rows):  # oldest first, like a log
        when = row.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
        target = f"{row.entity}#{row.entity_id}" if row.entity_id is not None else row.entity
        print("\t".join((str(row.seq), when, row.username, row.action, target, row.case_number, _one_cell(row.summary))))
    return EXIT_OK


def _one_cell(text: str) -> str:
    """A value in one tab-separated cell, escaped as PostgreSQL's text format does: an address or a note with a line
    break or a tab split an entry over lines or cells of the listing."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _run_key(args: argparse.Namespace, engine, actor: Actor) -> int:
    """``avrcase audit key show|export|import``."""
    with unit_of_work(engine, write=args.key_command != "show") as session:
        if args.key_command == "show":
            keys = audit_keys.show_keys(session, actor)
        elif args.key_command == "export":
            key = audit_keys.export_key(session, actor, args.out)
        elif args.key_command == "accept-restore":
            audit_keys.accept_restore(session, actor)
        else:
            key = audit_keys.import_key(session, actor, args.file, seal_with=args.seal)
    if args.key_command == "show":
        print(_("Audit key file: %(path)s") % {"path": keys.path})
        print(_("Sealing key: %(id)s") % {"id": keys.sealing or _("none yet (made at this computer's first change)")})
        for other in keys.others:
            print(_("Also checks seals of key: %(id)s") % {"id": other})
        for lost in keys.lost:  # as ``audit verify`` warns: the seals made with it here cannot be checked
            print(_("Lost key (held here before, no longer in the file; its seals cannot be checked): %(id)s")
                  % {"id": lost})
        if keys.lost:
            print(_("Put the old key file back from a backup of this computer, or import the lost keys from a "
                    "computer that holds them (“avrcase audit key import”)."))
    elif args.key_command == "accept-restore":
        print(_("This computer now takes the restored audit trail as it is; “avrcase audit verify” checks from here on."))
    elif args.key_command == "export":
        print(_("Audit key %(id)s written to %(path)s. Keep it like a password; import it on the office's other "
                "computers with “avrcase audit key import”.") % {"id": key, "path": args.out})
    else:
        print((_("Audit key %(id)s imported; this computer seals with it from now on.") if args.seal else
               _("Audit key %(id)s imported; its seals can be checked here.")) % {"id": key})
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
    own = user_sub.add_parser("password", help=_("change your own password ($AVRCASE_NEW_PASSWORD or asked twice)"))
    for parser in (add, listing, deactivate, reset, own):
        db_option(parser)
        # Only the first "user add" may make the store (its administrator); the rest need one that is there.
        parser.set_defaults(func=engine_command(run_user, create=lambda args: args.user_command == "add"))

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
    key = trail_sub.add_parser("key", help=_("this computer's audit keys, which seal the trail"))
    key_sub = key.add_subparsers(dest="key_command", metavar="ACTION", required=True, parser_class=user.__class__)
    show = key_sub.add_parser("show", help=_("the id of this computer's sealing key and of the other keys it holds"))
    export = key_sub.add_parser("export", help=_("write this computer's sealing key to a new file (administrators)"))
    export.add_argument("--out", required=True, type=Path, metavar="FILE")
    load = key_sub.add_parser("import", help=_("take a key exported on another computer (administrators)"))
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--seal", action="store_true", help=_("seal with it from now on (one key for the whole office)"))
    accept = key_sub.add_parser("accept-restore", help=_(
        "after restoring the store with other tools (a PostgreSQL dump), or making it anew where another was: "
        "take its audit trail as it is now"))
    for parser in (show, export, load, accept):
        db_option(parser)
    for parser in (verify, listing, show, export, load, accept):
        parser.set_defaults(func=engine_command(run_audit))
