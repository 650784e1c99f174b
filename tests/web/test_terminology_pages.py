"""What a citizen reads in Kazakh and Russian uses the glossary's words: rendered pages and
letters checked against assembly/translations/terminology.yaml (tests/terminology.py)."""

from __future__ import annotations

import pytest

from tests.terminology import problems, report, visible_text
from tests.web.citizen_helpers import DURING_REVIEW, LATE, decide_on, file_for
from tests.web.conftest import html
from tests.web.officer_helpers import notice_page

REASONING = "Зарегистрировано 14 мая 2021 г., позже последнего дня подачи."
# The organizer's own words (the fixtures' are English: not the portal's to translate).
PURPOSE = "Обсуждение городских парков"
# 14.1.4 is quoted from the act; 14.1.8 has not been read (GLOSSARY.md): article only.
GROUNDS = ["14.1.4", "14.1.8"]
UNREAD_GROUND = {"ru": "режим чрезвычайного положения", "kk": "төтенше жағдай режимі"}
UNREAD_ARTICLE = {"ru": "подп. 8) п. 1 ст. 14", "kk": "14-баптың 1-тармағының 8) тармақшасы"}


@pytest.fixture
def officer(create_user, session):
    user = create_user("officer")
    session.commit()
    return user


@pytest.fixture
def refused(client, login, now, session, officer):
    """A citizen signed in, with a rally refused on a quoted and an unread ground."""
    now(DURING_REVIEW)
    citizen = login(client, "citizen", language="ru")
    notice = file_for(session, citizen, filed=LATE, purpose=PURPOSE)
    decide_on(session, notice, officer, "refuse", grounds=GROUNDS, reasoning=REASONING)
    pending = file_for(session, citizen, purpose=PURPOSE, form="march",
                       place={"route": "shevchenko-street"}, starts_at="2021-06-20T11:00:00+06:00",
                       ends_at="2021-06-20T13:00:00+06:00")
    return notice, pending


def citizen_pages(reference: str) -> list[str]:
    return ["/my/notices", f"/my/notices/{reference}", f"/my/notices/{reference}/letter",
            "/procedure", "/occupancy?from=2021-05-01&to=2021-06-30",
            "/occupancy.ics?from=2021-05-01&to=2021-06-30"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_citizen_s_pages_and_letter_use_the_glossary_s_words(client, refused, lang):
    notice, _ = refused
    found = []
    for path in citizen_pages(notice.reference):
        sep = "&" if "?" in path else "?"
        response = client.get(f"{path}{sep}lang={lang}")
        assert response.status_code == 200, path
        found += problems(visible_text(response.get_data(as_text=True)), lang, path)
    assert not found, report(found)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_letter_cites_an_unread_ground_by_its_article_with_the_reasoning_only(
    client, refused, lang
):
    notice, _ = refused
    letter = html(client.get(f"/my/notices/{notice.reference}/letter?lang={lang}"))
    assert UNREAD_ARTICLE[lang] in letter
    assert UNREAD_GROUND[lang] not in letter
    assert REASONING in letter


def test_officers_read_the_doubt_about_an_unread_ground(app, login, refused):
    notice, _ = refused
    officer_client = app.test_client()
    login(officer_client, "officer", language="ru")
    page = html(officer_client.get(notice_page(notice) + "?lang=ru"))
    assert "14.1.8 режим чрезвычайного положения (прочтение не подтверждено" in page, page


@pytest.mark.parametrize(("lang", "registered", "approved"), [
    ("ru", "Зарегистрировано — на рассмотрении", "Можно проводить"),
    ("kk", "Тіркелді — қаралуда", "Өткізуге болады"),
])
def test_my_notices_reads_registered_and_a_notification_may_go_ahead(
    client, login, now, session, officer, lang, registered, approved
):
    now(DURING_REVIEW)
    citizen = login(client, "citizen", language=lang)
    file_for(session, citizen)
    rally = file_for(session, citizen, starts_at="2021-05-21T11:00:00+06:00",
                     ends_at="2021-05-21T13:00:00+06:00")
    decide_on(session, rally, officer, "approve")
    page = html(client.get(f"/my/notices?lang={lang}"))
    assert registered in page and approved in page
    assert "Принято" not in page and "Қабылданды" not in page and "огласовано" not in page


def test_an_application_approved_reads_approved(client, login, now, session, officer):
    now(DURING_REVIEW)
    citizen = login(client, "citizen", language="ru")
    march = file_for(session, citizen, form="march", place={"route": "shevchenko-street"},
                     starts_at="2021-06-20T11:00:00+06:00", ends_at="2021-06-20T13:00:00+06:00")
    decide_on(session, march, officer, "approve")
    page = html(client.get(f"/my/notices/{march.reference}?lang=ru"))
    assert "Согласовано" in page and "Можно проводить" not in page
