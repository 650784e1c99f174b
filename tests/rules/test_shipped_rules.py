"""The shipped rules: the values in force before and after the 2024 amendment and CC 61-НП."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from shapely.geometry import LineString, Polygon

from assembly.law import rulebook
from assembly.law.rulebook import Rulebook, RulesNotInForce

IN_2021 = date(2021, 5, 20)  # the 2020 version of decision No. 462
AFTER_AMENDMENT = date(2024, 10, 1)  # the 2024 amendment, before CC 61-НП
AFTER_CC_61 = date(2025, 2, 1)


def test_the_shipped_rules_load_for_almaty(shipped: Rulebook) -> None:
    assert (shipped.city, shipped.timezone, shipped.reference_prefix) == (
        "almaty",
        "Asia/Almaty",
        "ALA",
    )
    assert shipped.earliest == date(2020, 7, 5)


@pytest.mark.parametrize(
    ("on", "capacity"), [(IN_2021, 500), (AFTER_AMENDMENT, 1000), (AFTER_CC_61, 1000)]
)
def test_sary_arka_square_holds_500_then_1000_after_the_2024_amendment(
    shipped: Rulebook, on: date, capacity: int
) -> None:
    assert shipped.at(on).places["sary-arka-square"].max_occupancy == capacity


@pytest.mark.parametrize(("on", "buffer_m"), [(IN_2021, 150), (AFTER_AMENDMENT, 400)])
def test_the_picketing_buffer_is_150_m_then_400_m(
    shipped: Rulebook, on: date, buffer_m: float
) -> None:
    assert shipped.at(on).picket_buffer_m == buffer_m


@pytest.mark.parametrize(
    ("on", "places"),
    [
        (IN_2021, {"sary-arka-square", "gandhi-park", "valikhanov-square", "shevchenko-street"}),
        (AFTER_AMENDMENT, {"sary-arka-square", "gandhi-park", "imanov-square", "zhambyl-street"}),
        (AFTER_CC_61, {"sary-arka-square", "gandhi-park", "imanov-square", "zhambyl-street"}),
    ],
)
def test_only_the_places_in_force_are_in_the_rule_set(
    shipped: Rulebook, on: date, places: set[str]
) -> None:
    assert set(shipped.at(on).places) == places


def test_valikhanov_square_is_not_in_force_after_the_2024_amendment(shipped: Rulebook) -> None:
    assert "valikhanov-square" in shipped.at(date(2024, 9, 14)).places
    assert "valikhanov-square" not in shipped.at(date(2024, 9, 15)).places
    assert "valikhanov-square" in shipped.known_places
    assert shipped.place_kind("valikhanov-square") == "site"


def test_imanov_square_holds_500_from_the_2024_amendment(shipped: Rulebook) -> None:
    assert "imanov-square" not in shipped.at(IN_2021).places
    assert shipped.at(AFTER_AMENDMENT).places["imanov-square"].max_occupancy == 500


def test_gandhi_park_capacity_is_a_placeholder_marked_unverified(shipped: Rulebook) -> None:
    rules = shipped.at(IN_2021)
    entry = next(p for p in rules.provenance if p.key == "places.gandhi-park.max_occupancy")
    assert rules.places["gandhi-park"].max_occupancy == 500
    assert entry.confidence == "unverified"
    assert "PLACEHOLDER" in entry.source


@pytest.mark.parametrize(
    ("on", "required"), [(IN_2021, False), (AFTER_AMENDMENT, False), (AFTER_CC_61, True)]
)
def test_refusing_for_an_occupied_place_needs_a_prior_proposal_since_cc_61(
    shipped: Rulebook, on: date, required: bool
) -> None:
    assert shipped.at(on).grounds["14.1.10"].requires_prior_proposal is required
    assert shipped.at(date(2025, 1, 20)).grounds["14.1.10"].requires_prior_proposal


def test_forms_follow_their_procedure_and_place(shipped: Rulebook) -> None:
    rules = shipped.at(IN_2021)
    expected = {
        "picket": ("notification", "anywhere"),
        "meeting": ("notification", "special_place"),
        "rally": ("notification", "special_place"),
        "demonstration": ("application", "route_or_place"),
        "march": ("application", "route"),
    }
    assert {f.id: (f.procedure, f.location) for f in rules.forms.values()} == expected
    assert shipped.known_forms == set(expected)
    assert all(set(f.names) == {"kk", "ru", "en"} for f in rules.forms.values())


def test_notification_and_application_deadlines(shipped: Rulebook) -> None:
    rules = shipped.at(IN_2021)
    notification, application = rules.procedure_of("rally"), rules.procedure_of("march")
    assert (notification.lead_working_days, notification.review_working_days) == (5, 3)
    assert notification.silence == "deemed_accepted"  # Art. 11(1)
    assert (notification.filing_article, notification.review_article) == ("Art. 10", "Art. 11")
    assert (application.lead_working_days, application.review_working_days) == (10, 7)
    assert application.silence == "overdue"
    assert (application.filing_article, application.review_article) == ("Art. 12", "Art. 13")


def test_hours_are_nine_to_eight_on_the_same_day(shipped: Rulebook) -> None:
    hours = shipped.at(IN_2021).hours
    assert (hours.earliest_start, hours.latest_end, hours.same_day) == (time(9), time(20), True)


def test_restricted_approval_lists_restrictions_per_procedure(shipped: Rulebook) -> None:
    outcomes = shipped.at(IN_2021).outcomes
    assert list(outcomes) == ["approve", "approve_restricted", "propose_change", "refuse"]
    assert outcomes["approve_restricted"].restrictions == {
        "notification": ("no_yurts", "no_tents", "no_structures", "no_sound_amplifiers"),
        "application": ("no_sound_amplifiers", "no_vehicles"),
    }


def test_the_refusal_grounds_are_the_closed_list_of_article_14(shipped: Rulebook) -> None:
    grounds = shipped.at(IN_2021).grounds
    assert list(grounds) == [f"14.1.{n}" for n in range(1, 11)]
    assert grounds["14.1.4"].article == "Art. 14(1)(4)"
    required = {g.id: g.requires_finding for g in grounds.values() if g.requires_finding}
    assert required == {
        "14.1.4": "late_filing",
        "14.1.5": "signature_missing",
        "14.1.6": "not_a_special_place",
        "14.1.10": "place_occupied",
    }
    assert grounds["14.1.6"].confidence == "unverified"
    assert grounds["14.1.10"].confidence == "partial"


def test_the_grounds_read_as_written_with_their_signature_and_works_limbs(
    shipped: Rulebook,
) -> None:
    grounds = shipped.at(IN_2021).grounds
    assert "signature" in grounds["14.1.5"].names["en"]
    assert "подпис" in grounds["14.1.5"].names["ru"] and "қолы" in grounds["14.1.5"].names["kk"]
    assert grounds["14.1.5"].supported_by == ("signature_missing",)
    assert "works" in grounds["14.1.10"].names["en"] and "работы" in grounds["14.1.10"].names["ru"]
    assert set(grounds["14.1.10"].supported_by) == {"place_occupied", "place_closed"}


@pytest.mark.parametrize(
    ("code", "ground", "severity"),
    [
        ("late_filing", "14.1.4", "error"),
        ("outside_hours", None, "warning"),
        ("not_a_special_place", "14.1.6", "error"),
        ("not_the_route", "14.1.6", "error"),
        ("over_capacity", None, "warning"),
        ("place_occupied", "14.1.10", "error"),
        ("prohibited_zone", None, "error"),
        ("organizer_not_adult", "14.1.2", "error"),
    ],
)
def test_each_finding_supports_its_ground_with_its_severity(
    shipped: Rulebook, code: str, ground: str | None, severity: str
) -> None:
    rule = shipped.at(IN_2021).findings[code]
    assert (rule.ground, rule.severity) == (ground, severity)
    assert rule.article


def test_decisions_by_email_or_sms_also_go_by_registered_mail(shipped: Rulebook) -> None:
    rules = shipped.at(IN_2021)
    assert rules.delivery_channels == ("hand", "registered_mail", "eds", "email", "sms")
    assert rules.channels_needing_registered_mail == ("email", "sms")
    assert rules.proposal_answer_working_days == 1


def test_sites_are_polygons_and_routes_are_lines_all_approximate(shipped: Rulebook) -> None:
    for on in (IN_2021, AFTER_AMENDMENT):
        for place in shipped.at(on).places.values():
            expected = Polygon if place.kind == "site" else LineString
            assert isinstance(place.geometry, expected), place.id
            assert place.approximate, place.id
            assert place.forms == (
                {"meeting", "rally"} if place.kind == "site" else {"march", "demonstration"}
            )


def test_the_shevchenko_route_runs_from_ualikhanov_square_to_gandhi_park(
    shipped: Rulebook,
) -> None:
    places = shipped.at(IN_2021).places
    route = places["shevchenko-street"].geometry
    start, end = route.coords[0], route.coords[-1]
    # Degrees are ~80-110 km here: 0.001 degree is under about 110 m.
    assert places["valikhanov-square"].geometry.distance(LineString([start, start])) < 0.001
    assert places["gandhi-park"].geometry.distance(LineString([end, end])) < 0.001


def test_the_prohibited_layer_is_a_sample_of_stations_and_the_airport(shipped: Rulebook) -> None:
    prohibited = shipped.at(IN_2021).prohibited
    assert {p.id for p in prohibited} == {
        "almaty-1-station",
        "almaty-2-station",
        "almaty-airport",
    }
    assert all(p.sample and p.category == "transport_hub" for p in prohibited)


@pytest.mark.parametrize(
    "key",
    [
        "law.procedures.notification.lead_working_days",
        "law.procedures.application.silence",
        "law.forms.march.procedure",
        "law.hours.latest_end",
        "law.outcomes.approve_restricted.restrictions",
        "law.grounds.14.1.10.requires_prior_proposal",
        "law.findings.outside_hours.ground",
        "law.proposal.answer_working_days",
        "law.delivery.registered_mail_also_for",
        "places.sary-arka-square.max_occupancy",
        "places.shevchenko-street.corridor_m",
        "picketing.buffer_m",
        "prohibited.almaty-airport",
        "calendar.working_days.2021-07-03",
        "city.acts.decision-462",
    ],
)
def test_values_in_force_carry_their_source_and_confidence(shipped: Rulebook, key: str) -> None:
    entries = [p for p in shipped.at(IN_2021).provenance if p.key == key]
    assert len(entries) == 1
    assert entries[0].source and entries[0].confidence in (
        "verified",
        "secondary",
        "partial",
        "unverified",
    )


def test_the_version_is_the_same_under_the_same_rules(shipped: Rulebook) -> None:
    assert shipped.at(IN_2021).version == shipped.at(date(2021, 6, 30)).version
    assert shipped.at(date(2021, 7, 1)).version == shipped.at(date(2022, 1, 10)).version
    assert shipped.at(AFTER_AMENDMENT).version == shipped.at(date(2024, 12, 31)).version


def test_the_version_changes_with_the_appc_the_amendment_and_cc_61(shipped: Rulebook) -> None:
    dates = (IN_2021, date(2021, 7, 1), AFTER_AMENDMENT, AFTER_CC_61)
    versions = [shipped.at(d).version for d in dates]
    assert versions == [
        "kz-2020-05-25/almaty-2020-07-05",
        "kz-2021-07-01/almaty-2020-07-05",
        "kz-2021-07-01/almaty-2024-09-15",
        "kz-2025-01-20/almaty-2024-09-15",
    ]
    assert all(re.fullmatch(r"kz-\d{4}-\d\d-\d\d/almaty-\d{4}-\d\d-\d\d", v) for v in versions)


def test_at_returns_the_same_cached_object_for_a_date(shipped: Rulebook) -> None:
    first = shipped.at(date(2023, 3, 14))
    assert shipped.at(date(2023, 3, 14)) is first
    assert first.on == date(2023, 3, 14)
    assert shipped.at(date(2023, 3, 15)).on == date(2023, 3, 15)


def test_a_date_before_the_city_decision_has_no_rules(shipped: Rulebook) -> None:
    with pytest.raises(RulesNotInForce, match="2020-07-05"):
        shipped.at(date(2020, 7, 4))


def test_at_takes_a_date_not_a_datetime(shipped: Rulebook) -> None:
    with pytest.raises(TypeError):
        shipped.at(datetime(2021, 5, 20, 12, 0))


def test_unknown_places_have_no_kind(shipped: Rulebook) -> None:
    assert shipped.place_kind("zhambyl-street") == "route"
    assert shipped.place_kind("red-square") is None


def test_the_default_rulebook_is_loaded_once() -> None:
    assert rulebook.default_rulebook() is rulebook.default_rulebook()
    assert rulebook.at(IN_2021) is rulebook.default_rulebook().at(IN_2021)


def test_unsanctioned_events_are_logged_by_category_no_notice_first(shipped: Rulebook) -> None:
    assert shipped.at(IN_2021).unsanctioned_categories == (
        "no_notice",
        "held_although_refused",
        "application_not_approved",
        "changed_place_time_or_form",
        "prohibited_zone",
    )


@pytest.mark.parametrize(
    ("key", "confidence", "on"),
    [
        # Corrected: never read in the act.
        ("law.procedures.application.silence", "partial", IN_2021),
        ("law.forms.rally.location", "secondary", IN_2021),
        ("law.forms.march.location", "secondary", IN_2021),
        ("law.delivery.channels", "partial", IN_2021),
        # Raised by the new sources.
        ("law.outcomes.refuse.requires_reasoning", "secondary", AFTER_CC_61),
        ("calendar.working_days.2022-08-27", "secondary", AFTER_CC_61),
        ("calendar.working_days.2023-07-01", "secondary", AFTER_CC_61),
        ("calendar.working_days.2025-01-05", "secondary", AFTER_CC_61),
        # Still a working value: advisories only.
        ("places.gandhi-park.max_occupancy", "unverified", IN_2021),
        ("law.hours.earliest_start", "unverified", IN_2021),
    ],
)
def test_each_value_carries_the_confidence_of_what_was_read(
    shipped: Rulebook, key: str, confidence: str, on: date
) -> None:
    (entry,) = [p for p in shipped.at(on).provenance if p.key == key]
    assert entry.confidence == confidence


def test_every_verified_value_in_force_names_its_article_or_act(shipped: Rulebook) -> None:
    import re

    reference = re.compile(r"Art\.|p\. ?\d|No\. ?\d|adilet [A-Z]\d")
    for on in (IN_2021, AFTER_AMENDMENT, AFTER_CC_61):
        verified = [p for p in shipped.at(on).provenance
                    if p.confidence == "verified" and not p.key.endswith(".geometry")]
        assert verified and all(reference.search(p.source) for p in verified), [
            p.key for p in verified if not reference.search(p.source)]
