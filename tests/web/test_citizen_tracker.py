"""Status a citizen understands (issue 15.4): the words of each status in kk, ru and en,
the tracker on "My notices" and on each notice, the confirmation panel after filing, and
the signed-in citizen's home; "My notices" a page at a time.

The clock is pinned: a rally on Thu 2021-05-20 filed on Thu 2021-05-13; its review ends on
Tue 2021-05-18 (Fri 14, Mon 17, Tue 18 are its three working days).
"""

from __future__ import annotations

import re

import pytest

from assembly.models import Notice
from tests.conftest import at
from tests.web import test_citizen_notices as notice_pages
from tests.web.citizen_helpers import (
    FILED,
    complete_draft,
    decide_on,
    file_for,
    propose_later,
)
from tests.web.conftest import html

# The fixtures of the notice pages' tests: a signed-in citizen during the review, an officer.
citizen = notice_pages.citizen
officer = notice_pages.officer


def steps(body: str) -> dict[str, tuple[str, str]]:
    """The tracker's steps as shown: key -> (state, the step's text without tags)."""
    tracker = body.split("data-tracker>", 1)[1].split("</ol>", 1)[0]
    found = re.findall(r'data-step="(\w+)" data-state="(\w+)"[^>]*>(.*?)</li>', tracker, re.S)
    return {key: (state, " ".join(re.sub(r"<[^>]+>", " ", text).split()))
            for key, state, text in found}


def set_status(session, notice: Notice, status: str, **fields) -> None:
    """Put the notice in a state the scheduler or the organizer would have brought it to."""
    notice = session.get(Notice, notice.id)
    notice.status = status
    for name, value in fields.items():
        setattr(notice, name, value)
    session.commit()


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Registered — under review"),
    ("ru", "Зарегистрировано — на рассмотрении"),
    ("kk", "Тіркелді — қаралуда"),
])
def test_a_registered_notice_reads_registered_under_review_in_each_language(
    client, citizen, session, lang, words
):
    notice = file_for(session, citizen)
    for page in ("/my/notices", f"/my/notices/{notice.reference}", "/"):
        assert words in html(client.get(f"{page}?lang={lang}")), page


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Another place and/or time proposed — the akimat awaits your answer"),
    ("ru", "Предложено изменить место и (или) время — ожидается ваш ответ"),
    ("kk", "Орнын және (немесе) уақытын өзгерту ұсынылды — жауабыңыз күтілуде"),
])
def test_a_proposal_reads_as_awaiting_the_organizer_s_answer_in_each_language(
    client, citizen, session, officer, lang, words
):
    notice = file_for(session, citizen)
    propose_later(session, notice, officer)
    assert words in html(client.get(f"/my/notices/{notice.reference}?lang={lang}"))


def test_the_notice_page_counts_down_to_the_akimat_s_answer(client, citizen, session):
    notice = file_for(session, citizen, filed=FILED)

    body = html(client.get(f"/my/notices/{notice.reference}"))

    shown = steps(body)
    assert list(shown) == ["registered", "answer", "decision", "event"]
    assert shown["registered"] == ("done", f"✓ Done : Registered on May 13, 2021, reference "
                                           f"{notice.reference}")
    assert shown["answer"] == ("current", "➜ Now : The akimat's answer is due by May 18, 2021 "
                                          "days left: 4 (working days: 2)")
    assert shown["decision"] == ("upcoming", "○ Next : Decision")
    assert shown["event"] == ("upcoming", "○ Next : The day of the assembly: May 20, 2021 "
                                          "days left: 6 (working days: 4)")
    assert 'aria-current="step"' in body.split('data-step="answer"', 1)[1].split(">", 1)[0]
    assert '<ol class="tracker"' in body


def test_a_decided_notice_shows_the_outcome_and_links_the_letter(
    client, citizen, session, officer
):
    notice = file_for(session, citizen)
    decide_on(session, notice, officer, "approve")

    shown = steps(html(client.get(f"/my/notices/{notice.reference}")))

    assert shown["answer"][0] == "done"
    assert shown["decision"] == ("done", "✓ Done : Decision: may go ahead on "
                                         "May 14, 2021 Read the decision letter")
    assert shown["event"][0] == "upcoming"


def test_a_proposal_is_the_organizer_s_step_with_its_countdown_and_link(
    client, citizen, session, officer
):
    notice = file_for(session, citizen)
    propose_later(session, notice, officer)
    due = session.get(Notice, notice.id).proposal_answer_due
    session.rollback()

    body = html(client.get(f"/my/notices/{notice.reference}"))

    state, text = steps(body)["decision"]
    assert state == "current"
    assert "The akimat proposes another place and/or time: your answer is due by" in text
    assert "days left:" in text and "Answer the proposal" in text
    assert due is not None


@pytest.mark.parametrize(("status", "fields", "decision", "event"), [
    ("deemed_accepted", {}, "No answer in time: the assembly may go ahead as notified",
     "The day of the assembly: May 20, 2021"),
    ("withdrawn", {"withdrawn_at": at("2021-05-14T11:00:00+06:00")},
     "Withdrawn by you on May 14, 2021",
     "The day of the assembly, May 20, 2021: it will not be held as notified"),
    ("lapsed", {}, "Not reviewed before the day of the assembly",
     "The day of the assembly, May 20, 2021: it came before a decision"),
])
def test_deemed_acceptance_withdrawal_and_lapse_show_as_such(
    client, citizen, session, status, fields, decision, event
):
    notice = file_for(session, citizen)
    set_status(session, notice, status, **fields)

    shown = steps(html(client.get(f"/my/notices/{notice.reference}")))

    assert shown["decision"][0] == "done" and decision in shown["decision"][1]
    assert event in shown["event"][1]


def test_an_overdue_notice_says_the_akimat_is_late(client, citizen, session, now):
    notice = file_for(session, citizen)
    now("2021-05-19T10:00:00+06:00")
    set_status(session, notice, "received", overdue=True)

    shown = steps(html(client.get(f"/my/notices/{notice.reference}")))

    assert shown["answer"] == ("current", "➜ Now : The review period ended on May 18, 2021 "
                                          "without a decision: the akimat is late")


def test_filing_ends_on_a_confirmation_panel_with_the_reference_and_what_happens_next(
    client, login, now
):
    now(FILED)
    login(client, "citizen", language="en")
    draft_id = complete_draft(client)

    response = client.submit(f"/file/{draft_id}/review", follow_redirects=True)

    body = html(response)
    panel = body.split("data-confirmation>", 1)[1].split("</section>", 1)[0]
    assert "Your notice is filed" in panel
    assert '<p class="reference-big" data-reference>ALA-2021-000001</p>' in panel
    assert "What happens next" in body
    assert ("Your notice was registered on May 13, 2021. The akimat reviews it and answers "
            "by May 18, 2021, 23:59.") in body
    assert "Answer due by May 18, 2021" in body and "days left: 5 (working days: 3)" in body
    assert 'href="/my/notices/ALA-2021-000001"' in body and "File another notice" in body
    assert 'href="/file"' in body


def test_a_citizen_without_notices_is_welcomed_home_with_a_start_button(client, citizen):
    body = html(client.get("/"))
    assert 'class="button button-start" href="/file" data-start>File a notice' in body
    assert "You have not filed any notice yet." in body
    assert "data-next-steps" not in body


def test_a_citizen_s_home_shows_the_latest_notices_with_trackers_and_next_steps(
    client, citizen, session, officer
):
    notices = [file_for(session, citizen, starts_at=f"2021-05-{day}T11:00:00+06:00",
                        ends_at=f"2021-05-{day}T13:00:00+06:00")
               for day in (20, 21, 22, 24)]
    propose_later(session, notices[0], officer)

    body = html(client.get("/"))

    latest = body.split('id="latest-title"', 1)[1]
    assert [n.reference in latest for n in notices] == [False, True, True, True]
    assert latest.count("data-tracker") == 3
    assert "All my notices (4)" in body
    next_steps = body.split("data-next-steps>", 1)[1].split("</section>", 1)[0]
    assert f"Answer the akimat's proposal for notice {notices[0].reference}" in next_steps
    assert f'href="/my/notices/{notices[0].reference}/proposal"' in next_steps


def test_an_officer_s_home_is_unchanged(client, login):
    login(client, "officer", language="en")
    body = html(client.get("/"))
    assert "Peaceful assemblies in Almaty" in body and "data-start" not in body


def test_my_notices_pages_ten_at_a_time_newest_first_with_a_count(client, citizen, session):
    filed = [file_for(session, citizen, filed=f"2021-05-{day:02d}T10:00:00+06:00")
             for day in range(1, 13)]
    newest_first = [n.reference for n in reversed(filed)]

    first = html(client.get("/my/notices"))
    second = html(client.get("/my/notices?page=2"))
    beyond = html(client.get("/my/notices?page=99"))

    listed = re.findall(r'<h2 id="notice-([\w-]+)"', first)
    assert listed == newest_first[:10]
    assert re.findall(r'<h2 id="notice-([\w-]+)"', second) == newest_first[10:]
    assert "Notices filed: 12." in first and "Page 1 of 2" in first
    assert 'href="/my/notices?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="/my/notices?page=1" rel="prev"' in second and 'rel="next"' not in second
    assert re.findall(r'<h2 id="notice-([\w-]+)"', beyond) == newest_first[10:]
