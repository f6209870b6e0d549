"""``uow.read_ahead``: the next page of a listing is read while the caller writes this one (#14)."""

from __future__ import annotations

import contextvars
import threading

import pytest
from sqlalchemy import select

from avrcase.services.cases import register as cases
from avrcase.services.dto import CaseQuery
from avrcase.services.uow import read_ahead, unit_of_work
from avrcase.store.models import Case
from avrcase.store.schema import open_store

WHO = contextvars.ContextVar("who", default="nobody")


def test_the_next_item_is_read_on_another_thread_while_the_caller_holds_this_one(engine):
    asked_for_second = threading.Event()
    readers: list[str] = []

    def items():
        for n in range(3):
            if n == 1:
                asked_for_second.set()
            readers.append(threading.current_thread().name)
            yield n, WHO.get()

    WHO.set("the counsellor's command")
    with unit_of_work(engine, write=False) as session:
        seen = []
        for item in read_ahead(session, items()):
            if item[0] == 0:  # the caller still works on the first: the second is read meanwhile
                assert asked_for_second.wait(10), "the second item was not read until the caller asked for it"
            seen.append(item)
    assert seen == [(0, "the counsellor's command"), (1, "the counsellor's command"), (2, "the counsellor's command")]
    assert readers and all(name.startswith("avrcase-read-ahead") for name in readers)


def test_leaving_early_waits_for_the_read_under_way_and_closes_the_items(engine):
    closed = threading.Event()

    def items():
        try:
            yield from range(100)
        finally:
            closed.set()

    with unit_of_work(engine, write=False) as session:
        for n in read_ahead(session, items()):
            if n == 2:
                break
    assert closed.is_set()
    assert not [t for t in threading.enumerate() if t.name.startswith("avrcase-read-ahead")]


def test_an_error_while_reading_reaches_the_caller_after_the_items_before_it(engine):
    def items():
        yield 1
        raise RuntimeError("the store went away")

    with unit_of_work(engine, write=False) as session:
        got = []
        with pytest.raises(RuntimeError, match="went away"):
            for n in read_ahead(session, items()):
                got.append(n)
    assert got == [1]


def test_a_listing_reads_its_pages_ahead_and_gives_every_case_once_in_order(engine, actor, make_case):
    for _ in range(7):
        make_case()
    with unit_of_work(engine, write=False) as session:
        pages = list(cases.iter_case_pages(session, actor, CaseQuery(sort="registered_on", descending=True),
                                           batch=3))
        expected = [c for (c,) in session.execute(
            select(Case.case_number).order_by(Case.registered_on.desc(), Case.id.desc()))]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [row[0] for page in pages for row in page] == expected


def test_an_in_memory_store_reads_on_the_callers_thread(clock):
    memory = open_store("sqlite://", clock=clock)
    readers: list[str] = []

    def items():
        readers.append(threading.current_thread().name)
        yield 1

    with unit_of_work(memory, write=False) as session:
        assert list(read_ahead(session, items())) == [1]
    assert readers == [threading.current_thread().name]
