"""Who may call what: every endpoint of API.md (and the two extras) for every role.

The table below is the whole contract of access: anonymous callers get 401 where a token
is needed, a wrong role 403, a citizen asking for another citizen's notice 404 (as for an
unknown reference). Each case starts from a fresh database with one notice of "citizen"
(filed during its review period) and valid bodies, so allowed cells answer 2xx.
"""

from __future__ import annotations

from typing import Any

import pytest

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
    reference = api.file(callers["citizen"])["reference"]
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
    if expected in ERROR_CODES:
        assert [e["code"] for e in errors_of(response)] == [ERROR_CODES[expected]]
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
