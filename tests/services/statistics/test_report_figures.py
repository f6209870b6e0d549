"""Key figures of published dashboard reports against differencing (two reports a month apart)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from avrcase.domain.codes import StaffRole
from avrcase.services.demo.generate import generate_demo
from avrcase.services.permissions import SYSTEM
from avrcase.services.statistics import dashboard, report
from avrcase.services.statistics.dashboard import DashboardQuery
from avrcase.services.uow import unit_of_work
from avrcase.store.models import AllowancePayment
from tests.documents.conftest import page_texts


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _a_month_with_few_payments(session, today: dt.date) -> dt.date:
    """The first day of a past month whose allowances went to 1 to 4 cases, after months that paid 5 or more."""
    month = func.strftime("%Y-%m", AllowancePayment.paid_on)
    rows = session.execute(select(month, func.count(func.distinct(AllowancePayment.case_id)))
                           .where(AllowancePayment.status == "paid").group_by(month)).all()
    for code, cases in sorted(rows, reverse=True):
        first = dt.date.fromisoformat(f"{code}-01")
        if 0 < cases < 5 and first.month > 2 and _month_end(first) <= today:
            return first
    raise AssertionError("the demo store has no month with so few payments")


def _report_text(engine, manager, date_from, date_to, path) -> str:
    with unit_of_work(engine) as session:
        snapshot = dashboard.compute_dashboard(session, manager, DashboardQuery(date_from, date_to))
        report.export_dashboard_report(session, manager, snapshot, path)
    return " ".join(" ".join(page_texts(path.read_bytes())).split())


def test_a_report_one_month_longer_than_the_last_does_not_give_that_month_s_payments_away(
        engine, actor_as, clock, tmp_path):
    """Seen on the walk: the reports of January–November and January–December printed "€41,700.00 (to 53
    cases)" and "€42,100.00 (to 54 cases)": December's one allowance, €400.00, to the euro; the returns the
    tables hid ("c") were given away by "54 departures" beside the days to departure."""
    with unit_of_work(engine) as session:
        generate_demo(session, cases=300, seed=3, actor=SYSTEM)
    manager = actor_as(StaffRole.MANAGER, "head-of-office")
    with unit_of_work(engine, write=False) as session:
        month = _a_month_with_few_payments(session, clock.today())
    start = month.replace(month=1)
    before = _report_text(engine, manager, start, month - dt.timedelta(days=1), tmp_path / "before.pdf")
    after = _report_text(engine, manager, start, _month_end(month), tmp_path / "after.pdf")

    assert "Allowances paid €" in before  # published alone, the figure is printed
    assert "Allowances paid €" not in after
    assert "Allowances paid not shown (beside a report published before" in after
    for text in (before, after):  # the number of units is a count the tables protect: never printed
        assert "departures)" not in text and " cases)" not in text.replace("than 5 cases)", "") \
            and "surveys)" not in text


def test_blocks_cut_by_three_reports_are_checked_not_only_pairs():
    """A year, its first half and July–November leave December alone, though no two of them do."""
    from avrcase.domain.figure_disclosure import FigureScope, figure_exposed

    year = FigureScope(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    half = FigureScope(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    autumn = FigureScope(dt.date(2026, 7, 1), dt.date(2026, 11, 30))
    rows = [(n, dt.date(2026, 1 + n % 11, 3), None) for n in range(60)] + [(99, dt.date(2026, 12, 5), None)]
    assert not figure_exposed(half, [], rows, 5)
    assert not figure_exposed(autumn, [half], rows, 5)
    assert figure_exposed(year, [half, autumn], rows, 5)
    assert not figure_exposed(year, [], rows, 5)
    other_project = [(n, dt.date(2026, 3, 1), "A") for n in range(7)] + [(50, dt.date(2026, 3, 1), "B")]
    assert figure_exposed(year, [FigureScope(year.date_from, year.date_to, "A")], other_project, 5)
