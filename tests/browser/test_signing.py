"""Signing in the browser (issue 13, points 1, 5, 6): Playwright drives the wizard's last
step and the officer's decision, each certified through a fake NCALayer WebSocket server
holding the signer's test key; the server verifies both to the test authority."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assembly import db
from assembly.models import Notice
from tests.browser.fake_ncalayer import FakeNcaLayer
from tests.browser.liveserver import LiveServer
from tests.browser.portal import (
    ORGANIZER_IIN,
    exactly,
    heading,
    sign_in,
    to_the_where_step,
)

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"ALA-2021-\d{6}")
OFFICER_IIN = "850314303216"


@pytest.fixture(scope="module")
def ncalayer(browser) -> Iterator[FakeNcaLayer]:  # type: ignore[no-untyped-def]
    fake = FakeNcaLayer().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def signing_server(browser, ncalayer, eds, tmp_path_factory  # type: ignore[no-untyped-def]
                   ) -> Iterator[LiveServer]:
    """The portal enforcing signatures, trusting the suite's authority, NCALayer faked."""
    server = LiveServer(tmp_path_factory.mktemp("browser-signing"),
                        EDS_SIGNING=eds.signing(enforced=True), NCALAYER_URL=ncalayer.url)
    yield server.start()
    server.stop()


def save_and_continue(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Save and continue").click()


def test_a_citizen_certifies_the_notice_and_an_officer_the_decision_through_ncalayer(
        signing_server, ncalayer, eds, new_page, clock_at):
    clock_at("2021-05-10T10:00:00+06:00")
    citizen = signing_server.create_user("citizen", language="en", full_name="Айгерим Сапарова")
    page = new_page()
    sign_in(page, signing_server.url, citizen.email)
    to_the_where_step(page, "rally", "Public discussion of the city's parks")
    page.get_by_label("Place", exact=True).select_option("site:sary-arka-square")
    page.get_by_label("Expected number of participants").fill("300")
    save_and_continue(page)
    page.get_by_label("IIN of the person, or BIN of the organization").fill(ORGANIZER_IIN)
    page.get_by_label("Organizer's address").fill("Алматы, ул. Абая 10, кв. 5")
    save_and_continue(page)

    expect(heading(page)).to_have_text("Check and file")
    shown = page.locator("#eds-document").inner_text()
    assert shown.startswith("assembly-notice/1")
    # Enforced: no unsigned filing is offered; first NCALayer holds another person's key.
    expect(page.get_by_role("button", name="File the notice")).to_have_count(0)
    ncalayer.key = eds.key("880101301237")
    page.get_by_role("button", name="Certify with EDS and file").click()
    expect(page.get_by_role("alert")).to_contain_text("is not that of the person who must sign")
    ncalayer.key = eds.key(ORGANIZER_IIN)
    page.get_by_role("button", name="Certify with EDS and file").click()
    expect(heading(page)).to_have_text("Your notice is filed")
    reference = REFERENCE.search(page.locator("[data-reference]").inner_text()).group(0)
    signed = base64.b64decode(ncalayer.requests[-1]["args"][2]).decode()
    assert signed.rstrip("\n") == shown.rstrip("\n")

    clock_at("2021-05-11T10:00:00+06:00")
    officer = signing_server.create_user("officer", language="en", iin=OFFICER_IIN)
    desk = new_page()
    sign_in(desk, signing_server.url, officer.email)
    desk.get_by_role("link", name=reference, exact=True).click()
    desk.get_by_role("link", name=exactly("Decide")).click()
    expect(heading(desk)).to_have_text(f"Decision on {reference}")
    desk.get_by_label("approved", exact=True).check()
    desk.get_by_role("button", name="Continue").click()
    desk.get_by_role("button", name="Check the decision").click()
    # The decision is certified on its check page, over the decision as it will be recorded.
    expect(heading(desk)).to_have_text(f"Check the decision on {reference}")
    ncalayer.key = eds.key(OFFICER_IIN)
    desk.get_by_role("button", name="Certify the decision with EDS").click()
    expect(desk.get_by_role("status")).to_contain_text(f"Decision on {reference} recorded")
    certified = base64.b64decode(ncalayer.requests[-1]["args"][2]).decode()

    with db.unit_of_work(signing_server.sessions) as session:
        notice = session.scalar(select(Notice).where(Notice.reference == reference))
        assert notice.signature is not None and notice.signature.signer_iin == ORGANIZER_IIN
        assert notice.signature.document.rstrip("\n") == shown.rstrip("\n")
        assert notice.decision.signature.signer_iin == OFFICER_IIN
        assert notice.decision.signature.document == certified
        assert notice.status == "approved"
