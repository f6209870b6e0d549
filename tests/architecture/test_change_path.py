"""One change path (#13): screens hear of a committed change from ``Ops`` (``write``, ``run_in_background`` with
``changed``/``also``, ``announce``) — no other UI module emits the change bus by hand and guesses what changed.

``live_refresh.py`` is the other source by design: it forwards what other computers changed on the office
server, as the server names it.
"""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "src" / "avrcase" / "ui"
ALLOWED = {"ops.py", "change_bus.py", "live_refresh.py"}
EMITS = re.compile(r"\.(cases_changed\(|data_changed\.emit\()")


def test_only_ops_emits_the_change_bus():
    emitters = sorted(path.relative_to(UI).as_posix() for path in UI.rglob("*.py")
                      if path.name not in ALLOWED and EMITS.search(path.read_text(encoding="utf-8")))
    assert not emitters, f"announce changes through Ops (write(changed=…), run_in_background(changed=…)): {emitters}"


def test_the_rule_sees_a_hand_emitted_call(tmp_path):
    assert EMITS.search("        self._bus.data_changed.emit(USERS, [])")
    assert EMITS.search("dialog.imported.connect(lambda _n: bus.cases_changed())")
    assert not EMITS.search("self.bus.data_changed.connect(self.refresh)")
