"""Precheck -> filing (issue 15.6): the precheck needs no identity (the age is checked
when an IIN is given), and "File this notice" carries its answers into a draft of the
filing wizard, through signing in or registering, without losing them."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from itsdangerous import URLSafeTimedSerializer

from assembly.models import CitizenDraft
from assembly.notices.identity import make_iin
from tests.web.conftest import PASSWORD, html
from tests.web.test_precheck import FILED, RALLY

IDENTITY = ("organizer_kind", "organizer_name", "organizer_id_number", "organizer_address",
            "organizer_email", "organizer_phone")
ANONYMOUS_RALLY = {k: v for k, v in RALLY.items() if k not in IDENTITY}


@pytest.fixture(autouse=True)
def last_timely_day(now):
    now(FILED)


def field_errors(body: str) -> list[str]:
    return [part.split('"', 1)[0] for part in body.split('id="')[1:]
            if part.split('"', 1)[0].endswith("-error")]


def test_the_precheck_needs_no_identity(client):
    response = client.submit("/precheck?lang=en", ANONYMOUS_RALLY)

    body = html(response)
    assert response.status_code == 200
    assert "No problem found." in body and field_errors(body) == []
    assert "the organizer's age is checked only when an IIN is given" in body


def test_the_precheck_checks_the_age_when_an_iin_is_given(client):
    minor = make_iin(date(2005, 1, 10), "male", 1)  # 16 on the day of the rally
    response = client.submit("/precheck?lang=en", {**ANONYMOUS_RALLY,
                                                   "organizer_id_number": minor})
    body = html(response)
    assert response.status_code == 200
    assert "The organizer must be an adult" in body and "No problem found." not in body


def test_the_precheck_result_offers_to_file_this_notice(client):
    body = html(client.submit("/precheck?lang=en", ANONYMOUS_RALLY))
    result = body.split("data-result>", 1)[1].split("</section>", 1)[0]
    assert 'form="precheck-form" formaction="/file/from-check/answers"' in result
    assert "File this notice" in result


def carry(client, answers: dict[str, str]) -> str:
    """Press "File this notice": the URL the answers travel to."""
    response = client.submit("/file/from-check/answers", answers)
    assert response.status_code == 302
    return response.headers["Location"]


def continue_with(client, target: str) -> CitizenDraft:
    """The answers' page, then "Continue with these answers": the step it goes on at."""
    page = client.get(target)
    assert page.status_code == 200 and "Continue with these answers" in html(page)
    token = parse_qs(urlsplit(target).query)["answers"][0]
    response = client.submit("/file/from-check", {"answers": token})
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_signed_out_citizen_signs_in_and_comes_back_with_the_answers_kept(
    client, create_user, session
):
    user = create_user("citizen", full_name="Айгерим Сапарова", language="en")
    session.commit()
    target = carry(client, ANONYMOUS_RALLY)

    to_sign_in = client.get(target)
    assert to_sign_in.status_code == 302
    sign_in = to_sign_in.headers["Location"]
    assert sign_in.startswith("/sign-in?next=")
    signed_in = client.submit(sign_in, {"email": user.email, "password": PASSWORD})
    assert signed_in.headers["Location"] == target

    step = continue_with(client, target)

    draft = session.query(CitizenDraft).one()
    assert draft.owner_id == user.id
    assert step == f"/file/{draft.id}/organizer"  # the account has no IIN nor address yet
    data = draft.data
    assert (data["form"], data["place"], data["date"], data["start_time"], data["end_time"],
            data["expected_participants"]) == ("rally", "site:sary-arka-square",
                                               "2021-05-20", "11:00", "13:00", "300")
    assert data["purpose"] == RALLY["purpose"]
    assert data["organizer_name"] == "Айгерим Сапарова"  # from the account
    session.rollback()


def test_a_new_citizen_registers_then_signs_in_and_keeps_the_answers(client, session):
    target = carry(client, ANONYMOUS_RALLY)
    sign_in = client.get(target).headers["Location"]
    register_link = html(client.get(sign_in)).split("No account yet?", 1)[1].split('"')[1]
    assert register_link.startswith("/register?next=")

    registered = client.submit(register_link.replace("&amp;", "&"), {
        "email": "new@example.kz", "full_name": "Нурлан Ахметов", "language": "en",
        "password": PASSWORD, "password_confirm": PASSWORD})
    assert registered.status_code == 302
    back = registered.headers["Location"]
    assert unquote(back) == unquote(sign_in)  # back to sign in, then on with the answers
    assert client.submit(back, {"email": "new@example.kz", "password": PASSWORD}
                         ).headers["Location"] == target

    continue_with(client, target)
    assert session.query(CitizenDraft).one().data["purpose"] == RALLY["purpose"]
    session.rollback()


def test_the_answers_travel_encrypted_so_no_url_shows_the_organizer(client):
    target = carry(client, RALLY)
    token = parse_qs(urlsplit(target).query)["answers"][0]
    # Merely signed (base64 of zlib'd JSON), the answers would read without any key.
    _, readable = URLSafeTimedSerializer("any key").loads_unsafe(token)
    assert readable is None
    for typed in ("organizer_name", "organizer_id_number", "organizer_address", "purpose"):
        assert RALLY[typed] not in unquote(target)
    assert "Айгерим" not in unquote(client.get(target).headers["Location"])


def test_a_complete_check_continues_at_the_review(client, login):
    login(client, "citizen", language="en")
    step = continue_with(client, carry(client, RALLY))
    assert step.endswith("/review")


def test_answers_not_signed_by_the_portal_are_refused_and_nothing_is_kept(
    client, login, session
):
    login(client, "citizen", language="en")
    response = client.get("/file/from-check?answers=forged.token.value")
    assert response.status_code == 302 and response.headers["Location"] == "/precheck"
    assert session.query(CitizenDraft).count() == 0
    session.rollback()
