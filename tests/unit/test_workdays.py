"""Working days, registration, timely filing and decision deadlines (LAW.md §2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

import holidays
import pytest

from assembly.law import package_days, workdays
from assembly.law.ruleset import CalendarOverrides
from assembly.law.workdays import WorkCalendar, calendar_for

NOTIFICATION_LEAD, APPLICATION_LEAD = 5, 10  # Art. 10 / Art. 12, as the rules give them
NOTIFICATION_REVIEW, APPLICATION_REVIEW = 3, 7  # Art. 11 / Art. 13

DECREE_2021 = "Government decree on moving days off in 2021 (test)"


def create_calendar(
    working_days: dict[date, str] | None = None, days_off: dict[date, str] | None = None
) -> WorkCalendar:
    return WorkCalendar(CalendarOverrides(working_days or {}, days_off or {}))


@pytest.fixture
def calendar() -> WorkCalendar:
    return create_calendar({date(2021, 7, 3): DECREE_2021})


def blank_days(country: str, years: object) -> dict[int, frozenset[date]]:
    """A holidays package that knows no holiday and no decree: Sat and Sun off."""
    return {year: frozenset() for year in years}  # type: ignore[attr-defined]


@pytest.fixture
def blank_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workdays, "days_apart", blank_days)


def at_almaty(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=workdays.zone("Asia/Almaty"))


# --- working days -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2021, 5, 3), False),  # Mon, Solidarity Day moved from Sat 1 May
        (date(2021, 5, 4), True),
        (date(2021, 5, 7), False),  # Fri, Defender of the Fatherland Day
        (date(2021, 5, 8), False),  # Sat
        (date(2021, 5, 10), False),  # Mon, Victory Day moved from Sun 9 May
        (date(2021, 5, 11), True),
        (date(2021, 12, 16), False),  # Independence Day
        (date(2021, 12, 17), False),  # Independence Day
        (date(2021, 12, 31), True),
        (date(2022, 1, 3), False),  # New Year moved from the weekend
        (date(2022, 1, 4), False),
        (date(2022, 1, 5), True),
        (date(2021, 7, 3), True),  # Sat worked by decree
        (date(2021, 7, 5), False),  # Mon off in exchange
        (date(2024, 5, 4), True),  # Sat worked by decree
        (date(2024, 5, 8), False),  # Wed off in exchange
    ],
)
def test_working_days_follow_kazakh_holidays_and_decrees(
    calendar: WorkCalendar, day: date, working: bool
) -> None:
    assert calendar.is_working_day(day) is working


def test_the_may_holidays_of_2021_leave_seven_working_days_in_the_first_half_of_may(
    calendar: WorkCalendar,
) -> None:
    first_half = [date(2021, 5, d) for d in range(1, 15)]
    assert [d.day for d in first_half if calendar.is_working_day(d)] == [4, 5, 6, 11, 12, 13, 14]


@pytest.mark.parametrize("with_override", [True, False])
def test_saturday_2021_07_03_is_a_working_day_with_or_without_the_override(
    with_override: bool,
) -> None:
    overrides = {date(2021, 7, 3): DECREE_2021} if with_override else {}
    assert create_calendar(overrides).is_working_day(date(2021, 7, 3))


@pytest.mark.usefixtures("blank_package")
@pytest.mark.parametrize("with_override", [True, False])
def test_saturday_2021_07_03_works_from_the_override_alone_when_the_package_lacks_it(
    with_override: bool,
) -> None:
    overrides = {date(2021, 7, 3): DECREE_2021} if with_override else {}
    assert create_calendar(overrides).is_working_day(date(2021, 7, 3)) is with_override


def test_package_and_override_decrees_add_up() -> None:
    # Sat 2021-07-10 worked by a decree only the overrides know (a test decree).
    only_package = create_calendar()
    union = create_calendar({date(2021, 7, 10): "test decree"})
    assert only_package.is_working_day(date(2021, 7, 3))
    assert not only_package.is_working_day(date(2021, 7, 10))
    assert union.is_working_day(date(2021, 7, 3))
    assert union.is_working_day(date(2021, 7, 10))
    assert union.add_working_days(date(2021, 7, 8), NOTIFICATION_REVIEW) == date(2021, 7, 12)


def test_an_extra_day_off_by_decree_is_not_a_working_day() -> None:
    calendar = create_calendar(days_off={date(2021, 7, 7): "test decree"})
    assert not calendar.is_working_day(date(2021, 7, 7))
    assert calendar.next_working_day(date(2021, 7, 7)) == date(2021, 7, 8)


def test_a_date_cannot_be_both_working_and_off_by_decree() -> None:
    with pytest.raises(ValueError, match="both working and off"):
        create_calendar({date(2021, 7, 3): "a"}, {date(2021, 7, 3): "b"})


def test_the_year_end_holidays_are_skipped(calendar: WorkCalendar) -> None:
    assert calendar.next_working_day(date(2021, 12, 15), include_self=False) == date(2021, 12, 20)
    assert calendar.add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 5)
    assert calendar.working_days_back(date(2022, 1, 4), 1) == date(2021, 12, 31)


def test_counting_back_includes_the_starting_day(calendar: WorkCalendar) -> None:
    assert calendar.working_days_back(date(2021, 5, 19), 1) == date(2021, 5, 19)
    assert calendar.working_days_back(date(2021, 5, 16), 1) == date(2021, 5, 14)


def test_adding_zero_working_days_stays_put_and_negative_counts_are_refused(
    calendar: WorkCalendar,
) -> None:
    assert calendar.add_working_days(date(2021, 5, 8), 0) == date(2021, 5, 8)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2021, 5, 8), -1)
    with pytest.raises(ValueError):
        calendar.working_days_back(date(2021, 5, 8), 0)


# --- local dates and the 2024 time-zone change ---------------------------------------


@pytest.mark.parametrize(
    ("instant", "local"),
    [
        # UTC+6 until the change: 18:30Z is already the next local day.
        (datetime(2023, 3, 1, 18, 30, tzinfo=UTC), datetime(2023, 3, 2, 0, 30)),
        (datetime(2024, 2, 29, 17, 30, tzinfo=UTC), datetime(2024, 2, 29, 23, 30)),
        # At 2024-03-01 00:00 (+06) = 18:00Z clocks went back to 23:00 (+05) on 29 Feb.
        (datetime(2024, 2, 29, 18, 30, tzinfo=UTC), datetime(2024, 2, 29, 23, 30)),
        # UTC+5 since: 18:30Z is still the same local day.
        (datetime(2024, 3, 1, 18, 30, tzinfo=UTC), datetime(2024, 3, 1, 23, 30)),
    ],
)
def test_instants_become_almaty_local_time_across_the_2024_change(
    calendar: WorkCalendar, instant: datetime, local: datetime
) -> None:
    assert instant.astimezone(calendar.zone).replace(tzinfo=None) == local
    assert calendar.local_date(instant) == local.date()


def test_a_naive_instant_is_refused(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="aware"):
        calendar.local_date(datetime(2021, 5, 13, 12, 0))


def test_the_end_of_a_local_day_is_an_aware_utc_instant_at_23_59_59_local(
    calendar: WorkCalendar,
) -> None:
    assert calendar.end_of_local_day(date(2021, 5, 18)) == datetime(
        2021, 5, 18, 17, 59, 59, tzinfo=UTC
    )
    assert calendar.end_of_local_day(date(2024, 3, 1)) == datetime(
        2024, 3, 1, 18, 59, 59, tzinfo=UTC
    )
    # 29 Feb 2024 lived 23:00-24:00 twice: the day ends at the later 23:59:59 (+05).
    assert calendar.end_of_local_day(date(2024, 2, 29)) == datetime(
        2024, 2, 29, 18, 59, 59, tzinfo=UTC
    )


# --- registration date -------------------------------------------------------------------


def test_a_saturday_filing_registers_on_saturday_itself(calendar: WorkCalendar) -> None:
    # Art. 12(1) part 2: the day of submission is the day of registration (LAW.md §2).
    assert calendar.registration_date(at_almaty(2021, 5, 15, 10), "submission_day") == date(
        2021, 5, 15)


def test_under_the_earlier_reading_a_saturday_filing_registers_on_monday(
    calendar: WorkCalendar,
) -> None:
    assert calendar.registration_date(at_almaty(2021, 5, 15, 10), "next_working_day") == date(
        2021, 5, 17)


@pytest.mark.parametrize("reading", ["submission_day", "next_working_day"])
def test_a_filing_at_23_30_local_on_a_working_day_registers_that_day(
    calendar: WorkCalendar, reading: str
) -> None:
    filed_at = at_almaty(2021, 5, 13, 23, 30).astimezone(UTC)
    assert filed_at.date() == date(2021, 5, 13)
    assert calendar.registration_date(filed_at, reading) == date(2021, 5, 13)


def test_a_filing_after_local_midnight_registers_on_the_next_local_day(
    calendar: WorkCalendar,
) -> None:
    # 18:30Z on Wed 2023-05-17 is 00:30 on Thu 18 May in Almaty (UTC+6).
    assert calendar.registration_date(
        datetime(2023, 5, 17, 18, 30, tzinfo=UTC), "submission_day") == date(2023, 5, 18)


@pytest.mark.parametrize(("reading", "registered"), [
    ("submission_day", date(2021, 5, 7)), ("next_working_day", date(2021, 5, 11))])
def test_a_filing_on_the_eve_of_the_may_holidays_registers_by_the_reading(
    calendar: WorkCalendar, reading: str, registered: date
) -> None:
    # Fri 7 May 2021 was a day off moved by the Government; 9-10 May Victory Day.
    assert calendar.registration_date(at_almaty(2021, 5, 7, 9), reading) == registered


def test_an_unknown_registration_reading_is_an_error(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="unknown registration reading"):
        calendar.registration_date(at_almaty(2021, 5, 7, 9), "whenever")


# --- timely filing (Art. 10, 12) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "latest"),
    [(NOTIFICATION_LEAD, date(2021, 5, 13)), (APPLICATION_LEAD, date(2021, 5, 4))],
    ids=["rally notification", "march application"],
)
def test_latest_filing_date_for_an_event_on_thursday_2021_05_20(
    calendar: WorkCalendar, lead: int, latest: date
) -> None:
    event = date(2021, 5, 20)
    assert calendar.latest_filing_date(event, lead) == latest
    # The definition: exactly N working days d with R <= d < E, none to spare.
    assert calendar.count_working_days(latest, event) == lead
    assert calendar.is_timely(latest, event, lead)
    day_after = calendar.next_working_day(latest, include_self=False)
    assert not calendar.is_timely(day_after, event, lead)


def test_a_filing_registered_after_the_event_is_never_timely(calendar: WorkCalendar) -> None:
    assert not calendar.is_timely(date(2021, 5, 21), date(2021, 5, 20), NOTIFICATION_LEAD)


def test_latest_filing_date_skips_the_year_end_holidays(calendar: WorkCalendar) -> None:
    # Event Thu 2022-01-06: working days back from 5 Jan are 5 Jan, 31, 30, 29, 28 Dec.
    assert calendar.latest_filing_date(date(2022, 1, 6), NOTIFICATION_LEAD) == date(2021, 12, 28)


# --- decision due (Art. 11, 13) -------------------------------------------------------------


def test_a_notification_registered_2021_05_13_is_due_at_the_end_of_2021_05_18(
    calendar: WorkCalendar,
) -> None:
    due = calendar.decision_due(date(2021, 5, 13), NOTIFICATION_REVIEW)
    assert due.tzinfo is UTC
    local = due.astimezone(calendar.zone)
    assert (local.date(), local.time()) == (date(2021, 5, 18), time(23, 59, 59))


def test_a_notification_registered_2021_06_30_is_due_on_the_working_saturday(
    calendar: WorkCalendar,
) -> None:
    due = calendar.decision_due(date(2021, 6, 30), NOTIFICATION_REVIEW)
    assert calendar.local_date(due) == date(2021, 7, 3)
    assert due == datetime(2021, 7, 3, 17, 59, 59, tzinfo=UTC)


def test_an_application_registered_before_the_may_holidays_is_due_seven_working_days_later(
    calendar: WorkCalendar,
) -> None:
    due = calendar.decision_due(date(2021, 4, 29), APPLICATION_REVIEW)
    # 30 Apr, 4, 5, 6, 11, 12, 13 May.
    assert calendar.local_date(due) == date(2021, 5, 13)


# --- one calendar per rulebook ------------------------------------------------------------


class FakeRulebook:
    """The two things calendar_for reads from a Rulebook."""

    timezone = "Asia/Almaty"

    def __init__(self) -> None:
        self.calls = 0

    def calendar_overrides(self) -> CalendarOverrides:
        self.calls += 1
        return CalendarOverrides({date(2021, 7, 10): "test decree"}, {})


def test_calendar_for_builds_one_calendar_per_rulebook() -> None:
    first, second = FakeRulebook(), FakeRulebook()
    calendar = calendar_for(first)
    assert calendar_for(first) is calendar
    assert first.calls == 1
    assert calendar.is_working_day(date(2021, 7, 10))
    assert calendar_for(second) is not calendar


def test_calendar_for_accepts_a_rulebook_that_cannot_be_weakly_referenced() -> None:
    rulebook = SimpleNamespace(
        timezone="Asia/Almaty", calendar_overrides=lambda: CalendarOverrides({}, {})
    )
    assert calendar_for(rulebook) is calendar_for(rulebook)


@pytest.mark.parametrize(("registration", "earliest"), [
    (date(2021, 5, 13), date(2021, 5, 20)),  # Thu: five working days, 13-19 May
    (date(2021, 5, 14), date(2021, 5, 21)),  # Fri: one day later
    (date(2021, 5, 15), date(2021, 5, 22)),  # Sat: the days 17-21 May count
    (date(2021, 12, 14), date(2021, 12, 23)),  # 14, 15, 20, 21, 22: 16-17 Dec are holidays
])
def test_the_earliest_timely_event_date_is_the_first_day_the_deadline_allows(
    calendar: WorkCalendar, registration: date, earliest: date
) -> None:
    assert calendar.earliest_timely_event_date(registration, 5) == earliest
    assert calendar.is_timely(registration, earliest, 5)
    assert not calendar.is_timely(registration, earliest - timedelta(days=1), 5)


def test_the_one_country_holidays_are_the_packages_own_for_every_day_from_1991_to_2035() -> None:
    ours, package = package_days.country_holidays("KZ"), holidays.country_holidays("KZ")
    day, differing = date(1991, 1, 1), []
    while day < date(2036, 1, 1):
        if (ours.is_working_day(day), ours.get(day)) != (
                package.is_working_day(day), package.get(day)):
            differing.append(day)
        day += timedelta(days=1)
    assert differing == []
    assert len(ours) == len(package) > 400


def test_a_country_the_registry_does_not_know_is_left_to_the_package() -> None:
    with pytest.raises(NotImplementedError):
        package_days.country_holidays("XX")


def test_the_work_calendar_loads_one_countrys_module_not_every_country() -> None:
    import subprocess
    import sys

    script = ("import sys\nfrom datetime import date\nfrom assembly.law import package_days\n"
              "assert not package_days.country_holidays('KZ').is_working_day(date(2026, 3, 9))\n"
              "print(sorted(m for m in sys.modules if m.startswith('holidays.countries')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_the_work_calendar_answers_as_the_package_for_every_day_from_2015_to_2032() -> None:
    # The package's days come from a child process (`package_days`), kept as exceptions
    # to Monday-Friday: the answers are the package's own.
    calendar, package = create_calendar(), holidays.country_holidays("KZ")
    day, differing = date(2015, 1, 1), []
    while day < date(2033, 1, 1):
        if calendar.is_working_day(day) != package.is_working_day(day):
            differing.append(day)
        day += timedelta(days=1)
    assert differing == []


def test_the_days_computed_apart_are_those_computed_in_process() -> None:
    years = [2013, 2014, 2021, 2024, 2026]

    apart = workdays.days_apart("KZ", years)

    assert apart == package_days.package_days("KZ", years)
    assert date(2014, 1, 3) in apart[2014] and date(2013, 12, 28) in apart[2013]  # moved


def test_the_package_is_asked_once_for_the_years_around_the_one_needed() -> None:
    asked: list[list[int]] = []

    def counting(country: str, years: object) -> dict[int, frozenset[date]]:
        asked.append(list(years))  # type: ignore[call-overload]
        return blank_days(country, years)

    calendar = WorkCalendar(CalendarOverrides({}, {}), days=counting)
    calendar.add_working_days(date(2030, 12, 20), 30)  # into 2031
    calendar.is_working_day(date(2028, 6, 1))

    assert asked == [[2028, 2029, 2030, 2031, 2032]]


def test_using_the_work_calendar_imports_no_holidays_package() -> None:
    import subprocess
    import sys

    script = ("import sys\nfrom datetime import date\nfrom assembly.law import workdays\n"
              "from assembly.law.ruleset import CalendarOverrides\n"
              "calendar = workdays.WorkCalendar(CalendarOverrides({}, {}))\n"
              "assert not calendar.is_working_day(date(2026, 3, 9))\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'holidays', 'dateutil'}))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1, 1, 6), date(9999, 12, 31)])
def test_the_first_and_the_last_days_of_the_calendar_are_answered(day: date) -> None:
    # The years asked for around them stay within the calendar (no year 0 or 10000).
    assert create_calendar().is_working_day(day) == (day.weekday() < 5)
