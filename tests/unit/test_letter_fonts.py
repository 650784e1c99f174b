"""The letters' font ships inside the package (a fresh clone and the wheel have it, no
system font needed) and has a glyph for every Kazakh letter, upper and lower case."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from assembly.letters.pdf import FONTS

KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


@pytest.mark.parametrize("name", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_the_vendored_font_renders_every_kazakh_and_russian_letter(name: str) -> None:
    cmap = TTFont(FONTS / name).getBestCmap()

    missing = [c for c in KAZAKH + CYRILLIC if ord(c) not in cmap]

    assert missing == []


def test_the_font_licence_ships_beside_it() -> None:
    assert "Bitstream" in (FONTS / "LICENSE.txt").read_text()
