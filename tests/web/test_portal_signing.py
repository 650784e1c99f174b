"""The portal's signing (issue 13, points 1 and 3): the wizard's last step shows the
canonical document and signs it through NCALayer (the script only there, the page's
policy letting it reach NCALayer); the server files it verified, refuses a bad or
missing signature with the reason, and officers see how each notice was filed."""

from __future__ import annotations

import html
import re

import pytest

from assembly.models import Notice
from tests.web.citizen_helpers import FILED, IIN, complete_draft, notices_count
from tests.web.conftest import make_app

NCALAYER = "wss://127.0.0.1:13579"


@pytest.fixture
def app(engine, session, eds):  # type: ignore[no-untyped-def]
    """The portal enforcing signatures, trusting the suite's test authority."""
    return make_app(engine, EDS_SIGNING=eds.signing(enforced=True), NCALAYER_URL=NCALAYER)


@pytest.fixture
def citizen_client(client, login, now):  # type: ignore[no-untyped-def]
    now(FILED)
    client.user = login(client, "citizen", language="en")
    return client


def shown_document(page: str) -> str:
    match = re.search(r'<pre class="eds-document" id="eds-document"[^>]*>(.*?)</pre>', page,
                      re.S)
    assert match, "the review shows the document to certify"
    return html.unescape(match.group(1))


def test_the_last_step_shows_the_document_and_only_it_may_reach_ncalayer(citizen_client):
    draft_id = complete_draft(citizen_client)
    review = citizen_client.get(f"/file/{draft_id}/review")
    page = review.get_data(as_text=True)
    assert shown_document(page).startswith("assembly-notice/1\n")
    assert f'"{IIN}"' in shown_document(page)
    assert "ncalayer.js" in page and "<noscript>" in page
    assert f"connect-src 'self' {NCALAYER}" in review.headers["Content-Security-Policy"]
    first_step = citizen_client.get(f"/file/{draft_id}/when")
    assert "ncalayer.js" not in first_step.get_data(as_text=True)
    assert NCALAYER not in first_step.headers["Content-Security-Policy"]


def test_a_notice_certified_over_the_shown_document_is_filed_verified(
        citizen_client, session, eds):
    draft_id = complete_draft(citizen_client)
    text = shown_document(citizen_client.get(f"/file/{draft_id}/review").get_data(as_text=True))
    signature = eds.sign_with(eds.key(IIN), text.encode())
    response = citizen_client.submit(f"/file/{draft_id}/review", {"signature": signature})
    assert response.status_code == 302, response.get_data(as_text=True)
    session.rollback()
    notice = session.query(Notice).one()
    assert notice.signature is not None and notice.signature.document == text
    assert not notice.signature_missing


@pytest.mark.parametrize(("which", "message"), [
    ("none", "must be certified by the organizer's electronic digital signature"),
    ("other", "is not that of the person who must sign"),
])
def test_a_missing_or_foreign_signature_is_refused_on_the_page_and_nothing_filed(
        citizen_client, session, eds, which, message):
    draft_id = complete_draft(citizen_client)
    text = shown_document(citizen_client.get(f"/file/{draft_id}/review").get_data(as_text=True))
    data = {} if which == "none" else {
        "signature": eds.sign_with(eds.key("880101301237"), text.encode())}
    response = citizen_client.submit(f"/file/{draft_id}/review", data)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert notices_count(session) == 0


def test_officers_see_how_a_notice_was_filed(client, login, session, eds, now):
    from assembly.services.filing import file_notice
    from tests.conftest import at, dummy_draft

    now(FILED)
    citizen = login(client.application.test_client(), "citizen")
    body = dummy_draft()
    signed = file_notice(session, body, owner=citizen, now=at(FILED),
                         signature=eds.sign_draft(body), signing=eds.signing()).notice
    unsigned = file_notice(session, dummy_draft(starts_at="2021-05-20T15:00:00+06:00",
                                                ends_at="2021-05-20T16:00:00+06:00"),
                           owner=citizen, now=at(FILED),
                           signing=eds.signing(enforced=False)).notice
    session.commit()
    login(client, "officer", language="en")
    page = html.unescape(client.get(f"/officer/notices/{signed.reference}").get_data(
        as_text=True))
    assert "Electronic document certified by the organizer's EDS" in page
    assert f"IIN {body['organizer']['iin']}" in page
    page = html.unescape(client.get(f"/officer/notices/{unsigned.reference}").get_data(
        as_text=True))
    assert "Unsigned: the organizer's EDS was required and is missing" in page
