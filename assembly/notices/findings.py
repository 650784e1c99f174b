"""What the legal checks produce: findings, and the precheck of a draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal


@dataclass(frozen=True)
class Finding:
    """One legal finding on a draft (LAW.md §5), with the ground it supports; its message in
    words is `assembly.i18n.finding_message`."""

    code: str  # late_filing, outside_hours, not_a_special_place, ...
    article: str
    ground: str | None  # refusal ground it supports, e.g. "14.1.4"
    # advisory: measured against an unverified working value; no ground, not the law.
    severity: Literal["error", "warning", "advisory"]
    params: Mapping[str, Any] = field(default_factory=dict)  # JSON-safe values only


@dataclass(frozen=True)
class Precheck:
    """Deadlines and findings of a draft filed at a given instant."""

    procedure: str
    rules_version: str
    registration_date: date
    latest_filing_date: date
    decision_due: datetime  # aware UTC: end of the last working day of review
    event_date: date  # local date of the start
    findings: tuple[Finding, ...]
    # The designated place the draft uses: its site or route, or the site holding its point.
    place_id: str | None = None

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity == "error" for f in self.findings)

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}
