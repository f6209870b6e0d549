"""Fixtures for UI tests: the session boundary (``Ops``) and the change bus over the test store."""

from __future__ import annotations

import pytest

from avrcase.ui.change_bus import ChangeBus
from avrcase.ui.ops import Ops


@pytest.fixture
def ops(qapp, engine, actor):
    """An ``Ops`` acting as the test counsellor on the temporary store; waits for workers at teardown."""
    instance = Ops(engine, actor)
    yield instance
    instance.wait_for_background()


@pytest.fixture
def bus(qapp):
    """A fresh change bus."""
    return ChangeBus()
