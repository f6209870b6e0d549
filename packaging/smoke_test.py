"""Smoke test of the FROZEN application: runs the bundle's executable, never the source.

    python packaging/smoke_test.py dist/avrcase [--screenshot FILE.png] [--no-gui]

Checks, each against a new store in a temporary folder (nothing touches the user's own store or settings):
``--version``; ``db upgrade`` (the migrations inside the bundle); ``demo``; case documents whose embedded
fonts (``pdffonts``) cover the bundled Noto fonts and the Chinese and Korean fonts it ships compressed; a Lithuanian
document text from the compiled catalog;
statistics as XLSX and PDF (with hidden figures, so HiGHS runs) and a ``db backup``; on Linux, the trimmed
ICU data answering the calls Qt makes (``packaging/icu_data.py``); ``db encrypt`` and reading the encrypted
store (SQLCipher inside the bundle); the GUI showing the sign-in window (under Xvfb on Linux when there is
no display), with a screenshot, and with xdotool the signed-in main window's Help ▸ About. Prints one line
per check and exits 1 when any fails. Runs on Linux, Windows and macOS (the hosted CI workflow uses it too).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIGN_IN_TITLE = "Sign in to avrcase"
DEMO_USER, DEMO_PASSWORD = "counsellor", "counsellor-demo-password"
ADMIN_USER, ADMIN_PASSWORD = "admin", "admin-demo-password"
GUI_TIMEOUT_S = 60.0


class SmokeFailure(Exception):
    """A check found the bundle wrong."""


def source_version() -> str:
    """``__version__`` from the source tree the bundle was built from."""
    text = (ROOT / "src" / "avrcase" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise SmokeFailure("no __version__ in src/avrcase/__init__.py")
    return match.group(1)


def lithuanian(msgid: str) -> str:
    """The Lithuanian translation of ``msgid`` in the source catalog (what the bundle's .mo must say)."""
    po = (ROOT / "resources" / "translations" / "lt" / "LC_MESSAGES" / "avrcase.po").read_text(encoding="utf-8")
    match = re.search(r'^msgid "' + re.escape(msgid) + r'"\nmsgstr "([^"]+)"', po, re.MULTILINE)
    if not match:
        raise SmokeFailure(f"no Lithuanian translation of {msgid!r} in the catalog")
    return match.group(1)


def executable(bundle: Path, *, gui: bool = False) -> Path:
    """The bundle's program: ``avrcase`` (Linux, macOS), ``avrcase-cli.exe``/``avrcase.exe`` (Windows)."""
    if sys.platform == "win32":
        return bundle / ("avrcase.exe" if gui else "avrcase-cli.exe")
    return bundle / "avrcase"


class Smoke:
    """Runs the checks against one bundle, in one temporary folder."""

    def __init__(self, bundle: Path, work: Path) -> None:
        self.bundle = bundle
        self.work = work
        self.store = work / "demo.sqlite"
        self._scripts: dict[str, str] = {}
        home = work / "home"
        home.mkdir()
        # Keep the app's platformdirs/QSettings locations inside the temporary folder.
        self.env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home), "APPDATA": str(home / "AppData"),
                    "LOCALAPPDATA": str(home / "LocalAppData"), "XDG_DATA_HOME": str(home / "data"),
                    "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
                    "AVRCASE_DB": str(work / "default.sqlite")}
        for name in ("AVRCASE_USER", "AVRCASE_PASSWORD", "AVRCASE_RECOVERY_KEY", "AVRCASE_DEBUG"):
            self.env.pop(name, None)

    def run(self, *args: str, user: tuple[str, str] | None = None, ok: bool = True,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        extra = dict(env or {})
        if user:
            extra.update(AVRCASE_USER=user[0], AVRCASE_PASSWORD=user[1])
        result = subprocess.run([str(executable(self.bundle)), *args], capture_output=True, text=True, check=False,
                                encoding="utf-8", env={**self.env, **extra}, timeout=600, stdin=subprocess.DEVNULL)
        if ok and result.returncode != 0:
            raise SmokeFailure(f"avrcase {' '.join(args)} exited {result.returncode}: {result.stderr.strip()[-500:]}")
        return result

    # ------------------------------------------------------------ the checks

    def version(self) -> str:
        out = self.run("--version").stdout.strip()
        want = f"avrcase {source_version()}"
        if out != want:
            raise SmokeFailure(f"--version printed {out!r}, expected {want!r}")
        return out

    def db_upgrade(self) -> str:
        out = self.run("db", "upgrade", "--db", str(self.store)).stdout
        heads = sorted(p.name.split("_")[0] for p in (ROOT / "src" / "avrcase" / "store" / "migrations" / "versions")
                       .glob("[0-9]*.py"))
        if not self.store.is_file() or f"schema {heads[-1]}" not in out:
            raise SmokeFailure(f"db upgrade did not reach {heads[-1]}: {out.strip()}")
        return out.strip()

    def demo(self) -> str:
        out = self.run("demo", "--db", str(self.store), "--cases", "60").stdout.strip()
        if "60 cases" not in out:
            raise SmokeFailure(f"demo printed {out!r}")
        return out

    def _cases_with_script(self) -> dict[str, str]:
        """One case number whose names are written in Georgian, one in Arabic script."""
        if self._scripts:
            return self._scripts
        listing = self.run("case", "list", "--db", str(self.store), "--format", "csv", "--limit", "0",
                           user=(DEMO_USER, DEMO_PASSWORD)).stdout.splitlines()[1:]
        found: dict[str, str] = {}
        for line in listing:
            number = line.split(",", 1)[0]
            detail = json.dumps(json.loads(self.run("case", "show", number, "--db", str(self.store), "--format",
                                                    "json", user=(DEMO_USER, DEMO_PASSWORD)).stdout),
                                ensure_ascii=False)
            if "ka" not in found and re.search("[\u10a0-\u10ff]", detail):
                found["ka"] = number
            if "ar" not in found and re.search("[\u0600-\u06ff]", detail):
                found["ar"] = number
            if len(found) == 2:
                self._scripts = found
                return found
        raise SmokeFailure(f"the demo store has no case with Georgian and one with Arabic names: {found}")

    def fonts(self) -> str:
        folder = "avrcase/resources/fonts/"
        bundled = sorted(p.name.split(".")[0] for p in self.bundle.rglob(folder + "*.ttf*"))
        compressed = sorted(p.name for p in self.bundle.rglob(folder + "*.ttf.xz"))
        if len(bundled) < 6 or not compressed:
            raise SmokeFailure(f"fonts missing from the bundle: {bundled} (compressed: {compressed})")
        embedded: set[str] = set()
        for script, number in self._cases_with_script().items():
            pdf = self.work / f"case-summary-{script}.pdf"
            self.run("document", "case-summary", "--case", number, "--lang", "en", "--out", str(pdf),
                     "--db", str(self.store), user=(DEMO_USER, DEMO_PASSWORD))
            embedded |= pdf_fonts(pdf)
        # The Chinese and Korean fonts, which the bundle ships compressed, print the declaration's wording.
        for lang in ("zh", "ko"):
            pdf = self.work / f"declaration-{lang}.pdf"
            self.run("document", "declaration", "--case", self._cases_with_script()["ka"], "--lang", lang,
                     "--out", str(pdf), "--db", str(self.store), user=(DEMO_USER, DEMO_PASSWORD))
            embedded |= pdf_fonts(pdf)
        # Every face a document can use; the bold Georgian and Arabic faces are registered with the
        # same call but no document type sets a Georgian or Arabic name in bold.
        wanted = {"NotoSans-Regular", "NotoSans-Bold", "NotoSansGeorgian-Regular", "NotoNaskhArabic-Regular",
                  "DroidSansFallback", "NanumGothic"}
        if not wanted <= embedded:
            raise SmokeFailure(f"documents embed {sorted(embedded)}, missing {sorted(wanted - embedded)}")
        return "embedded: " + ", ".join(sorted(embedded)) + f"; bundled: {', '.join(bundled)}"

    def lithuanian_document(self) -> str:
        number = self._cases_with_script()["ka"]
        pdf = self.work / "case-summary-lt.pdf"
        self.run("document", "case-summary", "--case", number, "--lang", "lt", "--out", str(pdf),
                 "--db", str(self.store), user=(DEMO_USER, DEMO_PASSWORD))
        text = pdf_text(pdf)
        title = lithuanian("Case summary")
        if title not in text or "Case summary" in text:
            raise SmokeFailure(f"the Lithuanian case summary does not say {title!r}")
        return f"“{title}” from the compiled catalog"

    def exports_and_backup(self) -> str:
        """Libraries only these paths load: openpyxl (XLSX), ReportLab's charts (the statistics PDF), HiGHS (the
        release protection bounds the hidden figures of both tables, published together), backups."""
        manager = ("manager", "manager-demo-password")
        this_year = time.localtime().tm_year
        sizes = []
        for fmt in ("xlsx", "pdf"):
            out = self.work / f"stats.{fmt}"
            # By citizenship and sex the demo has small figures to hide, so HiGHS runs (no numpy in the bundle).
            # A protected table covers at most 20 years and ends this year at the latest (the demo's cases are
            # of the last two years, dated by the computer's clock as the frozen app is).
            printed = self.run("stats", "--db", str(self.store), "--from", f"{this_year - 19}-01-01",
                               "--to", f"{this_year}-12-31",
                               "--by", "citizenship,sex", "--format", fmt, "--out", str(out), user=manager).stdout
            hidden = re.search(r"(\d+) of \d+ cells suppressed", printed)
            if not hidden or hidden.group(1) == "0":
                raise SmokeFailure(f"the statistics table hid no figure, so release protection did not run: {printed!r}")
            sizes.append(f"{fmt} {out.stat().st_size // 1000} kB, {hidden.group(0)}")
        if zip_names(self.work / "stats.xlsx") is None or "Returns" not in pdf_text(self.work / "stats.pdf"):
            raise SmokeFailure("the statistics XLSX or PDF is not readable")
        backup = self.work / "backup.sqlite"
        out = self.run("db", "backup", "--db", str(self.store), "--out", str(backup),
                       user=(ADMIN_USER, ADMIN_PASSWORD)).stdout
        if not backup.is_file() or "checked" not in out:
            raise SmokeFailure(f"db backup printed {out.strip()!r}")
        return ", ".join(sizes) + "; backup checked"

    def icu(self) -> str:
        """Linux: the bundle's trimmed ICU data (packaging/icu_data.py) answers the calls Qt makes."""
        folder = self.bundle / "_internal" / "PySide6" / "Qt" / "lib"
        if not sys.platform.startswith("linux") or not list(folder.glob("libicudata.so.*")):
            return "no ICU of Qt's own in this bundle"
        done = subprocess.run([sys.executable, str(ROOT / "packaging" / "icu_data.py"), str(folder)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SmokeFailure(f"ICU in the bundle: {done.stderr.strip()[-500:]}")
        return done.stdout.strip()

    def encrypted_store(self) -> str:
        plain = self.work / "plain.sqlite"
        shutil.copyfile(self.store, plain)
        encrypted = self.work / "encrypted.sqlite"
        self.run("db", "upgrade", "--db", str(encrypted))
        self.run("demo", "--db", str(encrypted), "--cases", "5")
        out = self.run("db", "encrypt", "--db", str(encrypted), user=(ADMIN_USER, ADMIN_PASSWORD)).stdout
        if encrypted.read_bytes()[:16] == b"SQLite format 3\x00":
            raise SmokeFailure("db encrypt left a plain SQLite file")
        users = self.run("user", "list", "--db", str(encrypted), user=(ADMIN_USER, ADMIN_PASSWORD)).stdout
        if ADMIN_USER not in users:
            raise SmokeFailure(f"the encrypted store did not open: {users!r}")
        wrong = self.run("user", "list", "--db", str(encrypted), user=(ADMIN_USER, "wrong-password"), ok=False)
        if wrong.returncode != 1 or not wrong.stderr.startswith("avrcase: "):
            raise SmokeFailure(f"a wrong password gave exit {wrong.returncode}: {wrong.stderr!r}")
        key = re.search(r"([A-Z0-9]{4}(?:-[A-Z0-9]{4}){7})", out)
        return "encrypted with SQLCipher; reopened" + (" (recovery key printed)" if key else "")

    def gui(self, screenshot: Path | None) -> str:
        with display() as env:
            started = time.perf_counter()
            process = subprocess.Popen([str(executable(self.bundle, gui=True)), "--db", str(self.store)],
                                       env={**self.env, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                seconds = wait_for_window(process, env, started)
                time.sleep(1.0)  # let it paint before the screenshot
                note = ""
                if screenshot is not None:
                    try:
                        grab_screen(env, screenshot)
                    except OSError as exc:  # e.g. macOS without screen-recording permission: not the app's fault
                        note, screenshot = f"; no screenshot ({exc})", None
                if env.get("DISPLAY") and shutil.which("xdotool"):
                    note += "; " + open_about(process, env, screenshot)
            finally:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
        return f"sign-in window after {seconds:.2f} s" + (f"; screenshot {screenshot}" if screenshot else "") + note


# ---------------------------------------------------------------- helpers

def pdf_fonts(pdf: Path) -> set[str]:
    """Base names of the fonts embedded in ``pdf`` (``pdffonts``, subset prefixes removed)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()}


def zip_names(path: Path) -> list[str] | None:
    """The member names of a ZIP file (an XLSX is one), or ``None`` when it is not one."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except zipfile.BadZipFile:
        return None


def pdf_text(pdf: Path) -> str:
    """The text of ``pdf`` (``pdftotext``)."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


class display:
    """A display for the GUI: the current one, or a new Xvfb on Linux when there is none."""

    def __init__(self) -> None:
        self.xvfb: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> dict[str, str]:
        if not sys.platform.startswith("linux"):
            return {}
        if os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb":
            return {"DISPLAY": os.environ["DISPLAY"], "QT_QPA_PLATFORM": "xcb"}
        number = 90 + os.getpid() % 100
        self.xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or self.xvfb.poll() is not None:
                raise SmokeFailure("Xvfb did not start (install the xvfb package)")
            time.sleep(0.1)
        return {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}

    def __exit__(self, *exc: object) -> None:
        if self.xvfb is not None:
            self.xvfb.terminate()
            self.xvfb.wait(10)


def wait_for_window(process: subprocess.Popen[bytes], env: dict[str, str], started: float,
                    title: str = SIGN_IN_TITLE) -> float:
    """Seconds until a window titled ``title`` is mapped (X11), or the app still runs after a while (others)."""
    deadline = started + GUI_TIMEOUT_S
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise SmokeFailure(f"the GUI exited with {process.returncode}: {err.strip()[-500:]}")
        if env.get("DISPLAY"):
            tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, check=False,
                                  env={**os.environ, **env}).stdout
            if f'"{title}"' in tree:
                return time.perf_counter() - started
        elif time.perf_counter() - started > 15:
            return time.perf_counter() - started  # Windows/macOS: alive after 15 s; the screenshot shows the rest
        time.sleep(0.05)
    raise SmokeFailure(f"no window titled {title!r} within {GUI_TIMEOUT_S:.0f} s")


def open_about(process: subprocess.Popen[bytes], env: dict[str, str], screenshot: Path | None) -> str:
    """X11 with xdotool: sign in as the demo counsellor, then Help ▸ About (it reads the bundled metadata)."""
    def xdotool(*args: str) -> str:
        return subprocess.run(["xdotool", *args], capture_output=True, text=True, check=False,
                              env={**os.environ, **env}).stdout.strip()

    xdotool("search", "--name", SIGN_IN_TITLE, "windowfocus", "--sync")
    xdotool("type", "--delay", "20", DEMO_USER)
    xdotool("key", "Tab")
    xdotool("type", "--delay", "20", DEMO_PASSWORD)
    xdotool("key", "Return")
    main_window = ""
    deadline = time.monotonic() + GUI_TIMEOUT_S
    while not main_window and time.monotonic() < deadline:
        if process.poll() is not None:
            raise SmokeFailure(f"the GUI exited with {process.returncode} after signing in")
        main_window = xdotool("search", "--onlyvisible", "--name", "^avrcase —").split("\n")[0]
        time.sleep(0.2)
    if not main_window:
        raise SmokeFailure("no main window after signing in as the demo counsellor")
    xdotool("windowfocus", "--sync", main_window)
    xdotool("key", "--clearmodifiers", "alt+h")
    time.sleep(0.5)
    xdotool("key", "a")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if xdotool("search", "--onlyvisible", "--name", "^About avrcase$"):
            time.sleep(0.5)
            if screenshot is not None:
                grab_screen(env, screenshot.with_name(screenshot.stem + "-about" + screenshot.suffix))
            return "signed in; Help ▸ About opened"
        if process.poll() is not None:
            raise SmokeFailure(f"the GUI exited with {process.returncode} opening Help ▸ About")
        time.sleep(0.2)
    raise SmokeFailure("Help ▸ About did not open")


def grab_screen(env: dict[str, str], path: Path) -> None:
    """Save the whole screen (the X display in ``env``) as PNG with Pillow."""
    from PIL import ImageGrab

    image = ImageGrab.grab(xdisplay=env["DISPLAY"]) if env.get("DISPLAY") else ImageGrab.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path, help="the one-folder application, e.g. dist/avrcase")
    parser.add_argument("--screenshot", type=Path, help="save the screen with the sign-in window here")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI check")
    args = parser.parse_args(argv)
    if not executable(args.bundle).is_file():
        print(f"smoke test: no executable in {args.bundle}", file=sys.stderr)
        return 2
    failures = 0
    with tempfile.TemporaryDirectory(prefix="avrcase-smoke-") as folder:
        smoke = Smoke(args.bundle.resolve(), Path(folder))
        checks: list[tuple[str, Callable[[], str]]] = [
            ("version", smoke.version), ("db upgrade", smoke.db_upgrade), ("demo", smoke.demo),
            ("fonts", smoke.fonts), ("Lithuanian", smoke.lithuanian_document),
            ("exports and backup", smoke.exports_and_backup), ("ICU", smoke.icu),
            ("encrypted store", smoke.encrypted_store),
        ]
        if not args.no_gui:
            checks.append(("GUI", lambda: smoke.gui(args.screenshot)))
        for name, check in checks:
            started = time.perf_counter()
            try:
                detail = check()
            except (SmokeFailure, subprocess.SubprocessError, OSError) as exc:
                failures += 1
                print(f"FAIL  {name}: {exc}", flush=True)
            else:
                print(f"ok    {name} ({time.perf_counter() - started:.1f} s): {detail}", flush=True)
    print(f"smoke test: {len(checks) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
