"""Name ends in the case window and its household form: "-Ali" or "@Nino" is refused beside the field in plain
words; a byte-order mark or a direction mark pasted along at an end is dropped and the name saved as seen."""

from __future__ import annotations

import datetime as dt

from avrcase.services.cases import case_file
from tests.ui.dialogs.test_case_dialog import count, dialog, fill_facts, type_person  # noqa: F401  (fixture)
from tests.ui.dialogs.test_case_dialog_real_names import _leave

BOM, RLM, ZWNJ = "\ufeff", "\u200f", "\u200c"


def test_punctuation_at_a_name_end_is_refused_beside_the_field(qtbot, ops, dialog):  # noqa: F811
    person = dialog.principal
    type_person(qtbot, person, "Beridze", "Nino", dt.date(1988, 5, 17))
    fill_facts(qtbot, dialog)
    person.family_name.clear()
    person.family_name.insert("-Beridze")
    _leave(person.family_name)
    assert dialog.errors.message("principal.family_name").startswith("A name cannot start with “-”.")
    dialog.save()
    assert count(ops) == 0

    page = dialog.household.add_member()
    type_person(qtbot, page.person, "Beridze", "Ana@", dt.date(2016, 9, 3))
    page.relationship.set_code("child")
    person.family_name.clear()
    person.family_name.insert("Beridze")
    dialog.save()
    assert page.errors.message("given_names").startswith("A name cannot end with “@”.")
    assert count(ops) == 0


def test_invisible_paste_debris_at_the_ends_is_dropped_and_a_joiner_inside_kept(qtbot, ops, dialog):  # noqa: F811
    person = dialog.principal
    type_person(qtbot, person, "Beridze", "Nino", dt.date(1988, 5, 17))
    fill_facts(qtbot, dialog)
    person.given_names.clear()
    person.given_names.insert(BOM + "Nino" + RLM)  # as pasted from a web page
    person.family_name_original.insert(RLM + "علی" + ZWNJ + "رضا" + ZWNJ)
    _leave(person.given_names)
    assert dialog.errors.message("principal.given_names") == ""
    with qtbot.waitSignal(dialog.case_saved) as saved:
        dialog.save()
    principal = ops.read(case_file.get_case, saved.args[0]).principal
    assert (principal.given_names, principal.family_name_original) == ("Nino", "علی" + ZWNJ + "رضا")
