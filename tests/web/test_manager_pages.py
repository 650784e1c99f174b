"""Who may see the managers' and administrators' pages, and the dashboard of an empty year."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assembly.services.outbox import enqueue
from assembly.web.manager.exports import sheet_name
from assembly.web.manager.views import default_year
from tests.web.conftest import PASSWORD, html

MANAGER_PAGES = ["/manager/", "/manager/?year=2021", "/manager/years",
                 "/manager/report.csv?year=2021", "/manager/report.xlsx?year=2021"]
ADMIN_PAGES = ["/admin/outbox", "/admin/outbox?status=sent", "/admin/outbox/{id}"]


@pytest.fixture
def message_id(session) -> int:
    """One message queued in the outbox."""
    message = enqueue(session, template="notice_registered", recipient="aigerim@example.kz",
                      language="ru", context={"reference": "ALA-2021-000001"},
                      now=datetime(2021, 5, 10, 4, 0, tzinfo=UTC))
    session.commit()
    return message.id


def expected_status(role: str, allowed: set[str]) -> int:
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 403


@pytest.mark.parametrize("role", ["anonymous", "citizen", "officer", "manager", "admin"])
@pytest.mark.parametrize(
    ("page", "allowed"),
    [(page, {"manager", "admin"}) for page in MANAGER_PAGES]
    + [(page, {"admin"}) for page in ADMIN_PAGES],
)
def test_each_page_is_shown_only_to_its_roles_and_asks_visitors_to_sign_in(
    client, login, message_id, role, page, allowed
):
    if role != "anonymous":
        login(client, role)
    response = client.get(page.format(id=message_id))
    assert response.status_code == expected_status(role, allowed)
    if role == "anonymous":
        assert response.headers["Location"].startswith("/sign-in?next=")


def test_a_manager_lands_on_the_yearly_report_after_signing_in(client, create_user, session):
    user = create_user("manager")
    session.commit()
    response = client.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/manager/"


@pytest.mark.parametrize(("role", "shown"), [("citizen", False), ("officer", False),
                                              ("manager", True), ("admin", True)])
def test_the_menu_offers_the_yearly_report_to_managers_and_admins(client, login, role, shown):
    login(client, role, language="en")
    page = html(client.get("/"))
    assert ('href="/manager/"' in page) == shown
    assert ('href="/manager/years"' in page) == shown
    assert ('href="/admin/outbox"' in page) == (role == "admin")


def test_without_any_data_the_dashboard_shows_this_year_with_zeros(client, login, now):
    now("2023-05-10T10:00:00+06:00")
    login(client, "manager", language="en")
    page = html(client.get("/manager/"))
    assert "Notices of peaceful assemblies in 2023" in page
    assert 'data-total="received">0<' in page and 'data-total="unsanctioned_events">0<' in page
    assert "No notice was registered in 2023." in page


@pytest.mark.parametrize("year", ["abc", "1999", "2101", "20 21"])
def test_a_year_out_of_range_is_explained_and_the_default_year_shown(client, login, now, year):
    now("2023-05-10T10:00:00+06:00")
    login(client, "manager", language="en")
    response = client.get(f"/manager/?year={year}")
    assert response.status_code == 422
    page = html(response)
    assert "Choose a year from 2000 to 2100." in page
    assert "Notices of peaceful assemblies in 2023" in page


def test_an_export_of_a_year_out_of_range_is_refused_with_the_reason(client, login):
    login(client, "manager", language="en")
    response = client.get("/manager/report.csv?year=nineteen")
    assert response.status_code == 422
    assert "Choose a year from 2000 to 2100." in response.get_data(as_text=True)


@pytest.mark.parametrize("year", [2005, 2030])  # before the law, and years ahead
def test_an_empty_year_shows_and_exports_zeros(client, login, year):
    login(client, "admin", language="en")
    page = html(client.get(f"/manager/?year={year}"))
    assert f"No notice was registered in {year}." in page
    response = client.get(f"/manager/report.csv?year={year}")
    text = response.data.decode("utf-8-sig")
    assert "received,Received,0" in text and "unsanctioned_events,Unsanctioned events,0" in text


def test_the_years_compared_say_when_there_is_nothing_yet(client, login):
    login(client, "manager", language="en")
    page = html(client.get("/manager/years"))
    assert "No notice or unsanctioned event has been registered yet." in page
    assert "<svg" not in page


def test_a_worksheet_name_is_cleaned_shortened_to_31_characters_and_unique():
    taken: set[str] = set()
    first = sheet_name("Refusals: by ground [Art. 14/1]? and much more text", taken)
    second = sheet_name("Refusals: by ground [Art. 14/1]? and much more text", taken)
    assert len(first) <= 31 and not set("[]:*?/\\") & set(first)
    assert second != first and len(second) <= 31 and second.endswith(" 2")


@pytest.mark.parametrize(("years", "this_year", "shown"), [
    ([2023, 2021], 2023, 2021),  # this year is still growing: the last complete one
    ([2022, 2021], 2023, 2022),
    ([2023], 2023, 2023),  # only this year has data: it is shown
    ([], 2023, 2023),
    ([2030, 2021], 2023, 2021),  # a year ahead (notices filed early) is not complete either
])
def test_the_dashboard_opens_on_the_last_complete_year(years, this_year, shown):
    assert default_year(years, this_year) == shown


def test_the_dashboard_and_the_years_compared_read_the_data(
    client, login, now, session, create_user
):
    from tests.web.officer_helpers import file

    owner = create_user("citizen")
    now("2021-05-13T10:00:00+06:00")
    file(session, owner)  # registered in 2021
    file(session, owner, "2023-05-11T10:00:00+06:00",  # and in 2023, with a gap in 2022
         starts_at="2023-05-20T11:00:00+06:00", ends_at="2023-05-20T13:00:00+06:00")
    session.commit()
    now("2023-06-01T10:00:00+06:00")
    login(client, "manager", language="en")
    assert "Notices of peaceful assemblies in 2021" in html(client.get("/manager/"))
    years = html(client.get("/manager/years"))
    table = years.split("<table", 1)[1].split("</table>", 1)[0]
    assert all(f">{year}<" in table for year in (2021, 2022, 2023))
