"""Snapshots of the finance paperwork (issue #5): the allowance receipt and the reintegration plan.

Built from the finance services' DTOs (``allowances.get_allowance``, ``reintegration.get_plan`` and
``get_needs_assessment``) and the case detail. Both print in the office language and the returnee's
(wording in ``resources/documents``); amounts are formatted in the first language's money format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from avrcase.documents import allowance_receipt, reintegration_plan
from avrcase.documents.bilingual import Signatory
from avrcase.domain.allowances import PaymentStatus
from avrcase.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from avrcase.domain.capitals import capitals
from avrcase.domain.scripts import writes_right_to_left
from avrcase.domain.validation import ADULT_AGE, age_on
from avrcase.i18n import N_, _
from avrcase.i18n.format import country_name, document_date, format_number
from avrcase.services.documents import wording
from avrcase.domain.wording import DOCUMENTS
from avrcase.services.documents.case_snapshots import (
    born_on, declaration_wording, office_city, page_frame, printed, tr, with_draft_note,
)
from avrcase.services.documents.travel_snapshots import original_name, travel_document
from avrcase.services.dto import Actor, CaseDetail, OfficeProfileDetail, PersonDetail
from avrcase.services.finance import allowances
from avrcase.services.finance.dto import NeedsAssessmentDetail, PlanDetail
from avrcase.services.permissions import Permission, require
from avrcase.services.reintegration import plans as reintegration
from avrcase.services.travel import arrangements


def _texts(section: str, case: CaseDetail, office: OfficeProfileDetail, lang: str,
           **values: str | Callable[[str], str]):
    """Each language's wording; a value given as a function of the language (an amount) is given for each column."""
    languages = wording.document_languages(lang, case.principal.languages, catalog=office.wording, section=section)
    # The country in each column's own language: "start again in Nigeria", not "in Нигерия".
    return tuple(
        wording.wording(section, code, {"name": case.principal.full_name,
                                        "country": country_name(case.country_of_return, code),
                                        **{k: v(code) if callable(v) else v for k, v in values.items()},
                                        "organisation": office.in_language(code).organisation
                                        or office.in_language(code).office_name}, catalog=office.wording)
        for code in languages)


def _document(person: PersonDetail, lang: str, on: dt.date) -> str:
    names = (declaration_wording(lang) or declaration_wording("en"))["terms"]["document_type"]
    text = " ".join(x for x in (names.get(person.document_type, ""), person.document_number) if x)
    if text and person.document_expiry is not None and person.document_expiry < on:
        text += " " + printed(lang, "expired", _EXPIRED) % {"date": document_date(person.document_expiry, lang)}
    return text


_EXPIRED = N_("(expired on %(date)s)")


def travelling_document(session: Session, actor: Actor | None, case: CaseDetail, lang: str, on: dt.date) -> str:
    """The document the principal travels on, as the itinerary and the letter print it (the travel document
    recorded for the trip); only when none is recorded the identity document of the case file, marked when
    it has expired."""
    try:
        travel = arrangements.get_travel(session, actor, case.id)
    except (PermissionDeniedError, NotFoundError):
        travel = None
    traveller = next((t for t in travel.travellers if t.person_id == case.principal.id), None) if travel else None
    recorded = travel_document(traveller, lang) if traveller is not None else ""
    return recorded or _document(case.principal, lang, on)


# ---------------------------------------------------------------- allowance receipt


def allowance_receipt_snapshot(session: Session, actor: Actor | None, case: CaseDetail, office: OfficeProfileDetail,
                               lang: str, issued_at: dt.datetime) -> allowance_receipt.AllowanceReceiptSnapshot:
    """The receipt for every allowance payment made so far (reversals shown as negative amounts)."""
    require(actor, Permission.DOCUMENT_ISSUE)
    # The household as counted for the allowance (on the booked departure), not on the day the receipt is printed:
    # a son turning 18 in between was a child here and an adult in what was paid.
    detail = allowances.get_allowance(session, actor, case.id,
                                      on=allowances.counting_day(session, case.id, issued_at.date()))
    first = wording.document_languages(lang, case.principal.languages, catalog=office.wording,
                                       section="allowance_receipt")[0]
    paid = [p for p in detail.payments if p.status is PaymentStatus.PAID]
    if not paid:  # a signable "received €0.00" was issued and registered
        raise ValidationError({"doc_type": _("No allowance has been paid to case %(number)s yet: there is nothing "
                                             "to give a receipt for.") % {"number": case.case_number}})
    total = detail.position.paid
    people = {case.principal.id: case.principal} | {m.person.id: m.person for m in case.members}
    # Who took each payment: a payment recorded before "paid to" was kept (none in a migrated store) was the principal's.
    paid_to = [people.get(x.paid_to_id or case.principal.id, case.principal) for x in paid]
    recipients = list({person.id: person for person in paid_to}.values())
    # "I, BERIDZE Nino / BERIDZE Giorgi, confirm that I have received…": each signs under their own name below.
    # A right-to-left column says the total as its language writes it (English "€750.00" in a Persian sentence
    # printed "750.00€"); a left-to-right one keeps the office language's format, as it always printed.
    texts = _texts("allowance_receipt", case, office, lang, name=" / ".join(person.full_name for person in recipients),
                   total=lambda code: total.format(code if writes_right_to_left(code) else first))
    documents = {person.id: travelling_document(session, actor, case, first, issued_at.date())
                 if person.id == case.principal.id else _document(person, first, issued_at.date())
                 for person in recipients}
    # Paid to several people: each line says who took it (name in both scripts, birth date, document), which the
    # recipient section says when one person took everything.
    who = {person.id: "\n".join(x for x in (person.full_name, original_name(person),
                                             born_on(person, first, office.wording), documents[person.id]) if x)
           for person in recipients} if len(recipients) > 1 else {}
    payments = tuple(
        allowance_receipt.PaymentLine(
            document_date(x.paid_on, first), who.get(person.id, ""),
            wording.term_in(texts, "payment_method", "reversal" if x.reverses_id else x.method.value),
            x.note, (-x.amount if x.reverses_id else x.amount).format(first))
        for x, person in zip(paid, paid_to, strict=True))
    recipient: tuple[tuple[str, str], ...] = ()
    if len(recipients) == 1:
        [person] = recipients
        recipient = (("family_name", capitals(person.family_name, person.citizenship)),
                     ("given_names", person.given_names), ("name_original", original_name(person)),
                     ("date_of_birth", born_on(person, first, office.wording)), ("document", documents[person.id]))
    recipient += (("case_number", case.case_number),)
    household = detail.household
    allowance = (("project", detail.project_name), ("adults", format_number(household.adults, first)),
                 ("children", format_number(household.children, first)),
                 ("entitlement", detail.entitlement.amount.format(first)))
    officer = next((x.paid_by for x in reversed(paid) if x.paid_by), actor.display_name if actor else "")
    # Each person paid signs under their name, in Latin letters and in the script recorded (as the plan prints it).
    signatories = [Signatory("recipient_sig", " · ".join(n for n in (person.full_name, original_name(person)) if n))
                   for person in recipients]
    # An unaccompanied child is paid in the presence of the guardian or legal representative, who countersigns
    # by hand: not a household member, so no name is printed.
    if any(person.date_of_birth is not None and x.paid_on is not None and age_on(person.date_of_birth, x.paid_on)
           < ADULT_AGE for x, person in zip(paid, paid_to, strict=True)):
        signatories.append(Signatory("guardian_sig", ""))
    return allowance_receipt.AllowanceReceiptSnapshot(
        frame=with_draft_note(page_frame(office, texts[0].title, case.case_number, first, issued_at), office.wording,
                              DOCUMENTS, tuple(t.language for t in texts)), texts=texts, recipient=recipient,
        allowance=allowance, payments=payments, total=total.format(first),
        signatories=(*signatories, Signatory("officer_sig", officer)), place=office_city(office, first),
    )


# ---------------------------------------------------------------- reintegration plan


def _needs(assessment: NeedsAssessmentDetail | None, texts, lang: str) -> tuple[reintegration_plan.NeedLine, ...]:
    if assessment is None:
        return ()
    form = assessment.form
    lines = []
    for dimension, level, notes in (("economic", form.economic_need, form.economic_notes),
                                    ("social", form.social_need, form.social_notes),
                                    ("psychosocial", form.psychosocial_need, form.psychosocial_notes)):
        summary = " — ".join(x for x in (tr(lang, type(level)._labels()[level.value]), notes.strip()) if x)  # noqa: SLF001
        lines.append(reintegration_plan.NeedLine(wording.term_in(texts, "dimension", dimension), summary))
    referrals = ", ".join(tr(lang, type(r)._labels()[r.value]) for r in form.referral_needs)  # noqa: SLF001
    for dimension, text in (("skills", form.skills), ("plans", form.plans),
                            ("referrals", " — ".join(x for x in (referrals, form.referral_notes.strip()) if x))):
        if text.strip():
            lines.append(reintegration_plan.NeedLine(wording.term_in(texts, "dimension", dimension), text.strip()))
    return tuple(lines)


def _totals(plan: PlanDetail, lang: str) -> tuple[tuple[str, str], ...]:
    totals = [("total", plan.total.format(lang))]
    if plan.cap is not None:
        totals.append(("cap", plan.cap.format(lang)))
        left = plan.cap - plan.total
        totals.append(("over_cap", (-left).format(lang)) if left.is_negative else ("remaining", left.format(lang)))
    return tuple(totals)


def reintegration_plan_snapshot(session: Session, actor: Actor | None, case: CaseDetail,
                                office: OfficeProfileDetail, lang: str,
                                issued_at: dt.datetime) -> reintegration_plan.ReintegrationPlanSnapshot:
    """The current revision of the case's plan with the needs assessment, total against the cap, signatures."""
    require(actor, Permission.DOCUMENT_ISSUE)
    plan = reintegration.get_plan(session, actor, case.id)
    if plan is None:
        raise ValidationError({"doc_type": _("Case %(number)s has no reintegration plan yet.")
                               % {"number": case.case_number}})
    texts = _texts("reintegration_plan", case, office, lang)
    first = texts[0].language
    current = plan.current
    facts = (("case_number", case.case_number), ("country_of_return", country_name(case.country_of_return, first)),
             ("final_destination", case.final_destination), ("project", plan.project_name),
             ("revision", format_number(current.number, first)),
             ("plan_status", wording.term_in(texts, "plan_status", "approved" if current.approved_on else "draft")),
             ("drafted_on", document_date(current.drafted_on, first)),
             ("approved_on", document_date(current.approved_on, first)))
    items = tuple(
        reintegration_plan.ItemLine(
            wording.term_in(texts, "item_category", i.category.value), i.description, i.provider,
            wording.term_in(texts, "modality", i.modality.value), wording.term_in(texts, "item_status", i.status.value),
            (i.actual_cost if i.actual_cost is not None else i.estimated_cost).format(first))
        for i in current.items)
    return reintegration_plan.ReintegrationPlanSnapshot(
        frame=with_draft_note(page_frame(office, texts[0].title, case.case_number, first, issued_at), office.wording,
                              DOCUMENTS, tuple(t.language for t in texts)), texts=texts,
        # The returnee signs the plan: their name also in the script recorded, as the receipt and declaration print it.
        heading=" · ".join(n for n in (case.principal.full_name, original_name(case.principal), case.case_number) if n),
        plan=facts,
        needs=_needs(reintegration.get_needs_assessment(session, actor, case.id), texts, first), items=items,
        totals=_totals(plan, first),
        signatories=(Signatory("returnee_sig", case.principal.full_name), Signatory("officer_sig", current.drafted_by),
                     Signatory("manager_sig", current.approved_by)),
        place=office_city(office, first),
    )
