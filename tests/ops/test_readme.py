"""The README stands alone: no link leaves the repository, every link inside it resolves,
and it documents every command of `assembly`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembly.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "rules" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_points_outside_the_repository(page: Path) -> None:
    text = page.read_text()
    assert "../shared" not in text
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "#", "mailto:")):
            continue
        resolved = (page.parent / target.split("#")[0]).resolve()
        assert resolved.is_relative_to(ROOT), target
        assert resolved.exists(), f"{page.name} links to {target}, which does not exist"


def test_the_readme_says_the_json_api_is_built_and_where_its_contract_is() -> None:
    text = (ROOT / "README.md").read_text()
    assert "The JSON API is built" in text
    assert "not built" not in text
    assert (ROOT / "docs" / "API.md").exists() and (ROOT / "docs" / "LAW.md").exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_readme_documents_every_command(command: str) -> None:
    assert f"`assembly {command}" in (ROOT / "README.md").read_text()
