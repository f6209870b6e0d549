"""``avrcase budget``: CSV with plain decimals, a table in the locale's money format, one project, errors."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from avrcase.cli import main
from avrcase.domain.allowances import PaymentMethod
from avrcase.domain.codes import StaffRole
from avrcase.services import allowances
from avrcase.services.finance_dto import BudgetLineForm, LineKind, PaymentForm
from avrcase.services.uow import unit_of_work
from tests.support.finance import assign, eur, make_project
from tests.support.clock import FIXED_TODAY


@pytest.fixture
def budgets(engine, actor_as, make_case, monkeypatch):
    """Return Home with 300 paid and 200 planned; a second project without spending. Commands act as a manager."""
    manager = actor_as(StaffRole.MANAGER, "manager")
    finance = actor_as(StaffRole.FINANCE_OFFICER)
    monkeypatch.setenv("AVRCASE_USER", "manager")
    home = make_project(engine, manager)
    make_project(engine, manager, name="Vulnerable Persons", starts_on=dt.date(2024, 1, 1),
                 lines=(BudgetLineForm(LineKind.ALLOWANCE, "=Allowances", eur("2500.50")),))
    case = make_case()
    assign(engine, manager, case.id, home.id)
    with unit_of_work(engine) as session:
        allowances.record_payment(session, finance, case.id, PaymentForm(eur(300), PaymentMethod.TRANSFER,
                                                                         FIXED_TODAY), paid_on=FIXED_TODAY)
        allowances.plan_payment(session, finance, case.id, PaymentForm(eur(200), PaymentMethod.TRANSFER,
                                                                       FIXED_TODAY))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_lists_every_line_with_committed_spent_and_remaining(budgets, db_path, capsys):
    code, out, err = run(capsys, "budget", "--format", "csv", "--db", str(db_path))
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    # Stable codes, in every language: offices script against them.
    assert rows[0] == ["project", "budget_line", "kind", "currency", "budget", "committed", "spent", "remaining"]
    assert rows[1:] == [
        ["Return Home", "Reinstallation allowances", "allowance", "EUR", "10000.00", "500.00", "300.00", "9500.00"],
        ["Return Home", "Reintegration assistance", "reintegration", "EUR", "50000.00", "0.00", "0.00", "50000.00"],
        ["Vulnerable Persons", "'=Allowances", "allowance", "EUR", "2500.50", "0.00", "0.00", "2500.50"],
    ]


def test_table_for_one_project_in_the_locale_format(budgets, db_path, capsys):
    code, out, _err = run(capsys, "budget", "--project", "return home", "--db", str(db_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Project", "Budget", "line", "Kind", "Budget", "Committed", "Spent", "Remaining"]
    assert "€10,000.00" in lines[2] and "€9,500.00" in lines[2]
    assert "Vulnerable" not in out
    assert lines[-1] == "2 budget lines"


def test_an_unknown_project_is_one_line_and_exit_1(budgets, db_path, capsys):
    code, out, err = run(capsys, "budget", "--project", "Nowhere", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert err == "avrcase: There is no project called “Nowhere”.\n"


def test_caseworkers_may_not_see_the_budget(budgets, db_path, capsys, monkeypatch, actor_as):
    actor_as(StaffRole.REINTEGRATION_OFFICER, "rita")
    monkeypatch.setenv("AVRCASE_USER", "rita")
    code, _out, err = run(capsys, "budget", "--db", str(db_path))
    assert code == 1 and "does not allow" in err
