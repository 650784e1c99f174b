"""What-if replays: the checks of a year's notices run again under another rule version.

For each notice, the legal checks run under the rules that applied (in force on its event
day) and under the rules of another date, on the same draft and filing instant; the
difference is what the other rule version would have changed: findings gained and lost
(per code, place and month of registration), and refusals whose ground would no longer
hold. Advisories (unconfirmed working values) are not legal findings and do not count.
Findings that depend on the register as it stood, not on the rules (`place_occupied`,
`place_closed`), are taken from the record in both runs. Pure: nothing is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from assembly.law.ruleset import RuleSet
from assembly.law.workdays import WorkCalendar
from assembly.notices.checks import evaluate
from assembly.notices.draft import Draft

# Findings of the register (bookings, closures), not of the rules: kept from the record.
REGISTER_CODES = frozenset({"place_occupied", "place_closed"})
POINT = "point"  # the place key of a notice at no designated place
# Why a refusal ground would no longer hold, in words (the table and the CSV).
REASONS: Mapping[str, str] = {
    "ground_unknown": "the ground is not in the other rules",
    "finding_lost": "the finding the ground needs would not be found",
    "needs_prior_proposal": "it would need a prior proposal of another place or time",
}


@dataclass(frozen=True)
class Replayed:
    """One stored notice as the replay reads it."""

    reference: str
    draft: Draft
    filed_at: datetime
    event_date: date
    registration_month: int
    place_id: str | None
    recorded: frozenset[str]  # the finding codes stored at filing
    grounds: tuple[str, ...] = ()  # the refusal grounds cited, if refused
    proposal_made: bool = False
    signature_missing: bool = False


@dataclass(frozen=True)
class LostRefusal:
    """A refusal ground that would no longer hold under the other rules, and why."""

    reference: str
    ground: str
    reason: str  # ground_unknown, finding_lost, needs_prior_proposal


@dataclass
class WhatIf:
    """What another rule version would have changed for a year's notices."""

    year: int
    rules_on: date
    rules_version: str
    notices: int = 0
    changed: int = 0
    # (code, place, month) -> count
    gained: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    lost: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    refusals: list[LostRefusal] = field(default_factory=list)

    def per(self, part: int) -> dict[Any, dict[str, int]]:
        """Gained and lost findings summed by code (0), place (1) or month (2)."""
        out: dict[Any, dict[str, int]] = {}
        for name, counter in (("gained", self.gained), ("lost", self.lost)):
            for key, n in counter.items():
                out.setdefault(key[part], {"gained": 0, "lost": 0})[name] += n
        return dict(sorted(out.items()))

    def rows(self) -> list[dict[str, Any]]:
        """Every (code, place, month) with its findings gained and lost."""
        keys = sorted(set(self.gained) | set(self.lost), key=lambda k: (k[0], k[1], k[2]))
        return [{"code": c, "place": p, "month": m, "gained": self.gained[(c, p, m)],
                 "lost": self.lost[(c, p, m)]} for c, p, m in keys]

    def as_dict(self) -> dict[str, Any]:
        """The replay as JSON (`assembly whatif --format json`)."""
        by_ground: dict[str, dict[str, int]] = {}
        for r in self.refusals:
            reasons = by_ground.setdefault(r.ground, {})
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
        return {
            "year": self.year,
            "rules_on": self.rules_on.isoformat(),
            "rules_version": self.rules_version,
            "notices": self.notices,
            "changed": self.changed,
            "by_code": self.per(0),
            "by_place": self.per(1),
            "by_month": [{"month": m, **counts} for m, counts in self.per(2).items()],
            "rows": self.rows(),
            "refusals_no_longer_holding": [r.__dict__ for r in self.refusals],
            "refusals_no_longer_holding_by_ground": dict(sorted(by_ground.items())),
        }


def _codes(item: Replayed, rules: RuleSet, calendar: WorkCalendar) -> frozenset[str]:
    """The legal findings (no advisory) of the notice under `rules`, the register's kept."""
    found = evaluate(item.draft, rules, calendar, item.filed_at,
                     signature_missing=item.signature_missing).findings
    return frozenset(
        {f.code for f in found if f.severity != "advisory" and f.code not in REGISTER_CODES}
        | (item.recorded & REGISTER_CODES)
    )


def _lost_grounds(item: Replayed, codes: frozenset[str], rules: RuleSet) -> list[LostRefusal]:
    """The refusal's grounds that `rules` would not let stand on these findings."""
    lost = []
    for gid in item.grounds:
        ground = rules.grounds.get(gid)
        if ground is None:
            reason = "ground_unknown"
        elif ground.requires_finding and not (codes & set(ground.supported_by)):
            reason = "finding_lost"  # the machine-checkable ground the record no longer shows
        elif ground.requires_prior_proposal and not item.proposal_made:
            reason = "needs_prior_proposal"  # CC 61-НП: only after another place or time
        else:
            continue
        lost.append(LostRefusal(item.reference, gid, reason))
    return lost


def replay(
    items: Iterable[Replayed], *, year: int, then: Callable[[date], RuleSet], other: RuleSet,
    calendar: WorkCalendar,
) -> WhatIf:
    """Run each notice's checks under the rules that applied (`then`, by event day) and under
    `other`; one pass, constant work per notice."""
    result = WhatIf(year, other.on, other.version)
    for item in items:
        result.notices += 1
        before = _codes(item, then(item.event_date), calendar)
        after = _codes(item, other, calendar)
        place = item.place_id or POINT
        for code in after - before:
            result.gained[(code, place, item.registration_month)] += 1
        for code in before - after:
            result.lost[(code, place, item.registration_month)] += 1
        lost = _lost_grounds(item, after, other)
        result.refusals += lost
        result.changed += bool(before != after or lost)
    return result
