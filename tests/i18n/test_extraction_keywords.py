"""Every way the code translates a literal is one the extraction knows: a call the extractor misses leaves its
text out of the catalogs, and the message shows in English in every language (the allowance steps did)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"\b([A-Za-z_]*gettext[A-Za-z_]*|_|N_|NP_)\(\s*\"")


def test_every_translating_call_with_a_literal_is_extracted():
    script = (ROOT / "scripts" / "i18n").read_text(encoding="utf-8")
    keywords = {"_", "gettext", "ngettext"} | set(re.findall(r"-k ([A-Za-z_]+)", script))
    names = {m.group(1) for path in (ROOT / "src" / "avrcase").rglob("*.py")
             for m in CALL.finditer(path.read_text(encoding="utf-8"))}
    assert names - keywords == set(), f"add these to scripts/i18n's extraction keywords: {sorted(names - keywords)}"
    assert {"gettext_", "ngettext_"} <= names  # the allowance steps' own names are among those checked
