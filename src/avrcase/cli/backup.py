"""Command-line side of backups: ``avrcase db backup``, ``db backups``, ``db backup-settings``, ``db restore``."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
from pathlib import Path

from avrcase.cli import common as cli
from avrcase.cli.common import (
    ENV_RECOVERY_KEY,
    ask_password,
    cli_actor,
    cli_clock,
    open_engine,
    sign_in,
    signed_in_command,
    who_signs_in,
)
from avrcase.domain.errors import AvrcaseError, StoreError
from avrcase.i18n import _, counted, ngettext
from avrcase.services.accounts import encryption
from avrcase.services.backup import backup_records, backups, restore
from avrcase.services.backup.copies import SCRATCH, copy_store
from avrcase.services.permissions import Permission, require
from avrcase.services.uow import unit_of_work
from avrcase.store.engine import resolve_url, sqlite_path, store_key_of
from avrcase.store.probe import sqlite_file_url
from avrcase.store.schema import open_store

EXIT_OK = 0


def add_parsers(db_sub, db_option) -> None:
    """Add the backup and restore actions to ``avrcase db``."""
    backup = db_sub.add_parser("backup", help=_("make a verified backup (to FILE, or to the office's backup folder)"))
    backup.add_argument("--out", type=Path, metavar="FILE",
                        help=_("write the backup to FILE (administrators); without it, a scheduled backup to the "
                               "office's backup folder, which is then rotated"))
    db_option(backup)
    backup.set_defaults(func=signed_in_command(run_backup))

    listing = db_sub.add_parser("backups", help=_("list the backups in the office's backup folder with their status"))
    listing.add_argument("--folder", type=Path, metavar="DIR", help=_("list this folder instead (no sign-in needed)"))
    db_option(listing)
    listing.set_defaults(func=run_list)

    settings = db_sub.add_parser("backup-settings", help=_("show or set the backup folder and how many backups to keep"))
    settings.add_argument("--folder", metavar="DIR", help=_("the backup folder (\"\" turns scheduled backups off)"))
    for name, what in (("keep-daily", _("daily backups kept")), ("keep-weekly", _("weekly backups kept")),
                       ("keep-monthly", _("monthly backups kept")),
                       ("max-age-days", _("warn when the last good backup is older than this many days"))):
        settings.add_argument(f"--{name}", type=int, metavar="N", help=what)
    db_option(settings)
    settings.set_defaults(func=signed_in_command(run_settings))

    restore = db_sub.add_parser("restore", help=_("replace the store with a backup (the current store is kept)"))
    restore.add_argument("backup", type=Path, metavar="FILE", help=_("the backup file"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    restore.add_argument("--accept-broken-trail", action="store_true", help=_(
        "restore even when the backup's audit trail does not verify (the office's last copy; the restore's audit "
        "entry names what is broken)"))
    restore.add_argument("--from-another-store", action="store_true", help=_(
        "restore a backup of another store (another office's, a demo or test store) over this one although it holds "
        "cases; without it such a restore is refused"))
    db_option(restore)
    restore.set_defaults(func=run_restore)




def run_backup(args: argparse.Namespace, engine, actor) -> int:
    """Write one backup and say where, with its checksum."""
    with unit_of_work(engine) as session:
        if args.out is not None:
            manifest = backups.back_up_store(session, actor, args.out, now=cli_clock().now())
            where = args.out.expanduser().resolve()
        else:
            manifest = backups.run_scheduled_backup(session, actor, now=cli_clock().now())
            where = Path(backups.get_backup_settings(session, actor).folder) / manifest.file
    print(_("Backup written to %(path)s: %(cases)s, schema %(rev)s, checked.")
          % {"path": where, "cases": counted.cases(manifest.counts.get("cases", 0)), "rev": manifest.schema_revision})
    print(f"sha256 {manifest.sha256}")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """List the backups of a folder (the office's, or ``--folder``) with their status."""
    folder, records = args.folder, backup_records.StoreRecords()
    if folder is None:
        engine = open_engine(args)
        try:
            actor = cli_actor(engine)
            with unit_of_work(engine, write=False) as session:
                configured = backups.get_backup_settings(session, actor).folder
            store, key = sqlite_path(engine.url.render_as_string(hide_password=False)), store_key_of(engine)
        finally:
            engine.dispose()
        if not configured:
            raise AvrcaseError(_("No backup folder is set; set one with “avrcase db backup-settings --folder DIR”."))
        folder = Path(configured)
        records = backup_records.read_records(store, key, actor)  # each backup as the store's trail recorded it
    rows = backups.list_backups(folder, records)
    header = ("file", "made_at", "kind", "made_by", "cases", "schema", "encrypted", "status")
    table = [(r.path.name, r.created_at.isoformat(timespec="seconds") if r.created_at else "", r.kind, r.made_by,
              "" if r.cases is None else str(r.cases), r.schema_revision or "", "yes" if r.encrypted else "no", r.status)
             for r in rows]
    widths = [max([len(h), *(len(t[i]) for t in table)]) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    for line in table:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    print(ngettext("%(n)d backup in %(folder)s", "%(n)d backups in %(folder)s", len(rows)) % {"n": len(rows), "folder": folder})
    bad = [r for r in rows if not r.ok]
    if bad:  # exit 1 said nothing on stderr
        print("avrcase: " + ngettext("%(n)d backup did not check out: %(files)s.", "%(n)d backups did not check out: "
                                     "%(files)s.", len(bad)) % {"n": len(bad), "files": ", ".join(r.path.name for r in bad)},
              file=sys.stderr)
    unnoted = backup_records.missing_notes(records)
    if unnoted:
        print("avrcase: " + backup_records.missing_notes_message(unnoted), file=sys.stderr)
    return 1 if bad or unnoted else EXIT_OK


def run_settings(args: argparse.Namespace, engine, actor) -> int:
    """Show the backup settings, changing the ones given first."""
    changes = {name: value for name, value in (("folder", args.folder), ("keep_daily", args.keep_daily),
                                                ("keep_weekly", args.keep_weekly), ("keep_monthly", args.keep_monthly),
                                                ("max_age_days", args.max_age_days)) if value is not None}
    with unit_of_work(engine) as session:
        settings = backups.get_backup_settings(session, actor)
        if changes:
            settings = backups.save_backup_settings(session, actor, dataclasses.replace(settings, **changes))
    print(_("Backup folder: %(folder)s") % {"folder": settings.folder or _("(none: scheduled backups are off)")})
    print(_("Kept: %(daily)d daily, %(weekly)d weekly, %(monthly)d monthly; warning after %(days)d days without a good backup.")
          % {"daily": settings.keep_daily, "weekly": settings.keep_weekly, "monthly": settings.keep_monthly,
             "days": settings.max_age_days})
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    """Check a backup, say what it holds, confirm, keep the current store and swap."""
    url = resolve_url(getattr(args, "db", None))
    store = sqlite_path(url)
    if store is None:
        raise StoreError(_("A store on a database server is restored with the server's own tools."))
    backup = args.backup.expanduser().resolve()
    restore.refuse_the_store_itself(store, backup)
    if not backup.is_file():
        raise StoreError(_("There is no backup file %(path)s.") % {"path": backup})
    backup_key = _backup_key(backup, args)
    contents = restore.inspect_backup(backup, backup_key)
    current_key = None
    try:
        engine = cli.open_engine(args)
    except StoreError as exc:
        if store.exists() and store.stat().st_size > 0:
            print(_("avrcase: the current store does not open (%(reason)s); it will be moved aside.")
                  % {"reason": exc.message}, file=sys.stderr)
        actor = _sign_in_to_backup(backup, backup_key, args)
    else:
        try:
            actor = cli.cli_actor(engine)
            current_key = store_key_of(engine)
        finally:
            engine.dispose()
    require(actor, Permission.STORE_MAINTAIN)  # before what the backup holds is shown (refused in one line)
    contents = restore.checked_against_store(store, current_key, contents, actor)  # its own record of the backup
    _describe(contents)
    restore.refuse_a_cut_trail(contents, accept=args.accept_broken_trail)  # before the question, nothing changed
    if contents.trail_warning:
        print(_("Warning: %(warning)s") % {"warning": contents.trail_warning}, file=sys.stderr)
    foreign = restore.another_store_than(store, current_key, contents)
    if foreign and not args.from_another_store:
        raise AvrcaseError(foreign + " " + _("Nothing was changed; add --from-another-store if that is what you mean."))
    if foreign:
        print(foreign)
    if not args.yes:
        if not sys.stdin.isatty():
            raise AvrcaseError(_("Add --yes to restore without a question; nothing was changed."))
        if input(_("Replace the store %(path)s with this backup? [y/N] ") % {"path": store}).strip().lower() not in ("y", "yes"):
            print(_("Nothing was changed."))
            return EXIT_OK
    result = restore.restore_backup(store, backup, actor=actor, backup_key=backup_key, current_key=current_key, now=cli_clock().now(),
                                    inspected=contents, accept_broken_trail=args.accept_broken_trail,
                                    accept_another_store=args.from_another_store, progress=cli.StoreUpdateLines())
    print(_("The store was restored from %(file)s.") % {"file": backup.name})
    if result.safety_copy is not None:
        print(_("The previous store was kept as %(path)s.") % {"path": result.safety_copy})
    return EXIT_OK


def _backup_key(backup: Path, args: argparse.Namespace):
    """The key of an encrypted backup: its own key slots opened with the password (or the recovery key)."""
    if not restore.is_encrypted_file(backup):
        return None
    recovery = os.environ.get(ENV_RECOVERY_KEY)
    if recovery:
        return encryption.unlock_with_recovery(backup, recovery)
    name = who_signs_in(cli.user_of_this_run())
    return encryption.unlock(backup, name, ask_password(name))


def _sign_in_to_backup(backup: Path, key, args: argparse.Namespace):
    """When the current store cannot be opened: sign in against a scratch copy of the backup instead."""
    with tempfile.TemporaryDirectory(prefix="avrcase-restore-") as folder:
        scratch = Path(folder) / "scratch.sqlite"
        copy_store(backup, key, scratch, now=cli_clock().now(), made_by="", kind=SCRATCH)
        engine = open_store(sqlite_file_url(scratch), key=key, backup_first=False, progress=cli.StoreUpdateLines())
        try:
            return sign_in(engine, cli.user_of_this_run())
        finally:
            engine.dispose()


def _describe(contents) -> None:
    print(_("Backup %(file)s: %(cases)s, schema %(rev)s%(older)s, %(enc)s.") % {
        "file": contents.path.name, "cases": counted.cases(contents.cases), "rev": contents.schema_revision,
        "older": _(" (older: it will be upgraded)") if contents.needs_migration else "",
        "enc": _("encrypted") if contents.encrypted else _("not encrypted")})
    if contents.made_at is not None:
        print(_("Made %(at)s by %(who)s.") % {"at": contents.made_at.isoformat(timespec="seconds"), "who": contents.made_by})
    if contents.last_change_at is not None:
        print(_("Last change on record: %(at)s by %(who)s.")
              % {"at": contents.last_change_at.isoformat(timespec="seconds"), "who": contents.last_change_by})
