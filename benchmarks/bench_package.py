"""Size of the frozen app and its start to the sign-in window, beside the same started from source.

    build/venv/bin/python benchmarks/bench_package.py dist/avrcase --source-python .venv/bin/python --runs 5

Builds nothing: run ``scripts/build-app`` first. Both apps open the same 60-case demo store on the
same Xvfb display; the time is from starting the process to the sign-in window being mapped
(``xwininfo``). The first run of each follows ``echo 3 > /proc/sys/vm/drop_caches`` when this runs as
root (a cold start, as after a reboot); the median of the warm runs follows. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _smoke():
    spec = importlib.util.spec_from_file_location("smoke_test", ROOT / "packaging" / "smoke_test.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["smoke_test"] = module
    spec.loader.exec_module(module)
    return module


smoke = _smoke()


def folder_size(folder: Path) -> int:
    """Bytes of every file under ``folder`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def drop_caches() -> bool:
    """Empty the page cache (root only), so that the next start reads every file from disk."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def time_to_sign_in(command: list[str], env: dict[str, str], display_env: dict[str, str]) -> float:
    """Seconds from starting ``command`` to its sign-in window."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**env, **display_env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        return smoke.wait_for_window(process, display_env, started)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--source-python", type=Path, default=ROOT / ".venv" / "bin" / "python")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()

    with tempfile.TemporaryDirectory(prefix="avrcase-bench-") as folder:
        work = Path(folder)
        runner = smoke.Smoke(bundle, work)
        runner.db_upgrade()
        runner.demo()
        commands = {
            "frozen (dist/avrcase/avrcase)": [str(smoke.executable(bundle, gui=True)), "--db", str(runner.store)],
            "from source (python -m avrcase)": [str(args.source_python), "-m", "avrcase", "--db", str(runner.store)],
        }
        results: dict[str, tuple[float | None, list[float]]] = {}
        with smoke.display() as display_env:
            for name, command in commands.items():
                cold = time_to_sign_in(command, runner.env, display_env) if drop_caches() else None
                warm = [time_to_sign_in(command, runner.env, display_env) for _ in range(args.runs)]
                results[name] = (cold, warm)

    print("| bundle | size |")
    print("| --- | ---: |")
    print(f"| `dist/avrcase/` unpacked | {folder_size(bundle) / 1e6:.1f} MB |")
    shipped = sorted(bundle.parent.glob("avrcase-*-linux-x86_64.tar.*"))
    for archive in shipped:  # what scripts/build-app wrote beside the folder: .tar.xz (xz -9), .tar.gz (gzip -9)
        print(f"| `{archive.name}` | {archive.stat().st_size / 1e6:.1f} MB |")
    if not shipped:
        print(f"| `.tar.gz` (gzip -6) | {archive_size(bundle) / 1e6:.1f} MB |")
    print()
    print(f"| start to the sign-in window | cold (caches dropped) | warm, median of {args.runs} | warm min–max |")
    print("| --- | ---: | ---: | ---: |")
    for name, (cold, warm) in results.items():
        cold_text = f"{cold:.2f} s" if cold is not None else "n/a (not root)"
        print(f"| {name} | {cold_text} | {statistics.median(warm):.2f} s | {min(warm):.2f}–{max(warm):.2f} s |")
    return 0


def archive_size(bundle: Path) -> int:
    """Bytes of the bundle as a gzip-compressed tarball (when scripts/build-app's archives are not beside it)."""
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "avrcase.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(bundle, arcname="avrcase")
        return archive.stat().st_size


if __name__ == "__main__":
    sys.exit(main())
