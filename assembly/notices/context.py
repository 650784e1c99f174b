"""What every legal check reads (`Context`), and how a check words its finding.

A finding's article, ground and severity are data (`rules.findings[code]`). A check that
measured the draft against a value whose confidence is `unverified` (a working value or a
placeholder: Gandhi Park's occupancy, the permitted hours) gives an *advisory* instead:
no ground, never shown as the law (LAW.md, introduction and §5).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from assembly.law.ruleset import Confidence, Place, Procedure, RuleSet
from assembly.notices.draft import Booking, Closure, Draft
from assembly.notices.findings import Finding


@dataclass(frozen=True, slots=True)
class Context:
    """What every check reads: the draft, the rules, and what evaluate derived once."""

    draft: Draft
    rules: RuleSet
    filed_at: datetime
    bookings: Sequence[Booking]
    procedure: Procedure
    event_date: date
    registration_date: date
    latest_filing_date: date
    place: Place | None  # the site or route in force the draft uses (a point inside a site)
    filing_date: date | None = None  # the local date of submission
    closures: Sequence[Closure] = ()  # closures recorded at the draft's place and time
    signature_missing: bool = False  # a signature was required and is missing


Check = Callable[[Context], Finding | None]


def finding(rules: RuleSet, code: str, measured: Confidence = "verified", **params: Any
            ) -> Finding:
    """The finding `code` as the rules configure it; an advisory (no ground) when the value
    the draft was measured against is unverified."""
    rule = rules.findings[code]
    if measured == "unverified":
        # LAW.md: an unverified value never yields a finding that cites a ground or is
        # shown as the law; it is an advisory marked as an unconfirmed working value.
        return Finding(code, rule.article, None, "advisory", {**params, "working_value": True})
    return Finding(code, rule.article, rule.ground, rule.severity, params)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals [a_start, a_end) and [b_start, b_end) share an instant."""
    return a_start < b_end and b_start < a_end


def place_names(place: Place) -> Mapping[str, str]:
    """A place's names by language (its id when it has none)."""
    return dict(place.names) or {"en": place.id}


def draft_place_id(ctx: Context) -> str | None:
    """The id of the designated place the draft uses (resolved, else as given)."""
    return ctx.place.id if ctx.place is not None else ctx.draft.place.place_id
