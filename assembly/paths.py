"""Where the law (rules/), the procedure (workflows/) and the templates live.

In an installed wheel they are shipped inside the package as assembly/_data/*;
in a source checkout they are the top-level folders. ASSEMBLY_RULES_PATH and
ASSEMBLY_WORKFLOWS_PATH override either.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str, env: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override)
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the {name}/ folder (set {env})")


def rules_dir() -> Path:
    """The rules/ folder: the law as dated data."""
    return _find("rules", "ASSEMBLY_RULES_PATH")


def workflows_dir() -> Path:
    """The workflows/ folder: state machines as data."""
    return _find("workflows", "ASSEMBLY_WORKFLOWS_PATH")


def templates_dir() -> Path:
    """The templates/ folder: pages and e-mails."""
    return _find("templates", "ASSEMBLY_TEMPLATES_PATH")
