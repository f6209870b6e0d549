"""``avrcase departures [--from DATE] [--to DATE] [--format csv|table]``: the departures board as text.

CSV columns start with ``case_number,departure_date,travellers,ready,missing`` (a contract for
scripts); the rest (time, flight, route, destination, stage) may grow. The default period is today
and the next 30 days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from zoneinfo import ZoneInfo

from avrcase.cli.args import parse_date
from avrcase.cli.common import print_listing, print_table
from avrcase.exports.csv_safe import write_csv
from avrcase.i18n import _
from avrcase.services import listings
from avrcase.services.travel.departures import list_departures
from avrcase.services.uow import office_clock, unit_of_work

DEPARTURE_COLUMNS = ("case_number", "departure_date", "travellers", "ready", "missing",
                     "departure_time", "flight", "route", "final_destination", "stage")
DEFAULT_DAYS = 30


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``departures`` command to the CLI's subparsers and return its parser."""
    parser = subparsers.add_parser(
        "departures", help=_("list booked departures with what is still missing"),
        description=_("List booked departures in a period, earliest first, with the readiness of each case."))
    parser.add_argument("--from", dest="date_from", metavar="DATE", help=_("first day (default: today)"))
    parser.add_argument("--to", dest="date_to", metavar="DATE",
                        help=_("last day, included (default: %(days)d days after the first)") % {"days": DEFAULT_DAYS})
    parser.add_argument("--format", choices=("csv", "table"), default="table")
    return parser


def _date(text: str | None, option: str, default: dt.date) -> dt.date:
    if text is None:
        return default
    return parse_date(text, option)


def period(args: argparse.Namespace, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period asked for: ``--from`` (default ``today``) to ``--to`` (default 30 days later)."""
    start = _date(args.date_from, "--from", today)
    return start, _date(args.date_to, "--to", start + dt.timedelta(days=DEFAULT_DAYS))


def values(row) -> tuple:
    """One ``DepartureRow`` as the CSV/table cells, in ``DEPARTURE_COLUMNS`` order."""
    local = row.departure_at.astimezone(ZoneInfo(row.origin_tz))
    return (row.case_number, row.departure_date.isoformat(), row.travellers, "yes" if row.ready else "no",
            " ".join(row.missing), local.strftime("%H:%M"), row.flight, row.route, row.final_destination,
            row.stage.value)


def run(args: argparse.Namespace, engine, actor) -> int:
    """Print the board for the period as CSV or a table; exit status 0."""
    start, end = period(args, office_clock(engine).today())
    with unit_of_work(engine, write=False) as session:
        rows = [values(r) for r in list_departures(session, actor, start, end)]
        cut = print_listing(lambda: _print(rows, args.format))
        listings.record_departures(session, actor, rows=len(rows), fmt=args.format, date_from=start, date_to=end)
    if cut is not None:
        raise cut
    return 0


def _print(rows: list[tuple], fmt: str) -> None:
    if fmt == "csv":
        write_csv(sys.stdout, DEPARTURE_COLUMNS, rows)
    else:
        shown = ("case_number", "departure_date", "departure_time", "travellers", "ready", "flight", "missing")
        index = [DEPARTURE_COLUMNS.index(c) for c in shown]
        print_table(shown, [[r[i] for i in index] for r in rows])
