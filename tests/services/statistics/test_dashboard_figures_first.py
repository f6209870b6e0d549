"""The dashboard's key figures heard before its charts (#14): each equals a plain recount, on both stores and after
each kind of change, and the snapshot at the end is the one the dashboard computes without hearing them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from avrcase.domain.codes import ConsultationMode, StaffRole
from avrcase.domain.stages import Stage, StageMove
from avrcase.services.cases import counselling
from avrcase.services.cases import stages as case_stages
from avrcase.services.dto import Actor, ConsultationForm
from avrcase.services.permissions import SYSTEM
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import dashboard
from avrcase.services.statistics.dashboard import DashboardQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import Case, Consultation
from tests.conftest import make_person
from tests.services.statistics.test_statistics import PATH_TO_DEPARTURE, THIS_YEAR, TODAY, store  # noqa: F401
from tests.support.clock import FIXED_NOW


def heard_and_computed(engine, actor, query):
    """The figures heard before the charts (each time), and the snapshot returned at the end."""
    heard: list[tuple] = []
    with unit_of_work(engine, write=False) as session:
        snapshot = dashboard.compute_dashboard(session, actor, query, shown=heard.append)
    return heard, snapshot


def recount(engine, actor, query):
    """The four counted figures straight from the store: plain SQL for the cases, the statistics' own tables for the
    rest (each measure counted alone, by one dimension)."""
    start = dt.datetime.combine(query.date_from, dt.time(), tzinfo=dt.timezone.utc)
    end = dt.datetime.combine(query.date_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)
    with unit_of_work(engine, write=False) as session:
        counted = {measure: statistics.count(session, actor, statistics.StatisticsQuery(
            measure, ("year",), query.date_from, query.date_to, query.project)).total
            for measure in ("returns", "returnees", "consultations")}
        if query.project is None:
            assert counted["consultations"] == session.scalar(select(func.count()).select_from(Consultation).where(
                Consultation.held_at >= start, Consultation.held_at < end))
            counted["cases"] = session.scalar(select(func.count()).select_from(Case).where(
                Case.registered_on.between(query.date_from, query.date_to)))
        else:
            counted["cases"] = statistics.count(session, actor, statistics.StatisticsQuery(
                "cases", ("stage",), query.date_from, query.date_to, query.project)).total
    return counted


def check(engine, actor, query):
    """Heard once, the four counts, each equal to the recount; the snapshot the one computed without hearing the
    figures first, and the figures heard its own. Returns the recount."""
    heard, snapshot = heard_and_computed(engine, actor, query)
    with unit_of_work(engine, write=False) as session:
        plain = dashboard.compute_dashboard(session, actor, query)
    expected = recount(engine, actor, query)
    assert len(heard) == 1
    (first,) = heard
    assert {f.name: f.value for f in first} == expected
    assert [f.name for f in first] == list(dashboard.COUNTED)
    assert first == snapshot.figures[:4] and snapshot.figures == plain.figures
    assert [(p.name, p.chart, dict(p.table.counts)) for p in snapshot.panels] == \
           [(p.name, p.chart, dict(p.table.counts)) for p in plain.panels]
    return expected


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_the_figures_heard_first_equal_a_recount_on_a_varied_store(store_kind, request):
    from avrcase.services.demo.generate import generate_demo

    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    with unit_of_work(engine) as session:
        generate_demo(session, cases=250, seed=11, actor=SYSTEM)
    manager = Actor(1, "head-of-office", "Head of office", StaffRole.MANAGER)
    period = (dt.date(TODAY.year - 2, 1, 1), TODAY)
    whole = check(engine, manager, DashboardQuery(*period))
    assert min(whole.values()) > 0  # every figure has something to count: the comparison means something
    with unit_of_work(engine, write=False) as session:
        projects = dashboard.list_projects(session, manager)
    narrowed = [check(engine, manager, DashboardQuery(*period, project)) for project in projects]
    assert len(projects) > 1 and all(0 < n["cases"] < whole["cases"] for n in narrowed)
    assert sum(n["cases"] for n in narrowed) <= whole["cases"]


def test_the_figures_heard_first_follow_each_change(store, actor, actor_as, make_case):  # noqa: F811
    """A new case, each stage move to a departure, a consultation: the figures heard first change with the store."""
    manager = actor_as(StaffRole.MANAGER)
    query = DashboardQuery(*THIS_YEAR)
    before = check(store, manager, query)
    assert before == {"cases": 4, "returns": 2, "returnees": 4, "consultations": 1}
    detail = make_case(members=1, principal=make_person(document_number="FG7654321"))
    assert check(store, manager, query) == {**before, "cases": 5}
    for stage in PATH_TO_DEPARTURE:
        with unit_of_work(store) as session:
            detail = case_stages.change_stage(session, actor, detail.id, detail.version, StageMove(stage, "test"))
        departed = stage is Stage.DEPARTED
        assert check(store, manager, query) == {**before, "cases": 5, "returns": 2 + departed,
                                                "returnees": 4 + 2 * departed}
    with unit_of_work(store) as session:
        counselling.record_consultation(session, actor, detail.id, ConsultationForm(
            held_at=FIXED_NOW, mode=ConsultationMode.IN_PERSON, notes="Follow-up call."))
    assert check(store, manager, query) == {"cases": 5, "returns": 3, "returnees": 6, "consultations": 2}


def test_cancelling_before_the_first_figures_hears_none(store, actor_as):  # noqa: F811
    heard: list[tuple] = []
    with pytest.raises(dashboard.DashboardCancelled), unit_of_work(store, write=False) as session:
        dashboard.compute_dashboard(session, actor_as(StaffRole.MANAGER), DashboardQuery(*THIS_YEAR),
                                    lambda done, total: done < 2, heard.append)
    assert heard == []
