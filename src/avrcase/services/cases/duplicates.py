"""Possible duplicates: persons on other cases who may be the same person as the one entered, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from avrcase.domain.codes import IdDocumentType
from avrcase.domain.birth_dates import DobRule, dob_candidates
from avrcase.domain.name_matching import (
    PersonFacts,
    PersonMatch,
    compare_persons,
    document_key,
    person_search_keys,
)
from avrcase.domain.names import display_name
from avrcase.domain.stages import stage_or_unknown
from avrcase.i18n import N_, _
from avrcase.services.dto import (
    Actor,
    DuplicateCandidate,
    PersonForm,
)
from avrcase.services.permissions import Permission, require
from avrcase.store.models import (
    Case,
    CaseMember,
    Person,
    PersonNameKey,
)


_DOB_REASONS = {
    DobRule.SAME_DAY: N_("born the same day"),
    DobRule.SAME_DAY_DEFAULT: N_("born the same day, but 1 January or an estimate (often a placeholder)"),
    DobRule.SWAPPED: N_("date of birth with day and month swapped"),
    DobRule.ONE_DAY_APART: N_("born one day apart"),
    DobRule.SAME_YEAR_ESTIMATED: N_("born the same year (one date is estimated)"),
    DobRule.UNKNOWN: N_("no date of birth to compare"),
    DobRule.DIFFERENT: N_("another date of birth"),
}


def _form_facts(form: PersonForm) -> PersonFacts:
    return PersonFacts(form.family_name, form.given_names, form.family_name_original, form.given_names_original,
                       form.sex.value, form.date_of_birth, form.dob_estimated, form.citizenship,
                       form.document_number if form.document_type != IdDocumentType.NONE else "",
                       form.document_issuing_country)


def _person_facts(p: Person) -> PersonFacts:
    return PersonFacts(p.family_name, p.given_names, p.family_name_original, p.given_names_original, p.sex,
                       p.date_of_birth, p.dob_estimated, p.citizenship, p.document_number, p.document_issuing_country)


def match_reasons(match: PersonMatch) -> tuple[str, ...]:
    """Why two people were matched, in words: which name forms, which date rule, which document."""
    reasons = []
    if match.same_document:
        reasons.append(_("same document number %(number)s") % {"number": match.document})
    if match.name.score >= 0.8:
        if match.name.ours.casefold() == match.name.theirs.casefold():
            reasons.append(_("same name “%(name)s”") % {"name": match.name.theirs})
        else:
            reasons.append(_("name “%(ours)s” written as “%(theirs)s”")
                           % {"ours": match.name.ours, "theirs": match.name.theirs})
    reasons.append(_(_DOB_REASONS[match.dob]))
    if match.sex_differs:
        reasons.append(_("another sex recorded"))
    if match.citizenship_differs:
        reasons.append(_("another citizenship recorded"))
    return tuple(reasons)


def _candidate_conditions(form: PersonForm) -> list[ColumnElement[bool]]:
    """Store lookups that find every person ``compare_persons`` could match: by document, date or key."""
    conditions: list[ColumnElement[bool]] = []
    document = document_key(form.document_number) if form.document_type != IdDocumentType.NONE else ""
    if document:
        conditions.append(Person.document_number_norm == document[:40])
    keys = person_search_keys(form.family_name, form.given_names, form.family_name_original, form.given_names_original)
    shares_key = Person.id.in_(select(PersonNameKey.person_id).where(PersonNameKey.key.in_(sorted(keys))))
    dob = form.date_of_birth
    if dob is None:
        conditions.append(shares_key)
        return conditions
    days, year = dob_candidates(dob, form.dob_estimated)
    conditions.append(Person.date_of_birth.in_(days))
    placeholders = [dt.date(year, 1, 1), dt.date(year, 7, 1)]
    same_year: ColumnElement[bool] = Person.date_of_birth.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if not (form.dob_estimated or dob in placeholders):
        same_year = and_(same_year, or_(Person.dob_estimated, Person.date_of_birth.in_(placeholders)))
    conditions.append(and_(same_year, shares_key))
    conditions.append(and_(Person.date_of_birth.is_(None), shares_key))
    return conditions


def find_duplicates(session: Session, actor: Actor | None, persons: Sequence[PersonForm],
                    *, exclude_case_id: int | None = None, limit: int = 20) -> list[DuplicateCandidate]:
    """People in existing cases who may be the people of a case being registered, with the reasons.

    Each form is compared (``domain.name_matching.compare_persons``) with the people a store lookup
    finds by document number, by date of birth (same day, one day apart, day and month swapped) or by a
    shared name key in the same year when a date is estimated or missing. Rows come grouped by case,
    the best-matching case first.
    """
    require(actor, Permission.CASE_EDIT)
    return duplicate_candidates(session, persons, exclude_case_id=exclude_case_id, limit=limit)


def duplicate_candidates(session: Session, persons: Sequence[PersonForm], *, exclude_case_id: int | None = None,
                         limit: int = 20) -> list[DuplicateCandidate]:
    """``find_duplicates`` for services that already checked the actor's right (the spreadsheet import)."""
    found: dict[tuple[int, int], DuplicateCandidate] = {}
    base = (
        select(Person, Case.id, Case.case_number, Case.stage)
        .join(CaseMember, CaseMember.person_id == Person.id)
        .join(Case, Case.id == CaseMember.case_id)
    )
    if exclude_case_id is not None:
        base = base.where(Case.id != exclude_case_id)
    for form in persons:
        facts = _form_facts(form)
        conditions = _candidate_conditions(form)
        if not conditions:
            continue
        for person, case_id, number, stage in session.execute(base.where(or_(*conditions)).limit(2000)):
            match = compare_persons(facts, _person_facts(person))
            if not match.is_match:
                continue
            known = found.get((case_id, person.id))
            if known is not None and known.score >= match.score:
                continue
            reasons = match_reasons(match)
            found[(case_id, person.id)] = DuplicateCandidate(
                case_id, number, stage_or_unknown(stage), display_name(person.family_name, person.given_names, person.citizenship or ""),
                person.date_of_birth, person.document_number, "; ".join(reasons),
                display_name(form.family_name, form.given_names), match.score, reasons)
    best_of_case: dict[int, float] = {}
    for candidate in found.values():
        best_of_case[candidate.case_id] = max(best_of_case.get(candidate.case_id, 0.0), candidate.score)
    return sorted(found.values(), key=lambda d: (-best_of_case[d.case_id], d.case_number, -d.score))[:limit]
