"""Every button and tab of a case file has its own Alt letter, in every language of the interface.

The walks found "Allowance", "Reintegration" and "Monitoring" (and the header's Edit, Log consultation, Change
stage) reachable only by mouse or a long Tab walk, and two buttons of the Travel tab on one letter (Alt+D went to
"Add travel document" and "Confirm departure" in turn, pressing neither).
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QPushButton, QStackedWidget, QTabBar, QTabWidget, QWidget

from avrcase.domain.codes import StaffRole
from avrcase.i18n import set_locale
from avrcase.ui.views.case_file import CaseFileView
from tests.ui.finance_setup import household, manager, project  # noqa: F401 - fixtures


def _on_shown_pages(widget: QWidget, root: QWidget) -> bool:
    """Whether ``widget`` is on the shown page of every tab widget (stack) above it, up to ``root`` (a button a
    role does not get is hidden but counts: another role has it on the same page)."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not root:
        if isinstance(parent, QStackedWidget) and parent.currentWidget() is not child:
            return False
        child, parent = parent, parent.parentWidget()
    return True


def _texts_in_reach(view: CaseFileView) -> list[str]:
    """The texts of the buttons and tabs an Alt letter can reach while the current tabs are shown."""
    texts = [b.text() for b in view.findChildren(QPushButton) if _on_shown_pages(b, view)]
    for bar in view.findChildren(QTabBar):
        if _on_shown_pages(bar, view):
            texts += [bar.tabText(i) for i in range(bar.count())]
    return texts


def _letters_clash(texts: list[str]) -> list[str]:
    """What is wrong with the Alt letters of ``texts``: a text without exactly one, or a letter used twice."""
    problems, seen = [], {}
    for text in texts:
        marks = re.findall(r"&(.)", text.replace("&&", ""))
        if len(marks) != 1:
            problems.append(f"{text!r} has {len(marks)} Alt letters")
            continue
        letter = marks[0].casefold()
        if letter in seen:
            problems.append(f"{text!r} and {seen[letter]!r} share Alt+{letter}")
        seen[letter] = text
    return problems


@pytest.mark.parametrize("language", ["en", "lt", "ru"])
def test_every_button_and_tab_of_a_case_file_has_its_own_alt_letter(qtbot, ops, bus, actor_as, household,  # noqa: F811
                                                                    language):
    set_locale(language)
    ops.actor = actor_as(StaffRole.MANAGER)  # sees every tab
    view = CaseFileView(ops, bus, household.id)
    qtbot.addWidget(view)
    view.show()
    problems = []
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)  # builds the tab
        shown = view.tabs.currentWidget()
        # A tab that is itself a set of pages (Reintegration: Needs and plan, Monitoring) counts too: its Monitoring
        # page was never looked at, and "Re&move contact" shared Alt+M with "&Monitoring" (which only moved focus).
        inner = [shown] * isinstance(shown, QTabWidget) + shown.findChildren(QTabWidget) or [None]
        for tabs in inner:
            for page in range(tabs.count() if tabs else 1):
                if tabs:
                    tabs.setCurrentIndex(page)
                problems += _letters_clash(_texts_in_reach(view))
    assert not sorted(set(problems))
