"""My notices: where each stands, its deadlines, findings, decision, delivery and history;
the decision letter; answering a proposal; withdrawing in writing."""

from __future__ import annotations

import pytest

from assembly.actors import Actor
from assembly.models import Notice
from assembly.services.review import take_for_review
from tests.conftest import at
from tests.web.citizen_helpers import (
    AFTER_START,
    DURING_REVIEW,
    IIN,
    LATE,
    decide_on,
    file_for,
    propose_later,
)
from tests.web.conftest import html

ANSWERING = "2021-05-15T12:00:00+06:00"
REASONING = "The notice was registered after the latest filing date.\nSee Art. 10."


@pytest.fixture
def citizen(client, login, now):
    """A signed-in citizen reading English, during the review of their notice."""
    now(DURING_REVIEW)
    return login(client, "citizen", language="en")


@pytest.fixture
def officer(create_user, session):
    user = create_user("officer")
    session.commit()
    return user


def stored(session, notice) -> Notice:
    """The notice as the database holds it now, detached: reading it locks nothing."""
    session.expire_all()
    item = session.get(Notice, notice.id)
    session.expunge(item)
    session.rollback()
    return item


def test_my_notices_lists_each_with_status_place_time_and_overdue_flag(
    client, citizen, session, now
):
    rally = file_for(session, citizen)
    march = file_for(session, citizen, form="march", place={"route": "shevchenko-street"},
                     starts_at="2021-06-20T11:00:00+06:00", ends_at="2021-06-20T13:00:00+06:00")
    march.overdue = True
    session.commit()

    body = html(client.get("/my/notices"))

    assert body.index(march.reference) < body.index(rally.reference)  # latest filed first
    card = body.split(march.reference, 2)[2].split("</section>", 1)[0]
    assert "Overdue: the akimat did not decide within the review period." in card
    assert "march" in card and "Shevchenko Street" in card
    assert "June 20, 2021, 11:00–13:00" in card


def test_another_citizen_s_notices_are_not_listed(client, citizen, session, create_user):
    other = file_for(session, create_user("citizen"))
    assert other.reference not in html(client.get("/my/notices"))
    assert "You have not filed any notice yet." in html(client.get("/my/notices"))


def test_the_notice_page_shows_deadlines_findings_and_the_full_history(
    client, citizen, session, officer
):
    notice = file_for(session, citizen, filed=LATE)
    take_for_review(session, notice, actor=Actor.of(officer), now=at(DURING_REVIEW))
    session.commit()

    body = html(client.get(f"/my/notices/{notice.reference}"))

    assert "Registered — an officer of the akimat is reviewing it" in body
    deadlines = body.split("<h2>Deadlines</h2>", 1)[1].split("</dl>", 1)[0]
    assert "May 14, 2021" in deadlines and "May 13, 2021" in deadlines
    assert "May 19, 2021, 23:59" in deadlines
    assert "Filed too late" in body and "supports refusal ground 14.1.4" in body
    history = body.split('class="history"', 1)[1].split("</ol>", 1)[0]
    assert history.index("filed by the organizer") < history.index("taken for review")
    assert "status: registered — an officer of the akimat is reviewing it" in history
    assert "by: officer" in history
    assert "aigerim@example.kz" in body and IIN in body  # shown to the owner only


def test_a_notice_deemed_accepted_reads_so_in_its_history(client, citizen, session, now):
    from assembly.services.deadlines import sweep

    notice = file_for(session, citizen)
    sweep(session, at("2021-05-19T00:30:00+06:00"))
    session.commit()
    body = html(client.get(f"/my/notices/{notice.reference}"))
    assert "May go ahead: no answer in time" in body
    assert "no answer within the review period: the assembly may go ahead" in body
    assert "recorded automatically" in body


def test_the_letter_of_a_refusal_gives_its_grounds_with_articles_reasoning_and_appeal(
    client, citizen, session, officer
):
    notice = file_for(session, citizen, filed=LATE)
    decide_on(session, notice, officer, "refuse", grounds=["14.1.4"], reasoning=REASONING)

    page = html(client.get(f"/my/notices/{notice.reference}"))
    assert f'href="/my/notices/{notice.reference}/letter"' in page
    body = html(client.get(f"/my/notices/{notice.reference}/letter"))

    letter = body.split('<article class="letter"', 1)[1].split("</article>", 1)[0]
    assert "Decision on your notification" in letter and notice.reference in letter
    assert ("Art. 14(1)(4): if the organizer has violated the deadlines for notification or "
            "applications for approval established by Articles 10 and 12") in letter
    assert "registered after the latest filing date.<br>See Art. 10." in letter
    assert "How to appeal" in letter
    assert '<button type="button" class="button" data-print hidden>' in body


def test_the_letter_reads_the_articles_as_russian_lawyers_write_them(
    client, citizen, session, officer
):
    notice = file_for(session, citizen, filed=LATE)
    decide_on(session, notice, officer, "refuse", grounds=["14.1.4"], reasoning=REASONING)
    body = html(client.get(f"/my/notices/{notice.reference}/letter?lang=ru"))
    assert "подп. 4) п. 1 ст. 14: если организатором мирного собрания нарушены сроки подачи" in body


def test_the_letter_of_a_restricted_approval_lists_the_restrictions(
    client, citizen, session, officer
):
    notice = file_for(session, citizen, sound_amplification=True)
    decide_on(session, notice, officer, "approve_restricted",
              restrictions=["no_sound_amplifiers"], channels=["email"])
    body = html(client.get(f"/my/notices/{notice.reference}/letter"))
    assert "You may hold the assembly with these restrictions:" in body
    assert "without sound amplifiers" in body
    assert "by e-mail" in body and "by registered mail" in body  # Art. 11(2): doubled


def test_the_notice_page_says_how_and_when_the_organizer_is_informed(
    client, citizen, session, officer
):
    notice = file_for(session, citizen)
    decide_on(session, notice, officer, "approve", channels=["email"])
    body = html(client.get(f"/my/notices/{notice.reference}"))
    informed = body.split("How you are informed", 1)[1].split("</table>", 1)[0]
    assert "by e-mail" in informed and "by registered mail" in informed
    assert "to be sent" in informed


def test_there_is_no_letter_before_a_decision(client, citizen, session):
    notice = file_for(session, citizen)
    assert client.get(f"/my/notices/{notice.reference}/letter").status_code == 404
    assert "/letter" not in html(client.get(f"/my/notices/{notice.reference}"))


def test_accepting_the_proposal_approves_the_assembly_at_the_proposed_time(
    client, citizen, session, officer, now
):
    notice = file_for(session, citizen)
    propose_later(session, notice, officer)
    now(ANSWERING)
    assert "Answer the proposal" in html(client.get(f"/my/notices/{notice.reference}"))

    page = html(client.get(f"/my/notices/{notice.reference}/proposal"))
    assert "May 20, 2021, 14:00–16:00" in page  # proposed
    assert "May 20, 2021, 11:00–13:00" in page  # as notified
    response = client.submit(f"/my/notices/{notice.reference}/proposal", {"answer": "accept"})

    assert response.headers["Location"] == f"/my/notices/{notice.reference}"
    after = stored(session, notice)
    assert after.status == "approved"
    assert after.starts_at == at("2021-05-20T14:00:00+06:00")
    body = html(client.get(response.headers["Location"]))
    assert "You accepted the proposal" in body and "the proposal was accepted" in body


def test_declining_the_proposal_returns_the_notice_to_review(
    client, citizen, session, officer, now
):
    notice = file_for(session, citizen)
    propose_later(session, notice, officer)
    now(ANSWERING)
    client.submit(f"/my/notices/{notice.reference}/proposal", {"answer": "decline"})
    after = stored(session, notice)
    assert after.status == "in_review"
    assert after.starts_at == at("2021-05-20T11:00:00+06:00")


def test_an_answer_must_be_to_accept_or_to_decline(client, citizen, session, officer, now):
    notice = file_for(session, citizen)
    propose_later(session, notice, officer)
    response = client.submit(f"/my/notices/{notice.reference}/proposal", {"answer": "maybe"})
    assert response.status_code == 422
    assert "Choose whether you accept or decline the proposal." in html(response)
    assert stored(session, notice).status == "change_proposed"


def test_a_proposal_can_no_longer_be_answered_after_its_deadline(
    client, citizen, session, officer, now
):
    notice = file_for(session, citizen)
    propose_later(session, notice, officer)
    now("2021-05-19T09:00:00+06:00")  # the answer was due by the end of 18 May

    page = client.get(f"/my/notices/{notice.reference}/proposal")
    response = client.submit(f"/my/notices/{notice.reference}/proposal", {"answer": "accept"})

    assert page.status_code == response.status_code == 409
    assert "The proposal can no longer be answered" in html(response)
    assert stored(session, notice).status == "change_proposed"


def test_withdrawing_takes_a_written_statement_and_a_confirmation(client, citizen, session):
    notice = file_for(session, citizen)
    url = f"/my/notices/{notice.reference}/withdraw"
    assert "Withdraw the notice" in html(client.get(f"/my/notices/{notice.reference}"))

    confirm = client.submit(url, {"statement": "We have settled the matter.\nThank you."})
    assert confirm.status_code == 200
    assert "We have settled the matter.<br>Thank you." in html(confirm)
    assert stored(session, notice).status == "received"  # nothing yet: confirm first

    done = client.submit(url, {"statement": "We have settled the matter.\nThank you.",
                               "confirm": "yes"})
    assert done.headers["Location"] == f"/my/notices/{notice.reference}"
    after = stored(session, notice)
    assert after.status == "withdrawn"
    assert after.withdrawal_statement == "We have settled the matter.\nThank you."
    body = html(client.get(done.headers["Location"]))
    assert "Your notice is withdrawn" in body and "withdrawn by the organizer" in body
    assert url not in body


def test_a_withdrawal_without_a_statement_is_refused_beside_the_field(client, citizen, session):
    notice = file_for(session, citizen)
    url = f"/my/notices/{notice.reference}/withdraw"
    for data in ({"statement": "  "}, {"statement": "", "confirm": "yes"}):
        response = client.submit(url, data)
        assert response.status_code == 422
        assert "This field is required." in html(response).split('id="statement-error"')[1]
    assert stored(session, notice).status == "received"


def test_changing_the_statement_returns_to_the_form_with_it(client, citizen, session):
    notice = file_for(session, citizen)
    response = client.submit(f"/my/notices/{notice.reference}/withdraw",
                             {"statement": "Draft statement", "action": "edit"})
    assert "Draft statement</textarea>" in html(response)
    assert stored(session, notice).status == "received"


def test_a_notice_cannot_be_withdrawn_once_the_assembly_started(client, citizen, session, now):
    notice = file_for(session, citizen)
    now(AFTER_START)
    url = f"/my/notices/{notice.reference}/withdraw"

    page = client.get(url)
    response = client.submit(url, {"statement": "Too late?", "confirm": "yes"})

    assert page.status_code == response.status_code == 409
    assert "can no longer be withdrawn" in html(response)
    assert stored(session, notice).status == "received"

