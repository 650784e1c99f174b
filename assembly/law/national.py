"""The national rules of rules/<country>/: law.yaml and calendar.yaml, strictly parsed.

Cross-checks that depend on the date (a place's forms and their location, a ground and the
finding that supports it) are made when the rule sets are built (rules_build.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from assembly.law.dated import Act, Field, Record, acts, day, record, records
from assembly.law.reading import (
    Where,
    boolean,
    choice,
    choices,
    clock_time,
    integer,
    load_yaml,
    mapping,
    names,
    sourced,
    text,
)

PROCEDURES = ("notification", "application")
SILENCE = ("deemed_accepted", "overdue")
# LAW.md §2 "Registration date": the day of submission (Art. 12(1) part 2), or the earlier
# reading, the next working day for a submission on a day off.
REGISTRATION = ("submission_day", "next_working_day")
# Art. 12(1), 14(1)(5): whether a filing must bear the organizer's signature ("required":
# an EDS on an electronic filing, a handwritten one on paper) or not ("not_required").
SIGNATURE = ("required", "not_required")
LOCATIONS = ("anywhere", "special_place", "route", "route_or_place")
SEVERITIES = ("error", "warning")
# APPC Art. 91(4): a complaint is filed with the body whose act is appealed (which forwards
# it to the superior body), or straight with the superior body.
APPEAL_FILED_WITH = ("issuing_body", "superior_body")


@dataclass(frozen=True)
class Law:
    """rules/<country>/law.yaml, parsed."""

    acts: dict[str, Act]
    procedures: dict[str, Record]
    forms: dict[str, Record]
    hours: Record
    outcomes: dict[str, Record]
    grounds: dict[str, Record]
    findings: dict[str, Record]
    proposal: Record
    organizer: Record
    delivery: Record
    unsanctioned: Record
    closures: Record
    retention: Record
    appeal: Record | None = None  # the appeal route of a decision (APPC), when sourced


@dataclass(frozen=True)
class DayRule:
    """A calendar override from rules/<country>/calendar.yaml."""

    day: date
    act: str  # the act that moved the day (LAW.md §2: each calendar entry names its act)
    source: str
    confidence: str
    where: Where


def load_law(path: Path, where: Where) -> Law:
    """Read law.yaml: procedures, forms, hours, outcomes, grounds, findings, delivery."""
    sections = ("acts", "procedures", "forms", "hours", "outcomes", "grounds", "findings",
                "proposal", "organizer", "delivery", "unsanctioned", "closures",
                "retention")
    raw = mapping(load_yaml(path, where), where, required=sections, optional=("appeal",))
    known = acts(raw["acts"], where / "acts")
    procedures = records(
        raw["procedures"],
        where / "procedures",
        known,
        {
            "lead_working_days": Field(integer(1)),
            "review_working_days": Field(integer(1)),
            "silence": Field(choice(SILENCE)),
            "registration": Field(choice(REGISTRATION)),
            "signature": Field(choice(SIGNATURE)),
        },
        static={"filing_article": text, "review_article": text},
    )
    for procedure_id in procedures:
        choice(PROCEDURES)(procedure_id, where / "procedures" / procedure_id)
    finding_codes = tuple(mapping(raw["findings"], where / "findings"))
    ground_ids = tuple(mapping(raw["grounds"], where / "grounds"))
    return Law(
        acts=known,
        procedures=procedures,
        forms=records(
            raw["forms"],
            where / "forms",
            known,
            {
                "names": Field(names),
                "procedure": Field(choice(procedures)),
                "location": Field(choice(LOCATIONS)),
            },
        ),
        hours=record(
            raw["hours"],
            where / "hours",
            known,
            {
                "earliest_start": Field(clock_time),
                "latest_end": Field(clock_time),
                "same_day": Field(boolean),
            },
        ),
        outcomes=records(
            raw["outcomes"],
            where / "outcomes",
            known,
            {
                "names": Field(names),
                # What a notification's organizer reads instead (the law approves only
                # applications: Art. 11(1) vs 13(1)).
                "notification_names": Field(names, False),
                "restrictions": Field(_restrictions(procedures), False),
                "requires_reasoning": Field(boolean, False),
            },
        ),
        grounds=records(
            raw["grounds"],
            where / "grounds",
            known,
            {
                "names": Field(names),
                "requires_finding": Field(choice(finding_codes), required=False, nullable=True),
                "requires_prior_proposal": Field(boolean, required=False),
            },
            static={"article": text},
        ),
        findings=records(
            raw["findings"],
            where / "findings",
            known,
            {
                "ground": Field(choice(ground_ids), nullable=True),
                "severity": Field(choice(SEVERITIES)),
            },
            static={"article": text},
        ),
        proposal=record(
            raw["proposal"], where / "proposal", known, {"answer_working_days": Field(integer(0))}
        ),
        organizer=record(
            raw["organizer"], where / "organizer", known, {"min_age": Field(integer(0))}
        ),
        delivery=record(
            raw["delivery"],
            where / "delivery",
            known,
            {"channels": Field(choices()), "registered_mail_also_for": Field(choices())},
        ),
        unsanctioned=record(
            raw["unsanctioned"], where / "unsanctioned", known, {"categories": Field(choices())}
        ),
        closures=record(raw["closures"], where / "closures", known, {"kinds": Field(choices())}),
        retention=record(raw["retention"], where / "retention", known,
                         {"closed_notice_personal_data_years": Field(integer(1))}),
        appeal=_appeal(raw["appeal"], where / "appeal", known) if "appeal" in raw else None,
    )


def _appeal(node: Any, where: Where, known: dict[str, Act]) -> Record:
    """The appeal route (APPC Art. 91-92): the complaint period and where it is filed."""
    return record(
        node,
        where,
        known,
        {"complaint_period": Field(_period), "filed_with": Field(choice(APPEAL_FILED_WITH))},
        static={"article": text},
    )


def _period(value: Any, where: Where) -> MappingProxyType[str, int]:
    """A period in whole months: `{months: 3}`."""
    mapping(value, where, required=("months",))
    return MappingProxyType({"months": integer(1)(value["months"], where / "months")})


def _restrictions(procedures: dict[str, Record]) -> Any:
    def check(value: Any, where: Where) -> MappingProxyType[str, tuple[str, ...]]:
        mapping(value, where, optional=procedures)
        if not value:
            raise where.error("expected restrictions for at least one procedure")
        return MappingProxyType({p: choices()(ids, where / p) for p, ids in value.items()})

    return check


def load_calendar(path: Path, where: Where) -> tuple[tuple[DayRule, ...], tuple[DayRule, ...]]:
    """Read calendar.yaml: weekend days made working days, and extra days off, by decree."""
    raw = mapping(load_yaml(path, where), where, required=("working_days", "days_off"))
    working = _days(raw["working_days"], where / "working_days", weekend=True)
    off = _days(raw["days_off"], where / "days_off", weekend=False)
    for rule in off:
        if rule.day in {w.day for w in working}:
            raise rule.where.error("is also listed under working_days")
    return working, off


def _days(node: Any, where: Where, weekend: bool) -> tuple[DayRule, ...]:
    if node is None or node == {}:
        return ()
    result: list[DayRule] = []
    for key, raw in mapping(node, where).items():
        at = where / key
        when = day(key, at, {})
        if result and when <= result[-1].day:
            raise at.error(f"dates out of order or repeated after {result[-1].day}")
        if (when.weekday() >= 5) != weekend:
            expected = "a Saturday or Sunday" if weekend else "a weekday"
            raise at.error(f"expected {expected}, got a {when:%A}")
        body = mapping(raw, at, required=("act", "source", "confidence"), optional=("note",))
        act = text(body["act"], at / "act")
        result.append(DayRule(when, act, *sourced(body, at, cited=act), at))
    return tuple(result)
