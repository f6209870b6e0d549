"""``avrcase office show|set`` and ``avrcase office wording list|export|import|review|draft|remove``.

``office set`` changes the office profile's letterhead texts and emergency phone, or with ``--lang``
those printed in one language (the organisation's name, letterhead lines, footer, emergency phone).
``office wording`` manages the wording files documents print: export one, edit it, import it (checked
against the English file; a foreign or damaged file changes nothing), mark it reviewed.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from avrcase.cli.args import date_type, language_code
from avrcase.cli.common import print_table, signed_in_command
from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.domain.wording import KINDS, STATUS_LABELS
from avrcase.i18n import _
from avrcase.i18n.format import format_date, language_name
from avrcase.services import office, outgoing
from avrcase.services.dto import LANGUAGE_FIELDS, OfficeLanguageTextDetail
from avrcase.services.uow import unit_of_work

# The document services (and ReportLab) are imported by the commands that use them only (#14).

#: ``office set`` options -> profile fields.
_OPTIONS = {"organisation": "organisation", "office_name": "office_name", "address": "address",
            "footer": "footer_note", "emergency_phone": "emergency_phone", "controller": "controller_name",
            "dpo_address": "dpo_address", "recipients": "data_recipients", "sharing_recipients": "sharing_recipients",
            "supervisory_authority": "supervisory_authority"}


def add_parsers(subparsers, db_option) -> None:
    """Add ``office`` with its actions to the CLI's subparsers (``db_option`` adds ``--db``)."""
    parser = subparsers.add_parser("office", help=_("the office profile: letterhead per language and wording files"))
    actions = parser.add_subparsers(dest="office_command", metavar="ACTION", required=True, parser_class=type(parser))

    def command(group, name: str, help_text: str, run, *arguments: tuple[tuple, dict]) -> None:
        # One action: its own arguments, then --db, run signed in.
        action = group.add_parser(name, help=help_text)
        for flags, options in arguments:
            action.add_argument(*flags, **options)
        db_option(action)
        action.set_defaults(func=signed_in_command(run))

    def text(flag: str, help_text: str, metavar: str = "TEXT") -> tuple[tuple, dict]:
        return (flag,), {"metavar": metavar, "help": help_text}

    kind_and_lang = (("kind",), {"metavar": "KIND"}), (("lang",), {"metavar": "LANG"})
    command(actions, "show", _("show the office profile and its texts in each language"), run_show)
    command(actions, "set", _("set the letterhead texts and emergency phone (with --lang: in one language)"), run_set,
            ((("--lang",), {"metavar": "LANG", "type": language_code,
                            "help": _("set the texts printed in this language only")})),
            text("--organisation", _("the organisation's name")),
            text("--office-name", _("the office's name")),
            text("--address", _("letterhead lines (address), lines separated by \\n")),
            text("--footer", _("the footer note, lines separated by \\n")),
            text("--emergency-phone", _("the number to call in an emergency on the way"), "PHONE"),
            text("--controller", _("the data controller, as the declaration names it")),
            text("--dpo-address", _("the data-protection officer's address")),
            text("--recipients", _("who receives data for the return, one per line (lines separated by \\n)")),
            text("--sharing-recipients", _("the third parties of the optional sharing consent, lines separated by \\n")),
            text("--supervisory-authority", _("the supervisory authority a person may complain to")))

    wording = actions.add_parser("wording", help=_("wording files of the declaration and the bilingual documents"))
    verbs = wording.add_subparsers(dest="wording_command", metavar="ACTION", required=True, parser_class=type(parser))
    command(verbs, "list", _("every wording file with its review status"), run_list)
    command(verbs, "export", _("write a wording file to edit"), run_export,
            (("kind",), {"metavar": "KIND", "help": _("one of: %(kinds)s") % {"kinds": ", ".join(KINDS)}}),
            (("lang",), {"metavar": "LANG"}),
            (("--out",), {"required": True, "type": Path, "metavar": "FILE.json"}))
    command(verbs, "import", _("use an edited wording file (kept in the store, as a draft)"), run_import,
            (("file",), {"type": Path, "metavar": "FILE.json"}))
    command(verbs, "review", _("mark a translation reviewed"), run_review, *kind_and_lang,
            (("--reviewer",), {"required": True, "metavar": "NAME", "help": _("who reviewed it")}),
            (("--date",), {"type": date_type, "metavar": "DATE", "help": _("when (default: today)")}))
    command(verbs, "draft", _("withdraw the office's review: the translation is a draft again"), run_draft,
            *kind_and_lang)
    command(verbs, "remove", _("drop the office's own file: the shipped one is printed again"), run_remove,
            *kind_and_lang)


def _status(row) -> str:
    text = _(STATUS_LABELS[row.status])
    if row.reviewed_on:
        text += f" ({row.reviewed_by}, {format_date(row.reviewed_on)})"
    return text


def run_show(args: argparse.Namespace, engine, actor) -> int:
    """Print the profile's letterhead texts and those set per language."""
    with unit_of_work(engine, write=False) as session:
        profile = office.get_office_profile(session, actor)
    labels = {"organisation": _("Organisation"), "office_name": _("Office name"), "address": _("Address"),
              "footer_note": _("Footer"), "emergency_phone": _("Emergency phone"), "controller_name": _("Controller"),
              "dpo_address": _("DPO address"), "data_recipients": _("Recipients"),
              "sharing_recipients": _("Sharing recipients"), "supervisory_authority": _("Supervisory authority")}
    print(_("Office language: %(code)s") % {"code": profile.office_language})
    for key in LANGUAGE_FIELDS:
        print(f"{labels[key]}: {getattr(profile, key).replace(chr(10), ' / ') or '—'}")
    for texts in profile.languages:
        print()
        print(f"[{texts.language}] {language_name(texts.language)}")
        for key in LANGUAGE_FIELDS:
            if getattr(texts, key):
                print(f"  {labels[key]}: {getattr(texts, key).replace(chr(10), ' / ')}")
    return 0


def _given(args: argparse.Namespace) -> dict[str, str]:
    return {field: getattr(args, option).replace("\\n", "\n") for option, field in _OPTIONS.items()
            if getattr(args, option) is not None}


def _check_language(lang: str, profile) -> None:
    from avrcase.documents.registry import DOCUMENT_TYPES
    from avrcase.services.documents.languages import printable_languages

    can = sorted({code for name in DOCUMENT_TYPES for code in printable_languages(name, profile)})
    if lang not in can:
        raise ValidationError({"lang": _("avrcase cannot print documents in “%(lang)s”; it can print in: %(languages)s.")
                               % {"lang": lang, "languages": ", ".join(can)}})


def run_set(args: argparse.Namespace, engine, actor) -> int:
    """Change the given texts (of the profile, or of one language) and say so."""
    given = _given(args)
    if not given:
        raise AvrcaseError(_("Nothing to set: give at least one of --organisation, --office-name, --address, "
                             "--footer, --emergency-phone, --controller, --dpo-address, --recipients, "
                             "--sharing-recipients, --supervisory-authority."))
    with unit_of_work(engine) as session:
        profile = office.get_office_profile(session, actor)
        if args.lang:
            _check_language(args.lang, profile)
            current = profile.texts_in(args.lang) or OfficeLanguageTextDetail(args.lang)
            office.save_language_texts(session, actor, dataclasses.replace(current, **given))
        else:
            office.save_office_profile(session, actor, dataclasses.replace(profile, **given))
    print(_("Office profile saved.") if not args.lang else
          _("Office texts in %(language)s saved.") % {"language": language_name(args.lang) or args.lang})
    return 0


def run_list(args: argparse.Namespace, engine, actor) -> int:
    """Print every wording file with where it comes from and its review status."""
    from avrcase.services.documents import office_wording

    with unit_of_work(engine, write=False) as session:
        rows = office_wording.list_wordings(session, actor)
    print_table((_("kind"), _("language"), _("source"), _("documents"), _("status")),
                [(r.kind, r.language, r.source + (" " + _("(outdated, not used)") if r.outdated else ""),
                  ", ".join(r.sections), _status(r)) for r in rows])
    return 0


def run_export(args: argparse.Namespace, engine, actor) -> int:
    """Write the file to ``--out``."""
    from avrcase.services.documents import office_wording

    if not args.out.parent.is_dir():
        raise AvrcaseError(_("The folder %(folder)s does not exist.") % {"folder": args.out.parent})
    with unit_of_work(engine, write=False) as session:
        data = office_wording.export_wording(session, actor, args.kind, args.lang)
        outgoing.deliver(session, args.out, data)
    print(_("The %(kind)s wording in “%(lang)s” was written to %(path)s.") % {"kind": args.kind, "lang": args.lang,
                                                                            "path": args.out})
    return 0


def run_import(args: argparse.Namespace, engine, actor) -> int:
    """Check the file and keep it in the store as the office's own (a draft)."""
    from avrcase.services.documents import office_wording

    try:
        if not args.file.is_file():  # a folder, or a pipe that would be waited on for ever
            raise IsADirectoryError(0, _("not a file"))
        raw = args.file.read_bytes()
    except OSError as exc:
        raise AvrcaseError(_("Cannot read %(path)s: %(reason)s") % {"path": args.file, "reason": exc.strerror}) from None
    with unit_of_work(engine) as session:
        row = office_wording.import_wording(session, actor, raw)
    print(_("The %(kind)s wording in “%(lang)s” is now the office's own (%(status)s).")
          % {"kind": row.kind, "lang": row.language, "status": _status(row)})
    return 0


def run_review(args: argparse.Namespace, engine, actor) -> int:
    """Mark the translation reviewed."""
    from avrcase.services.documents import office_wording

    with unit_of_work(engine) as session:
        row = office_wording.mark_reviewed(session, actor, args.kind, args.lang, args.reviewer, args.date)
    print(_("The %(kind)s wording in “%(lang)s” is %(status)s.") % {"kind": row.kind, "lang": row.language,
                                                                    "status": _status(row)})
    return 0


def run_draft(args: argparse.Namespace, engine, actor) -> int:
    """Withdraw the review."""
    from avrcase.services.documents import office_wording

    with unit_of_work(engine) as session:
        row = office_wording.mark_draft(session, actor, args.kind, args.lang)
    print(_("The %(kind)s wording in “%(lang)s” is %(status)s.") % {"kind": row.kind, "lang": row.language,
                                                                    "status": _status(row)})
    return 0


def run_remove(args: argparse.Namespace, engine, actor) -> int:
    """Drop the office's own file."""
    from avrcase.services.documents import office_wording

    with unit_of_work(engine) as session:
        office_wording.remove_wording(session, actor, args.kind, args.lang)
    print(_("The office's own %(kind)s wording in “%(lang)s” was removed.") % {"kind": args.kind, "lang": args.lang})
    return 0
