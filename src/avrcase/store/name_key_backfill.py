"""Fills ``person_name_keys`` for people whose keys are missing or were made by older rules, in batches.

Each person is marked with the rules' version as its keys are written, so the work can stop at any
batch and go on later: migration 0012 runs it to the end inside the upgrade, and ``open_store`` runs
it again (one committed batch at a time) for anything still pending, for example after a change of the
key rules bumped ``NAME_KEYS_VERSION``. It also re-folds document numbers (look-alike letters kept).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from avrcase.domain.name_key_version import KEY_LENGTH, NAME_KEYS_VERSION

#: People keyed (and committed) at a time: a stop or a kill loses at most one batch; 500 made 380 commits at
#: 190,000 people, each with its fsync (docs/benchmarks.md, fourteenth pass).
BATCH_SIZE = 2000
#: From this many people pending, the index by key is dropped and made again around the work (``finish_pending``).
BULK_FROM = 10_000
KEY_INDEX = "ix_person_name_keys_key_person"
#: Names whose keys a run keeps (``person_search_keys``'s memo), a few tens of megabytes at most; then it starts over.
MEMO_LIMIT = 50_000
#: As the model declares it (``store.models.people``); ``IF NOT EXISTS``: a store that never lost it keeps it.
KEY_INDEX_DDL = f'CREATE INDEX IF NOT EXISTS {KEY_INDEX} ON person_name_keys ("key", person_id)'

_persons = sa.table(
    "persons", sa.column("id", sa.Integer), sa.column("family_name", sa.String),
    sa.column("given_names", sa.String), sa.column("family_name_original", sa.String),
    sa.column("given_names_original", sa.String), sa.column("document_number", sa.String),
    sa.column("document_number_norm", sa.String), sa.column("name_keys_version", sa.Integer),
)
_keys = sa.table("person_name_keys", sa.column("person_id", sa.Integer), sa.column("key", sa.String))


def backfill_batch(connection: Connection, batch_size: int = BATCH_SIZE,
                   memo: dict[str, frozenset[str]] | None = None) -> int:
    """Key one batch of people with stale or missing keys; returns how many (0 when nothing is left).

    ``memo``: each name's keys, kept from batch to batch of one run (``person_search_keys``)."""
    from avrcase.domain.name_matching import document_key  # the rules only when keys are made (#14)

    rows = connection.execute(
        sa.select(_persons).where(_persons.c.name_keys_version < NAME_KEYS_VERSION)
        .order_by(_persons.c.id).limit(batch_size)
    ).mappings().all()
    if not rows:
        return 0
    ids = [r["id"] for r in rows]
    if memo is not None and len(memo) > MEMO_LIMIT:
        memo.clear()
    connection.execute(sa.delete(_keys).where(_keys.c.person_id.in_(ids)))
    keys = [{"person_id": r["id"], "key": k}
            for r in rows
            for k in sorted(_person_keys(r, {} if memo is None else memo))]
    if keys:
        connection.execute(sa.insert(_keys), keys)
    # One statement for the batch (executemany): a statement per person was a third of making keys again.
    connection.execute(
        sa.update(_persons).where(_persons.c.id == sa.bindparam("person")).values(
            name_keys_version=NAME_KEYS_VERSION, document_number_norm=sa.bindparam("norm")),
        [{"person": r["id"], "norm": document_key(r["document_number"])[:40]} for r in rows])
    return len(rows)


def _person_keys(row, memo: dict[str, frozenset[str]]) -> set[str]:
    """``person_search_keys`` of the row's four name forms, each name's keys made once per run (names repeat, and
    making them was most of a rebuild: 91 of 173 s at 190,000 people). A test compares with a fresh store's keys."""
    from avrcase.domain.name_matching import key_parts, search_keys

    keys: set[str] = set()
    for part in key_parts(row["family_name"] or "", row["given_names"] or "", row["family_name_original"] or "",
                          row["given_names_original"] or ""):
        known = memo.get(part or "")
        if known is None:
            known = memo[part or ""] = frozenset(search_keys(part or ""))
        keys |= known
    return {k[:KEY_LENGTH] for k in keys}


def backfill_all(connection: Connection, batch_size: int = BATCH_SIZE) -> int:
    """Every pending batch on one connection (inside a migration's transaction); returns people keyed."""
    done, memo = 0, dict[str, frozenset[str]]()
    while n := backfill_batch(connection, batch_size, memo):
        done += n
    return done


def pending() -> sa.Select:
    """One person whose keys are missing or stale, if any, found by ``ix_persons_name_keys_version``: the
    batch's own query, in id order, made SQLite read every person when nobody was pending (37 ms at
    100,000 cases on every open of the store, #14)."""
    return sa.select(_persons.c.id).where(_persons.c.name_keys_version < NAME_KEYS_VERSION).limit(1)


def count_pending(engine: Engine) -> int:
    """How many people's keys are missing or stale (0 from one indexed lookup when none are)."""
    with engine.connect() as connection:
        if connection.execute(pending()).first() is None:
            return 0
        return connection.execute(sa.select(sa.func.count()).select_from(_persons)
                                  .where(_persons.c.name_keys_version < NAME_KEYS_VERSION)).scalar_one()


def finish_pending(engine: Engine, batch_size: int = BATCH_SIZE, *,
                   on_batch: Callable[[int], None] | None = None) -> int:
    """Every pending batch, each committed on its own, so an interrupted run resumes where it stopped.

    ``on_batch(done)`` is called after each commit with the number keyed so far (it may raise to stop there).
    With ``BULK_FROM`` people or more pending, the index by key is dropped in the first batch's transaction and
    made again in the last one's (the keys' inserts land all over that index; one sorted build is cheaper). So the
    index is missing only while someone is still pending, and whatever open finishes the work (after a kill too)
    makes it again.
    """
    total = count_pending(engine)
    if not total:
        return 0
    bulk = total >= BULK_FROM
    done, memo = 0, dict[str, frozenset[str]]()
    while True:
        with engine.begin() as connection:
            if bulk and not done:
                connection.execute(sa.text(f"DROP INDEX IF EXISTS {KEY_INDEX}"))
            n = backfill_batch(connection, batch_size, memo)
            if n < batch_size:  # nothing is left after this batch
                connection.execute(sa.text(KEY_INDEX_DDL))
        if not n:
            return done
        done += n
        if on_batch is not None:
            on_batch(done)
