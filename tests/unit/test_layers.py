"""The layers: the core (clinic/) imports no Rasa and none of the servers' packages;
the Rasa server's plug-ins (components/, channels/) never import the action server's
package (actions/); and no project module imports another that imports it back."""

import ast
from pathlib import Path
from typing import Dict, List, Set

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("clinic", "actions", "components", "channels")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> Dict[str, Path]:
    return {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imports(path: Path) -> Set[str]:
    """Every module named by an import statement in the file (at any depth, lazy ones too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def project_imports(modules: Dict[str, Path]) -> Dict[str, Set[str]]:
    return {name: {n for n in imports(path) if n in modules and n != name} for name, path in modules.items()}


MODULES = project_modules()
GRAPH = project_imports(MODULES)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.split(".")[0] == "clinic"))
def test_core_imports_no_rasa_and_no_server_package(name):
    top_levels = {n.split(".")[0] for n in imports(MODULES[name])}
    assert not top_levels & {"rasa", "rasa_sdk", "sanic", "actions", "components", "channels"}, top_levels


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.split(".")[0] in ("components", "channels")))
def test_rasa_server_plugins_never_import_the_action_server(name):
    assert not {n for n in imports(MODULES[name]) if n.split(".")[0] == "actions"}


def test_no_import_cycle():
    """Depth-first search over the project's import graph; a back edge is a cycle."""
    state: Dict[str, int] = {}
    cycles: List[List[str]] = []

    def visit(name: str, path: List[str]) -> None:
        state[name] = 1
        for nxt in sorted(GRAPH[name]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt] if nxt in path else [name, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


def test_the_graph_is_not_empty():
    """The checks above look at real modules and real edges."""
    assert "clinic.settings" in MODULES and "actions.actions" in MODULES
    assert "actions.state" in GRAPH["actions.actions"]
