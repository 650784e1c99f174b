"""The bookings of a place read in two bounded parts: short notices by their start, long
ones (over a day) from their own index; together exactly the overlapping notices."""

from __future__ import annotations

from typing import Any

import pytest

from assembly.services.bookings import bookings_at
from tests.conftest import at

SITE = "sary-arka-square"


def slot(start: str, end: str, site: str = SITE) -> dict[str, Any]:
    """Draft overrides: local (+06:00) instants 'YYYY-MM-DDTHH:MM'."""
    return {"starts_at": f"{start}:00+06:00", "ends_at": f"{end}:00+06:00",
            "place": {"site": site}}


def booked(session, start: str, end: str, site: str = SITE) -> set[str]:
    return {b.reference for b in bookings_at(session, site, at(f"{start}:00+06:00"),
                                              at(f"{end}:00+06:00"))}


@pytest.mark.parametrize(
    ("notice", "found"),
    [
        (("2021-05-20T10:00", "2021-05-23T18:00"), True),  # days long, began two days before
        (("2021-05-21T12:01", "2021-05-22T12:01"), True),  # a day exactly, ends just inside
        (("2021-05-21T12:00", "2021-05-22T12:00"), False),  # a day exactly, ends at the start
        (("2021-05-21T10:00", "2021-05-22T12:30"), True),  # over a day, began the day before
        (("2021-05-10T10:00", "2021-05-22T12:01"), True),  # twelve days long
        (("2021-05-22T12:59", "2021-05-22T15:00"), True),  # short, starts just inside
        (("2021-05-22T13:00", "2021-05-22T15:00"), False),  # short, starts at the end
        (("2021-05-21T11:00", "2021-05-22T11:00"), False),  # a day, over before the start
        (("2021-05-01T10:00", "2021-05-22T11:59"), False),  # weeks long, over before
    ],
)
def test_a_notice_is_a_booking_exactly_when_it_overlaps_however_long_it_lasts(
    session, create_notice, notice, found
) -> None:
    filed = create_notice(filed_at="2021-04-01T10:00:00+06:00", **slot(*notice))
    session.flush()

    assert (filed.reference in booked(session, "2021-05-22T12:00", "2021-05-22T13:00")) is found


def test_long_and_short_notices_are_found_together_and_other_places_are_not(
    session, create_notice
) -> None:
    long_one = create_notice(filed_at="2021-04-01T10:00:00+06:00",
                             **slot("2021-05-20T10:00", "2021-05-25T18:00"))
    short_one = create_notice(filed_at="2021-04-01T10:00:00+06:00",
                              **slot("2021-05-22T11:00", "2021-05-22T12:30"))
    create_notice(filed_at="2021-04-01T10:00:00+06:00",
                  **slot("2021-05-20T10:00", "2021-05-25T18:00", "gandhi-park"))
    session.flush()

    assert booked(session, "2021-05-22T12:00", "2021-05-22T13:00") == {
        long_one.reference, short_one.reference}
