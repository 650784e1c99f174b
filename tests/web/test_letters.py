"""The decision letter on the portal: downloadable as a PDF on the citizen's notice page
and the officer's, and the public check page its QR code opens, in kk, ru and en."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from assembly.models import Decision
from assembly.services.deadlines import sweep
from assembly.services.letters import letter_pdf
from tests.conftest import at
from tests.letters.pdf_tools import text_of
from tests.web.citizen_helpers import decide_on, file_for
from tests.web.conftest import html


@pytest.fixture
def approved(session: Any, create_user: Any, client: Any, login: Any, now: Any) -> Any:
    """A citizen signed in on `client`, their rally approved by an officer with a position."""
    now("2021-05-14T10:00:00+06:00")
    citizen = login(client, "citizen", language="kk")
    notice = file_for(session, citizen)
    officer = create_user("officer", position="Бас маман")
    decide_on(session, notice, officer, "approve")
    return notice


def test_the_citizen_downloads_the_letter_from_the_notice_page(client: Any, approved: Any
                                                               ) -> None:
    page = html(client.get(f"/my/notices/{approved.reference}"))
    link = f"/my/notices/{approved.reference}/letter.pdf"
    assert link in page

    response = client.get(link)

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert approved.language == "ru"  # the notice's language, chosen at filing
    assert "Акимат города Алматы" in text_of(response.get_data())


def test_an_undecided_notice_has_no_pdf_letter(session: Any, client: Any, login: Any,
                                               now: Any) -> None:
    now("2021-05-13T10:00:00+06:00")
    notice = file_for(session, login(client, "citizen"))

    assert client.get(f"/my/notices/{notice.reference}/letter.pdf").status_code == 404


def test_the_officer_downloads_the_letter_and_another_citizen_cannot(
    app: Any, approved: Any, login: Any
) -> None:
    officer_client = app.test_client()
    login(officer_client, "officer")
    assert f"/officer/notices/{approved.reference}/letter.pdf" in html(
        officer_client.get(f"/officer/notices/{approved.reference}"))
    assert officer_client.get(
        f"/officer/notices/{approved.reference}/letter.pdf").mimetype == "application/pdf"

    stranger = app.test_client()
    login(stranger, "citizen")
    assert stranger.get(f"/my/notices/{approved.reference}/letter.pdf").status_code == 404


@pytest.mark.parametrize(("lang", "expected"), [
    ("kk", "Түпнұсқа және күшінде"),
    ("ru", "Подлинное и действующее"),
    ("en", "Genuine and current"),
])
def test_the_check_page_says_the_decision_is_genuine_in_each_language(
    app: Any, session: Any, approved: Any, lang: str, expected: str
) -> None:
    check_id = session.scalars(select(Decision.check_id)).one()
    visitor = app.test_client()

    page = html(visitor.get(f"/verify/{check_id}", headers={"Accept-Language": lang}))

    assert expected in page and "Бас маман" in page
    assert approved.reference not in page and approved.organizer_name not in page


def test_the_check_page_of_a_forged_number_says_it_is_not_genuine(app: Any) -> None:
    response = app.test_client().get("/verify/forged", headers={"Accept-Language": "ru"})

    assert response.status_code == 404
    assert "не подлинное" in html(response)


@pytest.mark.parametrize("forged", ["%00", "a" * 500, "0123456789ABCDEF01234567"])
def test_a_malformed_check_number_is_not_genuine_and_never_an_error(app: Any, forged: str
                                                                      ) -> None:
    response = app.test_client().get(f"/verify/{forged}", headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert "is not genuine" in html(response)


@pytest.fixture
def deemed(session: Any, client: Any, login: Any, now: Any) -> Any:
    """A citizen's rally notification left unanswered: deemed accepted as of its review
    deadline, the end of Tue 2021-05-18 (Art. 11(1))."""
    now("2021-05-19T10:00:00+06:00")
    notice = file_for(session, login(client, "citizen", language="en"))
    sweep(session, at("2021-05-19T00:30:00+06:00"))
    session.commit()
    assert notice.status == "deemed_accepted" and notice.decision is None
    return notice


@pytest.mark.parametrize(("lang", "says"), [
    ("kk", "Әкімдік {reference} хабарламаңызға 2021 ж. 18 мамыр"),
    ("ru", "Акимат не ответил на ваше уведомление {reference} в срок рассмотрения, истёкший "
           "18 мая 2021 г."),
    ("en", "The akimat did not answer your notification {reference} within the review period, "
           "which ended on May 18, 2021"),
])
def test_a_deemed_accepted_notification_has_a_pdf_letter_saying_so_with_its_article(
    session: Any, deemed: Any, lang: str, says: str
) -> None:
    text = " ".join(text_of(letter_pdf(session, deemed, lang, "http://localhost")).split())
    said = says.format(reference=deemed.reference)

    print(f"{lang}: {text[text.find(said):][:200]}")
    assert said in text
    assert {"kk": "11-бап", "ru": "ст. 11", "en": "Art. 11"}[lang] in text
    assert {"kk": "шешім жоқ", "ru": "Решения пока нет", "en": "No decision exists"}[lang] \
        not in text


def test_the_citizen_opens_the_letter_of_a_deemed_acceptance_from_the_notice_page(
    client: Any, deemed: Any
) -> None:
    page = html(client.get(f"/my/notices/{deemed.reference}"))
    assert f"/my/notices/{deemed.reference}/letter.pdf" in page

    letter = html(client.get(f"/my/notices/{deemed.reference}/letter"))
    response = client.get(f"/my/notices/{deemed.reference}/letter.pdf")

    assert "which ended on May 18, 2021" in letter and "(Art. 11)" in letter
    assert "may go ahead: no answer in time" in letter
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert deemed.language == "ru"  # the letter is in the notice's language
    assert (f"Уведомление {deemed.reference}: вы можете провести мирное собрание"
            in " ".join(text_of(response.get_data()).split()))


def test_the_officer_downloads_the_letter_of_a_deemed_acceptance(
    app: Any, deemed: Any, login: Any
) -> None:
    officer_client = app.test_client()
    login(officer_client, "officer")
    url = f"/officer/notices/{deemed.reference}/letter.pdf"

    assert url in html(officer_client.get(f"/officer/notices/{deemed.reference}"))
    assert officer_client.get(url).mimetype == "application/pdf"
