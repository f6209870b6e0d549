"""The dashboard service on a hand-built store: panels, key figures, presets, permissions, protection."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from avrcase.domain.charts import ChartKind
from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule
from avrcase.domain.errors import PermissionDeniedError
from avrcase.services.dto import Actor
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import dashboard
from avrcase.services.statistics.dashboard import DashboardQuery
from avrcase.services.statistics.figures import quartiles
from avrcase.services.uow import unit_of_work
from avrcase.services.permissions import SYSTEM
from avrcase.store.models import Case, Project, ProjectCase
from tests.services.statistics.test_statistics import THIS_YEAR, TODAY, store  # noqa: F401  (fixture)


def compute(engine, actor, project=None, progress=None):
    with unit_of_work(engine, write=False) as session:
        return dashboard.compute_dashboard(session, actor, DashboardQuery(*THIS_YEAR, project), progress)


def values(chart):
    """{category: value} of a one-series chart."""
    return dict(zip(chart.categories, chart.values[0], strict=True))


def test_panels_show_exact_counts_of_the_period(store, actor_as):  # noqa: F811
    snap = compute(store, actor_as(StaffRole.MANAGER))
    assert [p.name for p in snap.panels] == list(dashboard.PANEL_NAMES)
    months = snap.panel("returns_by_month").chart
    assert months.kind is ChartKind.LINE and len(months.categories) == 12
    assert months.values[0][TODAY.month - 1] == 2 and sum(months.values[0]) == 2
    assert values(snap.panel("countries_of_return").chart) == {"Georgia": 1, "Iraq": 1}
    assert values(snap.panel("citizenships").chart) == {"Georgia": 3, "Iraq": 1}
    assert values(snap.panel("caseload_by_stage").chart) == {"Departed": 2, "Registered": 1, "Counselling": 1}
    vulnerable = values(snap.panel("vulnerabilities").chart)
    assert vulnerable == {"None": 3, "Single parent or large family": 1}
    pyramid = snap.panel("age_sex").chart
    assert pyramid.kind is ChartKind.PYRAMID and pyramid.series == ("Women and girls", "Men and boys")
    by_age = dict(zip(pyramid.categories, zip(*pyramid.values, strict=True), strict=True))
    assert by_age == {"Under 14": (2, 0), "14 to 17": (0, 0), "18 to 34": (0, 1), "35 and over": (1, 0)}


def test_key_figures_count_the_period_and_time_to_departure(store, actor_as):  # noqa: F811
    snap = compute(store, actor_as(StaffRole.MANAGER))
    figures = {f.name: f.value for f in snap.figures}
    assert figures == {"cases": 4, "returns": 2, "returnees": 4, "consultations": 1, "days_to_departure": 0,
                       "allowances_paid": 0.0, "reintegration_delivered": 0, "sustainability": None}
    assert "2 departures" in snap.figure("days_to_departure").detail


def test_project_filter_narrows_every_panel(store, actor_as):  # noqa: F811
    manager = actor_as(StaffRole.MANAGER)
    with unit_of_work(store, write=False) as session:
        assert dashboard.list_projects(session, manager) == ["AVRR-LT"]
    snap = compute(store, manager, project="AVRR-LT")
    assert {f.name: f.value for f in snap.figures}["returnees"] == 3
    assert values(snap.panel("countries_of_return").chart) == {"Georgia": 1}


def test_only_staff_allowed_to_see_statistics_get_the_dashboard(store, actor_as):  # noqa: F811
    with pytest.raises(PermissionDeniedError):
        compute(store, actor_as(StaffRole.COUNSELLOR))
    with unit_of_work(store, write=False) as session, pytest.raises(PermissionDeniedError):
        statistics.count(session, actor_as(StaffRole.FINANCE_OFFICER),
                         statistics.StatisticsQuery("returns", ("sex",), *THIS_YEAR))


def test_cancelling_stops_the_computation(store, actor_as):  # noqa: F811
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 2

    with pytest.raises(dashboard.DashboardCancelled):
        compute(store, actor_as(StaffRole.MANAGER), progress=progress)
    assert seen[-1][0] == 2


def test_protected_chart_hides_small_values_that_the_exact_one_shows(store, actor_as):  # noqa: F811
    snap = compute(store, actor_as(StaffRole.MANAGER))
    panel = snap.panel("citizenships")
    protected = statistics.protect_table(panel.table, DisclosureRule(3))
    chart = dashboard.protected_chart(dashboard.panel_definition("citizenships"), protected)
    assert values(panel.chart)["Iraq"] == 1
    assert values(chart)["Iraq"] is None and "suppressed" in chart.note


@pytest.mark.parametrize(("name", "expected"), [
    ("this_year", (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
    ("last_12_months", (dt.date(2025, 2, 1), dt.date(2026, 1, 31))),
    ("last_quarter", (dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
])
def test_period_presets(name, expected):
    assert dashboard.preset_period(name, dt.date(2026, 2, 17)) == expected


@pytest.mark.parametrize("today", [dt.date(2026, 1, 1), dt.date(2026, 2, 17), dt.date(2026, 12, 31)])
def test_every_preset_is_a_release_period(today):
    from avrcase.services.statistics.release import is_release_period
    for name, _label in dashboard.PRESETS:
        assert is_release_period(*dashboard.preset_period(name, today)), name


def test_release_period_covers_the_chosen_days_with_whole_months():
    assert dashboard.release_period(dt.date(2026, 1, 5), dt.date(2026, 3, 20)) == (
        dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert dashboard.release_period(dt.date(2025, 2, 1), dt.date(2025, 2, 28)) == (
        dt.date(2025, 2, 1), dt.date(2025, 2, 28))


def test_quartiles_of_durations():
    assert quartiles([]) is None
    assert quartiles([7.0]).median == 7.0
    q = quartiles([1.0, 2.0, 3.0, 4.0, 5.0])
    assert (q.q1, q.median, q.q3, q.n) == (2.0, 3.0, 4.0, 5)


def test_finance_figures_add_up_over_projects_on_a_demo_store(engine, actor_as):
    from sqlalchemy import select

    from avrcase.domain.money import Money
    from avrcase.services.demo.generate import generate_demo
    from avrcase.store.models import AllowancePayment

    with unit_of_work(engine) as session:
        generate_demo(session, cases=300, seed=5, actor=SYSTEM)
    manager = actor_as(StaffRole.MANAGER, "head-of-office")
    period = (dt.date(TODAY.year - 3, 1, 1), TODAY)
    with unit_of_work(engine, write=False) as session:
        whole = dashboard.compute_dashboard(session, manager, DashboardQuery(*period))
        projects = dashboard.list_projects(session, manager)
        parts = [dashboard.compute_dashboard(session, manager, DashboardQuery(*period, name)) for name in projects]
        paid = [(p.currency, p.amount_minor) for p in session.scalars(select(AllowancePayment).where(
            AllowancePayment.status == "paid", AllowancePayment.paid_on.between(*period)))]
    assert len(projects) >= 2
    currencies = {c for c, _m in paid}
    expected = " · ".join(Money.from_minor_units(sum(m for c, m in paid if c == cur), cur).format()
                          for cur in sorted(currencies))
    assert whole.figure("allowances_paid").text == expected and paid
    for name in ("allowances_paid", "reintegration_delivered", "returns"):
        assert sum(p.figure(name).value for p in parts) == whole.figure(name).value > 0, name
    sustainability = whole.figure("sustainability")
    assert 0 <= sustainability.value <= 1 and "surveys" in sustainability.detail


def test_a_month_not_over_yet_is_marked_to_date_not_shown_as_a_plunge(store, actor_as):  # noqa: F811
    """#19: the current partial month looked like a plunge."""
    manager = actor_as(StaffRole.MANAGER)
    with unit_of_work(store, write=False) as session:
        so_far = dashboard.compute_dashboard(session, manager, DashboardQuery(dt.date(TODAY.year, 1, 1), TODAY))
        whole = dashboard.compute_dashboard(session, manager, DashboardQuery(dt.date(TODAY.year - 1, 1, 1),
                                                                             dt.date(TODAY.year - 1, 12, 31)))
    months = so_far.panel("returns_by_month").chart
    assert months.partial_last and months.categories[-1].endswith(f"(to {TODAY.day} {TODAY:%b})")
    assert not whole.panel("returns_by_month").chart.partial_last
    assert not so_far.panel("countries_of_return").chart.partial_last


def test_this_year_ends_its_line_with_this_month_so_far(store, actor_as):  # noqa: F811
    """"This year" runs to 31 December: the line by month drew the months not begun yet as a fall to zero and
    this month so far as a plunge. It ends with this month, marked "(to <today>)"."""
    manager = actor_as(StaffRole.MANAGER)
    with unit_of_work(store, write=False) as session:
        this_year = dashboard.compute_dashboard(session, manager, DashboardQuery(
            *dashboard.preset_period("this_year", TODAY)))
    months = this_year.panel("returns_by_month").chart
    assert len(months.categories) == TODAY.month and all(len(row) == TODAY.month for row in months.values)
    assert months.partial_last and months.categories[-1].endswith(f"(to {TODAY.day} {TODAY:%b})")
    # The table behind it still counts the whole period asked for (exports and the report use it).
    assert this_year.panel("returns_by_month").table.query.date_to == dt.date(TODAY.year, 12, 31)


def test_in_june_this_year_s_line_stops_at_june(store, actor_as):  # noqa: F811
    """The months not begun yet (July to December) drew a fall to zero: the line stops at June so far."""
    from avrcase.services.clock import FixedClock

    manager = actor_as(StaffRole.MANAGER)
    in_june = FixedClock(dt.datetime(TODAY.year, 6, 15, 9, 0, tzinfo=dt.timezone.utc))
    with unit_of_work(store, write=False, clock=in_june) as session:
        snap = dashboard.compute_dashboard(session, manager, DashboardQuery(*dashboard.preset_period("this_year", TODAY)))
    months = snap.panel("returns_by_month").chart
    assert len(months.categories) == 6 and months.categories[-1] == f"Jun {TODAY.year} (to 15 Jun)" and months.partial_last
    assert snap.panel("returns_by_month").table.categories[0][-1] == f"{TODAY.year}-12"  # the table: the whole year


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_each_measure_counted_once_gives_every_panel_its_own_exact_counts(store_kind, request):
    """The dashboard counts a measure once by all its panels' dimensions and sums each panel out of that
    (#14): every panel, and the consultations figure, equals its own count, on both stores."""
    from avrcase.services.demo.generate import generate_demo

    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    with unit_of_work(engine) as session:
        generate_demo(session, cases=250, seed=11, actor=SYSTEM)
    manager = Actor(1, "head-of-office", "Head of office", StaffRole.MANAGER)
    period = (dt.date(TODAY.year - 2, 1, 1), TODAY)
    for project in (None, "Return Home 2024–2026"):
        with unit_of_work(engine, write=False) as session:
            shown = dashboard.compute_dashboard(session, manager, DashboardQuery(*period, project))
            for panel in shown.panels:
                definition = dashboard.panel_definition(panel.name)
                alone = statistics.count(session, manager, statistics.StatisticsQuery(
                    definition.measure, definition.dimensions, *period, project))
                assert panel.table.categories == alone.categories and dict(panel.table.counts) == dict(alone.counts), \
                    (store_kind, project, panel.name)
            consultations = statistics.count(session, manager, statistics.StatisticsQuery(
                "consultations", ("year",), *period, project))
        assert shown.figure("consultations").value == consultations.total, (store_kind, project)
        if project is None:  # the whole office's dashboard is not empty: the comparison above means something
            assert shown.panel("age_sex").table.total > 0 and shown.figure("consultations").value > 0


def test_the_project_filter_lists_projects_with_cases_only(engine, actor_as, make_case):
    """Projects named on a case or with a case assigned; a project nobody's case belongs to is not offered."""
    from tests.support.finance import assign, make_project

    manager = actor_as(StaffRole.MANAGER)
    make_case(project="Named on the case")
    assigned = make_case()
    with_case = make_project(engine, manager, name="Assigned a case")
    make_project(engine, manager, name="No case yet")
    assign(engine, manager, assigned.id, with_case.id)
    with unit_of_work(engine, write=False) as session:
        assert dashboard.list_projects(session, manager) == ["Assigned a case", "Named on the case"]


def test_a_year_on_the_dashboard_reads_its_rows_from_the_period_s_indexes(engine):
    """#14: on SQLite every statement of the dashboard finds the period's rows by index (migration 0022) and
    none reads a whole table of consultations, stage changes, itineraries, vulnerabilities or payments; the
    days from registration to departure come back counted by day, not a row per departure."""
    from sqlalchemy import event

    from avrcase.services.demo.generate import generate_demo

    with unit_of_work(engine) as session:
        generate_demo(session, cases=120, seed=3, actor=SYSTEM)
    sent: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    manager = Actor(1, "head-of-office", "Head of office", StaffRole.MANAGER)
    event.listen(engine, "before_cursor_execute", note)
    try:
        with unit_of_work(engine, write=False) as session:
            dashboard.compute_dashboard(session, manager, DashboardQuery(*THIS_YEAR))
    finally:
        event.remove(engine, "before_cursor_execute", note)
    plans = {}
    with engine.connect() as connection:
        for statement, parameters in sent:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                plans[statement] = " | ".join(row[3] for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters).all())
    everything = " | ".join(plans.values())
    for index in ("COVERING INDEX ix_consultations_held_case", "COVERING INDEX ix_itineraries_departed_case",
                  "COVERING INDEX ix_stage_changes_to_stage_changed_case", "INDEX ix_plan_items_status_delivered",
                  "INDEX ix_allowance_payments_status_paid"):
        assert index in everything, index
    for table in ("consultations", "stage_changes", "itineraries", "case_vulnerabilities", "allowance_payments",
                  "plan_items", "persons", "cases"):
        assert not any(step.startswith(f"SCAN {table}") for plan in plans.values() for step in plan.split(" | ")), \
            table
    days = [s for s in plans if "julianday" in s]
    assert len(days) == 1 and "GROUP BY" in days[0]
    # The consultations of the year are counted from their index alone, without a case looked up for each.
    (consultations,) = [plan for s, plan in plans.items() if "FROM consultations" in s]
    assert "ix_consultations_held_case" in consultations and "cases" not in consultations, consultations


@pytest.mark.parametrize("store_kind", ["sqlite", "postgresql"])
def test_the_project_filter_walks_the_index_to_every_project_named_on_a_case(store_kind, request):
    """#14: the projects named on cases are read a project at a time through the index (a handful of seeks where
    DISTINCT walked every case): the same names as every case's, on both stores, including names that sort close
    (a prefix, capitals, a letter with a mark) and none empty."""
    engine = request.getfixturevalue("engine" if store_kind == "sqlite" else "pg_engine")
    names = ["Return Home", "Return Home 2024–2026", "return home", "Rėturn", "AVRR-LT", ""]
    from sqlalchemy import update

    from avrcase.services.demo.generate import generate_demo

    with unit_of_work(engine) as session:
        generate_demo(session, cases=len(names) * 2, seed=5, actor=SYSTEM)
        ids = session.scalars(select(Case.id).order_by(Case.id)).all()
        for index, case_id in enumerate(ids):
            session.execute(update(Case).where(Case.id == case_id).values(project=names[index % len(names)]))
    with unit_of_work(engine, write=False) as session:
        on_cases = {p for p in session.scalars(select(Case.project)) if p}
        assigned = set(session.scalars(select(Project.name).join(ProjectCase, ProjectCase.project_id == Project.id)))
        manager = Actor(1, "head-of-office", "Head of office", StaffRole.MANAGER)
        assert dashboard.list_projects(session, manager) == sorted(on_cases | assigned)
    assert on_cases == set(names) - {""}
