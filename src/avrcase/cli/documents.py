"""``avrcase document TYPE --case CASE_NUMBER [--lang LANG] --out FILE.pdf``: issue a case document.

The document is recorded in the case's register as issued by the command-line user, exactly as
when it is issued from the case file. ``avrcase manifest --date DATE [--flight F] --out FILE.pdf``
prints the movement manifest of a departure day; it belongs to no case, so it is written to the
file only (the register keeps case documents).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import avrcase
from avrcase.cli.args import date_type, language_code
from avrcase.documents.registry import DOCUMENT_TYPES, MANIFEST
from avrcase.domain.errors import AvrcaseError, NotFoundError
from avrcase.i18n import _, ngettext
from avrcase.services import outgoing
from avrcase.services.uow import unit_of_work


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``document`` command to the CLI's subparsers and return its parser."""
    types = "\n".join(f"  {name:<20} {_(kind.title)}" for name, kind in DOCUMENT_TYPES.items())
    parser = subparsers.add_parser(
        "document", help=_("issue a case document as PDF and record it in the case's register"),
        description=_("Issue a case document as PDF and record it in the case's register."),
        epilog=_("document types:\n%(types)s") % {"types": types}, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # Not argparse "choices": an unknown type is a plain error (exit 1), not a usage error (exit 2).
    parser.add_argument("type", metavar="TYPE", help=_("one of: %(types)s") % {"types": ", ".join(DOCUMENT_TYPES)})
    parser.add_argument("--case", required=True, metavar="CASE_NUMBER", help=_("the case number, e.g. VNO-2026-00012"))
    parser.add_argument("--lang", metavar="LANG", type=language_code,
                        help=_("language of the document (default: the office language)"))
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    return parser


def _writable(out: Path) -> Path:
    if not out.parent.is_dir():
        raise AvrcaseError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
    return out


def run(args: argparse.Namespace, engine, actor) -> int:
    """Issue the document, write it to ``--out`` and print one line saying what was done; exit status."""
    if args.command == "manifest":
        return run_manifest(args, engine, actor)
    # Without the cyclic collector while ReportLab is imported and one paper is made: it ran over their objects as
    # they were made and found little (a small part of the command). After it, in the command's own process, they are
    # left out of collection (``lasting``) rather than walked once more when it resumed: that one walk found a few
    # hundred objects among ReportLab's modules and the paper's and took 35-48 ms of a loaded machine, right before
    # the process ends (#14).
    with avrcase.collection_held(lasting=True):
        return _issue(args, engine, actor)


def _issue(args: argparse.Namespace, engine, actor) -> int:
    # The document services (and ReportLab) are imported by the commands that issue documents only (#14).
    from avrcase.services.cases import case_file
    from avrcase.services.documents import register as documents

    if args.type not in DOCUMENT_TYPES:
        raise NotFoundError(_("unknown document type “%(type)s”; choose one of: %(types)s")
                            % {"type": args.type, "types": ", ".join(DOCUMENT_TYPES)})
    out = _writable(args.out)
    with unit_of_work(engine) as session:
        case_id = case_file.find_case_id(session, args.case)
        row = documents.issue_document(session, actor, args.type, case_id, args.lang)
        data = documents.document_bytes(session, actor, row.id)
        outgoing.deliver(session, out, data)  # written once the issue is committed; never without it
    print(_("%(title)s for case %(number)s written to %(path)s (%(pages)s, SHA-256 %(sha)s).") % {
        # The title in the language of this message, not the document's (#15: no "Bylos santrauka for case").
        "title": _(DOCUMENT_TYPES[args.type].title), "number": row.case_number, "path": out, "pages": documents.pages_text(row.pages),
        "sha": row.sha256[:16]})
    return 0


def add_manifest_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``manifest`` command to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        "manifest", help=_("print the movement manifest of a departure day as PDF"),
        description=_("Print every traveller departing on a day (or on one flight that day), grouped by flight, "
                      "as PDF for the operations team."))
    parser.add_argument("--date", required=True, type=date_type, metavar="DATE", help=_("the departure day, e.g. 2026-12-02"))
    parser.add_argument("--flight", default="", metavar="FLIGHT", help=_("only this flight or service, e.g. TK1402"))
    parser.add_argument("--lang", metavar="LANG", type=language_code,
                        help=_("language of the document (default: the office language)"))
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    return parser


def run_manifest(args: argparse.Namespace, engine, actor) -> int:
    """Render the day's manifest, write it to ``--out`` and print one line saying what was done."""
    from avrcase.services.documents import register as documents
    from avrcase.services.documents.manifest_issue import issue_manifest

    out = _writable(args.out)
    with unit_of_work(engine, write=False) as session:
        issued = issue_manifest(session, actor, args.date, flight=args.flight, lang=args.lang)
        outgoing.deliver(session, out, issued.pdf)  # written once the manifest's entry is committed
    print(_("%(title)s for %(day)s written to %(path)s (%(travellers)s, %(pages)s, SHA-256 %(sha)s).") % {
        "title": _(MANIFEST.title), "day": args.date.isoformat(), "path": out,
        "travellers": ngettext("%(n)d traveller", "%(n)d travellers", issued.travellers) % {"n": issued.travellers},
        "pages": documents.pages_text(issued.pages), "sha": issued.sha256[:16]})
    return 0
