"""Search and statistics give the same answers on PostgreSQL (the office server) as on SQLite (#22).

The same synthetic office is written to a SQLite store and to a database on the suite's throw-away
PostgreSQL server: a demo (same seed, same day) plus people whose names mix scripts and diacritics. Then
every search of a list — mixed scripts, diacritics typed or left out, words of one, two and three letters,
document and case numbers — must find the same cases in the same order with the same count, and every
statistics table the same counts.
"""

from __future__ import annotations

import dataclasses

import pytest

from avrcase.domain.codes import Sex
from avrcase.domain.errors import ValidationError
from avrcase.services.accounts import users
from avrcase.services.cases import register as cases
from avrcase.services.demo import generate as demo
from avrcase.services.dto import CaseQuery
from avrcase.services.permissions import SYSTEM
from avrcase.services.statistics import counts as statistics
from avrcase.services.uow import unit_of_work
from tests.conftest import letters, make_case_form, make_person
from tests.support.clock import FIXED_TODAY

PEOPLE = (
    ("Beridze", "Nino", "ბერიძე", "ნინო", "13AB45678"),
    ("Kovalenko", "Olena", "Коваленко", "Олена", "UA123456"),
    ("Nguyễn", "Thị Hồng", "", "", "C1234567"),
    ("Məmmədov", "Elçin", "", "", "AZ0011223"),
    ("Al-Hassan", "Ali", "الحسن", "علي", "A9876543"),
    ("Khutsishvili", "Giorgi", "ხუციშვილი", "გიორგი", "13KH00001"),
    ("Abashidze", "Ana", "აბაშიძე", "ანა", "13AA00002"),
    ("Öztürk", "Şule", "", "", "U12345678"),
    ("Łukasiewicz", "Žydrūnė", "", "", "LT0099887"),
    ("Ab", "O", "", "", "X1"),
)
SEARCHES = (
    # mixed scripts and diacritics, as typed and without them
    "beri", "Beridze Nino", "ბერიძე", "ნინო ბერ", "Коваленко", "коваленко олена", "kovalenko", "nguyễn", "nguyen",
    "NGUYEN thi hong", "Məmmədov", "mammadov", "memmedov", "elçin", "elcin", "الحسن", "حسن", "al-hassan",
    "khutsishvili giorgi", "öztürk", "ozturk", "şule", "sule", "łukasiewicz", "lukasiewicz", "žydrūnė", "zydrune",
    # words of one, two and three letters in several scripts
    "a", "o", "ş", "ი", "к", "ا", "ab", "ан", "ბე", "ال", "ng", "ze", "ana", "abo", "ნინ", "кол", "hon", "ab o",
    # document and case numbers, and nothing at all
    "13aa", "13AB45678", "ua1234", "x1", "vno-", f"VNO-{FIXED_TODAY.year}-0000", "zzqx", "",
)


def _fill(engine) -> object:
    """The same office on any store: a small demo and the mixed-script people; returns a manager."""
    with unit_of_work(engine) as session:
        demo.generate_demo(session, cases=150, seed=11, today=FIXED_TODAY, actor=SYSTEM)
    with unit_of_work(engine) as session:
        counsellor = users.get_actor(session, "counsellor")
        for i, (family, given, family_o, given_o, number) in enumerate(PEOPLE * 2):
            person = make_person(family_name=family, given_names=given if i < len(PEOPLE) else f"{given} {letters(i)}",
                                 family_name_original=family_o, given_names_original=given_o,
                                 document_number=f"{number}{i}", sex=Sex.MALE if i % 2 else Sex.FEMALE)
            cases.register_case(session, counsellor, make_case_form(principal=person), today=FIXED_TODAY)
    with unit_of_work(engine) as session:
        return users.get_actor(session, "manager")


@pytest.fixture
def both(engine, pg_engine):
    """(SQLite engine, its manager, PostgreSQL engine, its manager), holding the same office."""
    return engine, _fill(engine), pg_engine, _fill(pg_engine)


@pytest.fixture(scope="module")
def office_on_both(tmp_path_factory, _migrated_store, pg_server_url, _pg_migrated):
    """``both``, filled once for the tests here that only read."""
    from tests.conftest import module_pg_engine, module_sqlite_engine, outside_any_test

    with module_sqlite_engine(tmp_path_factory, _migrated_store) as sqlite, \
            module_pg_engine(pg_server_url, _pg_migrated) as pg:
        with outside_any_test(tmp_path_factory):
            filled = sqlite, _fill(sqlite), pg, _fill(pg)
        yield filled


def _search(engine, actor, text: str, **query):
    with unit_of_work(engine, write=False) as session:
        q = CaseQuery(search=text, limit=1000, **query)
        rows = [(r.case_number, r.principal_name) for r in cases.list_cases(session, actor, q)]
        return rows, cases.count_cases(session, actor, q)


def test_every_search_finds_the_same_cases_in_the_same_order(office_on_both):
    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    differing = {}
    for text in SEARCHES:
        on_sqlite, on_pg = _search(sqlite, sqlite_actor, text), _search(pg, pg_actor, text)
        if on_sqlite != on_pg:
            differing[text] = (on_sqlite, on_pg)
    assert not differing, differing
    # The list is not trivially empty: the searches do find people on both.
    assert len(_search(pg, pg_actor, "nguyen")[0]) == 2 and len(_search(pg, pg_actor, "ბერიძე")[0]) >= 2
    assert _search(pg, pg_actor, "mammadov")[0] == _search(pg, pg_actor, "Məmmədov")[0]


@pytest.mark.parametrize("sort", ["registered_on", "principal_name", "case_number"])
def test_sorted_search_pages_are_the_same(office_on_both, sort):
    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    for text in ("a", "ab", "ana", "nguyen", ""):
        for descending in (False, True):
            assert _search(sqlite, sqlite_actor, text, sort=sort, descending=descending) == \
                _search(pg, pg_actor, text, sort=sort, descending=descending), (text, sort, descending)


def _table(engine, actor, measure: str, dims: tuple[str, ...]):
    query = statistics.StatisticsQuery(measure, dims, FIXED_TODAY.replace(year=FIXED_TODAY.year - 2, month=1, day=1),
                                       FIXED_TODAY, None)
    with unit_of_work(engine, write=False) as session:
        try:
            table = statistics.count(session, actor, query)
        except ValidationError as exc:
            return ("refused", sorted(exc.errors))
        # The households behind each cell of a count of persons or events: how many (listed below the cap).
        households = None if table.households is None else {
            key: None if cases is None else len(cases) for key, cases in table.households.items()}
        return table.total, dict(table.counts), households


def test_every_statistics_table_counts_the_same(office_on_both):
    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    combinations = [(m, (d,)) for m in statistics.MEASURES for d in statistics.DIMENSIONS]
    combinations += [(m, ("citizenship", "sex", "age_class")) for m in statistics.MEASURES]
    combinations += [(m, ("country_of_return", "month")) for m in statistics.MEASURES]
    differing = {}
    for measure, dims in combinations:
        on_sqlite, on_pg = _table(sqlite, sqlite_actor, measure, dims), _table(pg, pg_actor, measure, dims)
        if on_sqlite != on_pg:
            differing[(measure, dims)] = (on_sqlite, on_pg)
    assert not differing, differing
    assert _table(pg, pg_actor, "returns", ("sex",))[0] > 0  # the demo departed some cases in the period
    with unit_of_work(sqlite, write=False) as a, unit_of_work(pg, write=False) as b:
        year = FIXED_TODAY.year - 1
        assert statistics.eurostat_returns(a, sqlite_actor, year).counts == \
            statistics.eurostat_returns(b, pg_actor, year).counts


def test_common_words_page_the_same_as_ranking_every_match(both, monkeypatch):
    """#14, #22: a word held by more cases than ``COMMON_WORD_MATCHES`` is read in the list's order and stopped
    after the page (and its first pages from the cases holding it as typed alone): the pages are those of
    ranking every match, on both stores, at every offset."""
    from avrcase.services.cases import search_words

    sqlite, sqlite_actor, pg, pg_actor = both
    for engine in (sqlite, pg):  # "kovalenko" as typed six times more, and three spelt otherwise (found by key)
        with unit_of_work(engine) as session:
            counsellor = users.get_actor(session, "counsellor")
            for i, family in enumerate(["Kovalenko"] * 6 + ["Kowalenko"] * 3):
                person = make_person(family_name=family, given_names=f"Petro {letters(i)}", family_name_original="",
                                     given_names_original="", document_number=f"KV{i}")
                cases.register_case(session, counsellor, make_case_form(principal=person), today=FIXED_TODAY)
    words = ("a", "ana", "nguyen", "kovalenko", "beri", "ab o", "ze")
    reference = {w: _search(sqlite, sqlite_actor, w) for w in words}
    monkeypatch.setattr(search_words, "COMMON_WORD_MATCHES", 4)
    for engine, actor in ((sqlite, sqlite_actor), (pg, pg_actor)):
        for word in words:
            rows, count = reference[word]
            assert word != "kovalenko" or rows[-1][1].startswith("KOWALENKO"), rows  # the other spelling last
            assert _search(engine, actor, word) == (rows, count), (engine.dialect.name, word)
            for offset, limit in ((0, 2), (0, 4), (2, 2), (3, 4), (4, 50)):
                with unit_of_work(engine, write=False) as session:
                    page = cases.list_cases(session, actor, CaseQuery(search=word, offset=offset, limit=limit))
                assert [(r.case_number, r.principal_name) for r in page] == rows[offset:offset + limit], \
                    (engine.dialect.name, word, offset, limit)


def test_on_postgresql_a_words_matches_are_looked_up_by_key_not_hashed_against_every_case(office_on_both):
    """``id IN (the word's matches)`` made PostgreSQL expect thousands and hash a scan of all cases (62 ms for
    "Khutsishvili" at 100,000 cases, docs/benchmarks.md seventh pass); the matches go in as one array looked up
    by primary key. A search with no match at all (the array is NULL) finds nothing and counts 0."""
    from sqlalchemy.dialects import postgresql

    from avrcase.services.cases.search import case_rows_statement

    _sqlite, _sqlite_actor, pg_engine, actor = office_on_both
    with unit_of_work(pg_engine, write=False) as session:  # (newest first, the page is one of its cases as typed: below)
        sql = str(case_rows_statement(session, CaseQuery(search="Khutsishvili", sort="case_number"))
                  .compile(dialect=postgresql.dialect()))
        assert "cases.id = ANY (CAST((SELECT array_agg(" in sql
        assert cases.list_cases(session, actor, CaseQuery(search="Zzqxwv")) == []
        assert cases.count_cases(session, actor, CaseQuery(search="Zzqxwv")) == 0


def test_on_postgresql_a_search_of_two_words_checks_the_second_on_the_cases_of_the_first(office_on_both):
    """#14: each word's cases as one array made a second "id = ANY (array)" that PostgreSQL searched element by
    element for every case of the first (0.65 s a keystroke for "Mohammad Ali" at 100,000 cases). The first word's
    array gives the cases; the other words are checked on each (as typed, or a key). The same cases in the same order."""
    from sqlalchemy.dialects import postgresql

    from avrcase.services.cases.search import case_rows_statement

    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    with unit_of_work(pg, write=False) as session:
        sql = str(case_rows_statement(session, CaseQuery(search="Khutsishvili Giorgi")).compile(dialect=postgresql.dialect()))
    assert sql.count("cases.id = ANY (CAST((SELECT array_agg(") == 1, sql
    for words in ("Khutsishvili Giorgi", "Giorgi Khutsishvili", "Beridze Nino", "Xiao Ming"):
        assert _search(pg, pg_actor, words) == _search(sqlite, sqlite_actor, words), words
    assert _search(pg, pg_actor, "Khutsishvili Giorgi")[0]


def _khutsishvili_on_postgresql(office_on_both) -> list[str]:
    """The statements a search for "Khutsishvili" sends to PostgreSQL; it finds the cases SQLite finds."""
    from sqlalchemy import event

    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    sent: list[str] = []

    def note(conn, cursor, statement, *rest):
        sent.append(statement)

    event.listen(pg, "before_cursor_execute", note)
    try:
        found = _search(pg, pg_actor, "Khutsishvili")
    finally:
        event.remove(pg, "before_cursor_execute", note)
    assert found == _search(sqlite, sqlite_actor, "Khutsishvili") and found[0]
    return sent


def test_on_postgresql_the_keys_of_people_sharing_a_skeleton_are_read_by_one_index_scan(office_on_both):
    """#14: the people sharing a word's consonant skeleton go in as one array, and one index scan reads their keys;
    ``person_id IN (…)`` made PostgreSQL look each person up again (4.3 against 3.4 ms for "Khutsishvili" at
    100,000 cases, 17 against 12 ms for the 5,000 people of Mohammad's skeleton). The same cases are found."""
    sent = _khutsishvili_on_postgresql(office_on_both)
    assert any("person_name_keys.person_id = ANY (CAST((SELECT array_agg(" in sql for sql in sent), sent


def test_on_postgresql_a_words_look_ups_go_in_one_round_trip_before_the_page(office_on_both):
    """#14: the cases holding the word as typed (read once, for the count and the page), its halves as stored names,
    the stored keys alike to it: each was a statement of its own, five round trips for "Khutsishvili" before its page.
    They go to the server together, as one statement, and the page takes the list of cases as typed instead of
    asking the trigram index again (1.7 ms of 9.5 at 100,000 cases)."""
    sent = _khutsishvili_on_postgresql(office_on_both)
    page = [sql for sql in sent if "page_principal" in sql]
    looked_up = [sql for sql in sent if "page_principal" not in sql and sql.strip().upper() not in ("BEGIN", "ROLLBACK")]
    assert len(looked_up) == 1, looked_up
    assert "LIKE" in looked_up[0] and "person_name_keys" in looked_up[0] and "array_agg" in looked_up[0], looked_up
    assert len(page) == 1 and "unnest(" in page[0] and "searched.search_text LIKE" not in page[0], page


def test_on_postgresql_one_uncommon_words_cases_as_typed_come_newest_first_and_are_not_read_again(office_on_both):
    """#14 (session 28): the page of one uncommon word ranked every match and read each of its cases again for their
    date and text (904 reads for "Khutsishvili" at 100,000 cases, a third of the page's statement). The look-up of the
    cases as typed gives them newest first, they fill the page in that order, and only the cases found otherwise (by
    a key, written apart) are read to place them after: the same rows, order and count as SQLite's, either way round
    and at any offset."""
    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    sent = _khutsishvili_on_postgresql(office_on_both)
    page = [sql for sql in sent if "page_principal" in sql]
    assert len(page) == 1 and "WITH ORDINALITY" in page[0] and "search_text" not in page[0], page
    assert any("ORDER BY" in sql and "array_agg(" in sql and "LIKE" in sql for sql in sent if sql not in page), sent
    found_otherwise = 0
    for text in ("Khutsishvili", "khut", "beri", "Beridze", "beridse", "kovalenko", "mammadov", "nguyen", "al-hassan",
                 "xiaoming", "ozturk", "giorgi", "olena"):
        for descending in (True, False):
            for offset, limit in ((0, 1000), (0, 3), (2, 5), (7, 4)):
                query = CaseQuery(search=text, descending=descending, offset=offset, limit=limit)
                on_both = []
                for engine, actor in ((sqlite, sqlite_actor), (pg, pg_actor)):
                    with unit_of_work(engine, write=False) as session:
                        rows = cases.list_cases(session, actor, query)
                        on_both.append(([(r.case_number, r.principal_name, r.registered_on) for r in rows],
                                        cases.count_cases(session, actor, query)))
                assert on_both[0] == on_both[1], (text, descending, offset, limit)
        with unit_of_work(pg, write=False) as session:  # some were found by a key alone, ranked after those as typed
            found_otherwise += sum(text.lower() not in (r.principal_name.lower())
                                   for r in cases.list_cases(session, pg_actor, CaseQuery(search=text, limit=1000)))
    assert found_otherwise, "no search found a case by a key alone"


def _walk(engine, actor, **query) -> list[tuple]:
    """Every row of the list without a search, a page of 7 at a time by key set: each row's columns but its id."""
    rows, after = [], None
    with unit_of_work(engine, write=False) as session:
        while True:
            page = cases.list_cases(session, actor, CaseQuery(limit=7, after=after, **query))
            rows += [dataclasses.astuple(row)[1:-1] for row in page]
            if len(page) < 7:
                return rows
            after = page[-1].sort_key


def test_the_whole_list_paged_by_key_set_reads_the_same_rows_on_both(office_on_both):
    """#14: PostgreSQL asks whether a case is vulnerable of the page's rows only (it hashed the whole table for
    every page): every column of every row, in both walked orders, either way round, equals SQLite's."""
    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    for sort, descending in (("registered_on", True), ("principal_name", False), ("principal_name", True)):
        on_sqlite = _walk(sqlite, sqlite_actor, sort=sort, descending=descending)
        assert on_sqlite == _walk(pg, pg_actor, sort=sort, descending=descending), (sort, descending)
    assert len(on_sqlite) > 150 and any(row[-1] for row in on_sqlite) and not all(row[-1] for row in on_sqlite)


def test_on_postgresql_a_keystroke_reuses_the_statements_made_for_a_word_of_the_same_shape(office_on_both):
    """#14 (session 30): the look-ups' statement and one uncommon word's page were made again on every keystroke, and
    with them their cache keys (about half of the client's CPU a keystroke). They are made once per shape of word, the
    word's values bound as parameters: the next word of that shape sends the very same SQL, made by no new statement,
    and finds its own cases, as SQLite does (a value left in a kept statement would find the first word's)."""
    from sqlalchemy import event

    from avrcase.services.cases import search_lookups, search_typed_first

    sqlite, sqlite_actor, pg, pg_actor = office_on_both
    words = ("beridze", "kovalenko", "abashidze", "khutsishvili", "lukasiewicz")
    sent: list[str] = []

    def note(conn, cursor, statement, *rest):
        sent.append(statement)

    for word in words:  # once each first: the shapes are made
        _search(pg, pg_actor, word)
    made = search_lookups._together.cache_info().misses, search_typed_first.typed_first_statement.cache_info().misses
    found = {}
    event.listen(pg, "before_cursor_execute", note)
    try:
        for word in words:
            found[word] = _search(pg, pg_actor, word)
    finally:
        event.remove(pg, "before_cursor_execute", note)
    assert (search_lookups._together.cache_info().misses, search_typed_first.typed_first_statement.cache_info().misses) == made
    pages = [sql for sql in sent if "page_principal" in sql]
    assert len(pages) == len(words) and len(set(pages)) < len(words), "no two words shared a page's statement"
    for word in words:
        assert found[word] == _search(sqlite, sqlite_actor, word) and found[word][0], word
    assert len({tuple(rows) for rows, _count in found.values()}) == len(words)
