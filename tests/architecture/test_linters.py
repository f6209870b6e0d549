"""The linters CI runs: ruff passes on the whole checkout, and the configuration really fails new mistakes.

``./run-tests`` (the whole suite, as CI runs it) also runs ``ruff check`` and ``mypy`` (on ``src/``) first;
ruff is fast enough to run here on every test run as well, mypy on the whole tree is not.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PYPROJECT = ROOT / "pyproject.toml"


def _run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=240)


def test_ruff_passes_on_the_checkout():
    result = _run(BIN / "ruff", "check", "--no-cache", "--quiet", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_fails_a_new_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def add(item, into=[]):\n    into.append(item)\n    return into\n\n\nprint(f"x")\n')
    result = _run(BIN / "ruff", "check", "--no-cache", "--config", PYPROJECT, bad)
    assert result.returncode == 1
    assert "B006" in result.stdout and "F541" in result.stdout


def test_mypy_fails_a_new_type_error(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('count: int = "three"\n')
    result = _run(BIN / "mypy", "--config-file", PYPROJECT, "--cache-dir", tmp_path / "cache", bad)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[assignment]" in result.stdout


def test_the_mypy_debt_list_names_only_real_modules():
    """A module left on the list after it is renamed or split would excuse nothing, or a newcomer by name."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mypy"]
    src = ROOT / "src"
    for override in config["overrides"]:
        for module in override["module"]:
            if module.endswith(".*"):
                assert (src / module[:-2].replace(".", "/")).is_dir(), module
                continue
            path = src / module.replace(".", "/")
            assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), module


def test_run_tests_runs_both_linters_before_the_whole_suite():
    script = (ROOT / "run-tests").read_text(encoding="utf-8")
    assert '"$VENV/bin/ruff" check' in script and '"$VENV/bin/mypy"' in script
