"""The case list: search words, filters, sort orders and key-set paging as SQL, and counts (``list_cases``)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Integer, Select, and_, bindparam, exists, func, select, tuple_, union_all
from sqlalchemy import case as sql_case
from sqlalchemy import literal as sql_literal
from sqlalchemy.orm import Session, aliased

from avrcase.domain.errors import ValidationError
from avrcase.domain.names import search_fold
from avrcase.domain.stages import Stage, stage_or_unknown
from avrcase.i18n import _
from avrcase.services.cases import search_words
from avrcase.services.cases.driver_rows import csv_page, driver_rows, principal_name, read_as, text_rows
from avrcase.services.cases.search_typed_first import typed_first_statement
from avrcase.services.cases.search_words import COMMON_WORD_MATCHES, Term, search_terms
from avrcase.services.dto import Actor, CaseListing, CaseQuery, CaseRow
from avrcase.services.permissions import Permission, require
from avrcase.store import search_index
from avrcase.store.models import Case, CaseVulnerability, Person, User


_P = aliased(Person, name="principal")
_U = aliased(User, name="counsellor")
_PAGE_P, _PAGE_U = aliased(Person, name="page_principal"), aliased(User, name="page_counsellor")  # made once
_SORT_COLUMNS: dict[str, Any] = {  # instrumented columns and SQL expressions alike
    "case_number": Case.case_number,
    "stage": Case.stage,
    "principal_name": Case.sort_name,  # folded family and given names, indexed with the id
    "citizenship": func.coalesce(_P.citizenship, ""),  # "" where the principal is missing: key-set paging compares it
    "country_of_return": Case.country_of_return,
    "household_size": Case.household_size,
    "registered_on": Case.registered_on,
    "counsellor": func.coalesce(_U.display_name, ""),  # never NULL, so key-set paging can compare it
}
#: The orders an index of ``cases`` gives as they are, alone and after the stage (``_walked_page``).
_WALKED_SORTS = frozenset({"registered_on", "principal_name"})
_STAGES = {stage.value: stage for stage in Stage}
#: Where ``list_cases`` leaves the count of a ranked search for ``count_cases`` (``session.info``).
_TOTALS = "avrcase.search.totals"
#: Sort keys the case list and ``avrcase case list`` accept.
SORT_KEYS = tuple(_SORT_COLUMNS)


#: A search by one or two letters matches a large part of the store and no index serves it: its count
#: stops here and the list says "200+".
SHORT_SEARCH_COUNT_CAP = 200
#: Any other search's count stops here ("2,000+"): the words are then common ones (``search_words``).
SEARCH_COUNT_CAP = COMMON_WORD_MATCHES


def _filtered(session: Session, stmt: Select, query: CaseQuery, terms: list | None = None) -> Select:
    for term in terms if terms is not None else search_terms(session, query.search):
        stmt = stmt.where(term.matches)
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
    """The SELECT behind one page of the case list (filtered, ordered, paged by key set or offset)."""
    statement, values = _page_statement(session, query)
    return statement.params(values) if values else statement


def _page_statement(session: Session, query: CaseQuery) -> tuple[Select, dict[str, Any]]:
    """``case_rows_statement`` and the values of its named parameters (``_walked_page``). The page's ids are chosen
    first from ``cases`` alone (joined only when the sort key lives on the principal or the counsellor), and only
    those rows are then joined for display. Without a search the page can start after ``query.after`` (key set);
    a search orders by how well each case matches first, so it pages by offset (its matches are few)."""
    if query.sort not in _SORT_COLUMNS:
        raise ValidationError({"sort": _("Cases cannot be sorted by “%(key)s”.") % {"key": query.sort}})
    column_ = _SORT_COLUMNS[query.sort]
    terms = search_terms(session, query.search)
    if (not terms and query.sort in _WALKED_SORTS
            and _filters(query) == _filters(CaseQuery(search=query.search, stage=query.stage))):
        return _walked_page(session, query)
    if (len(terms) == 1 and terms[0].typed_first is not None and query.sort == "registered_on"
            and _filters(query) == _filters(CaseQuery(search=query.search))):  # PostgreSQL, one uncommon word
        found = terms[0].typed_first
        made = typed_first_statement if not found.apart else typed_first_statement.__wrapped__
        return made((_shown, _joined), found.shape, query.offset, query.limit, query.descending, found.apart), found.values()
    ids: Select = select(Case.id.label("id"), column_.label("sort_value"))
    if query.sort == "citizenship":
        ids = ids.outerjoin(_P, Case.principal_id == _P.id)  # outer: a case missing its principal is listed
    elif query.sort == "counsellor":
        ids = ids.outerjoin(_U, Case.counsellor_id == _U.id)
    unranked = _filtered(session, ids, query, [])  # the other filters: a one-word page adds its word per rank
    ids = _filtered(session, ids, query, terms)
    order = _in_order(column_, Case.id, query.descending)
    in_order = list(order)
    rank = None
    if terms:
        # Cases where every word is found as typed come first, then by the same key, then the rest.
        rank = sum((sql_case((term.literal, 0), (term.same, 1), else_=2) for term in terms),
                   start=sql_literal(0)).label("rank")
        ids = ids.add_columns(rank)
        order.insert(0, rank.asc())  # by its name: SQLite worked the rank out twice for each match
    # A common word with no other filter: its first 2,000 cases as typed fill the page (no other rank reaches it).
    typed_fill = (len(terms) == 1 and terms[0].common and query.offset + query.limit <= search_words.COMMON_WORD_MATCHES
                  and _filters(query) == _filters(CaseQuery(search=query.search)))
    if rank is not None and len(terms) == 1 and terms[0].walk and session.get_bind().dialect.name == "postgresql":
        page = _one_word_best_rank_page(unranked, terms[0], in_order, query, typed_fill=typed_fill)
    elif rank is not None and len(terms) == 1 and terms[0].walk:
        page = _one_word_page(unranked, terms[0], in_order, query, typed_fill=typed_fill)
    else:
        ids = _past(ids, column_, query if rank is None else dataclasses.replace(query, after=None))
        if rank is not None:  # every match is ranked before the page is cut: counted on the way (count_cases)
            ids = ids.add_columns(func.count().over().label("total"))
        page = ids.order_by(*order).limit(max(query.limit, 0)).subquery("page")
    total = page.c.total if "total" in page.c else sql_literal(None)
    stmt = _joined(_shown(page.c.sort_value, total).select_from(page).join(Case, Case.id == page.c.id))
    outer = _in_order(page.c.sort_value, page.c.id, query.descending)
    if rank is not None:
        outer.insert(0, page.c.rank.asc())
    return stmt.order_by(*outer), {}


def _shown(sort_value: Any, total: Any) -> Select:
    """The columns of a list page (a case, its principal's name, its counsellor, whether it is vulnerable) with
    the sort value and the count of a ranked search, from ``cases`` joined to the principal and counsellor."""
    person, counsellor = _PAGE_P, _PAGE_U
    vulnerable = exists().where(CaseVulnerability.case_id == Case.id).correlate(Case)
    return select(Case.id, Case.case_number, Case.stage, person.family_name, person.given_names, person.citizenship,
                  Case.country_of_return, Case.household_size, Case.registered_on, counsellor.display_name,
                  vulnerable.label("vulnerable"), sort_value.label("sort_value"), total.label("total"))


def _joined(stmt: Select) -> Select:
    # Outer: a case whose principal's row is gone (deleted by hand) is listed, marked damaged (``_principal``).
    return (stmt.outerjoin(_PAGE_P, Case.principal_id == _PAGE_P.id)
            .outerjoin(_PAGE_U, Case.counsellor_id == _PAGE_U.id))


def _past(stmt: Select, column_: Any, query: CaseQuery) -> Select:
    """``stmt`` from the page's start: after ``query.after`` (key set) or at ``query.offset``."""
    if query.after is not None:
        value, last_id = query.after
        return _after(stmt, column_, sql_literal(value, column_.type), sql_literal(last_id), query.descending)
    return stmt.offset(query.offset) if query.offset > 0 else stmt


def _after(stmt: Select, column_: Any, value: Any, last_id: Any, descending: bool) -> Select:  # key set
    key, bound = tuple_(column_, Case.id), tuple_(value, last_id)
    return stmt.where(key < bound if descending else key > bound)


def _in_order(column_: Any, id_: Any, descending: bool) -> list:
    return [column_.desc(), id_.desc()] if descending else [column_.asc(), id_.asc()]


def _walked_page(session: Session, query: CaseQuery) -> tuple[Select, dict[str, Any]]:
    """The page of a list without a search in an order an index gives (``_WALKED_SORTS``, alone or after the stage),
    and its key set as parameters: every page after a key set is one statement, made once. Made again for each page,
    the statement and its cache key were a fifth of a page scrolled on PostgreSQL (#14)."""
    walk = (query.descending, query.stage, query.limit, query.offset if query.after is None else 0, query.after is not None)
    made = _walked_statement if query.offset == 0 or query.after is not None else _walked_statement.__wrapped__
    after = {} if query.after is None else {"after_value": query.after[0], "after_id": query.after[1]}
    return made(session.get_bind().dialect.name, query.sort, *walk), after


@functools.lru_cache(maxsize=128)
def _walked_statement(dialect: str, sort: str, descending: bool, stage: Stage | None, limit: int, offset: int,
                      keyed: bool) -> Select:
    """One statement that walks the index from the key set (parameters ``after_value``, ``after_id``) or the
    offset and joins each case's principal and counsellor as it goes, stopping after the page.

    Choosing the page's ids first and joining them after sorted every page once more on SQLite and planned four
    tables on PostgreSQL: listing 100,000 cases took 0.97 s of SQL on PostgreSQL against 0.69 s, 0.59 against
    0.54 s on SQLite (#14). In any other order, or with another filter, the store sorts the matching cases first,
    and joining them all before that sort costs more than it saves: those keep the ids first. The same columns,
    rows and order as ``case_rows_statement``'s other pages."""
    column_ = _SORT_COLUMNS[sort]
    query = CaseQuery(sort=sort, descending=descending, stage=stage, limit=limit, offset=offset)
    stmt = _filtered(None, _joined(_shown(column_, sql_literal(None)).select_from(Case)), query, [])  # type: ignore[arg-type]
    stmt = (_after(stmt, column_, bindparam("after_value", type_=column_.type), bindparam("after_id", type_=Integer()),
                   descending) if keyed else _past(stmt, column_, query))
    page = stmt.order_by(*_in_order(column_, Case.id, query.descending)).limit(max(query.limit, 0))
    if dialect != "postgresql":
        return page
    # PostgreSQL hashed "is it vulnerable" over the whole of case_vulnerabilities for every page (planned for the
    # 100,000 cases before the LIMIT): 6-10 ms of a 200-row page scrolled. Asked of the page's rows, it is an index
    # probe each (2.7 ms for the page, #14). The same columns in the same places.
    rows = page.with_only_columns(*(c for c in page.selected_columns if c.name != "vulnerable")).subquery("page_rows")
    vulnerable = exists().where(CaseVulnerability.case_id == rows.c.id).label("vulnerable")
    columns = [vulnerable if c.name == "vulnerable" else rows.c[c.name] for c in page.selected_columns]
    return select(*columns).order_by(*_in_order(rows.c.sort_value, rows.c.id, query.descending))


def _one_word_page(ids: Select, term: Term, order: list, query: CaseQuery, *, typed_fill: bool = False):
    """The page of a one-word search: its matches as typed first, then by the same key, then by another key.

    Ranking every match and sorting them all before taking a page cost 150 ms a keystroke for "a" at 100,000
    cases and 55 ms for "ana". Each rank is instead a query of its own in the list's order, stopped after the
    page (SQLite walks the sort index and stops early when the word is common), and only those rows are
    ranked: the same rows in the same order (#14). With ``typed_fill`` (a common word, no other filter, a page
    within its first 2,000 cases) the cases as typed fill the page and the other ranks are not asked.
    """
    # Together the ranks are the word's matches: as typed, the same key, another key (which covers the same).
    ranks = [term.literal]  # search_text is never NULL: the conditions are plain booleans
    if term.same is not term.literal and not typed_fill:
        ranks.append(and_(term.same, ~term.literal))
    if term.keyed is not None and not typed_fill:
        ranks.append(and_(term.keyed, ~term.literal, ~term.same))
    enough = query.offset + max(query.limit, 0)
    parts = [select(*part.c) for part in (
        ids.add_columns(sql_literal(rank).label("rank")).where(condition).order_by(*order).limit(enough)
        .subquery(f"rank{rank}") for rank, condition in enumerate(ranks))]
    ranked = union_all(*parts).subquery("ranked") if len(parts) > 1 else parts[0].subquery("ranked")
    in_order = [ranked.c.sort_value.desc(), ranked.c.id.desc()] if query.descending else [
        ranked.c.sort_value.asc(), ranked.c.id.asc()]
    return (select(ranked.c.id, ranked.c.sort_value, ranked.c.rank).order_by(ranked.c.rank.asc(), *in_order)
            .offset(query.offset).limit(max(query.limit, 0)).subquery("page"))


def _one_word_best_rank_page(ids: Select, term: Term, order: list, query: CaseQuery, *, typed_fill: bool = False):
    """The page of a short or common word on PostgreSQL: the cases found as typed, read in the list's order and
    stopped after the page, then the cases found by the same key or by another key and not as typed (each rank's
    own cases, read through the key index), each case kept once at its best rank.

    Asking for the word's cases and then ranking them read every case of the store (a hash join) and tested
    every match as typed again: 110 ms for "ana" at 100,000 cases; a query per rank in the list's order made
    PostgreSQL walk the whole list for a rank with no case (#22). The same rows in the same order as on SQLite.
    """
    enough = query.offset + max(query.limit, 0)
    typed = ids.add_columns(sql_literal(0).label("rank")).where(term.literal).order_by(*order).limit(enough)
    ranks = [select(*typed.subquery("typed").c)]
    for rank, condition in ((1, term.same if term.same is not term.literal else None), (2, term.keyed)):
        if condition is not None and not typed_fill:
            ranks.append(ids.add_columns(sql_literal(rank).label("rank")).where(condition, ~term.literal))
    found = union_all(*ranks).subquery("found")
    best = func.min(found.c.rank)
    direction = (lambda c: c.desc()) if query.descending else (lambda c: c.asc())
    return (select(found.c.id, found.c.sort_value, best.label("rank")).group_by(found.c.id, found.c.sort_value)
            .order_by(best.asc(), direction(found.c.sort_value), direction(found.c.id))
            .offset(query.offset).limit(max(query.limit, 0)).subquery("page"))


def _keyset(query: CaseQuery) -> bool:
    return not query.search.strip()


def list_cases(session: Session, actor: Actor | None, query: CaseQuery) -> list[CaseRow]:
    """One page of the case list, filtered and sorted in SQL; ``query.after`` pages by key set.

    ``CaseRow.sort_key`` is set where key-set paging applies (no search), else ``None`` (page by offset).
    """
    require(actor, Permission.CASE_READ)
    keyset = _keyset(query)
    connection = session.connection()
    # The driver's own rows, as the listing reads them (iter_case_pages): the ORM's result rows were a quarter of
    # each page scrolled (#14).
    statement, values = _page_statement(session, query)  # first: it refuses a sort key it does not know
    dated, sort_as = _converters(connection, query)
    rows = driver_rows(connection, statement, values)
    if rows and rows[0][12] is not None:  # a ranked search counted its matches: count_cases needs no query
        session.info.setdefault(_TOTALS, {})[_filters(query)] = rows[0][12]
    return [
        CaseRow(id_, number, _STAGES.get(stage) or stage_or_unknown(stage), principal_name(family, given, citizenship), citizenship or "", country,
                size, dated(registered), counsellor or "", bool(vulnerable), (sort_as(sort_value), id_) if keyset else None)
        for (id_, number, stage, family, given, citizenship, country, size, registered, counsellor, vulnerable,
             sort_value, _total) in rows
    ]


def list_with_count(session: Session, actor: Actor | None, query: CaseQuery, *, wanted: int = 0) -> CaseListing:
    """What the case list shows for ``query``, in one unit of work (the words are looked up once): its first page
    (or the one after ``query.after``) and how many cases match, counted up to ``count_cap`` ("2,000+"). Past the
    cap the number of rows is unknown: up to ``wanted`` rows are read at once (those shown before a refresh)."""
    require(actor, Permission.CASE_READ)
    query = dataclasses.replace(query, offset=0)
    cap = count_cap(query)
    rows = list_cases(session, actor, query)
    total = count_cases(session, actor, query, cap=cap)
    capped = cap is not None and total > cap
    if capped and wanted > len(rows) == query.limit:
        rows = list_cases(session, actor, dataclasses.replace(query, limit=wanted))
    return CaseListing(total, capped, rows)


def iter_case_pages(session: Session, actor: Actor | None, query: CaseQuery, *, batch: int = 5000,
                    as_text: bool = False, as_csv: bool = False):
    """Every case matching ``query`` (its ``limit`` caps the total, 0 = all) in order, a list of up to ``batch``
    at a time (the command line writes a page at a time).

    Each row is a plain tuple ``(case_number, stage, principal_name, citizenship, country_of_return,
    household_size, registered_on, counsellor_name, vulnerable)``. With ``as_text`` every cell is text, as a
    listing prints it: no citizenship or counsellor is ``""``, the size a number's digits, the date ISO
    (``2026-12-06``), vulnerable ``yes`` or ``no`` — made in the same pass over the rows (#14); with ``as_csv`` a
    page is a ``CsvPage``, the CSV lines of those rows. A role that may not read cases is refused here, before the
    first page is asked for (a listing had printed its header by then).
    """
    require(actor, Permission.CASE_READ)
    return _case_pages(session, query, batch, "csv" if as_csv else "text" if as_text else "values")


def _case_pages(session: Session, query: CaseQuery, batch: int, shape: str):
    remaining = query.limit if query.limit > 0 else None
    after, offset, keyset = None, 0, _keyset(query)
    connection = session.connection()
    # The driver's own rows: making a result row of each was a fifth of listing a store (#14).
    dated, sort_value = _converters(connection, query)
    # Only the columns a listing prints, and its key set: the driver reads each column of each row apart (about
    # 0.2 µs a cell, more than SQLite's own step), and a page's count and a sort value that is the date shown were
    # 2 of 13 columns (#14). The key set is read from the last row.
    dropped = ("total", "sort_value") if query.sort == "registered_on" else ("total",)
    sort_at = 8 if "sort_value" in dropped else 11
    while remaining is None or remaining > 0:
        want = batch if remaining is None else min(batch, remaining)
        page = dataclasses.replace(query, offset=0 if keyset else offset, limit=want, after=after)
        statement, values = _page_statement(session, page)
        rows = driver_rows(connection, statement.with_only_columns(
            *(c for c in statement.selected_columns if c.name not in dropped), maintain_column_froms=True), values)
        if shape == "csv":
            yield csv_page(rows)
        elif shape == "text":
            yield text_rows(rows)
        else:
            yield [(r[1], r[2], principal_name(r[3], r[4], r[5]), r[5], r[6], r[7], dated(r[8]), r[9] or "",
                    bool(r[10])) for r in rows]
        if len(rows) < want:
            return
        after, offset = (sort_value(rows[-1][sort_at]), rows[-1][0]), offset + len(rows)
        if remaining is not None:
            remaining -= len(rows)


def _converters(connection: Connection, query: CaseQuery) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """What the registration date's and the sort column's types make of a value the driver read (a date of a
    SQLite date's text)."""
    return (read_as(Case.registered_on, connection.dialect), read_as(_SORT_COLUMNS[query.sort], connection.dialect))


def count_cases(session: Session, actor: Actor | None, query: CaseQuery, *, cap: int | None = None) -> int:
    """How many cases match the query's filters (ignoring paging).

    With ``cap`` the count stops at ``cap + 1`` (the list then shows "200+"): a one- or two-letter search
    cannot use the trigram index, and counting every match would scan the store on each keystroke.
    """
    require(actor, Permission.CASE_READ)
    counted = session.info.get(_TOTALS, {}).get(_filters(query))
    if counted is not None:  # the page of this search, read in this unit of work, counted its matches
        return min(counted, cap + 1) if cap is not None else counted
    if cap is not None and cap <= search_words.COMMON_WORD_MATCHES and _filters(query) == _filters(CaseQuery(search=query.search)):
        terms = search_terms(session, query.search)
        if len(terms) == 1 and terms[0].common:  # the index found more cases holding it than the cap
            return cap + 1
    if cap is not None:
        inner = _filtered(session, select(Case.id), query).limit(cap + 1).subquery()
        return session.scalar(select(func.count()).select_from(inner)) or 0
    # count(*), not count(cases.id): SQLite counts all cases from its smallest index at once (0.03 ms at 100,000 cases)
    # but reads every row's id for count(id) (18-23 ms, at each start and each change; #14). The same number: ids are
    # never NULL.
    stmt = _filtered(session, select(func.count()).select_from(Case), query)
    return session.scalar(stmt) or 0


def count_before(session: Session, actor: Actor | None, query: CaseQuery, key: tuple[Any, int]) -> int:
    """How many cases of a list without a search come before the key set ``key`` (a ``CaseRow.sort_key``) in its
    order: the position of a row read by key set. It costs as much as the rows it counts (#14)."""
    require(actor, Permission.CASE_READ)
    column_ = _SORT_COLUMNS[query.sort]
    stmt = select(func.count()).select_from(Case)
    if query.sort in ("citizenship", "counsellor"):
        stmt = stmt.outerjoin(*((_P, Case.principal_id == _P.id) if query.sort == "citizenship"
                                else (_U, Case.counsellor_id == _U.id)))
    stmt = _after(_filtered(session, stmt, query, []), column_, sql_literal(key[0], column_.type),
                  sql_literal(key[1]), not query.descending)
    return session.scalar(stmt) or 0


def _filters(query: CaseQuery) -> CaseQuery:
    """What a count depends on: the query without its order and paging."""
    return dataclasses.replace(query, sort="registered_on", descending=True, offset=0, limit=0, after=None)


def count_cap(query: CaseQuery) -> int | None:
    """Where the list's count of ``query`` stops ("200+", "2,000+"): a one- or two-letter word at
    ``SHORT_SEARCH_COUNT_CAP``, any other search at ``SEARCH_COUNT_CAP``; ``None`` without a search."""
    if is_short_search(query):
        return SHORT_SEARCH_COUNT_CAP
    return SEARCH_COUNT_CAP if any(t.strip("-") for t in search_fold(query.search).split()) else None


def is_short_search(query: CaseQuery) -> bool:
    """True when a search word is too short for the trigram index (its count is then capped)."""
    return any(len(t) < search_index.MIN_INDEXED_LENGTH for t in search_fold(query.search).split() if t.strip("-"))
