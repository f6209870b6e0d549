"""Cases: register, edit, find duplicates, search and list (the case file: ``case_file``; stage moves: ``stages``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import (
    ColumnElement, Select, and_, column, delete, exists, func, insert, or_, select, table, tuple_, union,
)
from sqlalchemy import case as sql_case
from sqlalchemy import literal as sql_literal
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import flag_modified

from avrcase.domain.case_numbers import format_case_number
from avrcase.domain.codes import (
    IdDocumentType,
    Relationship,
    StaffRole,
)
from avrcase.domain.errors import ConflictError, NotFoundError, ValidationError
from avrcase.domain.name_matching import (
    KEY_LENGTH,
    NAME_KEYS_VERSION,
    WORD_MATCH,
    DobRule,
    NameWord,
    PersonFacts,
    PersonMatch,
    compare_persons,
    dob_candidates,
    document_key,
    name_words,
    person_search_keys,
    search_keys,
    word_similarity,
)
from avrcase.domain.names import (
    display_name,
    fold,
    script_words,
    search_fold,
    sort_name,
)
from avrcase.domain.stages import REASON_REGISTERED, Stage
from avrcase.domain.validation import validate_case
from avrcase.i18n import N_, _
from avrcase.services.cases.case_file import case_detail
from avrcase.services.clock import clock_of
from avrcase.services.dto import (
    Actor,
    CaseDetail,
    CaseForm,
    CaseQuery,
    CaseRow,
    DuplicateCandidate,
    PersonForm,
)
from avrcase.services.office import get_office_profile
from avrcase.services.permissions import Permission, require
from avrcase.store import search_index
from avrcase.store.models import (
    Case,
    CaseMember,
    CaseSequence,
    CaseVulnerability,
    Person,
    PersonNameKey,
    StageChange,
    User,
)

# ---------------------------------------------------------------- people and search text

def apply_person(person: Person, form: PersonForm) -> None:
    """Copy a person form onto a row and fill the derived search and document columns (also the demo's)."""
    person.family_name = form.family_name.strip()
    person.given_names = form.given_names.strip()
    person.patronymic = form.patronymic.strip()
    person.family_name_original = form.family_name_original.strip()
    person.given_names_original = form.given_names_original.strip()
    person.sex = form.sex.value
    person.date_of_birth = form.date_of_birth
    person.dob_estimated = form.dob_estimated
    person.citizenship = form.citizenship.upper()
    person.country_of_birth = form.country_of_birth.upper()
    person.languages = ",".join(form.languages)
    person.document_type = form.document_type.value
    person.document_number = form.document_number.strip() if form.document_type != IdDocumentType.NONE else ""
    person.document_number_norm = document_key(person.document_number)[:40]
    person.document_issuing_country = form.document_issuing_country.upper()
    person.document_expiry = form.document_expiry
    person.phone = form.phone.strip()
    person.address = form.address.strip()
    person.search_key = " ".join(
        p for p in (fold(person.family_name), fold(person.given_names),
                    fold(person.family_name_original), fold(person.given_names_original),
                    script_words(person.family_name_original), script_words(person.given_names_original)) if p
    )
    person.name_keys_version = NAME_KEYS_VERSION  # the keys themselves: ``write_name_keys`` after a flush


def name_key_rows(person_id: int, person: Person) -> list[dict]:
    """Rows of ``person_name_keys`` for one person (also the demo's bulk insert)."""
    keys = person_search_keys(person.family_name, person.given_names, person.family_name_original,
                              person.given_names_original)
    return [{"person_id": person_id, "key": key} for key in sorted(keys)]


def write_name_keys(session: Session, persons: Sequence[Person]) -> None:
    """Replace the stored name keys of flushed persons (search and the duplicate check read them)."""
    ids = [p.id for p in persons]
    session.execute(delete(PersonNameKey).where(PersonNameKey.person_id.in_(ids)))
    rows = [row for p in persons for row in name_key_rows(p.id, p)]
    if rows:
        session.execute(insert(PersonNameKey), rows)


def case_search_text(case_number: str, persons: Sequence[Person]) -> str:
    """The folded text that case search matches: case number, every name form, document numbers."""
    parts = [search_fold(case_number)]
    for person in persons:
        parts.append(person.search_key)
        if person.document_number_norm:
            parts.append(person.document_number_norm.lower())
    return " ".join(p for p in parts if p)






# ---------------------------------------------------------------- case numbers

def _next_case_number(session: Session, year: int) -> str:
    office_code = get_office_profile(session).office_code
    seq = session.get(CaseSequence, (office_code, year), with_for_update=True)
    if seq is None:
        # Start after any number already issued (a store restored from elsewhere keeps its numbers).
        prefix = f"{office_code}-{year:04d}-"
        highest = session.scalar(select(func.max(Case.case_number)).where(Case.case_number.like(prefix + "%")))
        seq = CaseSequence(office_code=office_code, year=year, last_value=int(highest[len(prefix):]) if highest else 0)
        session.add(seq)
    seq.last_value += 1
    session.flush()
    return format_case_number(office_code, year, seq.last_value)


# ---------------------------------------------------------------- register and edit

def _check_counsellor(session: Session, counsellor_id: int | None) -> None:
    if counsellor_id is None:
        return
    user = session.get(User, counsellor_id)
    if user is None or not user.active:
        raise ValidationError({"counsellor_id": _("Choose an active member of staff as the counsellor.")})


def apply_case(case: Case, form: CaseForm) -> None:
    """Copy the case-level fields of a form onto a case row (members are handled by the caller)."""
    case.kind = form.kind.value
    case.legal_status = form.legal_status.value
    case.referral_source = form.referral_source.value
    case.country_of_return = form.country_of_return.upper()
    case.final_destination = form.final_destination.strip()
    case.project = form.project.strip()
    case.return_decision_number = form.return_decision_number.strip()
    case.return_decision_date = form.return_decision_date
    case.approval_status = form.approval_status.value
    case.approval_date = form.approval_date
    case.approval_reference = form.approval_reference.strip()
    consent = form.consent
    case.consent_given_on = consent.given_on if consent else None
    case.consent_given_by = consent.given_by.value if consent else None
    case.consent_legal_basis = consent.legal_basis.value if consent else None
    case.consent_shared_with = ",".join(s.value for s in consent.shared_with) if consent else ""
    case.consent_sharing = consent.sharing if consent else None
    case.notes = form.notes.strip()


def sync_vulnerabilities(case: Case, persons: list[Person], form: CaseForm) -> None:
    """Make the case's vulnerabilities those of the form: the principal's (``persons[0]``) from the case
    form, each member's (``persons[i]``) from its member form; every person has an id already."""
    wanted: dict[tuple[int, str], str] = {}
    for person, vulnerabilities in zip(persons, (form.vulnerabilities, *(m.vulnerabilities for m in form.members)),
                                       strict=True):
        wanted.update({(person.id, v.code.value): v.details.strip() for v in vulnerabilities})
    existing = {(v.person_id, v.code): v for v in case.vulnerabilities}
    for key, row in existing.items():
        if key not in wanted:
            case.vulnerabilities.remove(row)
    for (person_id, code), details in wanted.items():
        if (person_id, code) in existing:
            existing[person_id, code].details = details
        else:
            case.vulnerabilities.append(CaseVulnerability(person_id=person_id, code=code, details=details))


def register_case(session: Session, actor: Actor, form: CaseForm, *, today: dt.date | None = None) -> CaseDetail:
    """Register a new case (one person or a household) at stage “registered”."""
    require(actor, Permission.CASE_EDIT)
    today = today or clock_of(session).today()
    validate_case(form, today)
    counsellor_id = form.counsellor_id if form.counsellor_id is not None else (
        actor.id if actor.role == StaffRole.COUNSELLOR else None)
    _check_counsellor(session, counsellor_id)
    registered_on = form.registered_on or today
    persons = []
    for person_form in (form.principal, *(m.person for m in form.members)):
        person = Person()
        apply_person(person, person_form)
        session.add(person)
        persons.append(person)
    session.flush()
    number = _next_case_number(session, registered_on.year)
    case = Case(
        case_number=number, principal_id=persons[0].id, counsellor_id=counsellor_id, stage=Stage.REGISTERED.value,
        registered_on=registered_on, household_size=len(persons), created_by_id=actor.id,
        search_text=case_search_text(number, persons),
        sort_name=sort_name(persons[0].family_name, persons[0].given_names),
    )
    apply_case(case, form)
    relationships = [Relationship.PRINCIPAL, *(m.relationship for m in form.members)]
    for position, (person, rel) in enumerate(zip(persons, relationships, strict=True)):
        case.members.append(CaseMember(person_id=person.id, relationship_to_principal=rel.value, position=position))
    sync_vulnerabilities(case, persons, form)
    case.stage_changes.append(StageChange(from_stage=None, to_stage=Stage.REGISTERED.value,
                                          reason=REASON_REGISTERED, changed_by_id=actor.id))
    session.add(case)
    session.flush()
    write_name_keys(session, persons)
    return case_detail(session, actor, case.id)


def load_for_change(session: Session, case_id: int, version: int) -> Case:
    """The case to change, refused as a conflict when someone saved it after ``version`` was loaded."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError(_("The case no longer exists."))
    if case.version != version:
        raise ConflictError(
            _("Case %(number)s was changed by someone else after you opened it. Nothing was saved; reopen it and try again.")
            % {"number": case.case_number}
        )
    return case


def update_case(session: Session, actor: Actor, case_id: int, version: int, form: CaseForm,
                *, today: dt.date | None = None) -> CaseDetail:
    """Save an edited case; ``version`` is the one the dialog loaded, so a stale edit is refused."""
    require(actor, Permission.CASE_EDIT)
    today = today or clock_of(session).today()
    case = load_for_change(session, case_id, version)
    validate_case(form, today)
    if form.registered_on and form.registered_on != case.registered_on:
        raise ValidationError({"registered_on": _("The registration date of a case cannot change.")})
    _check_counsellor(session, form.counsellor_id)
    current = {m.person_id: m for m in case.members if m.position > 0}
    unknown = {m.person_id for m in form.members if m.person_id is not None} - set(current)
    if unknown:
        raise ConflictError(_("A household member was removed by someone else meanwhile. Nothing was saved."))
    # New people first, so the case row is written (and its version bumped) once, at the end.
    new_people = {}
    for position, member in enumerate(form.members, start=1):
        if member.person_id is None:
            person = Person()
            apply_person(person, member.person)
            session.add(person)
            new_people[position] = person
    session.flush()
    with session.no_autoflush:  # one UPDATE of the case, so one version step per save
        case.counsellor_id = form.counsellor_id
        apply_case(case, form)
        apply_person(case.principal, form.principal)
        persons = [case.principal]
        kept: set[int] = set()
        for position, member in enumerate(form.members, start=1):
            if member.person_id is None:
                person = new_people[position]
                case.members.append(CaseMember(person_id=person.id, relationship_to_principal=member.relationship.value,
                                               position=position))
            else:
                kept.add(member.person_id)
                row = current[member.person_id]
                row.relationship_to_principal = member.relationship.value
                row.position = position
                person = row.person
                apply_person(person, member.person)
            persons.append(person)
        for person_id, row in current.items():
            if person_id not in kept:
                case.members.remove(row)
                session.delete(row.person)
        sync_vulnerabilities(case, persons, form)
        case.vulnerabilities_to_review = False  # the counsellor saw each person's vulnerabilities on the form
        case.household_size = len(persons)
        case.search_text = case_search_text(case.case_number, persons)
        case.sort_name = sort_name(case.principal.family_name, case.principal.given_names)
        case.updated_at = clock_of(session).now()
        flag_modified(case, "updated_at")  # the version moves even when the clock has not (a fixed clock)
    session.flush()
    write_name_keys(session, persons)
    return case_detail(session, actor, case.id)


# ---------------------------------------------------------------- stages





# ---------------------------------------------------------------- reading







_P = aliased(Person, name="principal")
_U = aliased(User, name="counsellor")
#: The cases a search word is looked for in, apart from the case being listed (PostgreSQL's id set).
_SEARCHED = aliased(Case, name="searched")
_SORT_COLUMNS = {
    "case_number": Case.case_number,
    "stage": Case.stage,
    "principal_name": Case.sort_name,  # folded family and given names, indexed with the id
    "citizenship": _P.citizenship,
    "country_of_return": Case.country_of_return,
    "household_size": Case.household_size,
    "registered_on": Case.registered_on,
    "counsellor": func.coalesce(_U.display_name, ""),  # never NULL, so key-set paging can compare it
}
#: Sort keys the case list and ``avrcase case list`` accept.
SORT_KEYS = tuple(_SORT_COLUMNS)


#: A search by one or two letters matches a large part of the store and no index serves it: its count
#: stops here and the list says "200+".
SHORT_SEARCH_COUNT_CAP = 200


def _contains(session: Session, token: str) -> ColumnElement[bool]:
    """``token`` occurs in the case's ``search_text``; through the trigram index for three letters or more.

    Same cases as ``search_text LIKE '%token%'`` (the index only narrows the rows SQLite then checks).
    """
    if len(token) >= search_index.MIN_INDEXED_LENGTH and search_index.uses_fts(session):
        fts = table(search_index.FTS_TABLE, column("rowid"), column("search_text"))
        return Case.id.in_(select(fts.c.rowid).where(fts.c.search_text.like(f"%{token}%")))
    return Case.search_text.like(f"%{token}%")


def _after(prefix: str) -> str | None:
    """The smallest string greater than every string that starts with ``prefix`` (keys are letters, ~ and =)."""
    stem = prefix.rstrip("~")
    if not stem:
        return None
    return stem[:-1] + chr(ord(stem[-1]) + 1)


def _cases_with_keys(conditions: list[ColumnElement[bool]]) -> Select:
    return (select(CaseMember.case_id).join(PersonNameKey, PersonNameKey.person_id == CaseMember.person_id)
            .where(or_(*conditions)))


def _similar_stored_keys(session: Session, word: NameWord) -> set[str]:
    """Stored keys alike enough to be a spelling of the word (Beridse and Beridze, Alaksandr and Aliaksandr).

    Candidates come from two index range scans: keys sharing the word's first three letters (any vowel
    first), and the keys of people who share the word's consonant skeleton; the same word comparison
    the duplicate check uses then keeps those that are the same name.
    """
    candidates: set[str] = set()
    for key in word.keys:
        if key.startswith("=") or len(key) < 4:
            continue
        # A leading vowel is what systems disagree on most (Əliyev, Eliyev, Aliyev): any vowel there.
        buckets = [v + key[1:3] for v in "aeiouy"] if key[0] in "aeiouy" else [key[:3]]
        for bucket in buckets:
            upper = _after(bucket)
            if upper is not None:
                candidates.update(session.scalars(
                    select(PersonNameKey.key).where(PersonNameKey.key >= bucket, PersonNameKey.key < upper)
                    .distinct().limit(5000)))
    skeletons = sorted({k for k in search_keys(word.text) if k.startswith("~") and len(k) >= 3})
    if skeletons and not any(key.startswith("=") for key in word.keys):  # Arabic: the skeleton itself is looked up
        same_skeleton = select(PersonNameKey.person_id).where(PersonNameKey.key.in_(skeletons)).limit(5000)
        candidates.update(session.scalars(
            select(PersonNameKey.key).where(PersonNameKey.person_id.in_(same_skeleton), PersonNameKey.key < "~")
            .distinct().limit(20000)))
    return {c for c in candidates if word_similarity(word, NameWord(c, (c,))) >= WORD_MATCH}


def _search_terms(session: Session, text: str) -> list[tuple[ColumnElement[bool], ColumnElement[bool],
                                                              ColumnElement[bool]]]:
    """For each word of a search: (as typed, same key, any key) conditions on ``Case``.

    "As typed" is the folded word inside the case's search text (case and document numbers, names);
    "same key" a name key equal to the word's; "any key" a name key starting with it, a stored key
    alike enough (``_similar_stored_keys``), or for a word in Arabic script the same consonant
    skeleton, so that any spelling or script of a name finds the case. Keys are looked up in the indexed ``person_name_keys`` table,
    never by scanning every name.
    """
    terms = []
    # Words with digits (case and document numbers) are matched as typed; names word by word, with
    # particles and compounds read as the duplicate check reads them (Abd al-Rahman is one word).
    numbers = [raw for raw in text.split() if any(c.isdigit() for c in raw)]
    names = " ".join(raw for raw in text.split() if not any(c.isdigit() for c in raw))
    for raw in numbers:
        tokens = [t for t in search_fold(raw).split() if t.strip("-")]
        if tokens:
            literal = and_(*(_contains(session, t) for t in tokens))
            terms.append((literal, literal, literal))
    words = name_words(names)
    if not words:  # only punctuation or particles: match what was typed
        for token in (t for t in search_fold(names).split() if t.strip("-")):
            literal = _contains(session, token)
            terms.append((literal, literal, literal))
    for word in words:
        tokens = [t for t in search_fold(word.text).split() if t.strip("-")]
        literal = and_(*(_contains(session, t) for t in tokens)) if tokens else Case.id.is_(None)
        exact_keys: set[str] = set()
        conditions: list[ColumnElement[bool]] = []
        for key in word.keys:
            plain = key[:KEY_LENGTH]
            if len(plain) < 2 and len(word.keys) > 1:
                continue
            exact_keys.add(plain)
            upper = _after(plain)
            conditions.append(and_(PersonNameKey.key >= plain, PersonNameKey.key < upper)
                              if upper else PersonNameKey.key >= plain)
        other_keys = _similar_stored_keys(session, word)
        if any(key.startswith("=") for key in word.keys):
            # Arabic script has no short vowels: its consonants are all a Latin name can be found by.
            other_keys |= {key for key in search_keys(word.text) if key.startswith("~") and len(key) >= 3}
        if other_keys:
            conditions.append(PersonNameKey.key.in_(sorted(other_keys)))
        if not conditions:
            terms.append((literal, literal, literal))
            continue
        same_key = Case.id.in_(_cases_with_keys([PersonNameKey.key.in_(sorted(exact_keys))]))
        if session.get_bind().dialect.name == "postgresql" and tokens:
            # PostgreSQL scans every case for "search_text LIKE … OR id IN (keys)": the OR hides the trigram
            # index. One set of ids (the words as typed, through the index, plus the key matches) keeps it.
            typed = select(_SEARCHED.id).where(*(_SEARCHED.search_text.like(f"%{t}%") for t in tokens))
            terms.append((literal, same_key, Case.id.in_(union(typed, _cases_with_keys(conditions)))))
            continue
        any_key = Case.id.in_(_cases_with_keys(conditions))
        terms.append((literal, same_key, or_(literal, any_key)))
    return terms


def _filtered(session: Session, stmt: Select, query: CaseQuery, terms: list | None = None) -> Select:
    for _literal, _same, matches in terms if terms is not None else _search_terms(session, query.search):
        stmt = stmt.where(matches)
    if query.stage is not None:
        stmt = stmt.where(Case.stage == query.stage.value)
    if query.counsellor_id is not None:
        stmt = stmt.where(Case.counsellor_id == query.counsellor_id)
    if query.country_of_return:
        stmt = stmt.where(Case.country_of_return == query.country_of_return.upper())
    if query.vulnerability is not None:
        stmt = stmt.where(exists().where(
            CaseVulnerability.case_id == Case.id, CaseVulnerability.code == query.vulnerability.value))
    return stmt


def case_rows_statement(session: Session, query: CaseQuery) -> Select:
    """The SELECT behind one page of the case list (filtered, ordered, paged by key set or offset).

    The page's ids are chosen first from ``cases`` alone (joined only when the sort key lives on the
    principal or the counsellor), and only those rows are then joined for display. Without a search the
    page can start after ``query.after`` (key set); a search orders by how well each case matches first,
    so it pages by offset (its matches are few).
    """
    if query.sort not in _SORT_COLUMNS:
        raise ValidationError({"sort": _("Cases cannot be sorted by “%(key)s”.") % {"key": query.sort}})
    column_ = _SORT_COLUMNS[query.sort]
    terms = _search_terms(session, query.search)
    ids = select(Case.id.label("id"), column_.label("sort_value"))
    if query.sort == "citizenship":
        ids = ids.join(_P, Case.principal_id == _P.id)
    elif query.sort == "counsellor":
        ids = ids.outerjoin(_U, Case.counsellor_id == _U.id)
    ids = _filtered(session, ids, query, terms)
    order = [column_.desc(), Case.id.desc()] if query.descending else [column_.asc(), Case.id.asc()]
    rank = None
    if terms:
        # Cases where every word is found as typed come first, then by the same key, then the rest.
        rank = sum((sql_case((literal, 0), (same, 1), else_=2) for literal, same, _any in terms),
                   start=sql_literal(0))
        ids = ids.add_columns(rank.label("rank"))
        order.insert(0, rank.asc())
    if query.after is not None and rank is None:
        value, last_id = query.after
        key, bound = tuple_(column_, Case.id), tuple_(sql_literal(value, column_.type), sql_literal(last_id))
        ids = ids.where(key < bound if query.descending else key > bound)
    elif query.offset > 0:
        ids = ids.offset(query.offset)
    page = ids.order_by(*order).limit(max(query.limit, 0)).subquery("page")
    person, counsellor = aliased(Person, name="page_principal"), aliased(User, name="page_counsellor")
    vulnerable = exists().where(CaseVulnerability.case_id == Case.id).correlate(Case)
    stmt = (
        select(Case.id, Case.case_number, Case.stage, person.family_name, person.given_names, person.citizenship,
               Case.country_of_return, Case.household_size, Case.registered_on, counsellor.display_name,
               vulnerable.label("vulnerable"), page.c.sort_value)
        .select_from(page)
        .join(Case, Case.id == page.c.id)
        .join(person, Case.principal_id == person.id)
        .outerjoin(counsellor, Case.counsellor_id == counsellor.id)
    )
    outer = [page.c.sort_value.desc(), page.c.id.desc()] if query.descending else [page.c.sort_value.asc(), page.c.id.asc()]
    if rank is not None:
        outer.insert(0, page.c.rank.asc())
    return stmt.order_by(*outer)


def _keyset(query: CaseQuery) -> bool:
    return not query.search.strip()


def list_cases(session: Session, actor: Actor | None, query: CaseQuery) -> list[CaseRow]:
    """One page of the case list, filtered and sorted in SQL; ``query.after`` pages by key set.

    ``CaseRow.sort_key`` is set where key-set paging applies (no search), else ``None`` (page by offset).
    """
    require(actor, Permission.CASE_READ)
    keyset = _keyset(query)
    return [
        CaseRow(r.id, r.case_number, Stage(r.stage), display_name(r.family_name, r.given_names), r.citizenship,
                r.country_of_return, r.household_size, r.registered_on, r.display_name or "", bool(r.vulnerable),
                (r.sort_value, r.id) if keyset else None)
        for r in session.execute(case_rows_statement(session, query))
    ]


def iter_case_rows(session: Session, actor: Actor | None, query: CaseQuery, *, batch: int = 5000):
    """Every case matching ``query`` (its ``limit`` caps the total, 0 = all) in order, paged in batches.

    Yields plain tuples ``(case_number, stage, principal_name, citizenship, country_of_return,
    household_size, registered_on, counsellor_name, vulnerable)`` for the command line's exports.
    """
    require(actor, Permission.CASE_READ)
    remaining = query.limit if query.limit > 0 else None
    after, offset, keyset = None, 0, _keyset(query)
    while remaining is None or remaining > 0:
        want = batch if remaining is None else min(batch, remaining)
        page = dataclasses.replace(query, offset=0 if keyset else offset, limit=want, after=after)
        rows = session.connection().execute(case_rows_statement(session, page)).all()
        for r in rows:
            yield (r[1], r[2], display_name(r[3], r[4]), r[5], r[6], r[7], r[8], r[9] or "", bool(r[10]))
        if len(rows) < want:
            return
        after, offset = (rows[-1][11], rows[-1][0]), offset + len(rows)
        if remaining is not None:
            remaining -= len(rows)


def count_cases(session: Session, actor: Actor | None, query: CaseQuery, *, cap: int | None = None) -> int:
    """How many cases match the query's filters (ignoring paging).

    With ``cap`` the count stops at ``cap + 1`` (the list then shows "200+"): a one- or two-letter search
    cannot use the trigram index, and counting every match would scan the store on each keystroke.
    """
    require(actor, Permission.CASE_READ)
    if cap is not None:
        inner = _filtered(session, select(Case.id), query).limit(cap + 1).subquery()
        return session.scalar(select(func.count()).select_from(inner)) or 0
    stmt = _filtered(session, select(func.count(Case.id)), query)
    return session.scalar(stmt) or 0


def is_short_search(query: CaseQuery) -> bool:
    """True when a search word is too short for the trigram index (its count is then capped)."""
    return any(len(t) < search_index.MIN_INDEXED_LENGTH for t in search_fold(query.search).split() if t.strip("-"))


# ---------------------------------------------------------------- duplicates

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
                case_id, number, Stage(stage), display_name(person.family_name, person.given_names),
                person.date_of_birth, person.document_number, "; ".join(reasons),
                display_name(form.family_name, form.given_names), match.score, reasons)
    best_of_case: dict[int, float] = {}
    for candidate in found.values():
        best_of_case[candidate.case_id] = max(best_of_case.get(candidate.case_id, 0.0), candidate.score)
    return sorted(found.values(), key=lambda d: (-best_of_case[d.case_id], d.case_number, -d.score))[:limit]
