"""Each area's models are declared when first named (#14): each module of ``avrcase.store.models`` maps and
configures on its own, and ``complete_metadata()`` holds every table, as the migrations make them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from avrcase.store import models
from avrcase.store.base import Base

SRC = Path(models.__file__).resolve().parents[2]


@pytest.mark.parametrize("area", sorted(models.MODULES))
def test_an_area_alone_is_mapped_and_configured(area):
    """A command that names only this area's models can query them: the mappers configure with no other area
    imported, and the package declared nothing more than the area and what it points to."""
    names = models.MODULES[area]
    code = (f"import sys\nfrom sqlalchemy import select\nfrom sqlalchemy.orm import configure_mappers\n"
            f"from avrcase.store.models import {', '.join(names)}\nconfigure_mappers()\n"
            f"for model in ({', '.join(names)},): select(model).compile()\n"
            f"print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('avrcase.store.models.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(eval(out))  # noqa: S307 - our own child's printed list
    assert area in loaded
    assert loaded <= {area, "people", "users"}  # cases and travel point to people, cases and counselling to users


def test_every_model_is_found_by_name_and_in_the_complete_metadata():
    metadata = models.complete_metadata()
    assert metadata is Base.metadata
    for name in models.__all__:
        model = getattr(models, name)
        assert model.__tablename__ in metadata.tables
    assert len({getattr(models, name).__tablename__ for name in models.__all__}) == len(models.__all__)
    assert sorted(models.__all__) == sorted(n for names in models.MODULES.values() for n in names)


def test_nothing_walks_the_metadata_without_every_table_in_it():
    """``Base.metadata`` holds only the models imported so far: erasing a case, a full export or Alembic walking it
    would miss a table. They ask ``complete_metadata()``."""
    walking = re.compile(r"\bBase\.metadata\b|\bregistry\.mappers\b")
    found = [f"{path.relative_to(SRC)}:{n}" for path in sorted(SRC.rglob("*.py")) if "migrations/versions" not in str(path)
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if walking.search(line) and path != Path(models.__file__).resolve()]
    assert found == []


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018
