"""Free slots an officer may propose: within the permitted hours, at places allowing the form,
never over a go-ahead or pending booking (hand-built bookings, the 2021 rules)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from assembly.notices.draft import Booking
from assembly.notices.slots import Slot, free_intervals, free_slots, suggest_slots
from tests.conftest import at

DAY = date(2021, 5, 20)  # Thursday; Almaty was UTC+6
TWO_HOURS = timedelta(hours=2)


def local(hhmm: str, day: date = DAY) -> datetime:
    """An instant at a local time of the day (UTC+6 in 2021)."""
    return at(f"{day.isoformat()}T{hhmm}:00+06:00")


def booking(place: str, start: str, end: str, day: date = DAY, ref: str = "ALA-2021-000001",
            go_ahead: bool = True) -> Booking:
    return Booking(ref, place, local(start, day), local(end, day), go_ahead, local("08:00", day))


def spans(slots: list[Slot], place: str) -> list[tuple[str, str]]:
    """The slots at a place as local (start, end) times."""
    return [
        (f"{s.starts_at.hour + 6:02d}:{s.starts_at.minute:02d}",
         f"{s.ends_at.hour + 6:02d}:{s.ends_at.minute:02d}")
        for s in slots if s.place_id == place
    ]


@pytest.fixture
def rules(law):
    return law.at(DAY)


def test_a_free_day_offers_one_slot_per_place_allowing_the_form_at_the_preferred_time(rules):
    slots = free_slots(rules, "rally", DAY, [], duration=TWO_HOURS, prefer=time(11, 0))
    allowing = {p.id for p in rules.places.values() if "rally" in p.forms}
    assert {s.place_id for s in slots} == allowing
    assert all(s.place_kind == "site" for s in slots)
    assert spans(slots, "sary-arka-square") == [("11:00", "13:00")]


def test_a_march_is_offered_the_route_and_never_a_square(rules):
    slots = free_slots(rules, "march", DAY, [], duration=TWO_HOURS, prefer=time(11, 0))
    assert {s.place_kind for s in slots} == {"route"}


def test_a_taken_slot_is_never_offered_and_the_nearest_free_time_is(rules):
    taken = [booking("sary-arka-square", "10:00", "14:00")]
    slots = free_slots(rules, "rally", DAY, taken, duration=TWO_HOURS, prefer=time(11, 0))
    # Before the booking, 09:00-10:00 is too short; after it, the nearest start is 14:00.
    assert spans(slots, "sary-arka-square") == [("14:00", "16:00")]
    assert spans(slots, "gandhi-park") == [("11:00", "13:00")]


def test_pending_bookings_count_as_taken_too(rules):
    taken = [booking("gandhi-park", "09:00", "20:00", go_ahead=False)]
    slots = free_slots(rules, "meeting", DAY, taken, duration=TWO_HOURS, prefer=time(11, 0))
    assert spans(slots, "gandhi-park") == []


def test_intervals_are_half_open_so_a_slot_may_start_when_a_booking_ends(rules):
    taken = [booking("sary-arka-square", "09:00", "11:00"),
             booking("sary-arka-square", "13:00", "20:00")]
    slots = free_slots(rules, "rally", DAY, taken, duration=TWO_HOURS, prefer=time(9, 0))
    assert spans(slots, "sary-arka-square") == [("11:00", "13:00")]


def test_every_gap_long_enough_gives_a_slot(rules):
    taken = [booking("sary-arka-square", "12:00", "13:00")]
    slots = free_slots(rules, "rally", DAY, taken, duration=TWO_HOURS, prefer=time(12, 0))
    assert spans(slots, "sary-arka-square") == [("10:00", "12:00"), ("13:00", "15:00")]


def test_slots_keep_to_the_permitted_hours(rules):
    slots = free_slots(rules, "rally", DAY, [], duration=TWO_HOURS, prefer=time(19, 0))
    assert spans(slots, "sary-arka-square") == [("18:00", "20:00")]
    long = free_slots(rules, "rally", DAY, [], duration=timedelta(hours=14), prefer=time(7, 0))
    assert spans(long, "sary-arka-square") == [("09:00", "20:00")]


def test_a_place_too_small_for_the_participants_is_not_offered(rules):
    slots = free_slots(rules, "rally", DAY, [], duration=TWO_HOURS, participants=800)
    assert {s.place_id for s in slots} == {"valikhanov-square"}  # 1000; the others hold 500


def test_nothing_is_offered_before_now_and_later_starts_fall_on_a_quarter_hour(rules):
    slots = free_slots(rules, "rally", DAY, [], duration=TWO_HOURS, prefer=time(9, 0),
                       not_before=local("10:07"))
    assert spans(slots, "sary-arka-square") == [("10:15", "12:15")]
    assert free_slots(rules, "rally", DAY, [], duration=TWO_HOURS,
                      not_before=local("18:30")) == []


def test_suggestions_never_offer_the_notified_slot_and_come_nearest_day_and_time_first(law):
    days = [(DAY + timedelta(days=n), law.at(DAY + timedelta(days=n))) for n in range(2)]
    taken = [booking(p, "09:00", "20:00") for p in ("gandhi-park", "valikhanov-square")]
    own = ("sary-arka-square", local("11:00"), local("13:00"))
    slots = suggest_slots(days, "rally", taken, duration=TWO_HOURS, prefer=time(11, 0),
                          notified=own, limit=10)
    assert own not in [(s.place_id, s.starts_at, s.ends_at) for s in slots]
    assert [s.day for s in slots] == sorted(s.day for s in slots)
    first_day = [s for s in slots if s.day == DAY]
    assert [(s.place_id, s.starts_at) for s in first_day] == [
        ("sary-arka-square", local("09:00")), ("sary-arka-square", local("13:00")),
    ]
    assert len(suggest_slots(days, "rally", taken, duration=TWO_HOURS, limit=2)) == 2


def test_free_intervals_subtract_overlapping_and_unsorted_bookings():
    day = (local("09:00"), local("20:00"))
    taken = [(local("15:00"), local("16:00")), (local("10:00"), local("12:00")),
             (local("11:00"), local("13:00")), (local("07:00"), local("08:00"))]
    assert free_intervals(day, taken) == [
        (local("09:00"), local("10:00")), (local("13:00"), local("15:00")),
        (local("16:00"), local("20:00")),
    ]
