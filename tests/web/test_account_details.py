"""The account page edits the name, the language, and (citizens) the IIN and address,
which prefill the organizer step of every new notice (issue 15.8)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from assembly.models import User
from assembly.notices.identity import check_digit, make_iin
from tests.web.conftest import html

IIN = make_iin(date(1990, 3, 15), "female", 1)
# 31 February 1990 (a woman born in the 20th century, digit 4): its check digit is right.
NO_BIRTH_DATE = f"90023140001{check_digit('90023140001')}"
DETAILS = {"full_name": "Айгерим Сапарова", "language": "kk", "iin": IIN,
           "address": "Алматы, ул. Абая 10, кв. 5"}


def kept(session_factory, email: str) -> tuple:
    with session_factory() as session:
        user = session.scalar(select(User).where(User.email == email))
        return user.full_name, user.language, user.iin, user.address


def test_a_citizen_keeps_name_language_iin_and_address(client, login, session_factory):
    user = login(client, "citizen", language="en")
    response = client.submit("/account/details", {**DETAILS, "iin": f" {IIN[:6]} {IIN[6:]} "})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert kept(session_factory, user.email) == (
        "Айгерим Сапарова", "kk", IIN, "Алматы, ул. Абая 10, кв. 5")
    page = html(client.get("/account"))
    assert f'value="{IIN}"' in page and "Алматы, ул. Абая 10, кв. 5" in page


def test_the_organizer_step_of_a_new_notice_is_prefilled_from_the_account(client, login):
    login(client, "citizen", language="en")
    client.submit("/account/details", {**DETAILS, "language": "en"})
    response = client.submit("/file", {"form": "rally", "purpose": "Parks"})
    draft_id = response.headers["Location"].split("/")[2]
    page = html(client.get(f"/file/{draft_id}/organizer"))
    assert f'name="organizer_id_number" required type="text" value="{IIN}"' in page
    assert 'value="Алматы, ул. Абая 10, кв. 5"' in page
    assert 'value="Айгерим Сапарова"' in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"iin": "12345"}, "iin", "An IIN is 12 digits."),
    ({"iin": IIN[:-1] + str((int(IIN[-1]) + 1) % 10)}, "iin", "the check digit does not match"),
    ({"iin": NO_BIRTH_DATE}, "iin", "its first digits do not form a date of birth"),
    ({"full_name": "  "}, "full_name", "Enter the full name: surname, name and patronymic"),
    ({"address": "x" * 501}, "address", "Too long: at most 500 characters."),
    ({"language": "de"}, "language", "Unknown value: de."),
], ids=["iin-format", "iin-checksum", "iin-birth-date", "no-name", "address-too-long", "language"])
def test_wrong_details_are_shown_beside_their_field_and_nothing_is_kept(
    client, login, session_factory, change, field, message
):
    user = login(client, "citizen", language="en", full_name="Ерлан")
    response = client.submit("/account/details?lang=en", {**DETAILS, **change})
    assert response.status_code == 422
    assert message in html(response).split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert kept(session_factory, user.email) == ("Ерлан", "en", None, None)


def test_staff_edit_their_name_and_language_but_keep_no_iin(client, login, session_factory):
    user = login(client, "officer", language="en")
    page = html(client.get("/account"))
    assert 'name="full_name"' in page and 'name="iin"' not in page
    client.submit("/account/details", {"full_name": "Officer Two", "language": "ru"})
    assert kept(session_factory, user.email) == ("Officer Two", "ru", None, None)


def test_an_officer_cannot_change_the_iin_their_decisions_are_signed_with(
        client, login, session_factory):
    user = login(client, "officer", language="en", iin="850314303216")
    client.submit("/account/details", {"full_name": "Officer Two", "language": "en",
                                       "iin": "880101301237", "address": "Abai 1"})
    assert kept(session_factory, user.email) == ("Officer Two", "en", "850314303216", None)


def test_the_details_need_a_signed_in_user_and_the_form_s_token(client, login):
    assert client.post("/account/details", data=DETAILS).status_code in (302, 400)
    login(client, "citizen")
    assert client.post("/account/details", data=DETAILS).status_code == 400  # no CSRF token
