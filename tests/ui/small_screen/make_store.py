"""The demo store the small-screen test walks: a few dozen synthetic cases in every stage, on the fixed clock."""

from __future__ import annotations

from pathlib import Path


def make_demo_store(path: Path, cases: int = 40) -> str:
    """Create the store at ``path`` and return its URL."""
    from avrcase.services.clock import DEFAULT_ZONE, FixedClock
    from avrcase.services.demo.generate import generate_demo
    from avrcase.services.permissions import SYSTEM
    from avrcase.services.uow import unit_of_work
    from avrcase.store.schema import open_store
    from tests.support.clock import FIXED_NOW

    url = f"sqlite:///{path}"
    engine = open_store(url, clock=FixedClock(FIXED_NOW, DEFAULT_ZONE))
    with unit_of_work(engine) as session:
        generate_demo(session, cases=cases, seed=1, actor=SYSTEM)
    engine.dispose()
    return url
