"""The officers' long lists page: delivery tasks and unsanctioned events, the latest first,
narrowed by filters, with the counts per channel or kind."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assembly.actors import Actor
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.registers import (
    EventFilters,
    logged_event_counts,
    logged_events,
    logged_years,
    open_deliveries,
    open_delivery_counts,
)
from assembly.services.review import decide
from assembly.services.unsanctioned import log_event
from tests.conftest import at, dummy_draft
from tests.integration.test_unsanctioned import event_data

FILED = at("2021-05-13T10:00:00+06:00")


@pytest.fixture
def five_decisions(session, create_user):
    """Five rallies decided an hour apart: all by hand, the first and last also by mail."""
    owner, officer = create_user("citizen"), Actor.of(create_user("officer"))
    references = []
    for n in range(5):
        notice = file_notice(session, dummy_draft(
            starts_at=f"2021-05-{20 + n}T11:00:00+06:00",
            ends_at=f"2021-05-{20 + n}T13:00:00+06:00"), owner=owner, now=FILED).notice
        channels = ("hand", "registered_mail") if n in (0, 4) else ("hand",)
        decide(session, notice, DecisionInput("approve", channels=channels), actor=officer,
               now=FILED + timedelta(hours=1 + n))
        references.append(notice.reference)
    return references


def test_delivery_tasks_page_the_latest_decision_first(session, five_decisions):
    first = open_deliveries(session, channel="hand", page=1, per_page=2)
    last = open_deliveries(session, channel="hand", page=3, per_page=2)
    assert (first.total, first.pages) == (5, 3)
    assert [t.reference for t in first.items] == five_decisions[::-1][:2]
    assert [t.reference for t in last.items] == [five_decisions[0]]
    assert open_deliveries(session, channel="hand", page=99, per_page=2).page == 3


def test_delivery_tasks_are_filtered_by_channel_and_counted_per_channel(session,
                                                                        five_decisions):
    mail = open_deliveries(session, channel="registered_mail")
    assert [t.reference for t in mail.items] == [five_decisions[4], five_decisions[0]]
    assert open_deliveries(session).total == 7
    assert open_delivery_counts(session) == {"hand": 5, "registered_mail": 2}


@pytest.fixture
def logged(session, officer):
    """Events of 2020 and 2021: three rallies, one picket; two kinds."""
    for when, form, category in [
        ("2020-11-02T12:00:00+06:00", "rally", "no_notice"),
        ("2021-03-02T12:00:00+06:00", "picket", "no_notice"),
        ("2021-04-02T12:00:00+06:00", "rally", "held_although_refused"),
        ("2021-05-02T12:00:00+06:00", "rally", "no_notice"),
    ]:
        log_event(session, event_data(occurred_at=when, form=form, category=category),
                  actor=officer, now=at("2021-06-10T12:00:00+06:00"))
    session.flush()


def test_events_page_the_latest_first_across_the_years_by_default(session, logged):
    everything = logged_events(session, EventFilters(), per_page=3)
    assert everything.total == 4 and everything.pages == 2
    assert [e.occurred_on.isoformat() for e in everything.items] == [
        "2021-05-02", "2021-04-02", "2021-03-02"]
    assert [e.occurred_on.year for e in logged_events(
        session, EventFilters(), page=2, per_page=3).items] == [2020]
    assert logged_years(session) == [2021, 2020]


@pytest.mark.parametrize(("filters", "dates", "counts"), [
    (EventFilters(year=2021), ["2021-05-02", "2021-04-02", "2021-03-02"],
     {"no_notice": 2, "held_although_refused": 1}),
    (EventFilters(form="rally"), ["2021-05-02", "2021-04-02", "2020-11-02"],
     {"no_notice": 2, "held_although_refused": 1}),
    (EventFilters(year=2021, category="no_notice"), ["2021-05-02", "2021-03-02"],
     {"no_notice": 2, "held_although_refused": 1}),
    (EventFilters(year=2019), [], {}),
], ids=["year", "form", "year-and-kind", "empty-year"])
def test_events_are_filtered_and_counted_per_kind(session, logged, filters, dates, counts):
    result = logged_events(session, filters)
    assert [e.occurred_on.isoformat() for e in result.items] == dates
    assert result.total == len(dates)
    assert logged_event_counts(session, filters) == counts
