"""Every page answers each audience as it should; the public pages read the rules in force."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import ROLES, html

PUBLIC = ["/", "/procedure", "/map", "/map?on=2021-05-20", "/occupancy", "/occupancy.ics",
          "/precheck", "/healthz"]
ANONYMOUS_ONLY = ["/sign-in", "/register"]
SIGNED_IN_ONLY = ["/account"]
HOMES = {"citizen": "/my/notices", "officer": "/officer/", "manager": "/manager/"}  # set_role_home
AUDIENCES = [None, *ROLES]


def expected(path: str, role: str | None) -> tuple[int, str | None]:
    """The status (and redirect) a page gives an audience."""
    if path in ANONYMOUS_ONLY and role is not None:
        return 302, HOMES.get(role, "/account")
    if path in SIGNED_IN_ONLY and role is None:
        return 302, f"/sign-in?next=%2F{path.lstrip('/')}"
    return 200, None


@pytest.mark.parametrize("role", AUDIENCES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("path", PUBLIC + ANONYMOUS_ONLY + SIGNED_IN_ONLY)
def test_every_page_answers_each_audience_as_expected(client, login, path, role):
    if role is not None:
        login(client, role)
    response = client.get(path)
    status, location = expected(path, role)
    assert response.status_code == status
    assert response.headers.get("Location") == location


@pytest.mark.parametrize("path", [p for p in PUBLIC if "ics" not in p and "healthz" not in p]
                         + ANONYMOUS_ONLY)
def test_every_page_has_a_skip_link_a_main_landmark_a_title_and_one_h1(client, path):
    body = html(client.get(path))
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body and "<nav" in body
    assert re.search(r"<title>[^<]+ — Peaceful assemblies in Almaty</title>", body)
    assert body.count("<h1") == 1


def test_the_menu_offers_sign_in_to_visitors_and_the_account_to_users(client, login):
    body = html(client.get("/"))
    assert 'href="/sign-in"' in body and 'href="/register"' in body
    assert 'href="/account"' not in body and "Sign out" not in body
    login(client, "officer", language="en")
    body = html(client.get("/procedure"))
    assert 'href="/account"' in body and "Sign out" in body
    assert 'href="/register"' not in body
    assert '<a href="/procedure" aria-current="page">' in body


@pytest.mark.parametrize(
    ("today", "present", "absent"),
    [
        ("2021-05-13T10:00:00+06:00", ["Shokan Ualikhanov Square", "Shevchenko Street"],
         ["Amangeldy Imanov Square", "Zhambyl Street"]),
        ("2025-03-03T10:00:00+05:00", ["Amangeldy Imanov Square", "Zhambyl Street"],
         ["Shokan Ualikhanov Square", "Shevchenko Street"]),
    ],
)
def test_the_procedure_page_reads_the_rules_in_force_today(client, now, today, present, absent):
    now(today)
    body = html(client.get("/procedure?lang=en"))
    for text in present:
        assert text in body
    for text in absent:
        assert text not in body
    assert "Working days before the day of the assembly: 5 (Art. 10)" in body
    assert "Working days before the day of the assembly: 10 (Art. 12)" in body
    assert "Working days from registration: 3 (Art. 11)" in body
    assert "Working days from registration: 7 (Art. 13)" in body
    assert "09:00" in body and "20:00" in body
    assert "<strong>Art. 14(1)(4)</strong>" in body


def test_the_procedure_page_cites_the_articles_as_the_language_does(client):
    body = html(client.get("/procedure?lang=ru"))
    assert "подп. 4) п. 1 ст. 14" in body
    assert "Рабочих дней до дня проведения: 10 (ст. 12)" in body
    assert "без звукоусиливающих средств" in body  # a restriction, worded as in the letters


def test_the_procedure_example_computes_the_deadlines_as_the_engine_does(client, now):
    now("2021-05-13T10:00:00+06:00")  # Thursday; the example event is 21 days on: 2021-06-03
    body = html(client.get("/procedure?lang=en"))
    example = body.split('id="example-caption"', 1)[1].split("</table>", 1)[0]
    assert "June 3, 2021" in example
    assert "May 27, 2021" in example  # notification: 5 working days back from June 2
    assert "May 18, 2021, 23:59" in example  # registered May 13, 3 working days


def test_the_map_shows_the_places_in_force_on_the_date_asked(client):
    body_2021 = html(client.get("/map?on=2021-05-20&lang=en"))
    body_2025 = html(client.get("/map?on=20.05.2025&lang=en"))
    assert "Shevchenko Street" in body_2021 and "Shevchenko Street" not in body_2025
    assert "Zhambyl Street" in body_2025 and "Zhambyl Street" not in body_2021
    assert 'role="img"' in body_2021 and "<title id=\"map-title\">" in body_2021
    assert "Maximum occupancy: 1,000 people." in body_2021  # Valikhanov square
    assert "150 m buffer" in body_2021 and "400 m buffer" in body_2025


@pytest.mark.parametrize(("on", "message"), [
    ("20/05/2021", "Enter a date, e.g. 20.05.2021."),
    ("2019-01-01", "No rules for assemblies are in force on this date."),
])
def test_the_map_explains_a_date_it_cannot_show(client, on, message):
    response = client.get(f"/map?on={on}&lang=en")
    assert response.status_code == 422
    body = html(response)
    assert message in body.split('id="on-error"', 1)[1].split("</p>", 1)[0]
    assert '<a href="#on">' in body
