"""GET /openapi.json: the OpenAPI 3.1 document, generated with apispec from the operations
declared with `endpoint.operation` and the pydantic models that validate them."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from assembly import __version__
from assembly.services.law import default_law
from assembly.web.api import bp
from assembly.web.api.endpoint import OPERATIONS, Call, Operation, Payload, operation
from assembly.web.api.schemas import ErrorResponse

REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "The body is not valid JSON",
    401: "No valid bearer token",
    403: "The caller's role may not do this",
    404: "Unknown reference, or another citizen's notice",
    405: "Method not allowed",
    409: "The notice's state does not allow this, or a concurrent change won",
    413: "The body is over the size limit",
    415: "The body is not JSON",
    422: "Invalid input: field-level errors",
    429: "Too many attempts",
}
DESCRIPTION = """The public contract of the Almaty akimat's service for notices of peaceful
assemblies (Law of 25 May 2020 No. 333-VI). JSON in and out, UTF-8; times are ISO 8601 with
an offset, local dates YYYY-MM-DD. Errors are `{"errors": [{"field", "code", "message"}]}`;
`Accept-Language: kk | ru | en` picks the language of messages."""


def _models() -> list[type[BaseModel]]:
    models: list[type[BaseModel]] = [ErrorResponse]
    for op in OPERATIONS:
        models += [m for m in (op.body, *op.responses.values()) if m is not None]
    return list(dict.fromkeys(models))


def _schemas() -> dict[str, Any]:
    pairs = [(m, "validation" if m.__name__.endswith(("In", "Request")) else "serialization")
             for m in _models()]
    _, top = models_json_schema(pairs, ref_template=REF)  # type: ignore[arg-type]
    return _with_rule_ids(top.get("$defs", {}))


def _parameters(op: Operation) -> list[dict[str, Any]]:
    params = [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "string", "pattern": r"^[A-Z]{3}-\d{4}-\d{6}$"}}
        for name in ("reference",) if "{reference}" in op.path
    ]
    if "{id}" in op.path:  # a decision's random check id (its letter's QR code)
        params.append({"name": "id", "in": "path", "required": True,
                       "schema": {"type": "string", "maxLength": 64}})
    if op.path == "/notices" and op.method == "POST":
        params.append({"name": "Idempotency-Key", "in": "header", "required": False,
                       "schema": {"type": "string", "minLength": 1, "maxLength": 128},
                       "description": "Repeating a filing with the same key returns the "
                                      "same notice"})
    if op.query is not None:
        schema = op.query.model_json_schema(ref_template=REF, by_alias=True)
        required = set(schema.get("required", ()))
        for name, prop in schema.get("properties", {}).items():
            prop = _not_null(dict(prop))
            description = prop.pop("description", None)
            prop.pop("title", None)
            param = {"name": name, "in": "query", "required": name in required, "schema": prop}
            if description:
                param["description"] = description
            params.append(param)
    return params


def _not_null(prop: dict[str, Any]) -> dict[str, Any]:
    # A query parameter is text or absent, never JSON null: keep the non-null branch.
    if prop.get("default", ...) is None:
        del prop["default"]
    branches = [b for b in prop.pop("anyOf", ()) if b.get("type") != "null"]
    if len(branches) == 1:
        prop.update(branches[0])
    elif branches:
        prop["anyOf"] = branches
    return prop


def _with_rule_ids(schemas: dict[str, Any]) -> dict[str, Any]:
    """Name the forms and places of every version of the rules (data, not code) as enums."""
    rulebook = default_law().rulebook
    sites = sorted(p for p in rulebook.known_places if rulebook.place_kind(p) == "site")
    routes = sorted(p for p in rulebook.known_places if rulebook.place_kind(p) == "route")
    enums = {("DraftIn", "form"): sorted(rulebook.known_forms),
             ("PrecheckIn", "form"): sorted(rulebook.known_forms),
             ("PlaceIn", "site"): sites, ("PlaceIn", "route"): routes}
    for (model, name), values in enums.items():
        prop = schemas.get(model, {}).get("properties", {}).get(name)
        if prop is None:
            continue
        target = next((b for b in prop.get("anyOf", ()) if b.get("type") == "string"), prop)
        target["enum"] = values
    return schemas


def _content(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}}


def _responses(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status, model in op.responses.items():
        entry: dict[str, Any] = {"description": op.summary}
        if model is not None:
            entry["content"] = _content(model)
        elif op.path.endswith(".pdf"):
            entry["content"] = {"application/pdf": {"schema": {"type": "string",
                                                               "format": "binary"}}}
        out[str(status)] = entry
    errors = set(op.errors)
    if op.roles is not None:
        errors |= {401, 403}
    if op.body is not None:
        errors |= {400, 413, 415, 422}
    if op.query is not None:
        errors |= {422}
    for status in sorted(errors):
        out[str(status)] = {"description": ERROR_TEXT[status], "content": _content(ErrorResponse)}
    return out


def _operation(op: Operation) -> dict[str, Any]:
    who = "anyone" if op.roles is None else ", ".join(op.roles)
    doc: dict[str, Any] = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "description": f"{op.description}\n\nWho: {who}.".strip(),
        "tags": [op.tag],
        "parameters": _parameters(op),
        "responses": _responses(op),
    }
    if op.body is not None:
        doc["requestBody"] = {"required": True, "content": _content(op.body)}
    doc["security"] = [] if op.roles is None else [{"bearerAuth": []}]
    return doc


@cache
def document() -> dict[str, Any]:
    """The OpenAPI document of every declared operation."""
    spec = APISpec(
        title="assembly: notices of peaceful assemblies", version=__version__,
        openapi_version="3.1.0",
        info={"description": DESCRIPTION, "license": {"name": "MIT", "identifier": "MIT"}},
        servers=[{"url": "/api/v1"}],
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for name, schema in sorted(_schemas().items()):
        spec.components.schema(name, schema)
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@operation(bp, "GET", "/openapi.json", summary="This API's OpenAPI 3 document", tag="public",
           responses={200: None})
def openapi(call: Call) -> tuple[Payload, int]:
    """The OpenAPI 3.1 document of this API, generated from the schemas that validate it."""
    return document(), 200
