"""Declaring an API operation once: its route, who may call it, its schemas and responses.

`@operation(...)` registers a view on the API blueprint and an `Operation` that the
OpenAPI document is generated from (`assembly.web.api.openapi`), so the document and the
validation read the same pydantic models. The view receives a `Call`: the caller, the
validated body (as the JSON it was, unknown keys and wrong types already refused) and
the query, and returns `(payload, status)`.

Order of checks, as API.md says: authentication (401), role (403), then input (400 for
JSON that does not parse, 413 for a body over the limit, 422 for invalid fields).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, Response, current_app, request
from pydantic import BaseModel, ValidationError

from assembly import clock
from assembly.errors import FieldError, InvalidInput
from assembly.i18n import negotiate
from assembly.services.tokens import Caller, token_caller
from assembly.web import database
from assembly.web.api.errors import ApiError, validation_errors
from assembly.web.api.responses import Payload as Payload  # re-exported to the views
from assembly.web.api.responses import json_response


@dataclass(frozen=True)
class Operation:
    """One documented operation of the API."""

    method: str
    path: str  # OpenAPI style, relative to /api/v1: /notices/{reference}
    endpoint: str
    summary: str
    description: str
    tag: str
    roles: tuple[str, ...] | None  # None: anyone, no token needed
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    responses: dict[int, type[BaseModel] | None]  # success statuses
    errors: tuple[int, ...]  # error statuses it may answer besides the common ones


@dataclass
class Call:
    """What a view gets: the caller, the language, the validated input."""

    user: Caller | None  # the account behind the bearer token (None: an open operation)
    lang: str
    body: dict[str, Any] = field(default_factory=dict)
    query: Any = None


OPERATIONS: list[Operation] = []


def language() -> str:
    """The language of messages: Accept-Language (kk, ru or en)."""
    return negotiate(request.headers.get("Accept-Language"))


def _caller(roles: tuple[str, ...] | None) -> Caller | None:
    if roles is None:  # open to anyone: a token sent along is not even looked up
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    found = None
    if scheme.lower() == "bearer" and token.strip():
        # Before the request's transaction: a writing one takes SQLite's lock for its work.
        found = database.read_apart(lambda s: token_caller(s, token.strip(), now=clock.now()))
    if found is None:
        raise ApiError(401, "unauthorized")
    if found.role not in roles:
        raise ApiError(403, "forbidden")
    return found


def _nul_fields(value: Any, path: str = "") -> list[str]:
    """Where a NUL character hides in JSON-like input: text PostgreSQL cannot store."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        found = [path] if any("\x00" in str(k) for k in value) else []
        for key, item in value.items():
            found += _nul_fields(item, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(value, list):
        return [f for i, item in enumerate(value)
                for f in _nul_fields(item, f"{path}.{i}" if path else str(i))]
    return []


def _refuse_nul(value: Any) -> None:
    # A NUL in text is never meaningful here, and PostgreSQL refuses it (a 500 otherwise).
    fields = _nul_fields(value)
    if fields:
        raise InvalidInput([FieldError(f, "invalid_characters") for f in fields])


def _body(model: type[BaseModel]) -> dict[str, Any]:
    if not (request.mimetype == "application/json" or request.mimetype.endswith("+json")):
        raise ApiError(415, "unsupported_media_type")
    raw = request.get_data(cache=False)  # over the limit: 413 (RequestEntityTooLarge)
    if len(raw) > int(current_app.config["API_MAX_BODY_BYTES"]):  # read earlier, unlimited
        raise ApiError(413, "too_large")
    try:
        parsed = model.model_validate_json(raw)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise ApiError(400, "invalid_json") from None
        raise validation_errors(exc) from None
    body = parsed.model_dump(mode="json", exclude_unset=True, by_alias=True)
    if b"\\u0000" in raw or b"\x00" in raw:  # JSON writes a NUL so, or it is not JSON
        _refuse_nul(body)
    return body


def _query(model: type[BaseModel]) -> Any:
    args = request.args.to_dict(flat=True)
    _refuse_nul(args)
    try:
        return model.model_validate(args)
    except ValidationError as exc:
        raise validation_errors(exc) from None


def operation(
    bp: Blueprint,
    method: str,
    path: str,
    *,
    summary: str,
    tag: str,
    roles: Sequence[str] | None = None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    responses: dict[int, type[BaseModel] | None],
    errors: Sequence[int] = (),
    limits: Sequence[Callable[[Any], Any]] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
    """Register `view` on `bp` at `path` ("/notices/{reference}") and document it (its
    transaction is the method's: `assembly.web.database`)."""
    allowed = tuple(roles) if roles is not None else None
    rule = path.replace("{", "<").replace("}", ">")

    def decorator(view: Callable[..., Any]) -> Callable[..., Response]:
        OPERATIONS.append(Operation(
            method=method.upper(), path=path, endpoint=view.__name__, summary=summary,
            description=(view.__doc__ or "").strip(), tag=tag, roles=allowed, body=body,
            query=query, responses=responses, errors=tuple(errors),
        ))

        @wraps(view)
        def handle(**kwargs: Any) -> Response:
            user = _caller(allowed)
            if any("\x00" in str(value) for value in kwargs.values()):
                raise ApiError(404, "not_found")  # no reference holds a NUL
            call = Call(user=user, lang=language())
            if query is not None:
                call.query = _query(query)
            if body is not None:
                call.body = _body(body)
            result = view(call, **kwargs)
            if isinstance(result, Response):  # a file (the letter's PDF), not JSON
                return result
            payload, status = result
            return json_response(payload, status)

        wrapped: Callable[..., Any] = handle
        for extra in reversed(limits):
            wrapped = extra(wrapped)
        # The API's root answers at /api/v1 as well as /api/v1/ (no redirect).
        bp.add_url_rule(rule, view.__name__, wrapped, methods=[method.upper()],
                        strict_slashes=False if rule == "/" else None)
        return wrapped

    return decorator
