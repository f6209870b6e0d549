"""A case number typed on another keyboard or pasted from a word processor names the case: digits of an Arabic or
East Asian keyboard (٠١٢, ０１２), dashes a word processor made of the hyphens; an empty one asks for a number."""

from __future__ import annotations

import pytest

from avrcase.cli.main import main
from tests.cli.test_cli import signed_in_as_the_counsellor  # noqa: F401  (autouse fixture)

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("retyped", [
    lambda n: n.translate(ARABIC_INDIC),
    lambda n: n.translate(FULLWIDTH),
    lambda n: n.replace("-", "\u2013"),  # en dashes, as Word makes them
    lambda n: f"  {n.lower()} ",
], ids=["arabic-indic digits", "fullwidth digits", "en dashes", "lower case with spaces"])
def test_a_case_number_typed_on_another_keyboard_names_the_case(capsys, db_path, make_case, retyped):
    """Before: "There is no case VNO-٢٠٢٦-٠٠٠٠١." (the --limit of case list took ١٠ as 10 all along)."""
    case = make_case()
    code, out, err = run(capsys, "case", "show", retyped(case.case_number), "--db", str(db_path))
    assert (code, err) == (0, "") and out.startswith(f"Case {case.case_number} ")
    code, out, err = run(capsys, "audit", "list", "--case", retyped(case.case_number), "--db", str(db_path))
    assert code in (0, 1) and "There is no case" not in err


def test_an_empty_case_number_asks_for_one(capsys, db_path, make_case):
    """Before: "There is no case ." (an empty shell variable in a script)."""
    make_case()
    assert run(capsys, "case", "show", " ", "--db", str(db_path)) == (1, "", "avrcase: Give a case number.\n")
