"""Who sees the officer pages: officers (and administrators, to read); citizens and managers
are refused, visitors are sent to sign in; every form needs the CSRF token."""

from __future__ import annotations

import pytest

from assembly.models import Notice
from tests.web.conftest import html
from tests.web.officer_helpers import DURING_REVIEW, decision_page, file, notice_page

READ = ["/officer/", "/officer/deliveries", "/officer/unsanctioned", "NOTICE"]
ACT = ["DECISION", "/officer/unsanctioned/new"]
POSTS = ["TAKE", "DECISION", "/officer/unsanctioned/new", "/officer/deliveries/1"]


@pytest.fixture
def notice(session, create_user, now) -> Notice:
    now(DURING_REVIEW)
    item = file(session, create_user("citizen"))
    session.commit()
    return item


def path(template: str, notice: Notice) -> str:
    return {
        "NOTICE": notice_page(notice),
        "DECISION": decision_page(notice),
        "TAKE": notice_page(notice) + "/review",
    }.get(template, template)


@pytest.mark.parametrize("page", READ + ACT)
def test_a_visitor_is_sent_to_sign_in_from_every_officer_page(client, notice, page):
    response = client.get(path(page, notice))
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", ["citizen", "manager"])
@pytest.mark.parametrize("page", READ + ACT)
def test_citizens_and_managers_may_not_open_the_officer_pages(client, login, notice, role, page):
    login(client, role)
    assert client.get(path(page, notice)).status_code == 403


@pytest.mark.parametrize("role", ["citizen", "manager"])
@pytest.mark.parametrize("page", POSTS)
def test_citizens_and_managers_may_not_act_as_officers(client, login, notice, role, page):
    login(client, role)
    assert client.submit(path(page, notice), {}).status_code == 403


@pytest.mark.parametrize("page", READ + ACT)
def test_an_officer_opens_every_officer_page(client, login, notice, page):
    login(client, "officer")
    response = client.get(path(page, notice))
    assert response.status_code == 200
    assert 'lang="' in html(response)


@pytest.mark.parametrize("page", READ)
def test_an_administrator_reads_the_officer_pages(client, login, notice, page):
    login(client, "admin")
    assert client.get(path(page, notice)).status_code == 200


@pytest.mark.parametrize("page", ACT)
def test_an_administrator_does_not_decide_or_log_events(client, login, notice, page):
    login(client, "admin")
    assert client.get(path(page, notice)).status_code == 403


def test_an_officer_lands_on_the_queue_and_sees_the_officer_menu(client, create_user, session):
    user = create_user("officer")
    session.commit()
    response = client.submit("/sign-in", {"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"].endswith("/officer/")
    body = html(client.get("/officer/?lang=en"))
    for link in ("Notices to decide", "Deliveries", "Unsanctioned events"):
        assert link in body


def test_the_officer_menu_is_not_shown_to_citizens(client, login):
    login(client, "citizen")
    assert "/officer/" not in html(client.get("/?lang=en"))


@pytest.mark.parametrize("page", POSTS)
def test_an_officer_form_sent_without_the_csrf_token_is_refused(client, login, notice, page):
    login(client, "officer")
    response = client.post(path(page, notice) + "?lang=en", data={"outcome": "approve"})
    assert response.status_code == 400
    assert "This form has expired or was not sent from this site" in html(response)
