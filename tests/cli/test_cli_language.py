"""The command line speaks the language the environment names (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)
when avrcase ships it: it printed English under ``LANG=lt_LT.UTF-8``. What scripts read stays as it is."""

from __future__ import annotations

import csv
import io

import pytest

from avrcase.cli.main import main
from avrcase.i18n import environment_language
from tests.cli.test_cli import signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)
from tests.cli.test_cli_follow_ups import _done_follow_up


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("lang", "missing", "reopened"), [
    ("lt_LT.UTF-8", "avrcase: Bylos VNO-2026-12345 nėra.\n", "tolesnis veiksmas"),
    ("ru_RU.UTF-8", "avrcase: Дела VNO-2026-12345 нет.\n", "Последующее действие"),
])
def test_errors_and_confirmations_follow_lang(capsys, monkeypatch, db_path, engine, actor, make_case, lang, missing,
                                              reopened):
    follow_up_id, number = _done_follow_up(engine, actor, make_case)
    monkeypatch.setenv("LANG", lang)
    assert run(capsys, "case", "show", "VNO-2026-12345", "--db", str(db_path)) == (1, "", missing)
    code, out, err = run(capsys, "follow-up", "reopen", str(follow_up_id), "--db", str(db_path))
    assert (code, err) == (0, "") and reopened in out and number in out and out.count("\n") == 1


def test_the_csv_header_and_values_stay_the_contract_under_lithuanian(capsys, monkeypatch, db_path, make_case):
    make_case()
    monkeypatch.setenv("LANG", "lt_LT.UTF-8")
    code, out, err = run(capsys, "case", "list", "--db", str(db_path), "--format", "csv")
    assert (code, err) == (0, "")
    row = next(csv.DictReader(io.StringIO(out)))
    assert list(row) == ["case_number", "status", "principal_name", "citizenship", "country_of_return",
                         "household_size", "registered_on", "counsellor", "vulnerable"]
    assert (row["status"], row["vulnerable"]) == ("registered", "no")


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "lt_LT.UTF-8"}, "lt"),
    ({"LC_ALL": "ru_RU.UTF-8", "LANG": "lt_LT.UTF-8"}, "ru"),  # LC_ALL wins
    ({"LC_MESSAGES": "ru_RU", "LANG": "lt_LT.UTF-8"}, "ru"),
    ({"LANGUAGE": "de:lt", "LANG": "ru_RU.UTF-8"}, "lt"),  # the first shipped language of the list
    ({"LC_ALL": "de_DE.UTF-8", "LANG": "lt_LT.UTF-8"}, "en"),  # not shipped: English, as LC_ALL says not Lithuanian
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_language_is_read_in_the_unix_order(environ, language):
    assert environment_language(environ) == language


@pytest.mark.parametrize(("lang", "said"), [
    ("ru_RU.UTF-8", "Документ «Сводка по делу» (дело {number}) записан в "),
    ("lt_LT.UTF-8", "Bylos {number} dokumentas „Bylos santrauka“ įrašytas į "),
])
def test_a_document_written_is_named_in_a_sentence_that_agrees_with_it(capsys, monkeypatch, db_path, make_case,
                                                                       tmp_path, lang, said):
    """Walk 12: Russian printed "Сводка по делу по делу VNO-… записан в" (the case said twice, the participle of a
    masculine word beside a feminine one); the document is now named in quotes after a word it agrees with."""
    case = make_case()
    monkeypatch.setenv("LANG", lang)
    code, out, err = run(capsys, "document", "case-summary", "--case", case.case_number, "--out",
                         str(tmp_path / "summary.pdf"), "--db", str(db_path))
    assert (code, err) == (0, "") and out.startswith(said.format(number=case.case_number)), out
