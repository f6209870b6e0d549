"""The case list's count and first page are read together (``cases.list_with_count``, #14): the same numbers
and rows as asking for each on its own, with the search words looked up once."""

from __future__ import annotations

import dataclasses

from sqlalchemy import event

from avrcase.domain.codes import IdDocumentType
from avrcase.domain.stages import Stage
from avrcase.services.cases import register as cases
from avrcase.services.cases import search, search_words
from avrcase.services.dto import CaseQuery
from avrcase.services.uow import unit_of_work
from tests.conftest import letters, make_person


def _person(family, given):
    return make_person(family_name=family, given_names=given, family_name_original="", given_names_original="",
                       document_type=IdDocumentType.NONE, document_number="")


def read(engine, fn, *args, **kwargs):
    with unit_of_work(engine, write=False) as session:
        return fn(session, *args, **kwargs)


def _statements(engine, fn):
    sent: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        result = fn()
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return result, sent


def test_the_count_and_the_first_page_match_asking_for_each(engine, actor, make_case):
    for i in range(7):
        make_case(principal=_person("Kovalenko", f"Olena {letters(i)}"))
    for i in range(3):
        make_case(principal=_person("Kowalenko", f"Anna {letters(i)}"))  # another spelling: found by its key
    make_case(principal=_person("Hassan", "Omar"))
    for query in (CaseQuery(search="kovalenko", limit=4), CaseQuery(search="kovalenko", limit=50),
                  CaseQuery(search="Olena", sort="principal_name", descending=False, limit=3),
                  CaseQuery(search="kovalenko", stage=Stage.REGISTERED), CaseQuery(search="zzqx"),
                  CaseQuery(search="ko"), CaseQuery(), CaseQuery(limit=5)):
        listing = read(engine, cases.list_with_count, actor, query)
        assert listing.rows == read(engine, cases.list_cases, actor, query), query
        alone = read(engine, cases.count_cases, actor, query, cap=cases.count_cap(query))
        assert listing.total == alone, query
        assert not listing.capped
    listing = read(engine, cases.list_with_count, actor, CaseQuery(search="kovalenko", limit=4))
    assert listing.total == 10 and len(listing.rows) == 4
    assert {r.principal_name.split()[0] for r in listing.rows[:4]} == {"KOVALENKO"}  # as typed ranks first


def test_a_ranked_search_is_counted_by_its_page_without_a_count_of_its_own(engine, actor, make_case):
    for i in range(5):
        make_case(principal=_person("Kovalenko", f"Olena {letters(i)}"))
    listing, sent = _statements(engine, lambda: read(engine, cases.list_with_count, actor,
                                                     CaseQuery(search="kovalenko", limit=2)))
    assert listing.total == 5 and len(listing.rows) == 2
    assert [s for s in sent if "count(" in s.lower() and "over" not in s.lower() and "json_group_array" not in s] == []
    assert sum("cases_fts" in s for s in sent) <= 1  # the word was looked up in the index once


def test_a_capped_count_reads_the_rows_shown_before(engine, actor, make_case, monkeypatch):
    for i in range(6):
        make_case(principal=_person("Kovalenko", f"Olena {letters(i)}"))
    monkeypatch.setattr(search, "count_cap", lambda query: 3)  # the count stops at 3 ("3+")
    listing = read(engine, cases.list_with_count, actor, CaseQuery(search="kovalenko", limit=2), wanted=5)
    assert listing.capped and listing.total == 4  # counted up to the cap and one more
    assert len(listing.rows) == 5  # the five rows shown before the refresh, read at once
    monkeypatch.setattr(search_words, "COMMON_WORD_MATCHES", 0)  # a common word: walked, counted on its own
    listing = read(engine, cases.list_with_count, actor, CaseQuery(search="kovalenko", limit=2), wanted=0)
    assert listing.capped and listing.total == 4 and len(listing.rows) == 2


def test_a_common_word_is_counted_past_the_cap_by_the_index_alone(engine, actor, make_case, monkeypatch):
    for i in range(6):
        make_case(principal=_person("Kovalenko", f"Olena {letters(i)}"))
    monkeypatch.setattr(search_words, "COMMON_WORD_MATCHES", 3)  # six cases hold the word: a common one
    monkeypatch.setattr(search, "count_cap", lambda query: 3)
    listing, sent = _statements(engine, lambda: read(engine, cases.list_with_count, actor,
                                                     CaseQuery(search="kovalenko", limit=2)))
    assert listing.capped and listing.total == 4 and len(listing.rows) == 2
    assert [s for s in sent if "count(" in s.lower() and "json_group_array" not in s] == []
    # With another filter the index cannot tell: the cases are counted (none is past registration here).
    listing = read(engine, cases.list_with_count, actor, CaseQuery(search="kovalenko", stage=Stage.COUNSELLING))
    assert listing.total == 0 and not listing.capped and listing.rows == []


def _walked(engine, actor, query, step):
    """Every page of ``query`` (pages of ``query.limit``) by ``step``: "after" (key set) or "offset"."""
    pages, after, offset = [], None, 0
    while True:
        page = read(engine, cases.list_cases, actor, dataclasses.replace(query, after=after, offset=offset))
        pages.append(page)
        if len(page) < query.limit:
            return pages
        after, offset = (page[-1].sort_key, 0) if step == "after" else (None, offset + len(page))


def test_the_pages_of_a_list_without_a_search_are_one_statement_made_once(engine, actor, make_case, monkeypatch):
    """Scrolling a list without a search asks one statement for every page after a key set, the key set its
    parameters: made again for each page, the statement and its cache key were a fifth of a page scrolled on
    PostgreSQL (#14). The pages hold the rows paging by offset gives, in both walked orders and within a stage."""
    for i in range(9):
        make_case(principal=_person(f"Family {letters(i)}", "Given"))
    made = []
    shown = search._shown
    monkeypatch.setattr(search, "_shown", lambda *columns: made.append(columns) or shown(*columns))
    stage = read(engine, cases.list_cases, actor, CaseQuery())[0].stage
    for query in (CaseQuery(limit=2), CaseQuery(limit=2, sort="principal_name", descending=False),
                  CaseQuery(limit=2, stage=stage)):
        by_offset = _walked(engine, actor, query, "offset")
        made.clear()
        assert _walked(engine, actor, query, "after") == by_offset, query
        assert [len(page) for page in by_offset] == [2, 2, 2, 2, 1], query  # every case made is in that stage
        assert len(made) <= 2, query  # the first page's statement and the one after a key set, if not made before


def test_a_listing_by_registration_date_reads_only_the_columns_it_prints(engine, actor, make_case):
    """#14: the driver reads each cell apart (about 0.2 µs a cell at 100,000 cases, more than SQLite's own step): the
    listing no longer reads a page's count (none without a search) nor a sort value that is the date it prints.
    The pages and their key set are the same."""
    for i in range(5):
        make_case(principal=_person(f"Walk{letters(i)}", "Ana"))
    query = CaseQuery(sort="registered_on", descending=True, limit=0)
    pages, sent = _statements(engine, lambda: read(engine, lambda s: list(search.iter_case_pages(s, actor, query, batch=2,
                                                                                                 as_text=True))))
    listed = read(engine, search.list_cases, actor, CaseQuery(sort="registered_on", descending=True, limit=10))
    assert [row[0] for page in pages for row in page] == [r.case_number for r in listed]
    walked = [s for s in sent if "FROM cases" in s and "LIMIT" in s]
    assert len(walked) == 3 and not any(" AS total" in s or " AS sort_value" in s for s in walked)


def test_the_count_of_all_cases_is_counted_from_an_index(engine, actor, make_case):
    """The status bar's count of every case (at each start and change) is ``count(*)``: SQLite then counts an index's
    entries at once (0.03 ms at 100,000 cases), where ``count(cases.id)`` read every row's id (18-23 ms)."""
    for _ in range(3):
        make_case()
    count, sent = _statements(engine, lambda: read(engine, cases.count_cases, actor, CaseQuery()))
    counted = [statement for statement in sent if statement.startswith("SELECT")]
    assert count == 3 and len(counted) == 1
    assert "count(*)" in counted[0] and "count(cases.id)" not in counted[0]
    with engine.connect() as connection:  # SQLite's program: one Count step, no loop over the rows
        program = [row[1] for row in connection.exec_driver_sql("EXPLAIN " + counted[0])]
    assert "Count" in program and "Next" not in program
    stage, sent = _statements(engine, lambda: read(engine, cases.count_cases, actor, CaseQuery(stage=Stage.REGISTERED)))
    assert stage == 3 and any("count(*)" in statement for statement in sent)
