"""Officers log unsanctioned events: where, when (local date), nearest special place (§8)."""

from __future__ import annotations

from datetime import date

import pytest

from assembly.errors import InvalidInput
from assembly.models import UnsanctionedEvent
from assembly.services.unsanctioned import log_event
from tests.conftest import at
from tests.integration.conftest import count

NOW = at("2021-06-10T12:00:00+06:00")


def near(law, site: str, on: date, north_m: float = 30.0) -> dict[str, float]:
    """A point `north_m` metres north of a special place's representative point."""
    centre = law.at(on).places[site].geometry.representative_point()
    return {"lat": centre.y + north_m / 111_320, "lon": centre.x}


def event_data(**overrides):
    data = {
        "occurred_at": "2021-06-02T01:30:00+06:00",
        "place": {"point": {"lat": 43.2383, "lon": 76.9455}, "address": "Republic Square"},
        "form": "rally",
        "estimated_participants": 40,
        "description": "A rally held without a notice.",
        "source": "police report",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("site", ["sary-arka-square", "gandhi-park", "valikhanov-square"])
def test_an_event_records_the_nearest_special_place_in_force(
    session, officer, law, site
):
    point = near(law, site, date(2021, 6, 2))

    event = log_event(session, event_data(place={"point": point}), actor=officer, now=NOW)
    session.commit()

    stored = session.get(UnsanctionedEvent, event.id)
    assert stored.nearest_place_id == site
    assert 0 <= stored.nearest_place_m < 100
    assert (stored.lat, stored.lon) == pytest.approx((point["lat"], point["lon"]))
    assert stored.logged_by == officer.user_id


def test_an_event_is_dated_by_its_local_date_in_almaty(session, officer):
    # 01:30 on 2 June in Almaty is still 1 June in UTC.
    event = log_event(session, event_data(), actor=officer, now=NOW)

    assert event.occurred_on == date(2021, 6, 2)
    assert event.occurred_at == at("2021-06-01T19:30:00+00:00")
    assert (event.form, event.estimated_participants) == ("rally", 40)


def test_an_event_at_a_special_place_uses_the_place(session, officer):
    event = log_event(session, event_data(place={"site": "gandhi-park"}), actor=officer, now=NOW)

    assert (event.nearest_place_id, event.nearest_place_m) == ("gandhi-park", 0)


def test_an_event_may_name_the_related_notice(session, officer, create_notice):
    notice = create_notice()

    event = log_event(session, event_data(related_notice=notice.reference), actor=officer,
                      now=NOW)

    assert event.related_notice_id == notice.id


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({}, {"occurred_at", "place", "form", "estimated_participants", "description",
              "source"}),
        (event_data(occurred_at="yesterday"), {"occurred_at"}),
        (event_data(occurred_at="2021-06-10T12:00:01+06:00"), {"occurred_at"}),
        (event_data(form="flash-mob"), {"form"}),
        (event_data(estimated_participants=0), {"estimated_participants"}),
        (event_data(estimated_participants="many"), {"estimated_participants"}),
        (event_data(description="  "), {"description"}),
        (event_data(place={"point": {"lat": 95, "lon": 76.9}}), {"place.point"}),
        (event_data(place={"site": "red-square"}), {"place.site"}),
        (event_data(related_notice="ALA-2021-999999"), {"related_notice"}),
        (event_data(weather="rain"), {"weather"}),
    ],
    ids=["empty", "bad-instant", "in-the-future", "unknown-form", "no-participants",
         "participants-not-a-number", "blank-description", "latitude-out-of-range",
         "unknown-site", "unknown-notice", "unknown-field"],
)
def test_bad_input_is_rejected_field_by_field_and_nothing_is_stored(
    session, officer, data, fields
):
    with pytest.raises(InvalidInput) as raised:
        log_event(session, data, actor=officer, now=NOW)

    assert fields <= {e.field for e in raised.value.errors}
    assert count(session, UnsanctionedEvent) == 0
