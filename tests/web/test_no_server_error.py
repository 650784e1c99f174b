"""No 5xx on any input (issue 11, point 6): every route of the portal and the API, signed
in as each role and as no one, driven with odd and generated values in the path, the
query string and the form: a 4xx or a page, never a server error."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from assembly.models import User
from assembly.services.filing import file_notice
from assembly.web import create_app
from tests.conftest import at, dummy_draft
from tests.web.conftest import PASSWORD, ROLES, Client, make_app

NOW = "2021-05-14T10:00:00+06:00"
# Values that broke a parser once, or could: digits that are not ASCII, numbers past any
# column's range, dates at the ends of the calendar, text where numbers are meant.
ODD = [  # the likeliest to break first: hypothesis draws early entries more often
    "²", "99999999999999999999", "9999-12-31", "0001-01-01", "٣", "2021²", "１２",
    "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", str(2**63), "-1", "",
    " ", "0", "-5", "1", "¹²", str(2**31), "1e9", "NaN", "inf", "0x10", "1.5", "2021-02-30",
    "2021-13-45", "2021-05-20T11:00", "2021-05-20T25:61:00+06:00", "x" * 500, "\x00",
    "'; DROP TABLE x; --", "<script>", "..", "%", "ALA-2021-000001", "ALA-9999-999999", "true",
    "on",
]
# Query parameters and form fields the pages and the API read, besides those the pages'
# own forms name (read from each page).
KNOWN_NAMES = [
    "page", "per_page", "year", "from", "to", "place", "status", "lang", "next", "related",
    "on", "rules_on", "q", "state", "form", "procedure", "date", "reference", "full",
]
ANON = "anonymous"


@dataclass
class World:
    """The app with one notice filed, a client per role, and the path values to try."""

    app: Flask
    clients: dict[str, Client]
    tokens: dict[str, str]
    reference: str


def _paths(app: Flask) -> list[tuple[str, str, list[str]]]:
    """Every route's rule, method and argument names (static files apart)."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.rule, method, sorted(rule.arguments)))
    return sorted(found)


def make_app_for_routes() -> Flask:
    """An app whose routes are listed (on an in-memory database it never opens)."""
    return create_app({"TESTING": True, "SECRET_KEY": "routes", "DATABASE_URL": "sqlite://"})


@pytest.fixture
def world(engine: Any, session: Session, create_user: Callable[..., User],
          now: Callable[[str], Any]) -> Iterator[World]:
    now(NOW)
    app = make_app(engine, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    users = {role: create_user(role) for role in ROLES}
    notice = file_notice(session, dummy_draft(), owner=users["citizen"], now=at(NOW))
    session.commit()
    clients: dict[str, Client] = {ANON: app.test_client()}  # type: ignore[dict-item]
    tokens: dict[str, str] = {}
    for role, user in users.items():
        client: Client = app.test_client()  # type: ignore[assignment]
        signed = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
        assert signed.status_code == 302, signed.get_data(as_text=True)
        clients[role] = client
        issued = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
        tokens[role] = issued.get_json()["token"]
    yield World(app, clients, tokens, notice.notice.reference)


_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def _call(world: World, role: str, method: str, path: str, values: dict[str, str]) -> Any:
    client = world.clients[role]
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} \
        if path.startswith("/api/") and role != ANON else {}
    if method in ("GET", "DELETE"):
        return client.open(path, method=method, query_string=values, headers=headers)
    if path.startswith("/api/"):
        return client.open(path, method=method, json=values, headers=headers)
    return client.open(path, method=method, data=values, query_string=values)


def _fill(rule: str, arguments: list[str], value: str) -> str:
    path = rule
    for name in arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", value, path)
    return path


def assert_no_server_error(world: World, role: str, method: str, path: str,
                           values: dict[str, str]) -> None:
    try:
        response = _call(world, role, method, path, values)
    except Exception as exc:  # TESTING propagates what would have been a 500
        raise AssertionError(f"{role} {method} {path} {values!r}: {exc!r}") from exc
    if path == "/readyz" and response.status_code == 503:
        # Its answer, not an error: no scheduler has run in this world (health.readyz).
        assert response.get_json()["checks"]["scheduler"]["ok"] is False
        return
    assert response.status_code < 500, (
        f"{role} {method} {path} {values!r}: {response.status_code}\n"
        + response.get_data(as_text=True)[:2000])


def _roles(rule: str) -> tuple[str, ...]:
    """Who may reach a route's checks: its audience (others are turned away before)."""
    for prefix, roles in (("/officer", ("officer",)), ("/manager", ("manager",)),
                          ("/admin", ("admin",)), ("/my", ("citizen",)), ("/file", ("citizen",)),
                          ("/account", ("citizen",))):
        if rule.startswith(prefix):
            return roles
    if rule.startswith("/api/"):
        return (ANON, "citizen", "officer", "manager", "admin")
    return (ANON, "citizen", "officer")


def _names(world: World, role: str, path: str) -> list[str]:
    """The parameters to try on a path: those its page's forms name, and the usual ones."""
    names = set(KNOWN_NAMES)
    if not path.startswith("/api/"):
        page = world.clients[role].get(path)
        if page.status_code == 200 and page.mimetype == "text/html":
            names |= set(_NAME.findall(page.get_data(as_text=True))) - {"csrf_token"}
    return sorted(names)


_DIGITS = st.text(alphabet="0123456789²³¹٠١٢٣४५१२３", min_size=1, max_size=25)
_VALUES = st.one_of(
    st.sampled_from(ODD),
    _DIGITS,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(date.isoformat),
    st.datetimes(timezones=st.timezones()).map(datetime.isoformat),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.text(max_size=40),
)
ROUTES = [(rule, method, arguments) for rule, method, arguments in _paths(make_app_for_routes())]
EXAMPLES = 12  # per route: enough to meet every kind of value, bounded for CI


@pytest.mark.parametrize(("rule", "method", "arguments"), ROUTES,
                         ids=[f"{m} {r}" for r, m, _ in ROUTES])
def test_generated_values_in_the_path_query_and_form_of_every_route_never_give_a_5xx(
    world: World, rule: str, method: str, arguments: list[str]
) -> None:
    roles = _roles(rule)
    names = {role: _names(world, role, _fill(rule, arguments, world.reference)) for role in roles}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def drive(data: st.DataObject) -> None:
        role = data.draw(st.sampled_from(roles), label="role")
        argument = data.draw(st.one_of(st.just(world.reference), _VALUES), label="path")
        values = data.draw(st.one_of(
            st.dictionaries(st.sampled_from(names[role]), _VALUES, max_size=4),
            st.sampled_from(ODD).map(lambda odd: dict.fromkeys(names[role], odd)),  # all at once
        ), label="values")
        path = _fill(rule, arguments, quote(argument, safe="") or "x")
        assert_no_server_error(world, role, method, path, values)

    drive()


KNOWN_500S = [
    # (role, method, path, values): what issue 11 found, and what the crawl found after.
    (ANON, "GET", "/occupancy", {"from": "9999-12-31"}),
    (ANON, "GET", "/occupancy.ics", {"from": "9999-12-31"}),
    (ANON, "GET", "/occupancy", {"from": "0001-01-01"}),
    (ANON, "GET", "/api/v1/occupancy", {"from": "9999-12-31"}),
    (ANON, "GET", "/api/v1/occupancy", {"from": "0001-01-01"}),
    ("officer", "GET", "/officer/", {"page": "²"}),
    ("officer", "GET", "/officer/unsanctioned", {"year": "²"}),
    ("officer", "GET", "/officer/unsanctioned", {"year": "٢٠٢١"}),
    ("manager", "GET", "/manager/", {"year": "²"}),
    ("manager", "GET", "/manager/report.csv", {"year": "²"}),
    ("admin", "GET", "/admin/outbox", {"page": "99999999999999999999"}),
    ("admin", "GET", "/admin/outbox", {"page": "²"}),
    ("admin", "GET", "/admin/outbox/99999999999999999999", {}),
    ("officer", "GET", "/officer/unsanctioned/99999999999999999999", {}),
    ("officer", "POST", "/officer/deliveries/99999999999999999999", {}),
    ("citizen", "GET", "/api/v1/notices", {"page": "99999999999999999999"}),
    ("citizen", "GET", "/api/v1/notices", {"page": "²"}),
    ("officer", "GET", "/api/v1/notices", {"page": "1000000", "per_page": "100"}),
    ("manager", "GET", "/api/v1/reports/yearly", {"year": "²"}),
    (ANON, "POST", "/precheck", {"date": "9999-12-31", "expected_participants": "²"}),
    (ANON, "POST", "/precheck", {"date": "0001-01-01"}),
    ("officer", "POST", "/officer/unsanctioned/new", {"estimated_participants": "²",
                                                      "date": "9999-12-31"}),
    ("officer", "POST", "/officer/closures", {"starts_on": "9999-12-31",
                                              "ends_on": "9999-12-31"}),
]


@pytest.mark.parametrize(("role", "method", "path", "values"), KNOWN_500S,
                         ids=[f"{r}-{m}-{p}-{v}" for r, m, p, v in KNOWN_500S])
def test_inputs_that_once_gave_a_500_give_a_4xx_or_a_page(
    world: World, role: str, method: str, path: str, values: dict[str, str]
) -> None:
    assert_no_server_error(world, role, method, path, values)


@pytest.mark.parametrize("occurred_at", [
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-12:00", "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59+14:00",
])
def test_an_unsanctioned_event_near_year_1_or_9999_is_422_on_occurred_at(
    world: World, occurred_at: str
) -> None:
    response = _call(world, "officer", "POST", "/api/v1/unsanctioned-events", {
        "occurred_at": occurred_at, "form": "rally", "estimated_participants": 40,
        "place": {"point": {"lat": 43.2383, "lon": 76.9456}},
        "description": "A gathering without a notice.", "source": "patrol report",
    })
    assert response.status_code == 422, response.get_data(as_text=True)
    assert [e["field"] for e in response.get_json()["errors"]] == ["occurred_at"]


@pytest.mark.parametrize(("role", "path", "values"), [
    ("citizen", "/api/v1/notices", {"page": "١٢"}),
    ("citizen", "/api/v1/notices", {"page": "²"}),
    ("manager", "/api/v1/reports/yearly", {"year": "２０２１"}),
    (ANON, "/api/v1/occupancy", {"from": "٢٠٢١-05-20"}),
    ("officer", "/officer/unsanctioned", {"year": "٢٠٢١"}),
    ("officer", "/officer/unsanctioned", {"year": "2021²"}),
    ("manager", "/manager/", {"year": "٢٠٢١"}),
    (ANON, "/occupancy", {"from": "٢٠٢١-05-20"}),
    (ANON, "/occupancy", {"from": "9999-12-31"}),
], ids=["api-page-arabic", "api-page-superscript", "api-year-fullwidth", "api-date-arabic",
        "officer-year-arabic", "officer-year-superscript", "manager-year-arabic",
        "occupancy-date-arabic", "occupancy-year-9999"])
def test_digits_that_are_not_ascii_and_years_out_of_range_are_422(
    world: World, role: str, path: str, values: dict[str, str]
) -> None:
    response = _call(world, role, "GET", path, values)
    assert response.status_code == 422, response.get_data(as_text=True)[:500]
