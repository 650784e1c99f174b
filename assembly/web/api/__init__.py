"""The JSON API v1 (API.md): bearer tokens, JSON in and out, errors as JSON.

Operations are declared with `assembly.web.api.endpoint.operation` in the modules below;
`GET /api/v1/openapi.json` is generated from the same declarations and schemas.
"""

from __future__ import annotations

import importlib

from flask import Blueprint, Response, current_app, request

from assembly.web.api.errors import init_blueprint
from assembly.web.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, no cookies: nothing for a cross-site form to ride on
# No application-wide, default or meta limit applies to the API: only the limits an
# operation declares (`operation(limits=...)`: the token endpoint's wrong passwords).
limiter.exempt(bp)
init_blueprint(bp)

MODULES = ("index", "tokens", "public", "notices", "registers", "closures", "letters",
           "openapi")


@bp.before_request
def _limit_body() -> None:
    request.max_content_length = int(current_app.config["API_MAX_BODY_BYTES"])


@bp.after_request
def _no_store(response: Response) -> Response:
    if "Authorization" in request.headers:
        response.headers["Cache-Control"] = "no-store"
    if "Vary" in response.headers:
        response.vary.add("Accept-Language")
    else:  # the usual case, without parsing a header set
        response.headers["Vary"] = "Accept-Language"
    return response


for _name in MODULES:
    importlib.import_module(f"{__name__}.{_name}")
