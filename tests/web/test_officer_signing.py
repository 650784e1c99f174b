"""The officer's decision certified with an EDS through NCALayer (issue 13, point 5): the
check page (issue 15.7) may reach NCALayer, the server gives the canonical document of the
decision that page carries, and "Record the decision" records it with the deciding
officer's signature only; checking needs no signature."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from assembly.models import Notice
from assembly.services.decisions import DecisionInput
from tests.web.conftest import make_app
from tests.web.officer_helpers import DURING_REVIEW, decision_page, file

OFFICER_IIN = "850314303216"
NCALAYER = "wss://127.0.0.1:13579"
APPROVE = {"outcome": "approve", "channels": ["hand"]}


def record(client, url: str, data: dict):  # type: ignore[no-untyped-def]
    """The decision posted from its check page ("Record the decision")."""
    return client.submit(url, {**data, "step": "record"})


@pytest.fixture
def app(engine, session, eds):  # type: ignore[no-untyped-def]
    return make_app(engine, EDS_SIGNING=eds.signing(enforced=True), NCALAYER_URL=NCALAYER)


@pytest.fixture
def timely(session, create_user, now) -> Notice:
    now(DURING_REVIEW)
    notice = file(session, create_user("citizen"))
    session.commit()
    return notice


def test_the_check_page_loads_the_signing_script_and_may_reach_ncalayer(
        client, login, timely, session_factory):
    login(client, "officer", iin=OFFICER_IIN)
    page = client.submit(decision_page(timely) + "?lang=en", {**APPROVE, "step": "check"})
    body = page.get_data(as_text=True)
    assert page.status_code == 200, body
    assert "ncalayer.js" in body and "Certify the decision with EDS" in body
    assert f"connect-src 'self' {NCALAYER}" in page.headers["Content-Security-Policy"]
    # The form that signs carries the decision checked, to its document and to recording.
    signing = body.split("data-eds ", 1)[1].split("</form>", 1)[0]
    assert 'name="outcome" value="approve"' in signing and 'name="channels" value="hand"' in signing
    assert 'name="step" value="record"' in signing
    with session_factory() as check:
        notice = check.scalar(select(Notice).where(Notice.reference == timely.reference))
        assert notice.status == "received" and notice.decision is None


def test_the_document_of_the_form_as_it_stands_is_the_decisions_canonical_text(
        client, login, timely):
    login(client, "officer", iin=OFFICER_IIN)
    answer = client.submit(decision_page(timely) + "/document", APPROVE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    expected = DecisionInput("approve", channels=("hand",)).document(timely.reference)
    assert answer.get_json() == {"document": expected.text, "sha256": expected.sha256}
    incomplete = client.submit(decision_page(timely) + "/document", {"channels": ["hand"]})
    assert incomplete.status_code == 422 and incomplete.get_json()["errors"]


def test_a_decision_certified_by_the_deciding_officer_is_recorded_signed(
        client, login, timely, session_factory, eds):
    login(client, "officer", iin=OFFICER_IIN)
    text = client.submit(decision_page(timely) + "/document", APPROVE).get_json()["document"]
    response = record(client, decision_page(timely), {
        **APPROVE, "signature": eds.sign_with(eds.key(OFFICER_IIN), text.encode())})
    assert response.status_code == 302, response.get_data(as_text=True)
    with session_factory() as check:
        notice = check.scalar(select(Notice).where(Notice.reference == timely.reference))
        assert notice.status == "approved"
        assert notice.decision.signature.signer_iin == OFFICER_IIN


@pytest.mark.parametrize(("signer", "message"), [
    (None, "The decision must be certified by your electronic digital signature"),
    ("880101301237", "is not that of the person who must sign"),
])
def test_an_unsigned_or_foreign_decision_is_refused_and_nothing_recorded(
        client, login, timely, session_factory, eds, signer, message):
    login(client, "officer", iin=OFFICER_IIN, language="en")
    text = client.submit(decision_page(timely) + "/document", APPROVE).get_json()["document"]
    data = dict(APPROVE)
    if signer:
        data["signature"] = eds.sign_with(eds.key(signer), text.encode())
    response = record(client, decision_page(timely) + "?lang=en", data)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    with session_factory() as check:
        notice = check.scalar(select(Notice).where(Notice.reference == timely.reference))
        assert notice.status == "received" and notice.decision is None
