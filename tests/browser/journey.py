"""The steps of a scenario: each one screenshot, checked with axe-core and, on a phone,
checked to fit the screen's width (no sideways scrolling of the whole page)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.browser.axe import Violation, report, run_axe

PHONE_WIDTH = 480
# The page's content width beyond the viewport (tables and maps scroll inside their own box).
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


class Journey:
    """Numbered steps of one scenario; violations are gathered and asserted at the end."""

    def __init__(self, scenario: str, folder: Path) -> None:
        self.scenario = scenario
        self.folder = folder
        self.number = 0
        self.violations: list[Violation] = []
        self.too_wide: list[str] = []

    def step(self, page: Page, name: str, *, axe: bool = True) -> Path:
        """Screenshot the page as <scenario>-<nn>-<name>.png and check it with axe."""
        self.number += 1
        path = self.folder / f"{self.scenario}-{self.number:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        label = f"{self.scenario} step {self.number} ({name}) {page.url}"
        if axe:
            self.violations += run_axe(page, label)
        viewport = page.viewport_size
        if viewport is not None and viewport["width"] <= PHONE_WIDTH:
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                self.too_wide.append(f"{label}: {overflow}px wider than the screen")
        return path

    def assert_accessible(self) -> None:
        """No serious or critical axe violation on any step; on a phone, no step too wide."""
        problems = [report(self.violations)] if self.violations else []
        if self.too_wide:
            problems.append("pages wider than the phone's screen:\n" + "\n".join(self.too_wide))
        assert not problems, "\n".join(problems)
