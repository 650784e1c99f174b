"""The layout holds: no import circles in `assembly/`, and the domain packages (`law/`,
`notices/`) import neither Flask, SQLAlchemy nor the services (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "assembly"
DOMAIN = ("assembly.law", "assembly.notices")
FORBIDDEN_IN_DOMAIN = ("flask", "sqlalchemy", "assembly.services", "assembly.web",
                       "assembly.models", "assembly.db")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))
            if "migrations" not in p.parts}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `assembly` (and the outside packages) that a module imports, at any
    depth of its code (a function-level import is an import all the same)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names
                         if f"{base}.{alias.name}" in known)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of `assembly` and the modules of `assembly` it imports."""
    modules = _modules()
    known = set(modules)
    return {name: {m for m in _imports(name, path, known) if m in known and m != name}
            for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _without_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Imports of a package's `__init__` that only re-export its own modules are not a
    dependency of those modules on the package: drop a package's edges to its own parts."""
    return {name: {t for t in targets if not t.startswith(f"{name}.")}
            for name, targets in graph.items()}


def test_no_module_of_assembly_takes_part_in_an_import_circle():
    graph = _without_packages(import_graph())

    assert _cycles(graph) == []


def test_the_domain_packages_import_neither_flask_sqlalchemy_nor_the_services():
    modules = _modules()
    known = set(modules)
    offenders = {
        name: sorted(i for i in _imports(name, path, known)
                     if i.split(".")[0] in ("flask", "sqlalchemy")
                     or i.startswith(FORBIDDEN_IN_DOMAIN))
        for name, path in modules.items() if name.startswith(DOMAIN)
    }

    assert {name: found for name, found in offenders.items() if found} == {}
    assert any(name.startswith(DOMAIN) for name in modules), "no domain package found"


def test_the_graph_sees_a_circle_when_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert _cycles(graph) == [["a", "b", "c"]]
