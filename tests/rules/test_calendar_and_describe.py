"""Calendar overrides (weekend working days by decree) and the text of `assembly rules`."""

from __future__ import annotations

from datetime import date

import holidays

from assembly.law.rulebook import Rulebook, describe


def test_weekend_working_days_by_decree_are_overridden(shipped: Rulebook) -> None:
    overrides = shipped.calendar_overrides()
    assert date(2021, 7, 3) in overrides.working_days  # Sat, LAW.md §2
    assert date(2024, 5, 4) in overrides.working_days  # Sat
    assert all(day.weekday() >= 5 for day in overrides.working_days)
    assert all(source for source in overrides.working_days.values())
    assert dict(overrides.days_off) == {}


def test_the_weekend_working_days_agree_with_the_holidays_package(shipped: Rulebook) -> None:
    known = {
        day
        for day in holidays.KZ(years=range(2020, 2027)).weekend_workdays
        if 2020 <= day.year <= 2026
    }
    assert set(shipped.calendar_overrides().working_days) == known


def _listed(text: str) -> str:
    """The list of values not verified in the act, which opens the text."""
    return text.split("Values not verified in the act")[1].split("\nForms")[0]


def test_describe_lists_the_unverified_values_with_their_source(shipped: Rulebook) -> None:
    text = describe(shipped.at(date(2021, 5, 20)))
    listed = _listed(text)
    assert "places.gandhi-park.max_occupancy = 500; since 2020-07-05; unverified" in listed
    assert "law.hours.earliest_start = 09:00" in listed
    assert "law.procedures.notification.lead_working_days = 5" in listed  # secondary
    assert "city.acts.decision-462 = 2020-07-05" in listed  # the in-force date is estimated
    assert "law.procedures.application.lead_working_days" not in listed  # verified


def test_describe_prints_the_rules_in_force(shipped: Rulebook) -> None:
    text = describe(shipped.at(date(2025, 2, 1)))
    assert "version kz-2025-01-20/almaty-2024-09-15" in text
    rules = text.split("\nForms")[1]
    assert "imanov-square" in rules and "valikhanov-square" not in rules.split("Picketing")[0]
    assert "banned within 400 m" in text
    assert "only after a proposal" in text
    assert "almaty-airport" in text and "(sample layer)" in text
    for section in ("Forms", "Procedures", "Hours", "Outcomes", "Refusal grounds", "Findings"):
        assert section in text


def test_describe_lists_a_verified_value_once_it_is_verified(shipped: Rulebook) -> None:
    before = _listed(describe(shipped.at(date(2021, 5, 20))))
    after = _listed(describe(shipped.at(date(2024, 10, 1))))
    assert "picketing.buffer_m = 150" in before  # secondary (press)
    assert "picketing.buffer_m" not in after  # 400 m is verified in the act


def test_describe_opens_with_the_unverified_values_before_any_rule(shipped: Rulebook) -> None:
    text = describe(shipped.at(date(2021, 5, 20)))
    listed = _listed(text).splitlines()[1:]
    levels = [line.split("; ")[2] for line in listed if line.strip()]
    assert text.index("Values not verified") < text.index("Forms (procedure, where)")
    assert levels[0] == "unverified" and "unverified" not in levels[levels.index("partial"):]
    assert levels == sorted(levels, key=("unverified", "partial", "secondary").index)
    assert "places.gandhi-park.max_occupancy = 500" in "\n".join(listed[:levels.count(
        "unverified")])


def test_every_calendar_entry_names_the_act_that_made_it(shipped: Rulebook) -> None:
    overrides = shipped.calendar_overrides()
    acts = {day.year: act for day, act in overrides.working_days.items()}
    assert all("adilet" in act for act in overrides.working_days.values())
    assert all(acts[year].startswith("Government resolution") for year in range(2020, 2024))
    assert all(acts[year].startswith("Order of the Minister of Labour") for year in (2024, 2025))


def test_the_day_off_transfers_the_new_sources_support_are_secondary(shipped: Rulebook) -> None:
    listed = _listed(describe(shipped.at(date(2025, 6, 1))))
    for day in ("2022-03-05", "2022-08-27", "2022-10-22", "2023-07-01", "2025-01-05"):
        assert f"calendar.working_days.{day} = working day; since {day}; secondary" in listed


def test_no_day_is_moved_in_2026_and_31_august_is_a_working_day(shipped: Rulebook) -> None:
    from assembly.law.workdays import calendar_for

    calendar = calendar_for(shipped)
    assert not [d for d in shipped.calendar_overrides().working_days if d.year == 2026]
    assert calendar.is_working_day(date(2026, 8, 31))
