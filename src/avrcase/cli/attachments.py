"""``avrcase attachment list|add|save``: the scans kept with a case, from the command line.

``list --case CASE_NUMBER`` prints one line per attachment (a sensitive one the acting role may not open as
"hidden for your role", with its type and date); ``add --case CASE_NUMBER FILE [--sensitive | --not-sensitive]``
keeps a scan with the case, by default sensitive for a role that may read sensitive data and not sensitive for any
other (a finance officer's receipt, left sensitive, no longer opened for them);
``save ID --out FILE`` writes a copy. A listing and a copy are on the audit trail. A refusal is one line and exit status 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from avrcase.cli.common import signed_in_command
from avrcase.domain.errors import AvrcaseError
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_datetime
from avrcase.services.uow import unit_of_work


def add_parsers(subparsers, db_option) -> None:
    """Add the ``attachment`` command and its actions to the CLI's subparsers."""
    parser = subparsers.add_parser("attachment", help=_("list, add and save the scans attached to a case"))
    actions = parser.add_subparsers(dest="attachment_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    listing = actions.add_parser("list", help=_("list a case's attachments, newest first"))
    listing.add_argument("--case", required=True, metavar="CASE_NUMBER", help=_("the case number, e.g. VNO-2026-00012"))
    listing.set_defaults(func=signed_in_command(run_list))
    add = actions.add_parser("add", help=_("attach a scanned PDF, JPEG or PNG to a case"))
    add.add_argument("file", type=Path, metavar="FILE")
    add.add_argument("--case", required=True, metavar="CASE_NUMBER", help=_("the case number, e.g. VNO-2026-00012"))
    add.add_argument("--description", default="", metavar="TEXT", help=_("what it is"))
    sensitivity = add.add_mutually_exclusive_group()
    sensitivity.add_argument("--not-sensitive", dest="sensitive", action="store_false", default=None,
                             help=_("the scan holds no health or other sensitive data (the default for a role that "
                                    "may not see medical details)"))
    sensitivity.add_argument("--sensitive", dest="sensitive", action="store_true", default=None,
                             help=_("the scan holds health or other sensitive data, and only roles that may see "
                                    "medical details open it (the default for those roles)"))
    add.set_defaults(func=signed_in_command(run_add))
    save = actions.add_parser("save", help=_("write a copy of an attachment to a file"))
    save.add_argument("attachment_id", type=int, metavar="ID")
    save.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("where to write the copy"))
    save.set_defaults(func=signed_in_command(run_save))
    for action in (listing, add, save):
        db_option(action)


def run_list(args: argparse.Namespace, engine, actor) -> int:
    """Print one line per attachment of the case."""
    from avrcase.services import listings
    from avrcase.services.cases import case_file
    from avrcase.services.documents import register as documents

    with unit_of_work(engine, write=False) as session:
        case_id = case_file.find_case_id(session, args.case)
        rows = documents.list_attachments(session, actor, case_id)
        listings.record_attachment_list(session, actor, case_id=case_id, rows=len(rows))  # as a case list is
    for row in rows:
        flag = _("sensitive") if row.sensitive else _("not sensitive")
        print("\t".join([str(row.id), format_datetime(row.added_at), documents.media_name(row.media_type), flag,
                         row.shown_name, row.description]).rstrip())
    print(ngettext("%(n)d attachment", "%(n)d attachments", len(rows)) % {"n": len(rows)})
    return 0


def run_add(args: argparse.Namespace, engine, actor) -> int:
    """Attach the file and print one line saying what was kept."""
    from avrcase.services.cases import case_file
    from avrcase.services.documents import register as documents
    from avrcase.services.permissions import Permission, may

    try:
        data = documents.read_scan(args.file)
    except OSError as exc:
        raise AvrcaseError(_("Cannot read %(path)s: %(reason)s") % {"path": args.file, "reason": exc.strerror}) from exc
    with unit_of_work(engine) as session:
        case_id = case_file.find_case_id(session, args.case)
        row = documents.attach_scan(session, actor, case_id, args.file.name, data, args.description,
                                    sensitive=may(actor, Permission.SENSITIVE_READ) if args.sensitive is None
                                    else args.sensitive)
    message = (_("%(name)s attached to case %(number)s as attachment %(id)d (sensitive).") if row.sensitive
               else _("%(name)s attached to case %(number)s as attachment %(id)d (not sensitive)."))
    print(message % {"name": row.shown_name, "number": args.case.upper(), "id": row.id})
    return 0


def run_save(args: argparse.Namespace, engine, actor) -> int:
    """Write the copy to ``--out`` and print one line."""
    from avrcase.services.documents import register as documents

    if not args.out.parent.is_dir():
        raise AvrcaseError(_("The folder %(folder)s does not exist.") % {"folder": args.out.parent})
    with unit_of_work(engine) as session:
        documents.save_attachment_copy(session, actor, args.attachment_id, args.out)
    print(_("Attachment %(id)d written to %(path)s.") % {"id": args.attachment_id, "path": args.out})
    return 0
