"""The web layer reads and writes through the services: it builds no SQL of its own."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import assembly.web

WEB = Path(assembly.web.__file__).parent
# What a view may still catch: SQLAlchemy's exceptions (a lost race, a stale version).
ALLOWED = {"sqlalchemy.exc", "sqlalchemy.orm.exc"}


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """Each import of a module as (line, dotted name); `from m import n` reads m.n."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = node.module if node.module in ALLOWED else f"{node.module}.{alias.name}"
                yield node.lineno, name


def test_no_web_module_imports_sqlalchemy_but_its_exceptions() -> None:
    modules = sorted(WEB.rglob("*.py"))
    assert len(modules) > 40  # the whole package is walked
    offending = [f"{path.relative_to(WEB)}:{line}: {name}"
                 for path in modules for line, name in _imports(path)
                 if name.split(".")[0] == "sqlalchemy" and name not in ALLOWED]
    assert offending == []
