"""The README's review list of Kazakh strings (issue 15.9) lists strings the Kazakh catalog
has, and is the table scripts/kk_review.py makes from it today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from assembly.i18n import catalog, used_msgids

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "kk_review.py"


@pytest.fixture(scope="module")
def review() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kk_review", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_listed_string_is_used_and_has_its_kazakh_text_in_the_catalog(
    review: ModuleType,
) -> None:
    listed = [msgid for msgid, _, _ in review.STRINGS]

    assert len(listed) == len(set(listed)) >= 15
    assert [m for m in listed if m not in used_msgids()] == []
    assert [m for m in listed if not catalog("kk").get(m)] == []
    assert all(kk for _, kk, _, _ in review.rows())


def test_a_string_missing_from_the_catalog_shows_an_empty_kazakh_cell(
    review: ModuleType,
) -> None:
    assert review.rows((("No such string in any catalog", "nowhere", "-"),)) == [
        ("No such string in any catalog", "", "nowhere", "-")]


def test_the_readme_holds_the_table_the_script_makes_from_the_catalog(
    review: ModuleType,
) -> None:
    readme = review.README.read_text(encoding="utf-8")

    assert review.with_table(readme) == readme
    assert "| Хабарлама (өтініш) беру |" in readme.split("## Kazakh strings to review")[-1]
