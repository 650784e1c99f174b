"""The yearly report (API.md YearlyReport) over a small, known set of notices."""

from __future__ import annotations

import pytest

from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.reports import yearly_report, years_with_data
from assembly.services.review import answer_proposal, decide, withdraw
from assembly.services.unsanctioned import log_event
from tests.conftest import at

UNSAFE = "Threat to public order on that day."


def day(date_: str, start: str = "11:00", end: str = "13:00") -> dict[str, str]:
    """Draft times on a local date, Almaty 2021-2022 (UTC+6)."""
    return {"starts_at": f"{date_}T{start}:00+06:00", "ends_at": f"{date_}T{end}:00+06:00"}


@pytest.fixture
def known_year(session, create_notice, officer, organizer, restriction, law):
    """Ten notices run through the services, nine registered in 2021; four unsanctioned."""
    def site(name: str) -> dict[str, dict[str, str]]:
        return {"place": {"site": name}}

    # May 2021 registrations (Thu 2021-05-13, Tue 2021-05-25).
    approved = create_notice(**day("2021-05-20"), **site("sary-arka-square"))
    decide(session, approved, DecisionInput("approve"), actor=officer,
           now=at("2021-05-14T10:00:00+06:00"))
    restricted = create_notice(form="meeting", **day("2021-05-20"), **site("gandhi-park"))
    create_notice(**day("2021-05-20"), **site("valikhanov-square"))  # left unanswered
    # The officer decides the day after the review period: a late decision.
    decide(session, restricted, DecisionInput("approve_restricted", restrictions=[restriction]),
           actor=officer, now=at("2021-05-19T09:00:00+06:00"))
    # The three May assemblies: one deemed accepted, all held by Fri 2021-05-21.
    sweep(session, at("2021-05-21T09:00:00+06:00"))
    march = create_notice(
        filed_at="2021-05-25T10:00:00+06:00", form="march", **day("2021-06-10"),
        place={"route": "shevchenko-street"},
    )
    decide(session, march, DecisionInput("refuse", grounds=["14.1.3"], reasoning=UNSAFE),
           actor=officer, now=at("2021-05-26T10:00:00+06:00"))

    # June 2021 registrations.
    changed = create_notice(filed_at="2021-06-01T10:00:00+06:00", **day("2021-06-10"),
                            **site("sary-arka-square"))
    decide(session, changed, DecisionInput("propose_change", proposal=day(
        "2021-06-10", "14:00", "16:00")), actor=officer, now=at("2021-06-02T10:00:00+06:00"))
    answer_proposal(session, changed, accept=True, actor=organizer,
                    now=at("2021-06-02T12:00:00+06:00"))
    picket = create_notice(
        filed_at="2021-06-01T11:00:00+06:00", form="picket", **day("2021-06-15"),
        place={"point": {"lat": 43.2383, "lon": 76.9455}, "address": "Republic Square"},
    )
    withdraw(session, picket, statement="Settled.", actor=organizer,
             now=at("2021-06-02T10:00:00+06:00"))
    late = create_notice(filed_at="2021-06-07T10:00:00+06:00", **day("2021-06-10"),
                         **site("gandhi-park"))
    assert "late_filing" in {f.code for f in late.findings}
    decide(session, late, DecisionInput("refuse", grounds=["14.1.4", "14.1.3"],
                                        reasoning=UNSAFE),
           actor=officer, now=at("2021-06-08T10:00:00+06:00"))
    create_notice(filed_at="2021-06-21T10:00:00+06:00", form="meeting", **day("2021-07-01"),
                  **site("sary-arka-square"))
    # Filed late, its review period ending after the event, left unanswered: it lapses when
    # the rally starts (never deemed accepted, Art. 11(1)).
    lapsing = create_notice(filed_at="2021-06-07T11:00:00+06:00", **day("2021-06-09"),
                            **site("valikhanov-square"))
    sweep(session, at("2021-06-10T09:00:00+06:00"))
    assert lapsing.status == "lapsed"

    # Registered in December 2021 for January 2022: counted in 2021.
    create_notice(filed_at="2021-12-20T10:00:00+06:00", **day("2022-01-20"),
                  **site("sary-arka-square"))
    # Filed on 2021-12-31 in UTC, which is 2022-01-01 in Almaty: counted in 2022.
    create_notice(filed_at="2021-12-31T20:00:00+00:00", **day("2022-01-20", "14:00", "16:00"),
                  **site("sary-arka-square"))

    # Unsanctioned events count by their local date: 2021-12-31 19:00 UTC is 2022 in Almaty.
    for occurred in ("2021-06-12T15:00:00+06:00", "2021-12-31T23:30:00+06:00",
                     "2022-01-01T01:00:00+06:00", "2022-01-05T12:00:00+06:00"):
        log_event(session, {
            "occurred_at": occurred, "place": {"point": {"lat": 43.2383, "lon": 76.9455}},
            "form": "rally", "estimated_participants": 20, "description": "Held unannounced.",
            "source": "patrol report",
        }, actor=officer, now=at("2022-02-01T10:00:00+06:00"))
    session.commit()


def zero_months() -> list[dict[str, int]]:
    keys = ("received", "approved", "refused", "withdrawn", "lapsed", "pending")
    return [{"month": m, **dict.fromkeys(keys, 0)} for m in range(1, 13)]


def test_the_yearly_report_counts_the_known_year_exactly(session, known_year):
    report = yearly_report(session, 2021)

    months = zero_months()
    months[4] |= {"received": 4, "approved": 3, "refused": 1}
    months[5] |= {"received": 5, "approved": 1, "refused": 1, "withdrawn": 1, "lapsed": 1,
                  "pending": 1}
    months[11] |= {"received": 1, "pending": 1}
    assert report == {
        "year": 2021,
        "received": 10,
        "approved": 4,
        "refused": 2,
        "withdrawn": 1,
        "lapsed": 1,
        "pending": 2,
        "unsanctioned_events": 2,
        "breakdown": {
            "approved": {"approved": 1, "approve_restricted": 1, "deemed_accepted": 1,
                         "change_accepted": 1},
            "refused_by_ground": {"14.1.3": 2, "14.1.4": 1},
            "by_form": {"march": 1, "meeting": 2, "picket": 1, "rally": 6},
            "by_place": {"gandhi-park": 2, "point": 1, "sary-arka-square": 4,
                         "shevchenko-street": 1, "valikhanov-square": 2},
            "by_month": months,
            "decided_on_time": 4,
            "decided_late": 1,
        },
    }


def test_received_is_approved_plus_refused_plus_withdrawn_plus_lapsed_plus_pending(
    session, known_year
):
    for year in (2020, 2021, 2022):
        report = yearly_report(session, year)
        assert report["received"] == (
            report["approved"] + report["refused"] + report["withdrawn"] + report["lapsed"]
            + report["pending"]
        )
        assert report["received"] == sum(m["received"] for m in report["breakdown"]["by_month"])


def test_notices_are_counted_by_the_year_of_their_registration(session, known_year):
    report = yearly_report(session, 2022)

    assert (report["received"], report["pending"], report["unsanctioned_events"]) == (1, 1, 2)
    assert report["breakdown"]["by_month"][0]["received"] == 1
    assert yearly_report(session, 2020)["received"] == 0


def test_an_empty_year_reports_zeros(session):
    report = yearly_report(session, 2021)

    assert (report["received"], report["approved"], report["unsanctioned_events"]) == (0, 0, 0)
    assert report["breakdown"]["by_month"] == zero_months()
    assert report["breakdown"]["refused_by_ground"] == {}


def test_the_years_with_data_are_those_of_notices_and_unsanctioned_events_latest_first(
        session, known_year, officer):
    assert years_with_data(session) == [2022, 2021]
    # A lone event in a year before any notice: found too, and no year invented.
    log_event(session, {
        "occurred_at": "2020-07-10T12:00:00+06:00",
        "place": {"point": {"lat": 43.2383, "lon": 76.9455}}, "form": "picket",
        "estimated_participants": 3, "description": "Held unannounced.",
        "source": "patrol report",
    }, actor=officer, now=at("2022-02-01T10:00:00+06:00"))
    session.flush()

    assert years_with_data(session) == [2022, 2021, 2020]


def test_a_database_without_notices_or_events_has_no_year_with_data(session):
    assert years_with_data(session) == []
