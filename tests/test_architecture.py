"""The layers import one way (core -> indicators -> store -> etl -> dashboard), with no cycles.

Every import is read from the source (ast), function-level imports included: a lazy import
hides a dependency from the reader but not from the design.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("core", "indicators", "store", "etl", "dashboard")
RANK = {name: i for i, name in enumerate(LAYERS)}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the five packages, by dotted name."""
    found: dict[str, Path] = {}
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            found[_module_name(path)] = path
    return found


def _target(name: str) -> str | None:
    """The project module an import names (a submodule when `from pkg import sub`)."""
    return name if name in modules() else None


@cache
def imports_of(module: str) -> frozenset[str]:
    """The project modules `module` imports, anywhere in its body."""
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (hit := _target(alias.name)) is not None:
                    found.add(hit)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = _target(f"{node.module}.{alias.name}")
                hit = sub or _target(node.module)
                if hit is not None:
                    found.add(hit)
    found.discard(module)
    return frozenset(found)


def _streamlit_importers() -> list[str]:
    out = []
    for module, path in modules().items():
        if module.split(".")[0] == "dashboard":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] == "streamlit" for n in names):
                out.append(module)
    return sorted(set(out))


def test_every_layer_is_found() -> None:
    """The scan sees each package (a renamed folder would otherwise pass silently)."""
    layers = {m.split(".")[0] for m in modules()}
    assert layers == set(LAYERS)
    assert len(modules()) > 100


@pytest.mark.parametrize("layer", LAYERS)
def test_no_upward_import(layer: str) -> None:
    """A package imports only itself and the layers below it."""
    upward = [
        f"{m} imports {dep}"
        for m in sorted(modules())
        if m.split(".")[0] == layer
        for dep in sorted(imports_of(m))
        if RANK[dep.split(".")[0]] > RANK[layer]
    ]
    assert upward == []


def test_core_imports_nothing_of_ours() -> None:
    """core/ is the floor: it imports only itself."""
    bad = [
        f"{m} imports {d}"
        for m in modules()
        if m.startswith("core")
        for d in imports_of(m)
        if not d.startswith("core")
    ]
    assert bad == []


def test_only_dashboard_imports_streamlit() -> None:
    """etl/, indicators/, store/ and core/ run without a UI."""
    assert _streamlit_importers() == []


def test_no_import_cycle() -> None:
    """No module reaches itself through its imports (depth-first search, cycles reported)."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for dep in sorted(imports_of(m)):
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[m] = 2

    for m in sorted(modules()):
        if m not in state:
            visit(m)
    assert cycles == []


def test_the_scan_detects_an_upward_import(tmp_path: Path) -> None:
    """The reader itself works: an import of etl inside core would be found."""
    source = "from etl.pipeline import run\nimport dashboard.data.loaders\n"
    tree = ast.parse(source)
    names = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert {_target(n) for n in names} == {"etl.pipeline", "dashboard.data.loaders"}
