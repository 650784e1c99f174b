"""The legal checks of LAW.md §5, under both Almaty versions (2020 decision, 2024 amendment)."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest

from assembly.i18n import LANGUAGES, finding_message
from assembly.law.rulebook import Rulebook
from assembly.law.ruleset import RuleSet
from assembly.law.workdays import WorkCalendar, calendar_for, zone
from assembly.notices import geography
from assembly.notices.checks import CHECKS, evaluate, overlaps, resolve_place, resolve_place_id
from assembly.notices.draft import Booking, Draft, Location, Organizer
from assembly.notices.findings import Precheck
from assembly.notices.identity import check_digit, make_bin, make_iin

IN_2021 = date(2021, 5, 20)  # Thu; the 2020 decision in force
IN_2025 = date(2025, 5, 20)  # Tue; the 2024 amendment in force (UTC+5 since 2024-03-01)
LAW_CODES = {
    "late_filing", "outside_hours", "not_a_special_place", "not_the_route", "over_capacity",
    "place_occupied", "prohibited_zone", "organizer_not_adult", "place_closed",
    "signature_missing",
}


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return Rulebook.load()


@pytest.fixture(scope="module")
def calendar(rulebook: Rulebook) -> WorkCalendar:
    return calendar_for(rulebook)


@pytest.fixture(scope="module")
def rules(rulebook: Rulebook) -> Callable[[date], RuleSet]:
    return rulebook.at


def local(on: date, hhmm: str) -> datetime:
    """An Almaty wall-clock time on a date, as aware UTC."""
    wall = datetime.combine(on, time.fromisoformat(hhmm), tzinfo=zone("Asia/Almaty"))
    return wall.astimezone(UTC)


def person(birth: date = date(1990, 3, 15)) -> Organizer:
    iin = make_iin(birth, "female", 1)
    return Organizer("person", "Айгерим Сапарова", iin, "Алматы", None, None)


def make_draft(
    form: str = "rally",
    on: date = IN_2021,
    start: str = "11:00",
    end: str = "13:00",
    place: Location | None = None,
    participants: int = 300,
    organizer: Organizer | None = None,
) -> Draft:
    return Draft(
        form=form, purpose="Парки города", starts_at=local(on, start), ends_at=local(on, end),
        place=place or Location(site="sary-arka-square"), expected_participants=participants,
        sound_amplification=False, vehicles=False, structures=False,
        organizer=organizer or person(),
    )


def run(
    draft: Draft,
    rules: Callable[[date], RuleSet],
    calendar: WorkCalendar,
    filed_at: datetime | None = None,
    bookings: tuple[Booking, ...] = (),
) -> Precheck:
    """Evaluate a draft under the rules in force on its local date, filed a month ahead."""
    event_date = calendar.local_date(draft.starts_at)
    filed_at = filed_at or local(event_date - timedelta(days=30), "10:00")
    return evaluate(draft, rules(event_date), calendar, filed_at, bookings)


def codes(precheck: Precheck) -> set[str]:
    return precheck.codes()


def inside(place_id: str, rules: RuleSet) -> Location:
    """A point inside a site in force."""
    lat, lon = geography.representative_lat_lon(rules.places[place_id].geometry)
    return Location(lat=lat, lon=lon, address="в сквере")


def far_from_every_site() -> Location:
    return Location(lat=43.20, lon=76.80, address="окраина")


def point_near(rules: RuleSet, metres: float) -> Location:
    """A point `metres` north of the outline of the first prohibited object in force."""
    target = rules.prohibited[0]
    minx, _, maxx, maxy = target.geometry.bounds
    lon = (minx + maxx) / 2
    low, high = maxy, maxy + 0.1
    for _ in range(60):  # bisect the latitude to the wanted geodesic distance
        mid = (low + high) / 2
        if geography.distance_to_geometry_m(mid, lon, target.geometry) < metres:
            low = mid
        else:
            high = mid
    return Location(lat=low, lon=lon)


# --- the registry and the whole evaluation ----------------------------------------------


def test_the_registry_holds_one_check_per_finding_code_of_the_law() -> None:
    assert set(CHECKS) == LAW_CODES


@pytest.mark.parametrize("on", [IN_2021, IN_2025])
def test_the_shipped_rules_configure_every_check(
    rules: Callable[[date], RuleSet], on: date
) -> None:
    assert set(rules(on).findings) >= LAW_CODES


@pytest.mark.parametrize("on", [IN_2021, IN_2025])
def test_a_timely_rally_at_a_special_place_in_force_is_ok(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, on: date
) -> None:
    precheck = run(make_draft(on=on), rules, calendar)
    assert precheck.findings == ()
    assert precheck.ok
    assert precheck.procedure == "notification"
    assert precheck.event_date == on
    assert precheck.rules_version == rules(on).version


def test_a_march_follows_the_application_procedure(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = make_draft("march", place=Location(route="shevchenko-street"))
    assert run(draft, rules, calendar).procedure == "application"


def test_the_deadlines_of_a_rally_registered_on_13_may_2021(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    precheck = run(make_draft(), rules, calendar, filed_at=local(date(2021, 5, 13), "18:30"))
    assert precheck.registration_date == date(2021, 5, 13)
    assert precheck.latest_filing_date == date(2021, 5, 13)
    # Art. 11(1): three working days from registration, to the end of the local day.
    assert precheck.decision_due == datetime(2021, 5, 18, 17, 59, 59, tzinfo=UTC)
    assert precheck.ok


def test_a_notice_filed_on_a_saturday_registers_that_day_and_counts_from_it(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    # LAW.md §2: submitted Sat 2021-05-15 -> registered 2021-05-15 -> due 2021-05-19.
    precheck = run(make_draft(on=date(2021, 5, 27)), rules, calendar,
                   filed_at=local(date(2021, 5, 15), "12:00"))
    assert precheck.registration_date == date(2021, 5, 15)
    assert calendar.local_date(precheck.decision_due) == date(2021, 5, 19)


def test_the_earlier_reading_registers_a_saturday_filing_a_working_day_later(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    # The lawyers may switch `registration` to next_working_day: due one working day later.
    base = rules(IN_2021)
    earlier = dataclasses.replace(base.procedures["notification"], registration="next_working_day")
    switched = dataclasses.replace(base, procedures={**base.procedures, "notification": earlier})
    draft = make_draft(on=date(2021, 5, 27))
    filed = local(date(2021, 5, 15), "12:00")
    now, then = evaluate(draft, base, calendar, filed), evaluate(draft, switched, calendar, filed)
    assert (now.registration_date, then.registration_date) == (date(2021, 5, 15),
                                                               date(2021, 5, 17))
    assert calendar.local_date(then.decision_due) == date(2021, 5, 20)
    assert calendar.add_working_days(calendar.local_date(now.decision_due), 1) == \
        calendar.local_date(then.decision_due)


def test_findings_take_article_ground_and_severity_from_the_rules(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    base = rules(IN_2021)
    late = dataclasses.replace(base.findings["late_filing"], article="Art. X", severity="warning")
    changed = dataclasses.replace(base, findings={**base.findings, "late_filing": late})
    draft = make_draft()
    precheck = evaluate(draft, changed, calendar, local(date(2021, 5, 19), "10:00"))
    (finding,) = precheck.findings
    assert (finding.code, finding.article, finding.severity) == ("late_filing", "Art. X", "warning")
    assert finding.ground == base.findings["late_filing"].ground
    assert precheck.ok  # a warning does not make a draft fail


def test_a_check_whose_finding_the_rules_do_not_configure_does_not_run(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    base = rules(IN_2021)
    findings = {c: r for c, r in base.findings.items() if c != "outside_hours"}
    draft = make_draft(start="07:00")
    precheck = evaluate(draft, dataclasses.replace(base, findings=findings), calendar,
                        local(date(2021, 4, 1), "10:00"))
    assert "outside_hours" not in codes(precheck)


def test_every_finding_has_json_safe_params_and_reads_in_every_language(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = make_draft(
        "meeting", start="07:00", end="21:00", place=Location(route="shevchenko-street"),
        organizer=person(date(2005, 1, 1)),
    )
    precheck = run(draft, rules, calendar, filed_at=local(IN_2021, "08:00"))
    assert codes(precheck) >= {"late_filing", "outside_hours", "not_a_special_place",
                               "organizer_not_adult"}
    assert not precheck.ok
    for finding in precheck.findings:
        json.dumps(dict(finding.params))
        for lang in LANGUAGES:
            assert "…" not in finding_message(finding, lang)


# --- late_filing (Art. 10, 12) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "place", "latest"),
    [
        ("rally", Location(site="sary-arka-square"), date(2021, 5, 13)),
        ("march", Location(route="shevchenko-street"), date(2021, 5, 4)),
    ],
)
def test_a_notice_registered_on_the_latest_filing_date_is_timely_and_a_day_later_is_late(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, form: str, place: Location,
    latest: date,
) -> None:
    draft = make_draft(form, place=place)
    on_time = run(draft, rules, calendar, filed_at=local(latest, "17:00"))
    assert on_time.latest_filing_date == latest
    assert "late_filing" not in codes(on_time)
    next_day = calendar.add_working_days(latest, 1)
    late = run(draft, rules, calendar, filed_at=local(next_day, "09:00"))
    (finding,) = [f for f in late.findings if f.code == "late_filing"]
    assert finding.params["latest"] == latest.isoformat()
    assert finding.params["registration"] == next_day.isoformat()
    assert finding.ground == "14.1.4"
    assert not late.ok


# --- outside_hours -----------------------------------------------------------------------


@pytest.mark.parametrize("on", [IN_2021, IN_2025])
@pytest.mark.parametrize(
    ("start", "end", "outside"),
    [
        ("09:00", "20:00", False),
        ("08:59", "12:00", True),
        ("18:00", "20:01", True),
        ("06:00", "08:00", True),
    ],
)
def test_an_assembly_is_held_between_the_hours_in_force(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, on: date, start: str, end: str,
    outside: bool,
) -> None:
    precheck = run(make_draft(on=on, start=start, end=end), rules, calendar)
    assert ("outside_hours" in codes(precheck)) is outside


def test_an_assembly_spanning_two_local_days_is_outside_the_hours(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = dataclasses.replace(
        make_draft(start="10:00"), ends_at=local(IN_2021 + timedelta(days=1), "11:00")
    )
    (finding,) = run(draft, rules, calendar).findings
    assert finding.code == "outside_hours"
    assert finding.params["earliest"] == rules(IN_2021).hours.earliest_start.strftime("%H:%M")
    assert finding.params["end"] == "2021-05-21T11:00+06:00"


def test_hours_are_judged_in_almaty_time_whatever_the_offset_given(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    # 09:30 at UTC+6 is 08:30 in Almaty in 2025 (UTC+5 since 1 March 2024).
    starts = datetime(2025, 5, 20, 9, 30, tzinfo=zone("Asia/Omsk")).astimezone(UTC)
    draft = dataclasses.replace(make_draft(on=IN_2025), starts_at=starts)
    precheck = run(draft, rules, calendar)
    assert codes(precheck) == {"outside_hours"}
    assert precheck.findings[0].params["start"] == "2025-05-20T08:30+05:00"


# --- not_a_special_place -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "on", "found"),
    [
        ("sary-arka-square", IN_2021, False),
        ("sary-arka-square", IN_2025, False),
        ("gandhi-park", IN_2021, False),
        ("valikhanov-square", IN_2021, False),
        ("valikhanov-square", IN_2025, True),  # left the list with the 2024 amendment
        ("imanov-square", IN_2021, True),  # designated only by the 2024 amendment
        ("imanov-square", IN_2025, False),
    ],
)
def test_a_rally_is_held_only_at_a_special_place_in_force_on_the_event_date(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, site: str, on: date, found: bool
) -> None:
    precheck = run(make_draft(on=on, place=Location(site=site), participants=200), rules, calendar)
    assert ("not_a_special_place" in codes(precheck)) is found
    if found:
        (finding,) = precheck.findings
        assert finding.params == {"form": "rally", "date": on.isoformat(), "place": site}


@pytest.mark.parametrize("on", [IN_2021, IN_2025])
def test_a_meeting_at_a_point_inside_a_special_place_is_held_there(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, on: date
) -> None:
    draft = make_draft("meeting", on=on, place=inside("sary-arka-square", rules(on)))
    assert run(draft, rules, calendar).findings == ()
    assert resolve_place_id(draft, rules(on)) == "sary-arka-square"


def test_a_rally_at_a_point_outside_every_special_place_is_not_at_one(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = make_draft(place=far_from_every_site())
    assert resolve_place_id(draft, rules(IN_2021)) is None
    assert codes(run(draft, rules, calendar)) == {"not_a_special_place"}


def test_a_meeting_on_a_route_is_not_at_a_special_place(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = make_draft("meeting", place=Location(route="shevchenko-street"))
    assert codes(run(draft, rules, calendar)) == {"not_a_special_place"}


@pytest.mark.parametrize("on", [IN_2021, IN_2025])
def test_a_picket_needs_no_special_place(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, on: date
) -> None:
    draft = make_draft("picket", on=on, place=far_from_every_site(), participants=1)
    assert run(draft, rules, calendar).findings == ()


# --- not_the_route -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "place", "on", "found"),
    [
        ("march", Location(route="shevchenko-street"), IN_2021, False),
        ("march", Location(route="shevchenko-street"), IN_2025, True),
        ("march", Location(route="zhambyl-street"), IN_2021, True),
        ("march", Location(route="zhambyl-street"), IN_2025, False),
        ("march", Location(site="sary-arka-square"), IN_2021, True),
        ("march", Location(lat=43.2, lon=76.8), IN_2021, True),
        ("demonstration", Location(route="shevchenko-street"), IN_2021, False),
        ("demonstration", Location(route="zhambyl-street"), IN_2025, False),
        ("demonstration", Location(route="zhambyl-street"), IN_2021, True),
        ("demonstration", Location(lat=43.2, lon=76.8), IN_2025, True),
    ],
)
def test_a_march_follows_a_route_in_force_and_a_demonstration_a_route_or_place(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, form: str, place: Location,
    on: date, found: bool,
) -> None:
    precheck = run(make_draft(form, on=on, place=place), rules, calendar)
    assert ("not_the_route" in codes(precheck)) is found
    assert "not_a_special_place" not in codes(precheck)
    if found:
        finding = next(f for f in precheck.findings if f.code == "not_the_route")
        assert finding.params["form"] == form and finding.params["date"] == on.isoformat()


def test_a_demonstration_at_a_special_place_in_force_is_allowed_where_the_rules_allow_it(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    on_the_list = "demonstration" in rules(IN_2021).places["sary-arka-square"].forms
    draft = make_draft("demonstration", place=Location(site="sary-arka-square"))
    assert ("not_the_route" in codes(run(draft, rules, calendar))) is not on_the_list


# --- over_capacity -----------------------------------------------------------------------


def _capacity(rules: Callable[[date], RuleSet], on: date, site: str) -> int:
    capacity = rules(on).places[site].max_occupancy
    assert capacity is not None
    return capacity


def test_sary_arka_square_held_500_under_the_2020_decision_and_1000_since_the_amendment(
    rules: Callable[[date], RuleSet],
) -> None:
    assert _capacity(rules, IN_2021, "sary-arka-square") == 500
    assert _capacity(rules, IN_2025, "sary-arka-square") == 1000


@pytest.mark.parametrize(
    ("on", "participants", "found"),
    [(IN_2021, 500, False), (IN_2021, 501, True), (IN_2021, 800, True),
     (IN_2025, 800, False), (IN_2025, 1000, False), (IN_2025, 1001, True)],
)
def test_expected_participants_above_the_maximum_occupancy_in_force_are_found(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, on: date, participants: int,
    found: bool,
) -> None:
    precheck = run(make_draft(on=on, participants=participants), rules, calendar)
    assert ("over_capacity" in codes(precheck)) is found
    if found:
        (finding,) = precheck.findings
        assert finding.params["expected"] == participants
        assert finding.params["capacity"] == _capacity(rules, on, "sary-arka-square")
        assert finding.params["place_id"] == "sary-arka-square"


def test_a_point_inside_a_special_place_counts_against_its_occupancy(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = make_draft(place=inside("sary-arka-square", rules(IN_2021)), participants=800)
    assert codes(run(draft, rules, calendar)) == {"over_capacity"}


def test_a_place_without_a_maximum_occupancy_is_never_over_capacity(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    route = make_draft("march", place=Location(route="shevchenko-street"), participants=100_000)
    assert "over_capacity" not in codes(run(route, rules, calendar))
    base = rules(IN_2021)
    unset = dataclasses.replace(base.places["sary-arka-square"], max_occupancy=None)
    changed = dataclasses.replace(base, places={**base.places, "sary-arka-square": unset})
    site = make_draft(participants=100_000)
    assert evaluate(site, changed, calendar, local(date(2021, 4, 1), "10:00")).findings == ()


# --- place_occupied ----------------------------------------------------------------------


def booking(
    start: str, end: str, *, go_ahead: bool = True, filed: datetime | None = None,
    place_id: str = "sary-arka-square", reference: str = "ALA-2021-000007",
) -> Booking:
    return Booking(
        reference=reference, place_id=place_id, starts_at=local(IN_2021, start),
        ends_at=local(IN_2021, end), go_ahead=go_ahead,
        filed_at=filed or local(date(2021, 4, 1), "10:00"),
    )


FILED = local(date(2021, 4, 20), "10:00")


@pytest.mark.parametrize(
    ("other", "found"),
    [
        (booking("11:00", "13:00"), True),
        (booking("12:00", "14:00"), True),
        (booking("09:00", "11:30"), True),
        (booking("10:00", "16:00"), True),
        (booking("13:00", "15:00"), False),  # half-open: 11-13 and 13-15 do not overlap
        (booking("09:00", "11:00"), False),
        (booking("11:00", "13:00", place_id="gandhi-park"), False),
        (booking("11:00", "13:00", go_ahead=False, filed=FILED - timedelta(minutes=1)), True),
        (booking("11:00", "13:00", go_ahead=False, filed=FILED + timedelta(minutes=1)), False),
        (booking("11:00", "13:00", go_ahead=False, filed=FILED), False),
        (booking("11:00", "13:00", go_ahead=True, filed=FILED + timedelta(days=1)), True),
    ],
)
def test_a_place_is_occupied_by_an_overlapping_go_ahead_or_earlier_pending_notice(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, other: Booking, found: bool
) -> None:
    precheck = run(make_draft(), rules, calendar, filed_at=FILED, bookings=(other,))
    assert ("place_occupied" in codes(precheck)) is found
    if found:
        (finding,) = precheck.findings
        assert finding.params["references"] == ["ALA-2021-000007"]
        assert finding.ground == "14.1.10"


def test_half_open_intervals_touching_at_an_instant_do_not_overlap() -> None:
    a, b, c = local(IN_2021, "11:00"), local(IN_2021, "13:00"), local(IN_2021, "15:00")
    assert not overlaps(a, b, b, c) and not overlaps(b, c, a, b)
    assert overlaps(a, c, b, c) and overlaps(a, b, a, b)


def test_every_occupying_notice_is_named_once(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    others = (
        booking("10:00", "12:00", reference="ALA-2021-000009"),
        booking("12:00", "14:00", reference="ALA-2021-000003"),
        booking("12:00", "14:00", go_ahead=False, reference="ALA-2021-000004",
                filed=FILED + timedelta(hours=1)),
    )
    precheck = run(make_draft(), rules, calendar, filed_at=FILED, bookings=others)
    (finding,) = precheck.findings
    assert finding.params["references"] == ["ALA-2021-000003", "ALA-2021-000009"]


def test_a_point_inside_a_booked_special_place_finds_it_occupied(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = make_draft(place=inside("sary-arka-square", rules(IN_2021)))
    precheck = run(draft, rules, calendar, filed_at=FILED, bookings=(booking("12:00", "13:00"),))
    assert codes(precheck) == {"place_occupied"}


# --- prohibited_zone ---------------------------------------------------------------------


def test_the_picket_buffer_was_150_m_and_is_400_m_since_the_amendment(
    rules: Callable[[date], RuleSet],
) -> None:
    assert rules(IN_2021).picket_buffer_m == 150
    assert rules(IN_2025).picket_buffer_m == 400


@pytest.mark.parametrize(
    ("on", "metres", "found"),
    [(IN_2021, 100, True), (IN_2021, 200, False), (IN_2025, 200, True), (IN_2025, 390, True),
     (IN_2025, 450, False)],
)
def test_a_picket_within_the_buffer_of_a_prohibited_object_is_found(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, on: date, metres: float,
    found: bool,
) -> None:
    draft = make_draft("picket", on=on, place=point_near(rules(on), metres), participants=1)
    precheck = run(draft, rules, calendar)
    assert ("prohibited_zone" in codes(precheck)) is found
    if found:
        finding = next(f for f in precheck.findings if f.code == "prohibited_zone")
        assert finding.params["buffer"] == rules(on).picket_buffer_m
        assert finding.params["object_ids"][0] == rules(on).prohibited[0].id
        assert abs(finding.params["distance"] - metres) <= 1


@pytest.mark.parametrize("on", [IN_2021, IN_2025])
def test_the_prohibited_zone_agrees_with_the_geodesic_distance_everywhere_around_an_object(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, on: date
) -> None:
    ruleset = rules(on)
    centre = ruleset.prohibited[0].geometry.centroid
    generator = random.Random(333)
    found = 0
    for _ in range(150):
        lat = centre.y + generator.uniform(-0.008, 0.008)
        lon = centre.x + generator.uniform(-0.011, 0.011)
        draft = make_draft("picket", on=on, place=Location(lat=lat, lon=lon), participants=1)
        near = geography.prohibited_within(lat, lon, ruleset.prohibited, ruleset.picket_buffer_m)
        assert ("prohibited_zone" in codes(run(draft, rules, calendar))) is bool(near)
        found += bool(near)
    assert 0 < found < 150


def test_the_picket_buffer_applies_to_pickets_only(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    # A rally at a point is judged by the special places (not_a_special_place) instead.
    draft = make_draft("rally", place=point_near(rules(IN_2021), 50))
    assert codes(run(draft, rules, calendar)) == {"not_a_special_place"}


def test_a_picket_given_at_a_special_place_is_not_measured_against_the_objects(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    draft = make_draft("picket", place=Location(site="sary-arka-square"), participants=1)
    assert "prohibited_zone" not in codes(run(draft, rules, calendar))


# --- organizer_not_adult -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "filed_on", "when"),
    [
        (date(2010, 1, 1), date(2021, 4, 20), "filing"),  # a child on both days
        (date(2003, 5, 21), date(2021, 4, 20), "filing"),  # 17 on both days
        (date(2003, 5, 20), date(2021, 4, 20), "filing"),  # 18 on the day, 17 when filing
        (date(2003, 4, 20), date(2021, 4, 20), None),  # 18 on the day of filing
        (date(1990, 3, 15), date(2021, 4, 20), None),
        # A precheck as of a later instant: 18 then, but 17 on the day of the event.
        (date(2003, 5, 21), date(2021, 5, 25), "event"),
    ],
)
def test_the_organizer_must_be_18_when_filing_and_on_the_day_of_the_event(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar, birth: date, filed_on: date,
    when: str | None,
) -> None:
    precheck = run(make_draft(organizer=person(birth)), rules, calendar,
                   filed_at=local(filed_on, "10:00"))
    assert ("organizer_not_adult" in codes(precheck)) is (when is not None)
    if when is not None:
        (finding,) = [f for f in precheck.findings if f.code == "organizer_not_adult"]
        assert (finding.params["min_age"], finding.params["when"]) == (18, when)
        assert finding.params["date"] == (filed_on if when == "filing" else IN_2021).isoformat()
        assert finding.params["age"] < 18 and finding.severity == "error"
        assert finding.ground == "14.1.2"


def test_an_iin_without_a_birth_date_gives_no_finding(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    stem = "0305210" + "0001"  # digit 7 is 0: the birth date is not encoded
    iin = stem + str(check_digit(stem))
    organizer = dataclasses.replace(person(), id_number=iin)
    assert "organizer_not_adult" not in codes(run(make_draft(organizer=organizer), rules, calendar))


def test_an_organization_has_no_age(
    rules: Callable[[date], RuleSet], calendar: WorkCalendar
) -> None:
    organization = Organizer("organization", "ОО «Жасыл қала»", make_bin(date(2021, 1, 1), 5),
                             "Алматы", None, None)
    assert run(make_draft(organizer=organization), rules, calendar).findings == ()


# --- resolve_place -----------------------------------------------------------------------


def test_resolve_place_id_gives_the_site_or_route_named_even_out_of_force(
    rules: Callable[[date], RuleSet],
) -> None:
    draft = make_draft(on=IN_2025, place=Location(site="valikhanov-square"))
    assert resolve_place_id(draft, rules(IN_2025)) == "valikhanov-square"
    assert resolve_place(draft, rules(IN_2025)) is None
    route = make_draft("march", place=Location(route="zhambyl-street"), on=IN_2025)
    assert resolve_place(route, rules(IN_2025)).id == "zhambyl-street"  # type: ignore[union-attr]
