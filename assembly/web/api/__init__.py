"""The JSON API v1 (API.md): bearer tokens, JSON in and out, errors as JSON.

Operations are declared with `assembly.web.api.endpoint.operation` in the modules below;
`GET /api/v1/openapi.json` is generated from the same declarations and schemas.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Blueprint, Response, current_app, request
from flask.blueprints import BlueprintSetupState

from assembly.web.api.errors import init_blueprint
from assembly.web.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, no cookies: nothing for a cross-site form to ride on
init_blueprint(bp)

MODULES = ("tokens", "public", "notices", "registers", "openapi")


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

from assembly.web.api.endpoint import OPERATIONS  # noqa: E402 (declared by the modules)

# The API's operations declared with limits (the token endpoint); the others skip the
# limiter's per-request lookup of which limits apply (none do: there are no defaults).
LIMITED = frozenset(f"{bp.name}.{op.endpoint}" for op in OPERATIONS if op.rate_limited)


@limiter.request_filter
def _unlimited_operation() -> bool:
    return request.blueprint == bp.name and request.endpoint not in LIMITED


@bp.record_once
def _skip_limiter_middleware(state: BlueprintSetupState) -> None:
    """Flask-Limiter's before-request check applies application-wide, default and
    blueprint limits; we declare none (only limits on views, which their decorators
    check). Its hooks are skipped outright for the API operations without limits (the
    request filter above would end the check too, after looking up what applies; the
    after-request hook then adds no header and the teardown has nothing to reset)."""
    app = state.app
    for hooks in (app.before_request_funcs.setdefault(None, []),
                  app.after_request_funcs.setdefault(None, []),
                  app.teardown_request_funcs.setdefault(None, [])):
        for i, hook in enumerate(hooks):
            if _limiters(hook):
                hooks[i] = _unless_unlimited(hook)


def _limiters(hook: Any) -> bool:
    """Whether `hook` is one of the limiter's (a bound method, or a partial of one)."""
    if isinstance(hook, partial):
        return any(arg is limiter for arg in hook.args)
    return getattr(hook, "__self__", None) is limiter


def _unless_unlimited(hook: Callable[..., Any]) -> Callable[..., Any]:
    def limiter_hook(*args: Any) -> Any:
        if _unlimited_operation():
            return args[0] if args and isinstance(args[0], Response) else None
        return hook(*args)

    return limiter_hook
