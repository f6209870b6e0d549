"""Particles of European family names: which typed words a record may leave out."""

import pytest

from avrcase.domain.particles import optional_particles


@pytest.mark.parametrize(("typed", "optional"), [
    ("van der Berg", {0: 2, 1: 2}), ("Jan von Braun", {1: 2}), ("De la Cruz", {0: 2, 1: 2}), ("dos Santos", {0: 1}),
    ("Nguyen Van An", {}), ("Le Van An", {}), ("Mac Van Tam", {}), ("Tran Le Van", {}), ("van der", {}),
    ("Di Maria", {}),
])
def test_only_unmistakably_european_particles_are_optional(typed, optional):
    assert optional_particles(typed.split()) == optional
