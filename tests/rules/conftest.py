"""Fixtures for the rules tests: the shipped rulebook, and a copy of rules/ to break."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assembly import paths
from assembly.law.rulebook import Rulebook


@pytest.fixture(scope="session")
def shipped() -> Rulebook:
    """The rules shipped in rules/, loaded once for the session."""
    return Rulebook.load()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A fresh copy of the shipped rules/ folder that a test may break."""
    target = tmp_path / "rules"
    shutil.copytree(paths.rules_dir(), target)
    return target


Edit = Callable[[Any], Any]


def edit_yaml(path: Path, change: Edit) -> None:
    """Rewrite a YAML file after `change` mutated (or replaced) its data."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = change(data)
    data = data if result is None else result
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_json(path: Path, change: Edit) -> None:
    """Rewrite a GeoJSON file after `change` mutated its data."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def feature(data: dict[str, Any], feature_id: str) -> dict[str, Any]:
    """The feature of a FeatureCollection with this properties.id."""
    return next(f for f in data["features"] if f["properties"]["id"] == feature_id)
