"""Languages: the choice of kk, ru or en, the switcher, translations and local formats."""

from __future__ import annotations

import pytest
from flask_babel import format_decimal

from assembly.i18n import TRANSLATED, catalog, missing_translations, template_files, used_msgids
from assembly.web.locale import LANG_COOKIE, compiled_translations, format_instant
from tests.conftest import at
from tests.web.conftest import html

HOME_TITLE = {"kk": "Алматыдағы бейбіт жиналыстар", "ru": "Мирные собрания в Алматы",
              "en": "Peaceful assemblies in Almaty"}


@pytest.mark.parametrize(("header", "lang"), [("kk-KZ,ru;q=0.8", "kk"), ("ru-RU", "ru"),
                                              ("en-GB", "en"), ("de", "en"), (None, "en")])
def test_without_a_choice_the_page_speaks_the_browsers_language(client, header, lang):
    headers = {"Accept-Language": header} if header else {}
    body = html(client.get("/", headers=headers))
    assert f'<html lang="{lang}">' in body
    assert HOME_TITLE[lang] in body


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_language_switcher_changes_the_lang_attribute_and_the_text(client, lang):
    other = "en" if lang != "en" else "ru"
    assert HOME_TITLE[other] in html(client.get("/", headers={"Accept-Language": other}))
    response = client.submit("/language", {"lang": lang, "next": "/procedure?x=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/procedure?x=1"
    cookie = client.get_cookie(LANG_COOKIE)
    assert cookie.value == lang and cookie.http_only and cookie.same_site == "Lax"
    body = html(client.get("/", headers={"Accept-Language": other}))
    assert f'<html lang="{lang}">' in body and HOME_TITLE[lang] in body
    assert f'value="{lang}" lang="{lang}" aria-pressed="true"' in body


def test_every_page_offers_the_switcher_with_each_language_named_in_itself(client):
    for path in ("/", "/procedure", "/map", "/occupancy", "/precheck", "/sign-in", "/register",
                 "/no-such-page"):
        body = html(client.get(path))
        assert 'action="/language"' in body
        for name in ("Қазақша", "Русский", "English"):
            assert name in body


def test_switching_from_a_page_opened_with_lang_drops_the_parameter(client):
    response = client.submit("/language", {"lang": "ru", "next": "/map?lang=kk&on=2021-05-20"})
    assert response.headers["Location"] == "/map?on=2021-05-20"
    assert '<html lang="ru">' in html(client.get(response.headers["Location"]))


def test_the_switcher_refuses_a_language_it_does_not_offer(client):
    assert client.submit("/language", {"lang": "de"}).status_code == 400


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil",
                                    "javascript:alert(1)", ""])
def test_the_switcher_never_sends_the_visitor_off_the_site(client, target):
    response = client.submit("/language", {"lang": "kk", "next": target})
    assert response.headers["Location"] == "/"


def test_a_signed_in_user_sees_their_language_and_the_switcher_changes_it(
    client, login, session
):
    user = login(client, language="kk")
    assert 'lang="kk"' in html(client.get("/account", headers={"Accept-Language": "en"}))
    client.submit("/language", {"lang": "ru", "next": "/account"})
    session.refresh(user)
    assert user.language == "ru"
    session.rollback()


def test_the_lang_query_parameter_wins_for_links_and_feeds(client):
    client.submit("/language", {"lang": "ru"})
    assert '<html lang="kk">' in html(client.get("/?lang=kk"))
    assert '<html lang="ru">' in html(client.get("/?lang=xx"))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_flask_babel_reads_the_same_translations_as_the_engine(lang):
    translations = compiled_translations(lang)
    entries = catalog(lang)
    assert entries
    for msgid, text in entries.items():
        assert translations.gettext(msgid) == text


def test_the_templates_are_scanned_for_messages_to_translate():
    names = {path.name for path in template_files()}
    assert {"base.html", "_macros.html", "_map.html", "precheck.html"} <= names
    assert {"Skip to main content", "There is a problem", "Check a notice before filing it"} <= (
        used_msgids()
    )


def test_every_message_of_the_code_and_the_templates_is_translated():
    assert missing_translations() == {"kk": [], "ru": []}


@pytest.mark.parametrize(
    ("instant", "lang", "expected"),
    [
        ("2021-05-18T23:59:59+06:00", "ru", "18 мая 2021 г., 23:59"),
        ("2021-05-18T23:59:59+06:00", "kk", "2021 ж. 18 мамыр, 23:59"),
        ("2021-05-18T23:59:59+06:00", "en", "May 18, 2021, 23:59"),
        # Almaty moved to UTC+5 on 2024-03-01: 06:00 UTC reads 11:00, not 12:00.
        ("2024-03-05T06:00:00+00:00", "ru", "5 марта 2024 г., 11:00"),
        ("2024-02-20T06:00:00+00:00", "ru", "20 февраля 2024 г., 12:00"),
    ],
)
def test_instants_are_shown_in_almaty_time_in_the_languages_format(app, instant, lang,
                                                                   expected):
    with app.test_request_context(f"/?lang={lang}"):
        assert format_instant(at(instant)).replace("\u202f", " ") == expected


@pytest.mark.parametrize(("lang", "expected"), [("ru", "1 000"), ("kk", "1 000"),
                                                ("en", "1,000")])
def test_numbers_are_in_the_languages_format(app, lang, expected):
    with app.test_request_context(f"/?lang={lang}"):
        assert format_decimal(1000).replace("\xa0", " ") == expected


def test_dates_on_pages_are_in_the_languages_long_format(client, now):
    now("2021-05-13T10:00:00+06:00")
    body = html(client.get("/occupancy", headers={"Accept-Language": "ru"}))
    assert "С 13 мая 2021 г. по 12 июня 2021 г." in body
