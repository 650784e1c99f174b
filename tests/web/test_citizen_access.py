"""Who may open the citizens' pages: only citizens, each only their own drafts and notices;
every POST needs the CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assembly.models import CitizenDraft, Notice
from tests.web.citizen_helpers import complete_draft, file_for, propose_later
from tests.web.conftest import html

# The pages of one citizen: {draft} and {ref} are filled with theirs.
PAGES = [
    "/file",
    "/file/{draft}/form",
    "/file/{draft}/when",
    "/file/{draft}/place",
    "/file/{draft}/organizer",
    "/file/{draft}/review",
    "/my/drafts",
    "/my/notices",
    "/my/notices/{ref}",
    "/my/notices/{ref}/letter",
    "/my/notices/{ref}/proposal",
    "/my/notices/{ref}/withdraw",
]
OWN_PAGES = [page for page in PAGES if "{" in page]
POSTS = [
    "/file",
    "/file/{draft}/when",
    "/file/{draft}/review",
    "/my/drafts/{draft}/delete",
    "/my/notices/{ref}/proposal",
    "/my/notices/{ref}/withdraw",
]


@pytest.fixture
def owned(client, login, session, create_user, now):
    """A signed-in citizen with a complete draft and a notice awaiting their answer."""
    now("2021-05-14T13:00:00+06:00")
    user = login(client, "citizen", language="en")
    draft_id = complete_draft(client)
    notice = file_for(session, user)
    propose_later(session, notice, create_user("officer"))
    return {"draft": draft_id, "ref": notice.reference}


@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, page):
    response = client.get(page.format(draft="0" * 32, ref="ALA-2021-000001"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("page", PAGES)
def test_a_citizen_opens_each_page_of_their_own(client, owned, page):
    response = client.get(page.format(**owned))
    assert response.status_code == 200, html(response)


@pytest.mark.parametrize("role", ["officer", "manager", "admin"])
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_are_denied_the_citizens_pages(client, login, role, page):
    login(client, role)
    response = client.get(page.format(draft="0" * 32, ref="ALA-2021-000001"))
    assert response.status_code == 403


@pytest.mark.parametrize("page", OWN_PAGES)
def test_another_citizen_s_draft_or_notice_is_not_found(client, owned, login, page):
    client.post("/sign-out", data={"csrf_token": client.csrf_token()})
    login(client, "citizen")
    assert client.get(page.format(**owned)).status_code == 404


@pytest.mark.parametrize("page", [p for p in POSTS if "{" in p])
def test_another_citizen_cannot_act_on_a_draft_or_notice_that_is_not_theirs(
    client, owned, login, session, page
):
    client.post("/sign-out", data={"csrf_token": client.csrf_token()})
    login(client, "citizen")
    response = client.submit(page.format(**owned), {"answer": "accept", "statement": "x",
                                                    "confirm": "yes", "date": "2021-05-21"})
    assert response.status_code == 404
    assert session.get(CitizenDraft, owned["draft"]).data["date"] == "2021-05-20"
    assert session.scalars(select(Notice)).one().status == "change_proposed"
    session.rollback()


@pytest.mark.parametrize("reference", ["ALA-2021-999999", "nothing", "x" * 300])
def test_an_unknown_reference_is_not_found(client, login, reference):
    login(client, "citizen")
    assert client.get(f"/my/notices/{reference}").status_code == 404


@pytest.mark.parametrize("page", POSTS)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    client, owned, session, page
):
    response = client.post(page.format(**owned), data={
        "answer": "accept", "statement": "I withdraw.", "confirm": "yes",
        "date": "2021-05-21", **({"form": "rally", "purpose": "x"} if page == "/file" else {}),
    })
    assert response.status_code == 400
    assert "This form has expired" in html(response)
    assert session.scalar(select(func.count()).select_from(CitizenDraft)) == 1
    assert session.get(CitizenDraft, owned["draft"]).data["date"] == "2021-05-20"
    assert session.scalars(select(Notice)).one().status == "change_proposed"
    session.rollback()


def test_a_citizen_lands_on_my_notices_and_sees_the_citizens_menu(client, create_user,
                                                                     session):
    user = create_user("citizen", language="en")
    session.commit()
    response = client.submit("/sign-in", {"email": user.email,
                                          "password": "correct horse battery"})
    assert response.headers["Location"] == "/my/notices"
    menu = html(client.get("/my/notices")).split('class="site-nav"', 1)[1].split("</nav>")[0]
    for link in ('href="/my/notices"', 'href="/file"', 'href="/my/drafts"'):
        assert link in menu


def test_an_officer_does_not_see_the_citizens_menu(client, login):
    login(client, "officer")
    menu = html(client.get("/")).split('class="site-nav"', 1)[1].split("</nav>")[0]
    assert 'href="/my/notices"' not in menu and 'href="/file"' not in menu

