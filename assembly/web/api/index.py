"""GET /api/v1: the API's root, linking to its OpenAPI document and its main resources."""

from __future__ import annotations

from flask import url_for

from assembly import __version__
from assembly.web.api import bp
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.schemas import IndexOut

# The main resources, by the endpoint that serves each (the documented GET or POST).
RESOURCES = {
    "tokens": "api.create_token",
    "precheck": "api.precheck",
    "notices": "api.file",
    "places": "api.places",
    "prohibited_zones": "api.prohibited_zones",
    "occupancy": "api.occupancy",
    "closures": "api.list_closures",
    "unsanctioned_events": "api.list_unsanctioned",
    "reports_yearly": "api.report",
}


@operation(bp, "GET", "/", summary="The API's root: links to its document and resources",
           tag="public", responses={200: IndexOut})
def index(call: Call) -> tuple[Payload, int]:
    """Where the OpenAPI document and the main resources are (paths on this server)."""
    return {
        "name": "assembly: notices of peaceful assemblies (Law No. 333-VI)",
        "version": __version__,
        "openapi": url_for("api.openapi"),
        "links": {name: url_for(endpoint) for name, endpoint in RESOURCES.items()},
    }, 200
