"""axe-core (from npm, `package.json`) run inside the page: serious and critical violations.

The portal's CSP (`script-src 'self'`) blocks `page.add_script_tag(content=...)`: an
inline script. Rather than `bypass_csp=True` (which would also hide from the scenarios any
page that breaks under the CSP), the script is evaluated through the DevTools protocol
(`page.evaluate`), which the page's CSP does not govern; the page under test is the one
the citizen sees, CSP and all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# WCAG 2.x A and AA, plus axe's best practices (landmarks, headings, ...).
RUN_OPTIONS = {
    "runOnly": {"type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                           "best-practice"]},
    "resultTypes": ["violations"],
}


@dataclass(frozen=True)
class Violation:
    """One failing rule on one page, with the elements it failed on."""

    page: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        targets = ", ".join(self.targets[:5]) + (" ..." if len(self.targets) > 5 else "")
        return (f"{self.page}: {self.rule} ({self.impact}) {self.help}\n"
                f"    on {targets}\n    {self.summary}")


@lru_cache(maxsize=1)
def axe_source() -> str:
    """The axe-core script (`npm ci` installs it)."""
    return AXE_SCRIPT.read_text(encoding="utf-8")


def run_axe(page: Page, label: str | None = None) -> list[Violation]:
    """The serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;undefined")
    results: list[dict[str, Any]] = page.evaluate(
        "options => axe.run(document, options).then(r => r.violations)", RUN_OPTIONS
    )
    name = label or page.url
    return [
        Violation(
            page=name, rule=v["id"], impact=v["impact"], help=v["help"],
            targets=tuple(" ".join(map(str, n["target"])) for n in v["nodes"]),
            summary=(v["nodes"][0].get("failureSummary") or "").replace("\n", " "),
        )
        for v in results
        if v["impact"] in BLOCKING
    ]


def report(violations: list[Violation]) -> str:
    """Violations as a readable list for an assertion message."""
    return f"{len(violations)} serious or critical axe violation(s):\n" + "\n".join(
        str(v) for v in violations
    )
