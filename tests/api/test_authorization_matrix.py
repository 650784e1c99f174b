"""Who may call what: every endpoint of API.md (and the two extras) for every role, and
whose personal data each answer carries.

The table below is the whole contract of access: anonymous callers get 401 where a token
is needed, a wrong role 403, a citizen asking for another citizen's notice 404 (as for an
unknown reference). Each case starts from a fresh database with one notice of "citizen"
(filed during its review period, its organizer's personal data recognisable) and valid
bodies, so allowed cells answer 2xx. SHOWS_ORGANIZER says which cells carry that
organizer's personal data: the owner's and the officers' (API.md "Notice"); every other
answer is searched for each field and must carry none of them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from assembly.notices.identity import make_iin
from tests.api.conftest import DURING_REVIEW, PASSWORD, Api, Caller, errors_of
from tests.conftest import dummy_draft

ROLES = ("anonymous", "citizen", "other_citizen", "officer", "manager", "admin")
UNKNOWN = "ALA-2021-999999"
ERROR_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found"}

# endpoint: the expected status for each of ROLES, in that order. {own} is a notice of
# "citizen" (so another citizen's for "other_citizen"); {unknown} is no notice at all.
#                                          anon citizen other officer manager admin
MATRIX: dict[str, tuple[int, int, int, int, int, int]] = {
    "POST /tokens":                         (201, 201, 201, 201, 201, 201),
    "DELETE /tokens/current":               (401, 204, 204, 204, 204, 204),
    "POST /precheck":                       (200, 200, 200, 200, 200, 200),
    "POST /notices":                        (401, 201, 201, 403, 403, 403),
    "GET /notices":                         (401, 200, 200, 200, 200, 403),
    "GET /notices/{own}":                   (401, 200, 404, 200, 200, 403),
    "GET /notices/{unknown}":               (401, 404, 404, 404, 404, 403),
    "POST /notices/{own}/review":           (401, 403, 403, 200, 403, 403),
    "POST /notices/{unknown}/review":       (401, 403, 403, 404, 403, 403),
    "POST /notices/{own}/decision":         (401, 403, 403, 200, 403, 403),
    "POST /notices/{unknown}/decision":     (401, 403, 403, 404, 403, 403),
    "POST /notices/{own}/proposal-response": (401, 200, 404, 403, 403, 403),
    "POST /notices/{own}/withdrawal":       (401, 200, 404, 403, 403, 403),
    "POST /notices/{unknown}/withdrawal":   (401, 404, 404, 403, 403, 403),
    "GET /places?on=2021-05-20":            (200, 200, 200, 200, 200, 200),
    "GET /prohibited-zones?on=2021-05-20":  (200, 200, 200, 200, 200, 200),
    "GET /occupancy?from=2021-05-14&to=2021-05-31":
                                            (200, 200, 200, 200, 200, 200),
    "GET /openapi.json":                    (200, 200, 200, 200, 200, 200),
    "POST /unsanctioned-events":            (401, 403, 403, 201, 403, 403),
    "GET /unsanctioned-events?year=2021":   (401, 403, 403, 200, 200, 403),
    "GET /reports/yearly?year=2021":        (401, 403, 403, 403, 200, 403),
    "POST /closures":                       (401, 403, 403, 201, 403, 403),
    "GET /closures?from=2021-05-14&to=2021-05-31":
                                            (200, 200, 200, 200, 200, 200),
}
# The organizer of "citizen"'s notice: values found nowhere else.
ORGANIZER = {
    "kind": "person",
    "full_name": "Бекзатова Шолпан Nurlanqyzy",
    "iin": make_iin(date(1979, 2, 28), "female", 8642),
    "address": "Алматы, мкр. Единственный 9, кв. 91",
    "email": "sholpan.onlyhere@example.kz",
    "phone": "+77053141592",
}
# Which roles' answers carry that organizer's personal data, by endpoint (none elsewhere).
SHOWS_ORGANIZER: dict[str, tuple[str, ...]] = {
    "GET /notices/{own}": ("citizen", "officer"),
    "POST /notices/{own}/review": ("officer",),
    "POST /notices/{own}/decision": ("officer",),
    "POST /notices/{own}/proposal-response": ("citizen",),
    "POST /notices/{own}/withdrawal": ("citizen",),
}
CASES = [(endpoint, role, expected)
         for endpoint, row in MATRIX.items() for role, expected in zip(ROLES, row, strict=True)]

UNSANCTIONED = {
    "occurred_at": "2021-05-13T12:00:00+06:00",
    "place": {"point": {"lat": 43.2383, "lon": 76.9456}, "address": "Abai Ave"},
    "form": "rally",
    "estimated_participants": 40,
    "description": "A gathering without a notice.",
    "source": "patrol report",
}
BODIES: dict[str, Any] = {
    "POST /precheck": dummy_draft(),
    "POST /notices": dummy_draft(starts_at="2021-05-21T11:00:00+06:00",
                                 ends_at="2021-05-21T13:00:00+06:00"),
    "review": None,
    "decision": {"outcome": "approve"},
    "proposal-response": {"accept": True},
    "withdrawal": {"statement": "We cancel the rally."},
    "POST /unsanctioned-events": UNSANCTIONED,
    "POST /closures": {"place": "gandhi-park", "starts_at": "2021-05-24T08:00:00+06:00",
                       "ends_at": "2021-05-28T20:00:00+06:00", "kind": "works",
                       "reason": "Replacing the paving.", "source": "akimat letter No. 12"},
}


def _case_id(case: tuple[str, str, int]) -> str:
    endpoint, role, expected = case
    return f"{endpoint.split('?')[0]}-{role}-{expected}"


def _body(endpoint: str, callers: dict[str, Caller], role: str) -> Any:
    if endpoint == "POST /tokens":  # an anonymous caller signs in as the citizen
        user = callers.get(role, callers["citizen"]).user
        return {"email": user.email, "password": PASSWORD}
    action = endpoint.split("?")[0].rsplit("/", 1)[-1]
    return BODIES.get(endpoint, BODIES.get(action))


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES,
                         ids=[_case_id(c) for c in CASES])
def test_every_endpoint_answers_every_role_as_documented(
    api: Api, now: Any, endpoint: str, role: str, expected: int
) -> None:
    now(DURING_REVIEW)
    callers = {"citizen": api.sign_in("citizen")}
    if role not in ("anonymous", "citizen"):
        callers[role] = api.sign_in("citizen" if role == "other_citizen" else role)
    reference = api.file(callers["citizen"], organizer=ORGANIZER)["reference"]
    if endpoint.endswith("/proposal-response"):
        officer = api.sign_in("officer")
        proposed = api.post(f"/notices/{reference}/decision", officer, json={
            "outcome": "propose_change",
            "proposal": {"starts_at": "2021-05-20T15:00:00+06:00",
                         "ends_at": "2021-05-20T17:00:00+06:00"},
        })
        assert proposed.status_code == 200, proposed.get_data(as_text=True)
    method, path = endpoint.split(" ", 1)

    response = api.request(method, path.format(own=reference, unknown=UNKNOWN),
                           callers.get(role), json=_body(endpoint, callers, role))

    assert response.status_code == expected, response.get_data(as_text=True)
    assert_personal_data(response, shown=role in SHOWS_ORGANIZER.get(endpoint, ()))
    if expected in ERROR_CODES:
        assert [e["code"] for e in errors_of(response)] == [ERROR_CODES[expected]]
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def _forms(value: str) -> list[bytes]:
    """A value as a JSON answer may carry it: raw UTF-8 or with \\u escapes."""
    return [value.encode(), json.dumps(value).strip('"').encode()]


def assert_personal_data(response: Any, *, shown: bool) -> None:
    """Every personal field of ORGANIZER is in the answer when `shown`, else none is."""
    raw = response.get_data()
    for field in ("full_name", "iin", "address", "email", "phone"):
        found = any(form in raw for form in _forms(ORGANIZER[field]))
        assert found == shown, f"{field} {'missing from' if shown else 'leaks from'} the answer"
    if shown:
        assert response.get_json()["organizer"] == ORGANIZER


@pytest.mark.parametrize("role", ["manager", "officer", "citizen"])
def test_a_notice_names_its_organizer_to_its_owner_and_officers_and_null_to_a_manager(
    api: Api, now: Any, role: str
) -> None:
    owner = api.sign_in("citizen")
    reference = api.file(owner, organizer=ORGANIZER)["reference"]
    caller = owner if role == "citizen" else api.sign_in(role)

    body = api.get(f"/notices/{reference}", caller).get_json()

    assert body["reference"] == reference and body["purpose"]
    assert body["organizer"] == (None if role == "manager" else ORGANIZER)
