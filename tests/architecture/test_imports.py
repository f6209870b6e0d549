"""The house rules of ``src/avrcase`` as tests: no import cycle, imports point one way, no Qt below ``ui``.

The imports are read from the source (``ast``), every ``import`` anywhere in a module counts, including
ones inside functions, so a circle cannot hide behind a function-level import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

#: Which of our top-level packages each package may import (besides itself). ``ui`` and ``cli`` are the
#: front ends; ``services`` the use cases; ``domain`` is pure and needs only the translated messages.
ALLOWED = {
    "domain": {"i18n"},
    "i18n": set(),
    "store": {"domain", "i18n"},
    "documents": {"domain", "i18n"},
    "exports": {"domain", "i18n"},
    "services": {"domain", "i18n", "store", "documents", "exports"},
    "ui": {"services", "domain", "i18n", "documents", "exports"},
    "cli": {"services", "domain", "i18n", "store", "documents", "exports", "app"},
    "app": {"ui", "services", "domain", "i18n", "store", "start"},
    "start": {"ui", "services", "domain", "i18n", "store"},  # the sign-in screen before the app loads (#14)
    "__main__": {"cli", "start", "app"},
    "__init__": set(),
}
QT = ("PySide6", "shiboken6")


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "avrcase").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module (ours or not) that ``name`` imports, resolved to the deepest module that exists."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                child = f"{module}.{alias.name}"
                found.add(child if child in MODULES else module)
    return found


GRAPH = {name: {m for m in _imports(name, path) if m in MODULES and m != name} for name, path in MODULES.items()}
EXTERNAL = {name: {m for m in _imports(name, path) if not m.startswith("avrcase")} for name, path in MODULES.items()}


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each one an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_the_walk_sees_the_whole_package():
    assert len(MODULES) > 100
    assert "avrcase.services.cases.search" in GRAPH["avrcase.cli.cases"]


def test_no_import_cycle():
    assert _cycles() == []


def test_the_cycle_finder_finds_a_circle(monkeypatch):
    monkeypatch.setitem(GRAPH, "avrcase.domain.money", GRAPH["avrcase.domain.money"] | {"avrcase.domain.stages"})
    monkeypatch.setitem(GRAPH, "avrcase.domain.stages", GRAPH["avrcase.domain.stages"] | {"avrcase.domain.money"})
    assert ["avrcase.domain.money", "avrcase.domain.stages"] in _cycles()


def _violations() -> list[str]:
    wrong = []
    for module, targets in sorted(GRAPH.items()):
        area = _area(module)
        wrong += [f"{module} -> {t}" for t in sorted(targets)
                  if _area(t) != area and _area(t) not in ALLOWED[area] and t != "avrcase"]
    return wrong


def test_imports_point_one_way():
    assert _violations() == []


@pytest.mark.parametrize("area", sorted(set(ALLOWED) - {"ui", "app", "start", "__main__", "cli"}))
def test_no_qt_below_the_user_interface(area):
    offenders = [m for m, ext in EXTERNAL.items() if _area(m) == area and any(e.split(".")[0] in QT for e in ext)]
    assert offenders == []


def test_domain_has_no_database():
    offenders = [m for m, ext in EXTERNAL.items() if _area(m) == "domain"
                 and any(e.split(".")[0] in ("sqlalchemy", "alembic", "reportlab") for e in ext)]
    assert offenders == []


def test_widgets_never_touch_the_store():
    assert [f"{m} -> {t}" for m, targets in GRAPH.items() if _area(m) == "ui"
            for t in targets if _area(t) == "store"] == []
