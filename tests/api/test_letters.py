"""The decision letter over the API (GET /notices/{reference}/letter.pdf) and its public
check (GET /verify/{id}): the PDF read back in kk, ru and en, its QR code decoded from a
rendered PNG of its first page to the check page, and the check of a genuine, a forged,
an altered and a withdrawn decision."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from assembly.models import Decision
from assembly.services.deadlines import sweep
from tests.api.conftest import DURING_REVIEW, Api, Caller, codes
from tests.conftest import at
from tests.letters.pdf_tools import first_page_png, qr_codes_in, text_of

KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture
def decided(api: Api, now: Any) -> tuple[Caller, Caller, str]:
    """A citizen's rally approved with a restriction by an officer with a position."""
    citizen = api.sign_in("citizen")
    notice = api.file(citizen)
    now(DURING_REVIEW)
    officer = api.sign_in("officer", full_name="Ерлан Ахметов",
                          position="Главный специалист управления")
    citizen = api.refresh(citizen)
    response = api.post(f"/notices/{notice['reference']}/decision", officer,
                        json={"outcome": "approve_restricted",
                              "restrictions": ["no_sound_amplifiers"],
                              "reasoning": "Жилой квартал рядом / тұрғын үйлер жақын."})
    assert response.status_code == 200, response.get_data(as_text=True)
    return citizen, officer, notice["reference"]


def _check_id(api: Api, reference: str) -> str:
    api.session.rollback()
    return api.session.scalars(select(Decision.check_id)).one()


def test_an_undecided_notice_has_no_letter_and_the_answer_says_so(api: Api) -> None:
    citizen = api.sign_in("citizen")
    reference = api.file(citizen)["reference"]

    response = api.get(f"/notices/{reference}/letter.pdf", citizen,
                       headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert codes(response) == {"no_decision"}
    assert "No decision exists yet" in response.get_json()["errors"][0]["message"]


def test_a_notification_deemed_accepted_has_a_letter_saying_so_not_a_404(
    api: Api, now: Any
) -> None:
    citizen = api.sign_in("citizen")
    reference = api.file(citizen)["reference"]
    now("2021-05-19T10:00:00+06:00")
    sweep(api.session, at("2021-05-19T00:30:00+06:00"))
    api.session.commit()

    response = api.get(f"/notices/{reference}/letter.pdf", api.refresh(citizen),
                       headers={"Accept-Language": "en"})

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(text_of(response.get_data()).split())
    assert f"Notification {reference}: you may hold the assembly" in text
    assert "You may hold the assembly as notified (Art. 11)." in text


@pytest.mark.parametrize(("lang", "expected"), [
    ("kk", ["Алматы қаласының әкімдігі", "Шектеулер", "Шағымдану тәртібі"]),
    ("ru", ["Акимат города Алматы", "Ограничения", "Порядок обжалования"]),
    ("en", ["Akimat of Almaty", "Restrictions", "How to appeal"]),
])
def test_the_owner_gets_the_letter_as_a_pdf_in_each_language(
    api: Api, decided: tuple[Caller, Caller, str], lang: str, expected: list[str]
) -> None:
    citizen, _, reference = decided

    response = api.get(f"/notices/{reference}/letter.pdf", citizen,
                       headers={"Accept-Language": lang})

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    print(f"letter in {lang}:\n{text}")
    assert reference in text
    for phrase in expected:
        assert phrase in text
    assert "Главный специалист управления" in text and "Ерлан Ахметов" in text
    assert "тұрғын үйлер жақын" in text  # the reasoning, Kazakh letters and all


def test_every_kazakh_letter_survives_the_pdf(
    api: Api, decided: tuple[Caller, Caller, str]
) -> None:
    citizen, _, reference = decided
    api.session.execute(update(Decision).values(reasoning=f"{KAZAKH_LETTERS} "
                                                          f"{KAZAKH_LETTERS.upper()}"))
    api.session.commit()

    pdf = api.get(f"/notices/{reference}/letter.pdf", citizen,
                  headers={"Accept-Language": "kk"}).get_data()

    assert f"{KAZAKH_LETTERS} {KAZAKH_LETTERS.upper()}" in text_of(pdf)


def test_the_qr_code_on_the_first_page_opens_the_random_check_page(
    api: Api, decided: tuple[Caller, Caller, str], tmp_path: Any
) -> None:
    citizen, _, reference = decided
    pdf = api.get(f"/notices/{reference}/letter.pdf", citizen).get_data()
    (tmp_path / "letter.pdf").write_bytes(pdf)

    png = first_page_png(pdf, tmp_path / "letter-page-1.png")
    print(f"decision PDF: {tmp_path / 'letter.pdf'}\nfirst page PNG: {png}")
    found = qr_codes_in(png)

    check_id = _check_id(api, reference)
    assert found == [f"http://localhost/verify/{check_id}"]
    assert reference not in check_id and len(check_id) == 24
    body = api.get(f"/verify/{check_id}").get_json()
    print(f"GET /api/v1/verify/{check_id} -> {body}")
    assert body["genuine"] is True and body["current"] is True
    assert body["status"] == "approved"
    assert body["signed_by_position"] == "Главный специалист управления"
    assert set(body) >= {"genuine", "status", "place", "starts_at", "ends_at", "form",
                         "signed_by_position"}


def test_the_check_shows_no_personal_data(
    api: Api, decided: tuple[Caller, Caller, str]
) -> None:
    _, _, reference = decided
    raw = api.get(f"/verify/{_check_id(api, reference)}",
                  headers={"Accept-Language": "ru"}).get_data(as_text=True)

    for personal in ("Айгерим", "aigerim@example.kz", "+77011234567", "Ерлан Ахметов",
                     reference):
        assert personal not in raw


def test_a_forged_check_number_is_not_genuine(api: Api) -> None:
    response = api.get("/verify/0123456789abcdef01234567")

    assert response.status_code == 404
    assert codes(response) == {"not_genuine"}


def test_an_altered_decision_is_not_genuine(
    api: Api, decided: tuple[Caller, Caller, str]
) -> None:
    _, _, reference = decided
    check_id = _check_id(api, reference)
    api.session.execute(update(Decision).values(restrictions=[]))  # edited in the database
    api.session.commit()

    body = api.get(f"/verify/{check_id}").get_json()

    assert body["genuine"] is False and body["current"] is False


def test_a_withdrawn_notice_shows_its_decision_is_no_longer_current(
    api: Api, decided: tuple[Caller, Caller, str]
) -> None:
    citizen, _, reference = decided
    response = api.post(f"/notices/{reference}/withdrawal", citizen,
                        json={"statement": "We will not hold it."})
    assert response.status_code == 200, response.get_data(as_text=True)

    body = api.get(f"/verify/{_check_id(api, reference)}").get_json()

    assert body["genuine"] is True
    assert body["status"] == "withdrawn" and body["current"] is False


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_only_the_owner_and_officers_get_the_letter(
    api: Api, decided: tuple[Caller, Caller, str], role: str
) -> None:
    _, officer, reference = decided
    assert api.get(f"/notices/{reference}/letter.pdf", officer).status_code == 200
    assert api.get(f"/notices/{reference}/letter.pdf", api.sign_in(role)).status_code == 403
    other = api.sign_in("citizen")
    assert api.get(f"/notices/{reference}/letter.pdf", other).status_code == 404
    assert api.get(f"/notices/{reference}/letter.pdf").status_code == 401
