"""Stores that take seconds to fill (demo data, a published series), filled once per run and copied after.

The first test that asks for a given filling fills its own fresh store (as it did before) and keeps a copy;
every later test that asks for the same filling gets that copy put into its fresh store (SQLite's backup API,
milliseconds) instead of filling it again. The copy keeps the seals of the first test's audit key, so that key
joins the later test's key ring (as an office shares one key): every seal in the copy still checks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable
from pathlib import Path

from sqlalchemy import Engine, func, select

from avrcase.services import audit_seals
from avrcase.store.models import Case, User


def _copy(source: Path, target: Path) -> None:
    """``source`` into ``target`` page by page (WAL included), with nothing else open on ``target``."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


class StoreTemplates:
    """Fillings made once per run (``fill``), in a folder of the run."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.made: dict[Hashable, tuple[Path, list[bytes]]] = {}

    def fill(self, engine: Engine, key: Hashable, build: Callable[[Engine], object]) -> None:
        """Fill the test's fresh store (no account, no case yet) as ``build(engine)`` does: the first time by
        calling it, after that with a copy of what it made the first time (``key`` names the filling)."""
        with engine.connect() as connection:
            assert connection.scalar(select(func.count(User.id))) == 0, "fill a fresh store (before any account)"
            assert connection.scalar(select(func.count(Case.id))) == 0, "fill a fresh store (before any case)"
        path = Path(str(engine.url.database))
        if key in self.made:
            template, keys = self.made[key]
            engine.dispose()  # the engine opens new connections on the copied file
            _copy(template, path)
            ring = audit_seals.KeyRing.load()
            for k in keys:
                ring.add(k, seal_with=False)
            ring.save()
            return
        build(engine)
        template = self.folder / f"template-{len(self.made)}.sqlite"
        _copy(path, template)
        self.made[key] = (template, audit_seals.KeyRing.load().keys)
