"""The API's errors: one JSON shape for every 4xx and 5xx (API.md "Errors").

`{"errors": [{"field": "starts_at", "code": "required", "message": "…"}]}`; `field` is
null when the error is about the whole request. Messages follow Accept-Language.
pydantic's error types are mapped to the same codes the services use, so a wrong type
reads the same whether the schema or a service found it.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, request
from pydantic import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from assembly.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    PlaceTaken,
    TransitionNotAllowed,
)
from assembly.i18n import (
    FIELD_ERROR_MESSAGES,
    N_,
    TYPE_NAMES,
    field_error_message,
    gettext,
    negotiate,
)
from assembly.web.api.responses import json_response

log = logging.getLogger(__name__)

PREFIX = "/api/"

# Errors about the request as a whole: code -> message.
REQUEST_ERRORS: dict[str, str] = {
    "bad_request": N_("The request could not be understood."),
    "invalid_json": N_("The body is not valid JSON."),
    "unsupported_media_type": N_("Send the body as JSON (Content-Type: application/json)."),
    "too_large": N_("The body is larger than this API accepts."),
    "unauthorized": N_("Sign in first: send a valid bearer token (POST /api/v1/tokens)."),
    "invalid_credentials": N_("The e-mail address or the password is wrong."),
    "forbidden": N_("Your role may not do this."),
    "not_found": N_("Not found."),
    "no_decision": N_("No decision exists yet on this notice: there is no letter to show."),
    "not_genuine": N_("No decision has this check number: the letter that names it is not "
                      "genuine."),
    "method_not_allowed": N_("This method is not allowed here."),
    "not_allowed_in_state": N_("The notice's current state does not allow this."),
    "conflict": N_("The notice was changed in the meantime: reload it and try again."),
    "rate_limited": N_("Too many attempts: wait a few minutes and try again."),
    "server_error": N_("An unexpected error occurred on our side. Please try again later."),
}
# Field error codes only the API's schemas produce (the services' are in assembly.i18n).
FIELD_ERROR_MESSAGES.update({
    "too_small": N_("Too small: at least %(min)s."),
    "too_large": N_("Too large: at most %(max)s."),
    "too_many": N_("Too many items: at most %(max)s."),
    "invalid_iso_date": N_("Enter a date as YYYY-MM-DD, e.g. 2021-05-20."),
})
TYPE_NAMES.setdefault("array", N_("a list"))
HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large",
    415: "unsupported_media_type", 429: "rate_limited",
}

# pydantic error type -> (our code, parameters taken from its context)
PYDANTIC_CODES: dict[str, tuple[str, dict[str, str]]] = {
    "missing": ("required", {}),
    "extra_forbidden": ("unknown_field", {}),
    "string_type": ("invalid_type", {}),
    "int_type": ("invalid_type", {}),
    "int_from_float": ("invalid_type", {}),
    "float_type": ("invalid_type", {}),
    "bool_type": ("invalid_type", {}),
    "model_type": ("invalid_type", {}),
    "model_attributes_type": ("invalid_type", {}),
    "dict_type": ("invalid_type", {}),
    "list_type": ("invalid_type", {}),
    "int_parsing": ("invalid_type", {}),
    "float_parsing": ("invalid_type", {}),
    "bool_parsing": ("invalid_type", {}),
    "date_parsing": ("invalid_iso_date", {}),
    "date_type": ("invalid_iso_date", {}),
    "date_from_datetime_parsing": ("invalid_iso_date", {}),
    "date_from_datetime_inexact": ("invalid_iso_date", {}),
    "string_too_long": ("too_long", {"max_length": "max"}),
    "string_too_short": ("required", {}),
    "too_long": ("too_many", {"max_length": "max"}),
    "greater_than_equal": ("too_small", {"ge": "min"}),
    "greater_than": ("too_small", {"gt": "min"}),
    "less_than_equal": ("too_large", {"le": "max"}),
    "less_than": ("too_large", {"lt": "max"}),
    "finite_number": ("invalid", {}),
    "literal_error": ("invalid_choice", {"expected": "choices"}),
    "string_pattern_mismatch": ("format", {}),
    "string_unicode": ("invalid_characters", {}),
}
# The JSON type a field expected, by pydantic error type.
EXPECTED = {
    "string_type": "string", "int_type": "integer", "int_from_float": "integer",
    "int_parsing": "integer", "float_type": "number", "float_parsing": "number",
    "bool_type": "boolean", "bool_parsing": "boolean", "model_type": "object",
    "model_attributes_type": "object", "dict_type": "object", "list_type": "array",
}


class ApiError(Exception):
    """An error about the whole request, with its HTTP status."""

    def __init__(self, status: int, code: str, headers: dict[str, str] | None = None):
        super().__init__(code)
        self.status = status
        self.code = code
        self.headers = headers or {}


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def to_field_error(error: Any) -> FieldError:
    """One pydantic error as the services would have reported it."""
    kind = error["type"]
    code, keys = PYDANTIC_CODES.get(kind, ("invalid", {}))
    context = error.get("ctx") or {}
    params: dict[str, Any] = {ours: context[theirs] for theirs, ours in keys.items()
                              if theirs in context}
    if kind in EXPECTED:
        params["expected"] = EXPECTED[kind]
    if "choices" in params:
        params["choices"] = str(params["choices"]).replace("'", "")
    return FieldError(_field(error["loc"]), code, params)


def validation_errors(exc: ValidationError) -> InvalidInput:
    """A pydantic ValidationError as the services' InvalidInput (HTTP 422)."""
    return InvalidInput([to_field_error(e) for e in exc.errors(include_url=False)])


def is_api_request() -> bool:
    """True for a request to the JSON API (its errors are JSON, not pages)."""
    return request.path.startswith(PREFIX)


def error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"errors": errors}


def request_error(status: int, code: str, headers: dict[str, str] | None = None) -> Response:
    """An error about the whole request, in the caller's language."""
    lang = negotiate(request.headers.get("Accept-Language"))
    message = gettext(REQUEST_ERRORS.get(code, REQUEST_ERRORS["bad_request"]), lang)
    response = json_response(error_body([{"field": None, "code": code, "message": message}]),
                             status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="assembly"'
    response.headers.update(headers or {})
    return response


def invalid_input(exc: InvalidInput) -> Response:
    """422 with every field error, in the caller's language."""
    lang = negotiate(request.headers.get("Accept-Language"))
    errors = [{"field": e.field or None, "code": e.code, "message": field_error_message(e, lang)}
              for e in exc.errors]
    return json_response(error_body(errors), 422)


def place_taken(exc: PlaceTaken) -> Response:
    """409: the place is held at that time by an assembly that may go ahead; the message
    says since and until when, never by which notice."""
    lang = negotiate(request.headers.get("Accept-Language"))
    message = field_error_message(FieldError("", "place_taken", exc.params), lang)
    return json_response(error_body([{"field": None, "code": "place_taken",
                                      "message": message}]), 409)


def http_error(exc: HTTPException) -> Response:
    """A werkzeug HTTP error (404 route, 405, 413, 429...) as JSON, keeping its headers."""
    status = exc.code or 500
    if status >= 500:
        return server_error(exc)
    headers = {k: v for k, v in exc.get_headers() if k.lower() not in ("content-type",
                                                                         "content-length")}
    return request_error(status, HTTP_CODES.get(status, "bad_request"), headers)


def server_error(exc: BaseException) -> Response:
    original = getattr(exc, "original_exception", None) or exc
    log.error("unhandled error in the API", exc_info=original)
    return request_error(500, "server_error")


def init_blueprint(bp: Any) -> None:
    """The API's handlers: every error, raised in an API view, answers in JSON."""
    bp.register_error_handler(ApiError, lambda e: request_error(e.status, e.code, e.headers))
    bp.register_error_handler(InvalidInput, invalid_input)
    bp.register_error_handler(NotFound, lambda _e: request_error(404, "not_found"))
    bp.register_error_handler(Forbidden, lambda _e: request_error(403, "forbidden"))
    bp.register_error_handler(TransitionNotAllowed,
                              lambda _e: request_error(409, "not_allowed_in_state"))
    for conflict in (Conflict, StaleDataError):
        bp.register_error_handler(conflict, lambda _e: request_error(409, "conflict"))
    bp.register_error_handler(PlaceTaken, place_taken)
    bp.register_error_handler(HTTPException, http_error)
