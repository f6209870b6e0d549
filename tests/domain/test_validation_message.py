"""A refusal's one-line text (the command line prints it): each message once, sentences after sentences."""

from avrcase.domain.errors import ValidationError


def test_the_messages_of_a_refusal_read_as_one_line():
    two_items = ValidationError({"items.0.due_on": "The delivery date cannot be before the case was registered.",
                                 "items.1.due_on": "The delivery date cannot be before the case was registered.",
                                 "items.2.cost": "Give an amount"})
    assert two_items.message == ("The delivery date cannot be before the case was registered. Give an amount")
    assert ValidationError({"a": "no room", "b": "too long"}).message == "no room; too long"
    assert ValidationError({"a": "", "b": "Give a name."}).message == "Give a name."
