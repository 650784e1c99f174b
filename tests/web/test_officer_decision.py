"""The decision form: each outcome reaches its state; grounds as a checklist read from the
record; the services' objections beside the fields; free slots to propose; late refusals."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from assembly.models import Decision, Notice, NoticeEvent, OutboxMessage
from tests.web.conftest import html
from tests.web.officer_helpers import (
    AFTER_REVIEW,
    DURING_REVIEW,
    LATE_FILED,
    decision_page,
    file,
    slot,
)


def stored(session_factory, reference: str) -> tuple[str, SimpleNamespace | None]:
    """The notice's status and latest decision as stored, read in a session of its own."""
    with session_factory() as session:  # closed at once: SQLite's lock is released
        notice = session.scalar(select(Notice).where(Notice.reference == reference))
        decision = notice.decision
        return notice.status, decision and SimpleNamespace(
            outcome=decision.outcome, channels=decision.channels, proposal=decision.proposal,
            restrictions=decision.restrictions, grounds=[g.ground for g in decision.grounds],
        )


def record(client, url: str, data: dict):  # type: ignore[no-untyped-def]
    """The decision posted from its check page ("Record the decision")."""
    return client.submit(url, {**data, "step": "record"})


def ground_option(body: str, ground: str) -> str:
    """The checkbox and the standing of one ground of the checklist."""
    return body.split(f'value="{ground}"', 1)[0].rsplit("<div", 1)[1] + \
        body.split(f'value="{ground}"', 1)[1].split("</div>", 1)[0]


@pytest.fixture
def timely(session, create_user, now) -> Notice:
    now(DURING_REVIEW)
    notice = file(session, create_user("citizen"))
    session.commit()
    return notice


@pytest.fixture
def late(session, create_user, now) -> Notice:
    now(DURING_REVIEW)
    notice = file(session, create_user("citizen"), LATE_FILED)
    session.commit()
    return notice


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"outcome": "approve"}, "approved"),
        ({"outcome": "approve_restricted", "restrictions": ["no_sound_amplifiers", "no_tents"]},
         "approved"),
        ({"outcome": "propose_change", "proposal_start": "15:00", "proposal_end": "17:00"},
         "change_proposed"),
        ({"outcome": "refuse", "grounds": ["14.1.3"],
          "reasoning": "The square is being repaired; the crowd would be in danger."},
         "refused"),
    ],
    ids=["approve", "approve_restricted", "propose_change", "refuse"],
)
def test_each_outcome_given_through_the_form_reaches_its_state(
    client, login, session_factory, timely, data, status
):
    login(client, "officer")
    response = record(client, decision_page(timely) + "?lang=en", {**data, "channels": ["hand"]})
    assert response.status_code == 302, html(response)
    assert response.headers["Location"].endswith(f"/officer/notices/{timely.reference}")
    state, decision = stored(session_factory, timely.reference)
    assert state == status
    assert decision.outcome == data["outcome"] and decision.channels == ["hand"]
    assert "recorded" in html(client.get(f"/officer/notices/{timely.reference}?lang=en"))


def test_a_restricted_approval_keeps_its_restrictions(client, login, session_factory, timely):
    login(client, "officer")
    record(client, decision_page(timely), {"outcome": "approve_restricted",
                                          "restrictions": ["no_sound_amplifiers"]})
    assert stored(session_factory, timely.reference)[1].restrictions == ["no_sound_amplifiers"]


def test_a_proposal_typed_in_keeps_what_is_left_blank_as_notified(client, login, session_factory,
                                                                   timely):
    login(client, "officer")
    record(client, decision_page(timely), {"outcome": "propose_change",
                                          "proposal_place": "site:gandhi-park"})
    proposal = stored(session_factory, timely.reference)[1].proposal
    assert proposal["place"] == {"site": "gandhi-park"}
    assert proposal["starts_at"].startswith("2021-05-20T05:00:00")  # 11:00 local, as notified


def test_a_refusal_on_14_1_4_for_a_timely_notice_is_shown_beside_the_grounds(
    client, login, session_factory, timely
):
    login(client, "officer")
    response = record(client, decision_page(timely) + "?lang=en", {
        "outcome": "refuse", "grounds": ["14.1.4"], "reasoning": "Filed too late."})
    assert response.status_code == 422
    body = html(response)
    message = ("Ground 14.1.4 cannot be cited: the record does not show the finding it "
               "requires (late_filing).")
    grounds = body.split('id="grounds"', 1)[1].split("</fieldset>", 1)[0]
    assert message in grounds and 'id="grounds-error"' in grounds
    assert 'href="#grounds"' in body.split("There is a problem", 1)[1]  # and in the summary
    assert stored(session_factory, timely.reference)[0] == "received"


def test_the_checklist_marks_14_1_4_supported_for_a_late_notice(client, login, late):
    login(client, "officer")
    body = html(client.get(decision_page(late) + "?lang=en&outcome=refuse"))
    option = ground_option(body, "14.1.4")
    assert "Supported by the record" in option and "late_filing" in option
    assert "disabled" not in option


def test_the_checklist_shows_14_1_4_not_available_for_a_timely_notice(client, login, timely):
    login(client, "officer")
    body = html(client.get(decision_page(timely) + "?lang=en&outcome=refuse"))
    option = ground_option(body, "14.1.4")
    assert "Not available: the record does not support it" in option and "disabled" in option
    assert "Needs written reasoning" in ground_option(body, "14.1.3")
    assert len(re.findall(r'name="grounds" type="checkbox"', body)) == 10  # 14.1.1 - 14.1.10


def test_a_late_notice_is_refused_on_14_1_4_through_the_form(client, login, session_factory, late):
    login(client, "officer")
    response = record(client, decision_page(late), {
        "outcome": "refuse", "grounds": ["14.1.4"],
        "reasoning": "Registered on 14 May; the latest timely date was 13 May."})
    assert response.status_code == 302
    status, decision = stored(session_factory, late.reference)
    assert status == "refused" and decision.grounds == ["14.1.4"]


def test_a_refusal_without_grounds_or_reasoning_shows_both_errors(client, login, timely):
    login(client, "officer")
    response = record(client, decision_page(timely) + "?lang=en", {"outcome": "refuse"})
    assert response.status_code == 422
    body = html(response)
    assert "Choose at least one ground for the refusal." in \
        body.split('id="grounds-error"', 1)[1].split("</p>", 1)[0]
    assert "Write the reasoning of the decision." in \
        body.split('id="reasoning-error"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({}, "outcome", "Choose the decision."),
        ({"outcome": "approve_restricted"}, "restrictions", "Choose at least one restriction."),
        ({"outcome": "propose_change"}, "proposal_date",
         "Choose a free slot, or give another place or time."),
        ({"outcome": "propose_change", "proposal_start": "noon"}, "proposal_start",
         "Enter a time in hours and minutes"),
        ({"outcome": "propose_change", "proposal_start": "14:00", "proposal_end": "13:00"},
         "proposal_end", "The end must be later than the start."),
    ],
    ids=["no-outcome", "no-restriction", "empty-proposal", "bad-time", "end-before-start"],
)
def test_what_the_decision_lacks_is_shown_beside_its_field(client, login, session_factory, timely,
                                                           data, field, text):
    login(client, "officer")
    response = record(client, decision_page(timely) + "?lang=en", data)
    assert response.status_code == 422
    body = html(response)
    assert text in body.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert stored(session_factory, timely.reference)[0] == "received"


def test_the_free_slots_suggested_leave_out_the_taken_ones(client, login, session, create_user,
                                                           now):
    now(DURING_REVIEW)
    owner = create_user("citizen")
    file(session, owner, **slot("20", "09:00", "13:00", "gandhi-park"))
    wanted = file(session, owner, **slot("20", "11:00", "13:00"))
    session.commit()
    login(client, "officer")
    body = html(client.get(decision_page(wanted) + "?lang=en&outcome=propose_change"))
    choices = re.findall(r'name="slot" type="radio" value="([^"]+)"', body)
    assert "site:gandhi-park|2021-05-20T05:00:00+00:00|2021-05-20T07:00:00+00:00" not in choices
    assert "site:gandhi-park|2021-05-20T07:00:00+00:00|2021-05-20T09:00:00+00:00" in choices
    # Never the place and time notified; another time there is offered.
    assert "site:sary-arka-square|2021-05-20T05:00:00+00:00|2021-05-20T07:00:00+00:00" \
        not in choices
    assert "Mahatma Gandhi Park, Thursday, May 20, 2021, 13:00–15:00" in body


def test_a_suggested_slot_chosen_becomes_the_proposal(client, login, session_factory, timely):
    login(client, "officer")
    body = html(client.get(decision_page(timely) + "?outcome=propose_change"))
    value = re.findall(r'name="slot" type="radio" value="([^"]+)"', body)[0]
    response = record(client, decision_page(timely), {"outcome": "propose_change", "slot": value,
                                                     "proposal_start": "ignored"})
    assert response.status_code == 302
    status, decision = stored(session_factory, timely.reference)
    place, starts_at, ends_at = value.split("|")
    assert status == "change_proposed"
    assert decision.proposal["place"] == {place.split(":")[0]: place.split(":")[1]}
    assert decision.proposal["starts_at"] == starts_at


def test_a_refusal_after_the_review_period_is_refused_with_a_clear_message(
    client, login, session_factory, timely, now
):
    now(AFTER_REVIEW)
    login(client, "officer")
    page = html(client.get(decision_page(timely) + "?lang=en"))
    assert 'value="refuse"' not in page and "Not possible now: refused." in page
    response = record(client, decision_page(timely) + "?lang=en", {
        "outcome": "refuse", "grounds": ["14.1.3"], "reasoning": "A threat to public order."})
    assert response.status_code == 409
    assert "The review period is over: a refusal is no longer possible" in html(response)
    assert stored(session_factory, timely.reference)[0] == "received"


def test_a_decided_notice_offers_no_decision_and_a_second_one_is_refused(client, login, timely):
    login(client, "officer")
    record(client, decision_page(timely), {"outcome": "approve"})
    page = html(client.get(decision_page(timely) + "?lang=en"))
    assert "No decision can be given on this notice now" in page
    response = record(client, decision_page(timely) + "?lang=en", {"outcome": "approve"})
    assert response.status_code == 409
    assert "The notice is now “approved”" in html(response)


def test_the_organizer_s_e_mail_is_the_channel_offered_first(client, login, timely):
    login(client, "officer")
    body = html(client.get(decision_page(timely) + "?outcome=approve"))
    assert re.search(r'checked id="channels-\d" name="channels" type="checkbox" value="email"',
                     body)


def test_approving_a_notice_whose_place_is_already_held_says_so(
    client, login, session, session_factory, create_user, now
):
    now(DURING_REVIEW)
    owner = create_user("citizen")
    held = file(session, owner, **slot("20", "11:00", "13:00"))
    other = file(session, owner, **slot("20", "12:00", "14:00"))
    session.commit()
    login(client, "officer")
    assert record(client, decision_page(held), {"outcome": "approve"}).status_code == 302
    response = record(client, decision_page(other) + "?lang=en", {"outcome": "approve"})
    assert response.status_code == 409
    page = html(response)
    assert ("The place is already held at this time by an assembly that may go ahead, "
            "from May 20, 2021, 11:00 to May 20, 2021, 13:00.") in page
    assert stored(session_factory, other.reference)[0] == "received"


@pytest.mark.parametrize(
    ("outcome", "shown", "hidden"),
    [
        (None, ['name="outcome" type="radio"'],
         ['name="grounds"', 'name="restrictions"', 'name="slot"', 'name="reasoning"']),
        ("refuse", ['name="grounds"', 'name="reasoning"', 'name="channels"'],
         ['name="restrictions"', 'name="slot"', 'name="proposal_date"']),
        ("approve_restricted", ['name="restrictions"', 'name="channels"'],
         ['name="grounds"', 'name="slot"', 'name="proposal_date"']),
        ("propose_change", ['name="slot"', 'name="proposal_date"', 'name="proposal_place"'],
         ['name="grounds"', 'name="restrictions"']),
        ("approve", ['name="channels"'], ['name="grounds"', 'name="restrictions"', 'name="slot"']),
        ("no-such-outcome", ['name="outcome" type="radio"'], ['name="grounds"', 'name="slot"']),
    ],
    ids=["first-the-outcome", "refuse", "restricted", "propose", "approve", "unknown"],
)
def test_the_form_shows_only_the_fields_of_the_outcome_chosen_first(client, login, timely,
                                                                    outcome, shown, hidden):
    login(client, "officer")
    query = f"?lang=en&outcome={outcome}" if outcome else "?lang=en"
    body = html(client.get(decision_page(timely) + query))
    main = body.split("<main", 1)[1]
    for text in shown:
        assert text in main, text
    for text in hidden:
        assert text not in main, text
    if outcome in (None, "no-such-outcome"):  # without JavaScript: a GET picks the outcome
        assert 'method="get"' in main.split('name="outcome"', 1)[0].rsplit("<form", 1)[1]


def test_checking_a_refusal_previews_the_letter_and_records_nothing(
    client, login, session_factory, late
):
    def counts() -> tuple[int, ...]:
        with session_factory() as session:
            return tuple(session.scalar(select(func.count()).select_from(table))
                         for table in (Decision, OutboxMessage, NoticeEvent))

    before = counts()
    login(client, "officer")
    given = {"outcome": "refuse", "grounds": ["14.1.4"], "channels": ["hand"],
             "reasoning": "Registered on 14 May; the latest timely date was 13 May."}
    response = client.submit(decision_page(late) + "?lang=en", {**given, "step": "check"})
    assert response.status_code == 200
    body = html(response)
    assert f"Check the decision on {late.reference}" in body
    letter = body.split('class="letter"', 1)[1]
    assert "The akimat refuses on these grounds:" in letter
    assert "Art. 14(1)(4)" in letter and "the latest timely date was 13 May" in letter
    assert "by hand" in letter.lower()
    # The decision is carried to "Record the decision", which is drawn as a warning.
    assert 'name="grounds" value="14.1.4"' in body and 'name="outcome" value="refuse"' in body
    assert re.search(r'class="button button-warning" name="step" value="record"', body)
    assert counts() == before and before[0] == 0
    assert stored(session_factory, late.reference) == ("received", None)

    recorded = record(client, decision_page(late), given)
    assert recorded.status_code == 302
    assert stored(session_factory, late.reference)[1].grounds == ["14.1.4"]


def test_a_decision_with_errors_is_not_previewed(client, login, session_factory, timely):
    login(client, "officer")
    response = client.submit(decision_page(timely) + "?lang=en",
                             {"outcome": "refuse", "grounds": ["14.1.4"], "step": "check"})
    assert response.status_code == 422
    assert "Check the decision on" not in html(response)
    assert stored(session_factory, timely.reference) == ("received", None)


def test_change_on_the_check_page_returns_to_the_form_as_filled(client, login, session_factory,
                                                              timely):
    login(client, "officer")
    response = client.submit(decision_page(timely) + "?lang=en", {
        "outcome": "approve_restricted", "restrictions": ["no_tents"], "channels": ["hand"],
        "step": "edit"})
    assert response.status_code == 200
    body = html(response)
    assert re.search(r'checked id="restrictions-\d" name="restrictions" type="checkbox" '
                     r'value="no_tents"', body)
    assert 'name="grounds"' not in body
    assert stored(session_factory, timely.reference) == ("received", None)
