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


def test_describe_lists_the_unverified_values_with_their_source(shipped: Rulebook) -> None:
    text = describe(shipped.at(date(2021, 5, 20)))
    listed = text.split("Values not verified in the act")[1]
    assert "places.gandhi-park.max_occupancy = 500; since 2020-07-05; unverified" in listed
    assert "law.hours.earliest_start = 09:00" in listed
    assert "law.procedures.notification.lead_working_days = 5" in listed  # secondary
    assert "city.acts.decision-462 = 2020-07-05" in listed  # the in-force date is estimated
    assert "law.procedures.application.lead_working_days" not in listed  # verified


def test_describe_prints_the_rules_in_force(shipped: Rulebook) -> None:
    text = describe(shipped.at(date(2025, 2, 1)))
    assert "version kz-2025-01-20/almaty-2024-09-15" in text
    assert "imanov-square" in text and "valikhanov-square" not in text.split("Picketing")[0]
    assert "banned within 400 m" in text
    assert "only after a proposal" in text
    assert "almaty-airport" in text and "(sample layer)" in text
    for section in ("Forms", "Procedures", "Hours", "Outcomes", "Refusal grounds", "Findings"):
        assert section in text


def test_describe_lists_a_verified_value_once_it_is_verified(shipped: Rulebook) -> None:
    before = describe(shipped.at(date(2021, 5, 20))).split("Values not verified")[1]
    after = describe(shipped.at(date(2024, 10, 1))).split("Values not verified")[1]
    assert "picketing.buffer_m = 150" in before  # secondary (press)
    assert "picketing.buffer_m" not in after  # 400 m is verified in the act
