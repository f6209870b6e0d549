"""Case search through the trigram index finds exactly what a plain scan finds, and stays in step with every write."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import text

from avrcase.domain.codes import Sex, StaffRole, Vulnerability
from avrcase.domain.names import search_tokens
from avrcase.services.cases import register as case_service
from avrcase.services.accounts import users
from avrcase.services.dto import CaseQuery
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.store import schema, search_index
from avrcase.store.schema import open_store
from tests.conftest import letters, make_case_form, make_person

PEOPLE = (
    ("Beridze", "Nino", "ბერიძე", "ნინო", "13AB45678"),
    ("Kovalenko", "Olena", "Коваленко", "Олена", "UA123456"),
    ("Nguyễn", "Thị Hồng", "", "", "C1234567"),
    ("Məmmədov", "Elçin", "", "", "AZ0011223"),
    ("Al-Hassan", "Ali", "الحسن", "علي", "A9876543"),
    ("Khutsishvili", "Giorgi", "ხუციშვილი", "გიორგი", "13KH00001"),
    ("Abashidze", "Ana", "აბაშიძე", "ანა", "13AA00002"),
    ("Ouyang", "Xiuying", "欧阳", "秀英", "E12345678"),
)
QUERIES = ("beri", "kova", "Коваленко", "nguyen", "mammadov", "الحسن", "khut giorgi", "ab", "a", "13aa",
           "ua1234", "vno-", "zzqx", "ana aba", "o", "欧阳秀英", "秀英", "欧")


def _register_people(engine, actor) -> None:
    with unit_of_work(engine) as session:
        for i, (family, given, family_o, given_o, number) in enumerate(PEOPLE * 3):
            person = make_person(family_name=family, given_names=f"{given} {letters(i)}", family_name_original=family_o,
                                 given_names_original=given_o, document_number=f"{number}{i}",
                                 sex=Sex.MALE if i % 2 else Sex.FEMALE)
            case_service.register_case(session, actor, make_case_form(principal=person))


def _scanned_ids(session, search: str) -> list[int]:
    """What the old LIKE scan over ``cases.search_text`` finds, newest first."""
    sql = "SELECT id FROM cases"
    tokens = search_tokens(search)
    if tokens:
        sql += " WHERE " + " AND ".join(f"search_text LIKE :t{i}" for i in range(len(tokens)))
    sql += " ORDER BY registered_on DESC, id DESC"
    return list(session.execute(text(sql), {f"t{i}": f"%{t}%" for i, t in enumerate(tokens)}).scalars())


def test_the_store_has_the_trigram_index_and_it_is_looked_up_once_per_engine(engine):
    from sqlalchemy import event

    with unit_of_work(engine, write=False) as session:
        assert search_index.uses_fts(session)
    asked: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda conn, cur, sql, *rest: asked.append(sql))
    with unit_of_work(engine, write=False) as session:  # each unit of work binds a copy of the engine (#14)
        assert search_index.uses_fts(session)
    assert not [sql for sql in asked if "sqlite_master" in sql]


@pytest.mark.parametrize("search", QUERIES)
def test_search_finds_exactly_what_it_finds_without_the_index(engine, actor, search, monkeypatch):
    _register_people(engine, actor)
    query = CaseQuery(search=search, limit=1000)
    with unit_of_work(engine, write=False) as session:
        found = [r.id for r in case_service.list_cases(session, actor, query)]
        counted = case_service.count_cases(session, actor, query)
    monkeypatch.setattr(search_index, "uses_fts", lambda session: False)  # every word a LIKE scan
    with unit_of_work(engine, write=False) as session:
        scanned = [r.id for r in case_service.list_cases(session, actor, query)]
        scanned_count = case_service.count_cases(session, actor, query)
        typed = _scanned_ids(session, search)
    assert found == scanned and counted == scanned_count == len(found)
    assert set(typed) <= set(found)  # every case holding the words as typed is found (name keys add more)


def test_the_index_is_asked_for_an_ascii_word_as_a_phrase_and_finds_what_like_finds(engine, actor, monkeypatch):
    """#14: a phrase of the trigram tokenizer reads the index alone; ``LIKE`` read each candidate case's text as
    well (2.9 against 0.2 ms for "khut" at 100,000 cases). Words beyond ASCII, or holding a ``LIKE`` wildcard,
    keep ``LIKE``; every word finds the cases a scan of the texts finds."""
    from sqlalchemy import event

    from avrcase.services.cases import search_words

    _register_people(engine, actor)
    asked: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda conn, cur, sql, *rest: asked.append(sql))
    for token, phrase in (("kovalenko", True), ("khut", True), ("13ab4", True), ("vno-", True), ("ana aba", True),
                          ("shvili\"", True), ("ko_a", False), ("k%ko", False), ("الحسن", False), ("ბერ", False)):
        asked.clear()
        with unit_of_work(engine, write=False) as session:
            ids = search_words._index_matches(session, token)
            scanned = session.execute(text("SELECT id FROM cases WHERE search_text LIKE :t ORDER BY id"),
                                      {"t": f"%{token}%"}).scalars().all()
        assert sorted(json.loads(ids)) == scanned and (scanned or token not in ("kovalenko", "khut", "13ab4")), token
        assert any(" MATCH " in sql for sql in asked) == phrase, (token, asked)
    assert search_index.fts_phrase('a"b') == '"a""b"' and search_index.fts_phrase("ab") is None


def test_index_follows_edits_and_removals(engine, actor, make_case):
    detail = make_case(principal=make_person(family_name="Tsiklauri", document_number="13TS00001"))
    make_case(principal=make_person(family_name="Abashidze", document_number="13AB00001"))

    def found(search: str) -> list[str]:
        with unit_of_work(engine, write=False) as session:
            return [r.case_number for r in case_service.list_cases(session, actor, CaseQuery(search=search))]

    assert found("tsiklauri") == [detail.case_number]
    form = make_case_form(principal=make_person(family_name="Gelashvili", document_number="13TS00001"))
    with unit_of_work(engine) as session:
        case_service.update_case(session, actor, detail.id, detail.version, form)
    assert found("tsiklauri") == [] and found("gelash") == [detail.case_number]
    with unit_of_work(engine) as session:
        session.execute(text("DELETE FROM stage_changes WHERE case_id = :id"), {"id": detail.id})
        session.execute(text("DELETE FROM case_members WHERE case_id = :id"), {"id": detail.id})
        session.execute(text("DELETE FROM cases WHERE id = :id"), {"id": detail.id})
    assert found("gelash") == []
    with unit_of_work(engine, write=False) as session:
        session.execute(text(f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}, rank) "
                             "VALUES ('integrity-check', 1)"))  # raises when the index disagrees with cases


def test_a_stale_index_is_rebuilt_by_the_full_check(db_path, engine, actor, make_case):
    detail = make_case(principal=make_person(family_name="Tsiklauri"))
    with unit_of_work(engine) as session:
        # What a later migration's batch rebuild of ``cases`` does: the table's triggers are gone.
        for name in ("cases_fts_ai", "cases_fts_ad", "cases_fts_au"):
            session.execute(text(f"DROP TRIGGER {name}"))
        session.execute(text("UPDATE cases SET search_text = 'gelashvili' WHERE id = :id"), {"id": detail.id})
    engine.dispose()
    checked = open_store(f"sqlite:///{db_path}", check=True)
    try:
        with unit_of_work(checked, write=False) as session:
            rows = case_service.list_cases(session, actor, CaseQuery(search="gelash"))
            triggers = session.execute(text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cases_fts_%'")).scalar()
        assert [r.id for r in rows] == [detail.id] and triggers == 3
    finally:
        checked.dispose()


def test_short_searches_count_at_most_one_more_than_the_cap(engine, actor):
    _register_people(engine, actor)
    query = CaseQuery(search="a")
    with unit_of_work(engine, write=False) as session:
        full = case_service.count_cases(session, actor, query)
        capped = case_service.count_cases(session, actor, query, cap=5)
        long_capped = case_service.count_cases(session, actor, CaseQuery(search="kova"), cap=5)
    assert full > 6 and capped == 6
    assert long_capped == 3
    assert case_service.is_short_search(query) and case_service.is_short_search(CaseQuery(search="kova ab"))
    assert not case_service.is_short_search(CaseQuery(search="kova"))


@pytest.mark.parametrize("sort", case_service.SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_key_set_pages_are_the_offset_pages(engine, actor, sort, descending):
    _register_people(engine, actor)
    query = CaseQuery(sort=sort, descending=descending, limit=4)
    with unit_of_work(engine, write=False) as session:
        everything = case_service.list_cases(session, actor, dataclasses.replace(query, limit=100))
        paged, after = [], None
        while True:
            page = case_service.list_cases(session, actor, dataclasses.replace(query, after=after))
            paged.extend(page)
            if len(page) < query.limit:
                break
            after = page[-1].sort_key
        exported = [row for page in case_service.iter_case_pages(session, actor, dataclasses.replace(query, limit=0),
                                                                 batch=5) for row in page]
    assert [r.id for r in paged] == [r.id for r in everything] and len(paged) == len(PEOPLE) * 3
    assert [e[0] for e in exported] == [r.case_number for r in everything]


def test_name_sort_folds_diacritics_and_orders_given_names(engine, actor):
    with unit_of_work(engine) as session:
        for family, given, number in (("Şahin", "Zeynep", "T1"), ("Sahin", "Ayşe", "T2"), ("Zhukova", "Anna", "T3"),
                                      ("Əliyev", "Orxan", "T4"), ("Aliyev", "Emin", "T5")):
            person = make_person(family_name=family, given_names=given, family_name_original="",
                                 given_names_original="", document_number=number)
            case_service.register_case(session, actor, make_case_form(principal=person))
        rows = case_service.list_cases(session, actor, CaseQuery(sort="principal_name", descending=False))
    assert [r.principal_name for r in rows] == ["ALIYEV Emin", "ƏLİYEV Orxan", "SAHIN Ayşe", "ŞAHİN Zeynep",
                                                "ZHUKOVA Anna"]


def test_the_schema_head_constant_is_alembics_head():
    assert schema.SCHEMA_HEAD == schema.head_revision()


def test_everyday_open_skips_the_full_checks_but_a_crash_or_a_request_runs_them(db_path, engine, monkeypatch):
    engine.dispose()
    runs: list[str] = []
    monkeypatch.setattr(schema, "verify", lambda eng, read_texts=True: runs.append(f"verify texts={read_texts}"))
    open_store(f"sqlite:///{db_path}").dispose()
    assert runs == []
    open_store(f"sqlite:///{db_path}", check=True).dispose()
    assert runs == ["verify texts=True"]
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"\0" * 32)  # a log left behind, as after a crash (SQLite ignores one without a valid header)
    open_store(f"sqlite:///{db_path}").dispose()
    assert runs == ["verify texts=True", "verify texts=False"]  # every text is read when asked, not after a crash


def test_search_on_postgres_uses_the_trigram_index(pg_engine):
    with unit_of_work(pg_engine) as session:
        row = users.add_user(session, SYSTEM, "ruta", "Rūta Counsellor", StaffRole.COUNSELLOR)
        pg_actor = users.actor_by_id(session, row.id)
    with unit_of_work(pg_engine) as session:
        for i, (family, given, family_o, given_o, number) in enumerate(PEOPLE):
            person = make_person(family_name=family, given_names=given, family_name_original=family_o,
                                 given_names_original=given_o, document_number=f"{number}{i}")
            case_service.register_case(session, pg_actor, make_case_form(principal=person))
    with unit_of_work(pg_engine, write=False) as session:
        index = session.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                                {"name": search_index.TRGM_INDEX}).scalar()
        found = [r.principal_name for r in case_service.list_cases(session, pg_actor, CaseQuery(search="kova"))]
        chinese = [[r.principal_name for r in case_service.list_cases(session, pg_actor, CaseQuery(search=words))]
                   for words in ("欧阳秀英", "秀英", "欧")]  # pg_trgm takes no trigram of Han letters in every locale
        paged = case_service.list_cases(session, pg_actor, CaseQuery(sort="principal_name", descending=False, limit=3))
        rest = case_service.list_cases(session, pg_actor, CaseQuery(sort="principal_name", descending=False,
                                                                    after=paged[-1].sort_key))
    assert index is not None and "gin_trgm_ops" in index
    assert found == ["KOVALENKO Olena"]
    assert chinese == [["OUYANG Xiuying"]] * 3
    assert len(paged) + len(rest) == len(PEOPLE)


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_every_case_listed_page_by_page_reads_as_the_list_shows_it(request, store_kind):
    """#14: the command line's listing reads the driver's rows and converts only the values it needs; on both
    stores, in every order, each case reads as the case list shows it: its number, stage, name, household,
    registration date (a date, not the store's text) and vulnerability (yes or no)."""
    import datetime as dt

    from avrcase.services.dto import CaseRow

    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    with unit_of_work(engine) as session:
        row = users.add_user(session, SYSTEM, "lister", "Lister Counsellor", StaffRole.COUNSELLOR)
        lister = users.actor_by_id(session, row.id)
    _register_people(engine, lister)
    with unit_of_work(engine) as session:  # two registration days, so the date order is not the id order
        session.execute(text("UPDATE cases SET registered_on = :day WHERE id % 3 = 0"), {"day": dt.date(2026, 3, 1)})
        session.execute(text("UPDATE cases SET household_size = 4 WHERE id % 4 = 0"))
        session.execute(text("INSERT INTO case_vulnerabilities (case_id, person_id, code, details) "
                             "SELECT id, principal_id, :code, '' FROM cases WHERE id % 5 = 0"), {"code": Vulnerability.MEDICAL_CONDITION.value})

    def shown(r: CaseRow) -> tuple:
        return (r.case_number, r.stage.value, r.principal_name, r.citizenship, r.country_of_return, r.household_size,
                r.registered_on, r.counsellor_name, r.vulnerable)

    for sort in case_service.SORT_KEYS:
        for descending in (False, True):
            query = CaseQuery(sort=sort, descending=descending, limit=100)
            with unit_of_work(engine, write=False) as session:
                listed = [shown(r) for r in case_service.list_cases(session, lister, query)]
                exported = [row for page in case_service.iter_case_pages(
                    session, lister, dataclasses.replace(query, limit=0), batch=4) for row in page]
            assert exported == listed, (sort, descending)
            assert {type(r[6]) for r in exported} == {dt.date} and {type(r[8]) for r in exported} == {bool}
            with unit_of_work(engine, write=False) as session:  # as the command line prints them
                printed = [row for page in case_service.iter_case_pages(
                    session, lister, dataclasses.replace(query, limit=0), batch=4, as_text=True) for row in page]
            assert printed == [(n, st, name, cit or "", country or "", str(size), day.isoformat(), counsellor or "",
                                "yes" if vulnerable else "no")
                               for n, st, name, cit, country, size, day, counsellor, vulnerable in listed]
    assert len(listed) == len(PEOPLE) * 3
    assert len({r[6] for r in listed}) == 2 and {r[8] for r in listed} == {True, False}


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_pages_walked_in_index_order_are_the_stores_own_order(request, store_kind):
    """#14: a list without a search, by registration date or by name (alone or within a stage), is read in one
    statement that walks the index and stops after the page. Key-set pages of four, forwards and backwards,
    give exactly the cases the store itself orders, and on SQLite no page is sorted again."""
    import datetime as dt

    from avrcase.domain.stages import Stage

    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    actor = request.getfixturevalue("actor") if store_kind == "sqlite" else None
    if actor is None:
        with unit_of_work(engine) as session:
            row = users.add_user(session, SYSTEM, "walker", "Walker Counsellor", StaffRole.COUNSELLOR)
            actor = users.actor_by_id(session, row.id)
    _register_people(engine, actor)
    with unit_of_work(engine) as session:  # registration days and stages that do not follow the ids
        session.execute(text("UPDATE cases SET registered_on = :day WHERE id % 3 = 0"), {"day": dt.date(2026, 3, 1)})
        session.execute(text("UPDATE cases SET stage = :stage WHERE id % 2 = 0"), {"stage": Stage.COUNSELLING.value})
    columns = {"registered_on": "registered_on", "principal_name": "sort_name"}
    for sort, column in columns.items():
        for descending in (False, True):
            for stage in (None, Stage.COUNSELLING):
                query = CaseQuery(sort=sort, descending=descending, stage=stage, limit=4)
                direction = "DESC" if descending else "ASC"
                with unit_of_work(engine, write=False) as session:
                    expected = list(session.execute(text(
                        f"SELECT case_number FROM cases {'WHERE stage = :stage' if stage else ''} "
                        f"ORDER BY {column} {direction}, id {direction}"), {"stage": stage.value if stage else None}).scalars())
                    paged, after = [], None
                    while True:
                        page = case_service.list_cases(session, actor, dataclasses.replace(query, after=after))
                        paged.extend(r.case_number for r in page)
                        if len(page) < query.limit:
                            break
                        after = page[-1].sort_key
                    if store_kind == "sqlite":
                        compiled = case_service.case_rows_statement(session, dataclasses.replace(query, after=after)).compile(
                            dialect=engine.dialect, compile_kwargs={"literal_binds": True})
                        plan = " | ".join(r[3] for r in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
                assert paged == expected and len(expected) > 2 * query.limit, (sort, descending, stage)
                if store_kind == "sqlite":
                    assert "TEMP B-TREE" not in plan and "MATERIALIZE" not in plan, (sort, descending, stage, plan)


def test_a_store_another_process_is_writing_to_is_not_taken_for_a_stale_index(db_path, engine, caplog):
    """The index's check is a write: while another process wrote, its "database is locked" was taken for a stale
    index, and the rebuild (a write of every case) failed on the same lock, and the command with it."""
    import sqlite3

    blocker = sqlite3.connect(db_path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout = 50")
            assert search_index.check(connection)
        assert "rebuilt" not in caplog.text
    finally:
        blocker.rollback()
        blocker.close()
