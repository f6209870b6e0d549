"""Columns of the finance and reintegration work lists and of the budget view (for ``RowTableModel``).

What a list shows on screen; the CSV export writes the service's own columns (ISO dates, plain amounts).
"""

from __future__ import annotations

from avrcase.i18n import N_, _, ngettext
from avrcase.i18n.format import country_name, format_date
from avrcase.services.finance.dto import (
    AllowanceDueRow,
    ApprovalDueRow,
    BudgetLineRow,
    MonitoringDueRow,
    OverdueItemRow,
)
from avrcase.ui.models.row_table import WARNING, Column

CASE_NUMBER = Column(N_("Case number"), lambda r: r.case_number, whole=True)
NAME = Column(N_("Principal applicant"), lambda r: r.name)
COUNTRY = Column(N_("Country of return"), lambda r: country_name(r.country_of_return))


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


ALLOWANCES_DUE: tuple[Column[AllowanceDueRow], ...] = (
    Column(N_("Departure"), lambda r: format_date(r.departure_on), sort=lambda r: r.departure_on.isoformat(),
           whole=True),
    CASE_NUMBER, NAME, COUNTRY,
    Column(N_("Persons"), lambda r: str(r.household_size), sort=lambda r: r.household_size, numeric=True),
    Column(N_("Project"), lambda r: r.project_name),
)

_DECISIONS = {"plan": N_("Reintegration plan"), "override": N_("Allowance override")}

AWAITING_APPROVAL: tuple[Column[ApprovalDueRow], ...] = (
    Column(N_("Waiting since"), lambda r: format_date(r.requested_on), sort=lambda r: r.requested_on.isoformat(),
           whole=True),
    Column(N_("Decision"), lambda r: _(_DECISIONS[r.kind])),
    CASE_NUMBER, NAME,
    Column(N_("Amount"), lambda r: r.amount.format(), sort=lambda r: r.amount.amount, numeric=True),
    Column(N_("Asked by"), lambda r: r.requested_by),
    Column(N_("Details"), lambda r: r.detail),
)

OVERDUE_ITEMS: tuple[Column[OverdueItemRow], ...] = (
    Column(N_("Overdue"), lambda r: _days(r.days_overdue), sort=lambda r: r.days_overdue, numeric=True,
           colour=lambda r: WARNING),
    Column(N_("Due"), lambda r: format_date(r.due_on), sort=lambda r: r.due_on.isoformat(), whole=True),
    # What the item waits for, beside how late it is: last, it was the column cut off where the window is narrow
    # (Lithuanian at 1024 pixels: "Laukiama" and "sute…" behind a scroll bar).
    Column(N_("Waiting for"), lambda r: _("delivery") if r.status.value == "approved" else _("verification"),
           whole=True),
    CASE_NUMBER, NAME,
    Column(N_("Category"), lambda r: r.category.label),
    Column(N_("Support"), lambda r: r.description,
           tooltip=lambda r: "\n".join(filter(None, (r.description, r.provider and _("Provider:") + " " + r.provider)))),
    Column(N_("Provider"), lambda r: r.provider),
)

MONITORING_DUE: tuple[Column[MonitoringDueRow], ...] = (
    Column(N_("Due"), lambda r: format_date(r.due_on), sort=lambda r: r.due_on.isoformat(), whole=True),
    Column(N_("Checkpoint"), lambda r: ngettext("%(n)d month", "%(n)d months", r.checkpoint_months) % {
        "n": r.checkpoint_months}, sort=lambda r: r.checkpoint_months, numeric=True,
           tooltip=lambda r: "\n".join((  # the columns that give way first
               _("Returned") + ": " + format_date(r.returned_on), _("Months since return") + f": {r.months_since_return}"))),
    # The last contact beside the checkpoint it is due for: last, it was cut off at 1024 pixels in every language.
    Column(N_("Last contact"), lambda r: format_date(r.last_contact_on) or _("none yet"),
           sort=lambda r: r.last_contact_on.isoformat() if r.last_contact_on else "", whole=True),
    CASE_NUMBER, NAME, COUNTRY,
    Column(N_("Returned"), lambda r: format_date(r.returned_on), sort=lambda r: r.returned_on.isoformat(), whole=True),
    Column(N_("Months since return"), lambda r: str(r.months_since_return), sort=lambda r: r.months_since_return,
           numeric=True),
)


def _over(row: BudgetLineRow):
    return WARNING if row.overdrawn else None


BUDGET: tuple[Column[BudgetLineRow], ...] = (
    Column(N_("Project"), lambda r: r.project_name),
    Column(N_("Budget line"), lambda r: r.name, tooltip=lambda r: r.name + "\n" + _("For:") + " " + r.kind.label),
    Column(N_("For"), lambda r: r.kind.label),
    Column(N_("Budget"), lambda r: r.amount.format(), sort=lambda r: r.amount.to_minor_units(), numeric=True),
    Column(N_("Committed"), lambda r: r.committed.format(), sort=lambda r: r.committed.to_minor_units(),
           numeric=True, colour=_over),
    Column(N_("Spent"), lambda r: r.spent.format(), sort=lambda r: r.spent.to_minor_units(), numeric=True),
    Column(N_("Remaining"), lambda r: r.remaining.format(), sort=lambda r: r.remaining.to_minor_units(),
           numeric=True, colour=_over),
    Column(N_("Used"), lambda r: _used(r), sort=lambda r: _share(r), numeric=True, colour=_over),
)


def _share(row: BudgetLineRow) -> int:
    """Committed as a whole percentage of the line (0 for an empty line)."""
    budget = row.amount.to_minor_units()
    return round(row.committed.to_minor_units() * 100 / budget) if budget else 0


def _used(row: BudgetLineRow) -> str:
    return _("%(n)d%%") % {"n": _share(row)}
