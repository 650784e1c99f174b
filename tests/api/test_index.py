"""GET /api/v1 answers with links to the OpenAPI document and the main resources."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api


@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/"])
def test_the_api_root_links_to_its_document_and_main_resources(api: Api, path: str) -> None:
    response = api.client.get(path)
    assert response.status_code == 200
    body = response.get_json()
    assert body["openapi"] == "/api/v1/openapi.json"
    assert body["links"]["notices"] == "/api/v1/notices"
    assert body["links"]["occupancy"] == "/api/v1/occupancy"
    assert body["links"]["reports_yearly"] == "/api/v1/reports/yearly"


def test_every_link_of_the_api_root_is_a_documented_path(api: Api) -> None:
    body = api.client.get("/api/v1").get_json()
    documented = api.get("/openapi.json").get_json()["paths"]
    assert "/" in documented
    for link in [body["openapi"], *body["links"].values()]:
        assert link.removeprefix("/api/v1") in documented, link
    assert api.client.get(body["openapi"]).status_code == 200


def test_the_api_root_takes_no_other_method(api: Api) -> None:
    assert api.client.post("/api/v1/", json={}).status_code == 405
    assert api.client.post("/api/v1", json={}).status_code in (404, 405)  # never a 200
