"""Answers to a dialog's "discard what was typed?" question (``dialog_buttons.confirm_discard``), queued by a test."""

from __future__ import annotations


def queued_answers(monkeypatch, module) -> tuple[list[str], list[bool]]:
    """Patch ``module.confirm_discard``: each question's title is recorded in the first list and answered with the next
    answer queued in the second (True: discard); with none queued, "discard" (the test's end closes windows)."""
    asked: list[str] = []
    queued: list[bool] = []

    def confirm_discard(_parent, title, _text):
        asked.append(title)
        return queued.pop(0) if queued else True

    monkeypatch.setattr(module, "confirm_discard", confirm_discard)
    return asked, queued
