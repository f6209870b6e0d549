"""The words of a case search as SQL conditions: as typed (through the trigram index), by the same name key,
by another key (a spelling alike), with what a common or a short word needs (``search_terms``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    any_,
    bindparam,
    cast,
    column,
    false,
    func,
    or_,
    select,
    table,
    union,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import False_

from avrcase.domain.name_key_version import KEY_LENGTH
from avrcase.domain.particles import optional_particles
from avrcase.domain.names import search_fold
from avrcase.services.cases import search_lookups, search_typed_first
from avrcase.store import search_index
from avrcase.store.models import Case, CaseMember, PersonNameKey

if TYPE_CHECKING:
    from avrcase.domain.name_matching import NameWord

#: The cases a search word is looked for in, apart from the case being listed (PostgreSQL's id set).
_SEARCHED = aliased(Case, name="searched")

#: A search word held by more cases than this is a common one ("ana", "mar"). The list then walks the cases in
#: its own order and stops after a page instead of looking up every match, and a search's count stops here
#: ("2,000+"): a number that large only says the word is common (#14).
COMMON_WORD_MATCHES = 2000


class Term(NamedTuple):
    """One word of a search as conditions on ``Case``: found as typed, by the same name key, matching at all,
    and by another key only (``None`` when the word has no keys beyond its exact one)."""

    literal: ColumnElement[bool]
    same: ColumnElement[bool]
    matches: ColumnElement[bool]
    keyed: ColumnElement[bool] | None = None
    walk: bool = False  # as typed, it is checked case by case (a short or common word): page by rank
    #: More than COMMON_WORD_MATCHES cases hold it as typed (one token, so at least as many cases match it and its
    #: first page is all found as typed); several common tokens together may be rare: walked, not common.
    common: bool = False
    typed_first: search_typed_first.TypedFirst | None = None  # PostgreSQL, one uncommon word: its page (search.py)


def _index_matches(session: Session, token: str) -> str | None:
    """The ids of the cases holding ``token``, from the trigram index, as a JSON list (SQLite makes it: no id
    passes through Python); ``None`` when there are more than ``COMMON_WORD_MATCHES`` (a common word). Asked
    once per unit of work (the count and the page share it)."""
    known = session.info.setdefault("avrcase.search.index_matches", {})
    if token not in known:
        fts = table(search_index.FTS_TABLE, column("rowid"), column("search_text"))
        phrase = search_index.fts_phrase(token)  # the same cases, without reading each one's text to check it
        held = fts.c.search_text.like(f"%{token}%") if phrase is None else fts.c.search_text.match(phrase)
        found = select(fts.c.rowid).where(held).limit(COMMON_WORD_MATCHES + 1).subquery("found")
        count, ids = session.connection().execute(
            select(func.count(), func.json_group_array(found.c.rowid)).select_from(found)).one()
        known[token] = ids if count <= COMMON_WORD_MATCHES else None
    return known[token]


def _is_common(session: Session, token: str) -> bool:
    """True when more than ``COMMON_WORD_MATCHES`` cases hold ``token`` (the index stops counting there).

    On PostgreSQL the cases holding it are counted up to that number (the trigram index, or the cases in order
    when the word is so common that the first thousands come soon); once per unit of work."""
    if search_index.uses_fts(session):
        return _index_matches(session, token) is None
    if session.get_bind().dialect.name == "postgresql":
        return _typed_ids(session, token) is None
    known = session.info.setdefault("avrcase.search.common", {})
    if token not in known:
        holding = select(Case.id).where(Case.search_text.like(f"%{token}%")).limit(COMMON_WORD_MATCHES + 1)
        known[token] = (session.scalar(select(func.count()).select_from(holding.subquery())) or 0) > COMMON_WORD_MATCHES
    return known[token]


def _typed_ids(session: Session, token: str) -> list[int] | None:
    """PostgreSQL: the ids of the cases holding ``token`` as typed (through the trigram index), ``None`` when more
    than ``COMMON_WORD_MATCHES`` do; read once per unit of work, with the other look-ups (``_look_ups``). The page
    then reads the list instead of asking the index again (1.7 ms of its 9.5 for "Khutsishvili" at 100,000 cases,
    #14)."""
    ids = search_lookups.values(session, search_lookups.typed(token, COMMON_WORD_MATCHES + 1))
    return ids if len(ids) <= COMMON_WORD_MATCHES else None


def _contains(session: Session, token: str) -> ColumnElement[bool]:
    """``token`` occurs in the case's ``search_text``; through the trigram index for an uncommon word of three
    letters or more.

    Same cases as ``search_text LIKE '%token%'``: the index's matches are read once and passed to the
    statements as one list of ids (not looked up again for the count and for each rank). A common word is
    checked on each case as the list walks them in order: its first page is found within a few thousand
    cases, sooner than the index lists its thousands of matches.
    """
    if len(token) >= search_index.MIN_INDEXED_LENGTH and search_index.uses_fts(session):
        ids = _index_matches(session, token)
        if ids is not None:
            return _one_of(ids)
    return Case.search_text.like(f"%{token}%")


def _all_typed(session: Session, tokens: list[str]) -> ColumnElement[bool]:
    """Every token as typed; plain false when the index finds one nowhere, so that "as typed OR a name key"
    reads the keys alone (an OR with a condition in SQL makes SQLite read every case: 9 ms for no match)."""
    found = [_contains(session, t) for t in tokens]
    return false() if any(isinstance(c, False_) for c in found) else and_(*found)


def _one_of(ids: str) -> ColumnElement[bool]:
    """``Case.id`` is one of ``ids`` (a JSON list): sent as one value read by ``json_each``, never one bound
    variable per id (SQLite and SQLCipher limit those) nor written into the SQL (the statement stays cached)."""
    if ids == "[]":
        return false()
    found = func.json_each(bindparam("found", ids, type_=String, unique=True)).table_valued("value")
    return Case.id.in_(select(found.c.value))


def _after(prefix: str) -> str | None:
    """The smallest string greater than every string that starts with ``prefix`` (keys are letters, ~ and =)."""
    stem = prefix.rstrip("~")
    if not stem:
        return None
    return stem[:-1] + chr(ord(stem[-1]) + 1)


def _cases_with_keys(conditions: list[ColumnElement[bool]]) -> Select:
    return (select(CaseMember.case_id).join(PersonNameKey, PersonNameKey.person_id == CaseMember.person_id)
            .where(or_(*conditions)))


def _similar_stored_keys(session: Session, word: NameWord, *, by_first_letters: bool = True) -> set[str]:
    """Stored keys alike enough to be a spelling of the word (Beridse and Beridze, Alaksandr and Aliaksandr).

    Candidates come from two index range scans: keys sharing the word's first three letters (any vowel
    first), and the keys of people who share the word's consonant skeleton; the same word comparison
    the duplicate check uses then keeps those that are the same name.
    """
    candidates = {key for lookup in _candidate_look_ups(session, word, by_first_letters)
                  for key in search_lookups.values(session, lookup)}
    return {c for c in candidates if _alike(word, c)}


def _candidate_look_ups(session: Session, word: NameWord, by_first_letters: bool = True) -> list[search_lookups.Lookup]:
    """The look-ups of ``_similar_stored_keys``: keys sharing the word's first letters, and those beside its skeleton."""
    found = []
    for key in word.keys if by_first_letters else ():
        if key.startswith("=") or len(key) < 4:
            continue
        # A leading vowel is what systems disagree on most (Əliyev, Eliyev, Aliyev): any vowel there.
        buckets = [v + key[1:3] for v in "aeiouy"] if key[0] in "aeiouy" else [key[:3]]
        found += [search_lookups.keys_between(bucket, upper) for bucket in buckets if (upper := _after(bucket))]
    skeletons = tuple(sorted({k for k in _rules().search_keys(word.text) if k.startswith("~") and len(k) >= 3}))
    if skeletons and not any(key.startswith("=") for key in word.keys):  # Arabic: the skeleton itself is looked up
        found.append(search_lookups.keys_beside(skeletons, session.get_bind().dialect.name == "postgresql"))
    return found


def _look_ups(session: Session, text: str) -> list[search_lookups.Lookup]:
    """What ``_search_terms`` asks the store for ``text``, listed before it runs so that PostgreSQL is asked once
    (``search_lookups.read_together``); the same walk through the words. One missed here is asked on its own."""
    words = _rules().name_words(" ".join(raw for raw in text.split() if not any(c.isdigit() for c in raw)))
    plain = [search_fold(word.text) for word in words]
    latin = [bool(_LATIN_WORD.fullmatch(p)) for p in plain]
    found, typed = [], False
    for index in range(len(words) - 1):  # as _written_apart
        if latin[index] and latin[index + 1] and len(together := _rules().name_words(plain[index] + plain[index + 1])) == 1:
            found += _candidate_look_ups(session, together[0], by_first_letters=False)
    found += [halves for index, folded in enumerate(plain)
              if latin[index] and len(folded) >= 5 and (halves := _halves_look_up(folded)) is not None]
    for word in words:
        tokens = [t for t in search_fold(word.text).split() if t.strip("-")]
        if tokens and all(len(t) < search_index.MIN_INDEXED_LENGTH for t in tokens):
            continue  # a short word: no look-up
        found += _candidate_look_ups(session, word)
        if not typed:  # the first such word's cases give the page's; the others are checked on them
            found += [search_lookups.typed(t, COMMON_WORD_MATCHES + 1) for t in tokens]
            typed = True
    return found


def _rules():
    """The name-matching rules (rapidfuzz, romanisation), imported when a search first needs them (#14)."""
    from avrcase.domain import name_matching

    return name_matching


@lru_cache(maxsize=16384)
def _alike(word: NameWord, key: str) -> bool:
    """``key`` is a spelling of ``word`` (the duplicate check's word comparison). Remembered: each keystroke
    compares the same stored keys again (52 of them for "khut" at 100,000 cases)."""
    rules = _rules()
    return rules.word_similarity(word, rules.NameWord(key, (key,))) >= rules.WORD_MATCH


def search_terms(session: Session, text: str) -> list[Term]:
    """For each word of a search: (as typed, same key, any key, another key only) conditions on ``Case``.

    "As typed" is the folded word inside the case's search text (case and document numbers, names);
    "same key" a name key equal to the word's; "any key" a name key starting with it, a stored key
    alike enough (``_similar_stored_keys``), or for a word in Arabic script the same consonant
    skeleton, so that any spelling or script of a name finds the case. Keys are looked up in the indexed ``person_name_keys`` table,
    never by scanning every name.
    """
    if not text.split():  # no search: no term (and no name-matching rules imported)
        return []
    known = session.info.setdefault("avrcase.search.terms", {})  # the count and the page share them
    if text not in known:
        search_lookups.read_together(session, _look_ups(session, text))  # PostgreSQL: one round trip
        known[text] = _search_terms(session, text)
    return known[text]


def _search_terms(session: Session, text: str) -> list[Term]:
    terms = []
    # Words with digits (case and document numbers) are matched as typed; names word by word, with
    # particles and compounds read as the duplicate check reads them (Abd al-Rahman is one word).
    numbers = [raw for raw in text.split() if any(c.isdigit() for c in raw)]
    names = " ".join(raw for raw in text.split() if not any(c.isdigit() for c in raw))
    for raw in numbers:
        tokens = [t for t in search_fold(raw).split() if t.strip("-")]
        if tokens:
            literal = _all_typed(session, tokens)
            terms.append(Term(literal, literal, literal))
    words = _rules().name_words(names)
    if not words:  # only punctuation or particles: match what was typed
        for token in (t for t in search_fold(names).split() if t.strip("-")):
            literal = _contains(session, token)
            terms.append(Term(literal, literal, literal))
    apart = _written_apart(session, words)
    first, driven = len(terms), False
    for index, word in enumerate(words):
        tokens = [t for t in search_fold(word.text).split() if t.strip("-")]
        literal = _all_typed(session, tokens) if tokens else Case.id.is_(None)
        if tokens and all(len(t) < search_index.MIN_INDEXED_LENGTH for t in tokens):
            # One or two letters ("a", "ab", "Li", "Ли"): as typed, or a name whose key is exactly the word
            # (Li, Wu, Ng in any script). Every key starting with one letter is much of the store, no index
            # narrows the typed letters, and the search gets useful from the third letter on.
            short_keys = sorted({key[:KEY_LENGTH] for key in word.keys
                                 if key[:KEY_LENGTH] and (len(key[:KEY_LENGTH]) >= 2 or len(word.keys) == 1)})
            same_key = Case.id.in_(_cases_with_keys([PersonNameKey.key.in_(short_keys)])) if short_keys else literal
            terms.append(Term(literal, same_key, or_(literal, same_key) if short_keys else literal, walk=True))
            continue
        exact_keys, ranges, other_keys = _key_values(session, word)
        conditions = search_typed_first.key_conditions(ranges, other_keys)
        held_apart = apart.get(index, [])
        also = or_(*(Case.id.in_(cases) for cases in held_apart)) if held_apart else None
        if not conditions:
            terms.append(Term(literal, literal, literal) if also is None else Term(literal, literal, or_(literal, also), also))
            continue
        same_key = Case.id.in_(_cases_with_keys([PersonNameKey.key.in_(sorted(exact_keys))]))
        if session.get_bind().dialect.name == "postgresql" and tokens:
            # PostgreSQL scans every case for "search_text LIKE … OR id IN (keys)": the OR hides the trigram
            # index. One set of ids (the words as typed, through the index, plus the key matches) keeps it.
            keyed: ColumnElement[bool] = Case.id.in_(_cases_with_keys(conditions))
            if also is not None:
                keyed = or_(keyed, also)
            if driven:  # an earlier word's set gives the cases: this word is checked on each of them
                # A second "id = ANY (set)" was searched element by element for each case: 0.65 s a keystroke for
                # "Mohammad Ali" at 100,000 cases (1,931 cases, each against 9,755 ids). The same cases.
                terms.append(Term(literal, same_key, or_(literal, keyed), keyed))
                continue
            driven = True
            held = [_typed_ids(session, t) for t in tokens]
            walk = all(ids is None for ids in held)
            known = [set(ids) for ids in held if ids is not None]
            typed: Select = select(_SEARCHED.id).where(*(_SEARCHED.search_text.like(f"%{t}%") for t in tokens))
            if len(known) == len(held):  # the cases holding every token, as read to tell a common word
                # Sent as the array's text: psycopg wrote a list of 904 ids in 2 ms, its text in 0.5 ms (#14).
                ids = "{" + ",".join(map(str, sorted(set.intersection(*known)))) + "}"
                typed = select(func.unnest(cast(bindparam("typed", ids, type_=String, unique=True), ARRAY(Integer))))
            # Its ids as one array (an InitPlan) looked up by primary key: "id IN (…)" made the planner expect
            # thousands of matches and hash a scan of every case (62 ms for "Khutsishvili" at 100,000 cases). The
            # name written apart or together is in the same set: "= ANY (…) OR id IN (…)" read every case.
            matched = union(typed, _cases_with_keys(conditions), *held_apart).subquery("matched")
            found: ColumnElement[bool] = Case.id == any_(
                cast(select(func.array_agg(matched.c[0])).scalar_subquery(), ARRAY(Integer)))
            terms.append(Term(literal, same_key, found, keyed, walk=walk, common=walk and len(tokens) == 1,
                              typed_first=search_typed_first.known(held, ranges, other_keys, exact_keys, held_apart)))
            continue
        any_key: ColumnElement[bool] = Case.id.in_(_cases_with_keys(conditions))
        if also is not None:
            any_key = or_(any_key, also)
        walk = bool(tokens) and search_index.uses_fts(session) and all(_is_common(session, t) for t in tokens)
        terms.append(Term(literal, same_key, or_(literal, any_key), any_key, walk=walk, common=walk and len(tokens) == 1))
    # "van der Berg" also finds a case holding BERG (by its key, not Berger): the particles rank, not filter.
    for index, name in optional_particles([word.text for word in words]).items():
        terms[first + index] = terms[first + index]._replace(matches=or_(terms[first + index].matches,
                                                                         terms[first + name].same))
    return terms


def _key_values(session: Session, word: NameWord, *, whole: bool = False) -> tuple[set[str], list, list[str]]:
    """A word's own keys; the ranges of keys starting with each (search as you type); the other stored keys alike
    enough, and for a word in Arabic script its consonant skeleton. ``whole``: two typed words joined, whose alike
    keys must be about as long (NguyenThi is not Nguyen). ``search_typed_first.key_conditions`` makes them conditions."""
    exact_keys: set[str] = set()
    ranges: list[tuple[str, str | None]] = []
    for key in word.keys:
        plain = key[:KEY_LENGTH]
        if len(plain) < 2 and len(word.keys) > 1:
            continue
        exact_keys.add(plain)
        ranges.append((plain, _after(plain)))
    # Two words joined: their consonant skeleton is specific enough (the keys sharing its first letters are those of
    # the first word: every Nguyen for NguyenThi).
    other_keys = _similar_stored_keys(session, word, by_first_letters=not whole)
    if whole:
        shortest = min(len(key) for key in word.keys)
        other_keys = {key for key in other_keys if len(key) >= shortest - 1}
    if any(key.startswith("=") for key in word.keys):
        # Arabic script has no short vowels: its consonants are all a Latin name can be found by.
        other_keys |= {key for key in _rules().search_keys(word.text) if key.startswith("~") and len(key) >= 3}
    # A word's own stored key is alike to it, and its range above finds it already: "key in (…) OR" that range made
    # PostgreSQL read the rows of the keys' table (a bitmap of both) instead of its index alone (#14).
    other_keys -= exact_keys
    return exact_keys, ranges, sorted(other_keys)


_LATIN_WORD = re.compile("[a-z]+")


def _written_apart(session: Session, words: tuple[NameWord, ...]) -> dict[int, list[Select]]:
    """For words typed in Latin letters, the cases holding the name written otherwise apart or together: two words
    typed (Xiao Ming, Mohammad Ali) as one stored word (Xiaoming, Muhammadali), and one word typed (Xiaoming) as
    two stored words of one person (Xiao Ming). The duplicate check reads them so too (``name_matching``); these
    matches rank after those as typed and by the same key. For each word, the statements reading those cases' ids."""
    plain = [search_fold(word.text) for word in words]
    latin = [bool(_LATIN_WORD.fullmatch(p)) for p in plain]
    found: dict[int, list[Select]] = {}
    for index in range(len(words) - 1):
        if latin[index] and latin[index + 1] and len(together := _rules().name_words(plain[index] + plain[index + 1])) == 1:
            _exact, ranges, other_keys = _key_values(session, together[0], whole=True)
            conditions = search_typed_first.key_conditions(ranges, other_keys)
            if conditions:
                together_held = _cases_with_keys(conditions)
                found.setdefault(index, []).append(together_held)
                found.setdefault(index + 1, []).append(together_held)
    for index, text in enumerate(plain):
        if latin[index] and len(text) >= 5 and (halves := _two_words_of_one_person(session, text)):
            found.setdefault(index, []).extend(halves)
    return found


@lru_cache(maxsize=1024)
def _splits(text: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The keys of the two halves of ``text`` at each cut leaving three letters or more on each side; remembered:
    working them out was 0.9 ms of each keystroke for "Khutsishvili" (14 halves to read as names)."""
    return tuple((_half_keys(text[:cut]), _half_keys(text[cut:])) for cut in range(3, len(text) - 2))


def _half_keys(text: str) -> frozenset[str]:
    half = _rules().name_words(text)
    return frozenset(key[:KEY_LENGTH] for key in half[0].keys if not key.startswith("=")) if len(half) == 1 else frozenset()


def _halves_look_up(text: str) -> search_lookups.Lookup | None:
    """Which keys of ``text``'s halves are stored (``_splits``); ``None`` when the halves have no keys."""
    wanted = set().union(*(a | b for a, b in _splits(text)))
    return search_lookups.stored(tuple(sorted(wanted))) if wanted else None


def _two_words_of_one_person(session: Session, text: str) -> list[Select]:
    """The cases with a person holding the two halves of ``text`` as two words (Xiaoming: Xiao and Ming), each
    half of three letters or more (Levan is not Lê Văn), as statements reading their ids; none when no split has both
    halves stored (one look-up of every half's keys)."""
    look_up = _halves_look_up(text)
    if look_up is None:
        return []
    stored = set(search_lookups.values(session, look_up))
    held = []
    for first, second in _splits(text):
        if first & stored and second & stored:
            one, other = aliased(PersonNameKey), aliased(PersonNameKey)
            held.append(select(CaseMember.case_id).join(one, one.person_id == CaseMember.person_id)
                        .join(other, other.person_id == CaseMember.person_id)
                        .where(one.key.in_(sorted(first & stored)), other.key.in_(sorted(second & stored))))
    return held
