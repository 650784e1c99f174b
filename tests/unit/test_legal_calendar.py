"""The legal calendar at "When" (issue 15.2): each day of a month is timely, too late, not
allowed, or taken at the chosen place, from the engine's own working days, the rules'
lead periods per form and the bookings (hand-built bookings, the rules in rules/)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assembly.law.rulebook import RulesNotInForce
from assembly.notices.draft import Booking, Closure
from assembly.notices.legal_calendar import PlaceHeld, build_month, day_state
from tests.conftest import at

# Filed Wed 30 June 2021, 10:00 (UTC+6): Sat 3 July was a working day by the 2021 act
# (rules/kz/calendar.yaml), Mon 5 July a day off moved for it, Tue 6 July Capital Day.
FILED_BEFORE_HOLIDAYS = at("2021-06-30T10:00:00+06:00")
FILED = at("2021-05-13T10:00:00+06:00")  # Thu: the last timely day for Thu 20 May 2021


def local(day: date, hhmm: str, offset: str = "+06:00") -> datetime:
    return at(f"{day.isoformat()}T{hhmm}:00{offset}")


def booking(place: str, day: date, start: str, end: str) -> Booking:
    return Booking("ALA-2021-000001", place, local(day, start), local(day, end), True,
                   local(day, "08:00"))


@pytest.fixture
def rules_on(law):
    def rules(day: date):
        try:
            return law.at(day)
        except RulesNotInForce:
            return None
    return rules


def states(month, *days: int) -> list[str]:
    by_day = {d.day.day: d.state for d in month.days()}
    return [by_day[n] for n in days]


def test_a_rally_counts_five_working_days_across_the_capital_day_holidays(law, rules_on):
    month = build_month(date(2021, 7, 1), rules_on, law.calendar, FILED_BEFORE_HOLIDAYS,
                        "rally")

    # Working days 30 Jun, 1, 2, 3 (a Saturday worked by the act) and 7 July: 8 July is
    # the first day with five of them before it; 5 and 6 July are days off.
    assert states(month, 1, 6, 7, 8, 9) == ["late", "late", "late", "available", "available"]
    assert month.earliest == date(2021, 7, 8)


def test_the_days_before_today_are_past_and_june_ends_too_late(law, rules_on):
    month = build_month(date(2021, 6, 1), rules_on, law.calendar, FILED_BEFORE_HOLIDAYS,
                        "rally")

    assert states(month, 1, 29, 30) == ["past", "past", "late"]


def test_a_march_needs_ten_working_days_so_it_opens_later_than_a_rally(law, rules_on):
    rally = build_month(date(2021, 5, 1), rules_on, law.calendar, FILED, "rally")
    march = build_month(date(2021, 5, 1), rules_on, law.calendar, FILED, "march")

    assert rally.earliest == date(2021, 5, 20)
    assert march.earliest is not None and march.earliest > date(2021, 5, 20)
    assert states(rally, 19, 20) == ["late", "available"]
    assert states(march, 20) == ["late"]


def test_a_day_fully_booked_at_the_place_is_taken(law):
    day = date(2021, 5, 21)
    held = [booking("sary-arka-square", day, "09:00", "20:00")]

    result = day_state(day, law.at(day), law.calendar, FILED, "rally",
                       PlaceHeld("sary-arka-square", held))

    assert result.state == "taken" and not result.fileable and result.free == ()


def test_a_day_partly_booked_shows_its_free_periods_within_the_permitted_hours(law):
    day = date(2021, 5, 21)
    held = [booking("sary-arka-square", day, "11:00", "13:00"),
            booking("gandhi-park", day, "09:00", "20:00")]  # another place: no matter

    result = day_state(day, law.at(day), law.calendar, FILED, "rally",
                       PlaceHeld("sary-arka-square", held))

    assert result.state == "partly_taken" and result.fileable
    assert result.free == ((local(day, "09:00"), local(day, "11:00")),
                           (local(day, "13:00"), local(day, "20:00")))


def test_a_free_day_at_the_place_is_available_all_the_permitted_hours(law):
    day = date(2021, 5, 21)

    result = day_state(day, law.at(day), law.calendar, FILED, "rally",
                       PlaceHeld("sary-arka-square"))

    assert result.state == "available"
    assert result.free == ((local(day, "09:00"), local(day, "20:00")),)


def test_the_2024_amendment_ends_valikhanov_square_and_opens_imanov_square(law, rules_on):
    filed = at("2024-09-01T10:00:00+05:00")

    old = build_month(date(2024, 9, 1), rules_on, law.calendar, filed, "rally",
                      PlaceHeld("valikhanov-square"))
    new = build_month(date(2024, 9, 1), rules_on, law.calendar, filed, "rally",
                      PlaceHeld("imanov-square"))

    # In force until 14 September 2024, the amendment from the 15th (city.yaml).
    assert states(old, 13, 14, 15, 16) == ["available", "available", "not_allowed",
                                           "not_allowed"]
    assert states(new, 13, 14, 15, 16) == ["not_allowed", "not_allowed", "available",
                                           "available"]


def test_a_march_is_not_allowed_at_a_square(law):
    day = date(2021, 6, 15)  # timely for a march filed on 13 May

    result = day_state(day, law.at(day), law.calendar, FILED, "march",
                       PlaceHeld("sary-arka-square"))

    assert result.state == "not_allowed"


def test_a_day_without_rules_in_force_is_not_allowed(law):
    result = day_state(date(2019, 6, 1), None, law.calendar, at("2019-05-01T10:00:00+06:00"),
                       "rally")

    assert result.state == "not_allowed"


def test_the_month_is_weeks_from_monday_with_blanks_outside_it(law, rules_on):
    month = build_month(date(2021, 7, 15), rules_on, law.calendar, FILED_BEFORE_HOLIDAYS,
                        "rally")

    assert month.first == date(2021, 7, 1)
    assert all(len(week) == 7 for week in month.weeks)
    assert month.weeks[0][:3] == (None, None, None)  # 1 July 2021 was a Thursday
    assert len(month.days()) == 31
    assert (month.previous, month.next) == (date(2021, 6, 1), date(2021, 8, 1))


def closure(place: str, day: date, start: str, end: str) -> Closure:
    return Closure(place, local(day, start), local(day, end), "works")


def test_a_place_closed_all_day_is_closed_and_a_closure_for_some_hours_takes_them(law):
    day = date(2021, 5, 21)
    rules = law.at(day)
    works = [closure("sary-arka-square", day, "00:00", "23:59")]
    morning = [closure("sary-arka-square", day, "09:00", "12:00")]

    closed = day_state(day, rules, law.calendar, FILED, "rally",
                       PlaceHeld("sary-arka-square", closures=works))
    held = [booking("sary-arka-square", day, "15:00", "16:00")]
    partly = day_state(day, rules, law.calendar, FILED, "rally",
                       PlaceHeld("sary-arka-square", held, morning))

    assert closed.state == "closed" and not closed.fileable
    assert partly.state == "partly_taken"
    assert partly.free == ((local(day, "12:00"), local(day, "15:00")),
                           (local(day, "16:00"), local(day, "20:00")))
