"""``avrcase follow-up list|reopen``: the acting counsellor's follow-ups, and a follow-up marked done by mistake
opened again (the window's **Undo** after **Mark done**, on the audit trail the same way).

``list [--done]`` prints one line per follow-up (its number, due day, case, applicant, action and, when done, the
day); ``reopen ID`` opens follow-up ``ID`` again. A refusal (no such follow-up, one that is open already, a role
that may not record counselling) is one line and exit status 1.
"""

from __future__ import annotations

import argparse

from avrcase.cli.common import EXIT_OK, print_listing, signed_in_command
from avrcase.domain.errors import NotFoundError
from avrcase.i18n import _, ngettext
from avrcase.i18n.format import format_date
from avrcase.services.dto import FollowUpRow
from avrcase.services.uow import unit_of_work


def add_parsers(subparsers, db_option) -> None:
    """Add the ``follow-up`` command and its actions to the CLI's subparsers."""
    parser = subparsers.add_parser("follow-up", help=_("list your follow-ups and open one marked done again"))
    actions = parser.add_subparsers(dest="follow_up_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    listing = actions.add_parser("list", help=_("list your open follow-ups, earliest due first"))
    listing.add_argument("--done", action="store_true", help=_("list those marked done too"))
    listing.set_defaults(func=signed_in_command(run_list))
    reopen = actions.add_parser("reopen", help=_("open a follow-up marked done again (undo Mark done)"))
    reopen.add_argument("follow_up_id", type=int, metavar="ID", help=_("the follow-up's number, as listed"))
    reopen.set_defaults(func=signed_in_command(run_reopen))
    for action in (listing, reopen):
        db_option(action)


def _line(row: FollowUpRow) -> str:
    done = _("done %(date)s") % {"date": format_date(row.done_on)} if row.done_on else _("open")
    return "\t".join([str(row.id), format_date(row.due_on), row.case_number, row.principal_name, row.action, done])


def run_list(args: argparse.Namespace, engine, actor) -> int:
    """Print one line per follow-up of the acting counsellor."""
    from avrcase.services import listings
    from avrcase.services.cases import counselling

    with unit_of_work(engine, write=False) as session:
        rows = counselling.list_follow_ups(session, actor, include_done=args.done)

        def lines() -> None:
            for row in rows:
                print(_line(row))
            print(ngettext("%(n)d follow-up", "%(n)d follow-ups", len(rows)) % {"n": len(rows)})

        cut = print_listing(lines)  # on the trail also when the reader stops early (``| head``)
        listings.record_follow_up_list(session, actor, rows=len(rows), done=args.done)
    if cut is not None:
        raise cut
    return EXIT_OK


def run_reopen(args: argparse.Namespace, engine, actor) -> int:
    """Open the follow-up again and say which it was."""
    from avrcase.services.cases import counselling

    try:
        with unit_of_work(engine) as session:
            row = counselling.reopen_follow_up(session, actor, args.follow_up_id)
    except NotFoundError as exc:
        raise NotFoundError(_("There is no follow-up %(id)d; “avrcase follow-up list --done” lists yours.")
                            % {"id": args.follow_up_id}) from exc
    print(_("Follow-up %(id)d of case %(number)s is open again: %(action)s (due %(date)s).")
          % {"id": row.id, "number": row.case_number, "action": row.action, "date": format_date(row.due_on)})
    return EXIT_OK
