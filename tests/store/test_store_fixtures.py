"""Stores made at every released schema revision upgrade to exactly the schema of a fresh store (#21 item 5).

A store made at an early commit once "upgraded" to a broken store: placeholder migrations had been
stamped empty and filled in later. ``tests/data/stores/store-<rev>.sqlite`` keeps one store per
revision as it was released (``scripts/make-store-fixtures`` adds the newest, never remakes old ones);
each is upgraded here and compared with a fresh store and with the models.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from avrcase.store import migrations
from avrcase.store import search_index
from avrcase.store.schema import alembic_config, current_revision, head_revision, open_store
from tests.support.schema_drift import schema_drift

STORES = Path(__file__).resolve().parents[1] / "data" / "stores"
MIGRATIONS = Path(migrations.__file__).parent


def _schema(engine) -> dict:
    """Tables with their columns, indexes, unique constraints and foreign keys, comparable across files."""
    inspector = inspect(engine)
    out = {}
    for table in sorted(inspector.get_table_names()):
        out[table] = {
            "columns": sorted((c["name"], str(c["type"]), bool(c["nullable"])) for c in inspector.get_columns(table)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table)),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)),
            "foreign_keys": sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                                   for f in inspector.get_foreign_keys(table)),
            "primary_key": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
        }
    return out


def _revisions() -> list[str]:
    return [s.revision for s in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def test_there_is_a_fixture_for_every_revision_up_to_the_newest_one():
    have = {p.stem.removeprefix("store-") for p in STORES.glob("store-*.sqlite")}
    revisions = _revisions()
    newest = max(i for i, r in enumerate(revisions) if r in have)
    # Migrations landed since the last fixtures may lack one until scripts/make-store-fixtures is run; no gap before.
    missing = [r for r in revisions[:newest + 1] if r not in have]
    assert missing == [] and newest >= 9, f"run scripts/make-store-fixtures: {missing}"


@pytest.mark.parametrize("fixture", sorted(STORES.glob("store-*.sqlite")), ids=lambda p: p.stem)
def test_a_released_store_upgrades_to_the_fresh_schema(fixture, tmp_path, engine):
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(fixture, copy)
    upgraded = open_store(f"sqlite:///{copy}")
    try:
        assert current_revision(upgraded) == head_revision()
        assert _schema(upgraded) == _schema(engine)
        with upgraded.connect() as connection:
            assert schema_drift(connection) == []
    finally:
        upgraded.dispose()


def test_no_migration_is_an_empty_placeholder():
    """An empty migration that is filled in later is the trap that broke old stores: none may be added.

    ``0006`` was released empty and stays empty for ever (stores are stamped with it); its text is frozen.
    """
    for path in sorted(MIGRATIONS.glob("versions/0*.py")):
        text = path.read_text(encoding="utf-8")
        body = text.split("def upgrade() -> None:", 1)[1].split("def downgrade", 1)[0]
        if path.name.startswith("0006_"):
            assert hashlib.sha256(text.encode()).hexdigest() == FROZEN_0006, "0006 is released: never fill it"
            continue
        assert body.strip() not in ("pass", ""), f"{path.name} is an empty placeholder"


FROZEN_0006 = "c3a7fe44323de10fbead0313f1167c7101deb7281436fb7678cfff7c842457df"


def test_an_upgrade_that_fails_part_way_leaves_the_old_store(tmp_path, monkeypatch):
    """Every revision of one upgrade is one transaction: a failure (a crash, a full disk) after the last
    revision but before the commit leaves the store as it was, not half-way (the kill campaign once found
    a store left at 0010 on its way from 0007)."""
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(STORES / "store-0007.sqlite", copy)

    def power_cut(_connection):
        raise RuntimeError("power cut")

    monkeypatch.setattr(search_index, "repair", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        open_store(f"sqlite:///{copy}")
    with sqlite3.connect(copy) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        tables = {name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "statistics_releases" not in tables  # made by 0011: rolled back with the rest
