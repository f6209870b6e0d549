"""Direction overrides ("Trojan Source") in free text: a note or an address that shows other than it is stored is
refused beside its field; the marks Arabic and Persian text uses, and closed embeddings and isolates, are kept."""

import datetime as dt
from dataclasses import replace

import pytest

from avrcase.domain.codes import ConsultationMode
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import ConsultationForm, FollowUpForm
from avrcase.domain.validation import validate_case, validate_consultation
from tests.conftest import make_case_form, make_person

TODAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 9, 0)
RLO = "\u202e"


def _errors(form):
    with pytest.raises(ValidationError) as raised:
        validate_case(form, TODAY)
    return raised.value.errors


@pytest.mark.parametrize("text", [
    f"Vilnius, Gedimino pr. {RLO}dlo", "turns \u202dthis", "opens \u202bnever closed",
    "isolate \u2067left open\nnext line\u2069", "closes \u202c nothing"])
def test_an_override_or_an_unclosed_embedding_in_the_notes_is_refused_beside_them(text):
    errors = _errors(replace(make_case_form(), notes=text))
    assert list(errors) == ["notes"]
    assert "invisible direction controls" in errors["notes"]
    assert RLO not in errors["notes"]  # the message itself is not turned round


def test_the_address_and_the_final_destination_are_checked_too():
    form = make_case_form()
    form = replace(form, final_destination=f"Tbilisi {RLO}", principal=replace(form.principal, address=f"{RLO}x"))
    errors = _errors(form)
    assert set(errors) == {"final_destination", "principal.address"}
    assert "RIGHT-TO-LEFT OVERRIDE" in errors["principal.address"]


@pytest.mark.parametrize("text", [
    "تهران\u200f، خیابان آزادی", "Address \u200e(left)\u200e", "عربي\u061c نص", "name \u2067محمد\u2069 and \u202bنص\u202c",
    "plain note"])
def test_marks_and_closed_embeddings_that_right_to_left_text_uses_are_kept(text):
    validate_case(replace(make_case_form(), notes=text, principal=replace(make_person(), address=text)), TODAY)


def test_a_consultation_note_and_follow_up_with_an_override_are_refused():
    form = ConsultationForm(NOW - dt.timedelta(hours=1), ConsultationMode.PHONE, notes=f"called {RLO}",
                            follow_ups=(FollowUpForm(f"send {RLO}", TODAY),))
    with pytest.raises(ValidationError) as raised:
        validate_consultation(form, NOW, TODAY - dt.timedelta(days=3))
    assert set(raised.value.errors) == {"notes", "follow_ups.0.action"}
