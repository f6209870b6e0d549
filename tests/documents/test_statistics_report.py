"""The PDF statistics report read back: title, period, protected tables and charts, fonts, pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from avrcase.domain.codes import StaffRole
from avrcase.domain.disclosure import DisclosureRule
from avrcase.domain.errors import PermissionDeniedError
from avrcase.i18n.format import format_date
from avrcase.services.demo.generate import generate_demo
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import dashboard
from avrcase.services.statistics import report as statistics_report
from avrcase.services.uow import unit_of_work
from avrcase.services.permissions import SYSTEM
from tests.documents.conftest import page_texts, read_pdf
from tests.services.statistics.test_statistics import THIS_YEAR, depart, store  # noqa: F401  (fixture)
from tests.support.clock import FIXED_TODAY

LAST_3_YEARS = (dt.date(FIXED_TODAY.year - 2, 1, 1), dt.date(FIXED_TODAY.year, 12, 31))


def dashboard_pdf(engine, actor, period=THIS_YEAR, rule=DisclosureRule(3)):
    with unit_of_work(engine, write=False) as session:
        snap = dashboard.compute_dashboard(session, actor, dashboard.DashboardQuery(*period))
        return snap, statistics_report.dashboard_report_pdf(session, actor, snap, rule)


def words(pdf: bytes) -> str:
    """The text of every page with runs of white space made one space (table cells come out one a line)."""
    return " ".join(" ".join(page_texts(pdf)).split())


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    found = {}
    for page in read_pdf(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            found[str(font["/BaseFont"])] = "/FontFile2" in descriptor["/FontDescriptor"]
    return found


def test_report_has_title_period_every_panel_and_the_rule(store, actor_as):  # noqa: F811
    _snap, pdf = dashboard_pdf(store, actor_as(StaffRole.MANAGER))
    text = words(pdf)
    assert "Returns and caseload" in text and "IOM Vilnius Office" in text
    assert f"{format_date(THIS_YEAR[0])} to {format_date(THIS_YEAR[1])}" in text and "all projects" in text
    for definition in dashboard.PANELS:
        assert definition.title in text
    assert "How the tables are protected" in text and "counting from 1 to 2, or counting people" in text
    assert "fewer than 3 cases (a household is one case" in text


def test_small_cells_are_c_in_the_tables_and_charts_never_show_them(store, actor_as):  # noqa: F811
    snap, pdf = dashboard_pdf(store, actor_as(StaffRole.MANAGER))
    assert dict(zip(snap.panel("citizenships").chart.categories, snap.panel("citizenships").chart.values[0],
                    strict=True))["Iraq"] == 1  # exact on screen
    text = words(pdf)
    assert re.search(r"Iraq c\b", text)
    assert not re.search(r"Iraq 1\b", text)
    # Two returns are below 3: the key figure is a "c" too, and the median is withheld.
    assert re.search(r"Returns \(departures confirmed\) c", text)
    assert "not shown (fewer than 3 cases)" in text


def test_fonts_are_embedded_and_pages_are_numbered(store, actor_as):  # noqa: F811
    _snap, pdf = dashboard_pdf(store, actor_as(StaffRole.MANAGER))
    fonts = embedded_fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)
    texts = page_texts(pdf)
    assert all(f"Page {n} of {len(texts)}" in t for n, t in enumerate(texts, start=1))


def test_a_demo_store_gives_a_multi_page_report_with_numbers(engine, actor_as):
    with unit_of_work(engine) as session:
        generate_demo(session, cases=300, seed=3, actor=SYSTEM)
    snap, pdf = dashboard_pdf(engine, actor_as(StaffRole.MANAGER, "head-of-office"), LAST_3_YEARS, DisclosureRule())
    texts = page_texts(pdf)
    assert len(texts) >= 3
    returns = snap.figure("returns").value
    assert returns >= 5 and re.search(rf"Returns \(departures confirmed\) {returns}\b", words(pdf))
    assert "Women and girls" in words(pdf)  # the pyramid's legend


def test_one_table_as_pdf_prints_its_chart_and_protected_table(store, actor_as):  # noqa: F811
    manager = actor_as(StaffRole.MANAGER)
    query = statistics.StatisticsQuery("returnees", ("citizenship",), *THIS_YEAR)
    with unit_of_work(store, write=False) as session:
        table = statistics.count(session, manager, query)
        pdf, protected = statistics_report.table_report_pdf(session, manager, table, DisclosureRule(3), "Returnees")
        with pytest.raises(PermissionDeniedError):
            statistics_report.table_report_pdf(session, actor_as(StaffRole.COUNSELLOR), table, DisclosureRule(3), "x")
    assert protected.suppressed >= 1
    text = words(pdf)
    # Iraq (1) is below 3; Georgia's three are one family, and the four returnees two households: all hidden.
    assert "Citizenship Returnees (persons departed) Georgia c Iraq c Total c" in text
    assert "Values marked “c” are suppressed" in text


def test_a_wide_table_is_set_in_blocks_of_columns_sorted_by_name_with_numbers_on_the_right(engine, actor_as, tmp_path):
    from avrcase.documents.statistics_report import column_blocks

    with unit_of_work(engine) as session:
        generate_demo(session, cases=300, seed=5, today=FIXED_TODAY, actor=SYSTEM)
    manager = actor_as(StaffRole.MANAGER, "head-of-office")
    first = dt.date(FIXED_TODAY.year - 3, 1, 1)
    query = statistics.StatisticsQuery("returnees", ("citizenship", "month"), first, dt.date(FIXED_TODAY.year - 1, 12, 31))
    with unit_of_work(engine) as session:
        table = statistics.count(session, manager, query)
        path = tmp_path / "wide.pdf"
        statistics_report.write_table(session, manager, table, DisclosureRule(), path, "pdf", "Returnees")
        protected = statistics.protect_table(table, DisclosureRule())
    printed = statistics_report.report_table(protected, "Returnees")
    blocks = column_blocks(printed)
    assert len(blocks) >= 3 and sum(len(b) for b in blocks) == 37  # 36 months and the total
    names = [row[0] for row in printed.rows[:-1]]
    assert names == sorted(names, key=str.casefold) and printed.rows[-1][0] == "Total"
    text = words(path.read_bytes())
    assert "Armenia" in text and "Arme nia" not in text
    assert text.count("Citizenship \\\\ Month") >= len(blocks) or text.count("Citizenship") >= len(blocks)



@pytest.mark.parametrize(("dims", "charted"), [(("citizenship", "sex"), 0), (("sex", "quarter"), 1),
                                               (("citizenship", "sex", "age_class"), 0)])
def test_a_table_of_several_dimensions_has_a_chart_of_its_shown_totals(store, actor, make_case, actor_as,  # noqa: F811
                                                                       dims, charted):
    """Every table report has a chart; with several dimensions it draws the totals the table shows anyway."""
    for _ in range(2):  # two more households: four in all, so the total (k = 3 households) is shown
        depart(store, actor, make_case())
    manager = actor_as(StaffRole.MANAGER)
    query = statistics.StatisticsQuery("returnees", dims, *THIS_YEAR)
    with unit_of_work(store, write=False) as session:
        table = statistics.count(session, manager, query)
        pdf, protected = statistics_report.table_report_pdf(session, manager, table, DisclosureRule(3), "Returnees")
    chart = statistics_report._chart_for(table, protected)
    assert chart is not None
    width = len(dims)
    shown = {c: protected.shown(tuple(c if i == charted else "TOTAL" for i in range(width)))
             for c in protected.categories[charted]}
    assert set(chart.values[0]) <= set(shown.values())
    assert sum(v or 0 for v in chart.values[0]) <= protected.shown(("TOTAL",) * width)
    assert "(totals)" in words(pdf)


def test_this_year_s_report_ends_its_line_with_this_month_so_far(store, actor_as, monkeypatch):  # noqa: F811
    """#19 in print: "This year" (to 31 December) drew the months not begun yet as a fall to zero and this month
    so far as a plunge. The report's line ends with this month, marked "(to <today>)"; its table still lists the
    whole period released."""
    from avrcase.documents import statistics_report as report

    drawn = []
    render = report.render
    monkeypatch.setattr(report, "render", lambda snapshot: drawn.append(snapshot) or render(snapshot))
    _snap, pdf = dashboard_pdf(store, actor_as(StaffRole.MANAGER), period=dashboard.preset_period("this_year", FIXED_TODAY))
    (section,) = [s for s in drawn[0].sections if s.heading == "Returns per month"]
    assert len(section.chart.categories) == FIXED_TODAY.month and section.chart.partial_last
    assert section.chart.categories[-1].endswith(f"(to {FIXED_TODAY.day} {FIXED_TODAY:%b})")
    assert len(section.table.rows) >= 12  # the table: every month of the year released (and a total)
    assert "Dec" in words(pdf)


def test_the_month_so_far_is_dashed_in_print_as_on_screen():
    """#19 in print: the line's last step, to a month not over yet, is dashed; a whole month's is not."""
    from reportlab.graphics.shapes import Line

    from avrcase.documents.charts import chart_drawing
    from avrcase.domain.charts import ChartKind, ChartSpec

    def dashed(partial_last: bool) -> list:
        chart = ChartSpec(ChartKind.LINE, "", ("Oct 2026", "Nov 2026", "Dec 2026 (to 4 Dec)"), ("Returns",),
                          ((1635, 1801, 267),), partial_last=partial_last)
        return [shape for shape in chart_drawing(chart, 400).getContents()
                if isinstance(shape, Line) and shape.strokeDashArray]

    assert len(dashed(True)) == 1 and not dashed(False)



def test_a_month_s_value_is_not_crossed_by_the_line_in_print():
    """As on screen: in the report's returns per month the line ran through "5", "4" and "1" (each was written just
    above its point whatever the line did). Every value is printed once, its digits clear of the line."""
    from reportlab.graphics.shapes import Line, PolyLine, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from avrcase.documents.charts import chart_drawing
    from avrcase.domain.charts import ChartKind, ChartSpec

    values = (5, 8, 5, 7, 4, 10, 7, 8, 10, 6, 9, 1)
    months = tuple(f"{m} 2026" for m in "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())
    shapes = chart_drawing(ChartSpec(ChartKind.LINE, "Returns per month", months, ("Returns",), (values,),
                                     partial_last=True), 480).getContents()
    segments = [(shape.points[i:i + 2], shape.points[i + 2:i + 4]) for shape in shapes if isinstance(shape, PolyLine)
                for i in range(0, len(shape.points) - 2, 2)]
    segments += [((shape.x1, shape.y1), (shape.x2, shape.y2)) for shape in shapes if isinstance(shape, Line)
                 and shape.strokeDashArray]
    along = [(a[0] + (b[0] - a[0]) * i / 100, a[1] + (b[1] - a[1]) * i / 100) for a, b in segments for i in range(101)]
    written = [shape for shape in shapes if isinstance(shape, String) and shape.text in {str(v) for v in values}
               and shape.fontSize < 7.5]  # the values (the axis's figures are larger)
    assert sorted(int(shape.text) for shape in written) == sorted(values)
    for shape in written:
        half = stringWidth(shape.text, shape.fontName, shape.fontSize) / 2
        digits = (shape.x - half, shape.y, shape.x + half, shape.y + shape.fontSize * 0.7)
        assert not any(digits[0] <= x <= digits[2] and digits[1] <= y <= digits[3] for x, y in along), shape.text

def test_the_report_s_key_figures_are_grouped_as_its_tables():
    """The counted key figures printed "45829" beside tables and other figures reading "1,244"."""
    from avrcase.domain.disclosure import DisclosureRule as Rule
    from avrcase.services.statistics.dashboard import DashboardPanel, DashboardQuery, DashboardSnapshot

    query = statistics.StatisticsQuery("cases", ("stage",), *THIS_YEAR)
    table = statistics.CountTable(query, (("counselling", "closed"),),
                                  {("counselling",): 45_000, ("closed",): 829})
    panel = DashboardPanel("cases_by_stage", None, table)
    snapshot = DashboardSnapshot(DashboardQuery(*THIS_YEAR), (), (panel,))
    figures = statistics_report._protected_figures(snapshot, {"cases_by_stage": statistics.protect_table(table, Rule(3))},
                                                   Rule(3))
    assert ("Cases registered", "45,829") in figures
