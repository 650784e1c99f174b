"""Builds the typed rule set in force on one date from the parsed rules files.

Every value read is recorded in the rule set's provenance (key, value, since, source,
confidence), so that `assembly rules` can list what is not verified.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from assembly.law.city import City
from assembly.law.dated import Entry, Record
from assembly.law.national import DayRule, Law
from assembly.law.ruleset import (
    Appeal,
    FindingRule,
    Form,
    Ground,
    Hours,
    Outcome,
    Place,
    Procedure,
    ProhibitedObject,
    Provenance,
    RuleSet,
)

# Where a form may be held, by the kind of place the city designates (Art. 9).
_KIND_LOCATIONS = {
    "site": ("special_place", "route_or_place"),
    "route": ("route", "route_or_place"),
}
# Optional Place fields the typed rule set may grow (the loader fills them when present).
_PLACE_FIELDS = frozenset(f.name for f in dataclasses.fields(Place))
_MISSING: Any = object()
_NONE: Mapping[str, tuple[str, ...]] = MappingProxyType({})


class _Reader:
    """Reads the values in force on one date, recording where each one comes from."""

    def __init__(self, on: date):
        self.on = on
        self.provenance: list[Provenance] = []

    def entry(self, rec: Record, name: str) -> Entry | None:
        """The entry of a field in force (recorded in the provenance), or None."""
        history = rec.fields.get(name)
        entry = history.at(self.on) if history is not None else None
        if history is not None and entry is not None:
            key = history.where.provenance_key
            self.provenance.append(
                Provenance(key, entry.value, entry.since, entry.source, entry.confidence)
            )
        return entry

    def peek(self, rec: Record, name: str) -> Entry | None:
        """The entry of a field in force, not recorded again (its confidence, say)."""
        history = rec.fields.get(name)
        return history.at(self.on) if history is not None else None

    def value(self, rec: Record, name: str, default: Any = _MISSING) -> Any:
        """The value in force; without a default, a missing or ended value is an error."""
        entry = self.entry(rec, name)
        if entry is None or entry.value is None:
            if default is _MISSING:
                ended = f" (ended on {entry.since})" if entry is not None else ""
                raise (rec.where / name).error(f"no value in force on {self.on}{ended}")
            return default
        return entry.value


_RANK = ("unverified", "partial", "secondary", "verified")


def weakest(entries: Iterable[Entry | None]) -> Any:
    """The lowest confidence of the entries in force (verified when there are none)."""
    levels = [e.confidence for e in entries if e is not None and e.value is not None]
    return min(levels, key=_RANK.index, default="verified")


def build(law: Law, city: City, calendar: Iterable[DayRule], on: date, version: str) -> RuleSet:
    """The rule set in force on `on`; RulesError names the file and key of a broken value."""
    read = _Reader(on)
    national = _national(read, law)
    places = _places(read, national["forms"], city)
    buffer_m = read.value(city.picketing, "buffer_m")  # Art. 9(5)
    prohibited = tuple(_prohibited(read, city, on))
    _acts_and_calendar(read, law, city, calendar)
    return RuleSet(
        on=on,
        version=version,
        city=city.id,
        timezone=city.timezone,
        reference_prefix=city.reference_prefix,
        places=MappingProxyType(places),
        picket_buffer_m=buffer_m,
        prohibited=prohibited,
        provenance=tuple(read.provenance),
        **national,
    )


def _national(read: _Reader, law: Law) -> dict[str, Any]:
    """The values of law.yaml in force, as keyword arguments of RuleSet."""
    procedures = {
        pid: Procedure(
            id=pid,
            lead_working_days=read.value(rec, "lead_working_days"),
            review_working_days=read.value(rec, "review_working_days"),
            silence=read.value(rec, "silence"),
            registration=read.value(rec, "registration"),
            signature=read.value(rec, "signature"),
            filing_article=rec.static["filing_article"],
            review_article=rec.static["review_article"],
        )
        for pid, rec in law.procedures.items()
    }
    forms = {
        fid: Form(fid, *(read.value(rec, name) for name in ("procedure", "location", "names")))
        for fid, rec in law.forms.items()
    }
    hour_fields = ("earliest_start", "latest_end", "same_day")
    hours = Hours(*(read.value(law.hours, n) for n in hour_fields),
                  confidence=weakest(read.peek(law.hours, n) for n in hour_fields))
    if hours.same_day and hours.earliest_start >= hours.latest_end:
        raise (law.hours.where / "latest_end").error(f"not after earliest_start on {read.on}")
    outcomes = {
        oid: Outcome(oid, read.value(rec, "names"), read.value(rec, "restrictions", _NONE),
                     read.value(rec, "requires_reasoning", False),
                     read.value(rec, "notification_names", None))
        for oid, rec in law.outcomes.items()
    }
    findings = {
        code: FindingRule(
            code,
            rec.static["article"],
            read.value(rec, "ground", None),
            read.value(rec, "severity"),
        )
        for code, rec in law.findings.items()
    }
    channels = read.value(law.delivery, "channels")
    doubled = read.value(law.delivery, "registered_mail_also_for")
    # Art. 11(2), 13(2): a decision sent by e-mail or SMS also goes by registered mail.
    if "registered_mail" not in channels or not set(doubled) <= set(channels) - {"registered_mail"}:
        raise (law.delivery.where / "registered_mail_also_for").error(
            f"on {read.on}: needs registered_mail among the channels and lists only other channels"
        )
    return {
        "forms": MappingProxyType(forms),
        "procedures": MappingProxyType(procedures),
        "hours": hours,
        "outcomes": MappingProxyType(outcomes),
        "grounds": MappingProxyType(
            {gid: _ground(read, gid, rec, findings) for gid, rec in law.grounds.items()}
        ),
        "findings": MappingProxyType(findings),
        "proposal_answer_working_days": read.value(law.proposal, "answer_working_days"),
        "organizer_min_age": read.value(law.organizer, "min_age"),
        "delivery_channels": channels,
        "channels_needing_registered_mail": doubled,
        "unsanctioned_categories": read.value(law.unsanctioned, "categories"),
        "closure_kinds": read.value(law.closures, "kinds"),
        "retention_years": read.value(law.retention, "closed_notice_personal_data_years"),
        "appeal": _appeal(read, law.appeal) if law.appeal is not None else None,
    }


def _appeal(read: _Reader, rec: Record) -> Appeal | None:
    """The appeal route in force (APPC Art. 91-92), or None before it (or after its end)."""
    period = read.value(rec, "complaint_period", None)
    filed_with = read.value(rec, "filed_with", None)
    if period is None or filed_with is None:
        return None
    confidence = weakest(read.peek(rec, n) for n in ("complaint_period", "filed_with"))
    return Appeal(period["months"], filed_with, rec.static["article"], confidence)


def _acts_and_calendar(read: _Reader, law: Law, city: City, calendar: Iterable[DayRule]) -> None:
    """Record the acts in force (their dates may be estimates) and the calendar overrides."""
    for act in (*law.acts.values(), *city.acts.values()):
        if act.date <= read.on:
            source = f"{act.title}: {act.source}"
            read.provenance.append(
                Provenance(act.where.provenance_key, act.date, act.date, source, act.confidence)
            )
    for rule in calendar:
        value = "working day" if rule.where.path[0] == "working_days" else "day off"
        read.provenance.append(
            Provenance(rule.where.provenance_key, value, rule.day, f"{rule.act}; {rule.source}",
                       rule.confidence)
        )


def _ground(read: _Reader, gid: str, rec: Record, findings: dict[str, FindingRule]) -> Ground:
    required = read.value(rec, "requires_finding", None)
    # A machine-checkable ground (Art. 14(1)(4), (10)) is cited only when its finding holds,
    # so that finding must support this very ground.
    if required is not None and findings[required].ground != gid:
        raise (rec.where / "requires_finding").error(
            f"on {read.on}: {required!r} supports {findings[required].ground!r}, not {gid!r}"
        )
    meaning = rec.fields["names"].at(read.on)
    return Ground(
        id=gid,
        article=rec.static["article"],
        names=read.value(rec, "names"),
        requires_finding=required,
        # CC 61-НП (2025-01-20): 14.1.10 only after an alternative was proposed.
        requires_prior_proposal=read.value(rec, "requires_prior_proposal", False),
        confidence=meaning.confidence if meaning else "unverified",
        supported_by=tuple(code for code, rule in findings.items() if rule.ground == gid),
    )


def _places(read: _Reader, forms: dict[str, Form], city: City) -> dict[str, Place]:
    result: dict[str, Place] = {}
    for pid, rec in city.places.items():
        designation = read.entry(rec, "forms")
        if designation is None or designation.value is None:
            continue  # not designated yet, or no longer (a null ends the designation)
        kind = rec.static["kind"]
        for form_id in designation.value:
            form = forms.get(form_id)
            if form is None:
                raise (rec.where / "forms").error(f"unknown form {form_id!r}")
            if form.location not in _KIND_LOCATIONS[kind]:
                raise (rec.where / "forms").error(
                    f"on {read.on} a {form_id} is held at a {form.location}, not at a {kind}"
                )
        feature = city.features[pid]
        extra = {}
        corridor = read.value(rec, "corridor_m", None)
        if "corridor_m" in _PLACE_FIELDS:
            extra["corridor_m"] = corridor
        approximate = feature.properties["approximate"]
        read.provenance.append(
            Provenance(
                f"{rec.where.provenance_key}.geometry",
                feature.shape.geom_type,
                designation.since,
                feature.properties.get("note") or feature.where.file,
                "unverified" if approximate else "verified",
            )
        )
        result[pid] = Place(
            id=pid,
            kind=kind,
            names=read.value(rec, "names"),
            forms=frozenset(designation.value),
            max_occupancy=read.value(rec, "max_occupancy", None),
            occupancy_confidence=weakest([read.peek(rec, "max_occupancy")]),
            shape=feature.shape,
            approximate=approximate,
            **extra,
        )
    return result


def _prohibited(read: _Reader, city: City, on: date) -> Iterable[ProhibitedObject]:
    for item in city.prohibited:
        if item.since <= on and (item.until is None or on < item.until):
            feature = item.feature
            read.provenance.append(
                Provenance(
                    feature.where.provenance_key,
                    item.category,
                    item.since,
                    item.source,
                    item.confidence,
                )
            )
            yield ProhibitedObject(
                feature.id, item.names, item.category, feature.shape, item.sample
            )
