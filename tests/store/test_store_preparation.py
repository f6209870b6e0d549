"""The first open after an update (session 22): it reports its steps and the people done, it can stop at a safe point
and go on at the next open, and the name keys it rebuilds are exactly those a fresh store makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from avrcase.store.preparation import Preparation, PreparationStopped, Step
from avrcase.store.schema import current_revision, head_revision, open_store
from tests.conftest import make_person

FIXTURES = Path(__file__).parents[1] / "data" / "stores"

#: Names in several scripts and forms, so the keys cover the romanisations, skeletons and document numbers.
PEOPLE = [("Захаров", "Юрий", "", ""), ("Nguyễn", "Thị Hồng", "", ""), ("Hassan", "Omar", "حسن", "عمر"),
          ("Rahimzade", "Ali", "رحیم‌زاده", "علی"), ("O'Brien-Smith", "Mary Ann", "", ""), ("Li", "Wei", "Ли", "Вэй"),
          ("Ōkubo", "Ēla", "", ""), ("Berdiyev", "Aly", "Бердиев", "Алы")]


def keys_and_norms(engine) -> tuple[list, list]:
    """Every stored name key and every person's folded document number, as rows to compare tables by."""
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT person_id, key FROM person_name_keys ORDER BY person_id, key")).all()
        norms = connection.execute(text(
            "SELECT id, document_number_norm, name_keys_version FROM persons ORDER BY id")).all()
    return [tuple(r) for r in keys], [tuple(r) for r in norms]


def make_stale(engine, *, scramble: bool = True) -> None:
    """As after an update that bumped ``NAME_KEYS_VERSION``: every person's keys made by older rules."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE persons SET name_keys_version = 0, document_number_norm = ''"))
        if scramble:
            connection.execute(text("UPDATE person_name_keys SET key = 'old-' || key"))


@pytest.fixture
def people(make_case):
    for n, (family, given, family_original, given_original) in enumerate(PEOPLE):
        make_case(principal=make_person(family_name=family, given_names=given, family_name_original=family_original,
                                        given_names_original=given_original, document_number=f"AB{n}O1l-{n}"),
                  members=n % 3)


def test_the_keys_after_a_rebuild_are_exactly_those_of_a_fresh_store(engine, db_path, people):
    fresh = keys_and_norms(engine)
    assert len(fresh[0]) > 50
    make_stale(engine)
    engine.dispose()
    reports: list[Preparation] = []
    reopened = open_store(f"sqlite:///{db_path}", progress=reports.append)
    try:
        assert keys_and_norms(reopened) == fresh
    finally:
        reopened.dispose()
    people_count = len(fresh[1])
    assert reports[0] == Preparation(Step.NAME_KEYS, 1, 1, 0, people_count)
    assert reports[-1] == Preparation(Step.NAME_KEYS, 1, 1, people_count, people_count, finished=True)
    assert [r.done for r in reports] == sorted(r.done for r in reports)


def test_an_everyday_open_reports_nothing(engine, db_path, people):
    engine.dispose()
    reports: list[Preparation] = []
    open_store(f"sqlite:///{db_path}", progress=reports.append).dispose()
    assert reports == []


def test_a_stop_between_batches_keeps_what_was_done_and_the_next_open_finishes_it(engine, db_path, people,
                                                                                    monkeypatch):
    from avrcase.store import name_key_backfill

    fresh = keys_and_norms(engine)
    make_stale(engine)
    engine.dispose()
    monkeypatch.setattr(name_key_backfill, "BATCH_SIZE", 4)
    monkeypatch.setattr(name_key_backfill.finish_pending, "__defaults__", (4,))

    def stop_after_the_first_batch(report: Preparation) -> None:
        if report.done:
            raise PreparationStopped()

    with pytest.raises(PreparationStopped):
        open_store(f"sqlite:///{db_path}", progress=stop_after_the_first_batch)
    halfway = open_store(f"sqlite:///{db_path}", upgrade=False)
    try:
        keys, norms = keys_and_norms(halfway)
    finally:
        halfway.dispose()
    done = {person for person, _norm, version in norms if version > 0}
    assert len(done) == 4  # one batch committed: those four are keyed as fresh, the rest still marked stale
    assert [k for k in keys if k[0] in done] == [k for k in fresh[0] if k[0] in done]
    assert all(version == 0 for person, _norm, version in norms if person not in done)
    again = open_store(f"sqlite:///{db_path}")
    try:
        assert keys_and_norms(again) == fresh
    finally:
        again.dispose()


def test_a_migration_reports_its_steps_in_order(tmp_path):
    store = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "store-0016.sqlite", store)
    reports: list[Preparation] = []
    engine = open_store(f"sqlite:///{store}", progress=reports.append)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    begun = [(r.step, r.number, r.steps) for r in reports if not r.done and not r.finished]
    assert begun[:3] == [(Step.BACKUP, 1, 4), (Step.MIGRATE, 2, 4), (Step.CHECK, 3, 4)]
    assert reports[-1].finished and reports[-1].number == 4
    assert sum(r.finished for r in reports) == 1


def test_a_new_store_is_made_without_reports(tmp_path):
    reports: list[Preparation] = []
    open_store(f"sqlite:///{tmp_path / 'new.sqlite'}", progress=reports.append).dispose()
    assert reports == []
