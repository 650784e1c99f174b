"""GET /api/v1/openapi.json: a valid OpenAPI document that describes every route of the
API, the errors each operation may answer, and the bodies the API really sends.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate

from tests.api.conftest import DURING_REVIEW, PASSWORD, Api
from tests.conftest import dummy_draft

METHODS = {"get", "post", "put", "patch", "delete"}
CONVERTER = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")


@pytest.fixture
def document(api: Api) -> dict[str, Any]:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in document["paths"].items()
            for method, op in item.items() if method in METHODS]


def test_the_document_is_a_valid_openapi_3_document(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    validate(document)


def test_every_route_of_the_api_is_documented_with_its_methods(
    app: Flask, document: dict[str, Any]
) -> None:
    routes = {
        (CONVERTER.sub(r"{\1}", rule.rule.removeprefix("/api/v1")), method.lower())
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1")
        for method in rule.methods or () if method.lower() in METHODS
    }
    documented = {(path, method) for path, method, _ in _operations(document)}

    assert len(routes) >= 16
    assert routes - documented == set()
    assert documented - routes == set()  # and nothing that does not exist
    for expected in [("/tokens/current", "delete"), ("/notices/{reference}/review", "post")]:
        assert expected in documented


def test_every_operation_documents_the_errors_it_may_answer(document: dict[str, Any]) -> None:
    error_ref = "#/components/schemas/ErrorResponse"
    for path, method, op in _operations(document):
        where = f"{method.upper()} {path}"
        responses = op["responses"]
        needs_token = bool(op.get("security"))
        if needs_token:
            assert {"401", "403"} <= set(responses), where
        if "requestBody" in op:
            assert {"400", "413", "415", "422"} <= set(responses), where
            assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        if any(p["in"] == "query" for p in op.get("parameters", ())):
            assert "422" in responses, where
        if "{reference}" in path:
            assert "404" in responses, where
        if (path.startswith("/notices/{reference}/") and method == "post"
                and not path.endswith("/document")):  # changes state (a document to sign does not)
            assert "409" in responses, where
        assert any(code.startswith("2") for code in responses), where
        for code, response in responses.items():
            if code.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": error_ref}, (where, code)


def test_the_documented_success_statuses_are_those_the_api_answers(
    document: dict[str, Any]
) -> None:
    success = {(path, method): sorted(c for c in op["responses"] if c.startswith("2"))
               for path, method, op in _operations(document)}
    assert success[("/tokens", "post")] == ["201"]
    assert success[("/tokens/current", "delete")] == ["204"]
    assert success[("/notices", "post")] == ["200", "201"]
    assert success[("/unsanctioned-events", "post")] == ["201"]
    assert success[("/notices/{reference}/decision", "post")] == ["200"]
    public = {(path, method) for path, method, op in _operations(document)
              if op.get("security") == []}
    assert public == {("/tokens", "post"), ("/precheck", "post"), ("/places", "get"),
                      ("/prohibited-zones", "get"), ("/occupancy", "get"),
                      ("/closures", "get"), ("/openapi.json", "get"), ("/", "get"),
                      ("/verify/{id}", "get")}
    assert success[("/closures", "post")] == ["201"]


def _check(document: dict[str, Any], response: Any, path: str, method: str) -> None:
    """The response's body matches the schema the document gives for its status."""
    op = document["paths"][path][method]
    documented = op["responses"].get(str(response.status_code))
    assert documented is not None, (path, method, response.status_code)
    content = documented.get("content")
    if content is None:
        return
    schema = {**content["application/json"]["schema"], "components": document["components"]}
    OAS31Validator(schema, format_checker=oas31_format_checker).validate(response.get_json())


def test_the_api_s_answers_match_the_documented_schemas(
    api: Api, now: Any, document: dict[str, Any]
) -> None:
    now(DURING_REVIEW)
    citizen, officer, manager = (api.sign_in(r) for r in ("citizen", "officer", "manager"))
    token = api.post("/tokens", json={"email": citizen.user.email, "password": PASSWORD})
    _check(document, token, "/tokens", "post")
    filed = api.post("/notices", citizen, json=dummy_draft())
    _check(document, filed, "/notices", "post")
    ref = filed.get_json()["reference"]
    proposal = {"outcome": "propose_change",
                "proposal": {"starts_at": "2021-05-20T15:00:00+06:00",
                             "ends_at": "2021-05-20T17:00:00+06:00"}}
    calls = [
        (officer, "GET", "/notices/{reference}", None, 200),
        (officer, "POST", "/notices/{reference}/review", None, 200),
        (officer, "POST", "/notices/{reference}/decision", proposal, 200),
        (citizen, "POST", "/notices/{reference}/proposal-response", {"accept": True}, 200),
        (citizen, "POST", "/notices/{reference}/withdrawal", {"statement": "We cancel."}, 200),
        (citizen, "POST", "/notices/{reference}/withdrawal", {"statement": "Again."}, 409),
        (officer, "POST", "/notices/{reference}/decision", {"outcome": "approve"}, 409),
        (officer, "POST", "/notices/{reference}/decision", {"outcome": 1}, 422),
        (officer, "POST", "/notices/ALA-2021-999999/review", None, 404),
        (manager, "GET", "/notices", None, 200),
        (None, "POST", "/precheck", dummy_draft(), 200),
        (None, "POST", "/precheck", {"form": "rally"}, 422),
        (None, "GET", "/places", None, 200),
        (None, "GET", "/prohibited-zones", None, 200),
        (None, "GET", "/occupancy", None, 200),
        (officer, "POST", "/unsanctioned-events", {
            "occurred_at": "2021-05-13T12:00:00+06:00", "form": "rally",
            "place": {"point": {"lat": 43.2383, "lon": 76.9456}},
            "estimated_participants": 40, "description": "No notice.", "source": "patrol",
            "related_notice": ref}, 201),
        (officer, "GET", "/unsanctioned-events", None, 200),
        (manager, "GET", "/reports/yearly?year=2021", None, 200),
        (officer, "POST", "/closures", {
            "place": "sary-arka-square", "starts_at": "2021-05-24T08:00:00+06:00",
            "ends_at": "2021-05-25T20:00:00+06:00", "reason": "Paving.", "source": "letter"},
         201),
        (officer, "POST", "/closures", {"place": "nowhere"}, 422),
        (None, "GET", "/closures?from=2021-05-20&to=2021-05-31", None, 200),
        (manager, "POST", "/notices", dummy_draft(), 403),
        (None, "GET", "/notices", None, 401),
        (citizen, "DELETE", "/tokens/current", None, 204),
    ]
    for caller, method, path, body, expected in calls:
        response = api.request(method, path.format(reference=ref), caller, json=body)
        assert response.status_code == expected, (path, response.get_data(as_text=True))
        documented = "/notices/{reference}/review" if "999999" in path else path.split("?")[0]
        _check(document, response, documented, method.lower())
