"""Crash safety, short form: SIGKILL each command-line write path at a random moment and check the store.

The long form (``scripts/kill_campaign.py --kills 200``) runs by hand; its figures are in docs/reliability.md.
"""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "kill_campaign.py"


def test_short_kill_campaign_finds_every_store_sound(tmp_path):
    report = tmp_path / "campaign.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--kills", "13", "--rounds", "13", "--seed", "1",
                           "--json", str(report)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    import json

    figures = json.loads(report.read_text())
    assert figures["failures"] == []
    assert sum(figures["kills"].values()) >= 4 and figures["acknowledged"] > 0
    ran = set(figures["kills"]) | set(figures["finished"])
    assert ran == {"register", "import", "document", "demo", "migration", "encryption", "backup", "restore",
                   "payment", "app", "password_reset", "retention", "encryption_swap"}  # every write path, the desktop
    # app itself and the crash windows of issue #21 item 6 included
