"""Bad input never breaks the API: malformed or oversized bodies, wrong types, odd dates,
injection strings in every text field and query parameter, bad tokens, guessed passwords.

Always a 4xx with the error format (or a 2xx where the text is legitimately accepted,
stored verbatim and returned as JSON), never a 500, and nothing stored when rejected.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from assembly.errors import FieldError
from assembly.i18n import field_error_message, gettext
from assembly.notices.identity import make_bin
from assembly.services.throttle import ThrottlePolicy
from assembly.web.api.errors import REQUEST_ERRORS
from assembly.web.extensions import limiter
from tests.api.conftest import (
    DURING_REVIEW,
    PASSWORD,
    Api,
    Caller,
    codes,
    count_notices,
    errors_of,
    forget_wrong_passwords,
)
from tests.conftest import dummy_draft

INJECTIONS = [
    "'; DROP TABLE notices; --",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${7*7} %s %(x)s {0}",
    "\u0000",
    "a\u0000b",
    "x" * 3000,
    "\u202eevil\u202c \u200fمرحبا\u200e",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    "2021-13-45",  # looks like a date, is none: echoed in messages
    "2021-05-20T25:61:00+06:00",
]
INJECTION_IDS = ["sql", "script", "template", "format", "nul", "embedded-nul", "long",
                 "rtl", "sql-2", "bad-date", "bad-instant"]
UNSANCTIONED = {
    "occurred_at": "2021-05-13T12:00:00+06:00",
    "place": {"point": {"lat": 43.2383, "lon": 76.9456}, "address": "Abai Ave"},
    "form": "rally",
    "estimated_participants": 40,
    "description": "A gathering without a notice.",
    "source": "patrol report",
}
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def with_value(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `document` with the dotted `path` set to `value`."""
    copy = json.loads(json.dumps(document))
    *parents, leaf = path.split(".")
    node = copy
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    node[int(leaf) if isinstance(node, list) else leaf] = value
    return copy


def value_at(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for key in path.split("."):
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def assert_rejected_or_echoed(response: Any, sent: Any, returned: Any = None) -> None:
    """A 4xx in the error format, or a 2xx whose JSON gives back exactly what was sent."""
    assert response.status_code < 500, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    if response.status_code >= 400:
        errors_of(response)
    elif returned is not None:
        assert returned(response.get_json()) == sent


@pytest.fixture
def citizen(api: Api) -> Caller:
    return api.sign_in("citizen")


@pytest.fixture
def officer(api: Api) -> Caller:
    return api.sign_in("officer")


# --- the body: JSON, type, size ---------------------------------------------------------

BODY_ENDPOINTS = ["/notices", "/precheck", "/tokens"]


@pytest.mark.parametrize("path", BODY_ENDPOINTS)
@pytest.mark.parametrize("raw", [b"{", b'{"form": "rally",}', b"\xff\xfe{}", b"nul", b"[1,"],
                         ids=["unclosed", "trailing-comma", "not-utf8", "bare-word", "array"])
def test_malformed_json_is_400_and_stores_nothing(
    api: Api, citizen: Caller, path: str, raw: bytes
) -> None:
    response = api.post(path, citizen, data=raw, content_type="application/json")

    assert response.status_code == 400, response.get_data(as_text=True)
    assert codes(response) == {"invalid_json"}
    assert count_notices(api.session) == 0


@pytest.mark.parametrize("content_type", [
    "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/xml", None,
])
def test_a_body_that_is_not_json_is_415_and_stores_nothing(
    api: Api, citizen: Caller, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.post("/notices", citizen, data=json.dumps(dummy_draft()), headers=headers)

    assert response.status_code == 415, response.get_data(as_text=True)
    assert codes(response) == {"unsupported_media_type"}
    assert count_notices(api.session) == 0


def test_a_json_body_with_a_json_suffix_type_is_accepted(api: Api, citizen: Caller) -> None:
    response = api.post("/notices", citizen, data=json.dumps(dummy_draft()),
                        content_type="application/vnd.api+json")
    assert response.status_code == 201, response.get_data(as_text=True)


def test_a_body_over_the_limit_is_413_and_stores_nothing(
    api: Api, citizen: Caller, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = dummy_draft(purpose="x" * (int(app.config["API_MAX_BODY_BYTES"]) + 1))
    response = api.post("/notices", citizen, json=huge)
    assert response.status_code == 413, response.get_data(as_text=True)
    assert codes(response) == {"too_large"}

    monkeypatch.setitem(app.config, "API_MAX_BODY_BYTES", 1024)
    small_limit = api.post("/notices", citizen, json=dummy_draft(purpose="y" * 1100))
    assert small_limit.status_code == 413
    assert codes(small_limit) == {"too_large"}
    assert count_notices(api.session) == 0


@pytest.mark.parametrize(("path", "code"), [
    ("color", "unknown_field"),
    ("organizer.nickname", "unknown_field"),
    ("place.zone", "unknown_field"),
    ("place.point.alt", "unknown_field"),
])
def test_unknown_fields_are_422_unknown_field(
    api: Api, citizen: Caller, path: str, code: str
) -> None:
    draft = dummy_draft()
    if path.startswith("place.point"):
        draft = dummy_draft(form="picket", place={"point": {"lat": 43.2567, "lon": 76.9286}})
    response = api.post("/notices", citizen, json=with_value(draft, path, "surprise"))

    assert response.status_code == 422, response.get_data(as_text=True)
    assert {(e["field"], e["code"]) for e in errors_of(response)} == {(path, code)}
    assert count_notices(api.session) == 0


# --- the draft's fields -----------------------------------------------------------------

PICKET = dummy_draft(form="picket", place={"point": {"lat": 43.2567, "lon": 76.9286},
                                          "address": "Abylai Khan Ave 50"})
ORGANIZATION = dummy_draft(organizer={
    "kind": "organization", "name": "Green Almaty", "bin": make_bin(date(2021, 4, 1), 123),
    "address": "Almaty, Dostyk Ave 1", "email": "green@example.kz", "phone": "+77011234568",
})
WRONG_TYPES = [
    # (base draft, field, a value of the wrong JSON type, accepted codes)
    (None, "form", 1, {"invalid_type"}),
    (None, "purpose", 12, {"invalid_type"}),
    (None, "purpose", ["a", "b"], {"invalid_type"}),
    (None, "starts_at", 20210520, {"invalid_type"}),
    (None, "ends_at", True, {"invalid_type"}),
    (None, "place", "sary-arka-square", {"invalid_type"}),
    (None, "place.site", 5, {"invalid_type"}),
    (None, "expected_participants", "300", {"invalid_type"}),
    (None, "expected_participants", 300.5, {"invalid_type"}),
    (None, "expected_participants", True, {"invalid_type"}),
    (None, "expected_participants", None, {"invalid_type", "required"}),
    (None, "sound_amplification", "yes", {"invalid_type"}),
    (None, "vehicles", 1, {"invalid_type"}),
    (None, "structures", "false", {"invalid_type"}),
    (None, "organizer", [], {"invalid_type"}),
    (None, "organizer.kind", 1, {"invalid_choice", "invalid_type"}),
    (None, "organizer.full_name", {"first": "A"}, {"invalid_type"}),
    (None, "organizer.iin", 900315400017, {"invalid_type"}),
    (None, "organizer.address", [], {"invalid_type"}),
    (None, "organizer.email", {}, {"invalid_type"}),
    (None, "organizer.phone", 77011234567, {"invalid_type"}),
    ("picket", "place.point", "43.25,76.94", {"invalid_type"}),
    ("picket", "place.point.lat", "43.25", {"invalid_type"}),
    ("picket", "place.point.lon", None, {"invalid_type", "required"}),
    ("picket", "place.address", 50, {"invalid_type"}),
    ("organization", "organizer.name", 7, {"invalid_type"}),
    ("organization", "organizer.bin", 210440000123, {"invalid_type"}),
]
BASES = {None: dummy_draft(), "picket": PICKET, "organization": ORGANIZATION}


@pytest.mark.parametrize(("base", "field", "value", "expected"), WRONG_TYPES,
                         ids=[f"{f}={json.dumps(v)}" for _, f, v, _ in WRONG_TYPES])
def test_a_wrong_type_in_any_field_of_the_draft_is_422_on_that_field(
    api: Api, citizen: Caller, base: str | None, field: str, value: Any, expected: set[str]
) -> None:
    assert api.post("/precheck", json=BASES[base]).get_json()["procedure"]  # the base is valid
    draft = with_value(BASES[base], field, value)

    for path in ("/precheck", "/notices"):
        response = api.post(path, citizen, json=draft)
        assert response.status_code == 422, response.get_data(as_text=True)
        found = {(e["field"], e["code"]) for e in errors_of(response)}
        assert any(f == field and c in expected for f, c in found), found
    assert count_notices(api.session) == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"starts_at": "1900-05-20T11:00:00+06:00", "ends_at": "1900-05-20T13:00:00+06:00"},
     "starts_at"),
    ({"starts_at": "9999-05-20T11:00:00+06:00", "ends_at": "9999-05-20T13:00:00+06:00"},
     "starts_at"),
    ({"starts_at": "0001-01-01T00:00:00+00:00"}, "starts_at"),
    ({"ends_at": "9999-12-31T23:59:59+14:00"}, "ends_at"),
    ({"starts_at": "2021-02-30T11:00:00+06:00"}, "starts_at"),
    ({"starts_at": "2021-05-20T11:00:00"}, "starts_at"),  # no offset
    ({"starts_at": "20.05.2021 11:00"}, "starts_at"),
    ({"starts_at": ""}, "starts_at"),
    ({"ends_at": "2021-05-20T10:00:00+06:00"}, "ends_at"),  # end before start
    ({"ends_at": "2021-05-20T11:00:00+06:00"}, "ends_at"),  # end at the start
    ({"expected_participants": 0}, "expected_participants"),
    ({"expected_participants": 10**12}, "expected_participants"),
    ({"expected_participants": -5}, "expected_participants"),
], ids=["year-1900", "year-9999", "year-1", "end-9999", "feb-30", "no-offset", "not-iso",
        "blank", "end-before-start", "end-at-start", "no-one", "too-many", "negative"])
def test_out_of_range_dates_and_numbers_are_422_and_store_nothing(
    api: Api, citizen: Caller, changes: dict[str, Any], field: str
) -> None:
    draft = dummy_draft(**changes)
    for path in ("/precheck", "/notices"):
        response = api.post(path, citizen, json=draft)
        assert response.status_code == 422, response.get_data(as_text=True)
        assert field in {e["field"] for e in errors_of(response)}
    assert count_notices(api.session) == 0


@pytest.mark.parametrize("filed_at", ["1900-01-01T10:00:00+06:00", "9999-12-31T10:00:00+06:00",
                                      "yesterday", "2021-05-13"])
def test_a_precheck_filed_at_out_of_range_is_422(api: Api, filed_at: str) -> None:
    response = api.post("/precheck", json={**dummy_draft(), "filed_at": filed_at})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "filed_at" in {e["field"] for e in errors_of(response)}


# --- injection strings in every text field ----------------------------------------------

DRAFT_TEXT_FIELDS = [
    (None, "form"), (None, "purpose"), (None, "starts_at"), (None, "ends_at"),
    (None, "place.site"), (None, "organizer.kind"), (None, "organizer.full_name"),
    (None, "organizer.iin"), (None, "organizer.address"), (None, "organizer.email"),
    (None, "organizer.phone"), ("picket", "place.address"),
    ("organization", "organizer.name"), ("organization", "organizer.bin"),
]


@pytest.mark.parametrize(("base", "field"), DRAFT_TEXT_FIELDS,
                         ids=[f for _, f in DRAFT_TEXT_FIELDS])
def test_injection_strings_in_any_text_field_of_the_draft_never_break_filing(
    api: Api, citizen: Caller, base: str | None, field: str
) -> None:
    stored = 0
    for text in INJECTIONS:
        draft = with_value(BASES[base], field, text)
        checked = api.post("/precheck", json=draft)
        assert_rejected_or_echoed(checked, text)
        response = api.post("/notices", citizen, json=draft)
        assert_rejected_or_echoed(response, text, lambda body: value_at(body, field))
        stored += response.status_code == 201
        assert count_notices(api.session) == stored
        if response.status_code == 201:  # and it reads back the same
            again = api.get(f"/notices/{response.get_json()['reference']}", citizen)
            assert value_at(again.get_json(), field) == text


def test_the_free_text_is_stored_verbatim_and_returned_as_json(
    api: Api, citizen: Caller
) -> None:
    text = "<script>alert(1)</script> '; DROP TABLE notices; -- {{7*7}} \u202eRTL\u202c"
    response = api.post("/notices", citizen, json=dummy_draft(purpose=text))

    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.get_json()["purpose"] == text
    raw = response.get_data(as_text=True)
    assert json.dumps(text, ensure_ascii=False) in raw  # a JSON string, quotes escaped


def _file_and_review(api: Api, citizen: Caller) -> str:
    return api.file(citizen)["reference"]


DECISION_FIELDS = [
    ("reasoning", {"outcome": "refuse", "grounds": ["14.1.3"]}),
    ("outcome", {}),
    ("grounds.0", {"outcome": "refuse", "grounds": ["x"], "reasoning": "Order."}),
    ("restrictions.0", {"outcome": "approve_restricted", "restrictions": ["x"]}),
    ("channels.0", {"outcome": "approve", "channels": ["x"]}),
    ("proposal.starts_at", {"outcome": "propose_change", "proposal": {}}),
    ("proposal.place.site", {"outcome": "propose_change", "proposal": {"place": {}}}),
]


@pytest.mark.parametrize(("field", "body"), DECISION_FIELDS, ids=[f for f, _ in DECISION_FIELDS])
def test_injection_strings_in_a_decision_never_break_it(
    api: Api, now: Any, field: str, body: dict[str, Any]
) -> None:
    now(DURING_REVIEW)
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    for text in INJECTIONS:
        reference = api.file(citizen)["reference"]
        before = api.get(f"/notices/{reference}", officer).get_json()
        sent = with_value(body, field, text) if "." in field else {**body, field: text}
        response = api.post(f"/notices/{reference}/decision", officer, json=sent)
        assert_rejected_or_echoed(response, text.strip(),
                                  lambda b: value_at(b, f"decision.{field}"))
        if response.status_code >= 400:
            assert api.get(f"/notices/{reference}", officer).get_json() == before


def test_injection_strings_in_a_withdrawal_statement_never_break_it(
    api: Api, now: Any
) -> None:
    now(DURING_REVIEW)
    citizen = api.sign_in("citizen")
    for text in INJECTIONS:
        reference = api.file(citizen)["reference"]
        response = api.post(f"/notices/{reference}/withdrawal", citizen,
                            json={"statement": text})
        assert_rejected_or_echoed(response, text)
        status = api.get(f"/notices/{reference}", citizen).get_json()["status"]
        assert status == ("withdrawn" if response.status_code == 200 else "received")


UNSANCTIONED_FIELDS = ["occurred_at", "form", "category", "description", "source",
                       "related_notice", "place.address", "place.site"]


@pytest.mark.parametrize("field", UNSANCTIONED_FIELDS)
def test_injection_strings_in_an_unsanctioned_event_never_break_the_log(
    api: Api, now: Any, field: str
) -> None:
    now(DURING_REVIEW)
    officer = api.sign_in("officer")
    logged = 0
    base = UNSANCTIONED if field != "place.site" else {**UNSANCTIONED, "place": {}}
    for text in INJECTIONS:
        response = api.post("/unsanctioned-events", officer, json=with_value(base, field, text))
        assert_rejected_or_echoed(response, text.strip(), lambda b: value_at(b, field))
        logged += response.status_code == 201
        listed = api.get("/unsanctioned-events?year=2021", officer)
        assert listed.status_code == 200
        assert len(listed.get_json()["items"]) == logged


@pytest.mark.parametrize("field", ["email", "password"])
def test_injection_strings_in_a_token_request_are_refused(
    api: Api, citizen: Caller, field: str
) -> None:
    for text in INJECTIONS:
        limiter.reset()  # the wrong passwords here are not guesses: forget them
        forget_wrong_passwords(api.session)
        sent = {"email": citizen.user.email, "password": PASSWORD, field: text}
        response = api.post("/tokens", json=sent)
        assert 400 <= response.status_code < 500, response.get_data(as_text=True)
        assert codes(response) <= {"invalid_credentials", "too_long", "required", "too_large",
                                   "invalid_characters", "invalid"}


QUERIES = [
    ("/notices", "status"), ("/notices", "place"), ("/notices", "year"), ("/notices", "page"),
    ("/notices", "per_page"), ("/places", "on"), ("/prohibited-zones", "on"),
    ("/occupancy", "from"), ("/occupancy", "to"), ("/occupancy", "place"),
    ("/unsanctioned-events", "year"), ("/reports/yearly", "year"), ("/notices", None),
]
ODD_VALUES = ["1900-01-01", "9999-12-31", "-1", "0", "1e9", "[]", "", "2021-13-45"]


@pytest.mark.parametrize(("path", "parameter"), QUERIES,
                         ids=[f"{p}?{q or 'unknown-name'}" for p, q in QUERIES])
def test_injection_strings_in_query_parameters_are_200_or_422(
    api: Api, now: Any, path: str, parameter: str | None
) -> None:
    now(DURING_REVIEW)
    caller = api.sign_in("officer" if "unsanctioned" in path else "manager")
    api.file(api.sign_in("citizen"))
    for text in [*INJECTIONS, *ODD_VALUES]:
        query = {parameter: text} if parameter else {text or "x": "1"}
        response = api.get(path, caller, query_string=query)
        assert response.status_code in (200, 422), (text, response.get_data(as_text=True))
        assert response.mimetype == "application/json"
        if response.status_code == 422:
            errors_of(response)
    assert count_notices(api.session) == 1


# --- languages --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_accept_language_picks_the_language_of_field_errors(
    api: Api, citizen: Caller, lang: str
) -> None:
    draft = dummy_draft()
    del draft["purpose"]
    response = api.post("/notices", citizen, json=draft, headers={"Accept-Language": lang})

    assert response.status_code == 422
    [error] = errors_of(response)
    assert (error["field"], error["code"]) == ("purpose", "required")
    assert error["message"] == field_error_message(FieldError("purpose", "required"), lang)


def test_messages_differ_by_language_and_russian_and_kazakh_are_cyrillic(
    api: Api, citizen: Caller
) -> None:
    draft = dummy_draft(ends_at="2021-05-20T10:00:00+06:00", expected_participants="many")
    messages: dict[str, list[str]] = {}
    for lang in ("kk", "ru", "en"):
        response = api.post("/notices", citizen, json=draft,
                            headers={"Accept-Language": f"{lang};q=0.9, de;q=0.5"})
        assert response.status_code == 422
        messages[lang] = [e["message"] for e in errors_of(response)]
        unauthorized = api.get("/notices", "garbage", headers={"Accept-Language": lang})
        [error] = errors_of(unauthorized)
        assert error["message"] == gettext(REQUEST_ERRORS["unauthorized"], lang)
        messages[lang].append(error["message"])

    assert messages["kk"] != messages["ru"] != messages["en"] != messages["kk"]
    for lang in ("kk", "ru"):
        assert all(CYRILLIC.search(m) for m in messages[lang]), messages[lang]
    assert not any(CYRILLIC.search(m) for m in messages["en"]), messages["en"]
    assert api.post("/notices", citizen, json=draft).get_json() == api.post(
        "/notices", citizen, json=draft, headers={"Accept-Language": "xx, *;q=0.1"}).get_json()


# --- tokens -----------------------------------------------------------------------------

@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Bearer ", "Bearer not-a-token", "Basic dXNlcjpwYXNz",
    "Token abc", "Bearer " + "A" * 5000, "Bearer '; DROP TABLE api_tokens; --",
    "Bearer \u202etoken",
], ids=["missing", "empty", "scheme-only", "blank", "garbage", "basic", "other-scheme",
        "huge", "sql", "rtl"])
def test_a_missing_or_garbage_token_is_401(
    api: Api, citizen: Caller, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    for method, path in [("GET", "/notices"), ("POST", "/notices"),
                         ("DELETE", "/tokens/current")]:
        response = api.request(method, path, json=dummy_draft() if method == "POST" else None,
                               headers=headers)
        assert response.status_code == 401, response.get_data(as_text=True)
        assert codes(response) == {"unauthorized"}
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count_notices(api.session) == 0


def test_an_expired_token_is_401(api: Api, now: Any, citizen: Caller) -> None:
    issued = api.post("/tokens", json={"email": citizen.user.email, "password": PASSWORD})
    expires_at = datetime.fromisoformat(issued.get_json()["expires_at"])
    token = issued.get_json()["token"]

    now((expires_at - timedelta(seconds=1)).isoformat())
    assert api.get("/notices", token).status_code == 200
    now(expires_at.isoformat())
    expired = api.get("/notices", token)

    assert expired.status_code == 401
    assert codes(expired) == {"unauthorized"}
    assert api.post("/notices", token, json=dummy_draft()).status_code == 401
    assert count_notices(api.session) == 0


def test_a_revoked_token_is_401_at_once_and_other_tokens_keep_working(
    api: Api, citizen: Caller
) -> None:
    second = api.refresh(citizen)
    assert api.get("/notices", citizen).status_code == 200

    revoked = api.delete("/tokens/current", citizen)
    assert revoked.status_code == 204
    assert revoked.get_data() == b""

    for method, path in [("GET", "/notices"), ("DELETE", "/tokens/current")]:
        response = api.request(method, path, citizen)
        assert response.status_code == 401
        assert codes(response) == {"unauthorized"}
    assert api.get("/notices", second).status_code == 200


def test_a_deactivated_account_s_token_is_401(api: Api, citizen: Caller) -> None:
    citizen.user.active = False
    api.session.commit()
    assert api.get("/notices", citizen).status_code == 401
    refused = api.post("/tokens", json={"email": citizen.user.email, "password": PASSWORD})
    assert refused.status_code == 401


def test_a_wrong_password_is_401_and_repeated_failures_are_429(
    api: Api, citizen: Caller, app: Flask
) -> None:
    email = citizen.user.email
    limit = ThrottlePolicy().free_failures  # wrong passwords before a wait
    for _ in range(limit):
        wrong = api.post("/tokens", json={"email": email, "password": "wrong password"})
        assert wrong.status_code == 401
        assert codes(wrong) == {"invalid_credentials"}
        assert "token" not in wrong.get_json()

    throttled = api.post("/tokens", json={"email": email.upper(), "password": "wrong"})
    assert throttled.status_code == 429
    assert codes(throttled) == {"rate_limited"}
    # Even the right password waits now; another address is not affected.
    assert api.post("/tokens", json={"email": email, "password": PASSWORD}).status_code == 429
    other = api.sign_in("citizen")
    assert api.get("/notices", other).status_code == 200


def test_many_failures_from_one_address_are_429_and_successes_do_not_count(
    api: Api, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SIGNIN_LIMIT_PER_IP", "4 per 10 minutes")
    citizen = api.sign_in("citizen")
    for _ in range(6):  # successful sign-ins are not attempts to guess
        api.refresh(citizen)
    for i in range(4):
        wrong = api.post("/tokens", json={"email": f"nobody{i}@example.kz", "password": "x"})
        assert wrong.status_code == 401
    throttled = api.post("/tokens", json={"email": "nobody9@example.kz", "password": "x"})
    assert throttled.status_code == 429
    assert codes(throttled) == {"rate_limited"}


@pytest.mark.parametrize("reference", [
    "%00", "ALA-2021-000001%00", "'%3B%20DROP%20TABLE%20notices%3B%20--",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%7B%7B7*7%7D%7D", "x" * 2000, "%E2%80%AEALA",
    "ala-2021-000001", "ALA-1900-000001",
])
def test_odd_references_in_the_path_are_404(api: Api, now: Any, reference: str) -> None:
    now(DURING_REVIEW)
    citizen = api.sign_in("citizen")
    officer = api.sign_in("officer")
    api.file(citizen)
    for caller, method, action, body in [
        (officer, "GET", "", None), (citizen, "GET", "", None),
        (officer, "POST", "/review", None), (officer, "POST", "/decision", {"outcome": "approve"}),
        (citizen, "POST", "/withdrawal", {"statement": "We cancel."}),
        (citizen, "POST", "/proposal-response", {"accept": False}),
    ]:
        response = api.request(method, f"/notices/{reference}{action}", caller, json=body)
        assert response.status_code == 404, response.get_data(as_text=True)
        assert codes(response) == {"not_found"}
    assert count_notices(api.session) == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 129, "tab\there", "nul\u0000"])
def test_an_unusable_idempotency_key_is_422_and_files_nothing(
    api: Api, citizen: Caller, key: str
) -> None:
    response = api.post("/notices", citizen, json=dummy_draft(),
                        headers={"Idempotency-Key": key})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert {(e["field"], e["code"]) for e in errors_of(response)} == {
        ("Idempotency-Key", "invalid")}
    assert count_notices(api.session) == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"occurred_at": "1900-05-13T12:00:00+06:00"}, "occurred_at"),
    ({"occurred_at": "9999-05-13T12:00:00+06:00"}, "occurred_at"),
    ({"occurred_at": "2021-05-14T12:00:00+06:00"}, "occurred_at"),  # after now: the future
    ({"occurred_at": "2021-05-13T12:00:00"}, "occurred_at"),
    ({"estimated_participants": 0}, "estimated_participants"),
    ({"estimated_participants": 10**8}, "estimated_participants"),
    ({"estimated_participants": "40"}, "estimated_participants"),
    ({"place": {"point": {"lat": 91, "lon": 76.9}}}, "place.point.lat"),
    ({"place": {"point": {"lat": 43.2, "lon": -181}}}, "place.point.lon"),
    ({"place": {}}, "place"),
    ({"place": {"site": "nowhere"}}, "place.site"),
    ({"form": "flash-mob"}, "form"),
    ({"category": "riot"}, "category"),
    ({"related_notice": "ALA-2021-999999"}, "related_notice"),
    ({"description": "  "}, "description"),
], ids=["year-1900", "year-9999", "future", "no-offset", "no-one", "too-many", "text-number",
        "lat", "lon", "no-place", "unknown-site", "unknown-form", "unknown-category",
        "unknown-notice", "blank-description"])
def test_an_invalid_unsanctioned_event_is_422_and_logs_nothing(
    api: Api, now: Any, changes: dict[str, Any], field: str
) -> None:
    now("2021-05-14T10:00:00+06:00")
    officer = api.sign_in("officer")
    response = api.post("/unsanctioned-events", officer, json={**UNSANCTIONED, **changes})

    assert response.status_code == 422, response.get_data(as_text=True)
    assert any(e["field"].startswith(field) for e in errors_of(response) if e["field"]), (
        errors_of(response))
    assert api.get("/unsanctioned-events?year=2021", officer).get_json()["items"] == []


@pytest.mark.parametrize(("proposal", "field"), [
    ({"starts_at": "1900-05-20T15:00:00+06:00", "ends_at": "1900-05-20T17:00:00+06:00"},
     "proposal.starts_at"),
    ({"starts_at": "9999-05-20T15:00:00+06:00", "ends_at": "9999-05-20T17:00:00+06:00"},
     "proposal.starts_at"),
    ({"starts_at": "2021-05-20T15:00:00+06:00", "ends_at": "2021-05-20T14:00:00+06:00"},
     "proposal.ends_at"),
    ({"place": {"site": "nowhere"}}, "proposal.place"),
    ({"place": {"site": 5}}, "proposal.place.site"),
    ({"when": "later"}, "proposal.when"),
], ids=["year-1900", "year-9999", "end-before-start", "unknown-site", "wrong-type",
        "unknown-field"])
def test_an_invalid_proposal_is_422_and_changes_nothing(
    api: Api, now: Any, proposal: dict[str, Any], field: str
) -> None:
    now(DURING_REVIEW)
    citizen, officer = api.sign_in("citizen"), api.sign_in("officer")
    reference = api.file(citizen)["reference"]
    before = api.get(f"/notices/{reference}", officer).get_json()

    response = api.post(f"/notices/{reference}/decision", officer,
                        json={"outcome": "propose_change", "proposal": proposal})

    assert response.status_code == 422, response.get_data(as_text=True)
    assert any((e["field"] or "").startswith(field) for e in errors_of(response)), (
        errors_of(response))
    assert api.get(f"/notices/{reference}", officer).get_json() == before


def test_answers_to_token_requests_are_not_stored_and_all_answers_vary_by_language(
    api: Api, citizen: Caller
) -> None:
    listed = api.get("/notices", citizen)
    assert listed.headers["Cache-Control"] == "no-store"
    assert "Accept-Language" in listed.headers["Vary"]
    public = api.get("/places")
    assert "Cache-Control" not in public.headers
    assert "Accept-Language" in public.headers["Vary"]
