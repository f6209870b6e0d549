"""Regenerate every screenshot of the user guide and the README from a synthetic demo store, offscreen.

One command: ``scripts/screenshots`` (or ``.venv/bin/python scripts/screenshots.py``). It builds a demo store
(500 synthetic cases, seed 1, the clock standing at 4 December 2026) in a temporary folder, signs in as each
demo account through the app's own window builder and saves the pictures the guide and the README show to
``docs/guide/images/<lang>/<name>.png`` (English and Lithuanian). The README shows the English ones.

    scripts/screenshots                      # everything, en and lt (about a minute)
    scripts/screenshots --lang lt            # one language
    scripts/screenshots --only case-list     # some pictures (names as in screenshot_shots.SHOTS)
    scripts/screenshots --out /tmp/shots     # somewhere else (the tests use a quick run like this)

Pictures are reduced to a 256-colour palette, which keeps a window of text under ~80 kB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # screenshot_shots beside this script

from PIL import Image  # noqa: E402
from reportlab import rl_config  # noqa: E402
from PySide6.QtCore import QBuffer, QCoreApplication, QEvent, QIODevice, QSettings, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402
from screenshot_shots import ROLES, SHOTS, Scene  # noqa: E402

from avrcase import app as app_module  # noqa: E402
from avrcase.i18n import set_locale  # noqa: E402
from avrcase.services.accounts import users  # noqa: E402
from avrcase.services.backup import backups  # noqa: E402
from avrcase.services.clock import FixedClock  # noqa: E402
from avrcase.services.demo.generate import generate_demo  # noqa: E402
from avrcase.services.permissions import SYSTEM  # noqa: E402
from avrcase.services.uow import unit_of_work  # noqa: E402
from avrcase.store.schema import open_store  # noqa: E402
from avrcase.ui.demo_loader import DEMO_CASES, DEMO_SEED  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "images"
WORK = Path(tempfile.gettempdir()) / "avrcase-guide"
LANGUAGES = ("en", "lt")
#: The instant the pictures are taken at (a Friday morning in Vilnius), so they do not change with the day.
NOW = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.timezone.utc)


def save_png(widget: QWidget, path: Path) -> Path:
    """Grab ``widget`` and save it as a palette PNG (a 256-colour window of text is a third of the size)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def quiet_offscreen_notes(kind, context, message: str) -> None:
    """Drop the offscreen plugin's notes about what it cannot do; print everything else."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let layouts and queued signals run (new sizes ripple through nested layouts in several passes)."""
    for _round in range(rounds):
        app.processEvents()


def close_all(app: QApplication) -> None:
    """Close and delete every top-level window while Qt is still whole.

    Left to Python's teardown, case files and dialogs were freed in the wrong order and the script aborted
    ("shared QObject was deleted directly").
    """
    for dialog in [w for w in app.allWidgets() if isinstance(w, QDialog) and w.isVisible()]:
        QDialog.done(dialog, QDialog.DialogCode.Rejected)  # one holding typed text (or its case file) would ask first
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def make_store(folder: Path, clock: FixedClock, cases: int) -> str:
    """A new demo store in ``folder`` with a backup folder set and a first backup made; returns its URL."""
    url = f"sqlite:///{folder / 'avrcase.sqlite'}"
    engine = open_store(url, clock=clock)
    with unit_of_work(engine) as session:
        generate_demo(session, cases=cases, seed=DEMO_SEED, actor=SYSTEM)
    (folder / "Backups").mkdir()
    with unit_of_work(engine) as session:
        admin = users.get_actor(session, "admin")
        backups.save_backup_settings(session, admin, backups.BackupSettings(str(folder / "Backups")))
    with unit_of_work(engine) as session:
        backups.run_scheduled_backup(session, admin, now=clock.now())
    engine.dispose()
    return url


def take(names: list[str], languages: list[str], out: Path, cases: int = DEMO_CASES, work: Path = WORK) -> list[Path]:
    """Take the pictures ``names`` in ``languages`` into ``out/<lang>/``; returns the files written.

    ``work`` is emptied and holds the demo store meanwhile; its path shows in the pictures (status bar, backup
    settings), so the default is one fixed, readable folder and the pictures do not change from run to run.
    """
    app = QApplication.instance() or QApplication(sys.argv)
    qInstallMessageHandler(quiet_offscreen_notes)
    rl_config.invariant = 1  # PDFs issued for the pictures get no time stamp or random id: the same checksum each run
    clock = FixedClock(NOW, "Europe/Vilnius")
    written: list[Path] = []
    wanted = [shot for shot in SHOTS if shot.name in names]
    folder = work
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        url = make_store(folder, clock, cases)
        clock.advance(dt.timedelta(minutes=1))  # the first backup was made at NOW; the windows make their own
        engine = open_store(url, clock=clock)
        with unit_of_work(engine, write=False) as session:
            accounts = {name: users.get_actor(session, name) for name in ROLES if name != "nobody"}
        try:
            for lang in languages:
                set_locale(lang)
                translator = app_module.install_translations(app, lang)
                for role in ROLES:
                    shots = [shot for shot in wanted if shot.role == role]
                    if not shots:
                        continue
                    settings = QSettings(str(folder / f"settings-{lang}-{role}.ini"), QSettings.Format.IniFormat)
                    window = (None if role == "nobody" else
                              app_module.build_main_window(url, settings, actor=accounts[role], clock=clock))
                    scene = Scene(app=app, window=window, engine=engine, url=url, clock=clock, lang=lang,
                                  settle=lambda: settle(app), folder=folder)
                    if window is not None:
                        window.show()
                        settle(app)
                        window.statusBar().clearMessage()  # "Signed in as …" would be drawn over the store
                    for shot in shots:
                        widget = shot.stage(scene)
                        if widget is None:
                            print(f"skipped {lang}/{shot.name}: nothing to show", file=sys.stderr)
                            continue
                        settle(app)
                        written.append(save_png(widget, out / lang / f"{shot.name}.png"))
                    if window is not None:
                        window.idle_lock.stop()
                        window.ops.wait_for_background()
                    close_all(app)  # the window backs the store up as it closes: the next copy needs another name
                    clock.advance(dt.timedelta(minutes=1))
                if translator is not None:
                    app.removeTranslator(translator)
        finally:
            close_all(app)
            engine.dispose()
            set_locale("en")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, take the pictures, say where they went."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="only this language (repeatable)")
    parser.add_argument("--only", action="append", metavar="NAME", choices=[s.name for s in SHOTS],
                        help="only this picture (repeatable)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for <lang>/<name>.png (default {OUT})")
    parser.add_argument("--cases", type=int, default=DEMO_CASES, help="synthetic cases in the demo store")
    parser.add_argument("--work", type=Path, default=WORK, help=f"folder emptied for the demo store (default {WORK})")
    args = parser.parse_args(argv)
    written = take(args.only or [s.name for s in SHOTS], args.lang or list(LANGUAGES), args.out, args.cases,
                   args.work)
    total = sum(p.stat().st_size for p in written)
    print(f"saved {len(written)} pictures ({total / 1e6:.1f} MB) under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
