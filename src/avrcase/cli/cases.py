"""``avrcase case list`` and ``avrcase case show``; a case file as plain text for ``--format text``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

import avrcase
from avrcase.cli.args import int_range
from avrcase.cli.common import EXIT_OK, cli_actor, iso, open_engine, print_listing, print_table, signed_in_command
from avrcase.domain.codes import (
    ClosureReason,
    ConsultationMode,
    ConsultationOutcome,
    ConsultationTopic,
    IdDocumentType,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
)
from avrcase.domain.privacy import sharing_choice_label
from avrcase.domain.stages import Stage
from avrcase.exports.csv_safe import csv_line
from avrcase.i18n import N_, _
from avrcase.services import listings
from avrcase.services.cases.driver_rows import CsvPage
from avrcase.services.cases.search import iter_case_pages
from avrcase.services.dto import CaseDetail, CaseQuery, PersonDetail
from avrcase.services.uow import unit_of_work

# Labels used inside f-strings: marked here (Babel cannot see into f-strings), translated at use.
L_SEX = N_("Sex")
L_BORN = N_("Born")
L_CITIZENSHIP = N_("Citizenship")
L_VALID_UNTIL = N_("valid until")
L_LANGUAGES = N_("Languages")
L_CASE = N_("Case")
L_REGISTERED = N_("Registered")
L_COUNSELLOR = N_("Counsellor")
L_LEGAL_STATUS = N_("Legal status")
L_REFERRED_BY = N_("Referred by")
L_RETURN_TO = N_("Return to")
L_PROJECT = N_("Project")
L_RETURN_DECISION = N_("Return decision")
L_OF = N_("of")
L_CONSENT_TO_DATA_PROCESSING = N_("Consent to data processing")
L_NOT_RECORDED = N_("not recorded")
L_OPTIONAL_SHARING = N_("optional sharing with third parties")
L_INTERPRETER = N_("interpreter")
L_TOPICS = N_("Topics")
L_OUTCOME = N_("Outcome")
L_DUE = N_("due")
L_NOTES = N_("Notes")
#: Vulnerability details and counselling notes a role may not read, as the case file window says it.
L_HIDDEN = N_("hidden for your role")


def _person_lines(p: PersonDetail, relationship: str) -> list[str]:
    from avrcase.i18n.format import country_name, format_date, language_name

    original = " ".join(x for x in (p.family_name_original, p.given_names_original) if x)
    dob = format_date(p.date_of_birth) + (" " + _("(estimated)") if p.dob_estimated else "")
    lines = [f"  {p.formal_name}" + (f" ({original})" if original else "") + f" — {Relationship(relationship).label}",
             f"    {_(L_SEX)}: {Sex(p.sex).label}; {_(L_BORN)}: {dob}; "
             f"{_(L_CITIZENSHIP)}: {country_name(p.citizenship)}"]
    if p.document_type != IdDocumentType.NONE.value:
        lines.append(f"    {IdDocumentType(p.document_type).label}: {p.document_number}"
                     + (f", {country_name(p.document_issuing_country)}" if p.document_issuing_country else "")
                     + (f", {_(L_VALID_UNTIL)} {format_date(p.document_expiry)}" if p.document_expiry else ""))
    if p.languages:
        lines.append(f"    {_(L_LANGUAGES)}: " + ", ".join(language_name(code) for code in p.languages))
    if p.phone or p.address:
        lines.append("    " + "; ".join(x for x in (p.phone, p.address.replace("\n", ", ")) if x))
    return lines


def case_as_text(d: CaseDetail) -> str:
    # Imported by the commands that show a case: ``case list`` needs neither Babel's formats nor the case file (#14).
    from avrcase.i18n.format import country_name, format_date, format_datetime, language_name
    from avrcase.services.cases import case_file

    """Every part of the case a counsellor would read, consultations included."""
    lines = [
        f"{_(L_CASE)} {d.case_number} — {d.stage.label}"
        + (f" ({ClosureReason(d.closure_reason).label})" if d.closure_reason else ""),
        f"{_(L_REGISTERED)}: {format_date(d.registered_on)}; {_(L_COUNSELLOR)}: {d.counsellor_name or '—'}",
        f"{_(L_LEGAL_STATUS)}: {LegalStatus(d.legal_status).label}; "
        f"{_(L_REFERRED_BY)}: {ReferralSource(d.referral_source).label}",
        f"{_(L_RETURN_TO)}: {country_name(d.country_of_return)}"
        + (f", {d.final_destination}" if d.final_destination else ""),
    ]
    if d.project:
        lines.append(f"{_(L_PROJECT)}: {d.project}")
    if d.return_decision_number:
        lines.append(f"{_(L_RETURN_DECISION)}: {d.return_decision_number} {_(L_OF)} {format_date(d.return_decision_date)}")
    if d.consent:
        lines.append(f"{_(L_CONSENT_TO_DATA_PROCESSING)}: {format_date(d.consent.given_on)}; "
                     f"{_(L_OPTIONAL_SHARING)}: {_(sharing_choice_label(d.consent.sharing))}")
    else:
        lines.append(f"{_(L_CONSENT_TO_DATA_PROCESSING)}: {_(L_NOT_RECORDED)}")
    lines.append("")
    lines.append(_("Household (%(n)d)") % {"n": len(d.members)})
    for member in d.members:
        lines.extend(_person_lines(member.person, member.relationship))
    if d.vulnerabilities:
        lines.append("")
        lines.append(_("Vulnerabilities"))
        if d.vulnerabilities_to_review:
            lines.append(f"  {case_file.review_vulnerabilities_text()}")
        for v in d.vulnerabilities:
            whose = f" — {d.person_name(v.person_id)}" if len(d.members) > 1 else ""
            details = _(L_HIDDEN) if v.details is None else v.details  # None: the role may not read them
            lines.append(f"  {v.code.label}{whose}" + (f": {details}" if details else ""))
    lines.append("")
    lines.append(_("Consultations (%(n)d)") % {"n": len(d.consultations)})
    for c in d.consultations:
        topics = ", ".join(ConsultationTopic(t).label for t in c.topics)
        lines.append(f"  {format_datetime(c.held_at, 'short')} — {ConsultationMode(c.mode).label}, {c.counsellor}"
                     + (f"; {_(L_INTERPRETER)} {c.interpreter_name} ({language_name(c.interpreter_language)})"
                        if c.interpreter_name else ""))
        if topics:
            lines.append(f"    {_(L_TOPICS)}: {topics}")
        if c.outcome:
            lines.append(f"    {_(L_OUTCOME)}: {ConsultationOutcome(c.outcome).label}")
        if c.notes is None:
            lines.append(f"    {_(L_NOTES)}: {_(L_HIDDEN)}")
        elif c.notes:
            lines.append(f"    {c.notes}")
        for f in c.follow_ups:
            state = _("done %(date)s") % {"date": format_date(f.done_on)} if f.done_on else _("open")
            lines.append(f"    → {f.action} ({_(L_DUE)} {format_date(f.due_on)}, {state})")
    lines.append("")
    lines.append(_("History"))
    for s in d.stage_history:
        frm = s.from_stage.label if s.from_stage else "—"
        lines.append(f"  {format_datetime(s.changed_at, 'short')}  {frm} → {s.to_stage.label}  ({s.changed_by}): {s.reason}")
    return "\n".join(lines)



# ---------------------------------------------------------------- commands

#: The most rows a listing prints.
MAX_LIMIT = 10_000_000
CASE_LIST_COLUMNS = ("case_number", "status", "principal_name", "citizenship", "country_of_return",
                     "household_size", "registered_on", "counsellor", "vulnerable")


def cmd_case_list(args: argparse.Namespace) -> int:
    """List cases as CSV or a table (streamed in key-set pages, so ``--limit 0`` on a large store is quick)."""
    engine = open_engine(args)
    try:
        query = CaseQuery(search=args.search or "", stage=Stage(args.status) if args.status else None,
                          sort="registered_on", descending=True, limit=args.limit)
        actor = cli_actor(engine)
        with unit_of_work(engine, write=False) as session, avrcase.collection_held():
            # CSV: a page's lines written from the rows read and checked for the safe-cell rule at once; a table:
            # every cell as text.
            if args.format == "csv":
                pages = _Counted(iter_case_pages(session, actor, query, as_csv=True))
                cut = print_listing(lambda: _write_csv(pages))
            else:
                pages = _Counted(iter_case_pages(session, actor, query, as_text=True))
                cut = print_listing(lambda: print_table(CASE_LIST_COLUMNS, [row for page in pages for row in page]))
            listings.record_case_list(session, actor, rows=pages.rows, fmt=args.format, status=args.status,
                                      searched=bool((args.search or "").strip()), limit=args.limit)
    finally:
        engine.dispose()
    if cut is not None:
        raise cut
    return EXIT_OK


def _write_csv(pages) -> None:
    sys.stdout.write(csv_line(CASE_LIST_COLUMNS))
    for page in pages:
        sys.stdout.write(page.text)


class _Counted:
    """Pages of rows (lists, or ``CsvPage``), counted as they are handed on to be printed."""

    def __init__(self, pages):
        self.pages, self.rows = pages, 0

    def __iter__(self):
        for page in self.pages:
            self.rows += page.rows if isinstance(page, CsvPage) else len(page)
            yield page


def cmd_case_show(args: argparse.Namespace) -> int:
    """Show a whole case, consultations included."""
    from avrcase.services.cases import case_file

    engine = open_engine(args)
    try:
        actor = cli_actor(engine)
        with unit_of_work(engine, write=False) as session:
            detail = case_file.get_case(session, actor, case_file.find_case_id(session, args.case_number))
    finally:
        engine.dispose()
    if args.format == "json":
        data = dataclasses.asdict(detail)
        json.dump(data, sys.stdout, default=iso, ensure_ascii=False, indent=2)
        print()
    else:
        print(case_as_text(detail))
    return EXIT_OK


#: The optional sharing choice as the command line spells it.
SHARING_CHOICES = {"yes": True, "no": False, "unasked": None}


def add_correction_parsers(case_sub, db_option) -> None:
    """``avrcase case sharing`` and ``avrcase case patronymic``: one field of a registered case each."""
    sharing = case_sub.add_parser("sharing", help=_("record the optional sharing choice ticked on the signed declaration"))
    sharing.add_argument("case_number", metavar="CASE_NUMBER")
    sharing.add_argument("choice", choices=tuple(SHARING_CHOICES), metavar="yes|no|unasked",
                         help=_("yes: agreed to sharing with third parties; no: did not agree; unasked: not asked or "
                                "not answered"))
    db_option(sharing)
    sharing.set_defaults(func=signed_in_command(cmd_case_sharing))
    patronymic = case_sub.add_parser("patronymic", help=_("set or clear a person's patronymic"))
    patronymic.add_argument("case_number", metavar="CASE_NUMBER")
    patronymic.add_argument("patronymic", metavar="PATRONYMIC", help=_("the patronymic; \"\" clears it"))
    patronymic.add_argument("--person", type=int_range(1, 999), default=1, metavar="N",
                            help=_("household member N (1 = principal applicant, the default)"))
    db_option(patronymic)
    patronymic.set_defaults(func=signed_in_command(cmd_case_patronymic))


def cmd_case_sharing(args: argparse.Namespace, engine, actor) -> int:
    """Record the optional sharing choice of a case."""
    from avrcase.services.cases import case_file, corrections

    with unit_of_work(engine) as session:
        detail = corrections.record_sharing_choice(session, actor, case_file.find_case_id(session, args.case_number),
                                                   SHARING_CHOICES[args.choice])
    print(_("Case %(number)s: %(what)s: %(choice)s.") % {
        "number": detail.case_number, "what": _(L_OPTIONAL_SHARING),
        "choice": _(sharing_choice_label(detail.consent.sharing))})
    return EXIT_OK


def cmd_case_patronymic(args: argparse.Namespace, engine, actor) -> int:
    """Set or clear the patronymic of one person of a case."""
    from avrcase.services.cases import case_file, corrections

    with unit_of_work(engine) as session:
        detail = corrections.set_patronymic(session, actor, case_file.find_case_id(session, args.case_number),
                                            args.person, args.patronymic)
    print(_("Case %(number)s: %(name)s.") % {"number": detail.case_number,
                                            "name": detail.members[args.person - 1].person.formal_name})
    return EXIT_OK
