"""Shared fixtures: offscreen Qt, a fresh temporary store per test, and small factories."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the real user's data folder or settings.
os.environ.pop("AVRCASE_DB", None)

import pytest

from avrcase.domain.codes import (
    CaseKind,
    ConsentGiver,
    IdDocumentType,
    LegalBasis,
    LegalStatus,
    ReferralSource,
    Relationship,
    Sex,
    SharingParty,
    StaffRole,
)
from avrcase.i18n import MESSAGE_LANGUAGE_VARIABLES, set_locale
from avrcase.i18n import format as format_module
from avrcase.services import clock as clock_module
from avrcase.services import office
from avrcase.services.accounts import users
from avrcase.services.cases import register as case_service
from avrcase.services.clock import FixedClock
from avrcase.services.dto import CaseForm, ConsentForm, MemberForm, PersonForm
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import signed_in, unit_of_work
from avrcase.store.schema import open_store
from avrcase.ui.workarounds import collect_garbage_if_due
from tests.support.clock import FIXED_NOW

#: Every account the ``actor``/``actor_as`` fixtures make signs in with this (and ``$AVRCASE_PASSWORD`` is it).
TEST_PASSWORD = "test account passphrase"


@functools.cache
def _test_password_hash() -> str:
    from avrcase.services.accounts.accounts import hash_password

    return hash_password(TEST_PASSWORD)  # argon2 is slow by design: hash once per run


def _with_password(session, user_id: int):
    from avrcase.store.models import User

    session.get(User, user_id).password_hash = _test_password_hash()
    return users.actor_by_id(session, user_id)


@pytest.fixture(scope="session", autouse=True)
def _garbage_collected_on_the_main_thread():
    """As the app does (see ``ui.workarounds.MainThreadGarbageCollector``): no automatic collection that
    could run in a worker thread and destroy a Qt object there; the tests collect between tests instead."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests():
    yield
    collect_garbage_if_due()


@pytest.fixture(autouse=True)
def _english_and_isolated(tmp_path, monkeypatch):
    """English messages, instants in the computer's zone (a signed-in window shows the office's: undone after
    the test), a private data/config folder, and the test accounts' password for the CLI."""
    set_locale("en")
    for variable in MESSAGE_LANGUAGE_VARIABLES:  # the command line speaks the environment's language
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(format_module, "_display_zone", None)
    monkeypatch.setattr(format_module, "_office_country", "")
    monkeypatch.setenv("AVRCASE_PASSWORD", TEST_PASSWORD)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    yield
    set_locale("en")


@pytest.fixture(autouse=True)
def _nobody_signed_in_from_an_earlier_test():
    """A CLI run in an earlier test signed someone in for its process; each test starts with nobody."""
    token = signed_in.set(None)
    yield
    signed_in.reset(token)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The test's clock, standing still at ``FIXED_NOW`` (move it with ``clock.advance``/``clock.set``).

    The app and the CLI build their clock through ``services.clock.system_clock``; here that gives this
    fixed clock, so no test depends on the day or hour it runs (``scripts/test-any-date`` proves it).
    """
    fixed = FixedClock(FIXED_NOW, clock_module.DEFAULT_ZONE)
    monkeypatch.setattr(clock_module, "system_clock", lambda: fixed)
    return fixed


@pytest.fixture
def db_path(tmp_path):
    """Path of a store file that does not exist yet."""
    return tmp_path / "store.sqlite"


@pytest.fixture(scope="session")
def _migrated_store(tmp_path_factory):
    """An empty store made by ``open_store`` once per run: making one runs every migration (0.5–2 s), copying it
    takes milliseconds. A new store holds nothing of the run or the computer (no audit entry, no key, no side
    file), so each test's copy is the store ``open_store`` would have made for it."""
    path = tmp_path_factory.mktemp("migrated") / "store.sqlite"
    open_store(f"sqlite:///{path}", clock=FixedClock(FIXED_NOW, clock_module.DEFAULT_ZONE)).dispose()
    assert not [p for p in path.parent.iterdir() if p != path], "a new store left side files: copy them too"
    return path


def _sqlite_store(db_path, clock, migrated):
    shutil.copy(migrated, db_path)  # with its mode (0600)
    eng = open_store(f"sqlite:///{db_path}", clock=clock)
    with unit_of_work(eng) as session:
        office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
    return eng


@pytest.fixture
def engine(db_path, clock, _migrated_store):
    """A freshly migrated store with the IOM Vilnius office profile, on the test's fixed clock."""
    eng = _sqlite_store(db_path, clock, _migrated_store)
    yield eng
    eng.dispose()


@contextlib.contextmanager
def outside_any_test(tmp_path_factory):
    """For a fixture shared by a module's tests, while it fills its stores: English, and a data and config
    folder of its own (the tests' own folders are set only inside each test)."""
    folder = tmp_path_factory.mktemp("shared-home")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"):
            patch.setenv(name, str(folder / name.lower()))
        set_locale("en")
        yield


@contextlib.contextmanager
def module_sqlite_engine(tmp_path_factory, migrated):
    """``engine`` for the tests of a module that only read it (on a clock standing at ``FIXED_NOW``)."""
    eng = _sqlite_store(tmp_path_factory.mktemp("shared") / "store.sqlite",
                        FixedClock(FIXED_NOW, clock_module.DEFAULT_ZONE), migrated)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture(scope="session")
def store_templates(tmp_path_factory):
    """Fillings of a fresh ``engine`` (demo data…) made once per run and copied after (``StoreTemplates.fill``)."""
    from tests.support.store_templates import StoreTemplates

    return StoreTemplates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def actor(engine):
    """A counsellor acting in the store."""
    with unit_of_work(engine) as session:
        row = users.add_user(session, SYSTEM, "ruta", "Rūta Counsellor", StaffRole.COUNSELLOR)
        return _with_password(session, row.id)


@pytest.fixture
def actor_as(engine):
    """Make an account with a given role and return its ``Actor``: ``actor_as(StaffRole.MANAGER)``."""
    made = {}

    def _make(role: StaffRole, username: str | None = None):
        name = username or role.value.replace("_", "-")
        if name not in made:
            with unit_of_work(engine) as session:
                row = users.add_user(session, SYSTEM, name, f"Test {role.label}", role)
                made[name] = _with_password(session, row.id)
        return made[name]

    return _make


def make_person(**overrides) -> PersonForm:
    """A synthetic adult with a passport; override any field."""
    values = dict(
        family_name="Beridze", given_names="Nino", sex=Sex.FEMALE, date_of_birth=dt.date(1988, 5, 17),
        citizenship="GE", family_name_original="ბერიძე", given_names_original="ნინო",
        document_type=IdDocumentType.PASSPORT, document_number="13AB45678", document_issuing_country="GE",
        document_expiry=dt.date(2030, 1, 1), languages=("ka", "ru"), phone="+370 600 11111",
        address="Pabradė Foreigners' Registration Centre",
    )
    values.update(overrides)
    return PersonForm(**values)


_CONSONANTS = "bcdfghjklmnpqrstvwxz"


def letters(i: int) -> str:
    """A word that tells the ``i``-th synthetic person apart (a name holds no digits): 0 → ``Qbb``, 1 → ``Qbc``…"""
    return "Q" + _CONSONANTS[i // 20 % 20] + _CONSONANTS[i % 20]


#: Children's names: Child One, Child Two… (a name holds no digits).
_ORDINALS = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten")


def make_case_form(*, members: int = 0, consent: bool = True, **overrides) -> CaseForm:
    """A valid case form: an individual, or a household with ``members`` children."""
    member_forms = tuple(
        MemberForm(make_person(given_names=f"Child {_ORDINALS[i]}", given_names_original="", date_of_birth=dt.date(2015 + i, 3, 1),
                               document_number=f"13CH0000{i}"), Relationship.CHILD)
        for i in range(members)
    )
    values = dict(
        principal=make_person(), legal_status=LegalStatus.REJECTED_ASYLUM_SEEKER,
        referral_source=ReferralSource.MIGRATION_DEPARTMENT, country_of_return="GE", final_destination="Kutaisi",
        kind=CaseKind.HOUSEHOLD if members else CaseKind.INDIVIDUAL, members=member_forms,
        consent=ConsentForm(dt.date(2026, 11, 2), ConsentGiver.SELF, LegalBasis.CONSENT,
                            (SharingParty.IOM_DESTINATION, SharingParty.CARRIERS)) if consent else None,
    )
    values.update(overrides)
    return CaseForm(**values)


@pytest.fixture
def make_case(engine, actor):
    """Register a case through the service and return its ``CaseDetail``."""

    def _make(**kwargs):
        with unit_of_work(engine, actor=actor) as session:  # the counsellor signed in: the trail names them
            return case_service.register_case(session, actor, make_case_form(**kwargs))

    return _make


# ---------------------------------------------------------------- PostgreSQL (offices sharing one store)

@pytest.fixture(scope="session")
def pg_server_url():
    """URL of a temporary PostgreSQL server for this test run.

    Skipped where no server is installed, unless ``AVRCASE_REQUIRE_POSTGRES=1`` (set by ``run-tests``,
    which installs one), so CI cannot pass by skipping.
    """
    from tests.support.postgres import TemporaryPostgres, server_binaries

    bin_dir = server_binaries()
    if bin_dir is None:
        if os.environ.get("AVRCASE_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (AVRCASE_REQUIRE_POSTGRES=1) but no server is installed")
        pytest.skip("no PostgreSQL server installed")
    server = TemporaryPostgres(bin_dir)
    url = server.start()
    yield url
    server.stop()


@pytest.fixture(scope="session")
def _pg_migrated(pg_server_url):
    """A database migrated once per run, for ``pg_engine`` to copy (``CREATE DATABASE … TEMPLATE``), as
    ``_migrated_store`` is for SQLite. Nothing connects to it after, as a template must be."""
    from sqlalchemy import create_engine, make_url, text

    name = "avrcase_migrated"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    open_store(url, clock=FixedClock(FIXED_NOW, clock_module.DEFAULT_ZONE)).dispose()
    return name


@contextlib.contextmanager
def module_pg_engine(pg_server_url, migrated, clock=None):
    """A freshly migrated store in a new PostgreSQL database, with the IOM Vilnius office profile (``pg_engine``;
    for a module's tests that only read it, on a clock standing at ``FIXED_NOW``)."""
    import uuid

    from sqlalchemy import create_engine, make_url, text

    name = f"avrcase_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{migrated}"'))
    eng = open_store(make_url(pg_server_url).set(database=name).render_as_string(hide_password=False),
                     clock=clock or FixedClock(FIXED_NOW, clock_module.DEFAULT_ZONE))
    try:
        with unit_of_work(eng) as session:
            office.save_office_profile(session, SYSTEM, office.IOM_VILNIUS)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_engine(pg_server_url, clock, _pg_migrated):
    """A freshly migrated store in a new PostgreSQL database, with the IOM Vilnius office profile."""
    with module_pg_engine(pg_server_url, _pg_migrated, clock) as eng:
        yield eng
