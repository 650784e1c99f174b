"""What the API's operations and its error handlers both answer with: a JSON response."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app

Payload = dict[str, Any] | None


def json_response(payload: Payload, status: int) -> Response:
    """A JSON response (UTF-8, not ASCII-escaped); None: an empty body."""
    if payload is None:
        return current_app.response_class(status=status)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return current_app.response_class(body, status=status, mimetype="application/json")
