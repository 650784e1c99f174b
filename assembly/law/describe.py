"""The rule set in force as plain text: what `assembly rules [--on DATE]` prints."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from assembly.law.ruleset import RuleSet


def describe(rules: RuleSet) -> str:
    """The rules in force on `rules.on`, opening with every value not verified in the act:
    the unverified ones (working values and placeholders) first (LAW.md)."""
    unverified = rules.unverified()
    lines = [
        f"Rules in force in {rules.city} on {rules.on}: version {rules.version}",
        f"Time zone {rules.timezone}; notice references {rules.reference_prefix}-YYYY-NNNNNN",
        "",
        f"Values not verified in the act ({len(unverified)}), unverified first: an unverified"
        " value is a working value to be confirmed by the akimat's lawyers; it yields"
        " advisories, never a finding that cites a ground",
    ]
    for p in unverified:
        lines.append(f"  {p.key} = {_show(p.value)}; since {p.since}; {p.confidence}; {p.source}")
    lines += ["", "Forms (procedure, where)"]
    for form in rules.forms.values():
        lines.append(
            f"  {form.id:<14} {form.procedure:<13} {form.location:<15} {_names(form.names)}"
        )
    lines += ["", "Procedures"]
    for p in rules.procedures.values():
        lines.append(
            f"  {p.id:<13} filed at least {p.lead_working_days} working days before the event day"
            f" ({p.filing_article}); reviewed within {p.review_working_days} working days"
            f" ({p.review_article}); silence: {p.silence}; registration: {p.registration};"
            f" organizer's signature (EDS or on paper): {p.signature}"
        )
    hours = rules.hours
    same_day = ", on the same day" if hours.same_day else ""
    lines += [
        "",
        f"Hours: from {hours.earliest_start:%H:%M} to {hours.latest_end:%H:%M}"
        f" local time{same_day}",
        "",
        "Outcomes",
    ]
    for outcome in rules.outcomes.values():
        reasoned = " (with written reasoning)" if outcome.requires_reasoning else ""
        lines.append(f"  {outcome.id:<19} {_names(outcome.names)}{reasoned}")
        for procedure, restrictions in outcome.restrictions.items():
            lines.append(f"  {'':<19} {procedure}: {', '.join(restrictions)}")
    lines += ["", "Refusal grounds (Art. 14(1))"]
    for ground in rules.grounds.values():
        needs = (f"; needs finding {' or '.join(ground.supported_by)}"
                 if ground.requires_finding else "")
        prior = "; only after a proposal" if ground.requires_prior_proposal else ""
        lines.append(
            f"  {ground.id:<8} {ground.article:<15} {ground.names['en']}"
            f" [{ground.confidence}{needs}{prior}]"
        )
    lines += ["", "Findings (severity, article, ground supported)"]
    for rule in rules.findings.values():
        lines.append(f"  {rule.code:<20} {rule.severity:<8} {rule.article} -> {rule.ground or '-'}")
    lines += ["", "Special places and routes in force"]
    for place in rules.places.values():
        capacity = f"max {place.max_occupancy or 'not set'}; " if place.kind == "site" else ""
        approximate = "approximate geometry; " if place.approximate else ""
        lines.append(
            f"  {place.id:<20} {place.kind:<6} {', '.join(sorted(place.forms)):<21}"
            f"{capacity}{approximate}{place.names['en']}"
        )
    if not rules.places:
        lines.append("  none")
    lines += ["", f"Picketing: banned within {rules.picket_buffer_m:g} m of prohibited objects"]
    for item in rules.prohibited:
        sample = " (sample layer)" if item.sample else ""
        lines.append(f"  {item.id:<22} {item.category:<14} {item.names['en']}{sample}")
    lines += [
        "",
        f"Answer to a proposal: within {rules.proposal_answer_working_days} working day(s)",
        f"Delivery channels: {', '.join(rules.delivery_channels)}; also by registered mail"
        f" when sent by {', '.join(rules.channels_needing_registered_mail)} (Art. 11(2), 13(2))",
    ]
    lines.append(f"Unsanctioned events logged as: {', '.join(rules.unsanctioned_categories)}")
    lines.append(f"Closures recorded for: {', '.join(rules.closure_kinds)} (Art. 14(1)(10))")
    lines.append(f"Personal data of closed notices kept {rules.retention_years} year(s) after"
                 " the assembly's day, then pseudonymised (Law No. 94-V Art. 12)")
    appeal = rules.appeal
    lines.append(
        f"Appeal: a complaint filed with the {appeal.filed_with.replace('_', ' ')} within"
        f" {appeal.complaint_months} month(s) of learning of the decision (APPC {appeal.article});"
        f" {appeal.confidence}" if appeal else "Appeal: no complaint period in the rules")
    return "\n".join(lines) + "\n"


def _names(names: Mapping[str, str]) -> str:
    return " / ".join(names[lang] for lang in ("en", "ru", "kk") if lang in names)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, Mapping):
        if "en" in value:
            return str(value["en"])
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)
