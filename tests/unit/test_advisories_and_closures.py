"""Values the act does not give yield advisories, not findings; closures and a missing
signature support the grounds as written (LAW.md introduction, §4, §5)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from assembly.i18n import finding_message
from assembly.law.rulebook import Rulebook
from assembly.law.ruleset import RuleSet
from assembly.law.workdays import WorkCalendar, calendar_for
from assembly.notices.checks import evaluate
from assembly.notices.draft import Closure, Draft, Location, Organizer
from assembly.notices.findings import Precheck
from assembly.notices.identity import make_iin
from tests.unit.test_checks import IN_2021, local


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return Rulebook.load()


@pytest.fixture(scope="module")
def calendar(rulebook: Rulebook) -> WorkCalendar:
    return calendar_for(rulebook)


def draft(site: str = "sary-arka-square", start: str = "11:00", end: str = "13:00",
          participants: int = 300) -> Draft:
    organizer = Organizer("person", "Айгерим Сапарова", make_iin(date(1990, 3, 15), "female", 1),
                          "Алматы", None, None)
    return Draft("rally", "Парки города", local(IN_2021, start), local(IN_2021, end),
                 Location(site=site), participants, False, False, False, organizer)


def check(d: Draft, rulebook: Rulebook, calendar: WorkCalendar, **kwargs: object) -> Precheck:
    return evaluate(d, rulebook.at(IN_2021), calendar, local(date(2021, 4, 20), "10:00"),
                    **kwargs)  # type: ignore[arg-type]


def only(precheck: Precheck, code: str):  # type: ignore[no-untyped-def]
    (found,) = [f for f in precheck.findings if f.code == code]
    return found


def test_800_people_at_gandhi_park_get_an_advisory_not_a_finding_of_the_law(
    rulebook: Rulebook, calendar: WorkCalendar
) -> None:
    precheck = check(draft("gandhi-park", participants=800), rulebook, calendar)
    advisory = only(precheck, "over_capacity")
    assert (advisory.severity, advisory.ground) == ("advisory", None)
    assert advisory.params["working_value"] is True and advisory.params["capacity"] == 500
    assert precheck.ok
    for lang, words in (("en", "working value"), ("ru", "рабочего значения"),
                        ("kk", "жұмыс мәні")):
        text = finding_message(advisory, lang)
        assert words in text and ("akimat" in text or "акимат" in text or "Әкімдік" in text)


def test_800_people_at_sary_arka_square_get_the_finding_its_confirmed_norm_gives(
    rulebook: Rulebook, calendar: WorkCalendar
) -> None:
    finding = only(check(draft(participants=800), rulebook, calendar), "over_capacity")
    assert finding.severity == "warning" and "working_value" not in finding.params
    assert "working value" not in finding_message(finding, "en")


def test_a_confirmed_gandhi_park_norm_turns_the_advisory_back_into_a_finding(
    rulebook: Rulebook, calendar: WorkCalendar
) -> None:
    base = rulebook.at(IN_2021)
    confirmed = dataclasses.replace(base.places["gandhi-park"], occupancy_confidence="secondary")
    rules = dataclasses.replace(base, places={**base.places, "gandhi-park": confirmed})
    precheck = evaluate(draft("gandhi-park", participants=800), rules, calendar,
                        local(date(2021, 4, 20), "10:00"))
    assert only(precheck, "over_capacity").severity == "warning"


@pytest.mark.parametrize(("start", "end"), [("08:00", "10:00"), ("19:00", "21:00")])
def test_hours_no_act_confirms_yield_an_advisory(
    rulebook: Rulebook, calendar: WorkCalendar, start: str, end: str
) -> None:
    advisory = only(check(draft(start=start, end=end), rulebook, calendar), "outside_hours")
    assert (advisory.severity, advisory.ground) == ("advisory", None)
    assert "unconfirmed working value" in finding_message(advisory, "en")
    assert "неподтверждённое рабочее значение" in finding_message(advisory, "ru")


def test_hours_the_akimat_confirms_yield_the_configured_finding(
    rulebook: Rulebook, calendar: WorkCalendar
) -> None:
    base = rulebook.at(IN_2021)
    rules: RuleSet = dataclasses.replace(
        base, hours=dataclasses.replace(base.hours, confidence="verified"))
    precheck = evaluate(draft(start="08:00", end="10:00"), rules, calendar,
                        local(date(2021, 4, 20), "10:00"))
    assert only(precheck, "outside_hours").severity == base.findings["outside_hours"].severity


def closure(place: str, start: str, end: str, day: date = IN_2021) -> Closure:
    return Closure(place, local(day, start), local(day, end), "works")


@pytest.mark.parametrize(
    ("closed", "found"),
    [
        (closure("sary-arka-square", "12:00", "18:00"), True),
        (closure("sary-arka-square", "13:00", "18:00"), False),  # half-open: 11-13, 13-18
        (closure("sary-arka-square", "08:00", "11:00"), False),
        (closure("gandhi-park", "00:00", "23:59"), False),  # another place
        (Closure("sary-arka-square", local(IN_2021 - timedelta(days=30), "00:00"),
                 local(IN_2021 + timedelta(days=30), "00:00"), "works"), True),
    ],
)
def test_a_closure_of_the_place_at_that_time_is_found_and_supports_14_1_10(
    rulebook: Rulebook, calendar: WorkCalendar, closed: Closure, found: bool
) -> None:
    precheck = check(draft(), rulebook, calendar, closures=(closed,))
    assert ("place_closed" in precheck.codes()) is found
    if found:
        finding = only(precheck, "place_closed")
        assert (finding.ground, finding.severity) == ("14.1.10", "error")
        assert finding.params["closed_from"] == closed.starts_at.isoformat()


def test_a_signature_missing_supports_the_signature_limb_of_14_1_5_only_when_missing(
    rulebook: Rulebook, calendar: WorkCalendar
) -> None:
    assert "signature_missing" not in check(draft(), rulebook, calendar).codes()
    finding = only(check(draft(), rulebook, calendar, signature_missing=True),
                   "signature_missing")
    assert (finding.ground, finding.severity) == ("14.1.5", "error")
    assert "signature" in finding_message(finding, "en")
