"""Command-line side of encryption at rest: unlocking an encrypted store and ``avrcase db encrypt``.

How the command line unlocks: when the store file is encrypted, the user named by ``--user`` /
``$AVRCASE_USER`` gives their password (``$AVRCASE_PASSWORD`` or a prompt, asked once per run); it
opens their key slot, the key opens the store, and the same password then signs them in. With
``$AVRCASE_RECOVERY_KEY`` set, the recovery key opens the store instead (sign-in still follows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from avrcase.cli import common as cli
from avrcase.cli.common import ask_password
from avrcase.documents import recovery_sheet
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, ngettext
from avrcase.services import outgoing
from avrcase.services.accounts import encryption
from avrcase.services.clock import engine_clock
from avrcase.services.uow import unit_of_work


def add_parser(db_sub, db_option) -> None:
    """``avrcase db encrypt``."""
    encrypt = db_sub.add_parser("encrypt", help=_("encrypt a plain store (a verified backup is made first)"))
    db_option(encrypt)
    encrypt.add_argument("--recovery-sheet", metavar="PDF", type=Path,
                         help=_("also write the recovery sheet for the office safe to this PDF file"))
    encrypt.set_defaults(func=cmd_db_encrypt)
    reissue = db_sub.add_parser("new-recovery-key",
                                help=_("issue a new recovery key for an encrypted store; the old one stops working"))
    db_option(reissue)
    reissue.add_argument("--recovery-sheet", metavar="PDF", type=Path,
                         help=_("also write the recovery sheet for the office safe to this PDF file"))
    reissue.set_defaults(func=cmd_new_recovery_key)


def _sheet_target(path: Path | None) -> None:
    """Refuse a recovery sheet that could not be written before the key changes (it was found after)."""
    if path is not None:
        outgoing.check_target(path.expanduser())


def _write_sheet(path: Path, key: str, store: str, now: dt.datetime) -> None:
    sheet = recovery_sheet.RecoverySheet(key, store, now)
    try:
        outgoing.write_private(path.expanduser(), recovery_sheet.render(sheet).pdf)
    except AvrcaseError as exc:
        raise AvrcaseError(_("%(problem)s. The recovery key printed above is the only copy: write it down now.")
                           % {"problem": exc.message.rstrip(".")}) from exc
    print(_("Recovery sheet written to %(path)s; print it and delete the file.") % {"path": path})


def cmd_new_recovery_key(args: argparse.Namespace) -> int:
    """Issue a new recovery key (the old one stops working); print it once (and write the sheet when asked)."""
    _sheet_target(args.recovery_sheet)
    engine = cli.open_engine(args)
    try:
        actor = cli.cli_actor(engine)
        with unit_of_work(engine) as session:
            recovery = encryption.reissue_recovery_key(session, actor, ask_password(actor.username))
        now = engine_clock(engine).now()
    finally:
        engine.dispose()
    print(_("A new recovery key was issued; the old one no longer opens the store."))
    print(_("Recovery key (shown only now; keep it in the office safe):"))
    print(recovery)
    if args.recovery_sheet:
        _write_sheet(args.recovery_sheet, recovery, Path(engine.url.database or "").name, now)
    return 0


def cmd_db_encrypt(args: argparse.Namespace) -> int:
    """Encrypt the store; print the recovery key once (and write the sheet when asked)."""
    _sheet_target(args.recovery_sheet)
    engine = cli.open_engine(args)
    try:
        actor = cli.cli_actor(engine)
        with unit_of_work(engine) as session:
            result = encryption.encrypt_store(session, actor, ask_password(actor.username))
    finally:
        engine.dispose()
    print(_("The store is encrypted. A plain backup was kept at %(path)s: once you have checked the app opens "
            "the store, delete it safely.") % {"path": result.backup})
    print(ngettext("%(n)d table copied, every row checked.", "%(n)d tables copied, every row checked.", len(result.rows))
          % {"n": len(result.rows)})
    print(_("Recovery key (shown only now; keep it in the office safe):"))
    print(result.recovery_key)
    if args.recovery_sheet:
        _write_sheet(args.recovery_sheet, result.recovery_key, Path(engine.url.database or "").name,
                     engine_clock(engine).now())
    print(_("Other users open the store once an administrator has reset their password."), file=sys.stderr)
    return 0
