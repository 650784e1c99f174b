"""Counting what a person does on a phone: each tap, and each character typed.

A journey's effort is the number of taps (a press on a link, a button, a field to focus it,
a list to open it and its option) and of characters typed. The test drives the page only
through a `Taps`, so the counts are the journey's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Locator


@dataclass
class Taps:
    """The taps and typed characters of one journey, step by step."""

    taps: int = 0
    characters: int = 0
    steps: list[tuple[str, int, int]] = field(default_factory=list)
    _mark: tuple[int, int] = (0, 0)

    def tap(self, target: Locator) -> None:
        """One tap on a link, a button, a checkbox or a day of the calendar."""
        target.tap() if _touch(target) else target.click()
        self.taps += 1

    def type(self, target: Locator, text: str) -> None:
        """A tap into the field, then the text typed one key at a time."""
        self.tap(target)
        target.press_sequentially(text)
        self.characters += len(text)

    def choose(self, target: Locator, value: str) -> None:
        """A list opened with one tap and an option taken with another."""
        target.select_option(value=value)
        self.taps += 2

    def end_step(self, name: str) -> None:
        """Close a step: what it cost is kept for the printed table."""
        taps, characters = self._mark
        self.steps.append((name, self.taps - taps, self.characters - characters))
        self._mark = (self.taps, self.characters)

    def table(self) -> str:
        """The steps with their taps and characters, and the totals."""
        rows = [f"  {name:<24} taps {taps:>2}  characters {chars:>3}"
                for name, taps, chars in self.steps]
        rows.append(f"  {'total':<24} taps {self.taps:>2}  characters {self.characters:>3}")
        return "\n".join(rows)


def _touch(target: Locator) -> bool:
    """Whether the page was opened as a phone's (touch events on): tap, else click."""
    return bool(target.page.evaluate("'ontouchstart' in window"))
