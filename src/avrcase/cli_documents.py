"""``avrcase document TYPE --case CASE_NUMBER [--lang LANG] --out FILE.pdf``: issue a case document.

The document is recorded in the case's register as issued by the command-line user, exactly as
when it is issued from the case file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from avrcase.documents.registry import DOCUMENT_TYPES
from avrcase.domain.errors import AvrcaseError, NotFoundError
from avrcase.i18n import _


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``document`` command to the CLI's subparsers and return its parser."""
    types = "\n".join(f"  {name:<14} {_(kind.title)}" for name, kind in DOCUMENT_TYPES.items())
    parser = subparsers.add_parser(
        "document", help=_("issue a case document as PDF and record it in the case's register"),
        description=_("Issue a case document as PDF and record it in the case's register."),
        epilog=_("document types:\n%(types)s") % {"types": types}, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # Not argparse "choices": an unknown type is a plain error (exit 1), not a usage error (exit 2).
    parser.add_argument("type", metavar="TYPE", help=_("one of: %(types)s") % {"types": ", ".join(DOCUMENT_TYPES)})
    parser.add_argument("--case", required=True, metavar="CASE_NUMBER", help=_("the case number, e.g. VNO-2026-00012"))
    parser.add_argument("--lang", metavar="LANG", help=_("language of the document (default: the office language)"))
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    return parser


def run(args: argparse.Namespace, engine, actor) -> int:
    """Issue the document, write it to ``--out`` and print one line saying what was done; exit status."""
    from avrcase.services import cases, documents
    from avrcase.services.uow import unit_of_work

    if args.type not in DOCUMENT_TYPES:
        raise NotFoundError(_("unknown document type “%(type)s”; choose one of: %(types)s")
                            % {"type": args.type, "types": ", ".join(DOCUMENT_TYPES)})
    out: Path = args.out
    if not out.parent.is_dir():
        raise AvrcaseError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
    with unit_of_work(engine) as session:
        case_id = cases.find_case_id(session, args.case)
        row = documents.issue_document(session, actor, args.type, case_id, args.lang)
        data = documents.document_bytes(session, actor, row.id)
        try:
            out.write_bytes(data)  # inside the unit of work: if the file cannot be written, nothing is recorded
        except OSError as exc:
            raise AvrcaseError(_("Cannot write %(path)s: %(reason)s") % {"path": out, "reason": exc.strerror}) from exc
    print(_("%(title)s for case %(number)s written to %(path)s (%(pages)s, SHA-256 %(sha)s).") % {
        "title": row.title, "number": row.case_number, "path": out, "pages": documents.pages_text(row.pages),
        "sha": row.sha256[:16]})
    return 0
